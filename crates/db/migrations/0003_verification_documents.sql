-- Reserved: verification documents. Replace this statement with the migration.
SELECT 1;
