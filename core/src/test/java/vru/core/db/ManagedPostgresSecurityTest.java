package vru.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The managed PostgreSQL accepts only those who hold its passwords (issue 23, item 5): no trust
 * rule, passwords in owner-only files, a socket only the server's user can enter, the platform
 * connecting as a non-superuser that owns its database, and another OS user turned away.
 */
class ManagedPostgresSecurityTest {
  static final DatabaseSettings SETTINGS = TestDatabase.settings("security");

  @Test
  void theServerAsksEveryoneForAPasswordAndVruIsNotASuperuser() throws Exception {
    Database db = TestDatabase.fresh("security");
    String server = "jdbc:postgresql://127.0.0.1:" + SETTINGS.port() + "/";
    // no password, or a wrong one, is refused for every role, on the loopback port
    for (String role : List.of("postgres", "vru")) {
      for (String password : List.of("", "postgres", "vru")) {
        assertThatThrownBy(() -> DriverManager.getConnection(server + "postgres", role, password))
            .as(role + " with '" + password + "'")
            .isInstanceOf(SQLException.class)
            // 28P01: wrong password; 08004: the server asked for a password and none was given
            .satisfies(
                e -> assertThat(((SQLException) e).getSQLState()).isIn("28P01", "28000", "08004"));
      }
    }
    // the platform is the vru role: no superuser, owner of its database and schema
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select current_user, (select rolsuper from pg_roles where rolname ="
                    + " current_user), (select pg_get_userbyid(datdba) from pg_database where"
                    + " datname = current_database()), (select pg_get_userbyid(nspowner) from"
                    + " pg_namespace where nspname = 'vru')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("vru");
      assertThat(rs.getBoolean(2)).isFalse();
      assertThat(rs.getString(3)).isEqualTo("vru");
      assertThat(rs.getString(4)).isEqualTo("vru");
      assertThatThrownBy(() -> s.execute("create role intruder superuser"))
          .isInstanceOf(SQLException.class);
    }
    Path root = SETTINGS.stateDir().resolve("postgres");
    for (String f : List.of("postgres.password", "vru.password")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(f))))
          .as(f)
          .isEqualTo("rw-------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("sock"))))
        .isEqualTo("rwx------");
    assertThat(Files.readAllLines(root.resolve("data/pg_hba.conf")))
        .filteredOn(l -> !l.isBlank() && !l.startsWith("#"))
        .isNotEmpty()
        .allMatch(l -> l.trim().endsWith("scram-sha-256"));
    ManagedPostgres.Credentials su = ManagedPostgres.superuser(SETTINGS);
    try (Connection c = DriverManager.getConnection(su.url(), su.user(), su.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("show unix_socket_permissions")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("0700");
    }
  }

  @Test
  void anotherOperatingSystemUserCannotConnectOrReadThePasswords() throws Exception {
    TestDatabase.fresh("security");
    Path root = SETTINGS.stateDir().resolve("postgres");
    Path psql = ManagedPostgres.binaries().resolve("psql");
    // this user, without the password, over TCP: refused
    Result self =
        run(
            List.of(
                psql.toString(),
                "-w",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(SETTINGS.port()),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-c",
                "select 1"));
    assertThat(self.code()).isNotZero();
    assertThat(self.output()).contains("password");
    if (!ManagedPostgres.runningAsRoot()) {
      return; // only root can act as another user; the CI runs as root
    }
    List<String> asNobody = List.of("runuser", "-u", "nobody", "--");
    for (String host : List.of("127.0.0.1", root.resolve("sock").toString())) {
      for (String role : List.of("postgres", "vru")) {
        List<String> cmd = new ArrayList<>(asNobody);
        cmd.addAll(
            List.of(
                psql.toString(),
                "-w",
                "-h",
                host,
                "-p",
                String.valueOf(SETTINGS.port()),
                "-U",
                role,
                "-d",
                "postgres",
                "-c",
                "select 1"));
        Result r = run(cmd);
        assertThat(r.code()).as(host + " " + role + ": " + r.output()).isNotZero();
        assertThat(r.output()).containsAnyOf("password", "Permission denied");
      }
    }
    for (String f : List.of("postgres.password", "vru.password")) {
      List<String> cmd = new ArrayList<>(asNobody);
      cmd.addAll(List.of("cat", root.resolve(f).toString()));
      Result r = run(cmd);
      assertThat(r.code()).as(f).isNotZero();
      assertThat(r.output()).contains("Permission denied");
    }
  }

  record Result(int code, String output) {}

  static Result run(List<String> command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
