-- Rows removed on purpose by transform steps (filter, dedupe) and rows set aside by quarantining checks:
-- read = loaded + rejected + filtered + quarantined.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS rows_filtered BIGINT DEFAULT 0;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS rows_quarantined BIGINT DEFAULT 0;
