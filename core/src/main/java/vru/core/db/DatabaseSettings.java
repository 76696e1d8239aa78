package vru.core.db;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the platform's PostgreSQL is. Either an external server ({@code VRU_DB_URL} or {@code
 * --db}, with {@code VRU_DB_USER}/{@code VRU_DB_PASSWORD}) or a managed local server that the
 * platform starts itself on loopback, with its data under {@code stateDir}.
 *
 * @param url JDBC URL of an external server, or empty for the managed one
 * @param user database user for an external server
 * @param password database password for an external server
 * @param stateDir the managed server's state folder
 * @param port the managed server's port
 * @param database the managed server's database name
 */
public record DatabaseSettings(
    Optional<String> url, String user, String password, Path stateDir, int port, String database) {

  /** The managed server's default port: fixed, and not PostgreSQL's 5432. */
  public static final int DEFAULT_PORT = 54329;

  /**
   * Settings from the environment: {@code VRU_DB_URL}, {@code VRU_DB_USER}, {@code
   * VRU_DB_PASSWORD}, {@code VRU_STATE_DIR}, {@code VRU_DB_PORT}, {@code VRU_DB_NAME}.
   *
   * @param urlOverride a URL given on the command line, which wins over the environment
   */
  public static DatabaseSettings fromEnvironment(Optional<String> urlOverride) {
    return from(System.getenv(), urlOverride);
  }

  static DatabaseSettings from(Map<String, String> env, Optional<String> urlOverride) {
    Optional<String> url =
        urlOverride.or(() -> Optional.ofNullable(env.get("VRU_DB_URL"))).filter(s -> !s.isBlank());
    String user = env.getOrDefault("VRU_DB_USER", env.getOrDefault("PGUSER", "postgres"));
    String password = env.getOrDefault("VRU_DB_PASSWORD", env.getOrDefault("PGPASSWORD", ""));
    int port = Integer.parseInt(env.getOrDefault("VRU_DB_PORT", String.valueOf(DEFAULT_PORT)));
    String database = env.getOrDefault("VRU_DB_NAME", "vru");
    return new DatabaseSettings(url, user, password, defaultStateDir(env), port, database);
  }

  /** The same settings with another managed database name (tests use their own databases). */
  public DatabaseSettings withDatabase(String name) {
    return new DatabaseSettings(url, user, password, stateDir, port, name);
  }

  /**
   * {@code VRU_STATE_DIR}, else {@code ~/.vru}; as root {@code /var/lib/vru}, because the server
   * runs as an unprivileged user that cannot enter root's home folder.
   */
  static Path defaultStateDir(Map<String, String> env) {
    String explicit = env.get("VRU_STATE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath();
    }
    if (ManagedPostgres.runningAsRoot()) {
      return Path.of("/var/lib/vru");
    }
    return Path.of(System.getProperty("user.home"), ".vru");
  }
}
