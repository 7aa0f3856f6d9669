package io.tributary.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.duckdb.DuckDBConnection;
import org.flywaydb.core.api.MigrationInfo;

/**
 * The newest migration version of each {@link Migrations.Set}, found by Flyway itself when the build
 * runs ({@link #write}) and packaged as {@value #RESOURCE}. Knowing it, a command finds a store up to
 * date with one query and never starts Flyway; and since nobody writes the number down, a migration
 * file added to a folder is always part of it.
 */
public final class MigrationIndex {
    /** Where the index is packaged, on the class path. */
    public static final String RESOURCE = "io/tributary/metadata/migration-index.properties";
    /** The newest version when this copy of Tributary was built without its index (run from sources by an IDE). */
    public static final int UNKNOWN = Integer.MIN_VALUE;

    private static volatile MigrationIndex packaged;

    private final Map<String, Integer> newest;

    private MigrationIndex(Map<String, Integer> newest) {
        this.newest = Map.copyOf(newest);
    }

    /** The index packaged with this build; empty (every set {@link #UNKNOWN}) when there is none. */
    public static MigrationIndex packaged() {
        MigrationIndex index = packaged;
        if (index == null) {
            index = read();
            packaged = index;
        }
        return index;
    }

    public int newest(Migrations.Set set) {
        return newest.getOrDefault(set.location(), UNKNOWN);
    }

    private static MigrationIndex read() {
        Properties properties = new Properties();
        try (InputStream in = MigrationIndex.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return new MigrationIndex(Map.of());
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from Tributary's jar: " + e.getMessage(), e);
        }
        Map<String, Integer> newest = new TreeMap<>();
        properties.forEach((location, version) -> newest.put((String) location, Integer.parseInt(((String) version).trim())));
        return new MigrationIndex(newest);
    }

    /**
     * The newest version Flyway resolves in each set's folder now, from the class path. Resolving looks
     * at file names and contents only, so every set (the PostgreSQL one too) is resolved against an
     * empty DuckDB database in memory.
     */
    public static Map<String, Integer> resolve() throws SQLException {
        Map<String, Integer> newest = new TreeMap<>();
        try (Connection memory = DriverManager.getConnection("jdbc:duckdb:")) {
            Migrations.ConnectionSource connections = () -> memory.unwrap(DuckDBConnection.class).duplicate();
            for (Migrations.Set set : Migrations.ALL) {
                int version = Arrays.stream(Migrations.flyway(connections, MetadataStores.SCHEMA, set).info().all())
                        .map(MigrationInfo::getVersion)
                        .filter(v -> v != null)
                        .mapToInt(v -> Integer.parseInt(v.getVersion()))
                        .max()
                        .orElseThrow(() -> new IllegalStateException("no migrations found in " + set.location()));
                newest.put(set.location(), version);
            }
        }
        return newest;
    }

    /** Writes the index for the migrations on the class path under {@code classesDir} (the build's output folder). */
    public static void write(Path classesDir) throws IOException, SQLException {
        StringBuilder index = new StringBuilder("# the newest migration of each folder, found by Flyway at build time (MigrationIndex)\n");
        // written by hand rather than by Properties.store, which adds the date: the same sources give the same file
        resolve().forEach((location, version) -> index.append(location.replace(":", "\\:")).append('=').append(version).append('\n'));
        Path file = classesDir.resolve(RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, index);
    }
}
