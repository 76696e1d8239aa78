package vru.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import vru.core.db.Database;
import vru.core.db.DatabaseSettings;

/** {@code --db}: which PostgreSQL to use (else VRU_DB_URL, else the managed local server). */
final class DatabaseOptions {
  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description =
          "PostgreSQL to use, e.g. jdbc:postgresql://host/vru (user and password from VRU_DB_USER"
              + " and VRU_DB_PASSWORD). Default: VRU_DB_URL, else a local server the platform"
              + " starts itself.")
  String url;

  DatabaseSettings settings() {
    return DatabaseSettings.fromEnvironment(Optional.ofNullable(url));
  }

  Database open() {
    return Database.openMigrated(settings());
  }

  /** Where the pseudonymisation key is kept when VRU_PSEUDONYMISATION_KEY is unset. */
  Path keyFile() {
    return settings().stateDir().resolve("pseudonymisation.key");
  }
}
