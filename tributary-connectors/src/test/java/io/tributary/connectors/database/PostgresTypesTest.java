package io.tributary.connectors.database;

import io.tributary.testkit.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.LogCapture;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PostgreSQL type we map arrives in DuckDB unchanged: extremes, NULLs, high-precision decimals,
 * microsecond timestamps with non-UTC offsets, unicode, empty arrays, bytes with 0x00 — through the
 * COPY fast path and through the plain result-set path.
 */
class PostgresTypesTest {
    @TempDir
    Path dir;
    TestDatabase db;

    @BeforeEach
    void createTable() {
        db = TestDatabase.postgres();
        db.execute("CREATE TYPE mood AS ENUM ('ok', 'sad')",
                """
                CREATE TABLE types (id int PRIMARY KEY, i2 smallint, i4 integer, i8 bigint, f4 real, f8 double precision,
                  n_small numeric(10,2), n_max numeric(38,10), n_wide numeric(50,20), n_free numeric, b boolean, t text,
                  vc varchar(20), ch char(3), d date, tm time, tz timetz, ts timestamp, tstz timestamptz, j json, jb jsonb, u uuid,
                  by bytea, ai int[], at text[], ats timestamptz[], an numeric[], m mood, iv interval, bits bit(4), ip inet)""",
                """
                INSERT INTO types VALUES
                (1, 32767, 2147483647, 9223372036854775807, 3.4028235e38, 1.7976931348623157e308,
                 99999999.99, 9999999999999999999999999999.9999999999, 123456789012345678901234567890.12345678901234567890,
                 0.1234567890123456789012345, true, E'Grüße, 世界 🌍 "quoted", comma\\nnew line', 'x', 'ab', '2024-02-29',
                 '23:59:59.999999', '10:00:00.5+02', '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.123456+05:30',
                 '{"a": [1, 2]}', '{"b": null}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x00ff00', '{1,NULL,3}',
                 '{"a","b,c","","q\\"uote"}', '{"2024-01-02 03:04:05.000001+01"}', '{1.50,2}', 'sad', '1 day 02:03:04', '1010', '10.0.0.1/8'),
                (2, -32768, -2147483648, -9223372036854775808, -1.5e-38, 4.9e-324,
                 -99999999.99, -0.0000000001, -1, -0.00000000000000000001, false, '', '', '', '0001-01-01',
                 '00:00:00', '00:00:00-11', '1970-01-01 00:00:00', '1969-12-31 23:59:59.999999-08',
                 '[]', '{}', '00000000-0000-0000-0000-000000000000', '\\x', '{}', '{}', '{}', '{}', 'ok', '-3 mons', '0000', '::1'),
                (3, NULL, NULL, NULL, 'NaN', '-Infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)""");
    }

    @AfterEach
    void dropDatabase() {
        System.clearProperty(DatabaseSource.COPY_PROPERTY);
        db.close();
    }

