package io.tributary.connectors.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The names in the directory of an OLE2 compound file ([MS-CFB]), the container of both an old
 * {@code .xls} workbook (a {@code Workbook} stream) and a password-protected {@code .xlsx} (whose
 * encrypted zip is the {@code EncryptedPackage} stream, described by {@code EncryptionInfo}). Only
 * the header, the directory's sectors and the allocation-table sectors that chain them are read.
 */
final class CompoundFileDirectory {
    private static final byte[] SIGNATURE = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
    private static final int HEADER = 512;
    private static final int ENTRY = 128;
    private static final int HEADER_DIFAT_ENTRIES = 109;
    /** Sector numbers from this one up are markers (end of chain, free, ...), not sectors. */
    private static final long FIRST_MARKER = 0xFFFFFFFAL;
    private static final int STORAGE = 1;
    private static final int STREAM = 2;

    private final FileChannel channel;
    private final ByteBuffer header;
    private final int sectorShift;
    private final long sectors;

    private CompoundFileDirectory(FileChannel channel) throws IOException {
        this.channel = channel;
        this.header = read(0, HEADER);
        byte[] signature = new byte[SIGNATURE.length];
        header.get(0, signature);
        if (!Arrays.equals(signature, SIGNATURE)) {
            throw new IOException("not a compound file");
        }
        sectorShift = header.getShort(0x1E);
        if (sectorShift != 9 && sectorShift != 12) {
            throw new IOException("unknown sector size 2^" + sectorShift);
        }
        sectors = (channel.size() >> sectorShift) - 1; // the header takes the first sector's room
    }

    /** The names of the storages and streams of a compound file; an IOException when it is not a readable one. */
    static Set<String> names(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new CompoundFileDirectory(channel).names();
        }
    }

    private Set<String> names() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        int sectorSize = 1 << sectorShift;
        long sector = Integer.toUnsignedLong(header.getInt(0x30));
        // A chain can be no longer than the file has sectors; a longer one loops, in a damaged file.
        for (long steps = 0; sector < FIRST_MARKER; steps++) {
            if (steps > sectors) {
                throw new IOException("the directory's sector chain loops");
            }
            ByteBuffer directory = read(offset(sector), sectorSize);
            for (int at = 0; at + ENTRY <= sectorSize; at += ENTRY) {
                int type = directory.get(at + 0x42);
                int length = Short.toUnsignedInt(directory.getShort(at + 0x40));
                if ((type == STORAGE || type == STREAM) && length >= 2 && length <= 64) {
                    byte[] name = new byte[length - 2]; // without its terminating NUL
                    directory.get(at, name);
                    names.add(new String(name, StandardCharsets.UTF_16LE));
                }
            }
            sector = next(sector);
        }
        return names;
    }

    /** The sector after {@code sector} in its chain, from the file allocation table. */
    private long next(long sector) throws IOException {
        int perSector = (1 << sectorShift) / 4;
        long fatSector = fatSector(sector / perSector);
        return Integer.toUnsignedLong(read(offset(fatSector) + 4 * (sector % perSector), 4).getInt(0));
    }

    /** Where the {@code index}th sector of the allocation table is: listed in the header, then in a chain of DIFAT sectors. */
    private long fatSector(long index) throws IOException {
        if (index < HEADER_DIFAT_ENTRIES) {
            return Integer.toUnsignedLong(header.getInt(0x4C + 4 * (int) index));
        }
        int perSector = (1 << sectorShift) / 4 - 1; // the last entry points to the next DIFAT sector
        long difat = Integer.toUnsignedLong(header.getInt(0x44));
        long remaining = index - HEADER_DIFAT_ENTRIES;
        for (long steps = 0; remaining >= perSector; steps++) {
            if (steps > sectors || difat >= FIRST_MARKER) {
                throw new IOException("the allocation table is incomplete");
            }
            difat = Integer.toUnsignedLong(read(offset(difat) + 4L * perSector, 4).getInt(0));
            remaining -= perSector;
        }
        if (difat >= FIRST_MARKER) {
            throw new IOException("the allocation table is incomplete");
        }
        return Integer.toUnsignedLong(read(offset(difat) + 4 * remaining, 4).getInt(0));
    }

    private long offset(long sector) throws IOException {
        if (sector >= sectors) {
            throw new IOException("sector " + sector + " is past the end of the file");
        }
        return (sector + 1) << sectorShift;
    }

    private ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("the file ends at " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }
}
