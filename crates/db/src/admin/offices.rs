//! Offices with the departments they serve and their opening hours, active or not.

use super::{AnyQuery, Catalogued, flag};
use crate::catalogue::{OpeningHours, insert_office_links};
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

impl Catalogued for OfficeRecord {
    const TABLE: &'static str = "offices";
    const FIELDS: &'static str = "name_el, name_en, street, postal_code, \
        city, phone, email, certifies_identity";
    /// An admin's edit makes a seeded placeholder office real.
    const EDIT_ALSO: &'static str = ", placeholder = 0";

    fn bind_fields(&self, query: AnyQuery) -> AnyQuery {
        query
            .bind(&self.name_el)
            .bind(&self.name_en)
            .bind(&self.street)
            .bind(&self.postal_code)
            .bind(&self.city)
            .bind(&self.phone)
            .bind(&self.email)
            .bind(flag(self.certifies_identity))
    }

    fn from_row(r: &AnyRow) -> Result<OfficeRecord, DbError> {
        Ok(OfficeRecord {
            code: r.try_get("code")?,
            name_el: r.try_get("name_el")?,
            name_en: r.try_get("name_en")?,
            street: r.try_get("street")?,
            postal_code: r.try_get("postal_code")?,
            city: r.try_get("city")?,
            phone: r.try_get("phone")?,
            email: r.try_get("email")?,
            certifies_identity: r.try_get::<i64, _>("certifies_identity")? == 1,
            active: r.try_get::<i64, _>("active")? == 1,
            departments: Vec::new(),
            hours: Vec::new(),
        })
    }

    fn key(&self) -> (&str, bool) {
        (&self.code, self.active)
    }

    /// The departments it serves and its opening hours.
    async fn with_links(self, db: &Db) -> Result<OfficeRecord, DbError> {
        let departments = sqlx::query_scalar(
            "SELECT od.department_code FROM office_departments od
             JOIN departments d ON d.code = od.department_code
             WHERE od.office_code = $1 ORDER BY d.sort_order, d.code",
        )
        .bind(&self.code)
        .fetch_all(db.pool())
        .await?;
        let hours = sqlx::query(
            "SELECT weekday, opens_at, closes_at FROM office_hours WHERE office_code = $1
             ORDER BY weekday, opens_at",
        )
        .bind(&self.code)
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
            departments,
            hours,
            ..self
        })
    }

    /// Replaces the departments it serves and its opening hours.
    async fn write_links(&self, conn: &mut AnyConnection) -> Result<(), DbError> {
        let o = self;
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
