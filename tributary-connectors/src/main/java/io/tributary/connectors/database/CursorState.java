package io.tributary.connectors.database;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.jdbc.Dialect;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an incremental read stopped: the cursor value of the last row staged and its tie-breaker key
 * values, saved as JSON in the pipeline's state, e.g.
 * {@code {"cursor":"2026-11-25 10:00:00.123456+00","key":["1042"]}}.
 *
 * <p>Values are text in one fixed form per kind, exact to the microsecond: timestamps as
 * {@code yyyy-MM-dd HH:mm:ss.SSSSSS}, timestamps with a time zone in UTC with {@code +00}, dates as
 * {@code yyyy-MM-dd}, whole numbers in decimal. That form sorts like the values themselves.
 *
 * <p>{@code window} lists rows already loaded that the next run reads again, as
 * {@code [cursor, key...]}: with a lookback those whose cursor lies inside it, and in any mode those
 * whose cursor is {@code infinity} (which is never the saved cursor, see {@link StagedCursor}).
 * Reading them again finds them unchanged (same key, same cursor value), so they are skipped and a
 * run with no source changes loads nothing.
 *
 * @param cursor null when no finite cursor value was read yet (only rows at infinity)
 * @param key    null when the read used a lookback (no tie-breaker then)
 * @param window null when there is nothing to skip, or more than {@value #MAX_WINDOW} rows to list
 */
record CursorState(String cursor, List<String> key, List<List<String>> window) {
    /** Beyond this many rows inside the lookback, the window is not saved and those rows are simply read again (and merged). */
    static final int MAX_WINDOW = 10_000;

    CursorState(String cursor, List<String> key) {
        this(cursor, key, null);
    }

    /** A time cursor's {@code infinity}, as DuckDB and PostgreSQL write it. */
    static final String INFINITY = "infinity";
    static final String MINUS_INFINITY = "-infinity";

    static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final ObjectMapper JSON = new ObjectMapper();

    static CursorState parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (!node.hasNonNull("cursor") && !(node.get("window") instanceof ArrayNode)) {
                return null;
            }
            List<String> key = null;
            if (node.get("key") instanceof ArrayNode array) {
                key = new ArrayList<>();
                for (JsonNode value : array) {
                    key.add(value.asText());
                }
            }
            List<List<String>> window = null;
            if (node.get("window") instanceof ArrayNode rows) {
                window = new ArrayList<>();
                for (JsonNode row : rows) {
                    List<String> entry = new ArrayList<>();
                    row.forEach(v -> entry.add(v.asText()));
                    window.add(entry);
                }
            }
            return new CursorState(node.hasNonNull("cursor") ? node.get("cursor").asText() : null, key, window);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("cursor", cursor);
        if (key != null) {
            ArrayNode array = node.putArray("key");
            key.forEach(array::add);
        }
        if (window != null) {
            ArrayNode rows = node.putArray("window");
            for (List<String> entry : window) {
                ArrayNode row = rows.addArray();
                entry.forEach(row::add);
            }
        }
        return node.toString();
    }

    /** The later of two cursor values of the same kind. */
    static String max(ValueKind kind, String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (kind.isWholeNumber()) {
            return new BigInteger(a).compareTo(new BigInteger(b)) >= 0 ? a : b;
        }
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The saved value moved back by the lookback: a duration for time cursors, a number for whole numbers. */
    static String minus(ValueKind kind, String value, Incremental incremental) {
        if (kind.isWholeNumber()) {
            return new BigInteger(value).subtract(BigInteger.valueOf(incremental.lookbackNumber())).toString();
        }
        if (MINUS_INFINITY.equals(value)) {
            return value; // nothing is older
        }
        Duration back = incremental.lookbackTime();
        return switch (kind) {
            case DATE -> LocalDate.parse(value).minusDays(back.toDays()).toString();
            case TIMESTAMP -> LocalDateTime.parse(value, MICROS).minus(back).format(MICROS);
            default -> LocalDateTime.parse(value.substring(0, value.length() - 3), MICROS).minus(back).format(MICROS) + "+00";
        };
    }

    /** The value as a DuckDB literal of the staged cursor column's type. */
    static String duckdbLiteral(ValueKind kind, String value) {
        if (kind.isWholeNumber()) {
            return new BigInteger(value).toString();
        }
        return "CAST(" + io.tributary.sql.Sql.literal(value) + " AS " + switch (kind) {
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            default -> "TIMESTAMPTZ";
        } + ")";
    }

    /** The value as a literal of the source's SQL, typed like the cursor column. */
    static String literal(Dialect dialect, ValueKind kind, String value) {
        if (kind.isWholeNumber()) {
            return new BigInteger(value).toString();
        }
        return switch (dialect) {
            case POSTGRES -> "CAST(" + dialect.literal(value) + " AS " + switch (kind) {
                case DATE -> "date";
                case TIMESTAMP -> "timestamp";
                default -> "timestamptz";
            } + ")";
            // the session runs in UTC, so a TIMESTAMP column compares with the UTC wall-clock text
            case MYSQL -> dialect.literal(withoutUtcOffset(value));
            default -> (kind == ValueKind.DATE ? "DATE " : "TIMESTAMP ") + dialect.literal(withoutUtcOffset(value));
        };
    }

    private static String withoutUtcOffset(String value) {
        return value.endsWith("+00") ? value.substring(0, value.length() - 3) : value;
    }
}
