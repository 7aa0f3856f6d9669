package io.tributary.project;

import java.nio.file.Path;

/**
 * The embedded DuckDB warehouse: its file, and the engine's memory and thread budget (DuckDB spills
 * to disk past the memory limit rather than failing).
 */
public record WarehouseSpec(Path path, String memoryLimit, Integer threads) {}
