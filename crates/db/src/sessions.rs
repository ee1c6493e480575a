//! Server-side sessions for pages (cookie) and the API (bearer token). Only the SHA-256 of a
//! token is stored; `id` is a separate public handle for lists and "end this session".

use crate::decode::decode;
use crate::{Db, DbError};
use dimos_domain::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKind {
    Citizen,
    Staff,
}

impl PrincipalKind {
    pub const ALL: [PrincipalKind; 2] = [PrincipalKind::Citizen, PrincipalKind::Staff];

    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::Citizen => "citizen",
            PrincipalKind::Staff => "staff",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Page,
    Api,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Page, Channel::Api];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Page => "page",
            Channel::Api => "api",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub id: &'a str,
    pub principal_kind: PrincipalKind,
    pub principal_id: &'a str,
    pub channel: Channel,
    pub csrf_token: &'a str,
    pub now: Timestamp,
    pub idle_expires_at: Timestamp,
    pub expires_at: Timestamp,
    pub client_ip: &'a str,
    pub user_agent: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: String,
    pub principal_kind: PrincipalKind,
    pub principal_id: String,
    pub channel: Channel,
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub idle_expires_at: Timestamp,
    pub expires_at: Timestamp,
    pub client_ip: String,
    pub user_agent: String,
}

const COLUMNS: &str = "id, principal_kind, principal_id, channel, csrf_token, created_at, \
    last_seen_at, idle_expires_at, expires_at, client_ip, user_agent";

pub async fn insert(conn: &mut AnyConnection, s: &NewSession<'_>) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, id, principal_kind, principal_id, channel, csrf_token,
             created_at, last_seen_at, idle_expires_at, expires_at, client_ip, user_agent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11)",
    )
    .bind(s.token_hash)
    .bind(s.id)
    .bind(s.principal_kind.as_str())
    .bind(s.principal_id)
    .bind(s.channel.as_str())
    .bind(s.csrf_token)
    .bind(s.now.as_millis())
    .bind(s.idle_expires_at.as_millis())
    .bind(s.expires_at.as_millis())
    .bind(s.client_ip)
    .bind(s.user_agent)
    .execute(conn)
    .await?;
    Ok(())
}

/// The live session with this token hash, of this kind and channel.
pub async fn find_live(
    db: &Db,
    token_hash: &str,
    kind: PrincipalKind,
    channel: Channel,
    now: Timestamp,
) -> Result<Option<Session>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM sessions WHERE token_hash = $1 AND principal_kind = $2
             AND channel = $3 AND idle_expires_at > $4 AND expires_at > $4"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(token_hash)
        .bind(kind.as_str())
        .bind(channel.as_str())
        .bind(now.as_millis())
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Records activity: pushes the idle expiry (never past the absolute one).
pub async fn touch(
    db: &Db,
    id: &str,
    now: Timestamp,
    idle_expires_at: Timestamp,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE sessions SET last_seen_at = $1,
             idle_expires_at = CASE WHEN $2 < expires_at THEN $2 ELSE expires_at END
         WHERE id = $3",
    )
    .bind(now.as_millis())
    .bind(idle_expires_at.as_millis())
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Live sessions of a principal, most recently used first.
pub async fn list_live(
    db: &Db,
    kind: PrincipalKind,
    principal_id: &str,
    now: Timestamp,
) -> Result<Vec<Session>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM sessions WHERE principal_kind = $1 AND principal_id = $2
             AND idle_expires_at > $3 AND expires_at > $3 ORDER BY last_seen_at DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(kind.as_str())
        .bind(principal_id)
        .bind(now.as_millis())
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

/// Ends one session of a principal (by its public id); returns whether it existed.
pub async fn delete(
    conn: &mut AnyConnection,
    kind: PrincipalKind,
    principal_id: &str,
    id: &str,
) -> Result<bool, DbError> {
    let n = sqlx::query(
        "DELETE FROM sessions WHERE principal_kind = $1 AND principal_id = $2 AND id = $3",
    )
    .bind(kind.as_str())
    .bind(principal_id)
    .bind(id)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n > 0)
}

/// Ends every session of a principal except `keep` (a public id); returns how many ended.
pub async fn delete_all_but(
    conn: &mut AnyConnection,
    kind: PrincipalKind,
    principal_id: &str,
    keep: Option<&str>,
) -> Result<u64, DbError> {
    Ok(sqlx::query(
        "DELETE FROM sessions WHERE principal_kind = $1 AND principal_id = $2 AND id <> $3",
    )
    .bind(kind.as_str())
    .bind(principal_id)
    .bind(keep.unwrap_or(""))
    .execute(conn)
    .await?
    .rows_affected())
}

/// Removes sessions past their expiry; returns how many.
pub async fn purge_expired(db: &Db, now: Timestamp) -> Result<u64, DbError> {
    Ok(
        sqlx::query("DELETE FROM sessions WHERE idle_expires_at <= $1 OR expires_at <= $1")
            .bind(now.as_millis())
            .execute(db.pool())
            .await?
            .rows_affected(),
    )
}

fn from_row(r: &AnyRow) -> Result<Session, DbError> {
    Ok(Session {
        id: r.try_get("id")?,
        principal_kind: decode(r, "principal_kind")?,
        principal_id: r.try_get("principal_id")?,
        channel: decode(r, "channel")?,
        csrf_token: r.try_get("csrf_token")?,
        created_at: decode(r, "created_at")?,
        last_seen_at: decode(r, "last_seen_at")?,
        idle_expires_at: decode(r, "idle_expires_at")?,
        expires_at: decode(r, "expires_at")?,
        client_ip: r.try_get("client_ip")?,
        user_agent: r.try_get("user_agent")?,
    })
}
