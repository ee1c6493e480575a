//! Departments, their offices (with opening hours) and the service catalogue.

use crate::admin::AnyQuery;
use crate::clock::now_ms;
use crate::decode::decode;
use crate::{Db, DbError};
use dimos_domain::{AssuranceLevel, Cents, Delivery};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Row, Transaction};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub code: String,
    pub name_el: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
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
    pub departments: Vec<String>,
    pub hours: Vec<OpeningHours>,
}

impl Office {
    /// The columns after `code` that the seed writes and an admin's edit replaces, in the
    /// order [`Office::bind_fields`] binds them.
    pub(crate) const FIELDS: &'static str = "name_el, name_en, street, postal_code, \
        city, phone, email, certifies_identity";

    /// Binds the values of [`Office::FIELDS`], in that order.
    pub(crate) fn bind_fields(&self, query: AnyQuery) -> AnyQuery {
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

    /// Decodes an `offices` row's `code` and fields; its departments and hours are read apart.
    pub(crate) fn from_row(r: &AnyRow) -> Result<Office, DbError> {
        Ok(Office {
            code: r.try_get("code")?,
            name_el: r.try_get("name_el")?,
            name_en: r.try_get("name_en")?,
            street: r.try_get("street")?,
            postal_code: r.try_get("postal_code")?,
            city: r.try_get("city")?,
            phone: r.try_get("phone")?,
            email: r.try_get("email")?,
            certifies_identity: r.try_get::<i64, _>("certifies_identity")? == 1,
            departments: Vec::new(),
            hours: Vec::new(),
        })
    }
}

/// Records the departments an office serves and its opening hours (the office's earlier links,
/// if any, are the caller's to delete first).
pub(crate) async fn insert_office_links(
    conn: &mut AnyConnection,
    office_code: &str,
    departments: &[String],
    hours: &[OpeningHours],
) -> Result<(), DbError> {
    for department in departments {
        sqlx::query(
            "INSERT INTO office_departments (office_code, department_code) VALUES ($1, $2)",
        )
        .bind(office_code)
        .bind(department)
        .execute(&mut *conn)
        .await?;
    }
    for h in hours {
        sqlx::query(
            "INSERT INTO office_hours (office_code, weekday, opens_at, closes_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(office_code)
        .bind(h.weekday)
        .bind(&h.opens_at)
        .bind(&h.closes_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// One open interval on a weekday (1 = Monday … 7 = Sunday), times as `HH:MM`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningHours {
    pub weekday: i64,
    pub opens_at: String,
    pub closes_at: String,
}

impl OpeningHours {
    /// Decodes an `office_hours` row.
    pub(crate) fn from_row(h: &AnyRow) -> Result<OpeningHours, DbError> {
        Ok(OpeningHours {
            weekday: h.try_get("weekday")?,
            opens_at: h.try_get("opens_at")?,
            closes_at: h.try_get("closes_at")?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub code: String,
    pub department_code: String,
    pub name_el: String,
    pub name_en: String,
    pub description_el: String,
    pub description_en: String,
    pub min_level: AssuranceLevel,
    pub delivery_modes: Vec<Delivery>,
    pub fee_cents: Cents,
    pub processing_days: i64,
    /// Inactive services are kept for old requests but cannot be asked for.
    pub active: bool,
}

/// A whole catalogue, as seeded into an empty database.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub departments: Vec<Department>,
    pub offices: Vec<Office>,
    pub services: Vec<Service>,
}

/// The `settings` key whose value changes with every change to the catalogue, so that every
/// instance can tell with one small read whether the catalogue it holds in memory is current.
const VERSION_KEY: &str = "catalogue_version";

/// Marks the catalogue as changed, inside the transaction that changes it.
pub async fn changed(conn: &mut sqlx::AnyConnection) -> Result<(), DbError> {
    let version = uuid::Uuid::now_v7().to_string();
    crate::admin::put_setting(conn, VERSION_KEY, &version).await
}

/// The catalogue's current version (none before its first change after the seed: every instance
/// seeds before it serves, so the seeded catalogue needs no version of its own).
pub async fn version(db: &Db) -> Result<Option<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(VERSION_KEY)
            .fetch_optional(db.pool())
            .await?,
    )
}

/// Whether the catalogue has never been seeded.
pub async fn is_empty(db: &Db) -> Result<bool, DbError> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM departments")
        .fetch_one(db.pool())
        .await?;
    Ok(count == 0)
}

/// Inserts a catalogue in one transaction. Rows that already exist are left as they are, so two
/// instances seeding at once do no harm. Seeded offices are marked as placeholders: their
/// contact details are examples until an admin edits them.
pub async fn seed(db: &Db, catalogue: &Catalogue) -> Result<(), DbError> {
    let mut tx = db.begin().await?;
    let now = now_ms();
    for (order, d) in (0_i64..).zip(&catalogue.departments) {
        sqlx::query(
            "INSERT INTO departments (code, name_el, name_en, sort_order, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (code) DO NOTHING",
        )
        .bind(&d.code)
        .bind(&d.name_el)
        .bind(&d.name_en)
        .bind(order)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    for (order, o) in (0_i64..).zip(&catalogue.offices) {
        insert_office(&mut tx, o, order, now).await?;
    }
    for (order, s) in (0_i64..).zip(&catalogue.services) {
        sqlx::query(
            "INSERT INTO services (code, department_code, name_el, name_en, description_el,
                 description_en, min_level, allows_pickup, allows_post, fee_cents, processing_days,
                 sort_order, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
             ON CONFLICT (code) DO NOTHING",
        )
        .bind(&s.code)
        .bind(&s.department_code)
        .bind(&s.name_el)
        .bind(&s.name_en)
        .bind(&s.description_el)
        .bind(&s.description_en)
        .bind(s.min_level.as_str())
        .bind(flag(s.delivery_modes.contains(&Delivery::Pickup)))
        .bind(flag(s.delivery_modes.contains(&Delivery::Post)))
        .bind(s.fee_cents.get())
        .bind(s.processing_days)
        .bind(order)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn insert_office(
    tx: &mut Transaction<'_, Any>,
    o: &Office,
    order: i64,
    now: i64,
) -> Result<(), DbError> {
    let query = sqlx::query(
        "INSERT INTO offices (code, name_el, name_en, street, postal_code, city, phone, email,
             certifies_identity, sort_order, created_at, updated_at, placeholder)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 1)
         ON CONFLICT (code) DO NOTHING",
    );
    let inserted = o
        .bind_fields(query.bind(&o.code))
        .bind(order)
        .bind(now)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if inserted == 0 {
        return Ok(());
    }
    insert_office_links(tx, &o.code, &o.departments, &o.hours).await?;
    Ok(())
}

/// Active departments, in catalogue order.
pub async fn departments(db: &Db) -> Result<Vec<Department>, DbError> {
    let rows = sqlx::query(
        "SELECT code, name_el, name_en FROM departments WHERE active = 1 ORDER BY sort_order, code",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Department {
                code: r.try_get("code")?,
                name_el: r.try_get("name_el")?,
                name_en: r.try_get("name_en")?,
            })
        })
        .collect()
}

/// Active services, in catalogue order.
pub async fn services(db: &Db) -> Result<Vec<Service>, DbError> {
    let rows = sqlx::query(
        "SELECT code, department_code, name_el, name_en, description_el, description_en,
                min_level, allows_pickup, allows_post, fee_cents, processing_days, active
         FROM services
         WHERE active = 1 AND department_code IN (SELECT code FROM departments WHERE active = 1)
         ORDER BY sort_order, code",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(service_from_row).collect()
}

/// One service by code, active or not.
pub async fn service(db: &Db, code: &str) -> Result<Option<Service>, DbError> {
    let row = sqlx::query(
        "SELECT code, department_code, name_el, name_en, description_el, description_en,
                min_level, allows_pickup, allows_post, fee_cents, processing_days, active
         FROM services WHERE code = $1",
    )
    .bind(code)
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(service_from_row).transpose()
}

fn service_from_row(r: &AnyRow) -> Result<Service, DbError> {
    let mut delivery_modes = Vec::with_capacity(2);
    if r.try_get::<i64, _>("allows_pickup")? == 1 {
        delivery_modes.push(Delivery::Pickup);
    }
    if r.try_get::<i64, _>("allows_post")? == 1 {
        delivery_modes.push(Delivery::Post);
    }
    Ok(Service {
        code: r.try_get("code")?,
        department_code: r.try_get("department_code")?,
        name_el: r.try_get("name_el")?,
        name_en: r.try_get("name_en")?,
        description_el: r.try_get("description_el")?,
        description_en: r.try_get("description_en")?,
        min_level: decode(r, "min_level")?,
        delivery_modes,
        fee_cents: decode(r, "fee_cents")?,
        processing_days: r.try_get("processing_days")?,
        active: r.try_get::<i64, _>("active")? == 1,
    })
}

/// Active offices with the departments they serve and their opening hours.
pub async fn offices(db: &Db) -> Result<Vec<Office>, DbError> {
    let rows = sqlx::query(
        "SELECT code, name_el, name_en, street, postal_code, city, phone, email, certifies_identity
         FROM offices WHERE active = 1 ORDER BY sort_order, code",
    )
    .fetch_all(db.pool())
    .await?;
    let links = sqlx::query(
        "SELECT od.office_code, od.department_code FROM office_departments od
         JOIN departments d ON d.code = od.department_code AND d.active = 1
         ORDER BY od.office_code, d.sort_order",
    )
    .fetch_all(db.pool())
    .await?;
    let hours = sqlx::query(
        "SELECT office_code, weekday, opens_at, closes_at FROM office_hours
         ORDER BY office_code, weekday, opens_at",
    )
    .fetch_all(db.pool())
    .await?;
    let mut offices = Vec::with_capacity(rows.len());
    for r in &rows {
        let code: String = r.try_get("code")?;
        let mut departments = Vec::new();
        for l in links.iter() {
            if l.try_get::<String, _>("office_code")? == code {
                departments.push(l.try_get("department_code")?);
            }
        }
        let mut office_hours = Vec::new();
        for h in hours.iter() {
            if h.try_get::<String, _>("office_code")? == code {
                office_hours.push(OpeningHours::from_row(h)?);
            }
        }
        offices.push(Office {
            departments,
            hours: office_hours,
            ..Office::from_row(r)?
        });
    }
    Ok(offices)
}

fn flag(value: bool) -> i64 {
    i64::from(value)
}
