//! The append-only audit log. Entries are written in the transaction of the change they record;
//! the single `audit_head` row serialises writers so the hash chain has no forks.

use crate::decode::decode;
use crate::{Db, DbError};
use dimos_domain::{AuditActorKind, AuditOutcome, AuditRecord, Timestamp};
use futures_util::TryStreamExt;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// What a use case records.
#[derive(Debug, Clone)]
pub struct NewAuditEntry {
    pub actor_kind: AuditActorKind,
    pub actor_id: Option<String>,
    pub action: &'static str,
    pub target_kind: Option<&'static str>,
    pub target_id: Option<String>,
    pub subject_citizen_id: Option<String>,
    pub outcome: AuditOutcome,
    pub client_ip: String,
    /// A small JSON object with what else matters; never secrets.
    pub details: String,
}

impl NewAuditEntry {
    pub fn new(actor_kind: AuditActorKind, actor_id: Option<String>, action: &'static str) -> Self {
        NewAuditEntry {
            actor_kind,
            actor_id,
            action,
            target_kind: None,
            target_id: None,
            subject_citizen_id: None,
            outcome: AuditOutcome::Success,
            client_ip: String::new(),
            details: "{}".to_owned(),
        }
    }
}

/// Appends an entry inside the caller's transaction; returns its sequence number.
pub async fn append(conn: &mut AnyConnection, entry: &NewAuditEntry) -> Result<i64, DbError> {
    // Every action is listed once, with its words for the citizen's activity page.
    debug_assert!(
        dimos_domain::is_audit_action(entry.action),
        "audit action {:?} is not in dimos_domain::AUDIT_ACTIONS",
        entry.action
    );
    // Taking the head row first locks it until commit: concurrent writers queue here.
    let head = sqlx::query(
        "UPDATE audit_head SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq, last_hash",
    )
    .fetch_one(&mut *conn)
    .await?;
    let seq: i64 = head.try_get("last_seq")?;
    let prev_hash: String = head.try_get("last_hash")?;
    let record = AuditRecord {
        seq,
        at: crate::clock::now(),
        actor_kind: entry.actor_kind.as_str().to_owned(),
        actor_id: entry.actor_id.clone(),
        action: entry.action.to_owned(),
        target_kind: entry.target_kind.map(str::to_owned),
        target_id: entry.target_id.clone(),
        subject_citizen_id: entry.subject_citizen_id.clone(),
        outcome: entry.outcome.as_str().to_owned(),
        client_ip: entry.client_ip.clone(),
        details: entry.details.clone(),
    };
    let hash = record.chain_hash(&prev_hash);
    sqlx::query(
        "INSERT INTO audit_events (seq, at, actor_kind, actor_id, action, target_kind, target_id,
             subject_citizen_id, outcome, client_ip, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(record.seq)
    .bind(record.at.as_millis())
    .bind(&record.actor_kind)
    .bind(&record.actor_id)
    .bind(&record.action)
    .bind(&record.target_kind)
    .bind(&record.target_id)
    .bind(&record.subject_citizen_id)
    .bind(&record.outcome)
    .bind(&record.client_ip)
    .bind(&record.details)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_head SET last_hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
    Ok(seq)
}

/// Appends an entry in a transaction of its own (for events that change nothing else, such as
/// a failed login).
pub async fn append_alone(db: &Db, entry: &NewAuditEntry) -> Result<i64, DbError> {
    let mut tx = db.begin().await?;
    let seq = append(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(seq)
}

/// Where the chain breaks, if it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The entry's stored hash is not the hash of its content.
    Altered { seq: i64 },
    /// The entry does not point at its predecessor's hash.
    Unlinked { seq: i64 },
    /// Sequence numbers are not consecutive: entries were removed.
    Missing { after: i64, found: i64 },
    /// The head row does not name the last entry: entries were removed from the end.
    Truncated { head_seq: i64, last_seq: i64 },
}

/// Checks the whole chain, streaming it in order. Returns the number of entries checked.
pub async fn verify(db: &Db) -> Result<Result<i64, ChainBreak>, DbError> {
    let mut rows = sqlx::query(
        "SELECT seq, at, actor_kind, actor_id, action, target_kind, target_id, subject_citizen_id,
                outcome, client_ip, details, prev_hash, hash
         FROM audit_events ORDER BY seq",
    )
    .fetch(db.pool());
    let mut prev_hash = String::new();
    let mut prev_seq = 0_i64;
    while let Some(row) = rows.try_next().await? {
        let (record, stored_prev, stored_hash) = record_from_row(&row)?;
        if record.seq != prev_seq + 1 {
            return Ok(Err(ChainBreak::Missing {
                after: prev_seq,
                found: record.seq,
            }));
        }
        if stored_prev != prev_hash {
            return Ok(Err(ChainBreak::Unlinked { seq: record.seq }));
        }
        if record.chain_hash(&stored_prev) != stored_hash {
            return Ok(Err(ChainBreak::Altered { seq: record.seq }));
        }
        prev_hash = stored_hash;
        prev_seq = record.seq;
    }
    drop(rows);
    let head = sqlx::query("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")
        .fetch_one(db.pool())
        .await?;
    let head_seq: i64 = head.try_get("last_seq")?;
    let head_hash: String = head.try_get("last_hash")?;
    if head_seq != prev_seq || head_hash != prev_hash {
        return Ok(Err(ChainBreak::Truncated {
            head_seq,
            last_seq: prev_seq,
        }));
    }
    Ok(Ok(prev_seq))
}

fn record_from_row(row: &AnyRow) -> Result<(AuditRecord, String, String), DbError> {
    Ok((
        AuditRecord {
            seq: row.try_get("seq")?,
            at: decode(row, "at")?,
            actor_kind: row.try_get("actor_kind")?,
            actor_id: row.try_get("actor_id")?,
            action: row.try_get("action")?,
            target_kind: row.try_get("target_kind")?,
            target_id: row.try_get("target_id")?,
            subject_citizen_id: row.try_get("subject_citizen_id")?,
            outcome: row.try_get("outcome")?,
            client_ip: row.try_get("client_ip")?,
            details: row.try_get("details")?,
        },
        row.try_get("prev_hash")?,
        row.try_get("hash")?,
    ))
}

/// What to look for; empty strings, absent bounds and a zero `before_seq` mean "any".
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_id: String,
    pub subject_citizen_id: String,
    /// An action, or a prefix ending in `.` (e.g. `staff.`).
    pub action: String,
    /// Only entries at or after this moment.
    pub from: Option<Timestamp>,
    /// Only entries before this moment.
    pub until: Option<Timestamp>,
    /// Only entries before this sequence number (for the next page); 0 = from the newest.
    pub before_seq: i64,
    pub limit: i64,
}

