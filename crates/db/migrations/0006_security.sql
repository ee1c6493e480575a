-- Reserved: security. Replace this statement with the migration.
SELECT 1;
