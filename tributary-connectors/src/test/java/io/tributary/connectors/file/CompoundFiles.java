package io.tributary.connectors.file;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds small OLE2 compound files ([MS-CFB], version 3, 512-byte sectors) whose directory names
 * the given streams, for tests: the container of an old .xls workbook ({@code Workbook}) and of a
 * password-protected .xlsx ({@code EncryptionInfo}, {@code EncryptedPackage}). The streams are
 * empty; only the directory matters to what is tested. Directory sectors are laid out one apart
 * (sectors 1, 3, 5, ...) so that reading them needs the allocation table, as in files Excel writes.
 */
final class CompoundFiles {
    private static final int SECTOR = 512;
    private static final int ENTRY = 128;
    private static final int FREE = 0xFFFFFFFF;
    private static final int END_OF_CHAIN = 0xFFFFFFFE;
    private static final int FAT_SECTOR = 0xFFFFFFFD;

    private CompoundFiles() {}

    /** A compound file whose root storage holds one empty stream per name. */
    static byte[] withStreams(String... names) {
        int entries = names.length + 1;
        int directorySectors = (entries + SECTOR / ENTRY - 1) / (SECTOR / ENTRY);
        int sectors = 2 * directorySectors; // the FAT, then each directory sector followed by an unused one
        ByteBuffer file = ByteBuffer.allocate(SECTOR * (sectors + 1)).order(ByteOrder.LITTLE_ENDIAN);

        file.put(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1});
        file.putShort(0x18, (short) 0x3E).putShort(0x1A, (short) 3).putShort(0x1C, (short) 0xFFFE);
        file.putShort(0x1E, (short) 9).putShort(0x20, (short) 6);
        file.putInt(0x2C, 1).putInt(0x30, 1).putInt(0x38, 4096);
        file.putInt(0x3C, END_OF_CHAIN).putInt(0x44, END_OF_CHAIN);
        file.putInt(0x4C, 0);
        for (int i = 1; i < 109; i++) {
            file.putInt(0x4C + 4 * i, FREE);
        }

        int fat = SECTOR;
        for (int i = 0; i < SECTOR / 4; i++) {
            file.putInt(fat + 4 * i, FREE);
        }
        file.putInt(fat, FAT_SECTOR);
        for (int d = 0; d < directorySectors; d++) {
            int sector = 1 + 2 * d;
            file.putInt(fat + 4 * sector, d == directorySectors - 1 ? END_OF_CHAIN : sector + 2);
        }

        for (int i = 0; i < entries; i++) {
            int sector = 1 + 2 * (i / (SECTOR / ENTRY));
            int at = SECTOR * (sector + 1) + ENTRY * (i % (SECTOR / ENTRY));
            byte[] name = (i == 0 ? "Root Entry" : names[i - 1]).getBytes(StandardCharsets.UTF_16LE);
            file.put(at, name);
            file.putShort(at + 0x40, (short) (name.length + 2));
            file.put(at + 0x42, (byte) (i == 0 ? 5 : 2));
            file.put(at + 0x43, (byte) 1);
            file.putInt(at + 0x44, FREE);                                     // left sibling
            file.putInt(at + 0x48, i == 0 || i == names.length ? FREE : i + 1); // right sibling: the streams in a row
            file.putInt(at + 0x4C, i == 0 && names.length > 0 ? 1 : FREE);     // child: the root's first stream
            file.putInt(at + 0x74, END_OF_CHAIN);                              // starting sector: none, the stream is empty
        }
        // The unused directory slots: type 0, no siblings.
        for (int i = entries; i < directorySectors * (SECTOR / ENTRY); i++) {
            int sector = 1 + 2 * (i / (SECTOR / ENTRY));
            int at = SECTOR * (sector + 1) + ENTRY * (i % (SECTOR / ENTRY));
            file.putInt(at + 0x44, FREE).putInt(at + 0x48, FREE).putInt(at + 0x4C, FREE);
        }
        return file.array();
    }
}
