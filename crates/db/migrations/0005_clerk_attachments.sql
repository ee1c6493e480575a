-- Reserved: clerk attachments. Replace this statement with the migration.
SELECT 1;
