-- Paused pipelines (tributary pause / resume): the server does not schedule them; a resume applies
-- the pipeline's catchup: policy to the fire times missed since paused_at.
CREATE TABLE pipeline_pauses (pipeline VARCHAR PRIMARY KEY, paused_at TIMESTAMP NOT NULL, reason VARCHAR);
