//! In-person identity certifications (Level B).

use crate::{Db, DbError};
use sqlx::Row;

/// The certification in force for a citizen, as shown to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationSummary {
    pub verified_at: i64,
    pub document_type: String,
    pub office_code: String,
}

pub async fn current(db: &Db, citizen_id: &str) -> Result<Option<VerificationSummary>, DbError> {
    let row = sqlx::query(
        "SELECT verified_at, document_type, office_code FROM verifications
         WHERE citizen_id = $1 AND revoked_at IS NULL ORDER BY verified_at DESC LIMIT 1",
    )
    .bind(citizen_id)
    .fetch_optional(db.pool())
    .await?;
    row.map(|r| {
        Ok(VerificationSummary {
            verified_at: r.try_get("verified_at")?,
            document_type: r.try_get("document_type")?,
            office_code: r.try_get("office_code")?,
        })
    })
    .transpose()
}
