package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code tributary sql} prints what the warehouse holds: DuckDB's own text of every value, the same in
 * table, csv and json; json keeps numbers, booleans, NULL and nested values as JSON values, each
 * number with the digits DuckDB prints.
 */
class SqlOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path dir;

    private String project;

    @BeforeEach
    void aWarehouseHoldingValuesThatJavaWouldPrintDifferently() {
        project = dir.resolve("shop").toString();
        ok("init", project);
        ok("sql", "-p", project, "--write", """
                CREATE TABLE v AS SELECT
                  CAST(-0.0000000001 AS DECIMAL(18,10)) AS tiny_negative,
                  CAST(0 AS DECIMAL(18,10)) AS decimal_zero,
                  CAST(0.00000001 AS DECIMAL(18,10)) AS small_decimal,
                  TIMESTAMP 'infinity' AS timestamp_infinity,
                  DATE 'infinity' AS date_infinity,
                  TIMESTAMPTZ '-infinity' AS timestamptz_minus_infinity,
                  TIMESTAMP '2026-03-29 02:30:00' AS wall_clock,
                  TIMESTAMPTZ '2026-03-29 00:30:00+00' AS instant,
                  CAST(16777216 AS FLOAT) AS float_value,
                  170141183460469231731687303715884105727::HUGEINT AS huge,
                  ['x', 'y'] AS list_value,
                  {'a': 1, 'b': 'x'} AS struct_value,
                  MAP {'k': 1} AS map_value,
                  '"ABC"'::JSON AS json_value,
                  [CAST(1.5 AS DECIMAL(18,10))] AS decimal_list,
                  'nan'::DOUBLE AS not_a_number,
                  true AS flag,
                  NULL::INTEGER AS nothing
                """);
    }

    private static CliTest.Result ok(String... args) {
        CliTest.Result result = CliTest.cli(args);
        assertThat(result.code()).as("exit code of tributary %s; %s", String.join(" ", args), result).isZero();
        return result;
    }

    private List<String> lines(String format, String query) {
        return ok("sql", "-p", project, "--format", format, query).out().lines().toList();
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            tiny_negative              | -0.0000000001
            decimal_zero               | 0.0000000000
            small_decimal              | 0.0000000100
            timestamp_infinity         | infinity
            date_infinity              | infinity
            timestamptz_minus_infinity | -infinity
            wall_clock                 | 2026-03-29 02:30:00
            instant                    | 2026-03-29 00:30:00+00
            float_value                | 16777216.0
            huge                       | 170141183460469231731687303715884105727
            list_value                 | [x, y]
            struct_value               | {'a': 1, 'b': x}
            map_value                  | {k=1}
            json_value                 | "ABC"
            not_a_number               | nan
            """)
    void aValueIsPrintedAsDuckDbsTextInTableAndCsv(String column, String text) {
        List<String> table = lines("table", "SELECT " + column + " FROM v");
        assertThat(table).hasSize(4);
        assertThat(table.get(0)).isEqualTo(column);
        assertThat(table.get(2).strip()).isEqualTo(text);
        assertThat(table.get(3)).isEqualTo("(1 row)");
        String csvCell = text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
        assertThat(lines("csv", "SELECT " + column + " FROM v")).containsExactly(column, csvCell);
    }

    @ParameterizedTest(name = "{0} is the JSON {1}")
    @CsvSource(delimiter = '|', textBlock = """
            tiny_negative              | -0.0000000001
            decimal_zero               | 0.0000000000
            small_decimal              | 0.0000000100
            timestamp_infinity         | "infinity"
            date_infinity              | "infinity"
            timestamptz_minus_infinity | "-infinity"
            wall_clock                 | "2026-03-29 02:30:00"
            instant                    | "2026-03-29 00:30:00+00"
            float_value                | 16777216.0
            huge                       | 170141183460469231731687303715884105727
            not_a_number               | "nan"
            flag                       | true
            nothing                    | null
            """)
    void aScalarIsTheJsonValueWithDuckDbsDigitsOrText(String column, String json) throws IOException {
        String out = ok("sql", "-p", project, "--format", "json", "SELECT " + column + " FROM v").out();
        assertThat(out).as("the digits exactly as DuckDB prints them").contains("\"" + column + "\" : " + json);
        assertThat(JSON.readTree(out).get(0).get(column)).isEqualTo(JSON.readTree(json));
    }

    @Test
    void nestedAndJsonValuesAreJsonValuesNotStrings() throws IOException {
        String out = ok("sql", "-p", project, "--format", "json",
                "SELECT list_value, struct_value, map_value, json_value, decimal_list, huge FROM v").out();
        JsonNode row = JSON.readTree(out).get(0);
        assertThat(row.get("list_value")).isEqualTo(JSON.readTree("[\"x\", \"y\"]"));
        assertThat(row.get("struct_value")).isEqualTo(JSON.readTree("{\"a\": 1, \"b\": \"x\"}"));
        assertThat(row.get("map_value")).isEqualTo(JSON.readTree("{\"k\": 1}"));
        assertThat(row.get("json_value").isTextual()).isTrue();
        assertThat(row.get("json_value").asText()).isEqualTo("ABC");
        assertThat(out).as("a decimal inside a list keeps its digits").contains("1.5000000000");
        assertThat(row.get("huge").isIntegralNumber()).isTrue();
        assertThat(row.get("huge").bigIntegerValue()).isEqualTo(new BigInteger("170141183460469231731687303715884105727"));
    }

    @Test
    void aNotANumberInsideANestedValueIsTextSoTheOutputStaysJson() throws IOException {
        String out = ok("sql", "-p", project, "--format", "json", "SELECT [1.5, 'nan'::DOUBLE, 'inf'::DOUBLE] AS xs").out();
        assertThat(JSON.readTree(out).get(0).get("xs")).isEqualTo(JSON.readTree("[1.5, \"nan\", \"inf\"]"));
    }

    @Test
    void aWholeRowPrintsTheSameTextInTableAndCsvAndAQueryMayEndWithASemicolon() {
        String query = "SELECT tiny_negative, wall_clock, instant, float_value FROM v;";
        assertThat(lines("csv", query)).containsExactly("tiny_negative,wall_clock,instant,float_value",
                "-0.0000000001,2026-03-29 02:30:00,2026-03-29 00:30:00+00,16777216.0");
        assertThat(lines("table", query).get(2)).isEqualTo("-0.0000000001  2026-03-29 02:30:00  2026-03-29 00:30:00+00   16777216.0");
    }

    @Test
    void columnsKeepTheNamesTheQueryGaveThemEvenWhenTwoAreAlike() {
        assertThat(lines("csv", "SELECT 1 AS a, 2 AS a, 'x' AS \"Sales Total\"")).containsExactly("a,a,Sales Total", "1,2,x");
    }

    @Test
    void statementsThatAreNotQueriesStillPrintTheirResult() {
        assertThat(lines("csv", "SHOW TABLES")).contains("name", "v");
        assertThat(lines("csv", "DESCRIBE v")).anySatisfy(line -> assertThat(line).startsWith("tiny_negative,\"DECIMAL(18,10)\""));
        assertThat(lines("csv", "PRAGMA show_tables")).contains("name", "v");
        assertThat(lines("csv", "PIVOT (SELECT 'paid' AS status, CAST(1.5 AS DECIMAL(18,10)) AS amount) ON status USING sum(amount)"))
                .containsExactly("paid", "1.5000000000");
        assertThat(ok("sql", "-p", project, "--write", "CREATE TABLE w AS SELECT 1 AS id").out()).contains("OK");
        assertThat(lines("csv", "SELECT id FROM w")).containsExactly("id", "1");
    }

    @Test
    void anOrderedQueryKeepsItsOrder() {
        assertThat(lines("csv", "SELECT i FROM range(5) t(i) ORDER BY i DESC")).containsExactly("i", "4", "3", "2", "1", "0");
    }

    @Test
    void zonedTimestampsPrintInUtcWhateverTheMachinesTimeZone() throws Exception {
        CliProcess sql = CliProcess.start(dir.resolve("sql.log"), dir.resolve("tmp"), Map.of("TZ", "America/New_York"),
                "-p", project, "sql", "--format", "csv", "SELECT instant, CAST(instant AS DATE) AS day FROM v");
        assertThat(sql.waitFor(60)).as(sql.output()).isZero();
        assertThat(sql.lines().stream().map(CliProcess.Line::text).toList()).containsExactly("instant,day", "2026-03-29 00:30:00+00,2026-03-29");
    }
}
