package io.tributary.connectors.file;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.FutureTask;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The line structure of a CSV file as DuckDB's reader sees it, found by Java passes over its bytes:
 * which line breaks end records (outside quoted fields), how many lines are blank, and a copy with
 * one kind of record ending for a file that mixes {@code \n} and {@code \r\n}.
 *
 * <p>DuckDB skips blank lines without a trace (and reads them as NULL rows in a one-column file),
 * and it cannot read a file whose records end in both {@code \n} and {@code \r\n}: its sniffer and
 * its parser insist on one kind. Quotes matter for both: a line break inside a quoted field is part
 * of a value, so a field {@code "a\r\n\r\nb"} holds no blank line and no record ending. A quote opens
 * a quoted field only at the start of a field, as in DuckDB, where {@code ab"c} is plain text.
 *
 * <p>Every clean file gets one cheap pass ({@link #countBlankLines}): eight bytes at a time it looks
 * for two line breaks in a row, which every blank line needs, and only a file that has them is
 * scanned again, quote by quote. Files are read as DuckDB reads them: gunzipped, in units of two
 * bytes for UTF-16. Other compressions are not looked into.
 */
final class CsvLines {
    private static final Logger LOG = LoggerFactory.getLogger(CsvLines.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Bytes read at a time: a multiple of eight, so only the last piece has a tail to check byte by byte. */
    static final int READ_BUFFER = 1 << 20;
    /** The delimiters DuckDB's sniffer tries; a quote after any of them may open a field when the delimiter is not given. */
    private static final List<Integer> DELIMITER_CANDIDATES = List.of((int) ',', (int) ';', (int) '\t', (int) '|');

    /**
     * What a scan needs to know of the dialect. {@code quote}, {@code escape} and {@code delimiter}
     * are characters, or -1 (no quoting; the escape is the quote; the delimiter is detected).
     */
    record Layout(int quote, int escape, int delimiter, String encoding, long skipRows) {
        boolean utf16() {
            return encoding != null && encoding.toLowerCase(Locale.ROOT).startsWith("utf-16");
        }

        /** Bytes per character unit: 2 for UTF-16, else 1 (UTF-8 and Latin-1 share ASCII's bytes). */
        int unitBytes() {
            return utf16() ? 2 : 1;
        }

        /** A scan compares single bytes with the dialect's characters: ASCII ones, or any of Latin-1's. */
        boolean scannable() {
            int limit = "latin-1".equals(encoding) ? 0xFF : 0x7F;
            return quote <= limit && escape <= limit && delimiter <= limit;
        }

        boolean isDelimiter(int unit) {
            return delimiter >= 0 ? unit == delimiter : DELIMITER_CANDIDATES.contains(unit);
        }
    }

    /** Record endings outside quoted fields, by kind ({@code cr}: a lone CR), and the blank lines among them. */
    record Census(long lf, long crlf, long cr, long blank) {
        boolean mixed() {
            return lf > 0 && crlf > 0;
        }
    }

    private CsvLines() {}

    /**
     * The file's bytes as DuckDB decodes them before parsing (gunzipped), or null for a compression
     * Java cannot read here (zstd and the like), which no scan then looks into.
     */
    static InputStream open(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (unreadableCompression(name)) {
            return null;
        }
        InputStream in = Files.newInputStream(file);
        return name.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static boolean unreadableCompression(String lowerCaseName) {
        return lowerCaseName.endsWith(".zst") || lowerCaseName.endsWith(".bz2") || lowerCaseName.endsWith(".xz");
    }

    /**
     * The number of lines when the file holds nothing but line breaks (after a byte order mark): no
     * header, no row, as good as empty. -1 when it holds anything else, which its first bytes tell.
     */
    static long blankLinesOnly(Path file, Layout layout) throws IOException {
        try (InputStream raw = open(file)) {
            if (raw == null) {
                return -1;
            }
            InputStream in = new BufferedInputStream(raw, 1 << 12);
            skipByteOrderMark(in);
            int unitBytes = layout.unitBytes();
            long breaks = 0;
            boolean afterCr = false;
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (unitBytes == 2 && in.read() != 0) {
                    return -1;
                }
                if (b != '\n' && b != '\r') {
                    return -1;
                }
                if (!(b == '\n' && afterCr)) {
                    breaks++;
                }
                afterCr = b == '\r';
            }
            return breaks;
        }
    }

    private static void skipByteOrderMark(InputStream in) throws IOException {
        in.mark(3);
        int a = in.read();
        int b = in.read();
        if (a == 0xFF && b == 0xFE) {
            return;
        }
        if (a == 0xEF && b == 0xBB && in.read() == 0xBF) {
            return;
        }
        in.reset();
    }

    /**
     * Blank lines DuckDB will skip: empty lines outside quoted fields, after the {@code skip_rows}
     * lines. 0 when the file cannot be scanned (see {@link Layout#scannable}, {@link #open}).
     */
    static long countBlankLines(Path file, Layout layout) throws IOException {
        if (!layout.scannable()) {
            return 0;
        }
        if (!layout.utf16() && !mayHoldBlankLines(file)) {
            return 0;
        }
        Census census = census(file, layout);
        return census == null ? 0 : census.blank();
    }

    /**
     * The cheap pass: false when the file certainly holds no blank line. A plain file is read into
     * one direct buffer, a megabyte at a time: in a fresh process that costs less than mapping the
     * file (89 MB: 80-90 ms of CPU against 180-300 ms, a page fault per 4 KB page) and much less than
     * a stream into a heap array, and, unlike a mapping, which Java unmaps only when the collector
     * gets to it, it leaves no page of the file counted in the process's memory: eight runs mapping
     * their CSV files at once added the files' size eight times to its resident set (a 1M-row file:
     * 700 MB of the concurrent benchmark's 1.8 GB). A gzipped file is read through the decompressor.
     */
    static boolean mayHoldBlankLines(Path file) throws IOException {
        CsvRecordScanner.BlankLineCandidates candidates = new CsvRecordScanner.BlankLineCandidates();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            try (InputStream in = open(file)) {
                byte[] buffer = new byte[1 << 16];
                ByteBuffer view = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
                for (int n = in.readNBytes(buffer, 0, buffer.length); n > 0; n = in.readNBytes(buffer, 0, buffer.length)) {
                    if (candidates.found(view, n)) {
                        return true;
                    }
                }
                return false;
            }
        }
        if (unreadableCompression(name)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER).order(ByteOrder.LITTLE_ENDIAN);
            while (true) {
                buffer.clear();
                while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                    // fill the buffer: only the file's last piece may end short of it
                }
                int length = buffer.position();
                if (length > 0 && candidates.found(buffer, length)) {
                    return true;
                }
                if (buffer.hasRemaining()) {
                    return false;
                }
            }
        }
    }

    /**
     * {@link #countBlankLines} on a thread of its own, to run while DuckDB reads the same file (from
     * the page cache by then): on a clean file its one pass finishes well before DuckDB's read.
     */
    static FutureTask<Long> countBlankLinesBeside(Path file, Layout layout) {
        FutureTask<Long> count = new FutureTask<>(() -> {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            long blank = countBlankLines(file, layout);
            LOG.debug("counting the blank lines of {} took {} ms ({} ms of CPU)", file.getFileName(), (System.nanoTime() - started) / 1_000_000,
                    (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000);
            return blank;
        });
        Thread thread = new Thread(count, "tributary-blank-lines");
        thread.setDaemon(true);
        thread.start();
        return count;
    }

    /** Record endings and blank lines, quote by quote; null when the file cannot be scanned. */
    static Census census(Path file, Layout layout) throws IOException {
        if (!layout.scannable()) {
            return null;
        }
        try (InputStream in = open(file)) {
            if (in == null) {
                return null;
            }
            CsvRecordScanner scanner = new CsvRecordScanner(layout, null);
            scanner.run(in);
            return new Census(scanner.lf, scanner.crlf, scanner.cr, scanner.blank);
        }
    }

    /**
     * Writes {@code file} to {@code target} with every {@code \r\n} that ends a record turned into
     * {@code \n}; line breaks inside quoted fields, and every other byte, stay as they are, so the
     * copy has the same lines, values and byte order mark (uncompressed if the file was gzipped).
     */
    static void writeWithLfEndings(Path file, Layout layout, Path target) throws IOException {
        try (InputStream in = open(file); OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
            if (in == null) {
                throw new IOException("cannot decompress " + file.getFileName());
            }
            new CsvRecordScanner(layout, out).run(in);
        }
    }
}
