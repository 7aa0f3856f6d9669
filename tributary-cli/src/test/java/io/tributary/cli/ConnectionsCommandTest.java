package io.tributary.cli;

import static io.tributary.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CliTest.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary connections test [NAME]} against the real local PostgreSQL and MariaDB: OK with
 * latency and server version, or FAILED with the reason in plain words — never the password.
 */
class ConnectionsCommandTest {
    private static final String PASSWORD = "Corr3ct-Horse-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String WRONG = "Wr0ng-Battery-" + UUID.randomUUID().toString().substring(0, 6);

    @TempDir
    Path dir;
    String user;

    /** A MariaDB user with a password, so that a wrong one is refused (PostgreSQL here trusts local connections). */
    @BeforeEach
    void createUser() throws Exception {
        user = "trib_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", ""); Statement s = c.createStatement()) {
            s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            s.execute("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '" + PASSWORD + "'");
        }
    }

    @AfterEach
    void dropUser() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", ""); Statement s = c.createStatement()) {
            s.execute("DROP USER IF EXISTS '" + user + "'@'%'");
            s.execute("DROP USER IF EXISTS '" + user + "'@'localhost'");
        }
    }

    private void project(String connections) throws Exception {
        Files.writeString(dir.resolve("tributary.yml"), "name: shop\nconnections:\n" + connections, StandardCharsets.UTF_8);
        // a broken pipeline must not stop anyone from testing connections
        Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(dir.resolve("pipelines/broken.yml"), "name: broken\nsource: {type: nope}\n", StandardCharsets.UTF_8);
    }

    @Test
    void reachableDatabasesReportOkWithLatencyAndServerVersion() throws Exception {
        project("""
                  warehouse_pg: {kind: postgres, host: 127.0.0.1, database: postgres, user: postgres}
                  crm: {kind: mariadb, host: 127.0.0.1, database: information_schema, user: %s, password: '%s'}
                """.formatted(user, PASSWORD));

        Result result = cli("-p", dir.toString(), "connections", "test");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("warehouse_pg\\s+OK\\s+postgres://postgres@127.0.0.1:5432/postgres\\s+\\d+ ms\\s+PostgreSQL \\d+")
                .containsPattern("crm\\s+OK\\s+mariadb://" + user + "@127.0.0.1:3306/information_schema\\s+\\d+ ms\\s+MariaDB \\d+")
                .doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureAndThePasswordIsNeverShown() throws Exception {
        project("  crm: {kind: mariadb, host: 127.0.0.1, database: information_schema, user: %s, password: '%s'}\n".formatted(user, WRONG));

        Result result = cli("connections", "test", "crm", "-p", dir.toString());

        assertThat(result.code()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("crm").contains("FAILED").contains("authentication failed for user " + user)
                .contains("check user: and password: in connection 'crm'");
        assertThat(result.all()).doesNotContain(WRONG).doesNotContain(PASSWORD);
    }

    @Test
    void aMissingDatabaseAnUnreachablePortAnUnknownUserAndADeniedDatabaseAreNamedAndTheExitCodeIsOne() throws Exception {
        project("""
                  ok: {kind: postgres, host: 127.0.0.1, database: postgres, user: postgres}
                  missing_pg: {kind: postgres, host: 127.0.0.1, database: no_such_db_here, user: postgres}
                  missing_maria: {kind: mariadb, host: 127.0.0.1, database: no_such_db_here, user: root}
                  closed: {kind: postgres, host: 127.0.0.1, port: 1, database: shop, user: postgres}
                  nobody: {kind: postgres, host: 127.0.0.1, database: postgres, user: no_such_role_here}
                  denied: {kind: mariadb, host: 127.0.0.1, database: mysql, user: %s, password: '%s'}
                """.formatted(user, PASSWORD));

        Result result = cli("-p", dir.toString(), "connections", "test");

        assertThat(result.code()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).containsPattern("ok\\s+OK")
                .containsPattern("missing_pg\\s+FAILED.*database no_such_db_here does not exist on 127.0.0.1:5432")
                .containsPattern("missing_maria\\s+FAILED.*database no_such_db_here does not exist on 127.0.0.1:3306")
                .containsPattern("closed\\s+FAILED.*cannot reach 127.0.0.1:1.*check host: and port: in connection 'closed'")
                .containsPattern("nobody\\s+FAILED.*authentication failed for user no_such_role_here")
                .containsPattern("denied\\s+FAILED.*user " + user + " may not use database mysql on 127.0.0.1:3306 \\(grant the user access");
        assertThat(result.all()).doesNotContain(PASSWORD);
    }

    @Test
    void anUnknownNameExitsTwoWithTheNearestName() throws Exception {
        project("  shop_db: {kind: postgres, host: 127.0.0.1, database: postgres, user: postgres}\n");

        Result result = cli("-p", dir.toString(), "connections", "test", "shop_bd");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("no connection named 'shop_bd' in tributary.yml; did you mean 'shop_db'?");
    }

    @Test
    void aPasswordWrittenInsideAJdbcUrlIsMaskedInTheListTheTestAndARunsError() throws Exception {
        // a password of its own: the others may already be known as secrets to this JVM, which would hide a leak
        String password = "Url-Pw-" + UUID.randomUUID().toString().substring(0, 8);
        String wrong = "Url-Wrong-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", ""); Statement s = c.createStatement()) {
            s.execute("ALTER USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
            s.execute("ALTER USER '" + user + "'@'localhost' IDENTIFIED BY '" + password + "'");
        }
        String url = "jdbc:mariadb://127.0.0.1/?password=" + password + "&user=" + user;
        project("  crm: {kind: jdbc, url: '" + url + "'}\n  wrong: {kind: jdbc, url: 'jdbc:mariadb://127.0.0.1:3306/?user=" + user
                + "&password=" + wrong + "'}\n");
        Files.writeString(dir.resolve("pipelines/broken.yml"), "name: broken\nsource: {type: database, connection: wrong, table: t}\n"
                + "load: {table: t}\n", StandardCharsets.UTF_8);

        Result list = cli("-p", dir.toString(), "connections");
        Result test = cli("-p", dir.toString(), "connections", "test");
        Result run = cli("-p", dir.toString(), "run", "broken");

        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("password=****").doesNotContain(password);
        assertThat(test.out()).containsPattern("crm\\s+OK\\s+jdbc:mariadb://127.0.0.1/\\?password=\\*\\*\\*\\*&user=" + user)
                .containsPattern("wrong\\s+FAILED.*authentication failed for user " + user);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.all()).contains("authentication failed for user " + user);
        assertThat(list.all() + test.all() + run.all()).doesNotContain(password).doesNotContain(wrong);
    }

    @Test
    void connectionsListsNamesKindsAndWhereWithoutPasswords() throws Exception {
        project("  crm: {kind: mariadb, host: 127.0.0.1, database: information_schema, user: %s, password: '%s'}\n".formatted(user, PASSWORD));

        Result result = cli("-p", dir.toString(), "connections");

        assertThat(result.code()).isZero();
        assertThat(result.out()).containsPattern("crm\\s+mariadb\\s+mariadb://" + user + "@127.0.0.1:3306/information_schema").doesNotContain(PASSWORD);
    }
}
