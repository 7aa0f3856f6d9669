package io.tributary.engine;

/**
 * Test hook, for the kill tests only: with the system property
 * {@value #STOP_AFTER_COMMIT}{@code =pause} a run stops right after its data, source state and load
 * record committed in the destination and before its end is written to a metadata store that lives
 * elsewhere: it prints {@value #PAUSED} and the run number on standard error and waits for ever, so
 * the test can SIGKILL the process exactly between the two commits. Unset (always, outside tests), it
 * does nothing.
 */
final class TestHooks {
    static final String STOP_AFTER_COMMIT = "tributary.test.stopAfterDestinationCommit";
    static final String PAUSED = "test hook: paused after the destination commit of run ";

    private TestHooks() {}

    static void afterDestinationCommit(long runId) {
        if (!"pause".equals(System.getProperty(STOP_AFTER_COMMIT))) {
            return;
        }
        System.err.println(PAUSED + runId);
        System.err.flush();
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // only a kill ends this: the point is to die between the two commits
            }
        }
    }
}
