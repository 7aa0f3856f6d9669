package io.tributary.warehouse;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code warehouse.memory_limit} is the DuckDB memory of the whole process. Each DuckDB instance has
 * a limit of its own, and a run into a database stages in a private in-memory instance
 * ({@link Warehouse#privateEngine()}); given the full limit each, eight such runs beside the
 * warehouse's instance could use nine times it. So the instances share it: with {@code n} private
 * engines open, the warehouse's instance and each engine get {@code limit / (n + 1)}. The others are
 * lowered before a new engine opens and raised only after one has closed, so the limits never add up
 * to more than the configured one. Lowering a limit makes DuckDB evict or spill what is over it (to
 * {@code .tributary/tmp}): a run may get slower, but the process stays within what the user allowed.
 */
final class MemoryBudget {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MemoryBudget.class);
    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(bytes|b|kb|mb|gb|tb|kib|mib|gib|tib)\\s*");

    private final long total;
    /** A connection to each instance sharing the budget, the warehouse's first, kept to change its limit. */
    private final List<Connection> instances = new ArrayList<>();

    /**
     * @param warehouse a connection of its own to the warehouse's instance, closed with the budget
     * @param total     the configured limit in bytes
     */
    MemoryBudget(Connection warehouse, long total) {
        this.total = total;
        instances.add(warehouse);
    }

    /** The configured limit in bytes, or when there is none the one DuckDB chose for the warehouse's instance. */
    static long configured(String memoryLimit, Connection warehouse) throws SQLException {
        if (memoryLimit != null) {
            return bytes(memoryLimit);
        }
        try (Statement statement = warehouse.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting('memory_limit')")) {
            rs.next();
            return bytes(rs.getString(1));
        }
    }

    /** A size as tributary.yml and DuckDB write it ({@code 1GB}, {@code 512 MiB}, {@code 18.8 GiB}), in bytes. */
    static long bytes(String size) {
        Matcher m = SIZE.matcher(size);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + size + "' is not a size like 1GB or 512MB");
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "bytes", "b" -> 1L;
            case "kb" -> 1000L;
            case "mb" -> 1000L * 1000;
            case "gb" -> 1000L * 1000 * 1000;
            case "tb" -> 1000L * 1000 * 1000 * 1000;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            default -> 1L << 40;
        };
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
    }

    /** Opens an instance with the given memory limit in bytes. */
    @FunctionalInterface
    interface Opener {
        Connection open(long memoryLimit) throws SQLException;
    }

    /**
     * Lowers every instance to its share with one more, then opens the new one with that share; the
     * caller hands {@code control}, a second connection to it, back to {@link #leave} after closing it.
     */
    synchronized Member join(Opener opener) throws SQLException {
        long share = total / (instances.size() + 1);
        lower(share);
        Connection engine = opener.open(share);
        Connection control;
        try {
            control = engine.unwrap(org.duckdb.DuckDBConnection.class).duplicate();
        } catch (SQLException e) {
            engine.close();
            throw e;
        }
        instances.add(control);
        return new Member(engine, control);
    }

    /** A private engine and the budget's own connection to it. */
    record Member(Connection engine, Connection control) {}

    /** A private engine has closed: its share goes back to the others. */
    synchronized void leave(Member member) {
        instances.remove(member.control());
        try {
            member.control().close();
        } catch (SQLException e) {
            LOG.debug("closing a private engine's budget connection failed: {}", e.getMessage());
        }
        try {
            set(total / instances.size());
        } catch (SQLException e) {
            LOG.debug("giving a private engine's memory back failed: {}", e.getMessage());
        }
    }

    /**
     * An instance holding more than its new share pinned cannot be lowered at once and keeps its limit
     * until the next change; its work goes on. The budget bounds what the instances may keep, it must
     * not fail a run.
     */
    private void lower(long share) {
        try {
            set(share);
        } catch (SQLException e) {
            LOG.debug("lowering DuckDB's memory limit to {} bytes failed: {}", share, e.getMessage());
        }
    }

    private void set(long limit) throws SQLException {
        SQLException failed = null;
        for (Connection connection : instances) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET memory_limit = '" + limit + "B'");
            } catch (SQLException e) {
                failed = e;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Closes the budget's connection to the warehouse's instance; the engines' are closed with their runs. */
    synchronized void close() {
        try {
            instances.get(0).close();
        } catch (SQLException e) {
            LOG.debug("closing the memory budget's warehouse connection failed: {}", e.getMessage());
        }
    }
}
