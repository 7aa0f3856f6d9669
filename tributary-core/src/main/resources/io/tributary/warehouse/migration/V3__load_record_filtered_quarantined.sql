-- Rows removed on purpose by transform steps and rows set aside by quarantining checks, so that a
-- reconciled run still accounts for every row it read: read = loaded + rejected + filtered + quarantined.
ALTER TABLE loads ADD COLUMN IF NOT EXISTS rows_filtered BIGINT;
ALTER TABLE loads ADD COLUMN IF NOT EXISTS rows_quarantined BIGINT;
