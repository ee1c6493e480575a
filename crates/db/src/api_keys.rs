//! Integration keys for the record feeds. Only a key's SHA-256 is stored, with a short prefix
//! to tell keys apart in lists.

use crate::clock::now_ms;
use crate::decode::decode;
use crate::{Db, DbError};
use dimos_domain::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyRecord {
    pub id: String,
    pub name: String,
    pub key_prefix: String,
    pub created_at: Timestamp,
    /// The staff member who created it; `None` from the command line.
    pub created_by: Option<String>,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
    /// The record kinds the key may write, comma-separated (`debts,fines,pending`).
    pub kinds: String,
}

pub struct NewApiKey<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub key_prefix: &'a str,
    pub key_hash: &'a str,
    pub created_by: Option<&'a str>,
    /// Comma-separated record kinds.
    pub kinds: &'a str,
}

fn from_row(r: &AnyRow) -> Result<ApiKeyRecord, DbError> {
    Ok(ApiKeyRecord {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        key_prefix: r.try_get("key_prefix")?,
        created_at: decode(r, "created_at")?,
        created_by: r.try_get("created_by")?,
        last_used_at: decode(r, "last_used_at")?,
        revoked_at: decode(r, "revoked_at")?,
        kinds: r.try_get("kinds")?,
    })
}

pub async fn insert(conn: &mut AnyConnection, key: &NewApiKey<'_>) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO api_keys (id, name, key_prefix, key_hash, created_at, created_by, kinds)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(key.id)
    .bind(key.name)
    .bind(key.key_prefix)
    .bind(key.key_hash)
    .bind(now_ms())
    .bind(key.created_by)
    .bind(key.kinds)
    .execute(conn)
    .await?;
    Ok(())
}

/// The key whose hash this is, revoked or not.
pub async fn find_by_hash(db: &Db, key_hash: &str) -> Result<Option<ApiKeyRecord>, DbError> {
    let row = sqlx::query(
        "SELECT id, name, key_prefix, created_at, created_by, last_used_at, revoked_at, kinds
         FROM api_keys WHERE key_hash = $1",
    )
    .bind(key_hash)
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn get(db: &Db, id: &str) -> Result<Option<ApiKeyRecord>, DbError> {
    let row = sqlx::query(
        "SELECT id, name, key_prefix, created_at, created_by, last_used_at, revoked_at, kinds
         FROM api_keys WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every key, the live ones first, the newest first.
pub async fn list(db: &Db) -> Result<Vec<ApiKeyRecord>, DbError> {
    let rows = sqlx::query(
        "SELECT id, name, key_prefix, created_at, created_by, last_used_at, revoked_at, kinds
         FROM api_keys
         ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

/// Notes that a key was just used.
pub async fn touch(db: &Db, id: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Revokes a live key; `false` when there is no such key or it was revoked already.
pub async fn revoke(conn: &mut AnyConnection, id: &str) -> Result<bool, DbError> {
    let done =
        sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now_ms())
            .bind(id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}
