//! The use cases of dimos. Each takes the acting principal, checks authorization once, writes
//! the audit entry in the same transaction as the change, and queues mail in the outbox.

pub mod catalogue;
mod error;

pub use error::AppError;

use dimos_db::Db;

/// The application: every use case hangs off this handle. Cheap to clone.
#[derive(Clone, Debug)]
pub struct App {
    db: Db,
}

impl App {
    pub fn new(db: Db) -> App {
        App { db }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Whether the database answers (for readiness checks).
    pub async fn is_ready(&self) -> bool {
        self.db.ping().await
    }
}
