//! The service catalogue as the administration sees it: every service, active or not, with
//! everything that can be changed about it.

use super::{AnyQuery, Catalogued, flag};
use crate::decode::decode;
use crate::{Db, DbError};
use dimos_domain::{AssuranceLevel, Cents};
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRecord {
    pub code: String,
    pub department_code: String,
    pub name_el: String,
    pub name_en: String,
    pub description_el: String,
    pub description_en: String,
    pub min_level: AssuranceLevel,
    pub allows_pickup: bool,
    pub allows_post: bool,
    pub fee_cents: Cents,
    pub processing_days: i64,
    /// Codes of the attachments a request must carry.
    pub required_attachments: Vec<String>,
    pub active: bool,
}

impl Catalogued for ServiceRecord {
    const TABLE: &'static str = "services";
    const FIELDS: &'static str = "department_code, name_el, name_en, description_el, \
        description_en, min_level, allows_pickup, allows_post, fee_cents, processing_days, \
        required_attachments";
    const EDIT_SETS_ACTIVE: bool = true;

    fn bind_fields(&self, query: AnyQuery) -> AnyQuery {
        query
            .bind(&self.department_code)
            .bind(&self.name_el)
            .bind(&self.name_en)
            .bind(&self.description_el)
            .bind(&self.description_en)
            .bind(self.min_level.as_str())
            .bind(flag(self.allows_pickup))
            .bind(flag(self.allows_post))
            .bind(self.fee_cents.get())
            .bind(self.processing_days)
            .bind(self.required_attachments.join(","))
    }

    fn from_row(r: &AnyRow) -> Result<ServiceRecord, DbError> {
        let attachments: String = r.try_get("required_attachments")?;
        Ok(ServiceRecord {
            code: r.try_get("code")?,
            department_code: r.try_get("department_code")?,
            min_level: decode(r, "min_level")?,
            name_el: r.try_get("name_el")?,
            name_en: r.try_get("name_en")?,
            description_el: r.try_get("description_el")?,
            description_en: r.try_get("description_en")?,
            allows_pickup: r.try_get::<i64, _>("allows_pickup")? == 1,
            allows_post: r.try_get::<i64, _>("allows_post")? == 1,
            fee_cents: decode(r, "fee_cents")?,
            processing_days: r.try_get("processing_days")?,
            required_attachments: attachments
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect(),
            active: r.try_get::<i64, _>("active")? == 1,
        })
    }

    fn key(&self) -> (&str, bool) {
        (&self.code, self.active)
    }
}

/// One service, active or not.
pub async fn service(db: &Db, code: &str) -> Result<Option<ServiceRecord>, DbError> {
    super::record(db, code).await
}
