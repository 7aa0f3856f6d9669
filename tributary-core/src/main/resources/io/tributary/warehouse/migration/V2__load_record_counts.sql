-- A run's load record keeps what the run read, so its history can be reconciled from it when the
-- history lives elsewhere (a PostgreSQL metadata store) and the process stopped between the two commits.
ALTER TABLE loads ADD COLUMN IF NOT EXISTS rows_read BIGINT;
ALTER TABLE loads ADD COLUMN IF NOT EXISTS rows_rejected BIGINT;
ALTER TABLE loads ADD COLUMN IF NOT EXISTS bytes_read BIGINT;
ALTER TABLE loads ADD COLUMN IF NOT EXISTS skipped_blank BIGINT;
