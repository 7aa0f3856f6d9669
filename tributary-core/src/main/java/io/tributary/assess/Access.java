package io.tributary.assess;

/**
 * Whether the source could be read.
 *
 * @param latencyMillis how long reaching it and reading the first unit took; -1 when it was not reached
 * @param auth          {@code ok}, {@code failed} (the source refused the credentials) or {@code n/a} (files)
 * @param error         why it could not be read, secrets masked; null when reached
 */
public record Access(boolean reached, long latencyMillis, String auth, String error) {

    public static Access ok(long latencyMillis, boolean hasCredentials) {
        return new Access(true, latencyMillis, hasCredentials ? "ok" : "n/a", null);
    }

    public static Access failed(String error) {
        String lower = String.valueOf(error).toLowerCase(java.util.Locale.ROOT);
        boolean auth = lower.contains("authentication") || lower.contains("password") || lower.contains("access denied")
                || lower.contains("401") || lower.contains("403") || lower.contains("unauthorized") || lower.contains("forbidden");
        return new Access(false, -1, auth ? "failed" : "unknown", io.tributary.config.Secrets.redact(error));
    }
}
