package io.tributary.connectors.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Follows a CSV file's bytes as DuckDB's parser does, to find where records end: {@code skip_rows}
 * physical lines first, then quoted fields (opened by a quote at the start of a field only,
 * closed by the next quote that is not escaped or doubled), and line breaks outside them. Counts
 * the record endings by kind and the blank lines; with an output, copies the file with every
 * {@code \r\n} record ending written as {@code \n}.
 *
 * <p>Works on chunks, jumping eight bytes at a time to the next byte that matters (a quote or a
 * line break outside a field, the closing quote inside one), so a scan costs little more than
 * reading the file. UTF-16 is scanned through a one-byte view of each chunk, with every unit that is
 * not ASCII shown as {@code 0x80}; the copy always writes the original bytes.
 */
final class CsvRecordScanner {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final byte LF = '\n';
    private static final byte CR = '\r';
    private static final int CHUNK = 1 << 16;

    private final CsvLines.Layout layout;
    private final OutputStream out;
    private final int unitBytes;
    private final byte quote;
    private final boolean hasQuote;
    /** The escape when it differs from the quote; otherwise a doubled quote is the escape. */
    private final boolean separateEscape;
    private final byte escape;

    long lf;
    long crlf;
    long cr;
    long blank;

    private long skipLeft;
    private boolean inQuotes;
    private boolean escapeNext;
    /** The unit just before the next one to scan is a closing quote (which a quote right after it doubles). */
    private boolean closedLast;
    private boolean pendingCr;
    /** A skipped line ended the previous chunk with a CR: an LF starting this one belongs to it. */
    private boolean skippedCr;
    private boolean lineEmpty = true;
    private byte lastUnit = LF;

    CsvRecordScanner(CsvLines.Layout layout, OutputStream out) {
        this.layout = layout;
        this.out = out;
        this.unitBytes = layout.unitBytes();
        this.hasQuote = layout.quote() >= 0;
        this.quote = (byte) layout.quote();
        this.separateEscape = layout.escape() >= 0 && layout.escape() != layout.quote();
        this.escape = (byte) layout.escape();
        this.skipLeft = layout.skipRows();
    }

    /** Reads {@code in} to its end. */
    void run(InputStream in) throws IOException {
        byte[] original = new byte[CHUNK * unitBytes];
        byte[] view = unitBytes == 1 ? original : new byte[CHUNK];
        boolean first = true;
        int carried = 0;   // an odd byte of UTF-16 left from the previous read
        while (true) {
            int read = in.readNBytes(original, carried, original.length - carried);
            int bytes = carried + read;
            if (bytes == 0) {
                break;
            }
            int units = bytes / unitBytes;
            if (unitBytes == 2) {
                toView(original, units, view);
            }
            int from = 0;
            if (first) {
                first = false;
                from = byteOrderMark(original, bytes);
                write(original, 0, from);
            }
            scan(view, original, from, units);
            carried = bytes - units * unitBytes;
            if (carried > 0) {
                original[0] = original[bytes - 1];
            }
            if (read == 0) {
                break;
            }
        }
        if (pendingCr) {
            pendingCr = false;
            writeUnit(CR);
            endRecord(RecordEnd.CR);
        }
        if (out != null) {
            out.flush();
        }
    }

    /** Units of the byte order mark at the start: DuckDB skips it, and a scan must not take it for a field's first character. */
    private int byteOrderMark(byte[] original, int bytes) {
        if (unitBytes == 2) {
            return bytes >= 2 && (original[0] & 0xFF) == 0xFF && (original[1] & 0xFF) == 0xFE ? 1 : 0;
        }
        return bytes >= 3 && (original[0] & 0xFF) == 0xEF && (original[1] & 0xFF) == 0xBB && (original[2] & 0xFF) == 0xBF ? 3 : 0;
    }

    private static void toView(byte[] original, int units, byte[] view) {
        for (int i = 0; i < units; i++) {
            int unit = (original[2 * i] & 0xFF) | (original[2 * i + 1] & 0xFF) << 8;
            view[i] = unit < 0x80 ? (byte) unit : (byte) 0x80;
        }
    }

    private enum RecordEnd { LF, CRLF, CR }

