-- What a file on a request is for: `information` (any owner may download it) or `result`
-- (the document itself: a Level B owner only; Level A collects it in person).
ALTER TABLE attachments ADD COLUMN purpose TEXT NOT NULL DEFAULT 'information'
    CHECK (purpose IN ('information', 'result'));
