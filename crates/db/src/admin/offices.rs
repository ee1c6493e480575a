//! Offices with the departments they serve and their opening hours, active or not.

use super::flag;
use crate::catalogue::OpeningHours;
use crate::clock::now_ms;
use crate::{Db, DbError};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeRecord {
    pub code: String,
    pub name_el: String,
    pub name_en: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// Empty when the office has none.
    pub phone: String,
    pub email: String,
    pub certifies_identity: bool,
    pub active: bool,
    pub departments: Vec<String>,
    pub hours: Vec<OpeningHours>,
}

const COLUMNS: &str = "code, name_el, name_en, street, postal_code, city, phone, email, \
    certifies_identity, active";

/// Every office, active or not, in catalogue order.
pub async fn offices(db: &Db) -> Result<Vec<OfficeRecord>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM offices ORDER BY sort_order, code");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?;
    let mut offices = Vec::with_capacity(rows.len());
    for row in &rows {
        offices.push(with_links(db, row).await?);
    }
    Ok(offices)
}

pub async fn office(db: &Db, code: &str) -> Result<Option<OfficeRecord>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM offices WHERE code = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code)
        .fetch_optional(db.pool())
        .await?;
    match row {
        Some(row) => Ok(Some(with_links(db, &row).await?)),
        None => Ok(None),
    }
}

async fn with_links(db: &Db, r: &AnyRow) -> Result<OfficeRecord, DbError> {
    let code: String = r.try_get("code")?;
    let departments = sqlx::query_scalar(
        "SELECT od.department_code FROM office_departments od
         JOIN departments d ON d.code = od.department_code
         WHERE od.office_code = $1 ORDER BY d.sort_order, d.code",
    )
    .bind(&code)
    .fetch_all(db.pool())
    .await?;
    let hours = sqlx::query(
        "SELECT weekday, opens_at, closes_at FROM office_hours WHERE office_code = $1
         ORDER BY weekday, opens_at",
    )
    .bind(&code)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|h| {
        Ok(OpeningHours {
            weekday: h.try_get("weekday")?,
            opens_at: h.try_get("opens_at")?,
            closes_at: h.try_get("closes_at")?,
        })
    })
    .collect::<Result<Vec<_>, DbError>>()?;
    Ok(OfficeRecord {
        code,
        name_el: r.try_get("name_el")?,
        name_en: r.try_get("name_en")?,
        street: r.try_get("street")?,
        postal_code: r.try_get("postal_code")?,
        city: r.try_get("city")?,
        phone: r.try_get("phone")?,
        email: r.try_get("email")?,
        certifies_identity: r.try_get::<i64, _>("certifies_identity")? == 1,
        active: r.try_get::<i64, _>("active")? == 1,
        departments,
        hours,
    })
}

/// The codes of the offices whose details are still the seeded placeholders, in catalogue
/// order (active or not).
pub async fn placeholder_codes(db: &Db) -> Result<Vec<String>, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT code FROM offices WHERE placeholder = 1 ORDER BY sort_order, code",
    )
    .fetch_all(db.pool())
    .await?)
}

/// Adds an office at the end of the list. A taken code is a unique violation.
pub async fn insert_office(conn: &mut AnyConnection, o: &OfficeRecord) -> Result<(), DbError> {
    let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(sort_order), -1) FROM offices")
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO offices (code, name_el, name_en, street, postal_code, city, phone, email,
             certifies_identity, active, sort_order, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
    )
    .bind(&o.code)
    .bind(&o.name_el)
    .bind(&o.name_en)
    .bind(&o.street)
    .bind(&o.postal_code)
    .bind(&o.city)
    .bind(&o.phone)
    .bind(&o.email)
    .bind(flag(o.certifies_identity))
    .bind(flag(o.active))
    .bind(last + 1)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    replace_links(conn, o).await
}

/// Replaces everything about an office but its code and whether it is active; returns whether
/// it exists. An admin's edit makes a seeded placeholder office real.
pub async fn update_office(conn: &mut AnyConnection, o: &OfficeRecord) -> Result<bool, DbError> {
    let n = sqlx::query(
        "UPDATE offices SET name_el = $1, name_en = $2, street = $3, postal_code = $4, city = $5,
             phone = $6, email = $7, certifies_identity = $8, updated_at = $9, placeholder = 0
         WHERE code = $10",
    )
    .bind(&o.name_el)
    .bind(&o.name_en)
    .bind(&o.street)
    .bind(&o.postal_code)
    .bind(&o.city)
    .bind(&o.phone)
    .bind(&o.email)
    .bind(flag(o.certifies_identity))
    .bind(now_ms())
    .bind(&o.code)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 0 {
        return Ok(false);
    }
    replace_links(conn, o).await?;
    Ok(true)
}

async fn replace_links(conn: &mut AnyConnection, o: &OfficeRecord) -> Result<(), DbError> {
    sqlx::query("DELETE FROM office_departments WHERE office_code = $1")
        .bind(&o.code)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM office_hours WHERE office_code = $1")
        .bind(&o.code)
        .execute(&mut *conn)
        .await?;
    for department in &o.departments {
        sqlx::query(
            "INSERT INTO office_departments (office_code, department_code) VALUES ($1, $2)",
        )
        .bind(&o.code)
        .bind(department)
        .execute(&mut *conn)
        .await?;
    }
    for h in &o.hours {
        sqlx::query(
            "INSERT INTO office_hours (office_code, weekday, opens_at, closes_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(&o.code)
        .bind(h.weekday)
        .bind(&h.opens_at)
        .bind(&h.closes_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Shows or hides an office on the public pages; returns whether it exists.
pub async fn set_office_active(
    conn: &mut AnyConnection,
    code: &str,
    active: bool,
) -> Result<bool, DbError> {
    let n = sqlx::query("UPDATE offices SET active = $1, updated_at = $2 WHERE code = $3")
        .bind(flag(active))
        .bind(now_ms())
        .bind(code)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(n == 1)
}
