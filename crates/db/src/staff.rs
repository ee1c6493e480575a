//! Staff accounts: separate from citizens, with roles, departments and an encrypted TOTP secret.

use crate::clock::now_ms;
use crate::decode::decode;
use crate::{Db, DbError};
use dimos_domain::{StaffRole, Timestamp};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<StaffRole>,
    pub departments: Vec<String>,
    pub disabled_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

/// What a staff login needs.
#[derive(Debug, Clone)]
pub struct StaffCredentials {
    pub id: String,
    pub password_hash: String,
    pub totp_secret_enc: String,
    pub disabled: bool,
}

#[derive(Debug, Clone)]
pub struct NewStaff<'a> {
    pub id: &'a str,
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub totp_secret_enc: &'a str,
    pub roles: &'a [String],
    pub departments: &'a [String],
}

pub async fn insert(conn: &mut AnyConnection, s: &NewStaff<'_>) -> Result<(), DbError> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO staff (id, username, password_hash, display_name, totp_secret_enc, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(s.id)
    .bind(s.username)
    .bind(s.password_hash)
    .bind(s.display_name)
    .bind(s.totp_secret_enc)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    set_roles(conn, s.id, s.roles, s.departments).await
}

/// Replaces a member's roles and departments.
pub async fn set_roles(
    conn: &mut AnyConnection,
    id: &str,
    roles: &[String],
    departments: &[String],
) -> Result<(), DbError> {
    sqlx::query("DELETE FROM staff_roles WHERE staff_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM staff_departments WHERE staff_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for role in roles {
        sqlx::query("INSERT INTO staff_roles (staff_id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(role)
            .execute(&mut *conn)
            .await?;
    }
    for department in departments {
        sqlx::query("INSERT INTO staff_departments (staff_id, department_code) VALUES ($1, $2)")
            .bind(id)
            .bind(department)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("UPDATE staff SET updated_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn credentials(db: &Db, username: &str) -> Result<Option<StaffCredentials>, DbError> {
    let row = sqlx::query(
        "SELECT id, password_hash, totp_secret_enc, disabled_at FROM staff WHERE username = $1",
    )
    .bind(username)
    .fetch_optional(db.pool())
    .await?;
    row.map(|r| {
        Ok(StaffCredentials {
            id: r.try_get("id")?,
            password_hash: r.try_get("password_hash")?,
            totp_secret_enc: r.try_get("totp_secret_enc")?,
            disabled: r.try_get::<Option<i64>, _>("disabled_at")?.is_some(),
        })
    })
    .transpose()
}

/// Accepts a TOTP time step once: only a step later than the last accepted one passes, so a
/// code cannot be replayed, even by two instances at once.
pub async fn accept_totp_step(db: &Db, id: &str, step: i64) -> Result<bool, DbError> {
    let n =
        sqlx::query("UPDATE staff SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1")
            .bind(step)
            .bind(id)
            .execute(db.pool())
            .await?
            .rows_affected();
    Ok(n == 1)
}

pub async fn get(db: &Db, id: &str) -> Result<Option<StaffMember>, DbError> {
    let row = sqlx::query(
        "SELECT id, username, display_name, disabled_at, created_at FROM staff WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    match row {
        Some(row) => Ok(Some(with_roles(db, &row).await?)),
        None => Ok(None),
    }
}

pub async fn find_by_username(db: &Db, username: &str) -> Result<Option<StaffMember>, DbError> {
    let id: Option<String> = sqlx::query_scalar("SELECT id FROM staff WHERE username = $1")
        .bind(username)
        .fetch_optional(db.pool())
        .await?;
    match id {
        Some(id) => get(db, &id).await,
        None => Ok(None),
    }
}

pub async fn list(db: &Db) -> Result<Vec<StaffMember>, DbError> {
    let rows = sqlx::query(
        "SELECT id, username, display_name, disabled_at, created_at FROM staff ORDER BY username",
    )
    .fetch_all(db.pool())
    .await?;
    let mut members = Vec::with_capacity(rows.len());
    for row in &rows {
        members.push(with_roles(db, row).await?);
    }
    Ok(members)
}

async fn with_roles(db: &Db, row: &AnyRow) -> Result<StaffMember, DbError> {
    let id: String = row.try_get("id")?;
    let roles = sqlx::query("SELECT role FROM staff_roles WHERE staff_id = $1 ORDER BY role")
        .bind(&id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| decode(r, "role"))
        .collect::<Result<_, _>>()?;
    let departments = sqlx::query_scalar(
        "SELECT department_code FROM staff_departments WHERE staff_id = $1 ORDER BY department_code",
    )
    .bind(&id)
    .fetch_all(db.pool())
    .await?;
    Ok(StaffMember {
        id,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        roles,
        departments,
        disabled_at: decode(row, "disabled_at")?,
        created_at: decode(row, "created_at")?,
    })
}

/// Disables (or enables again) an account; returns whether it exists.
pub async fn set_disabled(
    conn: &mut AnyConnection,
    id: &str,
    disabled: bool,
) -> Result<bool, DbError> {
    let now = now_ms();
    let n = sqlx::query("UPDATE staff SET disabled_at = $1, updated_at = $2 WHERE id = $3")
        .bind(disabled.then_some(now))
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(n == 1)
}

/// A new TOTP secret; steps accepted before no longer matter.
pub async fn set_totp_secret(
    conn: &mut AnyConnection,
    id: &str,
    secret_enc: &str,
) -> Result<bool, DbError> {
    let n = sqlx::query(
        "UPDATE staff SET totp_secret_enc = $1, totp_last_step = 0, updated_at = $2 WHERE id = $3",
    )
    .bind(secret_enc)
    .bind(now_ms())
    .bind(id)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub async fn set_password_hash(
    conn: &mut AnyConnection,
    id: &str,
    hash: &str,
) -> Result<(), DbError> {
    sqlx::query("UPDATE staff SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now_ms())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Codes of the departments that exist, for validating a member's assignment.
pub async fn known_departments(db: &Db) -> Result<Vec<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT code FROM departments ORDER BY code")
            .fetch_all(db.pool())
            .await?,
    )
}
