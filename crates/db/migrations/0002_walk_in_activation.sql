-- Reserved: walk in activation. Replace this statement with the migration.
SELECT 1;
