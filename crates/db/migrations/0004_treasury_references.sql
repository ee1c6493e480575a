-- Payment references (ISO 11649 "RF") as the treasury's feed gives them: NULL when it gave
-- none. The portal never makes one up.
ALTER TABLE debts ADD COLUMN rf_reference TEXT;
ALTER TABLE fines ADD COLUMN rf_reference TEXT;
