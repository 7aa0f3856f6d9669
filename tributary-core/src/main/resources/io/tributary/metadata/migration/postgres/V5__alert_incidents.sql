-- Alert incidents that are open: one per (pipeline, kind), so a restart knows what it already told
-- (no repeated alert) and when it last told it (reminders continue on time). Resolving deletes the row.
CREATE TABLE alert_incidents (pipeline VARCHAR NOT NULL, kind VARCHAR NOT NULL, state VARCHAR, opened_at TIMESTAMP NOT NULL,
    notified_at TIMESTAMP, run_id BIGINT, summary VARCHAR, PRIMARY KEY (pipeline, kind));
-- How each alert channel's deliveries went, so `tributary status` shows a failing channel without the server.
CREATE TABLE alert_channels (channel VARCHAR PRIMARY KEY, last_attempt_at TIMESTAMP, last_delivered BOOLEAN,
    last_success_at TIMESTAMP, last_failure_at TIMESTAMP, last_failure VARCHAR, delivered_total BIGINT, failed_total BIGINT);
