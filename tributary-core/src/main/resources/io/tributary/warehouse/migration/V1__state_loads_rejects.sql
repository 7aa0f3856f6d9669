-- The warehouse's own tables as Tributary created them before versioned migrations; a no-op on such warehouses.
-- state and loads commit with the data (exactly once); rejected rows are kept as they are found.
CREATE TABLE IF NOT EXISTS state (pipeline VARCHAR, unit VARCHAR, value VARCHAR, run_id BIGINT, updated_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS loads (run_id BIGINT, pipeline VARCHAR, target VARCHAR, mode VARCHAR, units BIGINT,
    rows_loaded BIGINT, committed_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS rejected_rows (run_id BIGINT, pipeline VARCHAR, unit VARCHAR, line BIGINT, column_name VARCHAR,
    raw VARCHAR, reason VARCHAR, rejected_at TIMESTAMP);
