//! The use cases of dimos. Each takes the acting principal, checks authorization once, writes
//! the audit entry in the same transaction as the change, and queues mail in the outbox.

mod client_throttle;
mod clock;
mod error;
mod principal;
mod settings;
mod store;
mod throttled_audit;

pub mod admin;
pub mod api_keys;
pub mod attachments;
pub mod audit_log;
pub mod catalogue;
pub mod citizens;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod mail;
pub mod passwords;
pub mod records;
pub mod requests;
pub mod secret_box;
pub mod staff;
pub mod tokens;
pub mod verification;
pub mod walk_in;

pub use error::{AppError, FieldCheck, FieldErrors, TransitionRefused};
pub use principal::{CitizenPrincipal, ClientInfo};
pub use settings::AppSettings;
pub use store::ChainBreak;

use dimos_db::Db;
use std::sync::Arc;

/// The application: every use case hangs off this handle. Cheap to clone.
#[derive(Clone, Debug)]
pub struct App {
    db: Db,
    settings: Arc<AppSettings>,
    /// The municipality's name (Greek, English) as the admin last saved it; shown on every page.
    municipality_name: Arc<std::sync::RwLock<(String, String)>>,
    /// Refused login attempts not yet written to the audit log.
    throttled: Arc<throttled_audit::ThrottledAttempts>,
    /// The catalogue as last read (see [`App::catalogue`]).
    catalogue_cache: Arc<catalogue::CatalogueCache>,
}

impl App {
    pub fn new(db: Db, settings: AppSettings) -> App {
        let name = (
            settings.municipality_el.clone(),
            settings.municipality_en.clone(),
        );
        App {
            db,
            settings: Arc::new(settings),
            municipality_name: Arc::new(std::sync::RwLock::new(name)),
            throttled: Arc::default(),
            catalogue_cache: Arc::default(),
        }
    }

    fn throttled(&self) -> &throttled_audit::ThrottledAttempts {
        &self.throttled
    }

    /// The municipality's name in Greek and English, as currently in force.
    pub fn municipality_name(&self) -> (String, String) {
        self.municipality_name
            .read()
            .map(|n| n.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// Reloads the name from the saved settings (after an admin change, and now and then so
    /// that other instances see it too).
    pub async fn refresh_municipality_name(&self) -> Result<(), AppError> {
        let saved = self.municipality_settings().await?;
        if let Ok(mut name) = self.municipality_name.write() {
            *name = (saved.name_el, saved.name_en);
        }
        Ok(())
    }

    pub(crate) fn db(&self) -> &Db {
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
