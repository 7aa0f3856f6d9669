package io.tributary.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects every problem found while reading a project, so the user sees them all at once. */
public final class Problems {
    private final List<Problem> list = new ArrayList<>();

    public void add(Location location, String path, String message, String hint) {
        list.add(new Problem(location, path, Secrets.redact(message), hint));
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Problem> list() {
        return Collections.unmodifiableList(list);
    }

    public int size() {
        return list.size();
    }
}
