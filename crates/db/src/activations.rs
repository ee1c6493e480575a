//! Activation codes of walk-in accounts: only their SHA-256 is stored; good once, until expiry.

use crate::DbError;
use dimos_domain::Timestamp;
use sqlx::AnyConnection;

/// Records a new code for `citizen_id`, handed out by the member of staff `created_by`.
pub async fn insert(
    conn: &mut AnyConnection,
    code_hash: &str,
    citizen_id: &str,
    created_by: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO citizen_activations (code_hash, citizen_id, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(code_hash)
    .bind(citizen_id)
    .bind(created_by)
    .bind(now.as_millis())
    .bind(expires_at.as_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Uses the code with this hash: the citizen it was for, when it was unused and unexpired at
/// `now`; `None` otherwise (unknown, used and expired codes alike). In the caller's
/// transaction, so a later failure (a taken username) leaves the code unused.
pub async fn use_code(
    conn: &mut AnyConnection,
    code_hash: &str,
    now: Timestamp,
) -> Result<Option<String>, DbError> {
    let citizen_id: Option<String> = sqlx::query_scalar(
        "UPDATE citizen_activations SET used_at = $1
         WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1
         RETURNING citizen_id",
    )
    .bind(now.as_millis())
    .bind(code_hash)
    .fetch_optional(conn)
    .await?;
    Ok(citizen_id)
}

/// The citizen an unused, unexpired code is for, without using it.
pub async fn peek(
    db: &crate::Db,
    code_hash: &str,
    now: Timestamp,
) -> Result<Option<String>, DbError> {
    let citizen_id: Option<String> = sqlx::query_scalar(
        "SELECT citizen_id FROM citizen_activations
         WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(code_hash)
    .bind(now.as_millis())
    .fetch_optional(db.pool())
    .await?;
    Ok(citizen_id)
}
