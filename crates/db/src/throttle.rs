//! Counters of consecutive failed logins, keyed by account or by client address.

use crate::{Db, DbError};
use dimos_domain::Timestamp;
use sqlx::Row;

/// Until when the most blocked of `keys` is blocked; a moment already past (the epoch for a
/// key never blocked) when none is.
pub async fn blocked_until(db: &Db, keys: &[&str]) -> Result<Timestamp, DbError> {
    let mut until = 0;
    for key in keys {
        let value: Option<i64> =
            sqlx::query_scalar("SELECT blocked_until FROM login_throttle WHERE key = $1")
                .bind(*key)
                .fetch_optional(db.pool())
                .await?;
        until = until.max(value.unwrap_or(0));
    }
    Ok(Timestamp::from_millis(until))
}

/// Counts a failure for `key`; a run older than `forget_before` starts again at one. `delay`
/// turns the count into how long to block (ms). Returns the new count.
pub async fn record_failure(
    db: &Db,
    key: &str,
    now: Timestamp,
    forget_before: Timestamp,
    delay: impl Fn(i64) -> i64,
) -> Result<i64, DbError> {
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "INSERT INTO login_throttle (key, failures, last_failure_at, blocked_until) VALUES ($1, 1, $2, 0)
         ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN login_throttle.last_failure_at < $3 THEN 1
                             ELSE login_throttle.failures + 1 END,
             last_failure_at = $2
         RETURNING failures",
    )
    .bind(key)
    .bind(now.as_millis())
    .bind(forget_before.as_millis())
    .fetch_one(&mut *tx)
    .await?;
    let failures: i64 = row.try_get("failures")?;
    let block = delay(failures);
    if block > 0 {
        sqlx::query("UPDATE login_throttle SET blocked_until = $1 WHERE key = $2")
            .bind(now.plus_millis(block).as_millis())
            .bind(key)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(failures)
}

/// Forgets the failures of `key` (after a successful login).
pub async fn reset(db: &Db, key: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(key)
        .execute(db.pool())
        .await?;
    Ok(())
}
