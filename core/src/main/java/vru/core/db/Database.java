package vru.core.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * The platform's PostgreSQL: the system of record for areas, job runs, source files and published
 * results. Tables live in the {@code vru} schema, managed by Flyway migrations in {@code
 * db/migration}.
 */
public final class Database {
  /** The schema holding every table of the platform. */
  public static final String SCHEMA = "vru";

  private final String url;
  private final String user;
  private final String password;

  private Database(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /**
   * Connects to the configured server, starting the managed one when no URL is set, and checks that
   * it answers. Does not migrate; call {@link #migrate()}.
   *
   * @throws VruException {@link ErrorCode#DATABASE_UNAVAILABLE} when the server cannot be reached
   */
  public static Database open(DatabaseSettings settings) {
    Database db =
        settings.url().isPresent()
            ? new Database(settings.url().get(), settings.user(), settings.password())
            : new Database(ManagedPostgres.ensureRunning(settings), "postgres", "");
    try (Connection c = db.connect()) {
      return db;
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "cannot connect to PostgreSQL at "
              + db.url
              + ": "
              + e.getMessage()
              + ". Check VRU_DB_URL, VRU_DB_USER and VRU_DB_PASSWORD, or unset VRU_DB_URL to use"
              + " the managed local server.",
          e);
    }
  }

  /** Opens the database and brings its schema up to date. */
  public static Database openMigrated(DatabaseSettings settings) {
    Database db = open(settings);
    db.migrate();
    return db;
  }

  /** A new connection with {@code search_path} set to the platform's schema. */
  public Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url, user, password);
    try (var s = c.createStatement()) {
      s.execute("set search_path to " + SCHEMA + ", public");
    }
    return c;
  }

  /** Applies pending migrations; returns Flyway's record of what ran. */
  public MigrateResult migrate() {
    try {
      return flyway().migrate();
    } catch (FlywayException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE, "database migration failed: " + e.getMessage(), e);
    }
  }

  /** Flyway configured for this database, for status queries. */
  public Flyway flyway() {
    return Flyway.configure()
        .dataSource(url, user, password)
        .schemas(SCHEMA)
        .createSchemas(true)
        .locations("classpath:db/migration")
        .loggers("slf4j")
        .load();
  }

  /** The JDBC URL, without credentials. */
  public String url() {
    return url;
  }
}
