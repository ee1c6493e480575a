//! Writing back-office records: batched upserts by `external_id` that leave a row alone when
//! the import brings the values it already has (its `row_hash` matches), and say how many rows
//! were inserted, updated or left unchanged.
//!
//! Each statement carries many rows (`INSERT … VALUES (…),(…) ON CONFLICT … DO UPDATE … WHERE
//! the hash differs`) with `$n` placeholders generated here, kept under both backends' limits on
//! parameters per statement (SQLite 32766, PostgreSQL 65535).

use crate::DbError;
use crate::records::{Debt, Fine, PendingMatter};
use dimos_domain::{RowHasher, Timestamp};
use sqlx::any::AnyArguments;
use sqlx::{AnyConnection, Arguments, AssertSqlSafe, Row};
use std::collections::HashMap;
use std::fmt::Write;

/// Parameters one statement may carry: below SQLite's 32766 (and PostgreSQL's 65535).
const PARAMETER_BUDGET: usize = 32_000;
/// Rows per statement at most. Measured (BENCHMARKS.md), shorter statements are faster past a
/// few dozen rows on both backends: SQLite looks each `$n` up by name in a list, so binding costs
/// grow with the square of the parameters, and PostgreSQL's time per row grows with the
/// statement too.
const ROWS_PER_STATEMENT: usize = 32;

/// A record type stored by the import: its table, the columns it writes, its values.
pub trait StoredRecord: Send + Sync {
    const TABLE: &'static str;
    /// The columns written from the record, `external_id` first (then `row_hash`, `created_at`
    /// and `updated_at` follow, written by the import itself).
    const COLUMNS: &'static [&'static str];
    fn external_id(&self) -> &str;
    /// The hash of every stored value (see [`RowHasher`]).
    fn row_hash(&self) -> String;
    /// Appends the values of [`Self::COLUMNS`], in order.
    fn add_values(self, args: &mut AnyArguments) -> Result<(), sqlx::error::BoxDynError>;
}

/// What became of the rows of an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpsertCounts {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl UpsertCounts {
    pub fn add(&mut self, other: UpsertCounts) {
        self.inserted += other.inserted;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }

    pub fn total(&self) -> u64 {
        self.inserted + self.updated + self.unchanged
    }
}

/// Inserts or updates `rows` by `external_id` inside the caller's transaction. The rows'
/// external ids must be distinct (the caller checked).
pub async fn upsert<R: StoredRecord>(
    conn: &mut AnyConnection,
    rows: Vec<R>,
    now: Timestamp,
) -> Result<UpsertCounts, DbError> {
    let per_statement = rows_per_statement(R::COLUMNS.len());
    let mut counts = UpsertCounts::default();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<R> = rows.by_ref().take(per_statement).collect();
        counts.add(upsert_chunk(conn, chunk, now).await?);
    }
    Ok(counts)
}

/// How many rows fit one statement, with a parameter per written column plus the row hash
/// (the time is one parameter shared by all rows).
pub fn rows_per_statement(columns: usize) -> usize {
    (PARAMETER_BUDGET / (columns + 1)).clamp(1, ROWS_PER_STATEMENT)
}

async fn upsert_chunk<R: StoredRecord>(
    conn: &mut AnyConnection,
    chunk: Vec<R>,
    now: Timestamp,
) -> Result<UpsertCounts, DbError> {
    let stored = stored_hashes::<R>(conn, &chunk).await?;
    let mut counts = UpsertCounts::default();
    let mut writes = Vec::with_capacity(chunk.len());
    for row in chunk {
        let hash = row.row_hash();
        match stored.get(row.external_id()) {
            None => counts.inserted += 1,
            Some(old) if *old != hash => counts.updated += 1,
            Some(_) => {
                counts.unchanged += 1;
                continue;
            }
        }
        writes.push((row, hash));
    }
    if writes.is_empty() {
        return Ok(counts);
    }
    let sql = upsert_sql(R::TABLE, R::COLUMNS, writes.len());
    let mut args = AnyArguments::default();
    args.reserve(1 + writes.len() * (R::COLUMNS.len() + 1), 0);
    args.add(now.as_millis()).map_err(encode)?;
    for (row, hash) in writes {
        row.add_values(&mut args).map_err(encode)?;
        args.add(hash).map_err(encode)?;
    }
    sqlx::query_with(AssertSqlSafe(sql), args)
        .execute(&mut *conn)
        .await?;
    Ok(counts)
}

fn encode(e: sqlx::error::BoxDynError) -> DbError {
    DbError::Sqlx(sqlx::Error::Encode(e))
}

/// The stored hashes of those of the chunk's rows that exist already.
async fn stored_hashes<R: StoredRecord>(
    conn: &mut AnyConnection,
    chunk: &[R],
) -> Result<HashMap<String, String>, DbError> {
    let mut sql = format!(
        "SELECT external_id, row_hash FROM {} WHERE external_id IN (",
        R::TABLE
    );
    let mut args = AnyArguments::default();
    args.reserve(chunk.len(), 0);
    for (i, row) in chunk.iter().enumerate() {
        if i > 0 {
            sql.push(',');
        }
        let _ = write!(sql, "${}", i + 1);
        args.add(row.external_id().to_owned()).map_err(encode)?;
    }
    sql.push(')');
    // Not kept prepared: PostgreSQL would settle on a generic plan made while the table was
    // still empty (a sequential scan), and keep it as the import fills the table.
    let found = sqlx::query_with(AssertSqlSafe(sql), args)
        .persistent(false)
        .fetch_all(&mut *conn)
        .await?;
    found
        .iter()
        .map(|r| Ok((r.try_get("external_id")?, r.try_get("row_hash")?)))
        .collect()
}

