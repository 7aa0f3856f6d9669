-- Owners are the processes that run pipelines; a run is abandoned only when its owner is gone.
CREATE TABLE owners (owner_id VARCHAR PRIMARY KEY, host VARCHAR, pid BIGINT, process_started TIMESTAMP,
    started_at TIMESTAMP, heartbeat_at TIMESTAMP);
-- Which run holds each pipeline: a pipeline never runs twice at once.
CREATE TABLE pipeline_leases (pipeline VARCHAR PRIMARY KEY, run_id BIGINT, owner_id VARCHAR, acquired_at TIMESTAMP);
CREATE TABLE check_results (run_id BIGINT, pipeline VARCHAR, table_name VARCHAR, check_name VARCHAR, check_type VARCHAR,
    severity VARCHAR, status VARCHAR, failing_rows BIGINT, total_rows BIGINT, threshold VARCHAR, samples VARCHAR,
    duration_ms BIGINT, message VARCHAR, checked_at TIMESTAMP);
CREATE TABLE run_logs (run_id BIGINT, seq BIGINT, logged_at TIMESTAMP, level VARCHAR, message VARCHAR);
