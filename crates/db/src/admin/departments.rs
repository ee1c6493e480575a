//! Departments: every one, active or not, and what still points at one before it may go.

use super::flag;
use crate::clock::now_ms;
use crate::{Db, DbError};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentRecord {
    pub code: String,
    pub name_el: String,
    pub name_en: String,
    pub active: bool,
}

/// What refers to a department. A department may be deleted only when nothing does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DepartmentUsage {
    /// Requests still being worked on (not collected, delivered, returned, rejected or cancelled).
    pub open_requests: i64,
    /// Finished requests: their history keeps the department.
    pub closed_requests: i64,
    /// Codes of the services it is competent for.
    pub services: Vec<String>,
    /// Codes of the offices that serve it.
    pub offices: Vec<String>,
    /// Usernames of the staff assigned to it.
    pub staff: Vec<String>,
}

impl DepartmentUsage {
    pub fn is_unused(&self) -> bool {
        self.open_requests == 0
            && self.closed_requests == 0
            && self.services.is_empty()
            && self.offices.is_empty()
            && self.staff.is_empty()
    }
}

/// Every department, active or not, in catalogue order.
pub async fn departments(db: &Db) -> Result<Vec<DepartmentRecord>, DbError> {
    let rows = sqlx::query(
        "SELECT code, name_el, name_en, active FROM departments ORDER BY sort_order, code",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn department(db: &Db, code: &str) -> Result<Option<DepartmentRecord>, DbError> {
    let row = sqlx::query("SELECT code, name_el, name_en, active FROM departments WHERE code = $1")
        .bind(code)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

fn from_row(r: &AnyRow) -> Result<DepartmentRecord, DbError> {
    Ok(DepartmentRecord {
        code: r.try_get("code")?,
        name_el: r.try_get("name_el")?,
        name_en: r.try_get("name_en")?,
        active: r.try_get::<i64, _>("active")? == 1,
    })
}

/// Adds a department at the end of the catalogue. A taken code is a unique violation.
pub async fn insert_department(
    conn: &mut AnyConnection,
    d: &DepartmentRecord,
) -> Result<(), DbError> {
    let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(sort_order), -1) FROM departments")
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO departments (code, name_el, name_en, active, sort_order, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(&d.code)
    .bind(&d.name_el)
    .bind(&d.name_en)
    .bind(flag(d.active))
    .bind(last + 1)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// Changes a department's names; returns whether it exists.
pub async fn rename_department(
    conn: &mut AnyConnection,
    code: &str,
    name_el: &str,
    name_en: &str,
) -> Result<bool, DbError> {
    let n = sqlx::query(
        "UPDATE departments SET name_el = $1, name_en = $2, updated_at = $3 WHERE code = $4",
    )
    .bind(name_el)
    .bind(name_en)
    .bind(now_ms())
    .bind(code)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Shows or hides a department in the public catalogue; returns whether it exists.
pub async fn set_department_active(
    conn: &mut AnyConnection,
    code: &str,
    active: bool,
) -> Result<bool, DbError> {
    let n = sqlx::query("UPDATE departments SET active = $1, updated_at = $2 WHERE code = $3")
        .bind(flag(active))
        .bind(now_ms())
        .bind(code)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(n == 1)
}

/// Everything that refers to a department (read in the caller's transaction, before deleting).
pub async fn department_usage(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<DepartmentUsage, DbError> {
    let sql = format!(
        "SELECT COUNT(*) FROM requests WHERE department_code = $1 AND status IN {}",
        *crate::requests::OPEN
    );
    let open_requests: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(code)
        .fetch_one(&mut *conn)
        .await?;
    let all_requests: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM requests WHERE department_code = $1")
            .bind(code)
            .fetch_one(&mut *conn)
            .await?;
    let services =
        sqlx::query_scalar("SELECT code FROM services WHERE department_code = $1 ORDER BY code")
            .bind(code)
            .fetch_all(&mut *conn)
            .await?;
    let offices = sqlx::query_scalar(
        "SELECT office_code FROM office_departments WHERE department_code = $1 ORDER BY office_code",
    )
    .bind(code)
    .fetch_all(&mut *conn)
    .await?;
    let staff = sqlx::query_scalar(
        "SELECT s.username FROM staff_departments sd JOIN staff s ON s.id = sd.staff_id
         WHERE sd.department_code = $1 ORDER BY s.username",
    )
    .bind(code)
    .fetch_all(&mut *conn)
    .await?;
    Ok(DepartmentUsage {
        open_requests,
        closed_requests: all_requests - open_requests,
        services,
        offices,
        staff,
    })
}

/// Deletes a department; returns whether it existed. Check [`department_usage`] first: rows that
/// still refer to it make this fail on the foreign keys.
pub async fn delete_department(conn: &mut AnyConnection, code: &str) -> Result<bool, DbError> {
    let n = sqlx::query("DELETE FROM departments WHERE code = $1")
        .bind(code)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(n == 1)
}
