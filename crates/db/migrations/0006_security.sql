-- Security (issue 12): integration keys are scoped to the record kinds they may write,
-- a comma-separated list of `debts`, `fines`, `pending`. Existing keys keep all three.
ALTER TABLE api_keys ADD COLUMN kinds TEXT NOT NULL DEFAULT 'debts,fines,pending';
