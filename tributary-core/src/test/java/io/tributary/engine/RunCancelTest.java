package io.tributary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A cancel stops a DuckDB query the run's thread is in, and a sleep (an HTTP wait) by interrupting the thread. */
class RunCancelTest {
    @Test
    void aCancelInterruptsTheQueryRunningOnTheRunsConnection() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            CountDownLatch watching = new CountDownLatch(1);
            CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> {
                RunCancel cancel = RunCancel.open(901);
                try (Statement statement = connection.createStatement()) {
                    cancel.watch(connection);
                    watching.countDown();
                    // minutes of work unless interrupted
                    statement.executeQuery("SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3").next();
                    return "finished";
                } catch (SQLException e) {
                    return "interrupted: " + cancel.reason();
                } finally {
                    cancel.close();
                }
            });
            assertThat(watching.await(10, TimeUnit.SECONDS)).isTrue();
            boolean cancelled = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!run.isDone() && System.nanoTime() < deadline) {
                cancelled |= RunCancel.cancel(901, "timed out after 1s");
                Thread.sleep(50);
            }
            assertThat(cancelled).isTrue();
            assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo("interrupted: timed out after 1s");
            assertThat(RunCancel.cancel(901, "again")).as("the run ended").isFalse();
        }
    }

    @Test
    void aCancelInterruptsTheRunsThreadAndClosingClearsThatInterrupt() throws Exception {
        CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> {
            RunCancel cancel = RunCancel.open(902);
            try {
                Thread.sleep(60_000);
                return "slept";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return cancel.reason();
            } finally {
                cancel.close();
                assertThat(Thread.currentThread().isInterrupted()).as("the thread goes on to other work").isFalse();
            }
        });
        while (!RunCancel.cancel(902, "timed out after 1s")) {
            Thread.sleep(10);
        }
        assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo("timed out after 1s");
    }
}
