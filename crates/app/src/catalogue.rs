//! The service catalogue: the standard one seeded into an empty database, and reading it.

mod standard;

use crate::{App, AppError};
use dimos_db::catalogue::{self, Department, Office, Service};
use std::sync::{Arc, RwLock};

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

    /// The active catalogue. Held in memory and reloaded only when its version in the database
    /// changed (every change to it records a new one, in its own transaction), so that a page
    /// costs one small read instead of five, and another instance's change is seen at once.
    pub async fn catalogue(&self) -> Result<Arc<CatalogueSnapshot>, AppError> {
        let version = catalogue::version(self.db()).await?;
        if let Some(held) = self.catalogue_cache.held(&version) {
            return Ok(held);
        }
        // Read after the version: data newer than the version only causes one more reload.
        let snapshot = Arc::new(CatalogueSnapshot {
            services: catalogue::services(self.db()).await?,
            departments: catalogue::departments(self.db()).await?,
            offices: catalogue::offices(self.db()).await?,
        });
        self.catalogue_cache.hold(version, snapshot.clone());
        Ok(snapshot)
    }

    pub async fn services(&self) -> Result<Vec<Service>, AppError> {
        Ok(self.catalogue().await?.services.clone())
    }

    pub async fn departments(&self) -> Result<Vec<Department>, AppError> {
        Ok(self.catalogue().await?.departments.clone())
    }

    pub async fn offices(&self) -> Result<Vec<Office>, AppError> {
        Ok(self.catalogue().await?.offices.clone())
    }
}

/// The active services, departments and offices, as read together.
#[derive(Debug)]
pub struct CatalogueSnapshot {
    pub services: Vec<Service>,
    pub departments: Vec<Department>,
    pub offices: Vec<Office>,
}

/// The catalogue last read, with the version it was read under.
#[derive(Debug, Default)]
pub(crate) struct CatalogueCache(RwLock<Option<(Option<String>, Arc<CatalogueSnapshot>)>>);

impl CatalogueCache {
    fn held(&self, version: &Option<String>) -> Option<Arc<CatalogueSnapshot>> {
        let held = self.0.read().unwrap_or_else(|p| p.into_inner());
        match &*held {
            Some((v, snapshot)) if v == version => Some(snapshot.clone()),
            _ => None,
        }
    }

    fn hold(&self, version: Option<String>, snapshot: Arc<CatalogueSnapshot>) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = Some((version, snapshot));
    }
}
