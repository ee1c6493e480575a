-- Install and history: the standard catalogue's offices carry placeholder addresses, phones and
-- e-mails until an admin edits them; until then staff pages ask for them and mails leave them out.
ALTER TABLE offices ADD COLUMN placeholder BIGINT NOT NULL DEFAULT 0;
-- Installs seeded before this migration still hold the catalogue's example contact details.
UPDATE offices SET placeholder = 1 WHERE email LIKE '%@dimos.example';
