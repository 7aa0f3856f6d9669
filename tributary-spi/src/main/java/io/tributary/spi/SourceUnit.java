package io.tributary.spi;

/**
 * One independently stageable piece of a source: a file, a table, a partition.
 *
 * @param key        stable identity stored in the state (a file's path relative to the project)
 * @param label      how to name it in messages
 * @param bytes      its size when known, else 0
 * @param knownState the state value when already computed during planning (a file's content hash), else null
 * @param changed    true when this unit was loaded before and has changed since
 */
public record SourceUnit(String key, String label, long bytes, String knownState, boolean changed) {}
