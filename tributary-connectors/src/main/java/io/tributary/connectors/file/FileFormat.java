package io.tributary.connectors.file;

import io.tributary.spi.SourceException;
import io.tributary.spi.Staging;
import java.nio.file.Path;
import java.sql.SQLException;

/** Reads one file of a given format into a staging table. One implementation per format. */
interface FileFormat {

    /**
     * Rows loaded into {@code table} and rows rejected (written to {@code staging.rejects()});
     * {@code staged} is false when the file held nothing to load and {@code table} was not created.
     */
    record Counts(long loaded, long rejected, boolean staged) {
        /** A file with no records, loaded as nothing under {@code allow_empty}. */
        static final Counts NOTHING = new Counts(0, 0, false);

        Counts(long loaded, long rejected) {
            this(loaded, rejected, true);
        }
    }

    /**
     * Creates {@code table} from {@code file}. {@code unit} is the file's name as shown to users and
     * stored with its rejected rows.
     */
    Counts stage(Path file, String unit, String table, Staging staging) throws SQLException, SourceException;
}
