//! The service catalogue as the administration sees it: every service, active or not, with
//! everything that can be changed about it.

use super::flag;
use crate::clock::now_ms;
use crate::{Db, DbError};
use dimos_domain::AssuranceLevel;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

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
    pub fee_cents: i64,
    pub processing_days: i64,
    /// Codes of the attachments a request must carry.
    pub required_attachments: Vec<String>,
    pub active: bool,
}

const COLUMNS: &str = "code, department_code, name_el, name_en, description_el, description_en, \
    min_level, allows_pickup, allows_post, fee_cents, processing_days, required_attachments, active";

/// Every service, active or not, in catalogue order.
pub async fn services(db: &Db) -> Result<Vec<ServiceRecord>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM services ORDER BY sort_order, code");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn service(db: &Db, code: &str) -> Result<Option<ServiceRecord>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM services WHERE code = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

fn from_row(r: &AnyRow) -> Result<ServiceRecord, DbError> {
    let level: String = r.try_get("min_level")?;
    let min_level = level
        .parse()
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let attachments: String = r.try_get("required_attachments")?;
    Ok(ServiceRecord {
        code: r.try_get("code")?,
        department_code: r.try_get("department_code")?,
        name_el: r.try_get("name_el")?,
        name_en: r.try_get("name_en")?,
        description_el: r.try_get("description_el")?,
        description_en: r.try_get("description_en")?,
        min_level,
        allows_pickup: r.try_get::<i64, _>("allows_pickup")? == 1,
        allows_post: r.try_get::<i64, _>("allows_post")? == 1,
        fee_cents: r.try_get("fee_cents")?,
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

/// Adds a service at the end of the catalogue. A taken code is a unique violation.
pub async fn insert_service(conn: &mut AnyConnection, s: &ServiceRecord) -> Result<(), DbError> {
    let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(sort_order), -1) FROM services")
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO services (code, department_code, name_el, name_en, description_el,
             description_en, min_level, allows_pickup, allows_post, fee_cents, processing_days,
             required_attachments, active, sort_order, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)",
    )
    .bind(&s.code)
    .bind(&s.department_code)
    .bind(&s.name_el)
    .bind(&s.name_en)
    .bind(&s.description_el)
    .bind(&s.description_en)
    .bind(s.min_level.as_str())
    .bind(flag(s.allows_pickup))
    .bind(flag(s.allows_post))
    .bind(s.fee_cents)
    .bind(s.processing_days)
    .bind(s.required_attachments.join(","))
    .bind(flag(s.active))
    .bind(last + 1)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces everything about a service but its code; returns whether it exists.
pub async fn update_service(conn: &mut AnyConnection, s: &ServiceRecord) -> Result<bool, DbError> {
    let n = sqlx::query(
        "UPDATE services SET department_code = $1, name_el = $2, name_en = $3,
             description_el = $4, description_en = $5, min_level = $6, allows_pickup = $7,
             allows_post = $8, fee_cents = $9, processing_days = $10, required_attachments = $11,
             active = $12, updated_at = $13
         WHERE code = $14",
    )
    .bind(&s.department_code)
    .bind(&s.name_el)
    .bind(&s.name_en)
    .bind(&s.description_el)
    .bind(&s.description_en)
    .bind(s.min_level.as_str())
    .bind(flag(s.allows_pickup))
    .bind(flag(s.allows_post))
    .bind(s.fee_cents)
    .bind(s.processing_days)
    .bind(s.required_attachments.join(","))
    .bind(flag(s.active))
    .bind(now_ms())
    .bind(&s.code)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Offers or withdraws a service; returns whether it exists.
pub async fn set_service_active(
    conn: &mut AnyConnection,
    code: &str,
    active: bool,
) -> Result<bool, DbError> {
    let n = sqlx::query("UPDATE services SET active = $1, updated_at = $2 WHERE code = $3")
        .bind(flag(active))
        .bind(now_ms())
        .bind(code)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(n == 1)
}
