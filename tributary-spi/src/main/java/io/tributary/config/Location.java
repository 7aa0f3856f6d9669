package io.tributary.config;

import java.nio.file.Path;

/** Where a value stands in a configuration file: shown to users as {@code file:line:column}. */
public record Location(Path file, int line, int column) {

    public static Location of(Path file) {
        return new Location(file, 0, 0);
    }

    @Override
    public String toString() {
        String name = file == null ? "<input>" : file.toString();
        return line > 0 ? name + ":" + line + ":" + column : name;
    }
}
