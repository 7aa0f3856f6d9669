CREATE SEQUENCE run_ids START WITH 1;
CREATE TABLE runs (run_id BIGINT PRIMARY KEY, pipeline VARCHAR NOT NULL, started_at TIMESTAMP, ended_at TIMESTAMP,
    status VARCHAR, rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT, bytes_read BIGINT, units_loaded BIGINT,
    target VARCHAR, mode VARCHAR, full_refresh BOOLEAN, error VARCHAR, owner_id VARCHAR, error_kind VARCHAR,
    warnings VARCHAR, phases VARCHAR, skipped_blank BIGINT DEFAULT 0);
CREATE INDEX runs_by_pipeline ON runs (pipeline, run_id);
CREATE TABLE owners (owner_id VARCHAR PRIMARY KEY, host VARCHAR, pid BIGINT, process_started TIMESTAMP,
    started_at TIMESTAMP, heartbeat_at TIMESTAMP);
CREATE TABLE pipeline_leases (pipeline VARCHAR PRIMARY KEY, run_id BIGINT, owner_id VARCHAR, acquired_at TIMESTAMP);
CREATE TABLE check_results (run_id BIGINT, pipeline VARCHAR, table_name VARCHAR, check_name VARCHAR, check_type VARCHAR,
    severity VARCHAR, status VARCHAR, failing_rows BIGINT, total_rows BIGINT, threshold VARCHAR, samples VARCHAR,
    duration_ms BIGINT, message VARCHAR, checked_at TIMESTAMP);
CREATE INDEX check_results_by_run ON check_results (run_id);
CREATE INDEX check_results_by_pipeline ON check_results (pipeline, check_name, run_id);
CREATE TABLE run_logs (run_id BIGINT, seq BIGINT, logged_at TIMESTAMP, level VARCHAR, message VARCHAR);
CREATE INDEX run_logs_by_run ON run_logs (run_id, seq);
