package vru.core.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Real PostgreSQL for tests: the same managed server the platform uses (or {@code VRU_DB_URL}'s
 * server), with one freshly created database per test class.
 */
public final class TestDatabase {
  private TestDatabase() {}

  /** Settings for the managed server (tests never use an in-memory stand-in). */
  public static DatabaseSettings settings(String name) {
    return DatabaseSettings.fromEnvironment(Optional.empty()).withDatabase("vru_test_" + name);
  }

  /** Drops and recreates {@code vru_test_NAME}, migrates it and returns it. */
  public static Database fresh(String name) {
    DatabaseSettings settings = settings(name);
    if (settings.url().isPresent()) {
      Database db = Database.open(settings);
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        s.execute("drop schema if exists " + Database.SCHEMA + " cascade");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      db.migrate();
      return db;
    }
    ManagedPostgres.Credentials su = ManagedPostgres.superuser(settings);
    try (Connection c = DriverManager.getConnection(su.url(), su.user(), su.password());
        Statement s = c.createStatement()) {
      s.execute("drop database if exists " + settings.database() + " with (force)");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return Database.openMigrated(settings);
  }
}
