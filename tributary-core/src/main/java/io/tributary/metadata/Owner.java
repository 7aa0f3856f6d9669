package io.tributary.metadata;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The process that owns runs: a run is declared abandoned only when its owner is gone, never
 * because another run started. On the owner's own host that is exact (its process id no longer
 * runs the process that started at {@code processStarted}); from another host it is the heartbeat
 * being older than a lease.
 *
 * @param id             unique per process start, so a reused process id is never mistaken for the owner
 * @param host           the host name the process runs on
 * @param pid            its operating-system process id
 * @param processStarted when the operating system started it (null when the platform does not say)
 */
public record Owner(String id, String host, long pid, Instant processStarted) {
    /** Process start times are reported in clock ticks; two readings of one process agree within this. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    private static final Owner THIS_PROCESS = describe(ProcessHandle.current());

    /** The process this code runs in. */
    public static Owner thisProcess() {
        return THIS_PROCESS;
    }

    private static Owner describe(ProcessHandle process) {
        return new Owner(UUID.randomUUID().toString(), hostName(), process.pid(), process.info().startInstant().orElse(null));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * True when this owner has certainly stopped. On the same host: its process id is gone, or now
     * belongs to a process started at another time. On another host: no heartbeat within {@code lease}.
     */
    public boolean isGone(Instant heartbeat, Instant now, Duration lease) {
        if (host.equals(THIS_PROCESS.host)) {
            if (pid == THIS_PROCESS.pid) {
                return !id.equals(THIS_PROCESS.id) && !sameStart(THIS_PROCESS.processStarted);
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            return process.isEmpty() || !process.get().isAlive()
                    || !sameStart(process.get().info().startInstant().orElse(null));
        }
        return heartbeat == null || heartbeat.plus(lease).isBefore(now);
    }

    private boolean sameStart(Instant other) {
        if (processStarted == null || other == null) {
            return true;
        }
        return Duration.between(processStarted, other).abs().compareTo(START_TOLERANCE) <= 0;
    }
}
