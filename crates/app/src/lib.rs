//! The use cases of dimos. Each takes the acting principal, checks authorization once, writes
//! the audit entry in the same transaction as the change, and queues mail in the outbox.

mod clock;
mod error;
mod principal;
mod settings;

pub mod admin;
pub mod api_keys;
pub mod attachments;
pub mod audit_log;
pub mod catalogue;
pub mod citizens;
pub mod export;
pub mod import;
pub mod mail;
pub mod passwords;
pub mod records;
pub mod requests;
pub mod secret_box;
pub mod staff;
pub mod tokens;
pub mod verification;

pub use error::{AppError, FieldCheck, FieldErrors};
pub use principal::{CitizenPrincipal, ClientInfo};
pub use settings::AppSettings;

use dimos_db::Db;
use std::sync::Arc;

/// The application: every use case hangs off this handle. Cheap to clone.
#[derive(Clone, Debug)]
pub struct App {
    db: Db,
    settings: Arc<AppSettings>,
}

impl App {
    pub fn new(db: Db, settings: AppSettings) -> App {
        App {
            db,
            settings: Arc::new(settings),
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn settings(&self) -> &AppSettings {
        &self.settings
    }

    /// Whether the database answers (for readiness checks).
    pub async fn is_ready(&self) -> bool {
        self.db.ping().await
    }
}
