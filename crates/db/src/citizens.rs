//! Citizens' accounts and the single-use links mailed to them.

use crate::clock::now_ms;
use crate::decode::decode;
use crate::{Db, DbError};
use dimos_domain::{AssuranceLevel, Timestamp};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A citizen's account as stored. Values were validated into domain types before they got here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citizen {
    pub id: String,
    pub username: String,
    pub email: String,
    pub email_confirmed_at: Option<Timestamp>,
    pub given_name: String,
    pub family_name: String,
    pub father_name: String,
    pub birth_date: String,
    pub tax_number: Option<String>,
    pub verified_tax_number: Option<String>,
    pub social_security_number: Option<String>,
    pub phone: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub level: AssuranceLevel,
    pub created_at: Timestamp,
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewCitizen {
    pub id: String,
    pub username: String,
    pub password_hash: String,
    pub email: String,
    pub given_name: String,
    pub family_name: String,
    pub family_name_folded: String,
    pub father_name: String,
    pub birth_date: String,
    pub tax_number: Option<String>,
    pub social_security_number: Option<String>,
    pub phone: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
}

const COLUMNS: &str =
    "id, username, email, email_confirmed_at, given_name, family_name, father_name,
    birth_date, tax_number, verified_tax_number, social_security_number, phone, street,
    postal_code, city, level, created_at";

/// Inserts an account; a taken username is a unique violation (see [`DbError::is_unique_violation`]).
pub async fn insert(conn: &mut AnyConnection, c: &NewCitizen) -> Result<(), DbError> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO citizens (id, username, password_hash, email, given_name, family_name,
             family_name_folded, father_name, birth_date, tax_number, social_security_number, phone,
             street, postal_code, city, level, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $17, $16, $16)",
    )
    .bind(&c.id)
    .bind(&c.username)
    .bind(&c.password_hash)
    .bind(&c.email)
    .bind(&c.given_name)
    .bind(&c.family_name)
    .bind(&c.family_name_folded)
    .bind(&c.father_name)
    .bind(&c.birth_date)
    .bind(&c.tax_number)
    .bind(&c.social_security_number)
    .bind(&c.phone)
    .bind(&c.street)
    .bind(&c.postal_code)
    .bind(&c.city)
    .bind(now)
    .bind(AssuranceLevel::A.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Citizen>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM citizens WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn username_exists(db: &Db, username: &str) -> Result<bool, DbError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM citizens WHERE username = $1")
        .bind(username)
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

/// The id and password hash for a login by username.
pub async fn credentials(db: &Db, username: &str) -> Result<Option<(String, String)>, DbError> {
    let row = sqlx::query("SELECT id, password_hash FROM citizens WHERE username = $1")
        .bind(username)
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| Ok((r.try_get("id")?, r.try_get("password_hash")?)))
        .transpose()
}

pub async fn password_hash(db: &Db, id: &str) -> Result<Option<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT password_hash FROM citizens WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?,
    )
}

/// Citizens whose e-mail is `email` (an address may serve several accounts, e.g. a family's).
pub async fn ids_by_email(db: &Db, email: &str) -> Result<Vec<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM citizens WHERE LOWER(email) = LOWER($1)")
            .bind(email)
            .fetch_all(db.pool())
            .await?,
    )
}

