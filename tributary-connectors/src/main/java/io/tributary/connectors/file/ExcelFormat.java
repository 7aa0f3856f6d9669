package io.tributary.connectors.file;

import io.tributary.config.ConfigReader;
import io.tributary.spi.SourceException;
import io.tributary.spi.Staging;
import java.nio.file.Path;

/** Being written: see the JSON/Excel task. */
final class ExcelFormat implements FileFormat {
    static ExcelFormat configure(ConfigReader options) {
        return new ExcelFormat();
    }

    @Override
    public Counts stage(Path file, String unit, String table, Staging staging) throws SourceException {
        throw new SourceException("Excel files are not supported yet");
    }
}
