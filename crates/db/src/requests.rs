//! Requests (αιτήματα), their protocol numbers and their timeline of events.

use crate::decode::{decode, sql_list};
use crate::{Db, DbError};
use dimos_domain::{Cents, Delivery, DocumentType, RequestStatus, Timestamp};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::sync::LazyLock;

/// The next protocol number of `year`, inside the caller's transaction: the sequence row is
/// locked until commit, so numbers are unique under concurrency, and a rolled-back request
/// gives its number back (gap-free).
pub async fn next_protocol_sequence(conn: &mut AnyConnection, year: i64) -> Result<i64, DbError> {
    sqlx::query("INSERT INTO protocol_sequences (year, last_value) VALUES ($1, 0) ON CONFLICT (year) DO NOTHING")
        .bind(year)
        .execute(&mut *conn)
        .await?;
    let row = sqlx::query("UPDATE protocol_sequences SET last_value = last_value + 1 WHERE year = $1 RETURNING last_value")
        .bind(year)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get("last_value")?)
}

#[derive(Debug, Clone)]
pub struct NewRequest<'a> {
    pub id: &'a str,
    pub protocol_number: &'a str,
    pub citizen_id: &'a str,
    pub service_code: &'a str,
    pub department_code: &'a str,
    pub delivery: Delivery,
    pub notes: &'a str,
    pub delivery_address: Option<(&'a str, &'a str, &'a str)>,
    pub pickup_office_code: Option<&'a str>,
    pub fee_cents: Cents,
    pub due_at: Timestamp,
    pub now: Timestamp,
}

