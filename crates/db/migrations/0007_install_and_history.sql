-- Reserved: install and history. Replace this statement with the migration.
SELECT 1;
