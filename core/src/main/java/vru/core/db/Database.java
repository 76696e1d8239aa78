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
    Database db;
    if (settings.url().isPresent()) {
      String url = settings.url().get();
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new VruException(
            ErrorCode.CONFIG_INVALID,
            "the database URL '"
                + url
                + "' (VRU_DB_URL or --db) is not a PostgreSQL JDBC URL: write it as"
                + " jdbc:postgresql://HOST:PORT/DATABASE, or leave it unset to use the managed"
                + " local server");
      }
      db = new Database(url, settings.user(), settings.password());
    } else {
      ManagedPostgres.Credentials c = ManagedPostgres.ensureRunning(settings);
      db = new Database(c.url(), c.user(), c.password());
    }
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

  /**
   * Seconds to wait for a server to accept and answer a new connection ({@code
   * VRU_DB_CONNECT_TIMEOUT}, default 15): a server that accepts and never answers is an error, not
   * a hang.
   */
  static final int CONNECT_TIMEOUT_S =
      Integer.parseInt(System.getenv().getOrDefault("VRU_DB_CONNECT_TIMEOUT", "15"));

  /** Seconds an established connection may wait for one answer (the longest query is far less). */
  static final int SOCKET_TIMEOUT_S = 1800;

  /** A new connection with {@code search_path} set to the platform's schema. */
  public Connection connect() throws SQLException {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_S));
    p.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_S));
    p.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_S));
    Connection c = DriverManager.getConnection(url, p);
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