/// `INSERT INTO t (cols…, row_hash, created_at, updated_at) VALUES ($2,…,$1,$1),… ON CONFLICT
/// (external_id) DO UPDATE SET … WHERE t.row_hash <> excluded.row_hash`; `$1` is the time.
fn upsert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let per_row = columns.len() + 1;
    let mut sql = String::with_capacity(200 + rows * per_row * 7);
    let _ = write!(
        sql,
        "INSERT INTO {table} ({}, row_hash, created_at, updated_at) VALUES ",
        columns.join(", ")
    );
    let mut n = 2;
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ",(" });
        for _ in 0..per_row {
            let _ = write!(sql, "${n},");
            n += 1;
        }
        sql.push_str("$1,$1)");
    }
    sql.push_str(" ON CONFLICT (external_id) DO UPDATE SET ");
    for column in &columns[1..] {
        let _ = write!(sql, "{column} = excluded.{column}, ");
    }
    let _ = write!(
        sql,
        "row_hash = excluded.row_hash, updated_at = excluded.updated_at \
         WHERE {table}.row_hash <> excluded.row_hash"
    );
    sql
}

impl StoredRecord for Debt {
    const TABLE: &'static str = "debts";
    const COLUMNS: &'static [&'static str] = &[
        "external_id",
        "tax_number",
        "category",
        "description",
        "amount_cents",
        "due_date",
        "status",
        "rf_reference",
    ];

    fn external_id(&self) -> &str {
        &self.external_id
    }

    fn row_hash(&self) -> String {
        RowHasher::new()
            .text(&self.tax_number)
            .text(&self.category)
            .text(&self.description)
            .number(self.amount_cents.get())
            .text(&self.due_date)
            .text(&self.status)
            .optional_text(self.rf_reference.as_deref())
            .finish()
    }

    fn add_values(self, args: &mut AnyArguments) -> Result<(), sqlx::error::BoxDynError> {
        args.add(self.external_id)?;
        args.add(self.tax_number)?;
        args.add(self.category)?;
        args.add(self.description)?;
        args.add(self.amount_cents.get())?;
        args.add(self.due_date)?;
        args.add(self.status)?;
        args.add(self.rf_reference)
    }
}

impl StoredRecord for Fine {
    const TABLE: &'static str = "fines";
    const COLUMNS: &'static [&'static str] = &[
        "external_id",
        "tax_number",
        "notice_number",
        "issued_on",
        "place",
        "vehicle_plate",
        "violation",
        "amount_cents",
        "status",
        "appeal_until",
        "rf_reference",
    ];

    fn external_id(&self) -> &str {
        &self.external_id
    }

    fn row_hash(&self) -> String {
        RowHasher::new()
            .text(&self.tax_number)
            .text(&self.notice_number)
            .text(&self.issued_on)
            .text(&self.place)
            .text(&self.vehicle_plate)
            .text(&self.violation)
            .number(self.amount_cents.get())
            .text(&self.status)
            .text(&self.appeal_until)
            .optional_text(self.rf_reference.as_deref())
            .finish()
    }

    fn add_values(self, args: &mut AnyArguments) -> Result<(), sqlx::error::BoxDynError> {
        args.add(self.external_id)?;
        args.add(self.tax_number)?;
        args.add(self.notice_number)?;
        args.add(self.issued_on)?;
        args.add(self.place)?;
        args.add(self.vehicle_plate)?;
        args.add(self.violation)?;
        args.add(self.amount_cents.get())?;
        args.add(self.status)?;
        args.add(self.appeal_until)?;
        args.add(self.rf_reference)
    }
}

impl StoredRecord for PendingMatter {
    const TABLE: &'static str = "pending_matters";
    const COLUMNS: &'static [&'static str] = &[
        "external_id",
        "tax_number",
        "department_code",
        "title",
        "details",
        "since",
        "action_needed",
    ];

    fn external_id(&self) -> &str {
        &self.external_id
    }

    fn row_hash(&self) -> String {
        RowHasher::new()
            .text(&self.tax_number)
            .text(&self.department)
            .text(&self.title)
            .text(&self.details)
            .text(&self.since)
            .text(&self.action_needed)
            .finish()
    }

    fn add_values(self, args: &mut AnyArguments) -> Result<(), sqlx::error::BoxDynError> {
        args.add(self.external_id)?;
        args.add(self.tax_number)?;
        args.add(self.department)?;
        args.add(self.title)?;
        args.add(self.details)?;
        args.add(self.since)?;
        args.add(self.action_needed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_stay_under_both_parameter_limits() {
        for columns in 1..=12 {
            let rows = rows_per_statement(columns);
            let parameters = 1 + rows * (columns + 1);
            assert!(parameters <= 32_766, "{columns} columns: {parameters}");
        }
        assert_eq!(rows_per_statement(8), 32);
        assert_eq!(rows_per_statement(11), 32);
    }

    #[test]
    fn the_statement_numbers_its_placeholders_and_shares_the_time() {
        let sql = upsert_sql("debts", &["external_id", "status"], 2);
        assert_eq!(
            sql,
            "INSERT INTO debts (external_id, status, row_hash, created_at, updated_at) VALUES \
             ($2,$3,$4,$1,$1),($5,$6,$7,$1,$1) ON CONFLICT (external_id) DO UPDATE SET \
             status = excluded.status, row_hash = excluded.row_hash, updated_at = excluded.updated_at \
             WHERE debts.row_hash <> excluded.row_hash"
        );
    }
}
