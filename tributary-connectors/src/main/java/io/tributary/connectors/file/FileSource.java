package io.tributary.connectors.file;

import io.tributary.spi.Source;
import io.tributary.spi.SourceException;
import io.tributary.spi.SourceState;
import io.tributary.spi.SourceUnit;
import io.tributary.spi.StagedUnit;
import io.tributary.spi.Staging;
import io.tributary.spi.TableRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Files matched by one or more paths or globs. Each file is a unit; with {@code incremental} (the
 * default) a file whose content was loaded before is skipped, so dropping a new export into the
 * folder loads just that file.
 */
final class FileSource implements Source {
    private final Path projectDir;
    private final List<String> patterns;
    private final String format;
    private final FileFormat reader;
    private final boolean incremental;
    private final boolean allowEmpty;

    FileSource(Path projectDir, List<String> patterns, String format, FileFormat reader, boolean incremental, boolean allowEmpty) {
        this.projectDir = projectDir;
        this.patterns = patterns;
        this.format = format;
        this.reader = reader;
        this.incremental = incremental;
        this.allowEmpty = allowEmpty;
    }

    @Override
    public String describe() {
        return format + " files " + String.join(", ", patterns);
    }

    @Override
    public List<SourceUnit> plan(SourceState state) throws SourceException {
        List<SourceUnit> units = new ArrayList<>();
        for (Path file : matchingFiles()) {
            String key = key(file);
            long size;
            long modified;
            try {
                size = Files.size(file);
                modified = Files.getLastModifiedTime(file).toMillis();
            } catch (IOException e) {
                throw new SourceException("cannot read " + file + ": " + e.getMessage());
            }
            FileFingerprint previous = incremental ? FileFingerprint.parse(state.get(key).orElse(null)) : null;
            if (previous == null) {
                units.add(new SourceUnit(key, key, size, null, false));
                continue;
            }
            if (previous.size() == size && previous.modifiedMillis() == modified) {
                continue;
            }
            String sha = hash(file);
            if (sha.equals(previous.sha256())) {
                continue;
            }
            units.add(new SourceUnit(key, key, size, new FileFingerprint(size, modified, sha).state(), true));
        }
        return units;
    }

    /** Lets the format decide, over every file of the run, what they must share (one type and date order per column). */
    @Override
    public SourceRead read(List<SourceUnit> units, SourceState state, Staging staging) throws SourceException {
        List<FileFormat.RunFile> files = units.stream().filter(u -> u.bytes() > 0)
                .map(u -> new FileFormat.RunFile(projectDir.resolve(u.key()), u.label())).toList();
        FileFormat.RunReading reading;
        try {
            reading = reader.prepare(files, state, staging);
        } catch (SQLException e) {
            throw new SourceException("cannot read the " + format + " files " + String.join(", ", patterns) + ": "
                    + firstLine(e.getMessage()) + " (check the files, or the source's " + format + " options)", e);
        }
        return unit -> stage(unit, reading, staging);
    }

