-- Reserved: citizen pages. Replace this statement with the migration.
SELECT 1;
