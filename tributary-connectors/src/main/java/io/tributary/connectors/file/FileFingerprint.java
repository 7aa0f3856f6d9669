package io.tributary.connectors.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies a file's content for incremental loads: size, modification time and SHA-256. The state
 * stores all three; an unchanged size and time skip re-hashing, a changed time with the same hash
 * counts as unchanged (a {@code touch} does not reload a file).
 */
record FileFingerprint(long size, long modifiedMillis, String sha256) {

    static FileFingerprint parse(String state) {
        if (state == null) {
            return null;
        }
        String sha = null;
        long size = -1;
        long modified = -1;
        for (String part : state.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String value = part.substring(eq + 1);
            switch (part.substring(0, eq)) {
                case "sha256" -> sha = value;
                case "size" -> size = Long.parseLong(value);
                case "mtime" -> modified = Long.parseLong(value);
                default -> { }
            }
        }
        return sha == null ? null : new FileFingerprint(size, modified, sha);
    }

    String state() {
        return "sha256=" + sha256 + ";size=" + size + ";mtime=" + modifiedMillis;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