    private StagedUnit stage(SourceUnit unit, FileFormat.RunReading reading, Staging staging) throws SourceException {
        Path file = projectDir.resolve(unit.key());
        long modified;
        try {
            modified = Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new SourceException("cannot read " + file + ": " + e.getMessage());
        }
        long blankOnly = unit.bytes() == 0 ? 0 : reader.blankLinesOnly(file);
        if (blankOnly >= 0) {
            if (!allowEmpty) {
                throw new SourceException(unit.label() + (unit.bytes() == 0 ? " is empty (0 bytes)" : " holds only blank lines (" + blankOnly + ")")
                        + ". If empty exports are expected, set source.allow_empty: true; otherwise check the export that produced it.");
            }
            return new StagedUnit(null, 0, 0, unit.bytes(), new FileFingerprint(unit.bytes(), modified, hash(file)).state(), List.of(),
                    blankOnly, List.of());
        }
        // Hash while DuckDB reads: the file is read twice, but concurrently and from the page cache.
        CompletableFuture<String> sha = unit.knownState() != null
                ? CompletableFuture.completedFuture(FileFingerprint.parse(unit.knownState()).sha256())
                : CompletableFuture.supplyAsync(() -> {
                    try {
                        return FileFingerprint.sha256(file);
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                });
        TableRef table = staging.newTable();
        FileFormat.Counts counts;
        try {
            counts = reading.stage(file, unit.label(), table, staging);
        } catch (SQLException e) {
            throw new SourceException("cannot read " + unit.label() + " as " + format + ": " + firstLine(e.getMessage())
                    + " (check the file, or the source's " + format + " options)", e);
        }
        String hash;
        try {
            hash = sha.join();
        } catch (CompletionException e) {
            throw new SourceException("cannot read " + unit.label() + ": " + e.getCause().getMessage());
        }
        return new StagedUnit(counts.staged() ? table : null, counts.loaded(), counts.rejected(), unit.bytes(),
                new FileFingerprint(unit.bytes(), modified, hash).state() + reading.recorded(), List.of(), counts.skippedBlank(),
                counts.warnings());
    }

    private String hash(Path file) throws SourceException {
        try {
            return FileFingerprint.sha256(file);
        } catch (IOException e) {
            throw new SourceException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Files matching the patterns, sorted by path so runs (and "last record wins") are deterministic. */
    List<Path> matchingFiles() throws SourceException {
        TreeSet<Path> files = new TreeSet<>();
        for (String pattern : patterns) {
            if (!isGlob(pattern)) {
                Path file = projectDir.resolve(pattern).normalize();
                if (!Files.exists(file)) {
                    throw new SourceException("file not found: " + pattern + " (looked for " + file + "). Check source.path; "
                            + "relative paths start at the project folder " + projectDir);
                }
                if (Files.isDirectory(file)) {
                    throw new SourceException(pattern + " is a folder, not a file. To load every file in it, write a glob such as "
                            + pattern.replaceAll("/$", "") + "/*." + (format.equals("excel") ? "xlsx" : format));
                }
                if (!Files.isReadable(file)) {
                    throw new SourceException("cannot read " + file + ": permission denied. Give the user running Tributary read access.");
                }
                files.add(file);
                continue;
            }
            int firstWildcard = firstWildcard(pattern);
            int slash = pattern.lastIndexOf('/', firstWildcard);
            Path base = projectDir.resolve(slash < 0 ? "." : pattern.substring(0, slash)).normalize();
            String rest = slash < 0 ? pattern : pattern.substring(slash + 1);
            if (!Files.isDirectory(base)) {
                throw new SourceException("folder not found: " + base + " (from source.path " + pattern + ")");
            }
            PathGlob glob;
            try {
                glob = PathGlob.of(rest);
            } catch (IllegalArgumentException e) {
                throw new SourceException("source.path " + pattern + " is not a valid glob: " + firstLine(e.getMessage()));
            }
            List<Path> matched;
            try (Stream<Path> walk = Files.walk(base)) {
                matched = walk.filter(Files::isRegularFile).filter(p -> glob.matches(base.relativize(p))).toList();
            } catch (IOException e) {
                throw new SourceException("cannot list " + base + ": " + e.getMessage());
            }
            // Counted per entry: a file another entry matched too still counts (and is loaded once).
            files.addAll(matched);
            if (matched.isEmpty() && !allowEmpty) {
                throw new SourceException("no file matches " + pattern + " in " + base
                        + ". Check source.path, or set source.allow_empty: true if the folder may be empty.");
            }
        }
        return new ArrayList<>(files);
    }

    private String key(Path file) {
        Path normal = file.toAbsolutePath().normalize();
        return normal.startsWith(projectDir) ? projectDir.relativize(normal).toString() : normal.toString();
    }

    private static boolean isGlob(String pattern) {
        return firstWildcard(pattern) < pattern.length();
    }

    private static int firstWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return pattern.length();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
