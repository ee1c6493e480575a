-- The whole schema of dimos, portable between SQLite and PostgreSQL.
--
-- Conventions (DESIGN: Stack): ids are TEXT (UUIDv7) or BIGINT, times are BIGINT unix
-- milliseconds, calendar dates are TEXT 'YYYY-MM-DD' (they sort and compare as text), money is
-- BIGINT euro cents, flags are BIGINT 0/1 (the sqlx Any driver cannot decode SQLite BOOLEAN).

-- Municipality-wide settings (name, contact details, postal cash-on-delivery fee, …).
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE departments (
    code       TEXT PRIMARY KEY,
    name_el    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    active     BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    sort_order BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE offices (
    code               TEXT PRIMARY KEY,
    name_el            TEXT NOT NULL,
    name_en            TEXT NOT NULL,
    street             TEXT NOT NULL,
    postal_code        TEXT NOT NULL,
    city               TEXT NOT NULL,
    phone              TEXT NOT NULL DEFAULT '',
    email              TEXT NOT NULL DEFAULT '',
    certifies_identity BIGINT NOT NULL DEFAULT 0 CHECK (certifies_identity IN (0, 1)),
    active             BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    sort_order         BIGINT NOT NULL DEFAULT 0,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);

CREATE TABLE office_departments (
    office_code     TEXT NOT NULL REFERENCES offices (code) ON DELETE CASCADE,
    department_code TEXT NOT NULL REFERENCES departments (code),
    PRIMARY KEY (office_code, department_code)
);

-- Opening hours: one row per open interval; weekday 1 = Monday … 7 = Sunday; times 'HH:MM'.
CREATE TABLE office_hours (
    office_code TEXT NOT NULL REFERENCES offices (code) ON DELETE CASCADE,
    weekday     BIGINT NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens_at    TEXT NOT NULL,
    closes_at   TEXT NOT NULL,
    PRIMARY KEY (office_code, weekday, opens_at)
);

CREATE TABLE services (
    code                 TEXT PRIMARY KEY,
    department_code      TEXT NOT NULL REFERENCES departments (code),
    name_el              TEXT NOT NULL,
    name_en              TEXT NOT NULL,
    description_el       TEXT NOT NULL DEFAULT '',
    description_en       TEXT NOT NULL DEFAULT '',
    min_level            TEXT NOT NULL CHECK (min_level IN ('A', 'B')),
    allows_pickup        BIGINT NOT NULL CHECK (allows_pickup IN (0, 1)),
    allows_post          BIGINT NOT NULL CHECK (allows_post IN (0, 1)),
    fee_cents            BIGINT NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
    processing_days      BIGINT NOT NULL DEFAULT 5 CHECK (processing_days >= 0),
    -- Comma-separated codes of the attachments a request must carry (empty: none).
    required_attachments TEXT NOT NULL DEFAULT '',
    active               BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    sort_order           BIGINT NOT NULL DEFAULT 0,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);

CREATE TABLE citizens (
    id                     TEXT PRIMARY KEY,
    -- Normalised (NFKC, lower case): unique case-insensitively by construction.
    username               TEXT NOT NULL UNIQUE,
    password_hash          TEXT NOT NULL,
    email                  TEXT NOT NULL,
    email_confirmed_at     BIGINT,
    given_name             TEXT NOT NULL,
    family_name            TEXT NOT NULL,
    father_name            TEXT NOT NULL,
    -- Family name lower-cased without accents, for accent-insensitive search.
    family_name_folded     TEXT NOT NULL,
    birth_date             TEXT NOT NULL,
    tax_number             TEXT,
    -- Set only by a verifier: one certified account per tax number.
    verified_tax_number    TEXT UNIQUE,
    social_security_number TEXT,
    phone                  TEXT,
    street                 TEXT NOT NULL,
    postal_code            TEXT NOT NULL,
    city                   TEXT NOT NULL,
    level                  TEXT NOT NULL DEFAULT 'A' CHECK (level IN ('A', 'B')),
    created_at             BIGINT NOT NULL,
    updated_at             BIGINT NOT NULL
);
CREATE INDEX citizens_email ON citizens (email);
CREATE INDEX citizens_tax_number ON citizens (tax_number);
CREATE INDEX citizens_family_name ON citizens (family_name_folded, birth_date);

-- Single-use links sent by e-mail (confirm the address, reset the password); only the SHA-256 of
-- the token is stored.
CREATE TABLE citizen_tokens (
    token_hash TEXT PRIMARY KEY,
    citizen_id TEXT NOT NULL REFERENCES citizens (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('confirm_email', 'reset_password')),
    -- The address a confirmation is for: confirming an old address after a change does nothing.
    email      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX citizen_tokens_citizen ON citizen_tokens (citizen_id, purpose);

CREATE TABLE staff (
    id              TEXT PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    password_hash   TEXT NOT NULL,
    display_name    TEXT NOT NULL DEFAULT '',
    -- TOTP secret encrypted at rest; the last accepted time step refuses replays.
    totp_secret_enc TEXT NOT NULL,
    totp_last_step  BIGINT NOT NULL DEFAULT 0,
    disabled_at     BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

CREATE TABLE staff_roles (
    staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    role     TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'verifier')),
    PRIMARY KEY (staff_id, role)
);

CREATE TABLE staff_departments (
    staff_id        TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    department_code TEXT NOT NULL REFERENCES departments (code),
    PRIMARY KEY (staff_id, department_code)
);

-- Failed-login counters for throttling, keyed by account or client address.
CREATE TABLE login_throttle (
    key             TEXT PRIMARY KEY,
    failures        BIGINT NOT NULL DEFAULT 0,
    last_failure_at BIGINT NOT NULL,
    blocked_until   BIGINT NOT NULL DEFAULT 0
);

-- Server-side sessions for pages (cookie) and the API (bearer token); only hashes are stored.
CREATE TABLE sessions (
    token_hash      TEXT PRIMARY KEY,
    -- A public handle for lists and "end this session" (the token itself is never shown).
    id              TEXT NOT NULL UNIQUE,
    principal_kind  TEXT NOT NULL CHECK (principal_kind IN ('citizen', 'staff')),
    principal_id    TEXT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('page', 'api')),
    csrf_token      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    last_seen_at    BIGINT NOT NULL,
    idle_expires_at BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    client_ip       TEXT NOT NULL DEFAULT '',
    user_agent      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_principal ON sessions (principal_kind, principal_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE verifications (
    id                     TEXT PRIMARY KEY,
    citizen_id             TEXT NOT NULL REFERENCES citizens (id),
    verifier_id            TEXT NOT NULL REFERENCES staff (id),
    office_code            TEXT NOT NULL REFERENCES offices (code),
    document_type          TEXT NOT NULL CHECK (document_type IN ('id_card', 'passport')),
    document_number_enc    TEXT NOT NULL,
    document_number_masked TEXT NOT NULL,
    issuing_authority      TEXT NOT NULL,
    expires_on             TEXT NOT NULL,
    verified_at            BIGINT NOT NULL,
    revoked_at             BIGINT,
    revoked_by             TEXT REFERENCES staff (id),
    revoke_reason          TEXT
);
CREATE INDEX verifications_citizen ON verifications (citizen_id, verified_at);

-- One row per year: the last protocol number handed out (gap-free per year).
CREATE TABLE protocol_sequences (
    year       BIGINT PRIMARY KEY,
    last_value BIGINT NOT NULL
);

CREATE TABLE requests (
    id                        TEXT PRIMARY KEY,
    protocol_number           TEXT NOT NULL UNIQUE,
    citizen_id                TEXT NOT NULL REFERENCES citizens (id),
    service_code              TEXT NOT NULL REFERENCES services (code),
    department_code           TEXT NOT NULL REFERENCES departments (code),
    delivery                  TEXT NOT NULL CHECK (delivery IN ('pickup', 'post')),
    status                    TEXT NOT NULL CHECK (status IN ('submitted', 'in_progress', 'needs_info',
                                  'ready_for_pickup', 'collected', 'dispatched', 'delivered', 'returned',
                                  'rejected', 'cancelled')),
    notes                     TEXT NOT NULL DEFAULT '',
    -- Where a posted document goes: the designated address when the request was made.
    delivery_street           TEXT,
    delivery_postal_code      TEXT,
    delivery_city             TEXT,
    pickup_office_code        TEXT REFERENCES offices (code),
    fee_cents                 BIGINT NOT NULL DEFAULT 0,
    tracking_number           TEXT,
    cod_amount_cents          BIGINT,
    collected_document_type   TEXT CHECK (collected_document_type IN ('id_card', 'passport')),
    collected_document_masked TEXT,
    due_at                    BIGINT NOT NULL,
    created_at                BIGINT NOT NULL,
    updated_at                BIGINT NOT NULL
);
CREATE INDEX requests_citizen ON requests (citizen_id, created_at);
-- The clerk's queue: oldest first within departments, optionally one status; and the admins'
-- queue over all departments. `id` last makes the keyset cursor an index seek.
CREATE INDEX requests_queue ON requests (department_code, status, created_at, id);
CREATE INDEX requests_department_age ON requests (department_code, created_at, id);
CREATE INDEX requests_age ON requests (created_at, id);

CREATE TABLE request_events (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES requests (id),
    at          BIGINT NOT NULL,
    actor_kind  TEXT NOT NULL CHECK (actor_kind IN ('citizen', 'staff', 'system')),
    actor_id    TEXT,
    -- Shown to citizens instead of a name: the role and office of the staff member.
    actor_label TEXT NOT NULL DEFAULT '',
    from_status TEXT,
    to_status   TEXT NOT NULL,
    message     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX request_events_request ON request_events (request_id, at);

CREATE TABLE attachments (
    id            TEXT PRIMARY KEY,
    request_id    TEXT NOT NULL REFERENCES requests (id),
    event_id      TEXT REFERENCES request_events (id),
    uploaded_by   TEXT NOT NULL CHECK (uploaded_by IN ('citizen', 'staff')),
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    storage_path  TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX attachments_request ON attachments (request_id);

-- Back-office records, keyed by the source system's id; shown to the Level B citizen whose
-- verified tax number they carry.
CREATE TABLE debts (
    external_id  TEXT PRIMARY KEY,
    tax_number   TEXT NOT NULL,
    category     TEXT NOT NULL,
    description  TEXT NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
    due_date     TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'paid')),
    -- A hash of the record's fields: an import that brings the same values changes nothing.
    row_hash     TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX debts_tax_number ON debts (tax_number, due_date);

CREATE TABLE fines (
    external_id   TEXT PRIMARY KEY,
    tax_number    TEXT NOT NULL,
    notice_number TEXT NOT NULL,
    issued_on     TEXT NOT NULL,
    place         TEXT NOT NULL,
    vehicle_plate TEXT NOT NULL,
    violation     TEXT NOT NULL,
    amount_cents  BIGINT NOT NULL CHECK (amount_cents >= 0),
    status        TEXT NOT NULL CHECK (status IN ('open', 'paid', 'appealed', 'cancelled')),
    appeal_until  TEXT NOT NULL,
    row_hash      TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX fines_tax_number ON fines (tax_number, appeal_until);

CREATE TABLE pending_matters (
    external_id     TEXT PRIMARY KEY,
    tax_number      TEXT NOT NULL,
    department_code TEXT NOT NULL,
    title           TEXT NOT NULL,
    details         TEXT NOT NULL,
    since           TEXT NOT NULL,
    action_needed   TEXT NOT NULL,
    row_hash        TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX pending_matters_tax_number ON pending_matters (tax_number, since);

-- Append-only audit log, chained by SHA-256: each entry carries the previous entry's hash.
CREATE TABLE audit_events (
    seq                BIGINT PRIMARY KEY,
    at                 BIGINT NOT NULL,
    actor_kind         TEXT NOT NULL CHECK (actor_kind IN ('anonymous', 'citizen', 'staff', 'system', 'api_key')),
    actor_id           TEXT,
    action             TEXT NOT NULL,
    target_kind        TEXT,
    target_id          TEXT,
    -- The citizen the entry is about, for "who accessed my data" and the data export.
    subject_citizen_id TEXT,
    outcome            TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    client_ip          TEXT NOT NULL DEFAULT '',
    details            TEXT NOT NULL DEFAULT '{}',
    prev_hash          TEXT NOT NULL,
    hash               TEXT NOT NULL
);
CREATE INDEX audit_events_actor ON audit_events (actor_kind, actor_id, at);
CREATE INDEX audit_events_subject ON audit_events (subject_citizen_id, at);
CREATE INDEX audit_events_action ON audit_events (action, at);

-- The head of the chain: updating this one row serialises writers on both databases.
CREATE TABLE audit_head (
    id        BIGINT PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '');

-- Outgoing mail, drained by a background worker (several instances claim rows, never twice).
CREATE TABLE mail_outbox (
    id            TEXT PRIMARY KEY,
    to_address    TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body_text     TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    next_try_at   BIGINT NOT NULL,
    attempts      BIGINT NOT NULL DEFAULT 0,
    last_error    TEXT,
    claimed_by    TEXT,
    claimed_until BIGINT,
    sent_at       BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_try_at);

-- Integration keys for the back-office record feeds; only the hash is stored.
CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    key_prefix   TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    created_by   TEXT,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
