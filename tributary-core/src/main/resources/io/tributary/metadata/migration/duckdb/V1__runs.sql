-- The run history as Tributary created it before versioned migrations; a no-op on such warehouses.
CREATE TABLE IF NOT EXISTS runs (run_id BIGINT, pipeline VARCHAR, started_at TIMESTAMP, ended_at TIMESTAMP, status VARCHAR,
    rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT, bytes_read BIGINT, units_loaded BIGINT, target VARCHAR,
    mode VARCHAR, full_refresh BOOLEAN, error VARCHAR);
