package io.tributary.connectors.database;

import io.tributary.testkit.TestDatabase;
import static io.tributary.connectors.database.PostgresTypesTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every MySQL/MariaDB type we map arrives in DuckDB unchanged: unsigned extremes, TINYINT(1) as
 * boolean (and a TINYINT(1) holding another number rejected, not turned into true), FLOAT with every
 * digit the server stores, DECIMAL(65,30) as exact text, DATETIME(6)/TIMESTAMP(6) to the microsecond, YEAR, BIT,
 * JSON, blobs with 0x00, unicode; a TIME outside a day is rejected with a reason instead of wrapped.
 */
class MariaDbTypesTest {
    @TempDir
    Path dir;
    TestDatabase db;

    @BeforeEach
    void createTable() {
        db = TestDatabase.mariadb();
        db.execute("SET time_zone = '+00:00'",
                """
                CREATE TABLE types (id int PRIMARY KEY, flag tinyint(1), i1 tinyint, u1 tinyint unsigned, i2 smallint, u2 smallint unsigned,
                  i3 mediumint, i4 int, u4 int unsigned, i8 bigint, u8 bigint unsigned, f4 float, f8 double, d_small decimal(10,2),
                  d_max decimal(38,10), d_wide decimal(65,30), t text, vc varchar(50), ch char(3), d date, tm time(6), dt datetime(6),
                  ts timestamp(6) NULL, y year, b1 bit(1), b10 bit(10), j json, bl blob, vb varbinary(8), e enum('x','y'), s set('a','b'))
                  CHARACTER SET utf8mb4""",
                """
                INSERT INTO types VALUES
                (1, 1, 127, 255, 32767, 65535, 8388607, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,
                 1.5, 1.7976931348623157e308, 99999999.99, 9999999999999999999999999999.9999999999,
                 12345678901234567890123456789012345.123456789012345678901234567890, 'Grüße, 世界 🌍 "quoted", comma\\nnew line',
                 'x', 'ab', '2024-02-29', '23:59:59.999999', '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.123456', 2155,
                 b'1', b'1010101010', '{"a": [1, 2]}', x'00FF00', x'00', 'y', 'a,b'),
                (2, 0, -128, 0, -32768, 0, -8388608, -2147483648, 0, -9223372036854775808, 0,
                 -1.5, 4.9e-324, -99999999.99, -0.0000000001, -0.000000000000000000000000000001, '', '', '', '1000-01-01',
                 '00:00:00', '1000-01-01 00:00:00', '1970-01-01 00:00:01', 1901, b'0', b'0000000000', '[]', x'', x'', 'x', ''),
                (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)""");
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void everyTypeArrivesExactly() {
        TestProject project = project();

        RunResult result = project.run("types");

        assertThat(result.error()).isNull();
        assertThat(result.rowsLoaded()).isEqualTo(3);
        Map<String, String> expectedTypes = new LinkedHashMap<>();
        String[] types = {"id", "INTEGER", "flag", "BOOLEAN", "i1", "TINYINT", "u1", "SMALLINT", "i2", "SMALLINT", "u2", "INTEGER",
                "i3", "INTEGER", "i4", "INTEGER", "u4", "BIGINT", "i8", "BIGINT", "u8", "DECIMAL(20,0)", "f4", "DOUBLE", "f8", "DOUBLE",
                "d_small", "DECIMAL(10,2)", "d_max", "DECIMAL(38,10)", "d_wide", "VARCHAR", "t", "VARCHAR", "vc", "VARCHAR", "ch", "VARCHAR",
                "d", "DATE", "tm", "TIME", "dt", "TIMESTAMP", "ts", "TIMESTAMP WITH TIME ZONE", "y", "SMALLINT", "b1", "BOOLEAN",
                "b10", "VARCHAR", "j", "JSON", "bl", "BLOB", "vb", "BLOB", "e", "VARCHAR", "s", "VARCHAR"};
        for (int i = 0; i < types.length; i += 2) {
            expectedTypes.put(types[i], types[i + 1]);
        }
        assertThat(project.columns("types")).isEqualTo(expectedTypes);

        List<Map<String, Object>> rows = project.rows("""
                SELECT CAST(flag AS VARCHAR) flag, CAST(i1 AS VARCHAR) i1, CAST(u1 AS VARCHAR) u1, CAST(i2 AS VARCHAR) i2,
                  CAST(u2 AS VARCHAR) u2, CAST(i3 AS VARCHAR) i3, CAST(i4 AS VARCHAR) i4, CAST(u4 AS VARCHAR) u4, CAST(i8 AS VARCHAR) i8,
                  CAST(u8 AS VARCHAR) u8, CAST(f4 AS VARCHAR) f4, CAST(f8 AS VARCHAR) f8, CAST(d_small AS VARCHAR) d_small,
                  CAST(d_max AS VARCHAR) d_max, d_wide, t, vc, ch, CAST(d AS VARCHAR) d, strftime(DATE '2000-01-01' + tm, '%H:%M:%S.%f') tm,
                  strftime(dt, '%Y-%m-%d %H:%M:%S.%f') dt, strftime(timezone('UTC', ts), '%Y-%m-%d %H:%M:%S.%f') ts, CAST(y AS VARCHAR) y,
                  CAST(b1 AS VARCHAR) b1, b10, CAST(j AS VARCHAR) j, hex(bl) bl, hex(vb) vb, e, s
                FROM types ORDER BY id""");
        assertThat(rows.get(0)).containsExactlyEntriesOf(row(
                "flag", "true", "i1", "127", "u1", "255", "i2", "32767", "u2", "65535", "i3", "8388607", "i4", "2147483647",
                "u4", "4294967295", "i8", "9223372036854775807", "u8", "18446744073709551615", "f4", "1.5", "f8", "1.7976931348623157e+308",
                "d_small", "99999999.99", "d_max", "9999999999999999999999999999.9999999999",
                "d_wide", "12345678901234567890123456789012345.123456789012345678901234567890",
                "t", "Grüße, 世界 🌍 \"quoted\", comma\nnew line", "vc", "x", "ch", "ab", "d", "2024-02-29", "tm", "23:59:59.999999",
                "dt", "2024-01-02 03:04:05.123456", "ts", "2024-01-02 03:04:05.123456", "y", "2155", "b1", "true", "b10", "1010101010",
                "j", "{\"a\": [1, 2]}", "bl", "00FF00", "vb", "00", "e", "y", "s", "a,b"));
        assertThat(rows.get(1)).containsExactlyEntriesOf(row(
                "flag", "false", "i1", "-128", "u1", "0", "i2", "-32768", "u2", "0", "i3", "-8388608", "i4", "-2147483648",
                "u4", "0", "i8", "-9223372036854775808", "u8", "0", "f4", "-1.5", "f8", "5e-324",
                "d_small", "-99999999.99", "d_max", "-0.0000000001", "d_wide", "-0.000000000000000000000000000001",
                "t", "", "vc", "", "ch", "", "d", "1000-01-01", "tm", "00:00:00.000000", "dt", "1000-01-01 00:00:00.000000",
                "ts", "1970-01-01 00:00:01.000000", "y", "1901", "b1", "false", "b10", "0000000000", "j", "[]", "bl", "", "vb", "",
                "e", "x", "s", ""));
        assertThat(rows.get(2).values()).containsOnlyNulls();
    }

    @Test
    void aTimeOutsideADayIsRejectedWithItsReasonNotWrapped() {
        db.execute("INSERT INTO types (id, tm) VALUES (4, '-838:59:59'), (5, '100:00:00')");
        TestProject project = project();
        project.pipeline("types", "source: {type: database, connection: maria, table: types}\nload: {table: types, mode: replace}\nmax_rejected: 2");

        RunResult result = project.run("types");

        assertThat(result.error()).isNull();
        assertThat(result.rowsLoaded()).isEqualTo(3);
        assertThat(result.rowsRejected()).isEqualTo(2);
        assertThat(project.rows("SELECT reason FROM _tributary.rejected_rows ORDER BY line")).extracting(r -> (String) r.get("reason"))
                .allMatch(reason -> reason.contains("is not a time of day") && reason.contains("column tm"))
                .anyMatch(reason -> reason.contains("-838:59:59"));
        assertThat(project.rows("SELECT DISTINCT column_name FROM _tributary.rejected_rows")).extracting(r -> r.get("column_name"))
                .as("the reject names the column its reason is about").containsExactly("tm");
    }

    @Test
    void aFloatArrivesWithEveryDigitTheServerStoresNotTheSixItPrints() {
        db.execute("CREATE TABLE floats (id int PRIMARY KEY, f float, fu float unsigned)",
                "INSERT INTO floats VALUES (1, 16777216, 16777217), (2, 123.456789, 0.1), (3, 3.40282e38, 1.17549e-38), (4, -0.000123456789, 0),"
                        + " (5, NULL, NULL)");
        Map<Object, Object> server = new LinkedHashMap<>();
        for (Map<String, Object> row : db.rows("SELECT id, CAST(CAST(f AS DOUBLE) AS CHAR) f, CAST(CAST(fu AS DOUBLE) AS CHAR) fu FROM floats")) {
            server.put(row.get("id"), row.get("f") + "|" + row.get("fu"));
        }
        TestProject project = project();
        project.pipeline("floats", "source: {type: database, connection: maria, table: floats}\nload: {table: floats, mode: replace}");

        RunResult result = project.run("floats");

        assertThat(result.error()).isNull();
        assertThat(project.columns("floats")).containsEntry("f", "DOUBLE").containsEntry("fu", "DOUBLE");
        Map<Object, Object> loaded = new LinkedHashMap<>();
        for (Map<String, Object> row : project.rows("SELECT id, f, fu FROM floats ORDER BY id")) {
            loaded.put(row.get("id"), row.get("f") + "|" + row.get("fu"));
        }
        Map<Object, Object> expected = new LinkedHashMap<>();
        server.forEach((id, text) -> expected.put(id, String.join("|", java.util.Arrays.stream(((String) text).split("\\|"))
                .map(v -> v.equals("null") ? "null" : String.valueOf(Double.parseDouble(v))).toList())));
        assertThat(loaded).as("the server's own exact rendering, CAST(f AS DOUBLE)").isEqualTo(expected);
        assertThat(loaded.get(1)).isEqualTo("1.6777216E7|1.6777216E7");
        assertThat(loaded.get(2)).isEqualTo("123.456787109375|0.10000000149011612");
    }

    @Test
    void aTinyint1HoldingAnotherNumberThanZeroOrOneIsRejectedNamingTheValueNotTurnedIntoTrue() {
        db.execute("CREATE TABLE flags (id int PRIMARY KEY, active tinyint(1), flag bool)",
                "INSERT INTO flags VALUES (1, 1, 0), (2, 0, 1), (3, 2, 1), (4, -1, 0), (5, 127, NULL), (6, NULL, -128)");
        TestProject project = project();
        project.pipeline("flags", "source: {type: database, connection: maria, table: flags}\nload: {table: flags, mode: replace}\nmax_rejected: 10");

        RunResult result = project.run("flags");

        assertThat(result.error()).isNull();
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsRejected()).isEqualTo(4);
        assertThat(project.columns("flags")).containsEntry("active", "BOOLEAN").containsEntry("flag", "BOOLEAN");
        assertThat(project.rows("SELECT id, active, flag FROM flags ORDER BY id")).extracting(r -> r.get("id") + "|" + r.get("active") + "|" + r.get("flag"))
                .containsExactly("1|true|false", "2|false|true");
        assertThat(project.rows("SELECT column_name, reason FROM _tributary.rejected_rows ORDER BY line"))
                .extracting(r -> r.get("column_name") + ": " + r.get("reason"))
                .hasSize(4)
                .anySatisfy(line -> assertThat(line).startsWith("active: ").contains("2 in TINYINT(1) column active").contains("tinyInt1isBit"))
                .anySatisfy(line -> assertThat(line).startsWith("active: ").contains("-1 in TINYINT(1) column active"))
                .anySatisfy(line -> assertThat(line).startsWith("active: ").contains("127 in TINYINT(1) column active"))
                .anySatisfy(line -> assertThat(line).startsWith("flag: ").contains("-128 in TINYINT(1) column flag"));
    }

