-- Backfills: a pipeline's time range read again window by window, each window once (one run per attempt).
CREATE SEQUENCE backfill_ids START WITH 1;
CREATE TABLE backfills (backfill_id BIGINT PRIMARY KEY, pipeline TEXT, range_from TIMESTAMP, range_to TIMESTAMP,
    window_size TEXT, zone TEXT, created_at TIMESTAMP);
-- A window is done when its run succeeded: the run's end commits with its publish (or is reconciled from the load record).
CREATE TABLE backfill_windows (backfill_id BIGINT, seq INTEGER, pipeline TEXT, window_from TIMESTAMP, window_to TIMESTAMP,
    status TEXT, run_id BIGINT, updated_at TIMESTAMP, PRIMARY KEY (backfill_id, seq));
-- Which process runs the backfills of a pipeline: one at a time, so no window runs twice.
CREATE TABLE backfill_leases (pipeline TEXT PRIMARY KEY, owner_id TEXT, acquired_at TIMESTAMP);
