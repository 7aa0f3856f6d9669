package io.tributary.config;

import java.util.Collection;
import java.util.Locale;

/** Suggests the closest known name for a misspelt key or value. */
public final class DidYouMean {
    private DidYouMean() {}

    /** The closest candidate within a small edit distance, or {@code null}. */
    public static String closest(String word, Collection<String> candidates) {
        String prefixed = null;
        for (String candidate : candidates) {
            // a word that is the start of a name (--ful for --full-refresh) means that name
            if (word.length() >= 3 && candidate.startsWith(word) && (prefixed == null || candidate.length() < prefixed.length())) {
                prefixed = candidate;
            }
        }
        if (prefixed != null) {
            return prefixed;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = word.toLowerCase(Locale.ROOT);
        for (String candidate : candidates) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        int allowed = Math.max(2, word.length() / 3);
        return bestDistance <= allowed ? best : null;
    }

    /** A hint such as {@code did you mean 'delimiter'?} or the list of what is allowed. */
    public static String hint(String word, Collection<String> candidates) {
        if (candidates.isEmpty()) {
            return "this block takes no keys";
        }
        String best = closest(word, candidates);
        if (best != null) {
            return "did you mean '" + best + "'?";
        }
        return "allowed: " + String.join(", ", candidates);
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
