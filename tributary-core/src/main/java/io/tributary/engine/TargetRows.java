package io.tributary.engine;

/** A destination table (how it is written) and the staged rows it gets. */
record TargetRows(TableTarget target, StagedData data) {}
