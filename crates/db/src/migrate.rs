use crate::DbError;
use crate::clock::now_ms;
use sqlx::AnyPool;

struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

/// Every migration, in order. Append only: a migration that has shipped is never edited.
const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "initial",
    sql: include_str!("../migrations/0001_initial.sql"),
}];

/// Creates the table of applied migrations when it is missing. Two instances starting at once
/// on an empty PostgreSQL database both pass `IF NOT EXISTS` before either has committed, and
/// the slower one then fails on a unique index of the system catalogue although the table is
/// there by then (PostgreSQL waits for the winner's commit before it reports that). Asked again
/// it finds the table; a real problem fails every time and is reported.
async fn create_bookkeeping(pool: &AnyPool) -> Result<(), DbError> {
    const SQL: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
             version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
    let mut attempts = 0;
    loop {
        attempts += 1;
        match sqlx::raw_sql(SQL).execute(pool).await {
            Ok(_) => return Ok(()),
            Err(e) => {
                let error = DbError::from(e);
                if attempts >= 3 || !error.is_unique_violation() {
                    return Err(error);
                }
                tracing::info!("another instance created the migrations table at the same moment");
            }
        }
    }
}

pub(crate) async fn run(pool: &AnyPool) -> Result<usize, DbError> {
    create_bookkeeping(pool).await?;
    let mut applied = 0;
    for migration in MIGRATIONS {
        let mut tx = pool.begin().await?;
        // Claiming the version first makes a concurrent migrator wait on this row until we
        // commit, and then find it taken: each migration runs exactly once.
        let claimed = sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)
             ON CONFLICT (version) DO NOTHING",
        )
        .bind(migration.version)
        .bind(migration.name)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed == 0 {
            tx.rollback().await?;
            continue;
        }
        sqlx::raw_sql(migration.sql).execute(&mut *tx).await?;
        tx.commit().await?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "migration applied"
        );
        applied += 1;
    }
    Ok(applied)
}
