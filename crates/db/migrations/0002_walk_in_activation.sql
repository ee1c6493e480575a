-- Walk-in registration at the counter: the verifier registers a person from their document
-- (Level B at once) and hands over an activation code; with it the citizen chooses their own
-- username and password. Only the SHA-256 of the code is stored; it is good once, for 7 days.
CREATE TABLE citizen_activations (
    code_hash  TEXT PRIMARY KEY,
    citizen_id TEXT NOT NULL REFERENCES citizens (id) ON DELETE CASCADE,
    created_by TEXT NOT NULL REFERENCES staff (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX citizen_activations_citizen ON citizen_activations (citizen_id);
