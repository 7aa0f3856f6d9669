package io.tributary.metadata;

import java.time.Instant;

/**
 * An API token as stored: its name and times, never the token (only its SHA-256 is kept, and that is
 * not part of this record either, so nothing that lists tokens can show it).
 *
 * @param lastUsedAt the last request it was accepted for; null when never used
 * @param revokedAt  when it was revoked (the server accepts it no more); null while valid
 */
public record ApiToken(String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {}
