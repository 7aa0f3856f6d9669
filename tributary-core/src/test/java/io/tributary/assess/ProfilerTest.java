package io.tributary.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.error.TributaryException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The profiler, scores, plan and suggested checks on generated data whose flaws are known exactly:
 * 10% of e-mails missing, 25 duplicate ids, 49 negative amounts, the newest update 3 days old with
 * one update an hour before it.
 */
class ProfilerTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    Connection engine;

    @BeforeEach
    void open() throws SQLException {
        engine = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void close() throws SQLException {
        engine.close();
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = engine.createStatement()) {
            statement.execute(sql);
        }
    }

    /** 1000 rows: ids 1..975 then 1..25 again; e-mail NULL on every 10th row; amount negative on 49 rows; updated hourly, newest 3 days ago. */
    private void flawedPayments() throws SQLException {
        execute("""
                CREATE TABLE payments AS SELECT
                  CASE WHEN i < 975 THEN i + 1 ELSE i - 974 END AS id,
                  CASE WHEN i % 10 = 0 THEN NULL ELSE 'user' || i || '@example.com' END AS email,
                  CASE WHEN i < 49 THEN -5.0 ELSE 10.0 + i END AS amount,
                  CASE i % 3 WHEN 0 THEN 'paid' WHEN 1 THEN 'refunded' ELSE 'failed' END AS status,
                  TIMESTAMP '2026-05-29 12:00:00' - to_hours(i) AS updated_at
                FROM range(1000) t(i)""");
    }

    private TableProfile profile(String table, Profiler.Options options) throws SQLException {
        return new Profiler(engine, NOW).profile(table, table, 0, options);
    }

    @Test
    void measuresExactNullsDuplicatesAgeAndChangeFrequency() throws SQLException {
        flawedPayments();

        TableProfile p = profile("payments", Profiler.Options.DEFAULT);

        assertThat(p.rows()).isEqualTo(1000);
        assertThat(p.profiledRows()).isEqualTo(1000);
        assertThat(p.key()).as("id is not all distinct, so the first column, which is id").isEqualTo("id");
        assertThat(p.duplicateKeys()).isEqualTo(25);
        ColumnProfile email = p.column("email").orElseThrow();
        assertThat(email.nulls()).isEqualTo(100);
        assertThat(p.percent(email.nulls())).isEqualTo(10.0);
        assertThat(email.format()).isEqualTo("email");
        assertThat(email.conformance()).isEqualTo(100.0);
        assertThat(p.column("amount").orElseThrow().negatives()).isEqualTo(49);
        ColumnProfile status = p.column("status").orElseThrow();
        assertThat(status.distinct()).isEqualTo(3);
        assertThat(status.top()).extracting(ColumnProfile.ValueCount::value, ColumnProfile.ValueCount::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("paid", 334L), org.assertj.core.groups.Tuple.tuple("failed", 333L),
                        org.assertj.core.groups.Tuple.tuple("refunded", 333L));
        ColumnProfile updated = p.column("updated_at").orElseThrow();
        assertThat(updated.newest()).isEqualTo("2026-05-29 12:00:00");
        assertThat(updated.ageSeconds()).isEqualTo(Duration.ofDays(3).toSeconds());
        assertThat(p.updateColumn()).isEqualTo("updated_at");
        assertThat(p.medianChangeSeconds()).isEqualTo(3600);
        assertThat(p.changesPerDay()).isCloseTo(1000 * 24.0 / 999, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void scoresAndPlanFollowTheDocumentedRules() throws SQLException {
        flawedPayments();
        TableProfile p = profile("payments", Profiler.Options.DEFAULT);

        Plan plan = Plan.of(p, 8, 1);
        Scores scores = Scores.of(p, Access.ok(12, true), plan.interval());

        assertThat(plan.schedule()).as("an update an hour").isEqualTo(Plan.HOURLY);
        assertThat(plan.priority()).isEqualTo("high");
        assertThat(plan.volume()).isEqualTo("small");
        assertThat(plan.complexity()).isEqualTo("low");
        // 100 missing cells of 5000
        assertThat(scores.completeness().value()).isEqualTo(98);
        assertThat(scores.completeness().reason()).contains("2.0% of cells missing").contains("email (10.0% missing)");
        // 49 negative amounts of 4900 present values
        assertThat(scores.accuracy().value()).isEqualTo(99);
        assertThat(scores.accuracy().reason()).contains("amount 49 (negative)");
        // 25 duplicates in 1000 rows = 2.5% → 12.5 points
        assertThat(scores.consistency().value()).isEqualTo(88);
        assertThat(scores.consistency().reason()).contains("25 duplicate id values (2.5% of rows)");
        // 3 days old, allowed two hourly runs: 100 × 2h / 72h
        assertThat(scores.timeliness().value()).isEqualTo(3);
        assertThat(scores.timeliness().reason()).contains("3d old");
        assertThat(scores.accessibility().value()).isEqualTo(100);
    }

    @Test
    void suggestsChecksThatPassTodayOrSayWhyNot() throws SQLException {
        flawedPayments();
        TableProfile p = profile("payments", Profiler.Options.DEFAULT);

        String yaml = SuggestedChecks.yaml(p, Plan.of(p, 5, 1));

        assertThat(yaml).isEqualTo("""
                checks:
                  - not_null: [id, amount, status, updated_at]
                  - not_null: [email]
                    max_missing: "10%"
                  # fails today: 25 duplicate id values
                  - unique: [id]
                  - accepted_values: {column: status, values: ["paid", "failed", "refunded"]}
                  # fails today: 49 negative values
                  - range: {column: amount, min: 0}
                  - pattern: {column: email, format: email}
                  # fails today: the newest value is 3d old
                  - freshness: {column: updated_at, max_age: 2h}
                    severity: warn
                """);
    }

    @Test
    void withoutTimestampsTimelinessIsNeutralAndTheScheduleDaily() throws SQLException {
        execute("CREATE TABLE products AS SELECT i AS product_id, 'p' || i AS name FROM range(50) t(i)");
        TableProfile p = profile("products", Profiler.Options.DEFAULT);

        Plan plan = Plan.of(p, 4, 1);
        Scores scores = Scores.of(p, Access.ok(5, false), plan.interval());

        assertThat(p.key()).isEqualTo("product_id");
        assertThat(scores.timeliness().value()).isEqualTo(Scores.NEUTRAL_TIMELINESS);
        assertThat(scores.timeliness().reason()).contains("no date or timestamp column");
        assertThat(plan.schedule()).isEqualTo(Plan.DAILY);
        assertThat(plan.why()).contains("daily by default");
        assertThat(plan.priority()).isEqualTo("medium");
        assertThat(scores.completeness().value()).isEqualTo(100);
        assertThat(scores.consistency().value()).isEqualTo(100);
    }

    @Test
    void textThatStandsForMissingAndMixedTypesAreFound() throws SQLException {
        execute("""
                CREATE TABLE customers AS SELECT i AS id,
                  CASE WHEN i < 6 THEN 'NULL' ELSE 'R' || i END AS region,
                  CASE WHEN i < 10 THEN 'WA1 1DP' ELSE CAST(10000 + i AS VARCHAR) END AS postal_code,
                  CASE WHEN i < 2 THEN 'n/a' ELSE '2026-05-' || lpad(CAST(1 + i % 28 AS VARCHAR), 2, '0') END AS shipped
                FROM range(20) t(i)""");

        TableProfile p = profile("customers", Profiler.Options.DEFAULT);
        Scores scores = Scores.of(p, Access.ok(5, false), Duration.ofDays(1));

        assertThat(p.column("region").orElseThrow().nullLike()).isEqualTo(6);
        assertThat(p.column("postal_code").orElseThrow().mixedTypes()).isTrue();
        assertThat(p.column("region").orElseThrow().mixedTypes()).isFalse();
        ColumnProfile shipped = p.column("shipped").orElseThrow();
        assertThat(shipped.format()).isEqualTo("iso_date");
        assertThat(shipped.conformance()).isEqualTo(90.0);
        // 8 missing ("NULL" ×6, "n/a" ×2) of 80 cells
        assertThat(scores.completeness().value()).isEqualTo(90);
        // 8 invalid of 80 present values
        assertThat(scores.accuracy().value()).isEqualTo(90);
        assertThat(scores.consistency().value()).isEqualTo(90);
        assertThat(scores.consistency().reason()).contains("mixed numbers and text in postal_code");
    }

    @Test
    void aSampleBoundsTheProfiledRowsAndAMillionRowsTakeSeconds() throws SQLException {
        execute("CREATE TABLE big AS SELECT i AS id, CASE WHEN i % 4 = 0 THEN NULL ELSE 'x' || (i % 100) END AS code,"
                + " TIMESTAMP '2026-06-01 00:00:00' - to_minutes(i % 50000) AS updated_at FROM range(1000000) t(i)");

        long started = System.nanoTime();
        TableProfile full = profile("big", Profiler.Options.DEFAULT);
        long fullMillis = (System.nanoTime() - started) / 1_000_000;
        TableProfile sampled = profile("big", new Profiler.Options(10_000L, null));

        assertThat(fullMillis).as("profiling 1M rows").isLessThan(15_000);
        assertThat(full.profiledRows()).isEqualTo(1_000_000);
        assertThat(full.percent(full.column("code").orElseThrow().nulls())).isEqualTo(25.0);
        assertThat(full.medianChangeSeconds()).isEqualTo(60);
        assertThat(Plan.of(full, 5, 1).schedule()).isEqualTo(Plan.EVERY_15_MINUTES);
        assertThat(Plan.of(full, 5, 1).volume()).isEqualTo("medium");
        assertThat(sampled.rows()).isEqualTo(1_000_000);
        assertThat(sampled.profiledRows()).isEqualTo(10_000);
        assertThat(sampled.percent(sampled.column("code").orElseThrow().nulls())).isBetween(22.0, 28.0);
    }

    @Test
    void anUnknownKeyIsInvalidInputNamingTheColumns() throws SQLException {
        execute("CREATE TABLE t AS SELECT 1 AS a, 2 AS b");

        assertThatThrownBy(() -> profile("t", new Profiler.Options(null, "nope")))
                .isInstanceOf(TributaryException.class).hasMessageContaining("--key nope").hasMessageContaining("its columns are a, b");
    }

    @Test
    void anUpdateColumnIsRecognisedByItsName() {
        assertThat(Profiler.isUpdateName("updated_at")).isTrue();
        assertThat(Profiler.isUpdateName("last_modified")).isTrue();
        assertThat(Profiler.isUpdateName("modified")).isTrue();
        assertThat(Profiler.isUpdateName("lastUpdated")).isTrue();
        assertThat(Profiler.isUpdateName("created_at")).isFalse();
        assertThat(Profiler.isUpdateName("order_date")).isFalse();
    }
    @Test
    void wordsInATextColumnOfNumbersAreInvalid() throws SQLException {
        execute("CREATE TABLE readings AS SELECT i AS id, CASE WHEN i < 5 THEN 'unknown' ELSE CAST(i * 1.5 AS VARCHAR) END AS reading FROM range(100) t(i)");
        TableProfile p = profile("readings", Profiler.Options.DEFAULT);

        Scores scores = Scores.of(p, Access.ok(5, false), Duration.ofDays(1));

        // 5 words among 95 numbers: invalid (and mixed); 5 of 200 present values
        assertThat(p.column("reading").orElseThrow().numericValues()).isEqualTo(95);
        assertThat(p.column("reading").orElseThrow().textValues()).isEqualTo(5);
        assertThat(scores.accuracy().value()).isEqualTo(98);
        assertThat(scores.accuracy().reason()).contains("reading 5 (not a number)");
        assertThat(scores.consistency().value()).isEqualTo(90);
    }

    @Test
    void accessibilityFollowsTheLatencyOfTheFirstRead() {
        assertThat(Scores.accessibility(Access.ok(1_000, true)).value()).isEqualTo(100);
        assertThat(Scores.accessibility(Access.ok(4_000, true)).value()).isEqualTo(90);
        assertThat(Scores.accessibility(Access.ok(20_000, true)).value()).isEqualTo(70);
        assertThat(Scores.accessibility(Access.ok(60_000, true)).value()).isEqualTo(50);
        Score refused = Scores.accessibility(Access.failed("authentication failed for user bob"));
        assertThat(refused.value()).isZero();
        assertThat(refused.reason()).isEqualTo("not reached: authentication failed for user bob");
        assertThat(Access.failed("authentication failed for user bob").auth()).isEqualTo("failed");
        assertThat(Access.failed("connection refused").auth()).isEqualTo("unknown");
    }

    @Test
    void priorityComplexityAndVolumeBands() throws SQLException {
        assertThat(Plan.priority(7)).isEqualTo("high");
        assertThat(Plan.priority(4)).isEqualTo("medium");
        assertThat(Plan.priority(3)).isEqualTo("low");
        assertThat(Plan.volume(99_999)).isEqualTo("small");
        assertThat(Plan.volume(100_000)).isEqualTo("medium");
        assertThat(Plan.volume(10_000_000)).isEqualTo("large");
        assertThat(Plan.defaultImpact("database")).isEqualTo(7);
        assertThat(Plan.defaultImpact("api")).isEqualTo(6);
        assertThat(Plan.defaultImpact("file")).isEqualTo(4);
        StringBuilder wide = new StringBuilder("CREATE TABLE wide AS SELECT {'a': 1} AS nested");
        for (int i = 0; i < 20; i++) {
            wide.append(", ").append(i).append(" AS c").append(i);
        }
        execute(wide.toString());
        TableProfile p = profile("wide", Profiler.Options.DEFAULT);
        assertThat(Plan.complexityReasons(p, 3)).containsExactly("21 columns", "nested or JSON columns (nested)", "3 tables");
        assertThat(Plan.complexity(p, 3)).isEqualTo("medium");
        assertThat(Plan.complexity(p, 6)).isEqualTo("high");
    }
}
