//! From a checked record to the row the store writes, gathered in batches of one kind.

use dimos_db::DbError;
use dimos_db::records::{Debt, Fine, PendingMatter};
use dimos_db::records_import::{self, UpsertCounts};
use dimos_domain::{CheckedRecord, RecordKind, Timestamp};
use sqlx::AnyConnection;

/// Records of one kind on their way to the store.
pub enum Batch {
    Debts(Vec<Debt>),
    Fines(Vec<Fine>),
    Pending(Vec<PendingMatter>),
}

impl Batch {
    pub fn with_capacity(kind: RecordKind, capacity: usize) -> Batch {
        match kind {
            RecordKind::Debts => Batch::Debts(Vec::with_capacity(capacity)),
            RecordKind::Fines => Batch::Fines(Vec::with_capacity(capacity)),
            RecordKind::Pending => Batch::Pending(Vec::with_capacity(capacity)),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Batch::Debts(rows) => rows.len(),
            Batch::Fines(rows) => rows.len(),
            Batch::Pending(rows) => rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds a record; it must be of the batch's kind.
    pub fn push(&mut self, r: &CheckedRecord<'_>) {
        let text = |name: &str| r.get(name).to_owned();
        match self {
            Batch::Debts(rows) => rows.push(Debt {
                external_id: text("external_id"),
                tax_number: text("tax_number"),
                category: text("category"),
                description: text("description"),
                amount_cents: r.amount_cents(),
                due_date: text("due_date"),
                status: text("status"),
                rf_reference: r.rf_reference().map(String::from),
            }),
            Batch::Fines(rows) => rows.push(Fine {
                external_id: text("external_id"),
                tax_number: text("tax_number"),
                notice_number: text("notice_number"),
                issued_on: text("issued_on"),
                place: text("place"),
                vehicle_plate: text("vehicle_plate"),
                violation: text("violation"),
                amount_cents: r.amount_cents(),
                status: text("status"),
                appeal_until: text("appeal_until"),
                rf_reference: r.rf_reference().map(String::from),
            }),
            Batch::Pending(rows) => rows.push(PendingMatter {
                external_id: text("external_id"),
                tax_number: text("tax_number"),
                department: text("department"),
                title: text("title"),
                details: text("details"),
                since: text("since"),
                action_needed: text("action_needed"),
            }),
        }
    }

    /// Writes the batch inside the caller's transaction.
    pub async fn upsert(
        self,
        conn: &mut AnyConnection,
        now: Timestamp,
    ) -> Result<UpsertCounts, DbError> {
        match self {
            Batch::Debts(rows) => records_import::upsert(conn, rows, now).await,
            Batch::Fines(rows) => records_import::upsert(conn, rows, now).await,
            Batch::Pending(rows) => records_import::upsert(conn, rows, now).await,
        }
    }
}
