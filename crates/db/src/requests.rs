//! Requests (αιτήματα), their protocol numbers and their timeline of events.

use crate::{Db, DbError};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

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
    pub delivery: &'a str,
    pub notes: &'a str,
    pub delivery_address: Option<(&'a str, &'a str, &'a str)>,
    pub pickup_office_code: Option<&'a str>,
    pub fee_cents: i64,
    pub due_at: i64,
    pub now: i64,
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
         VALUES ($1, $2, $3, $4, $5, $6, 'submitted', $7, $8, $9, $10, $11, $12, $13, $14, $14)",
    )
    .bind(r.id)
    .bind(r.protocol_number)
    .bind(r.citizen_id)
    .bind(r.service_code)
    .bind(r.department_code)
    .bind(r.delivery)
    .bind(r.notes)
    .bind(street)
    .bind(postal_code)
    .bind(city)
    .bind(r.pickup_office_code)
    .bind(r.fee_cents)
    .bind(r.due_at)
    .bind(r.now)
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
    pub delivery: String,
    pub status: String,
    pub notes: String,
    pub delivery_street: Option<String>,
    pub delivery_postal_code: Option<String>,
    pub delivery_city: Option<String>,
    pub pickup_office_code: Option<String>,
    pub fee_cents: i64,
    pub tracking_number: Option<String>,
    pub cod_amount_cents: Option<i64>,
    pub collected_document_type: Option<String>,
    pub collected_document_masked: Option<String>,
    /// The issuing country of a foreign passport shown at pickup (ISO 3166-1 alpha-2).
    pub collected_document_country: Option<String>,
    pub due_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
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
        delivery: r.try_get("delivery")?,
        status: r.try_get("status")?,
        notes: r.try_get("notes")?,
        delivery_street: r.try_get("delivery_street")?,
        delivery_postal_code: r.try_get("delivery_postal_code")?,
        delivery_city: r.try_get("delivery_city")?,
        pickup_office_code: r.try_get("pickup_office_code")?,
        fee_cents: r.try_get("fee_cents")?,
        tracking_number: r.try_get("tracking_number")?,
        cod_amount_cents: r.try_get("cod_amount_cents")?,
        collected_document_type: r.try_get("collected_document_type")?,
        collected_document_masked: r.try_get("collected_document_masked")?,
        collected_document_country: r.try_get("collected_document_country")?,
        due_at: r.try_get("due_at")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
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

/// A citizen's own requests, newest first; `status` empty for all.
pub async fn list_for_citizen(
    db: &Db,
    citizen_id: &str,
    status: &str,
    limit: i64,
) -> Result<Vec<Request>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM requests WHERE citizen_id = $1 AND ($2 = '' OR status = $2)
         ORDER BY created_at DESC, id DESC LIMIT $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(citizen_id)
        .bind(status)
        .bind(limit.clamp(1, 500))
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

/// The queue's filters. `departments: None` means every department (admins).
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub departments: Option<Vec<String>>,
    pub status: String,
    pub service: String,
    pub created_from: i64,
    pub created_until: i64,
    /// Only requests past their due time and still open, as of `now`.
    pub overdue_only: bool,
    pub now: i64,
    /// Start after this (created_at, id), oldest first.
    pub after: Option<(i64, String)>,
    pub limit: i64,
}

const OPEN: &str = "('submitted', 'in_progress', 'needs_info', 'ready_for_pickup', 'dispatched')";

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
    if !f.status.is_empty() {
        let m = next(&mut params, Param::Text(f.status.clone()));
        conditions.push(format!("status = {m}"));
    }
    if !f.service.is_empty() {
        let m = next(&mut params, Param::Text(f.service.clone()));
        conditions.push(format!("service_code = {m}"));
    }
    if f.created_from > 0 {
        let m = next(&mut params, Param::Int(f.created_from));
        conditions.push(format!("created_at >= {m}"));
    }
    if f.created_until > 0 {
        let m = next(&mut params, Param::Int(f.created_until));
        conditions.push(format!("created_at < {m}"));
    }
    if f.overdue_only {
        let m = next(&mut params, Param::Int(f.now));
        conditions.push(format!("due_at < {m} AND status IN {OPEN}"));
    }
    if let Some((at, id)) = &f.after {
        let a = next(&mut params, Param::Int(*at));
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
    pub cod_amount_cents: Option<i64>,
    pub collected_document: Option<CollectedDocument<'a>>,
    /// Where the request waits for collection (set when a returned postal item comes back).
    pub pickup_office_code: Option<&'a str>,
}

/// The document shown at pickup, as recorded on the request.
#[derive(Debug, Clone, Copy)]
pub struct CollectedDocument<'a> {
    /// `id_card`, `passport` or `foreign_passport`
    pub document_type: &'a str,
    pub masked: &'a str,
    /// A foreign passport's issuing country.
    pub issuing_country: Option<&'a str>,
}

/// Moves a request from `from` to `to` only if it is still in `from` (an optimistic check:
/// of two concurrent transitions exactly one wins). Returns whether it moved.
pub async fn change_status(
    conn: &mut AnyConnection,
    id: &str,
    from: &str,
    to: &str,
    change: &StatusChange<'_>,
    now: i64,
) -> Result<bool, DbError> {
    // A foreign passport is stored as a passport with its country (see migration 0003).
    let doc = change.collected_document.as_ref();
    let doc_type = doc.map(|d| match d.document_type {
        "foreign_passport" => "passport",
        other => other,
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
    .bind(to)
    .bind(now)
    .bind(change.tracking_number)
    .bind(change.cod_amount_cents)
    .bind(doc_type)
    .bind(doc_masked)
    .bind(doc_country)
    .bind(id)
    .bind(from)
    .bind(change.pickup_office_code)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub request_id: &'a str,
    pub at: i64,
    pub actor_kind: &'a str,
    pub actor_id: Option<&'a str>,
    pub actor_label: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: &'a str,
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
    .bind(e.at)
    .bind(e.actor_kind)
    .bind(e.actor_id)
    .bind(e.actor_label)
    .bind(e.from_status)
    .bind(e.to_status)
    .bind(e.message)
    .execute(conn)
    .await?;
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub at: i64,
    pub actor_kind: String,
    pub actor_label: String,
    pub from_status: Option<String>,
    pub to_status: String,
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
                at: r.try_get("at")?,
                actor_kind: r.try_get("actor_kind")?,
                actor_label: r.try_get("actor_label")?,
                from_status: r.try_get("from_status")?,
                to_status: r.try_get("to_status")?,
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
