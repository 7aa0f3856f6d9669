package io.tributary.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.config.Secrets;
import io.tributary.error.ErrorKind;
import io.tributary.error.TributaryException;
import io.tributary.spi.ConnectionSpec;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each connection is opened with the opener the caller passes (the connectors' in the program; here
 * DuckDB in memory, and openers that fail): reached with latency and server version, or the reason.
 */
class ConnectionTesterTest {
    private static final String PASSWORD = "S3cret-" + System.nanoTime();

    private static ConnectionSpec spec(String name) {
        return new ConnectionSpec(name, "postgres", "127.0.0.1", null, "shop", "etl", PASSWORD, Map.of(), null, null, null);
    }

    private static Map<String, ConnectionSpec> connections(String... names) {
        Map<String, ConnectionSpec> connections = new LinkedHashMap<>();
        for (String name : names) {
            connections.put(name, spec(name));
        }
        return connections;
    }

    @Test
    void aReachableConnectionReportsItsLatencyAndServerVersion() {
        ConnectionTester tester = new ConnectionTester(connections("local"), spec -> DriverManager.getConnection("jdbc:duckdb:"));

        List<ConnectionTester.Outcome> outcomes = tester.test(tester.select(null));

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.reached()).isTrue();
            assertThat(outcome.connection().name()).isEqualTo("local");
            assertThat(outcome.millis()).isNotNegative();
            assertThat(outcome.server()).matches("DuckDB v?\\d+\\..*");
            assertThat(outcome.failure()).isNull();
        });
    }

    @Test
    void aRefusalKeepsItsPlainReasonAndHintAndTheOthersAreStillTried() {
        ConnectionTester tester = new ConnectionTester(connections("crm", "local"), spec -> {
            if (spec.name().equals("crm")) {
                throw new ConnectionTester.Refused("authentication failed for user etl", "check user: and password: in connection 'crm'", null);
            }
            return DriverManager.getConnection("jdbc:duckdb:");
        });

        List<ConnectionTester.Outcome> outcomes = tester.test(tester.select(null));

        assertThat(outcomes).extracting(o -> o.connection().name()).containsExactly("crm", "local");
        assertThat(outcomes.get(0).reached()).isFalse();
        assertThat(outcomes.get(0).millis()).isEqualTo(-1);
        assertThat(outcomes.get(0).failure()).isEqualTo("authentication failed for user etl (check user: and password: in connection 'crm')");
        assertThat(outcomes.get(1).reached()).isTrue();
    }

    @Test
    void aDriverErrorIsShownWithItsSecretsMasked() {
        Secrets.remember(PASSWORD);
        ConnectionTester tester = new ConnectionTester(connections("crm"), spec -> {
            throw new SQLException("bad URL jdbc:x://etl:" + spec.password() + "@db/shop");
        });

        ConnectionTester.Outcome outcome = tester.test(spec("crm"));

        assertThat(outcome.reached()).isFalse();
        assertThat(outcome.failure()).startsWith("bad URL").doesNotContain(PASSWORD).contains(Secrets.MASK);
    }

    @Test
    void aMistypedNameIsInvalidInputWithTheNearestConnection() {
        ConnectionTester tester = new ConnectionTester(connections("shop_db", "crm"), spec -> {
            throw new AssertionError("nothing is opened for a wrong name");
        });

        assertThat(tester.select("crm")).extracting(ConnectionSpec::name).containsExactly("crm");
        assertThatThrownBy(() -> tester.select("shop_bd"))
                .isInstanceOfSatisfying(TributaryException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .hasMessage("no connection named 'shop_bd' in tributary.yml; did you mean 'shop_db'?");
        assertThatThrownBy(() -> tester.select("zzzzzzzzzz")).hasMessage("no connection named 'zzzzzzzzzz' in tributary.yml; its connections are shop_db, crm");
        assertThatThrownBy(() -> new ConnectionTester(Map.of(), spec -> null).select("crm"))
                .hasMessage("no connection named 'crm' in tributary.yml; it defines no connections (add them under connections:)");
    }
}
