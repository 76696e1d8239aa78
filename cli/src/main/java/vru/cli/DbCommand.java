package vru.cli;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import vru.core.db.Database;

/** vru db: the platform's PostgreSQL. */
@Command(
    name = "db",
    description = "The platform's PostgreSQL.",
    subcommands = {DbCommand.Migrate.class, DbCommand.Status.class, DbCommand.Url.class})
final class DbCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "migrate", description = "Apply pending schema migrations.")
  static final class Migrate implements Runnable {
    @Mixin DatabaseOptions database;

    @Override
    public void run() {
      Database db = Database.open(database.settings());
      MigrateResult r = db.migrate();
      Console.out(
          "%s: %d migration(s) applied, schema version %s",
          db.url(),
          r.migrationsExecuted,
          r.targetSchemaVersion == null
              ? db.flyway().info().current().getVersion()
              : r.targetSchemaVersion);
    }
  }

  @Command(name = "status", description = "Connection and schema version.")
  static final class Status implements Runnable {
    @Mixin DatabaseOptions database;

    @Override
    public void run() {
      Database db = Database.open(database.settings());
      Console.out("database: %s (reachable)", db.url());
      for (MigrationInfo m : db.flyway().info().all()) {
        Console.out(
            "  %-4s %-30s %s", m.getVersion(), m.getDescription(), m.getState().getDisplayName());
      }
    }
  }

  @Command(name = "url", description = "Print the JDBC URL (starts the managed server if needed).")
  static final class Url implements Runnable {
    @Mixin DatabaseOptions database;

    @Override
    public void run() {
      System.out.println(Database.open(database.settings()).url());
    }
  }
}