    private void scan(byte[] view, byte[] original, int from, int units) throws IOException {
        int p = from;
        int written = from;   // units of this chunk already copied to the output
        if (skippedCr && p < units) {
            skippedCr = false;
            if (view[p] == LF) {
                p++;   // the LF of a skipped line's CRLF
            }
        }
        if (pendingCr && p < units) {
            pendingCr = false;
            if (view[p] == LF) {
                endRecord(RecordEnd.CRLF);   // the CR was held back, so dropping it turns CRLF into LF
                p++;
            } else {
                writeUnit(CR);
                endRecord(RecordEnd.CR);
            }
        }
        while (p < units) {
            if (skipLeft > 0) {
                int i = find(view, p, units, LF, CR, CR);
                if (i < 0) {
                    break;
                }
                if (view[i] == CR && i + 1 == units) {
                    skippedCr = true;
                } else if (view[i] == CR && view[i + 1] == LF) {
                    i++;
                }
                skipLeft--;
                lastUnit = LF;
                p = i + 1;
                continue;
            }
            if (inQuotes) {
                if (escapeNext) {
                    escapeNext = false;
                    p++;
                    continue;
                }
                int i = separateEscape ? find(view, p, units, quote, escape, escape) : find(view, p, units, quote, quote, quote);
                if (i < 0) {
                    break;
                }
                if (separateEscape && view[i] == escape) {
                    escapeNext = true;
                } else {
                    inQuotes = false;
                    closedLast = true;
                }
                p = i + 1;
                continue;
            }
            int i = hasQuote ? find(view, p, units, LF, CR, quote) : find(view, p, units, LF, CR, CR);
            if (i < 0) {
                lineEmpty = false;
                closedLast = false;
                break;
            }
            boolean doubledQuote = closedLast && i == p && !separateEscape;
            if (i > p) {
                lineEmpty = false;
                closedLast = false;
            }
            byte unit = view[i];
            if (unit == LF) {
                endRecord(RecordEnd.LF);
                p = i + 1;
            } else if (unit == CR) {
                write(original, written, i);
                written = i + 1;   // held back: dropped when the record ends with CRLF and there is an output
                if (i + 1 == units) {
                    pendingCr = true;
                    p = units;
                } else if (view[i + 1] == LF) {
                    endRecord(RecordEnd.CRLF);
                    p = i + 2;   // the LF is written with the next range
                } else {
                    writeUnit(CR);
                    endRecord(RecordEnd.CR);
                    p = i + 1;
                }
            } else {
                // a quote: it opens a field at the start of one, or is the second of a doubled quote
                byte before = i > 0 ? view[i - 1] : lastUnit;
                if (doubledQuote || i == p && lineEmpty || fieldStart(before)) {
                    inQuotes = true;
                }
                lineEmpty = false;
                closedLast = false;
                p = i + 1;
            }
        }
        if (units > 0) {
            lastUnit = view[units - 1];
        }
        write(original, written, pendingCr ? units - 1 : units);
    }

    private boolean fieldStart(byte before) {
        return before == LF || before == CR || layout.isDelimiter(before & 0xFF);
    }

    private void endRecord(RecordEnd kind) {
        switch (kind) {
            case LF -> lf++;
            case CRLF -> crlf++;
            case CR -> cr++;
        }
        if (lineEmpty) {
            blank++;
        }
        lineEmpty = true;
        closedLast = false;
        lastUnit = LF;
    }

    private void write(byte[] original, int fromUnit, int toUnit) throws IOException {
        if (out != null && toUnit > fromUnit) {
            out.write(original, fromUnit * unitBytes, (toUnit - fromUnit) * unitBytes);
        }
    }

    private void writeUnit(byte unit) throws IOException {
        if (out != null) {
            out.write(unit);
            if (unitBytes == 2) {
                out.write(0);
            }
        }
    }

    /** The first index from {@code from} holding {@code a}, {@code b} or {@code c}, or -1. */
    static int find(byte[] bytes, int from, int to, byte a, byte b, byte c) {
        long as = ONES * (a & 0xFF);
        long bs = ONES * (b & 0xFF);
        long cs = ONES * (c & 0xFF);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long word = (long) LONG.get(bytes, i);
            long hits = zeroBytes(word ^ as) | zeroBytes(word ^ bs) | zeroBytes(word ^ cs);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte x = bytes[i];
            if (x == a || x == b || x == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Looks for what every blank line needs: a line break right after another one, or at the start.
     * A line feed followed by any break, or a carriage return followed by another, is a candidate
     * ({@code \r\n} alone is not). Eight bytes at a time; fed the file in pieces, in order.
     */
    static final class BlankLineCandidates {
        private static final long LF_BYTES = ONES * LF;
        private static final long CR_BYTES = ONES * CR;
        private boolean lastLf = true;   // the start of the file counts as after a line break
        private boolean lastCr;
        private boolean started;

        /** True when {@code bytes[0, n)} (little-endian) holds a candidate, counting the pieces before. */
        boolean found(ByteBuffer bytes, int n) {
            int i = 0;
            if (!started) {
                started = true;
                // a UTF-8 byte order mark is no line's content
                i = n >= 3 && (bytes.get(0) & 0xFF) == 0xEF && (bytes.get(1) & 0xFF) == 0xBB && (bytes.get(2) & 0xFF) == 0xBF ? 3 : 0;
            }
            for (; i + 8 <= n; i += 8) {
                long word = bytes.getLong(i);
                long lf = zeroBytes(word ^ LF_BYTES);
                long cr = zeroBytes(word ^ CR_BYTES);
                long breaks = lf | cr;
                if (breaks == 0) {
                    lastLf = false;
                    lastCr = false;
                    continue;
                }
                // byte k is a break and byte k + 1 (the next higher one, little-endian) too
                if ((lf & breaks >>> 8) != 0 || (cr & cr >>> 8) != 0 || lastLf && (breaks & 0x80) != 0 || lastCr && (cr & 0x80) != 0) {
                    return true;
                }
                lastLf = lf < 0;
                lastCr = cr < 0;
            }
            for (; i < n; i++) {
                byte b = bytes.get(i);
                if (lastLf && (b == LF || b == CR) || lastCr && b == CR) {
                    return true;
                }
                lastLf = b == LF;
                lastCr = b == CR;
            }
            return false;
        }
    }

    /** The high bit of each byte of {@code v} that is zero, exactly (no false positive beside a zero byte). */
    private static long zeroBytes(long v) {
        return ~(((v & LOW7) + LOW7) | v | LOW7);
    }
}
