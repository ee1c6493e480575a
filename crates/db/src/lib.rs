//! The store: the only place with SQL.
//!
//! One query path for SQLite and PostgreSQL through sqlx's `Any` driver: hand-written SQL with
//! `$1…` placeholders, portable types only (TEXT, BIGINT). The backends differ only in how a
//! connection is opened (see [`connect`]).

mod connect;
mod error;
mod migrate;

pub mod admin;
pub mod api_keys;
pub mod attachments;
pub mod audit;
pub mod citizens;
pub mod records;
pub mod records_import;
pub mod requests;
pub mod sessions;
pub mod staff;
pub mod throttle;
pub mod verifications;

pub mod catalogue;
pub mod clock;
pub mod outbox;

pub use connect::Backend;
pub use error::DbError;

use sqlx::AnyPool;

/// A handle on the database: cheap to clone, shared by every request.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

impl Db {
    /// Opens a pool on `url` (`sqlite://…` or `postgres://…`). A SQLite file is created with its
    /// folder when missing.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        connect::open(url).await
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a transaction: every multi-row change goes through one.
    ///
    /// On SQLite the transaction takes the write lock at once (`BEGIN IMMEDIATE`), waiting its
    /// turn under the busy timeout. A plain `BEGIN` would take it at the first write, and a
    /// transaction that has read by then (an import reads the stored rows first) is not allowed
    /// to wait for it: it fails at once with "database is locked" whenever another connection —
    /// of this process or another one — is writing. Every transaction here writes anyway.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, DbError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Whether the database answers a trivial query (for `/readyz`).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// Runs every pending migration; returns how many ran. Safe when several instances start
    /// at once: each migration is claimed by exactly one of them.
    pub async fn migrate(&self) -> Result<usize, DbError> {
        migrate::run(&self.pool).await
    }

    /// Closes the pool, waiting for connections in use to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
