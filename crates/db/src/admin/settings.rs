//! The municipality's settings: one row per key in `settings`.

use crate::clock::now_ms;
use crate::{Db, DbError};
use sqlx::{AnyConnection, Row};

/// Every stored setting as `(key, value)`.
pub async fn settings(db: &Db) -> Result<Vec<(String, String)>, DbError> {
    let rows = sqlx::query("SELECT key, value FROM settings ORDER BY key")
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("key")?, r.try_get("value")?)))
        .collect()
}

/// Stores one setting, replacing what was there.
pub async fn put_setting(conn: &mut AnyConnection, key: &str, value: &str) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(value)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}