pub async fn set_password_hash(
    conn: &mut AnyConnection,
    id: &str,
    hash: &str,
) -> Result<(), DbError> {
    sqlx::query("UPDATE citizens SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now_ms())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A walk-in account, registered by a verifier from the document seen (after [`insert`], in
/// the same transaction): Level B at once, its tax number (if any) the verified one. A tax
/// number certified on another account is a unique violation.
pub async fn certify_walk_in(
    conn: &mut AnyConnection,
    id: &str,
    verified_tax_number: Option<&str>,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE citizens SET level = $4, verified_tax_number = $1, updated_at = $2 WHERE id = $3",
    )
    .bind(verified_tax_number)
    .bind(now_ms())
    .bind(id)
    .bind(AssuranceLevel::B.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// The username and password a walk-in citizen chose at activation; a taken username is a
/// unique violation.
pub async fn set_credentials(
    conn: &mut AnyConnection,
    id: &str,
    username: &str,
    password_hash: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE citizens SET username = $1, password_hash = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(username)
    .bind(password_hash)
    .bind(now_ms())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Details a citizen may change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ContactChange {
    pub email: Option<String>,
    /// `Some(None)` clears the phone number.
    pub phone: Option<Option<String>>,
    pub address: Option<(String, String, String)>,
    /// Identity fields, which only an uncertified (Level A) account may correct.
    pub identity: Option<IdentityChange>,
}

#[derive(Debug, Clone, Default)]
pub struct IdentityChange {
    pub given_name: Option<String>,
    pub family_name: Option<(String, String)>,
    pub father_name: Option<String>,
    pub birth_date: Option<String>,
    pub tax_number: Option<Option<String>>,
}

pub async fn update_contact(
    conn: &mut AnyConnection,
    id: &str,
    change: &ContactChange,
) -> Result<(), DbError> {
    let now = now_ms();
    if let Some(email) = &change.email {
        // A new address must be confirmed again.
        sqlx::query(
            "UPDATE citizens SET email = $1, email_confirmed_at = NULL, updated_at = $2 WHERE id = $3",
        )
        .bind(email)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    if let Some(phone) = &change.phone {
        sqlx::query("UPDATE citizens SET phone = $1, updated_at = $2 WHERE id = $3")
            .bind(phone)
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    if let Some((street, postal_code, city)) = &change.address {
        sqlx::query(
            "UPDATE citizens SET street = $1, postal_code = $2, city = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(street)
        .bind(postal_code)
        .bind(city)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    if let Some(identity) = &change.identity {
        // Guarded in SQL too: a certified account's identity never changes here.
        let set = |column: &'static str| {
            format!(
                "UPDATE citizens SET {column} = $1, updated_at = $2 WHERE id = $3 AND level = $4"
            )
        };
        let mut updates: Vec<(String, Option<String>)> = Vec::new();
        if let Some(v) = &identity.given_name {
            updates.push((set("given_name"), Some(v.clone())));
        }
        if let Some((name, folded)) = &identity.family_name {
            updates.push((set("family_name"), Some(name.clone())));
            updates.push((set("family_name_folded"), Some(folded.clone())));
        }
        if let Some(v) = &identity.father_name {
            updates.push((set("father_name"), Some(v.clone())));
        }
        if let Some(v) = &identity.birth_date {
            updates.push((set("birth_date"), Some(v.clone())));
        }
        if let Some(v) = &identity.tax_number {
            updates.push((set("tax_number"), v.clone()));
        }
        for (sql, value) in updates {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(value)
                .bind(now)
                .bind(id)
                .bind(AssuranceLevel::A.as_str())
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// The identity as certified at the counter.
#[derive(Debug, Clone)]
pub struct CertifiedIdentity<'a> {
    pub given_name: &'a str,
    pub family_name: &'a str,
    pub family_name_folded: &'a str,
    pub father_name: &'a str,
    pub birth_date: &'a str,
    /// `None`: certified without a Greek tax number (the personal records, kept by tax number,
    /// stay empty until one is added).
    pub tax_number: Option<&'a str>,
}

/// Makes an account Level B with its certified identity; the tax number becomes verified. The
/// update only matches a Level A account, so two verifiers cannot both certify it. A tax number
/// verified on another account is a unique violation.
pub async fn certify(
    conn: &mut AnyConnection,
    id: &str,
    identity: &CertifiedIdentity<'_>,
) -> Result<bool, DbError> {
    let n = sqlx::query(
        "UPDATE citizens SET level = $9, given_name = $1, family_name = $2, family_name_folded = $3,
             father_name = $4, birth_date = $5, tax_number = $6, verified_tax_number = $6, updated_at = $7
         WHERE id = $8 AND level = $10",
    )
    .bind(identity.given_name)
    .bind(identity.family_name)
    .bind(identity.family_name_folded)
    .bind(identity.father_name)
    .bind(identity.birth_date)
    .bind(identity.tax_number)
    .bind(now_ms())
    .bind(id)
    .bind(AssuranceLevel::B.as_str())
    .bind(AssuranceLevel::A.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Back to Level A: the tax number is no longer verified.
pub async fn decertify(conn: &mut AnyConnection, id: &str) -> Result<bool, DbError> {
    let n = sqlx::query(
        "UPDATE citizens SET level = $3, verified_tax_number = NULL, updated_at = $1
         WHERE id = $2 AND level = $4",
    )
    .bind(now_ms())
    .bind(id)
    .bind(AssuranceLevel::A.as_str())
    .bind(AssuranceLevel::B.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Whether a tax number is verified on an account other than `except_id`.
pub async fn tax_number_verified_elsewhere(
    db: &Db,
    tax_number: &str,
    except_id: &str,
) -> Result<bool, DbError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM citizens WHERE verified_tax_number = $1 AND id <> $2",
    )
    .bind(tax_number)
    .bind(except_id)
    .fetch_one(db.pool())
    .await?;
    Ok(n > 0)
}

/// A line of a staff search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitizenSummary {
    pub id: String,
    pub username: String,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: String,
    pub level: AssuranceLevel,
}

/// How the counter looks a citizen up.
#[derive(Debug, Clone)]
pub enum CitizenLookup {
    Username(String),
    TaxNumber(String),
    Email(String),
    /// Folded family name (prefix) and `YYYY-MM-DD` birth date.
    NameAndBirthDate(String, String),
}

pub async fn search(
    db: &Db,
    lookup: &CitizenLookup,
    limit: i64,
) -> Result<Vec<CitizenSummary>, DbError> {
    let (condition, value, birth_date) = match lookup {
        CitizenLookup::Username(u) => ("username = $1", u.clone(), ""),
        CitizenLookup::TaxNumber(t) => ("tax_number = $1", t.clone(), ""),
        CitizenLookup::Email(e) => ("LOWER(email) = LOWER($1)", e.clone(), ""),
        CitizenLookup::NameAndBirthDate(name, date) => (
            "family_name_folded LIKE $1",
            format!("{name}%"),
            date.as_str(),
        ),
    };
    let sql = format!(
        "SELECT id, username, given_name, family_name, birth_date, level FROM citizens
         WHERE {condition} AND ($2 = '' OR birth_date = $2)
         ORDER BY family_name_folded, username LIMIT $3"
    );
    let query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(value)
        .bind(birth_date)
        .bind(limit.clamp(1, 100));
    let rows = query.fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| {
            Ok(CitizenSummary {
                id: r.try_get("id")?,
                username: r.try_get("username")?,
                given_name: r.try_get("given_name")?,
                family_name: r.try_get("family_name")?,
                birth_date: r.try_get("birth_date")?,
                level: decode(r, "level")?,
            })
        })
        .collect()
}

/// What a single-use link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    ConfirmEmail,
    ResetPassword,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::ConfirmEmail => "confirm_email",
            TokenPurpose::ResetPassword => "reset_password",
        }
    }
}

/// Stores the hash of a new single-use token; earlier unused tokens of the same purpose expire.
pub async fn insert_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    citizen_id: &str,
    purpose: TokenPurpose,
    email: &str,
    expires_at: Timestamp,
) -> Result<(), DbError> {
    let now = now_ms();
    sqlx::query(
        "UPDATE citizen_tokens SET used_at = $1
         WHERE citizen_id = $2 AND purpose = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(citizen_id)
    .bind(purpose.as_str())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO citizen_tokens (token_hash, citizen_id, purpose, email, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash)
    .bind(citizen_id)
    .bind(purpose.as_str())
    .bind(email)
    .bind(now)
    .bind(expires_at.as_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// The citizen a still-valid token belongs to, without using it.
pub async fn peek_token(
    db: &Db,
    token_hash: &str,
    purpose: TokenPurpose,
) -> Result<Option<String>, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT citizen_id FROM citizen_tokens
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(now_ms())
    .fetch_optional(db.pool())
    .await?)
}

/// Uses a token once: marks it used and returns (citizen id, e-mail) when it was valid. Two
/// concurrent uses cannot both succeed: the update only matches an unused row.
pub async fn use_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    purpose: TokenPurpose,
) -> Result<Option<(String, String)>, DbError> {
    let now = now_ms();
    let row = sqlx::query(
        "UPDATE citizen_tokens SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING citizen_id, email",
    )
    .bind(now)
    .bind(token_hash)
    .bind(purpose.as_str())
    .fetch_optional(conn)
    .await?;
    row.map(|r| Ok((r.try_get("citizen_id")?, r.try_get("email")?)))
        .transpose()
}

/// Marks the current address confirmed (the demo data; a citizen confirms through a link).
pub async fn mark_email_confirmed(db: &Db, id: &str) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE citizens SET email_confirmed_at = $1 WHERE id = $2 AND email_confirmed_at IS NULL",
    )
    .bind(now_ms())
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Marks the e-mail confirmed if it is still the account's address.
pub async fn confirm_email(
    conn: &mut AnyConnection,
    id: &str,
    email: &str,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE citizens SET email_confirmed_at = $1, updated_at = $1
         WHERE id = $2 AND email = $3 AND email_confirmed_at IS NULL",
    )
    .bind(now_ms())
    .bind(id)
    .bind(email)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(done == 1)
}

fn from_row(r: &AnyRow) -> Result<Citizen, DbError> {
    Ok(Citizen {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        email: r.try_get("email")?,
        email_confirmed_at: decode(r, "email_confirmed_at")?,
        given_name: r.try_get("given_name")?,
        family_name: r.try_get("family_name")?,
        father_name: r.try_get("father_name")?,
        birth_date: r.try_get("birth_date")?,
        tax_number: r.try_get("tax_number")?,
        verified_tax_number: r.try_get("verified_tax_number")?,
        social_security_number: r.try_get("social_security_number")?,
        phone: r.try_get("phone")?,
        street: r.try_get("street")?,
        postal_code: r.try_get("postal_code")?,
        city: r.try_get("city")?,
        level: decode(r, "level")?,
        created_at: decode(r, "created_at")?,
    })
}
