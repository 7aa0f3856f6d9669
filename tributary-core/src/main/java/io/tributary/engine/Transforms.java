package io.tributary.engine;

import io.tributary.config.DidYouMean;
import io.tributary.error.TributaryException;
import io.tributary.project.TransformStep;
import io.tributary.quality.checks.RangeBounds;
import io.tributary.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compiles one declarative transform step into SQL over the query before it, so steps see the
 * columns the step before them produced, and the ordering columns of {@link StagedData} pass
 * through ({@code explode} numbers the rows it makes anew, keeping their order).
 *
 * <p>A {@code cast} uses {@code TRY_CAST} and records the first value of a row that does not
 * convert in the column {@link #REJECT} (a struct of column, value and type), so the engine can
 * reject that row with a reason instead of failing the whole run on one bad value.
 *
 * <p>A step naming a column that is not there fails with the step, the column and the columns
 * that are, before any data is read by it.
 */
final class Transforms {
    /** Set on rows that a cast step rejects; NULL on good rows. */
    static final String REJECT = "__tributary_reject";
    /** An element's position in its array, while {@code explode} numbers its rows. */
    private static final String ELEMENT = "__tributary_element";
    private static final String MASK = "'****'";

    private Transforms() {}

    /** True for the steps that change the number of rows; the engine counts their rows before and after. */
    static boolean changesRows(TransformStep step) {
        return step instanceof TransformStep.Filter || step instanceof TransformStep.Dedupe || step instanceof TransformStep.Explode;
    }

    /** {@code transform[2] filter (orders.yml:12:5)}, for messages. */
    static String label(int index, TransformStep step, String file) {
        String kind = kind(step);
        io.tributary.config.Location at = step.at();
        return "transform[" + index + "] " + kind + " (" + file + (at != null && at.line() > 0 ? ":" + at.line() + ":" + at.column() : "") + ")";
    }

    static String kind(TransformStep step) {
        return step.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /**
     * The step as a query over {@code input} (parenthesised).
     *
     * @param columns   the user columns of {@code input} and their types ({@link #REJECT} left out)
     * @param rejecting {@code input} carries {@link #REJECT} (an earlier cast)
     * @param label     the step, for messages ({@link #label})
     */
    static String sql(TransformStep step, String input, Map<String, String> columns, boolean rejecting, String label) {
        if (step instanceof TransformStep.Cast cast) {
            return cast(cast, input, rejecting);
        }
        if (step instanceof TransformStep.Rename rename) {
            return "SELECT * RENAME (" + pairs(rename.columns(), (from, to) -> Sql.ident(from) + " AS " + Sql.ident(to)) + ") FROM " + input;
        }
        if (step instanceof TransformStep.Drop drop) {
            return "SELECT * EXCLUDE (" + Sql.idents(drop.columns()) + ") FROM " + input;
        }
        if (step instanceof TransformStep.Derive derive) {
            return withColumns(input, derive.columns(), columns);
        }
        if (step instanceof TransformStep.Filter filter) {
            return "SELECT * FROM " + input + " WHERE (" + filter.condition() + ")";
        }
        if (step instanceof TransformStep.Dedupe dedupe) {
            return dedupe(dedupe, input, columns, label);
        }
        if (step instanceof TransformStep.Bucket bucket) {
            return bucket(bucket, input, columns, label);
        }
        if (step instanceof TransformStep.Mask mask) {
            return mask(mask, input, columns, label);
        }
        if (step instanceof TransformStep.Hash hash) {
            return hash(hash, input, columns, label);
        }
        return explode((TransformStep.Explode) step, input, columns, label);
    }

    private static String cast(TransformStep.Cast cast, String input, boolean rejectColumnExists) {
        StringBuilder failure = new StringBuilder("CASE");
        for (Map.Entry<String, String> column : cast.columns().entrySet()) {
            String name = Sql.ident(column.getKey());
            failure.append(" WHEN ").append(name).append(" IS NOT NULL AND TRY_CAST(").append(name).append(" AS ")
                    .append(column.getValue()).append(") IS NULL THEN {'column': ").append(Sql.literal(column.getKey()))
                    .append(", 'value': CAST(").append(name).append(" AS VARCHAR), 'type': ").append(Sql.literal(column.getValue())).append("}");
        }
        failure.append(" END");
        String casts = pairs(cast.columns(), (column, type) -> "TRY_CAST(" + Sql.ident(column) + " AS " + type + ") AS " + Sql.ident(column));
        if (rejectColumnExists) {
            // an earlier cast's reason wins: it is the first thing wrong with the row
            return "SELECT * REPLACE (" + casts + ", coalesce(" + REJECT + ", " + failure + ") AS " + REJECT + ") FROM " + input;
        }
        return "SELECT * REPLACE (" + casts + "), " + failure + " AS " + REJECT + " FROM " + input;
    }

    /** Adds the named expressions as columns, replacing a column of the same name where it stands. */
    private static String withColumns(String input, Map<String, String> expressions, Map<String, String> columns) {
        StringBuilder replace = new StringBuilder();
        StringBuilder add = new StringBuilder();
        for (Map.Entry<String, String> column : expressions.entrySet()) {
            StringBuilder into = columns.containsKey(column.getKey()) ? replace : add;
            if (into.length() > 0) {
                into.append(", ");
            }
            into.append("(").append(column.getValue()).append(") AS ").append(Sql.ident(column.getKey()));
        }
        return "SELECT *" + (replace.length() > 0 ? " REPLACE (" + replace + ")" : "") + (add.length() > 0 ? ", " + add : "") + " FROM " + input;
    }

    /** One row per key: the greatest {@code latest}, ties and no {@code latest} going to the last in load order, as a merge does. */
    private static String dedupe(TransformStep.Dedupe dedupe, String input, Map<String, String> columns, String label) {
        dedupe.key().forEach(column -> require(column, columns, label));
        String order = "";
        if (dedupe.latest() != null) {
            require(dedupe.latest(), columns, label);
            order = Sql.ident(dedupe.latest()) + " DESC NULLS LAST, ";
        }
        return "SELECT * FROM " + input + " QUALIFY row_number() OVER (PARTITION BY " + Sql.idents(dedupe.key()) + " ORDER BY " + order
                + StagedData.UNIT + " DESC, " + StagedData.ROW + " DESC) = 1";
    }

    /** {@code labels[0]} below the first bound, {@code labels[i]} from {@code bounds[i-1]} (included) up to {@code bounds[i]}; NULL stays NULL. */
    private static String bucket(TransformStep.Bucket bucket, String input, Map<String, String> columns, String label) {
        String type = require(bucket.column(), columns, label);
        String column = Sql.ident(bucket.column());
        StringBuilder value = new StringBuilder("CASE WHEN " + column + " IS NULL THEN NULL");
        for (int i = 0; i < bucket.bounds().size(); i++) {
            String bound = RangeBounds.literal(label, bucket.column(), type, "bounds[" + i + "]", bucket.bounds().get(i));
            value.append(" WHEN ").append(column).append(" < ").append(bound).append(" THEN ").append(Sql.literal(bucket.labels().get(i)));
        }
        value.append(" ELSE ").append(Sql.literal(bucket.labels().get(bucket.bounds().size()))).append(" END");
        return withColumns(input, Map.of(bucket.into(), value.toString()), columns);
    }

    private static String mask(TransformStep.Mask mask, String input, Map<String, String> columns, String label) {
        List<String> replaced = new ArrayList<>();
        for (Map.Entry<String, TransformStep.MaskStyle> entry : mask.columns().entrySet()) {
            require(entry.getKey(), columns, label);
            String v = "CAST(" + Sql.ident(entry.getKey()) + " AS VARCHAR)";
            String masked = switch (entry.getValue()) {
                // no '@' past the first character: not an address, so nothing of it is kept
                case EMAIL -> "CASE WHEN strpos(" + v + ", '@') > 1 THEN left(" + v + ", 1) || '***' || substr(" + v + ", strpos(" + v + ", '@')) ELSE "
                        + MASK + " END";
                case PHONE -> "CASE WHEN length(regexp_replace(" + v + ", '[^0-9]', '', 'g')) > 4 THEN " + MASK + " || right(regexp_replace(" + v
                        + ", '[^0-9]', '', 'g'), 4) ELSE " + MASK + " END";
                case LAST4 -> "CASE WHEN length(" + v + ") > 4 THEN " + MASK + " || right(" + v + ", 4) ELSE " + MASK + " END";
                case FULL -> MASK;
            };
            replaced.add("CASE WHEN " + v + " IS NULL THEN NULL ELSE " + masked + " END AS " + Sql.ident(entry.getKey()));
        }
        return "SELECT * REPLACE (" + String.join(", ", replaced) + ") FROM " + input;
    }

    /** SHA-256 of the salt followed by the value as text, in hex; the same value gives the same hash in every run. */
    private static String hash(TransformStep.Hash hash, String input, Map<String, String> columns, String label) {
        hash.columns().forEach(column -> require(column, columns, label));
        String salt = hash.salt().isEmpty() ? "" : Sql.literal(hash.salt()) + " || ";
        return "SELECT * REPLACE (" + hash.columns().stream()
                .map(column -> "sha256(" + salt + "CAST(" + Sql.ident(column) + " AS VARCHAR)) AS " + Sql.ident(column))
                .collect(Collectors.joining(", ")) + ") FROM " + input;
    }

    /**
     * One row per element, in the array column's place; a NULL or empty array keeps its row with
     * NULL, so no source row is lost. The rows made are numbered anew in load order (row, then
     * element), so "last record wins" and the publish order stay defined.
     */
    private static String explode(TransformStep.Explode explode, String input, Map<String, String> columns, String label) {
        String type = require(explode.column(), columns, label);
        if (!explode.into().equals(explode.column()) && columns.containsKey(explode.into())) {
            throw TributaryException.invalid(label + ": into: " + explode.into() + " is a column already; choose another name, or leave into out "
                    + "to keep the elements under " + explode.column());
        }
        String c = Sql.ident(explode.column());
        String upper = type.toUpperCase(Locale.ROOT);
        String elements;
        if (upper.endsWith("[]")) {
            elements = "CASE WHEN len(" + c + ") > 0 THEN " + c + " ELSE CAST([NULL] AS " + type + ") END";
        } else if (upper.equals("JSON")) {
            elements = "CASE WHEN json_type(" + c + ") = 'ARRAY' AND json_array_length(" + c + ") > 0 THEN json_extract(" + c + ", '$[*]') "
                    + "WHEN " + c + " IS NULL OR json_type(" + c + ") = 'ARRAY' THEN [NULL::JSON] ELSE [" + c + "] END";
        } else if (upper.equals("VARCHAR")) {
            String isArray = "CASE WHEN json_valid(" + c + ") THEN json_type(" + c + ") END = 'ARRAY'";
            elements = "CASE WHEN " + isArray + " AND json_array_length(" + c + ") > 0 THEN json_extract_string(" + c + ", '$[*]') "
                    + "WHEN " + c + " IS NULL OR " + isArray + " THEN [NULL::VARCHAR] ELSE [" + c + "] END";
        } else {
            throw TributaryException.invalid(label + ": " + explode.column() + " is " + type + ", not an array: explode takes a list column "
                    + "(such as VARCHAR[]), a JSON column or text holding JSON arrays");
        }
        String lists = "(SELECT * REPLACE (" + elements + " AS " + c + ") FROM " + input + ")";
        String rows = "(SELECT * REPLACE (unnest(" + c + ") AS " + c + "), unnest(generate_series(1, len(" + c + "))) AS " + ELEMENT
                + " FROM " + lists + ")";
        String numbered = "SELECT * EXCLUDE (" + ELEMENT + ") REPLACE (row_number() OVER (PARTITION BY " + StagedData.UNIT + " ORDER BY "
                + StagedData.ROW + ", " + ELEMENT + ") - 1 AS " + StagedData.ROW + ") FROM " + rows;
        if (explode.into().equals(explode.column())) {
            return numbered;
        }
        return "SELECT * RENAME (" + c + " AS " + Sql.ident(explode.into()) + ") FROM (" + numbered + ")";
    }

    /** The column's type; a column that is not there fails the run naming the step, the column and the columns there are. */
    private static String require(String column, Map<String, String> columns, String label) {
        String type = columns.get(column);
        if (type == null) {
            String closest = DidYouMean.closest(column, columns.keySet());
            throw TributaryException.invalid(label + ": there is no column " + column + " here; the columns are "
                    + String.join(", ", columns.keySet()) + (closest == null ? "" : ". Did you mean " + closest + "?"));
        }
        return type;
    }

    private static String pairs(Map<String, String> map, java.util.function.BiFunction<String, String, String> format) {
        return map.entrySet().stream().map(e -> format.apply(e.getKey(), e.getValue())).collect(Collectors.joining(", "));
    }
}
