//! Back-office records shown to certified citizens: debts, fines and summonses, pending
//! matters. Keyed by the source system's `external_id` and by tax number.

use crate::decode::decode;
use crate::{Db, DbError};
use dimos_domain::Cents;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debt {
    pub external_id: String,
    pub tax_number: String,
    pub category: String,
    pub description: String,
    pub amount_cents: Cents,
    /// `YYYY-MM-DD`
    pub due_date: String,
    /// `open` or `paid`
    pub status: String,
    /// The treasury's ISO 11649 payment reference, compact (`RF18539007547034`); `None` when
    /// it gave none.
    pub rf_reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fine {
    pub external_id: String,
    pub tax_number: String,
    pub notice_number: String,
    pub issued_on: String,
    pub place: String,
    pub vehicle_plate: String,
    pub violation: String,
    pub amount_cents: Cents,
    /// `open`, `paid`, `appealed` or `cancelled`
    pub status: String,
    pub appeal_until: String,
    /// The treasury's ISO 11649 payment reference, compact; `None` when it gave none.
    pub rf_reference: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMatter {
    pub external_id: String,
    pub tax_number: String,
    pub department: String,
    pub title: String,
    pub details: String,
    pub since: String,
    pub action_needed: String,
}

/// A citizen's debts: open ones first, the soonest due first.
pub async fn debts(db: &Db, tax_number: &str) -> Result<Vec<Debt>, DbError> {
    let rows = sqlx::query(
        "SELECT external_id, tax_number, category, description, amount_cents, due_date, status, rf_reference FROM debts
         WHERE tax_number = $1
         ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, due_date, external_id",
    )
    .bind(tax_number)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Debt {
                external_id: r.try_get("external_id")?,
                tax_number: r.try_get("tax_number")?,
                category: r.try_get("category")?,
                description: r.try_get("description")?,
                amount_cents: decode(r, "amount_cents")?,
                due_date: r.try_get("due_date")?,
                status: r.try_get("status")?,
                rf_reference: r.try_get("rf_reference")?,
            })
        })
        .collect()
}

/// A citizen's fines: open ones first, the nearest appeal deadline first.
pub async fn fines(db: &Db, tax_number: &str) -> Result<Vec<Fine>, DbError> {
    let rows = sqlx::query(
        "SELECT external_id, tax_number, notice_number, issued_on, place, vehicle_plate, violation,
                amount_cents, status, appeal_until, rf_reference FROM fines
         WHERE tax_number = $1
         ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, appeal_until, external_id",
    )
    .bind(tax_number)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Fine {
                external_id: r.try_get("external_id")?,
                tax_number: r.try_get("tax_number")?,
                notice_number: r.try_get("notice_number")?,
                issued_on: r.try_get("issued_on")?,
                place: r.try_get("place")?,
                vehicle_plate: r.try_get("vehicle_plate")?,
                violation: r.try_get("violation")?,
                amount_cents: decode(r, "amount_cents")?,
                status: r.try_get("status")?,
                appeal_until: r.try_get("appeal_until")?,
                rf_reference: r.try_get("rf_reference")?,
            })
        })
        .collect()
}

/// A citizen's pending matters, the oldest first; `department` empty for all.
pub async fn pending(
    db: &Db,
    tax_number: &str,
    department: &str,
) -> Result<Vec<PendingMatter>, DbError> {
    let rows = sqlx::query(
        "SELECT external_id, tax_number, department_code, title, details, since, action_needed FROM pending_matters
         WHERE tax_number = $1 AND ($2 = '' OR department_code = $2)
         ORDER BY since, external_id",
    )
    .bind(tax_number)
    .bind(department)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PendingMatter {
                external_id: r.try_get("external_id")?,
                tax_number: r.try_get("tax_number")?,
                department: r.try_get("department_code")?,
                title: r.try_get("title")?,
                details: r.try_get("details")?,
                since: r.try_get("since")?,
                action_needed: r.try_get("action_needed")?,
            })
        })
        .collect()
}
