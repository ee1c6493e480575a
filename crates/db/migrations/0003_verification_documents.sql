-- Verification documents (issue 12): foreign passports with their issuing country, and a
-- certified citizen's renewed document replacing the recorded one without revoking Level B.

-- The certification's document may be a foreign passport. SQLite cannot change a CHECK
-- constraint, so the table is rebuilt (nothing references it); every row is kept as it was.
CREATE TABLE verifications_rebuilt (
    id                     TEXT PRIMARY KEY,
    citizen_id             TEXT NOT NULL REFERENCES citizens (id),
    verifier_id            TEXT NOT NULL REFERENCES staff (id),
    office_code            TEXT NOT NULL REFERENCES offices (code),
    document_type          TEXT NOT NULL
        CHECK (document_type IN ('id_card', 'passport', 'foreign_passport')),
    -- ISO 3166-1 alpha-2; set for a foreign passport only.
    issuing_country        TEXT,
    document_number_enc    TEXT NOT NULL,
    document_number_masked TEXT NOT NULL,
    issuing_authority      TEXT NOT NULL,
    expires_on             TEXT NOT NULL,
    verified_at            BIGINT NOT NULL,
    revoked_at             BIGINT,
    revoked_by             TEXT REFERENCES staff (id),
    revoke_reason          TEXT,
    -- When a renewed document last replaced the one recorded (the old one is in
    -- replaced_documents); NULL while the document certified is still the one on record.
    document_renewed_at    BIGINT
);
INSERT INTO verifications_rebuilt (id, citizen_id, verifier_id, office_code, document_type,
        document_number_enc, document_number_masked, issuing_authority, expires_on, verified_at,
        revoked_at, revoked_by, revoke_reason)
    SELECT id, citizen_id, verifier_id, office_code, document_type,
        document_number_enc, document_number_masked, issuing_authority, expires_on, verified_at,
        revoked_at, revoked_by, revoke_reason
    FROM verifications;
DROP TABLE verifications;
ALTER TABLE verifications_rebuilt RENAME TO verifications;
CREATE INDEX verifications_citizen ON verifications (citizen_id, verified_at);

-- The history of a certification's documents: each row is a document that a renewed one
-- replaced, with who replaced it, where and when.
CREATE TABLE replaced_documents (
    id                     TEXT PRIMARY KEY,
    verification_id        TEXT NOT NULL REFERENCES verifications (id),
    citizen_id             TEXT NOT NULL REFERENCES citizens (id),
    document_type          TEXT NOT NULL,
    issuing_country        TEXT,
    document_number_enc    TEXT NOT NULL,
    document_number_masked TEXT NOT NULL,
    issuing_authority      TEXT NOT NULL,
    expires_on             TEXT NOT NULL,
    replaced_at            BIGINT NOT NULL,
    replaced_by            TEXT NOT NULL REFERENCES staff (id),
    replaced_at_office     TEXT NOT NULL REFERENCES offices (code)
);
CREATE INDEX replaced_documents_citizen ON replaced_documents (citizen_id, replaced_at);

-- The document shown at pickup may be a foreign passport. The requests table is referenced by
-- many others and cannot be rebuilt like verifications: a foreign passport is kept as
-- collected_document_type 'passport' with its issuing country here (NULL: a Greek document);
-- crates/db/src/requests.rs reads the pair back as 'foreign_passport'.
ALTER TABLE requests ADD COLUMN collected_document_country TEXT;
