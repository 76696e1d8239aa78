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
 * STATE/postgres}, listening on 127.0.0.1 only, its Unix socket in a folder only the server's user
 * can enter. Every connection needs a password (SCRAM-SHA-256): the superuser {@code postgres}'s
 * and the platform role {@code vru}'s are generated on first start and kept in {@code
 * STATE/postgres/*.password} (mode 600). vru connects as {@code vru}, which is not a superuser and
 * owns the platform's databases. A state folder made by an earlier version (trust authentication)
 * is upgraded on start. As root the server runs as the {@code postgres} user (PostgreSQL refuses
 * root); the binaries are installed with apt when they are missing and we are root.
 */
final class ManagedPostgres {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedPostgres.class);
  private static final String SERVICE_USER = "postgres";
  static final String SUPERUSER = "postgres";
  static final String APP_ROLE = "vru";

  /** What the state folder's server accepts: written last by {@link #secure}, checked first. */
  private static final String SECURED = "scram-sha-256, role vru, socket 0700 (v1)";

  private ManagedPostgres() {}

  /** Where and as whom to connect. */
  record Credentials(String url, String user, String password) {}

  static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * Makes sure the server runs, is secured and {@code settings.database()} exists (owned by {@code
   * vru}); returns how the platform connects to it.
   */
  static Credentials ensureRunning(DatabaseSettings settings) {
    Credentials su = superuser(settings);
    String url = "jdbc:postgresql://127.0.0.1:" + settings.port() + "/";
    createDatabaseIfMissing(su, settings.database());
    return new Credentials(
        url + settings.database(), APP_ROLE, readSecret(passwordFile(settings, APP_ROLE)));
  }

  /** Makes sure the server runs and is secured; returns the superuser's connection to it. */
  static Credentials superuser(DatabaseSettings settings) {
    Path root = settings.stateDir().resolve("postgres");
    String superPw;
    try {
      Files.createDirectories(root);
      try (RandomAccessFile lockFile =
              new RandomAccessFile(root.resolve("start.lock").toFile(), "rw");
          FileChannel channel = lockFile.getChannel();
          FileLock lock = channel.lock()) {
        superPw = secret(root.resolve(SUPERUSER + ".password"));
        String appPw = secret(root.resolve(APP_ROLE + ".password"));
        startIfNeeded(root, settings.port(), superPw);
        secure(root, settings.port(), superPw, appPw);
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
    return new Credentials(
        "jdbc:postgresql://127.0.0.1:" + settings.port() + "/postgres", SUPERUSER, superPw);
  }

  static Path passwordFile(DatabaseSettings settings, String role) {
    return settings.stateDir().resolve("postgres").resolve(role + ".password");
  }

  /** A generated password kept in {@code file} (mode 600), made on first use. */
  private static String secret(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] random = new byte[24];
      new java.security.SecureRandom().nextBytes(random);
      String pw = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Path tmp = file.resolveSibling(file.getFileName() + ".new");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, OWNER_ONLY_FILE);
      Files.writeString(tmp, pw + "\n");
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    ownerOnly(file, "rw-------");
    return readSecret(file);
  }

  private static String readSecret(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "cannot read the local database's password in "
              + file
              + ": "
              + e.getMessage()
              + " (it is readable by the user who first started vru only)",
          e);
    }
  }

  private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY_FILE =
      java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

  private static void ownerOnly(Path p, String mode) throws IOException {
    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
  }

  private static List<String> serverOptions(Path sock, int port) {
    return List.of(
        "-p "
            + port
            + " -k "
            + sock
            + " -c listen_addresses=127.0.0.1"
            + " -c unix_socket_permissions=0700");
  }

  private static void startIfNeeded(Path root, int port, String superPw) throws IOException {
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
    ownerOnly(sock, "rwx------");
    if (!Files.exists(data.resolve("PG_VERSION"))) {
      LOG.info("creating a local PostgreSQL database cluster in {}", data);
      // the superuser's password reaches initdb in a file only the server's user can read
      Path pwfile = root.resolve("initdb.password");
      Files.deleteIfExists(pwfile);
      Files.createFile(pwfile, OWNER_ONLY_FILE);
      Files.writeString(pwfile, superPw + "\n");
      if (user.isPresent()) {
        Files.setOwner(
            pwfile,
            pwfile
                .getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName(user.get()));
      }
      try {
        run(
            user,
            List.of(
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                SUPERUSER,
                "--auth=scram-sha-256",
                "--pwfile=" + pwfile,
                "-E",
                "UTF8",
                "--locale=C.UTF-8"),
            root.resolve("initdb.out"),
            "initdb");
      } finally {
        Files.deleteIfExists(pwfile);
      }
    }
    LOG.info("starting local PostgreSQL on 127.0.0.1:{}", port);
    Path serverLog = log.resolve("server.log");
    List<String> start =
        new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString()));
    start.addAll(List.of("-l", serverLog.toString(), "-o"));
    start.addAll(serverOptions(sock, port));
    start.addAll(List.of("-w", "-t", "60", "start"));
    run(user, start, root.resolve("pg_ctl.out"), "pg_ctl start (server log: " + serverLog + ")");
  }

  /**
   * Brings the server to what {@link #SECURED} says, once: passwords for {@code postgres} and
   * {@code vru}, the platform's databases and their objects owned by {@code vru}, password (SCRAM)
   * authentication only in {@code pg_hba.conf}, and a restart when the socket's mode is not 0700
   * yet. A server made by an earlier version trusted every local connection: the first connection
   * here still gets in that way, and sets the passwords.
   */
  private static void secure(Path root, int port, String superPw, String appPw) throws IOException {
    Path marker = root.resolve("secured");
    if (Files.exists(marker) && Files.readString(marker).trim().equals(SECURED)) {
      return;
    }
    LOG.info("securing the local PostgreSQL: passwords, a non-superuser role for vru");
    String server = "jdbc:postgresql://127.0.0.1:" + port + "/";
    boolean socketPrivate;
    try (Connection c = DriverManager.getConnection(server + "postgres", SUPERUSER, superPw);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("show unix_socket_permissions")) {
        socketPrivate = rs.next() && rs.getString(1).equals("0700");
      }
      s.execute("set password_encryption = 'scram-sha-256'");
      s.execute("alter role " + SUPERUSER + " with password " + literal(superPw));
      s.execute(
          "do $$ begin if not exists (select from pg_roles where rolname = '"
              + APP_ROLE
              + "') then create role "
              + APP_ROLE
              + " login; end if; end $$");
      s.execute(
          "alter role "
              + APP_ROLE
              + " with login nosuperuser nocreatedb nocreaterole password "
              + literal(appPw));
      List<String> databases = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "select datname from pg_database where datallowconn and datname not in"
                  + " ('postgres', 'template1')")) {
        while (rs.next()) {
          databases.add(rs.getString(1));
        }
      }
      for (String d : databases) {
        s.execute("alter database " + ident(d) + " owner to " + APP_ROLE);
        try (Connection dc = DriverManager.getConnection(server + d, SUPERUSER, superPw);
            Statement ds = dc.createStatement()) {
          ds.execute(
              "do $$ declare r record; begin"
                  + " if exists (select from pg_namespace where nspname = 'vru') then"
                  + " execute 'alter schema vru owner to "
                  + APP_ROLE
                  + "'; for r in select c.relname from pg_class c join pg_namespace n on n.oid ="
                  + " c.relnamespace where n.nspname = 'vru' and c.relkind in ('r', 'p', 'v',"
                  + " 'm', 'S') and not exists (select from pg_depend d where d.objid = c.oid"
                  + " and d.deptype in ('a', 'i')) loop execute format('alter table vru.%I owner to "
                  + APP_ROLE
                  + "', r.relname); end loop; end if; end $$");
        }
      }
    } catch (SQLException e) {
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "cannot secure the local PostgreSQL on 127.0.0.1:"
              + port
              + ": "
              + e.getMessage()
              + ". If its password file under "
              + root
              + " was removed, restore it, or move the folder away to start afresh.",
          e);
    }
    Path data = root.resolve("data");
    Path hba = data.resolve("pg_hba.conf");
    Files.writeString(
        hba,
        "# Written by vru: every connection needs a password (SCRAM-SHA-256); the server listens\n"
            + "# on 127.0.0.1 and a socket folder only its own user can enter.\n"
            + "local   all   all                  scram-sha-256\n"
            + "host    all   all   127.0.0.1/32   scram-sha-256\n"
            + "host    all   all   ::1/128        scram-sha-256\n");
    Optional<String> user = runningAsRoot() ? Optional.of(serviceUser()) : Optional.empty();
    if (user.isPresent()) {
      Files.setOwner(
          hba,
          hba.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user.get()));
    }
    ownerOnly(root.resolve("sock"), "rwx------");
    if (socketPrivate) {
      try (Connection c = DriverManager.getConnection(server + "postgres", SUPERUSER, superPw);
          Statement s = c.createStatement()) {
        s.execute("select pg_reload_conf()");
      } catch (SQLException e) {
        throw new VruException(
            ErrorCode.DATABASE_UNAVAILABLE,
            "cannot reload the local PostgreSQL's settings: " + e.getMessage(),
            e);
      }
      Files.writeString(marker, SECURED + "\n");
      return;
    }
    Path bin = binaries();
    List<String> restart =
        new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString()));
    restart.addAll(List.of("-l", root.resolve("log/server.log").toString(), "-o"));
    restart.addAll(serverOptions(root.resolve("sock"), port));
    restart.addAll(List.of("-w", "-t", "60", "-m", "fast", "restart"));
    run(user, restart, root.resolve("pg_ctl.out"), "pg_ctl restart");
    Files.writeString(marker, SECURED + "\n");
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String ident(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
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

  private static void createDatabaseIfMissing(Credentials su, String database) {
    try (Connection c = DriverManager.getConnection(su.url(), su.user(), su.password());
        PreparedStatement exists =
            c.prepareStatement("select 1 from pg_database where datname = ?")) {
      exists.setString(1, database);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("create database " + ident(database) + " owner " + APP_ROLE);
      }
    } catch (SQLException e) {
      if ("42P04".equals(e.getSQLState())) {
        return; // created concurrently by another process
      }
      throw new VruException(
          ErrorCode.DATABASE_UNAVAILABLE,
          "the local PostgreSQL on " + su.url() + " does not answer: " + e.getMessage(),
          e);
    }
  }
}
