//! The store: the only place with SQL.
//!
//! One query path for SQLite and PostgreSQL through sqlx's `Any` driver: hand-written SQL with
//! `$1…` placeholders, portable types only (TEXT, BIGINT). The backends differ only in how a
//! connection is opened (see [`connect`]).

mod connect;
mod decode;
mod error;
mod migrate;

pub mod activations;
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
    /// On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`). A deferred transaction
    /// that reads first and writes later cannot wait for the lock: when another connection
    /// has written since its read, SQLite fails the write at once (`SQLITE_BUSY`, which the
    /// busy timeout does not cover) and the use case answered 500 under concurrent use.
    /// Waiting at `BEGIN` instead is what the busy timeout is for. PostgreSQL needs nothing.
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
        migrate::run(&self.pool, self.backend).await
    }

    /// Closes the pool, waiting for connections in use to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
