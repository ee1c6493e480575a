use crate::clock::now_ms;
use crate::{Backend, DbError};
use sqlx::AnyPool;

struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

/// Every migration, in order. Append only: a migration that has shipped is never edited.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "initial",
        sql: include_str!("../migrations/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "walk_in_activation",
        sql: include_str!("../migrations/0002_walk_in_activation.sql"),
    },
    Migration {
        version: 3,
        name: "verification_documents",
        sql: include_str!("../migrations/0003_verification_documents.sql"),
    },
    Migration {
        version: 4,
        name: "treasury_references",
        sql: include_str!("../migrations/0004_treasury_references.sql"),
    },
    Migration {
        version: 5,
        name: "clerk_attachments",
        sql: include_str!("../migrations/0005_clerk_attachments.sql"),
    },
    Migration {
        version: 6,
        name: "security",
        sql: include_str!("../migrations/0006_security.sql"),
    },
    Migration {
        version: 7,
        name: "install_and_history",
        sql: include_str!("../migrations/0007_install_and_history.sql"),
    },
];

/// A PostgreSQL advisory lock key of dimos's migrations ("dimos" in ASCII).
const MIGRATION_LOCK: i64 = 0x0064_696d_6f73;

/// Creates the table of applied migrations when it is missing. Two instances starting at once
/// on an empty PostgreSQL database would both pass `IF NOT EXISTS` before either has committed,
/// and the slower one then fails on the system catalogue ("duplicate key … pg_type…", or "type
/// … already exists") although the table is there by then. So on PostgreSQL the statement runs
/// in a transaction holding an advisory lock: the second instance waits for the first's commit
/// and then finds the table. SQLite's `BEGIN IMMEDIATE` serialises the same way.
async fn create_bookkeeping(pool: &AnyPool, backend: Backend) -> Result<(), DbError> {
    const SQL: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
             version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
    let mut tx = match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => {
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT CAST(pg_advisory_xact_lock($1) AS TEXT)")
                .bind(MIGRATION_LOCK)
                .execute(&mut *tx)
                .await?;
            tx
        }
    };
    sqlx::raw_sql(SQL).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn run(pool: &AnyPool, backend: Backend) -> Result<usize, DbError> {
    create_bookkeeping(pool, backend).await?;
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
