package io.tributary.connectors.file;

import io.tributary.spi.SourceException;
import io.tributary.spi.SourceState;
import io.tributary.spi.Staging;
import io.tributary.spi.TableRef;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/** Reads one file of a given format into a staging table. One implementation per format. */
interface FileFormat {

    /**
     * Rows loaded into {@code table} and rows rejected (written to {@code staging.rejects()}); blank
     * lines skipped, which are neither; notes for the run summary on how the file was read;
     * {@code staged} is false when the file held nothing to load and {@code table} was not created.
     */
    record Counts(long loaded, long rejected, long skippedBlank, List<String> warnings, boolean staged) {
        /** A file with no records, loaded as nothing under {@code allow_empty}. */
        static final Counts NOTHING = new Counts(0, 0, 0, List.of(), false);

        Counts(long loaded, long rejected) {
            this(loaded, rejected, 0, List.of(), true);
        }

        Counts(long loaded, long rejected, long skippedBlank, List<String> warnings) {
            this(loaded, rejected, skippedBlank, warnings, true);
        }
    }

    /** A file of the run: where it is, and its name as shown to users ({@code data/orders/2024-01.csv}). */
    record RunFile(Path path, String label) {}

    /** How one run reads its files, once what they must share has been decided. */
    @FunctionalInterface
    interface RunReading {
        /** As {@link FileFormat#stage}, for a file of the run. */
        Counts stage(Path file, String unit, TableRef table, Staging staging) throws SQLException, SourceException;

        /** What later runs must read the same way, committed with each file's state ("" for nothing); starts with {@code ;}. */
        default String recorded() {
            return "";
        }
    }

    /**
     * Creates {@code table} from {@code file}. {@code unit} is the file's name as shown to users and
     * stored with its rejected rows.
     */
    Counts stage(Path file, String unit, TableRef table, Staging staging) throws SQLException, SourceException;

    /**
     * The number of lines of {@code file} when they are all blank, so it holds no header and no
     * row and counts as empty; -1 when it holds anything else. Asked before {@link #stage}.
     */
    default long blankLinesOnly(Path file) throws SourceException {
        return -1;
    }

    /**
     * Called once per run, before the first file is staged, with every file the run reads and what
     * earlier runs recorded ({@code state}): a format whose files must agree on something (one type,
     * one date order per column) decides it here. Warnings go to {@code staging.warn}.
     */
    default RunReading prepare(List<RunFile> files, SourceState state, Staging staging) throws SQLException, SourceException {
        return this::stage;
    }
}
