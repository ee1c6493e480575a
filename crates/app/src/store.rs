//! The few things outside the use cases need from the store (closing it, the audit check, the
//! demo data, the clock). The store itself stays private to this crate.

use crate::{App, AppError};

pub use dimos_db::audit::ChainBreak;

impl App {
    /// Closes the store's connections (at shutdown, and at the end of a command).
    pub async fn close(&self) {
        self.db.close().await;
    }

    /// Walks the audit log's hash chain: `Ok(entries)` when intact, else where it breaks.
    pub async fn verify_audit_chain(&self) -> Result<Result<i64, ChainBreak>, AppError> {
        Ok(dimos_db::audit::verify(&self.db).await?)
    }

    /// The display name of the member of staff with this id, `None` when there is none.
    pub async fn staff_display_name(&self, id: &str) -> Result<Option<String>, AppError> {
        Ok(dimos_db::staff::get(&self.db, id)
            .await?
            .map(|m| m.display_name))
    }

    /// The id of the member of staff with this username (the demo data finds its staff again).
    pub async fn staff_id_by_username(&self, username: &str) -> Result<Option<String>, AppError> {
        Ok(dimos_db::staff::find_by_username(&self.db, username)
            .await?
            .map(|m| m.id))
    }

    /// Whether a citizen has this username (the demo data is loaded once).
    pub async fn citizen_username_exists(&self, username: &str) -> Result<bool, AppError> {
        Ok(dimos_db::citizens::username_exists(&self.db, username).await?)
    }

    /// Marks a citizen's email confirmed without a link (the demo data only).
    pub async fn confirm_email_for_demo(&self, citizen_id: &str) -> Result<(), AppError> {
        Ok(dimos_db::citizens::mark_email_confirmed(&self.db, citizen_id).await?)
    }

    /// Now, on the clock every stored time uses.
    pub fn now(&self) -> dimos_domain::Timestamp {
        dimos_db::clock::now()
    }
}

impl App {
    /// Takes every connection of the store's pool and holds them until the result is dropped,
    /// as a burst of requests ahead would (the tests of the "busy, try again" answer).
    #[doc(hidden)]
    pub async fn hold_every_connection(
        &self,
    ) -> Result<Vec<sqlx::pool::PoolConnection<sqlx::Any>>, AppError> {
        let pool = self.db.pool();
        let mut held = Vec::new();
        while let Some(connection) = pool.try_acquire() {
            held.push(connection);
        }
        while held.len() < pool.options().get_max_connections() as usize {
            held.push(pool.acquire().await.map_err(dimos_db::DbError::from)?);
        }
        Ok(held)
    }
}
