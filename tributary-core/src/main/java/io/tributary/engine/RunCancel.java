package io.tributary.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stopping a run that is going on ({@link #cancel}), e.g. when it is over its {@code timeout:}: the
 * statements on its DuckDB connections are interrupted and its thread is interrupted (which ends an
 * HTTP request or a sleep it waits in). The run then fails like any failed run: its open transaction
 * rolls back and nothing of it is published; it records the reason given here as its error.
 */
public final class RunCancel {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunCancel.class);
    private static final Map<Long, RunCancel> RUNNING = new ConcurrentHashMap<>();

    private final long runId;
    private final Thread thread;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private volatile String reason;

    private RunCancel(long runId, Thread thread) {
        this.runId = runId;
        this.thread = thread;
    }

    /** The run on the calling thread can be cancelled from now until {@link #close}. */
    static RunCancel open(long runId) {
        RunCancel cancel = new RunCancel(runId, Thread.currentThread());
        RUNNING.put(runId, cancel);
        return cancel;
    }

    /** Statements on this connection are interrupted by a cancel. */
    void watch(Connection connection) {
        connections.add(connection);
        if (reason != null) {
            interrupt(connection);
        }
    }

    /** Why the run was cancelled, or null while it was not. */
    String reason() {
        return reason;
    }

    /** The run ended: it cannot be cancelled any more, and its thread is no longer interrupted by a cancel. */
    void close() {
        RUNNING.remove(runId, this);
        if (reason != null && Thread.currentThread() == thread) {
            // the interrupt was ours, for this run; the thread goes on to other work (a retry, the next run)
            Thread.interrupted();
        }
    }

    /**
     * Stops run {@code runId} if it is going on in this process; false when it is not (it ended already).
     *
     * @param reason what the run records as its error, e.g. "timed out after 30m"
     */
    public static boolean cancel(long runId, String reason) {
        RunCancel cancel = RUNNING.get(runId);
        if (cancel == null) {
            return false;
        }
        cancel.reason = reason;
        LOG.info("run {}: stopping it: {}", runId, reason);
        cancel.connections.forEach(RunCancel::interrupt);
        cancel.thread.interrupt();
        return true;
    }

    /**
     * DuckDB's JDBC driver interrupts a connection's query only through a statement that it is
     * running ({@code Statement.cancel}), and the statements a run executes are made all over the
     * sources; its connection-wide interrupt is package-private, so it is called reflectively, holding
     * the connection's lock as the driver's own cancel does.
     */
    private static void interrupt(Connection connection) {
        try {
            if (connection.isClosed() || !connection.isWrapperFor(org.duckdb.DuckDBConnection.class)) {
                return;
            }
            org.duckdb.DuckDBConnection duck = connection.unwrap(org.duckdb.DuckDBConnection.class);
            java.util.concurrent.locks.Lock lock = (java.util.concurrent.locks.Lock) CONN_LOCK.get(duck);
            lock.lock();
            try {
                INTERRUPT.invoke(duck);
            } finally {
                lock.unlock();
            }
        } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
            LOG.debug("interrupting a run's connection failed: {}", e.getMessage());
        }
    }

    private static final java.lang.reflect.Method INTERRUPT;
    private static final java.lang.reflect.Field CONN_LOCK;

    static {
        try {
            INTERRUPT = org.duckdb.DuckDBConnection.class.getDeclaredMethod("interrupt");
            INTERRUPT.setAccessible(true);
            CONN_LOCK = org.duckdb.DuckDBConnection.class.getDeclaredField("connRefLock");
            CONN_LOCK.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("this DuckDB JDBC driver has no connection interrupt: " + e);
        }
    }
}
