//! Departments: every one, active or not, and what still points at one before it may go.

use super::{AnyQuery, Catalogued};
use crate::DbError;
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

impl Catalogued for DepartmentRecord {
    const TABLE: &'static str = "departments";
    const FIELDS: &'static str = "name_el, name_en";

    fn bind_fields(&self, query: AnyQuery) -> AnyQuery {
        query.bind(&self.name_el).bind(&self.name_en)
    }

    fn from_row(r: &AnyRow) -> Result<DepartmentRecord, DbError> {
        Ok(DepartmentRecord {
            code: r.try_get("code")?,
            name_el: r.try_get("name_el")?,
            name_en: r.try_get("name_en")?,
            active: r.try_get::<i64, _>("active")? == 1,
        })
    }

    fn key(&self) -> (&str, bool) {
        (&self.code, self.active)
    }
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
