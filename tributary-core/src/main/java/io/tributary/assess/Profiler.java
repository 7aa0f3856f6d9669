package io.tributary.assess;

import io.tributary.error.TributaryException;
import io.tributary.quality.checks.PatternCheck;
import io.tributary.sql.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Profiles one table of a DuckDB engine: one aggregate pass for every column's counts, one for the
 * frequent values of all columns, one for the change frequency. Counts are exact over the profiled
 * rows, which are the whole table or a reservoir sample of it ({@code --sample}).
 */
public final class Profiler {
    /** Up to this many distinct values are kept whole, as candidates for accepted_values. */
    public static final int DOMAIN = 10;
    /** Text that stands for a missing value, compared trimmed and lower-case. */
    static final List<String> NULL_LIKE = List.of("null", "none", "nil", "n/a", "nan", "");
    /** The built-in formats a text column may look like; on a tie the first wins (a date also reads as a phone number). */
    static final List<String> FORMATS = List.of("email", "iso_date", "phone");
    /** A numeric column with one of these in its name holds amounts, which are not negative. */
    static final Pattern AMOUNT = Pattern.compile("(?i).*(amount|price|total|cost|freight|quantity|qty|revenue|fee).*");
    /** Names of update-timestamp columns, compared lower-case without underscores. */
    static final Pattern UPDATE = Pattern.compile("(last)?(updated?|modified|modify|changed?)(at|on|date|time|timestamp|ts|datetime)?");

    /**
     * @param sample    at most this many rows are profiled (a reservoir sample); null for all
     * @param key       the column tested for duplicates; null to choose one (see {@link #chooseKey})
     */
    public record Options(Long sample, String key) {
        public static final Options DEFAULT = new Options(null, null);
    }

    private final Connection engine;
    private final Instant now;

    public Profiler(Connection engine, Instant now) {
        this.engine = engine;
        this.now = now;
    }

    /**
     * @param relation the table's quoted name in the engine
     * @param label    how to name the table in the profile and in messages
     */
    public TableProfile profile(String relation, String label, long rejected, Options options) throws SQLException {
        long rows = Sql.count(engine, relation);
        String profiled = relation;
        long profiledRows = rows;
        boolean sampled = options.sample() != null && rows > options.sample();
        if (sampled) {
            profiled = Sql.ident("_assess_sample_" + Integer.toHexString(relation.hashCode()));
            execute("CREATE OR REPLACE TEMP TABLE " + profiled + " AS SELECT * FROM " + relation + " USING SAMPLE reservoir("
                    + options.sample() + " ROWS) REPEATABLE (42)");
            profiledRows = options.sample();
        }
        Map<String, String> types = describe(profiled);
        if (types.isEmpty()) {
            return new TableProfile(label, rows, profiledRows, rejected, List.of(), null, 0, null, null, null);
        }
        if (options.key() != null && !types.containsKey(options.key())) {
            throw TributaryException.invalid("--key " + options.key() + ": table " + label + " has no such column; its columns are "
                    + String.join(", ", types.keySet()));
        }
        List<ColumnProfile> columns = columns(profiled, types);
        String key = options.key() != null ? options.key() : chooseKey(columns, profiledRows);
        long duplicates = duplicates(profiled, key);
        String update = columns.stream().filter(c -> c.isTemporal() && isUpdateName(c.name())).map(ColumnProfile::name).findFirst().orElse(null);
        Long median = null;
        Double perDay = null;
        if (update != null) {
            long[] change = changes(profiled, update, types.get(update));
            if (change != null) {
                median = change[0];
                perDay = change[2] > 0 ? change[1] * 86_400_000.0 / change[2] : null;
            }
        }
        if (sampled) {
            execute("DROP TABLE IF EXISTS " + profiled);
        }
        return new TableProfile(label, rows, profiledRows, rejected, columns, key, duplicates, update, median, perDay);
    }

    static boolean isUpdateName(String column) {
        return UPDATE.matcher(column.toLowerCase(Locale.ROOT).replace("_", "")).matches();
    }

