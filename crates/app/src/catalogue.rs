//! The service catalogue: the standard one seeded into an empty database, and reading it.

mod standard;

use crate::{App, AppError};
use dimos_db::catalogue::{self, Department, Office, Service};

pub use standard::standard_catalogue;

impl App {
    /// Seeds the standard catalogue when the database has none. Returns whether it seeded.
    pub async fn seed_standard_catalogue(&self) -> Result<bool, AppError> {
        if !catalogue::is_empty(self.db()).await? {
            return Ok(false);
        }
        catalogue::seed(self.db(), &standard_catalogue()).await?;
        tracing::info!("standard catalogue seeded");
        Ok(true)
    }

    pub async fn services(&self) -> Result<Vec<Service>, AppError> {
        Ok(catalogue::services(self.db()).await?)
    }

    pub async fn departments(&self) -> Result<Vec<Department>, AppError> {
        Ok(catalogue::departments(self.db()).await?)
    }

    pub async fn offices(&self) -> Result<Vec<Office>, AppError> {
        Ok(catalogue::offices(self.db()).await?)
    }
}
