//! What the administration pages change: departments, offices, the service catalogue and the
//! municipality's settings. Staff accounts are in [`crate::staff`]; what the public sees of the
//! catalogue (active rows only) is in [`crate::catalogue`].
//!
//! Departments, offices and services are edited the same way, row by row, through one
//! [`Catalogued`] path: each says which table and columns it is and how it binds and decodes
//! them; the SQL of listing, reading, adding, editing and (de)activating is written here once.

mod departments;
mod offices;
mod services;
mod settings;

pub use departments::{DepartmentRecord, DepartmentUsage, delete_department, department_usage};
pub use offices::{OfficeRecord, placeholder_codes};
pub use services::{ServiceRecord, service};
pub use settings::{put_setting, settings};

use crate::clock::now_ms;
use crate::{Db, DbError};
use sqlx::AnyConnection;
use sqlx::any::{AnyArguments, AnyRow};
use std::future::Future;

/// A query whose values a record binds.
pub type AnyQuery = sqlx::query::Query<'static, sqlx::Any, AnyArguments>;

/// A table of the catalogue the administration edits row by row: each row has a `code` (its
/// key, never changed), a place in the catalogue order and whether it is `active`.
pub trait Catalogued: Sized + Send + Sync {
    const TABLE: &'static str;
    /// The columns an edit replaces (neither `code` nor `active`), separated by ", ", in the
    /// order [`Catalogued::bind_fields`] binds them.
    const FIELDS: &'static str;
    /// Whether an edit also sets `active` (else only activating changes it).
    const EDIT_SETS_ACTIVE: bool = false;
    /// What else an edit sets, a constant SQL assignment list starting with a comma.
    const EDIT_ALSO: &'static str = "";

    /// Its code and whether it is active.
    fn key(&self) -> (&str, bool);
    /// Binds the values of [`Catalogued::FIELDS`], in that order.
    fn bind_fields(&self, query: AnyQuery) -> AnyQuery;
    /// Decodes `code`, the fields and `active`.
    fn from_row(row: &AnyRow) -> Result<Self, DbError>;

    /// Reads what the row's own columns do not hold (an office's departments and hours).
    fn with_links(self, db: &Db) -> impl Future<Output = Result<Self, DbError>> + Send {
        let _ = db;
        async { Ok(self) }
    }

    /// Writes what the row's own columns do not hold, after the row was added or edited.
    fn write_links(
        &self,
        conn: &mut AnyConnection,
    ) -> impl Future<Output = Result<(), DbError>> + Send {
        let _ = conn;
        async { Ok(()) }
    }
}

fn flag(value: bool) -> i64 {
    i64::from(value)
}

fn select<T: Catalogued>(rest: &str) -> String {
    format!(
        "SELECT code, {}, active FROM {} {rest}",
        T::FIELDS,
        T::TABLE
    )
}

/// Every row, active or not, in catalogue order.
pub async fn records<T: Catalogued>(db: &Db) -> Result<Vec<T>, DbError> {
    let sql = select::<T>("ORDER BY sort_order, code");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?;
    let mut records = Vec::with_capacity(rows.len());
    for row in &rows {
        records.push(T::from_row(row)?.with_links(db).await?);
    }
    Ok(records)
}

/// The row with this code, active or not.
pub async fn record<T: Catalogued>(db: &Db, code: &str) -> Result<Option<T>, DbError> {
    let sql = select::<T>("WHERE code = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code.to_owned())
        .fetch_optional(db.pool())
        .await?;
    match row {
        Some(row) => Ok(Some(T::from_row(&row)?.with_links(db).await?)),
        None => Ok(None),
    }
}

/// `$from, $from+1, …` for `n` values.
fn params(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds a row at the end of the catalogue. A taken code is a unique violation.
pub async fn insert<T: Catalogued>(conn: &mut AnyConnection, record: &T) -> Result<(), DbError> {
    let last: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COALESCE(MAX(sort_order), -1) FROM {}",
        T::TABLE
    )))
    .fetch_one(&mut *conn)
    .await?;
    let n = T::FIELDS.split(", ").count();
    let sql = format!(
        "INSERT INTO {} (code, {}, active, sort_order, created_at, updated_at)
         VALUES ($1, {}, ${active}, ${order}, ${now}, ${now})",
        T::TABLE,
        T::FIELDS,
        params(2, n),
        active = n + 2,
        order = n + 3,
        now = n + 4,
    );
    let (code, active) = record.key();
    record
        .bind_fields(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(code.to_owned()))
        .bind(flag(active))
        .bind(last + 1)
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    record.write_links(conn).await
}

/// Replaces what an edit changes of a row (never its code); returns whether it exists.
pub async fn update<T: Catalogued>(conn: &mut AnyConnection, record: &T) -> Result<bool, DbError> {
    let mut set: Vec<String> = T::FIELDS
        .split(", ")
        .enumerate()
        .map(|(i, column)| format!("{column} = ${}", i + 1))
        .collect();
    if T::EDIT_SETS_ACTIVE {
        set.push(format!("active = ${}", set.len() + 1));
    }
    let now = set.len() + 1;
    let sql = format!(
        "UPDATE {} SET {}, updated_at = ${now}{} WHERE code = ${}",
        T::TABLE,
        set.join(", "),
        T::EDIT_ALSO,
        now + 1
    );
    let (code, active) = record.key();
    let mut query = record.bind_fields(sqlx::query(sqlx::AssertSqlSafe(sql)));
    if T::EDIT_SETS_ACTIVE {
        query = query.bind(flag(active));
    }
    let n = query
        .bind(now_ms())
        .bind(code.to_owned())
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if n != 1 {
        return Ok(false);
    }
    record.write_links(conn).await?;
    Ok(true)
}

/// Shows or hides a row on the public pages; returns whether it exists.
pub async fn set_active<T: Catalogued>(
    conn: &mut AnyConnection,
    code: &str,
    active: bool,
) -> Result<bool, DbError> {
    let sql = format!(
        "UPDATE {} SET active = $1, updated_at = $2 WHERE code = $3",
        T::TABLE
    );
    let n = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(flag(active))
        .bind(now_ms())
        .bind(code.to_owned())
        .execute(conn)
        .await?
        .rows_affected();
    Ok(n == 1)
}
