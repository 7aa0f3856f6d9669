package io.tributary.warehouse;

import io.tributary.metadata.MetadataStores;
import io.tributary.metadata.MigrationIndex;
import io.tributary.metadata.Migrations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * A new warehouse starts as a copy of an empty one that the build migrated with Flyway ({@link #main}):
 * Tributary's own tables and their schema history, exactly as Flyway writes them, and, for a project
 * whose run history lives in the warehouse (the default), the history's tables too. Running Flyway on
 * the first run of every project instead cost about 0.45 s in a fresh process (two migration sets, each
 * Flyway's start and a dozen DuckDB catalog queries per migration), against a few milliseconds for the
 * copy. The copy is then opened and checked like any warehouse, so one built before a newer migration
 * is simply brought up to date by Flyway.
 */
public final class EmptyWarehouse {
    /** Where the build puts the empty warehouse, on the class path: the warehouse's own tables only. */
    static final String RESOURCE = "io/tributary/warehouse/empty-warehouse.duckdb";
    /** The same with the run history's tables ({@link Migrations#METADATA_DUCKDB}). */
    static final String WITH_HISTORY = "io/tributary/warehouse/empty-warehouse-with-history.duckdb";

    /** The sets the copy holds, with or without the run history. */
    private static List<Migrations.Set> sets(boolean withHistory) {
        return withHistory ? List.of(Migrations.WAREHOUSE, Migrations.METADATA_DUCKDB) : List.of(Migrations.WAREHOUSE);
    }

    private EmptyWarehouse() {}

    /** Not a constant of this class: the build step runs without a logging binding, and SLF4J would say so. */
    private static org.slf4j.Logger log() {
        return org.slf4j.LoggerFactory.getLogger(EmptyWarehouse.class);
    }

    /**
     * Creates {@code file} as a copy of the packaged empty warehouse, unless something is there already.
     * False when it did not (no packaged copy, as when run from sources, or the file or a write-ahead log
     * of that name exists, or the folder refuses links): then DuckDB creates the file and Flyway migrates it.
     */
    static boolean createAt(Path file, boolean withHistory) {
        if (Files.exists(file) || Files.exists(Path.of(file + ".wal"))) {
            return false;
        }
        Path copy = null;
        try (InputStream empty = EmptyWarehouse.class.getClassLoader().getResourceAsStream(withHistory ? WITH_HISTORY : RESOURCE)) {
            if (empty == null) {
                return false;
            }
            // not createTempFile, whose file only its owner may read: the warehouse gets the permissions DuckDB would give it
            copy = file.resolveSibling(".new-warehouse-" + java.util.UUID.randomUUID() + ".duckdb");
            Files.copy(empty, copy);
            // A link appears whole or not at all, and never replaces a warehouse another process just created.
            Files.createLink(file, copy);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            log().debug("creating {} from the packaged empty warehouse failed, DuckDB creates it: {}", file, e.getMessage());
            return false;
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    log().debug("removing {} failed: {}", copy, e.getMessage());
                }
            }
        }
    }

    /** The copy's migrations were installed when the build ran; they count from the warehouse's creation. */
    static void stamp(Connection warehouse, boolean withHistory) throws SQLException {
        boolean autoCommit = warehouse.getAutoCommit();
        warehouse.setAutoCommit(false);
        try (Statement statement = warehouse.createStatement()) {
            for (Migrations.Set set : sets(withHistory)) {
                statement.execute("UPDATE " + MetadataStores.SCHEMA + "." + set.historyTable() + " SET installed_on = now()");
            }
            warehouse.commit();
        } catch (SQLException e) {
            warehouse.rollback();
            throw e;
        } finally {
            warehouse.setAutoCommit(autoCommit);
        }
    }

    /**
     * Build step (tributary-core's pom, after compiling): writes the {@link MigrationIndex} and both
     * empty warehouses into the class folder given as the argument, migrated by Flyway exactly as a run would.
     */
    public static void main(String[] args) throws Exception {
        // Flyway logs through java.util.logging here (the build has no SLF4J binding): its progress is not the build's news
        java.util.logging.Logger flyway = java.util.logging.Logger.getLogger("org.flywaydb");
        flyway.setLevel(java.util.logging.Level.WARNING);
        Path classes = Path.of(args[0]);
        MigrationIndex.write(classes);
        build(classes.resolve(RESOURCE), false);
        build(classes.resolve(WITH_HISTORY), true);
    }

    private static void build(Path file, boolean withHistory) throws Exception {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + ".wal"));
        try (Connection warehouse = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath())) {
            Migrations.migrate(() -> warehouse.unwrap(DuckDBConnection.class).duplicate(), Warehouse.META, Migrations.WAREHOUSE, file.toString());
            if (withHistory) {
                MetadataStores.inWarehouse(warehouse, file.toString()).close();
            }
            try (Statement statement = warehouse.createStatement()) {
                statement.execute("CHECKPOINT");
            }
        }
    }
}