    @ParameterizedTest(name = "copy fast path: {0}")
    @ValueSource(booleans = {true, false})
    void everyTypeArrivesExactly(boolean copy) {
        System.setProperty(DatabaseSource.COPY_PROPERTY, String.valueOf(copy));
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\n" + db.connectionsYaml("pg"));
        project.pipeline("types", "source: {type: database, connection: pg, table: public.types}\nload: {table: types, mode: replace}");

        RunResult result;
        try (LogCapture log = LogCapture.of(DatabaseSource.class)) {
            result = project.run("types");
            assertThat(log.warnings()).as("the fast path took every value; no row-by-row re-read").isEmpty();
        }

        assertThat(result.error()).isNull();
        assertThat(result.rowsLoaded()).isEqualTo(3);
        Map<String, String> expectedTypes = new LinkedHashMap<>();
        String[] types = {"id", "INTEGER", "i2", "SMALLINT", "i4", "INTEGER", "i8", "BIGINT", "f4", "FLOAT", "f8", "DOUBLE",
                "n_small", "DECIMAL(10,2)", "n_max", "DECIMAL(38,10)", "n_wide", "VARCHAR", "n_free", "VARCHAR", "b", "BOOLEAN",
                "t", "VARCHAR", "vc", "VARCHAR", "ch", "VARCHAR", "d", "DATE", "tm", "TIME", "tz", "TIME WITH TIME ZONE", "ts", "TIMESTAMP",
                "tstz", "TIMESTAMP WITH TIME ZONE", "j", "JSON", "jb", "JSON", "u", "UUID", "by", "BLOB", "ai", "INTEGER[]",
                "at", "VARCHAR[]", "ats", "TIMESTAMP WITH TIME ZONE[]", "an", "VARCHAR[]", "m", "VARCHAR", "iv", "VARCHAR", "bits", "VARCHAR",
                "ip", "VARCHAR"};
        for (int i = 0; i < types.length; i += 2) {
            expectedTypes.put(types[i], types[i + 1]);
        }
        assertThat(project.columns("types")).isEqualTo(expectedTypes);

        List<Map<String, Object>> rows = project.rows("""
                SELECT CAST(i2 AS VARCHAR) i2, CAST(i4 AS VARCHAR) i4, CAST(i8 AS VARCHAR) i8, CAST(f4 AS VARCHAR) f4, CAST(f8 AS VARCHAR) f8,
                  CAST(n_small AS VARCHAR) n_small, CAST(n_max AS VARCHAR) n_max, n_wide, n_free, CAST(b AS VARCHAR) b, t, vc, ch,
                  CAST(d AS VARCHAR) d, strftime(DATE '2000-01-01' + tm, '%H:%M:%S.%f') tm, CAST(tz AS VARCHAR) tz,
                  strftime(ts, '%Y-%m-%d %H:%M:%S.%f') ts, strftime(timezone('UTC', tstz), '%Y-%m-%d %H:%M:%S.%f') tstz,
                  CAST(j AS VARCHAR) j, CAST(jb AS VARCHAR) jb, CAST(u AS VARCHAR) u, hex("by") AS "by", CAST(to_json(ai) AS VARCHAR) ai,
                  CAST(to_json("at") AS VARCHAR) AS "at", CAST(to_json(list_transform(ats, lambda x: strftime(timezone('UTC', x), '%Y-%m-%d %H:%M:%S.%f'))) AS VARCHAR) ats,
                  CAST(to_json(an) AS VARCHAR) an, m, iv, bits, ip
                FROM types ORDER BY id""");

        assertThat(rows.get(0)).containsExactlyEntriesOf(row(
                "i2", "32767", "i4", "2147483647", "i8", "9223372036854775807", "f4", "3.4028235e+38", "f8", "1.7976931348623157e+308",
                "n_small", "99999999.99", "n_max", "9999999999999999999999999999.9999999999",
                "n_wide", "123456789012345678901234567890.12345678901234567890", "n_free", "0.1234567890123456789012345",
                "b", "true", "t", "Grüße, 世界 🌍 \"quoted\", comma\nnew line", "vc", "x", "ch", "ab ", "d", "2024-02-29",
                "tm", "23:59:59.999999", "tz", "10:00:00.5+02", "ts", "2024-01-02 03:04:05.123456", "tstz", "2024-01-01 21:34:05.123456",
                "j", "{\"a\": [1, 2]}", "jb", "{\"b\": null}", "u", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "by", "00FF00",
                "ai", "[1,null,3]", "at", "[\"a\",\"b,c\",\"\",\"q\\\"uote\"]", "ats", "[\"2024-01-02 02:04:05.000001\"]", "an", "[\"1.50\",\"2\"]",
                "m", "sad", "iv", "1 day 02:03:04", "bits", "1010", "ip", "10.0.0.1/8"));
        assertThat(rows.get(1)).containsExactlyEntriesOf(row(
                "i2", "-32768", "i4", "-2147483648", "i8", "-9223372036854775808", "f4", "-1.5e-38", "f8", "5e-324",
                "n_small", "-99999999.99", "n_max", "-0.0000000001", "n_wide", "-1.00000000000000000000", "n_free", "-0.00000000000000000001",
                "b", "false", "t", "", "vc", "", "ch", "   ", "d", "0001-01-01", "tm", "00:00:00.000000", "tz", "00:00:00-11",
                "ts", "1970-01-01 00:00:00.000000", "tstz", "1970-01-01 07:59:59.999999", "j", "[]", "jb", "{}",
                "u", "00000000-0000-0000-0000-000000000000", "by", "", "ai", "[]", "at", "[]", "ats", "[]", "an", "[]",
                "m", "ok", "iv", "-3 mons", "bits", "0000", "ip", "::1"));
        Map<String, Object> nulls = new LinkedHashMap<>(rows.get(2));
        assertThat(nulls.remove("f4")).isEqualTo("nan");
        assertThat(nulls.remove("f8")).isEqualTo("-inf");
        assertThat(nulls.values()).containsOnlyNulls();
    }

    @ParameterizedTest(name = "copy fast path: {0}")
    @ValueSource(booleans = {true, false})
    void infinitiesBcAndFarDatesArriveAsTheyAre(boolean copy) {
        System.setProperty(DatabaseSource.COPY_PROPERTY, String.valueOf(copy));
        GenericJdbcSourceTest.createEvents(db);
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\n" + db.connectionsYaml("pg"));
        project.pipeline("events", "source: {type: database, connection: pg, table: events}\nload: {table: events, mode: replace}");

        RunResult result;
        try (LogCapture log = LogCapture.of(DatabaseSource.class)) {
            result = project.run("events");
            if (copy) {
                assertThat(log.warnings()).as("DuckDB's CSV reader takes no BC date: the table is read again row by row")
                        .singleElement().asString().contains("reading the rows one by one");
            }
        }

        assertThat(result.error()).isNull();
        assertThat(GenericJdbcSourceTest.texts(project)).containsExactlyElementsOf(GenericJdbcSourceTest.EVENTS);
    }

    static Map<String, Object> row(String... pairs) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put(pairs[i], pairs[i + 1]);
        }
        return row;
    }
}