pub async fn insert(conn: &mut AnyConnection, r: &NewRequest<'_>) -> Result<(), DbError> {
    let (street, postal_code, city) = match r.delivery_address {
        Some((s, p, c)) => (Some(s), Some(p), Some(c)),
        None => (None, None, None),
    };
    sqlx::query(
        "INSERT INTO requests (id, protocol_number, citizen_id, service_code, department_code, delivery,
             status, notes, delivery_street, delivery_postal_code, delivery_city, pickup_office_code,
             fee_cents, due_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $15, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
    )
    .bind(r.id)
    .bind(r.protocol_number)
    .bind(r.citizen_id)
    .bind(r.service_code)
    .bind(r.department_code)
    .bind(r.delivery.as_str())
    .bind(r.notes)
    .bind(street)
    .bind(postal_code)
    .bind(city)
    .bind(r.pickup_office_code)
    .bind(r.fee_cents.get())
    .bind(r.due_at.as_millis())
    .bind(r.now.as_millis())
    .bind(RequestStatus::Submitted.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: String,
    pub protocol_number: String,
    pub citizen_id: String,
    pub service_code: String,
    pub department_code: String,
    pub delivery: Delivery,
    pub status: RequestStatus,
    pub notes: String,
    pub delivery_street: Option<String>,
    pub delivery_postal_code: Option<String>,
    pub delivery_city: Option<String>,
    pub pickup_office_code: Option<String>,
    pub fee_cents: Cents,
    pub tracking_number: Option<String>,
    pub cod_amount_cents: Option<Cents>,
    pub collected_document_type: Option<DocumentType>,
    pub collected_document_masked: Option<String>,
    /// The issuing country of a foreign passport shown at pickup (ISO 3166-1 alpha-2).
    pub collected_document_country: Option<String>,
    pub due_at: Timestamp,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const COLUMNS: &str = "id, protocol_number, citizen_id, service_code, department_code, delivery, status, notes, \
    delivery_street, delivery_postal_code, delivery_city, pickup_office_code, fee_cents, tracking_number, \
    cod_amount_cents, CASE WHEN collected_document_country IS NULL THEN collected_document_type \
    ELSE 'foreign_passport' END AS collected_document_type, collected_document_country, \
    collected_document_masked, due_at, created_at, updated_at";

fn from_row(r: &AnyRow) -> Result<Request, DbError> {
    Ok(Request {
        id: r.try_get("id")?,
        protocol_number: r.try_get("protocol_number")?,
        citizen_id: r.try_get("citizen_id")?,
        service_code: r.try_get("service_code")?,
        department_code: r.try_get("department_code")?,
        delivery: decode(r, "delivery")?,
        status: decode(r, "status")?,
        notes: r.try_get("notes")?,
        delivery_street: r.try_get("delivery_street")?,
        delivery_postal_code: r.try_get("delivery_postal_code")?,
        delivery_city: r.try_get("delivery_city")?,
        pickup_office_code: r.try_get("pickup_office_code")?,
        fee_cents: decode(r, "fee_cents")?,
        tracking_number: r.try_get("tracking_number")?,
        cod_amount_cents: decode(r, "cod_amount_cents")?,
        collected_document_type: decode(r, "collected_document_type")?,
        collected_document_masked: r.try_get("collected_document_masked")?,
        collected_document_country: r.try_get("collected_document_country")?,
        due_at: decode(r, "due_at")?,
        created_at: decode(r, "created_at")?,
        updated_at: decode(r, "updated_at")?,
    })
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Request>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM requests WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// A citizen's own requests, newest first; `status` `None` for all.
pub async fn list_for_citizen(
    db: &Db,
    citizen_id: &str,
    status: Option<RequestStatus>,
    limit: i64,
) -> Result<Vec<Request>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM requests WHERE citizen_id = $1 AND ($2 = '' OR status = $2)
         ORDER BY created_at DESC, id DESC LIMIT $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(citizen_id)
        .bind(status.map_or("", RequestStatus::as_str))
        .bind(limit.clamp(1, 500))
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

/// The queue's filters. `departments: None` means every department (admins).
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub departments: Option<Vec<String>>,
    pub status: Option<RequestStatus>,
    pub service: String,
    /// Created at or after this.
    pub created_from: Option<Timestamp>,
    /// Created before this.
    pub created_until: Option<Timestamp>,
    /// Only requests past their due time and still open, as of `now`.
    pub overdue_only: bool,
    pub now: Timestamp,
    /// Start after this (created_at, id), oldest first.
    pub after: Option<(Timestamp, String)>,
    pub limit: i64,
}

/// The open statuses as an SQL list, `('submitted', …)`: those [`RequestStatus::is_open`]
/// names, so the statements and the domain cannot disagree.
pub(crate) static OPEN: LazyLock<String> = LazyLock::new(|| {
    sql_list(
        RequestStatus::ALL
            .into_iter()
            .filter(|status| status.is_open())
            .map(RequestStatus::as_str),
    )
});

/// The clerk's queue, oldest first.
///
/// Only the filters given become conditions (their placeholders, never their values, are
/// written into the statement), so each combination gets a plan that fits it; the keyset
/// cursor is written so that an index on `(…, created_at, id)` can seek to it.
pub async fn queue(db: &Db, f: &QueueFilter) -> Result<Vec<Request>, DbError> {
    enum Param {
        Text(String),
        Int(i64),
    }
    let mut conditions: Vec<String> = Vec::new();
    let mut params: Vec<Param> = Vec::new();
    let next = |params: &mut Vec<Param>, p: Param| {
        params.push(p);
        format!("${}", params.len())
    };
    match &f.departments {
        None => {}
        Some(list) if list.is_empty() => conditions.push("1 = 0".to_owned()),
        Some(list) => {
            let marks: Vec<String> = list
                .iter()
                .map(|d| next(&mut params, Param::Text(d.clone())))
                .collect();
            conditions.push(format!("department_code IN ({})", marks.join(", ")));
        }
    }
    if let Some(status) = f.status {
        let m = next(&mut params, Param::Text(status.as_str().to_owned()));
        conditions.push(format!("status = {m}"));
    }
    if !f.service.is_empty() {
        let m = next(&mut params, Param::Text(f.service.clone()));
        conditions.push(format!("service_code = {m}"));
    }
    if let Some(from) = f.created_from {
        let m = next(&mut params, Param::Int(from.as_millis()));
        conditions.push(format!("created_at >= {m}"));
    }
    if let Some(until) = f.created_until {
        let m = next(&mut params, Param::Int(until.as_millis()));
        conditions.push(format!("created_at < {m}"));
    }
    if f.overdue_only {
        let m = next(&mut params, Param::Int(f.now.as_millis()));
        conditions.push(format!("due_at < {m} AND status IN {}", *OPEN));
    }
    if let Some((at, id)) = &f.after {
        let a = next(&mut params, Param::Int(at.as_millis()));
        let b = next(&mut params, Param::Text(id.clone()));
        conditions.push(format!(
            "created_at >= {a} AND (created_at > {a} OR id > {b})"
        ));
    }
    let limit = next(&mut params, Param::Int(f.limit.clamp(1, 500)));
    let where_clause = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM requests {where_clause} ORDER BY created_at, id LIMIT {limit}"
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in params {
        query = match p {
            Param::Text(t) => query.bind(t),
            Param::Int(i) => query.bind(i),
        };
    }
    let rows = query.fetch_all(db.pool()).await?;
    rows.iter().map(from_row).collect()
}

/// What a transition writes besides the status.
#[derive(Debug, Clone, Default)]
pub struct StatusChange<'a> {
    pub tracking_number: Option<&'a str>,
    pub cod_amount_cents: Option<Cents>,
    pub collected_document: Option<CollectedDocument<'a>>,
    /// Where the request waits for collection (set when a returned postal item comes back).
    pub pickup_office_code: Option<&'a str>,
}

/// The document shown at pickup, as recorded on the request.
#[derive(Debug, Clone, Copy)]
pub struct CollectedDocument<'a> {
    pub document_type: DocumentType,
    pub masked: &'a str,
    /// A foreign passport's issuing country.
    pub issuing_country: Option<&'a str>,
}

