//! Files attached to a request. The bytes live on disk under the data dir; a row here names
//! where (a server-made path), what they are (sniffed type, size, SHA-256) and the name the
//! uploader gave, which is only ever shown, never used as a path.

use crate::decode::decode;
use crate::{Db, DbError};
use dimos_domain::{AttachmentPurpose, RequestStatus, Timestamp};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone)]
pub struct NewAttachment<'a> {
    pub id: &'a str,
    pub request_id: &'a str,
    /// The timeline event the file came with, if any.
    pub event_id: Option<&'a str>,
    /// `citizen` or `staff`.
    pub uploaded_by: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    /// Relative to the attachments folder: `<yyyy>/<uuid>`.
    pub storage_path: &'a str,
    pub purpose: AttachmentPurpose,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: String,
    pub request_id: String,
    pub event_id: Option<String>,
    pub uploaded_by: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_path: String,
    pub purpose: AttachmentPurpose,
    pub created_at: Timestamp,
}

const COLUMNS: &str = "id, request_id, event_id, uploaded_by, file_name, content_type, size_bytes, sha256, storage_path, purpose, created_at";

fn from_row(r: &AnyRow) -> Result<Attachment, DbError> {
    Ok(Attachment {
        id: r.try_get("id")?,
        request_id: r.try_get("request_id")?,
        event_id: r.try_get("event_id")?,
        uploaded_by: r.try_get("uploaded_by")?,
        file_name: r.try_get("file_name")?,
        content_type: r.try_get("content_type")?,
        size_bytes: r.try_get("size_bytes")?,
        sha256: r.try_get("sha256")?,
        storage_path: r.try_get("storage_path")?,
        purpose: decode(r, "purpose")?,
        created_at: decode(r, "created_at")?,
    })
}

pub async fn insert(conn: &mut AnyConnection, a: &NewAttachment<'_>) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO attachments (id, request_id, event_id, uploaded_by, file_name, content_type,
             size_bytes, sha256, storage_path, purpose, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(a.id)
    .bind(a.request_id)
    .bind(a.event_id)
    .bind(a.uploaded_by)
    .bind(a.file_name)
    .bind(a.content_type)
    .bind(a.size_bytes)
    .bind(a.sha256)
    .bind(a.storage_path)
    .bind(a.purpose.as_str())
    .bind(a.created_at.as_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes the request's row lock until the caller's transaction ends (a no-op update: portable,
/// unlike `SELECT … FOR UPDATE`), so concurrent uploads to one request are counted one after
/// the other. Returns the request's status, or `None` when there is no such request.
pub async fn lock_request(
    conn: &mut AnyConnection,
    request_id: &str,
) -> Result<Option<RequestStatus>, DbError> {
    let row =
        sqlx::query("UPDATE requests SET updated_at = updated_at WHERE id = $1 RETURNING status")
            .bind(request_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|r| decode(&r, "status")).transpose()?)
}

/// How many files a request carries (inside a transaction, after [`lock_request`]).
pub async fn count_for_request(conn: &mut AnyConnection, request_id: &str) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM attachments WHERE request_id = $1")
            .bind(request_id)
            .fetch_one(conn)
            .await?,
    )
}

/// A request's files, oldest first.
pub async fn list_for_request(db: &Db, request_id: &str) -> Result<Vec<Attachment>, DbError> {
    let sql =
        format!("SELECT {COLUMNS} FROM attachments WHERE request_id = $1 ORDER BY created_at, id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(request_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

/// One file of a request; one of another request is not found.
pub async fn get(db: &Db, request_id: &str, id: &str) -> Result<Option<Attachment>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM attachments WHERE id = $1 AND request_id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(request_id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}
