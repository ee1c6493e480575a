//! Offices with the departments they serve and their opening hours, active or not.

use super::{AnyQuery, Catalogued};
use crate::catalogue::{Office, OpeningHours, insert_office_links};
use crate::{Db, DbError};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// An office as the administration edits it: what the public sees of it, and whether it is
/// active.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeRecord {
    pub office: Office,
    pub active: bool,
}

impl Catalogued for OfficeRecord {
    const TABLE: &'static str = "offices";
    const FIELDS: &'static str = Office::FIELDS;
    /// An admin's edit makes a seeded placeholder office real.
    const EDIT_ALSO: &'static str = ", placeholder = 0";

    fn bind_fields(&self, query: AnyQuery) -> AnyQuery {
        self.office.bind_fields(query)
    }

    fn from_row(r: &AnyRow) -> Result<OfficeRecord, DbError> {
        Ok(OfficeRecord {
            office: Office::from_row(r)?,
            active: r.try_get::<i64, _>("active")? == 1,
        })
    }

    fn key(&self) -> (&str, bool) {
        (&self.office.code, self.active)
    }

    /// The departments it serves and its opening hours.
    async fn with_links(self, db: &Db) -> Result<OfficeRecord, DbError> {
        let OfficeRecord { office, active } = self;
        let departments = sqlx::query_scalar(
            "SELECT od.department_code FROM office_departments od
             JOIN departments d ON d.code = od.department_code
             WHERE od.office_code = $1 ORDER BY d.sort_order, d.code",
        )
        .bind(&office.code)
        .fetch_all(db.pool())
        .await?;
        let hours = sqlx::query(
            "SELECT weekday, opens_at, closes_at FROM office_hours WHERE office_code = $1
             ORDER BY weekday, opens_at",
        )
        .bind(&office.code)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(OpeningHours::from_row)
        .collect::<Result<Vec<_>, DbError>>()?;
        let office = Office {
            departments,
            hours,
            ..office
        };
        Ok(OfficeRecord { office, active })
    }

    /// Replaces the departments it serves and its opening hours.
    async fn write_links(&self, conn: &mut AnyConnection) -> Result<(), DbError> {
        let o = &self.office;
        sqlx::query("DELETE FROM office_departments WHERE office_code = $1")
            .bind(&o.code)
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM office_hours WHERE office_code = $1")
            .bind(&o.code)
            .execute(&mut *conn)
            .await?;
        insert_office_links(conn, &o.code, &o.departments, &o.hours).await?;
        Ok(())
    }
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