/// Moves a request from `from` to `to` only if it is still in `from` (an optimistic check:
/// of two concurrent transitions exactly one wins). Returns whether it moved.
pub async fn change_status(
    conn: &mut AnyConnection,
    id: &str,
    from: RequestStatus,
    to: RequestStatus,
    change: &StatusChange<'_>,
    now: Timestamp,
) -> Result<bool, DbError> {
    // A foreign passport is stored as a passport with its country (see migration 0003).
    let doc = change.collected_document.as_ref();
    let doc_type = doc.map(|d| match d.document_type {
        DocumentType::ForeignPassport => DocumentType::Passport.as_str(),
        other => other.as_str(),
    });
    let doc_masked = doc.map(|d| d.masked);
    let doc_country = doc.and_then(|d| d.issuing_country);
    let n = sqlx::query(
        "UPDATE requests SET status = $1, updated_at = $2,
             tracking_number = COALESCE($3, tracking_number),
             cod_amount_cents = COALESCE($4, cod_amount_cents),
             collected_document_type = COALESCE($5, collected_document_type),
             collected_document_masked = COALESCE($6, collected_document_masked),
             collected_document_country = COALESCE($7, collected_document_country),
             pickup_office_code = COALESCE($10, pickup_office_code)
         WHERE id = $8 AND status = $9",
    )
    .bind(to.as_str())
    .bind(now.as_millis())
    .bind(change.tracking_number)
    .bind(change.cod_amount_cents.map(Cents::get))
    .bind(doc_type)
    .bind(doc_masked)
    .bind(doc_country)
    .bind(id)
    .bind(from.as_str())
    .bind(change.pickup_office_code)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub request_id: &'a str,
    pub at: Timestamp,
    pub actor_kind: &'a str,
    pub actor_id: Option<&'a str>,
    pub actor_label: &'a str,
    pub from_status: Option<RequestStatus>,
    pub to_status: RequestStatus,
    pub message: &'a str,
}

pub async fn insert_event(conn: &mut AnyConnection, e: &NewEvent<'_>) -> Result<String, DbError> {
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO request_events (id, request_id, at, actor_kind, actor_id, actor_label, from_status, to_status, message)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(e.request_id)
    .bind(e.at.as_millis())
    .bind(e.actor_kind)
    .bind(e.actor_id)
    .bind(e.actor_label)
    .bind(e.from_status.map(RequestStatus::as_str))
    .bind(e.to_status.as_str())
    .bind(e.message)
    .execute(conn)
    .await?;
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub at: Timestamp,
    pub actor_kind: String,
    pub actor_label: String,
    pub from_status: Option<RequestStatus>,
    pub to_status: RequestStatus,
    pub message: String,
}

/// A request's timeline, oldest first.
pub async fn events(db: &Db, request_id: &str) -> Result<Vec<Event>, DbError> {
    let rows = sqlx::query(
        "SELECT id, at, actor_kind, actor_label, from_status, to_status, message FROM request_events
         WHERE request_id = $1 ORDER BY at, id",
    )
    .bind(request_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Event {
                id: r.try_get("id")?,
                at: decode(r, "at")?,
                actor_kind: r.try_get("actor_kind")?,
                actor_label: r.try_get("actor_label")?,
                from_status: decode(r, "from_status")?,
                to_status: decode(r, "to_status")?,
                message: r.try_get("message")?,
            })
        })
        .collect()
}

/// A setting's value, if set.
pub async fn setting(db: &Db, key: &str) -> Result<Option<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(db.pool())
            .await?,
    )
}
