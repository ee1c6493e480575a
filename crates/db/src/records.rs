//! Back-office records shown to certified citizens: debts, fines and summonses, pending
//! matters. Keyed by the source system's `external_id` and by tax number.

use crate::{Db, DbError};
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debt {
    pub external_id: String,
    pub tax_number: String,
    pub category: String,
    pub description: String,
    pub amount_cents: i64,
    /// `YYYY-MM-DD`
    pub due_date: String,
    /// `open` or `paid`
    pub status: String,
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
    pub amount_cents: i64,
    /// `open`, `paid`, `appealed` or `cancelled`
    pub status: String,
    pub appeal_until: String,
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
        "SELECT external_id, tax_number, category, description, amount_cents, due_date, status FROM debts
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
                amount_cents: r.try_get("amount_cents")?,
                due_date: r.try_get("due_date")?,
                status: r.try_get("status")?,
            })
        })
        .collect()
}

/// A citizen's fines: open ones first, the nearest appeal deadline first.
pub async fn fines(db: &Db, tax_number: &str) -> Result<Vec<Fine>, DbError> {
    let rows = sqlx::query(
        "SELECT external_id, tax_number, notice_number, issued_on, place, vehicle_plate, violation,
                amount_cents, status, appeal_until FROM fines
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
                amount_cents: r.try_get("amount_cents")?,
                status: r.try_get("status")?,
                appeal_until: r.try_get("appeal_until")?,
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

/// A few records of each kind for `tax_number`, for `dimos demo`.
pub async fn insert_demo_records(db: &Db, tax_number: &str) -> Result<(), DbError> {
    let now = crate::clock::now_ms();
    let mut tx = db.begin().await?;
    for (id, category, description, amount, due, status) in [
        (
            "demo-debt-1",
            "ΤΑΠ",
            "Τέλος ακίνητης περιουσίας 2026, α΄ δόση",
            4_250_i64,
            "2026-12-31",
            "open",
        ),
        (
            "demo-debt-2",
            "Κλήση",
            "Πρόστιμο στάθμευσης (βεβαιωμένο)",
            8_000,
            "2026-09-30",
            "open",
        ),
        (
            "demo-debt-3",
            "Ύδρευση",
            "Λογαριασμός ύδρευσης Α΄ τριμήνου",
            3_120,
            "2026-04-30",
            "paid",
        ),
    ] {
        sqlx::query(
            "INSERT INTO debts (external_id, tax_number, category, description, amount_cents, due_date, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (external_id) DO NOTHING",
        )
        .bind(id)
        .bind(tax_number)
        .bind(category)
        .bind(description)
        .bind(amount)
        .bind(due)
        .bind(status)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO fines (external_id, tax_number, notice_number, issued_on, place, vehicle_plate, violation,
             amount_cents, status, appeal_until, created_at, updated_at)
         VALUES ('demo-fine-1', $1, 'ΔΑ-2026-004512', '2026-11-10', 'Ερμού 40', 'ΙΚΤ-1234',
             'Στάθμευση σε θέση ΑμεΑ', 8000, 'open', '2026-12-10', $2, $2) ON CONFLICT (external_id) DO NOTHING",
    )
    .bind(tax_number)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO pending_matters (external_id, tax_number, department_code, title, details, since, action_needed, created_at, updated_at)
         VALUES ('demo-pending-1', $1, 'registry', 'Ενημέρωση οικογενειακής μερίδας',
             'Εκκρεμεί η καταχώριση γέννησης τέκνου.', '2026-10-01',
             'Προσκομίστε ληξιαρχική πράξη γέννησης στο Δημοτολόγιο.', $2, $2) ON CONFLICT (external_id) DO NOTHING",
    )
    .bind(tax_number)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