    @Test
    void withTinyInt1isBitFalseATinyint1ColumnArrivesAsTheNumbersItHolds() {
        db.execute("CREATE TABLE flags (id int PRIMARY KEY, level tinyint(1))", "INSERT INTO flags VALUES (1, 1), (2, 2), (3, -1), (4, 127), (5, NULL)");
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\n" + db.connectionsYaml("maria") + "    options: {tinyInt1isBit: false}\n");
        project.pipeline("flags", "source: {type: database, connection: maria, table: flags}\nload: {table: flags, mode: replace}");

        RunResult result = project.run("flags");

        assertThat(result.error()).isNull();
        assertThat(project.columns("flags")).containsEntry("level", "TINYINT");
        assertThat(project.rows("SELECT level FROM flags ORDER BY id")).extracting(r -> r.get("level"))
                .containsExactly((byte) 1, (byte) 2, (byte) -1, (byte) 127, null);
    }

    @Test
    void theBytesReadAreTheBytesTheServerSentForTheRows() {
        db.execute("CREATE TABLE notes (id int PRIMARY KEY, body longtext)");
        String body = "x".repeat(100_000);
        for (int i = 1; i <= 5; i++) {
            db.execute("INSERT INTO notes VALUES (" + i + ", '" + body + "')");
        }
        TestProject project = project();
        project.pipeline("notes", "source: {type: database, connection: maria, table: notes}\nload: {table: notes, mode: replace}");

        RunResult result = project.run("notes");

        assertThat(result.error()).isNull();
        assertThat(result.bytesRead()).as("at least the 500,000 bytes of text, and not much more").isBetween(500_000L, 510_000L);
    }

    private TestProject project() {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\n" + db.connectionsYaml("maria"));
        project.pipeline("types", "source: {type: database, connection: maria, table: " + db.name() + ".types}\nload: {table: types, mode: replace}");
        return project;
    }
}
