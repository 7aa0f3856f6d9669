-- API tokens (tributary token create): the server accepts a request bearing one that is not revoked.
-- Only the SHA-256 of a token is kept: the token itself is shown once, when made, and never again.
CREATE TABLE api_tokens (name VARCHAR PRIMARY KEY, sha256 VARCHAR NOT NULL UNIQUE, created_at TIMESTAMP NOT NULL,
                         last_used_at TIMESTAMP, revoked_at TIMESTAMP);
