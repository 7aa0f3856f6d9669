package io.tributary.engine;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The process that runs a run, recorded with it: its pid, and its start time so that a pid the system
 * gave to another process since does not pass for the owner. {@code started} is null where the
 * platform does not tell a process's start time; then the pid alone decides.
 */
record RunOwner(long pid, Instant started) {

    static RunOwner current() {
        ProcessHandle self = ProcessHandle.current();
        return new RunOwner(self.pid(), startOf(self).orElse(null));
    }

    /**
     * Whether the owner has stopped: no process has its pid, or the one that has started at another time.
     * When the live process's start time cannot be read, it is taken for the owner: a run of a live process
     * must never be called abandoned.
     */
    boolean isGone() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return true;
        }
        Optional<Instant> processStarted = startOf(process.get());
        return started != null && processStarted.isPresent() && !processStarted.get().equals(started);
    }

    /** To the microsecond, as a TIMESTAMP column keeps it. */
    private static Optional<Instant> startOf(ProcessHandle process) {
        return process.info().startInstant().map(at -> at.truncatedTo(ChronoUnit.MICROS));
    }
}
