package io.tributary.config;

/**
 * One thing wrong with the user's configuration, with where it is and how to fix it.
 * Printed as {@code file:line:col  path.to.key  message  (hint)}.
 */
public record Problem(Location location, String path, String message, String hint) {

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(location.toString());
        if (path != null && !path.isEmpty()) {
            out.append("  ").append(path);
        }
        out.append("  ").append(message);
        if (hint != null && !hint.isEmpty()) {
            out.append("  (").append(hint).append(')');
        }
        return out.toString();
    }
}