    /** A column named id, else one ending in _id (or Id), whose values are all present and distinct; else the first column. */
    static String chooseKey(List<ColumnProfile> columns, long rows) {
        List<ColumnProfile> candidates = new ArrayList<>();
        columns.stream().filter(c -> c.name().equalsIgnoreCase("id")).forEach(candidates::add);
        columns.stream().filter(c -> !c.name().equalsIgnoreCase("id")
                && (c.name().toLowerCase(Locale.ROOT).endsWith("_id") || c.name().matches(".*[a-z0-9]Id"))).forEach(candidates::add);
        return candidates.stream().filter(c -> rows > 0 && c.nulls() == 0 && c.distinct() == rows).map(ColumnProfile::name).findFirst()
                .orElse(columns.get(0).name());
    }

    private Map<String, String> describe(String relation) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (Statement statement = engine.createStatement(); ResultSet rs = statement.executeQuery("DESCRIBE " + relation)) {
            while (rs.next()) {
                types.put(rs.getString("column_name"), rs.getString("column_type"));
            }
        }
        return types;
    }

    /** The aggregate pass: for each column a fixed set of measures, in order. */
    private List<ColumnProfile> columns(String relation, Map<String, String> types) throws SQLException {
        List<String> select = new ArrayList<>();
        select.add("count(*)");
        for (Map.Entry<String, String> column : types.entrySet()) {
            String c = Sql.ident(column.getKey());
            String type = column.getValue();
            boolean nested = Types.nested(type);
            String asText = "CAST(" + c + " AS VARCHAR)";
            select.add("count(" + c + ")");
            select.add(nested ? "count(DISTINCT " + asText + ")" : "count(DISTINCT " + c + ")");
            select.add(nested ? "NULL" : "CAST(min(" + c + ") AS VARCHAR)");
            select.add(nested ? "NULL" : "CAST(max(" + c + ") AS VARCHAR)");
            if (type.equals("VARCHAR")) {
                String trimmed = "lower(trim(" + c + "))";
                select.add("count_if(" + trimmed + " IN (" + String.join(", ", NULL_LIKE.stream().map(Sql::literal).toList()) + "))");
                select.add("count_if(TRY_CAST(trim(" + c + ") AS DOUBLE) IS NOT NULL)");
                for (String format : FORMATS) {
                    select.add("count_if(regexp_full_match(" + c + ", " + Sql.literal(PatternCheck.FORMATS.get(format)) + "))");
                }
                select.add("NULL");
            } else if (type.equals("JSON")) {
                // a JSON column holds what each document had: numbers in some rows and strings in others is the mix to find
                select.add("count_if(json_type(" + c + ") = 'VARCHAR' AND lower(trim(" + c + " ->> '$')) IN ("
                        + String.join(", ", NULL_LIKE.stream().map(Sql::literal).toList()) + "))");
                select.add("count_if(json_type(" + c + ") IN ('BIGINT', 'UBIGINT', 'DOUBLE'))");
                FORMATS.forEach(f -> select.add("0"));
                select.add("count_if(json_type(" + c + ") = 'VARCHAR' AND lower(trim(" + c + " ->> '$')) NOT IN ("
                        + String.join(", ", NULL_LIKE.stream().map(Sql::literal).toList()) + "))");
            } else {
                select.add("0");
                select.add("0");
                FORMATS.forEach(f -> select.add("0"));
                select.add("0");
            }
            select.add(Types.numeric(type) && AMOUNT.matcher(column.getKey()).matches() ? "count_if(" + c + " < 0)" : "0");
            select.add(Types.temporal(type) ? epochMillis("max(" + c + ")", type) : "NULL");
        }
        Map<String, List<ColumnProfile.ValueCount>> frequent = frequent(relation, types);
        List<ColumnProfile> columns = new ArrayList<>();
        try (Statement statement = engine.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + String.join(", ", select) + " FROM " + relation)) {
            rs.next();
            long rows = rs.getLong(1);
            int i = 2;
            for (Map.Entry<String, String> column : types.entrySet()) {
                long nonNull = rs.getLong(i++);
                long distinct = rs.getLong(i++);
                String min = rs.getString(i++);
                String max = rs.getString(i++);
                long nullLike = rs.getLong(i++);
                long numeric = rs.getLong(i++);
                String format = null;
                long best = 0;
                for (String f : FORMATS) {
                    long matches = rs.getLong(i++);
                    if (matches > best) {
                        best = matches;
                        format = f;
                    }
                }
                long textCount = rs.getLong(i++);
                boolean textCounted = !rs.wasNull();
                long negatives = rs.getLong(i++);
                long newestMillis = rs.getLong(i);
                boolean hasNewest = !rs.wasNull();
                i++;
                long present = nonNull - nullLike;
                // a column "looks like" a format when most of its real values match it
                Double conformance = null;
                if (format != null && present > 0 && best * 2 >= present) {
                    conformance = 100.0 * best / nonNull;
                } else {
                    format = null;
                }
                long text = textCounted ? textCount : column.getValue().equals("VARCHAR") ? present - numeric : 0;
                List<ColumnProfile.ValueCount> values = frequent.getOrDefault(column.getKey(), List.of());
                List<String> domain = distinct <= DOMAIN ? values.stream().map(ColumnProfile.ValueCount::value).toList() : List.of();
                Long age = hasNewest ? Math.max(0, (now.toEpochMilli() - newestMillis) / 1000) : null;
                columns.add(new ColumnProfile(column.getKey(), column.getValue(), rows - nonNull, nullLike, distinct, min, max,
                        values.stream().limit(5).toList(), domain, format, conformance, numeric,
                        text, negatives, hasNewest ? max : null, age));
            }
        }
        return columns;
    }

    /** A date or timestamp as milliseconds since the epoch, a timestamp without zone taken as UTC (as the freshness check does). */
    private static String epochMillis(String expression, String type) {
        return "epoch_ms(CAST(" + expression + " AS " + (Types.zoned(type) ? "TIMESTAMPTZ" : "TIMESTAMP") + "))";
    }

    /** The most frequent values of every column, in one query. */
    private Map<String, List<ColumnProfile.ValueCount>> frequent(String relation, Map<String, String> types) throws SQLException {
        List<String> parts = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, String> entry : types.entrySet()) {
            String c = Sql.ident(entry.getKey());
            // a JSON string's value, not its JSON text: WA1 1DP rather than "WA1 1DP"
            String value = entry.getValue().equals("JSON") ? "(" + c + " ->> '$')" : "CAST(" + c + " AS VARCHAR)";
            parts.add("(SELECT " + i++ + " AS i, " + value + " AS v, count(*) AS n FROM " + relation + " WHERE " + c
                    + " IS NOT NULL GROUP BY 2 ORDER BY n DESC, v LIMIT " + DOMAIN + ")");
        }
        List<String> names = List.copyOf(types.keySet());
        Map<String, List<ColumnProfile.ValueCount>> frequent = new LinkedHashMap<>();
        try (Statement statement = engine.createStatement();
             ResultSet rs = statement.executeQuery("SELECT i, v, n FROM (" + String.join(" UNION ALL ", parts) + ") ORDER BY i, n DESC, v")) {
            while (rs.next()) {
                frequent.computeIfAbsent(names.get(rs.getInt(1)), k -> new ArrayList<>()).add(new ColumnProfile.ValueCount(rs.getString(2), rs.getLong(3)));
            }
        }
        return frequent;
    }

    private long duplicates(String relation, String key) throws SQLException {
        String k = Sql.ident(key);
        try (Statement statement = engine.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(" + k + ") - count(DISTINCT " + k + ") FROM " + relation)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {median interval ms, distinct update times, their span ms}, or null with fewer than two distinct times. */
    private long[] changes(String relation, String column, String type) throws SQLException {
        String c = Sql.ident(column);
        String sql = "WITH t AS (SELECT DISTINCT " + epochMillis(c, type) + " AS e FROM " + relation + " WHERE " + c + " IS NOT NULL), "
                + "d AS (SELECT e - lag(e) OVER (ORDER BY e) AS diff FROM t) "
                + "SELECT CAST((SELECT median(diff) FROM d WHERE diff IS NOT NULL) AS BIGINT), (SELECT count(*) FROM t), (SELECT max(e) - min(e) FROM t)";
        try (Statement statement = engine.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            long times = rs.getLong(2);
            if (times < 2) {
                return null;
            }
            return new long[] {rs.getLong(1) / 1000, times, rs.getLong(3)};
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = engine.createStatement()) {
            statement.execute(sql);
        }
    }
}
