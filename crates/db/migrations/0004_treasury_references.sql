-- Reserved: treasury references. Replace this statement with the migration.
SELECT 1;
