//! The mail outbox. A use case queues mail in its own transaction, so a mail exists iff the
//! change it reports committed; background workers (one or more per instance, several instances)
//! claim due rows under a time-limited lease, send them, and mark each sent or failed.
//!
//! Delivery is at least once: a worker that dies after the server accepted a mail but before
//! `mark_sent` leaves a lease that expires, and the mail goes out again. Two live workers never
//! hold the same row at once (see [`claim_due`]).

use crate::clock::now_ms;
use crate::decode::decode;
use crate::{Db, DbError};
use dimos_domain::{Email, Timestamp};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A mail to queue. The body is plain text; headers are composed at send time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    pub to: Email,
    pub subject: String,
    pub body_text: String,
}

/// A claimed mail, as a worker sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub id: String,
    pub to: String,
    pub subject: String,
    pub body_text: String,
    pub created_at: Timestamp,
    /// Failed attempts before this one.
    pub attempts: i64,
}

/// `next_try_at` of a mail the worker gave up on: never due again unless an operator resets it.
pub const GIVEN_UP: Timestamp = Timestamp::from_millis(i64::MAX);

/// How much of an error text is kept: enough to diagnose, too little to hold a message.
const MAX_ERROR_CHARS: usize = 500;

/// Queues a mail inside the caller's transaction (pass `&mut *tx`); returns its id.
pub async fn enqueue(conn: &mut AnyConnection, mail: &NewMail) -> Result<String, DbError> {
    let id = uuid::Uuid::now_v7().to_string();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO mail_outbox (id, to_address, subject, body_text, created_at, next_try_at, attempts)
         VALUES ($1, $2, $3, $4, $5, $5, 0)",
    )
    .bind(&id)
    .bind(mail.to.as_str())
    .bind(&mail.subject)
    .bind(&mail.body_text)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Claims up to `limit` unsent mails that are due at `now` and not leased (or whose lease has
/// expired), leasing them to `worker_id` until `now + lease_ms`. Oldest due first.
///
/// Each row is claimed by a statement of its own. That keeps every statement atomic on both
/// backends and holding at most one row lock, so two claimers on PostgreSQL can never deadlock
/// by locking overlapping rows in different orders. The lease condition is written twice on
/// purpose: the subquery picks a candidate from a snapshot, and the outer `WHERE` is what
/// PostgreSQL re-checks (READ COMMITTED) against the newest row version when a concurrent
/// claimer updated the row first — so the loser skips the row instead of stealing it. SQLite
/// runs one writer at a time, and an autocommit statement reads after taking the write lock.
///
/// Stops at the first empty claim: nothing more is due, or another worker won the race for
/// the head of the queue (the caller simply polls again).
pub async fn claim_due(
    db: &Db,
    worker_id: &str,
    now: Timestamp,
    lease_ms: i64,
    limit: i64,
) -> Result<Vec<OutgoingMail>, DbError> {
    let mut claimed = Vec::new();
    while i64::try_from(claimed.len()).unwrap_or(i64::MAX) < limit {
        let row = sqlx::query(
            "UPDATE mail_outbox SET claimed_by = $1, claimed_until = $2
             WHERE id = (
                     SELECT id FROM mail_outbox
                     WHERE sent_at IS NULL AND next_try_at <= $3
                       AND (claimed_until IS NULL OR claimed_until < $3)
                     ORDER BY next_try_at, id
                     LIMIT 1)
               AND sent_at IS NULL AND next_try_at <= $3
               AND (claimed_until IS NULL OR claimed_until < $3)
             RETURNING id, to_address, subject, body_text, created_at, attempts",
        )
        .bind(worker_id)
        .bind(now.plus_millis(lease_ms).as_millis())
        .bind(now.as_millis())
        .fetch_optional(db.pool())
        .await?;
        match row {
            Some(row) => claimed.push(outgoing(&row)?),
            None => break,
        }
    }
    Ok(claimed)
}

fn outgoing(row: &AnyRow) -> Result<OutgoingMail, DbError> {
    Ok(OutgoingMail {
        id: row.try_get("id")?,
        to: row.try_get("to_address")?,
        subject: row.try_get("subject")?,
        body_text: row.try_get("body_text")?,
        created_at: decode(row, "created_at")?,
        attempts: row.try_get("attempts")?,
    })
}

/// Records that the mail went out. Does nothing (returns false) unless `worker_id` still holds
/// the claim: a worker whose lease was taken over must not overwrite the new holder's state.
/// An expired lease nobody took over still counts: the mail did go out.
pub async fn mark_sent(db: &Db, id: &str, worker_id: &str) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE mail_outbox SET sent_at = $1, claimed_until = NULL, last_error = NULL
         WHERE id = $2 AND claimed_by = $3 AND sent_at IS NULL",
    )
    .bind(now_ms())
    .bind(id)
    .bind(worker_id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a failed attempt: counts it, keeps a short error text, releases the claim and makes
/// the mail due again at `next_try_at` ([`GIVEN_UP`] to stop trying). Only for the holder.
pub async fn mark_failed(
    db: &Db,
    id: &str,
    worker_id: &str,
    error: &str,
    next_try_at: Timestamp,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $1, next_try_at = $2,
                claimed_by = NULL, claimed_until = NULL
         WHERE id = $3 AND claimed_by = $4 AND sent_at IS NULL",
    )
    .bind(short_error(error))
    .bind(next_try_at.as_millis())
    .bind(id)
    .bind(worker_id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a claimed mail back untouched (no attempt counted), e.g. when a worker stops before
/// sending it, so another worker need not wait for the lease to expire.
pub async fn release(db: &Db, id: &str, worker_id: &str) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE mail_outbox SET claimed_by = NULL, claimed_until = NULL
         WHERE id = $1 AND claimed_by = $2 AND sent_at IS NULL",
    )
    .bind(id)
    .bind(worker_id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Mails not sent yet, including those given up on.
pub async fn pending_count(db: &Db) -> Result<i64, DbError> {
    let count = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL")
        .fetch_one(db.pool())
        .await?;
    Ok(count)
}

/// Mails the worker gave up on (they need an operator).
pub async fn given_up_count(db: &Db) -> Result<i64, DbError> {
    let count = sqlx::query_scalar(
        "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND next_try_at = $1",
    )
    .bind(GIVEN_UP.as_millis())
    .fetch_one(db.pool())
    .await?;
    Ok(count)
}

fn short_error(error: &str) -> String {
    let one_line: String = error
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_ERROR_CHARS)
        .collect();
    one_line.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_texts_are_one_short_line() {
        assert_eq!(short_error(" 451 try\r\nlater \n"), "451 try  later");
        let long = "ω".repeat(2 * MAX_ERROR_CHARS);
        assert_eq!(short_error(&long).chars().count(), MAX_ERROR_CHARS);
    }
}
