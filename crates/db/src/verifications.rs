//! In-person identity certifications (Level B).

use crate::decode::decode;
use crate::{Db, DbError};
use dimos_domain::{DocumentType, Timestamp};
use sqlx::{AnyConnection, Row};

/// The certification in force for a citizen, as shown to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationSummary {
    pub verified_at: Timestamp,
    pub document_type: DocumentType,
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
            verified_at: decode(&r, "verified_at")?,
            document_type: decode(&r, "document_type")?,
            office_code: r.try_get("office_code")?,
        })
    })
    .transpose()
}

/// A certification as recorded at the counter.
#[derive(Debug, Clone)]
pub struct NewVerification<'a> {
    pub id: &'a str,
    pub citizen_id: &'a str,
    pub verifier_id: &'a str,
    pub office_code: &'a str,
    pub document_type: DocumentType,
    pub issuing_country: Option<&'a str>,
    pub document_number_enc: &'a str,
    pub document_number_masked: &'a str,
    pub issuing_authority: &'a str,
    pub expires_on: &'a str,
    pub verified_at: Timestamp,
}

pub async fn insert(conn: &mut AnyConnection, v: &NewVerification<'_>) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO verifications (id, citizen_id, verifier_id, office_code, document_type,
             document_number_enc, document_number_masked, issuing_authority, expires_on, verified_at,
             issuing_country)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(v.id)
    .bind(v.citizen_id)
    .bind(v.verifier_id)
    .bind(v.office_code)
    .bind(v.document_type.as_str())
    .bind(v.document_number_enc)
    .bind(v.document_number_masked)
    .bind(v.issuing_authority)
    .bind(v.expires_on)
    .bind(v.verified_at.as_millis())
    .bind(v.issuing_country)
    .execute(conn)
    .await?;
    Ok(())
}

/// The full record of the certification in force (for the receipt and the pickup check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub id: String,
    pub citizen_id: String,
    pub verifier_id: String,
    pub office_code: String,
    pub document_type: DocumentType,
    pub issuing_country: Option<String>,
    pub document_number_enc: String,
    pub document_number_masked: String,
    pub issuing_authority: String,
    pub expires_on: String,
    pub verified_at: Timestamp,
    /// When a renewed document last replaced the recorded one.
    pub document_renewed_at: Option<Timestamp>,
}

pub async fn current_full(db: &Db, citizen_id: &str) -> Result<Option<Verification>, DbError> {
    let row = sqlx::query(
        "SELECT id, citizen_id, verifier_id, office_code, document_type, document_number_enc,
                document_number_masked, issuing_authority, expires_on, verified_at,
                issuing_country, document_renewed_at
         FROM verifications WHERE citizen_id = $1 AND revoked_at IS NULL
         ORDER BY verified_at DESC LIMIT 1",
    )
    .bind(citizen_id)
    .fetch_optional(db.pool())
    .await?;
    row.map(|r| {
        Ok(Verification {
            id: r.try_get("id")?,
            citizen_id: r.try_get("citizen_id")?,
            verifier_id: r.try_get("verifier_id")?,
            office_code: r.try_get("office_code")?,
            document_type: decode(&r, "document_type")?,
            document_number_enc: r.try_get("document_number_enc")?,
            document_number_masked: r.try_get("document_number_masked")?,
            issuing_authority: r.try_get("issuing_authority")?,
            expires_on: r.try_get("expires_on")?,
            verified_at: decode(&r, "verified_at")?,
            issuing_country: r.try_get("issuing_country")?,
            document_renewed_at: decode(&r, "document_renewed_at")?,
        })
    })
    .transpose()
}

/// A renewed document for the certification in force (`current` is the row it replaces).
#[derive(Debug, Clone)]
pub struct RenewedDocument<'a> {
    pub history_id: &'a str,
    pub document_type: DocumentType,
    pub issuing_country: Option<&'a str>,
    pub document_number_enc: &'a str,
    pub document_number_masked: &'a str,
    pub issuing_authority: &'a str,
    pub expires_on: &'a str,
    pub office_code: &'a str,
    pub replaced_by: &'a str,
    pub at: Timestamp,
}

/// Keeps the recorded document of the certification `current` in `replaced_documents` and
/// records the renewed one in its place; the certification itself (when, where, by whom) is
/// unchanged. Returns false when `current` is no longer in force or its document changed
/// meanwhile (nothing is written then).
pub async fn replace_document(
    conn: &mut AnyConnection,
    current: &Verification,
    renewed: &RenewedDocument<'_>,
) -> Result<bool, DbError> {
    let n = sqlx::query(
        "UPDATE verifications SET document_type = $1, issuing_country = $2,
             document_number_enc = $3, document_number_masked = $4, issuing_authority = $5,
             expires_on = $6, document_renewed_at = $7
         WHERE id = $8 AND revoked_at IS NULL AND document_number_enc = $9",
    )
    .bind(renewed.document_type.as_str())
    .bind(renewed.issuing_country)
    .bind(renewed.document_number_enc)
    .bind(renewed.document_number_masked)
    .bind(renewed.issuing_authority)
    .bind(renewed.expires_on)
    .bind(renewed.at.as_millis())
    .bind(&current.id)
    .bind(&current.document_number_enc)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO replaced_documents (id, verification_id, citizen_id, document_type,
             issuing_country, document_number_enc, document_number_masked, issuing_authority,
             expires_on, replaced_at, replaced_by, replaced_at_office)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(renewed.history_id)
    .bind(&current.id)
    .bind(&current.citizen_id)
    .bind(current.document_type.as_str())
    .bind(current.issuing_country.as_deref())
    .bind(&current.document_number_enc)
    .bind(&current.document_number_masked)
    .bind(&current.issuing_authority)
    .bind(&current.expires_on)
    .bind(renewed.at.as_millis())
    .bind(renewed.replaced_by)
    .bind(renewed.office_code)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// How many documents renewed ones replaced for a citizen (the history's length).
pub async fn replaced_count(db: &Db, citizen_id: &str) -> Result<i64, DbError> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM replaced_documents WHERE citizen_id = $1")
        .bind(citizen_id)
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get("n")?)
}

/// Ends the certification in force; returns whether there was one.
pub async fn revoke(
    conn: &mut AnyConnection,
    citizen_id: &str,
    by: &str,
    reason: &str,
    at: Timestamp,
) -> Result<bool, DbError> {
    let n = sqlx::query(
        "UPDATE verifications SET revoked_at = $1, revoked_by = $2, revoke_reason = $3
         WHERE citizen_id = $4 AND revoked_at IS NULL",
    )
    .bind(at.as_millis())
    .bind(by)
    .bind(reason)
    .bind(citizen_id)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n > 0)
}
