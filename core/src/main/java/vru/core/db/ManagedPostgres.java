package vru.core.db;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vru.core.api.ErrorCode;
import vru.core.api.VruException;

/**
 * Starts and reuses a local PostgreSQL server from Debian's binaries: data under {@code
 * STATE/postgres}, listening on 127.0.0.1 only, trust authentication for local connections. As root
 * the server runs as the {@code postgres} user (PostgreSQL refuses root); the binaries are
 * installed with apt when they are missing and we are root.
 */
final class ManagedPostgres {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedPostgres.class);
  private static final String SERVICE_USER = "postgres";

  private ManagedPostgres() {}

  static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Makes sure the server runs and {@code settings.database()} exists; returns its JDBC URL. */
  static String ensureRunning(DatabaseSettings settings) {
    Path root = settings.stateDir().resolve("postgres");
    try {
      Files.createDirectories(root);
      try (RandomAccessFile lockFile =
              new RandomAccessFile(root.resolve("start.lock").toFile(), "rw");
          FileChannel channel = lockFile.getChannel();
          FileLock lock = channel.lock()) {
        startIfNeeded(root, settings.port());
      }
    } catch (IOException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "cannot prepare the local database folder "
              + root
              + ": "
              + e.getMessage()
              + ". Set VRU_STATE_DIR to a writable folder, or VRU_DB_URL to use an existing server.",
          e);
    }
    String url = "jdbc:postgresql://127.0.0.1:" + settings.port() + "/";
    createDatabaseIfMissing(url, settings.database());
    return url + settings.database();
  }

  private static void startIfNeeded(Path root, int port) throws IOException {
    Path data = root.resolve("data");
    Path log = root.resolve("log");
    Path sock = root.resolve("sock");
    if (isRunning(data)) {
      return;
    }
    Path bin = binaries();
    Optional<String> user = runningAsRoot() ? Optional.of(serviceUser()) : Optional.empty();
    for (Path dir : List.of(data, log, sock)) {
      Files.createDirectories(dir);
      if (user.isPresent()) {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(dir, users.lookupPrincipalByName(user.get()));
      }
    }
    if (!Files.exists(data.resolve("PG_VERSION"))) {
      LOG.info("creating a local PostgreSQL database cluster in {}", data);
      run(
          user,
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              "postgres",
              "--auth=trust",
              "-E",
              "UTF8",
              "--locale=C.UTF-8"),
          root.resolve("initdb.out"),
          "initdb");
    }
    LOG.info("starting local PostgreSQL on 127.0.0.1:{}", port);
    Path serverLog = log.resolve("server.log");
    run(
        user,
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            serverLog.toString(),
            "-o",
            "-p " + port + " -k " + sock + " -c listen_addresses=127.0.0.1",
            "-w",
            "-t",
            "60",
            "start"),
        root.resolve("pg_ctl.out"),
        "pg_ctl start (server log: " + serverLog + ")");
  }

  private static boolean isRunning(Path data) throws IOException {
    Path pid = data.resolve("postmaster.pid");
    if (!Files.exists(pid)) {
      return false;
    }
    List<String> lines = Files.readAllLines(pid, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return false;
    }
    try {
      return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
          .map(ProcessHandle::isAlive)
          .orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The newest {@code /usr/lib/postgresql/N/bin}, else the folder of {@code pg_ctl} on the PATH.
   */
  static Path binaries() throws IOException {
    Optional<Path> found = findBinaries();
    if (found.isEmpty() && runningAsRoot()) {
      LOG.warn("PostgreSQL server binaries not found: installing Debian's postgresql package");
      System.err.println("vru: installing PostgreSQL (apt-get install postgresql), once...");
      run(
          Optional.empty(),
          List.of(
              "sh",
              "-c",
              "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq"
                  + " postgresql"),
          Files.createTempFile("vru-apt", ".out"),
          "apt-get install postgresql");
      found = findBinaries();
    }
    return found.orElseThrow(
        () ->
            new VruException(
                ErrorCode.DATABASE_UNAVAILABLE,
                "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them"
                    + " (Debian/Ubuntu: sudo apt-get install postgresql), or set VRU_DB_URL to use"
                    + " an existing server."));
  }

  private static Optional<Path> findBinaries() throws IOException {
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Optional<Path> newest =
            versions
                .filter(p -> Files.isExecutable(p.resolve("bin/pg_ctl")))
                .max(Comparator.comparingInt(ManagedPostgres::versionOf));
        if (newest.isPresent()) {
          return Optional.of(newest.get().resolve("bin"));
        }
      }
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir);
      if (Files.isExecutable(p.resolve("pg_ctl")) && Files.isExecutable(p.resolve("initdb"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static int versionOf(Path p) {
    try {
      return Integer.parseInt(p.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String serviceUser() throws IOException {
    if (run(Optional.empty(), List.of("id", "-u", SERVICE_USER), null) != 0) {
      run(
          Optional.empty(),
          List.of(
              "useradd",
              "--system",
              "--no-create-home",
              "--shell",
              "/usr/sbin/nologin",
              SERVICE_USER),
          Files.createTempFile("vru-useradd", ".out"),
          "useradd " + SERVICE_USER);
    }
    return SERVICE_USER;
  }

  private static void run(Optional<String> user, List<String> command, Path output, String what)
      throws IOException {
    int rc = run(user, command, output);
    if (rc != 0) {
      String tail = output == null ? "" : tail(output);
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "could not start the local PostgreSQL: "
              + what
              + " failed (exit "
              + rc
              + ").\n"
              + tail
              + "\nFix the problem above, or set VRU_DB_URL to use an existing server.");
    }
  }

  private static int run(Optional<String> user, List<String> command, Path output)
      throws IOException {
    List<String> full = new ArrayList<>();
    user.ifPresent(u -> full.addAll(List.of("runuser", "-u", u, "--")));
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(
        output == null
            ? ProcessBuilder.Redirect.DISCARD
            : ProcessBuilder.Redirect.to(output.toFile()));
    Process p = pb.start();
    try {
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return -1;
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  private static void createDatabaseIfMissing(String serverUrl, String database) {
    try (Connection c = DriverManager.getConnection(serverUrl + "postgres", "postgres", "");
        PreparedStatement exists =
            c.prepareStatement("select 1 from pg_database where datname = ?")) {
      exists.setString(1, database);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("create database \"" + database.replace("\"", "") + "\"");
      }
    } catch (SQLException e) {
      if ("42P04".equals(e.getSQLState())) {
        return; // created concurrently by another process
      }
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "the local PostgreSQL on " + serverUrl + " does not answer: " + e.getMessage(),
          e);
    }
  }
}