/// Newest first. One fixed statement whatever the filter: each condition can be switched off.
pub async fn search(db: &Db, f: &AuditFilter) -> Result<Vec<AuditRecord>, DbError> {
    let action_pattern = if f.action.ends_with('.') {
        format!("{}%", f.action)
    } else {
        f.action.clone()
    };
    let rows = sqlx::query(
        "SELECT seq, at, actor_kind, actor_id, action, target_kind, target_id, subject_citizen_id,
                outcome, client_ip, details, prev_hash, hash
         FROM audit_events
         WHERE ($1 = '' OR actor_id = $1)
           AND ($2 = '' OR subject_citizen_id = $2)
           AND ($3 = '' OR action LIKE $3)
           AND at >= $4
           AND ($5 = 0 OR at < $5)
           AND ($6 = 0 OR seq < $6)
         ORDER BY seq DESC
         LIMIT $7",
    )
    .bind(&f.actor_id)
    .bind(&f.subject_citizen_id)
    .bind(&action_pattern)
    .bind(f.from.map_or(0, Timestamp::as_millis))
    .bind(f.until.map_or(0, Timestamp::as_millis))
    .bind(f.before_seq)
    .bind(f.limit.clamp(1, 500))
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| record_from_row(r).map(|(record, _, _)| record))
        .collect()
}
