//! Importing back-office records — debts, fines and summonses, pending matters — from a CSV
//! file on the command line, or as a batch over the API with an integration key.
//!
//! Both take the same checks (`dimos_domain::check_record`), and both are all or nothing: every
//! record is checked first and every problem reported (line or index, column, reason) with
//! nothing applied; only a clean input is applied, in one transaction, as an upsert by
//! `external_id` that leaves rows bringing their stored values alone. So importing the same
//! input twice changes nothing the second time. Every import, applied or refused, is audited.

pub(crate) mod batch;
pub(crate) mod file;
pub(crate) mod rows;

pub use batch::{BatchImported, MAX_BATCH_RECORDS};
pub use dimos_db::records_import::UpsertCounts;
pub use file::{BATCH_ROWS, MAX_LISTED};

use crate::{App, AppError, ClientInfo};
use dimos_db::audit::{self, NewAuditEntry};
use dimos_db::clock::now;
use dimos_domain::{AuditActorKind, AuditOutcome, FieldError, RecordKind, Rule};
use rows::Batch;
use serde_json::json;
use std::fmt;
use std::fs::File;
use std::io::{self, Seek};
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

/// The two passes over a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportPhase {
    Checking,
    Applying,
}

/// Told how far an import has come (the command line draws a progress bar with it).
pub trait ImportProgress: Send + Sync {
    /// A pass begins over a file of `total_bytes`.
    fn phase(&self, _phase: ImportPhase, _total_bytes: u64) {}
    /// The pass has read this far.
    fn position(&self, _bytes: u64) {}
    /// Both passes are over (applied or not).
    fn finish(&self) {}
}

/// No one watches.
pub struct NoProgress;

impl ImportProgress for NoProgress {}

/// One problem of an import file: where (line, column) and what (a stable code and a sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// 1-based; the header is line 1.
    pub line: u64,
    /// The column's name; `None` for a problem of the whole row or file.
    pub column: Option<&'static str>,
    pub code: &'static str,
    pub detail: String,
}

impl RowProblem {
    fn file(line: u64, code: &'static str, detail: &str) -> RowProblem {
        RowProblem {
            line,
            column: None,
            code,
            detail: detail.to_owned(),
        }
    }

    fn field(kind: RecordKind, line: u64, column: usize, error: FieldError) -> RowProblem {
        let column = kind.columns()[column];
        let detail = match (error, column.rule) {
            (FieldError::UnknownValue, Rule::Status(allowed)) => {
                format!("not one of: {}", allowed.join(", "))
            }
            (FieldError::NotUtf8, _) => {
                "the bytes are not UTF-8 text (save the file as UTF-8)".into()
            }
            _ => error.to_string(),
        };
        RowProblem {
            line,
            column: Some(column.name),
            code: error.code(),
            detail,
        }
    }
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(column) = self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {} ({})", self.detail, self.code)
    }
}

/// A file applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileImported {
    pub records: u64,
    pub counts: UpsertCounts,
}

/// Why a file was not applied. In every case nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum FileImportError {
    /// The file has bad rows (or no good header, or no rows): the first [`MAX_LISTED`]
    /// problems, and how many there are in all.
    #[error("the file has {problem_count} problem(s)")]
    Rejected {
        problems: Vec<RowProblem>,
        problem_count: u64,
        records: u64,
    },
    #[error("cannot read the file: {0}")]
    Io(#[from] io::Error),
    #[error("the file changed while it was being imported")]
    Changed,
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<dimos_db::DbError> for FileImportError {
    fn from(e: dimos_db::DbError) -> FileImportError {
        FileImportError::App(AppError::Db(e))
    }
}

/// What identifies a file's content for the check that it did not change between the passes.
fn fingerprint(file: &File) -> io::Result<(u64, Option<SystemTime>)> {
    let meta = file.metadata()?;
    Ok((meta.len(), meta.modified().ok()))
}

impl App {
    /// Imports a CSV file of `kind` (the command line's `dimos import`): checks it whole, then
    /// applies it in one transaction. Audited as the system's action.
    pub async fn import_file(
        &self,
        kind: RecordKind,
        path: &Path,
        progress: Arc<dyn ImportProgress>,
        client: &ClientInfo,
    ) -> Result<FileImported, FileImportError> {
        let outcome = self.import_file_passes(kind, path, &progress, client).await;
        progress.finish();
        if let Err(FileImportError::Rejected {
            problem_count,
            records,
            ..
        }) = &outcome
        {
            let mut entry = file_entry(kind, "records.import_rejected", client);
            entry.outcome = AuditOutcome::Failure;
            entry.details = json!({
                "kind": kind.as_str(),
                "source": "file",
                "file": path.display().to_string(),
                "records": records,
                "problems": problem_count,
            })
            .to_string();
            audit::append_alone(self.db(), &entry)
                .await
                .map_err(AppError::Db)?;
        }
        outcome
    }

    async fn import_file_passes(
        &self,
        kind: RecordKind,
        path: &Path,
        progress: &Arc<dyn ImportProgress>,
        client: &ClientInfo,
    ) -> Result<FileImported, FileImportError> {
        let file = File::open(path)?;
        let before = fingerprint(&file)?;
        let departments = Arc::new(dimos_db::staff::known_departments(self.db()).await?);

        progress.phase(ImportPhase::Checking, before.0);
        let (found, mut file) = {
            let progress = Arc::clone(progress);
            let departments = Arc::clone(&departments);
            tokio::task::spawn_blocking(move || {
                file::check(kind, file, &departments, progress.as_ref())
            })
            .await
            .map_err(|e| AppError::Internal(format!("the check stopped: {e}")))??
        };
        if found.problem_count > 0 {
            return Err(FileImportError::Rejected {
                problems: found.problems,
                problem_count: found.problem_count,
                records: found.records,
            });
        }

        progress.phase(ImportPhase::Applying, before.0);
        file.rewind()?;
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<(Batch, u64)>(2);
        let reader = tokio::task::spawn_blocking(move || {
            file::read_batches(kind, file, &departments, &sender)
        });
        let mut tx = self.db().begin().await.map_err(AppError::Db)?;
        let now = now();
        let mut counts = UpsertCounts::default();
        while let Some((batch, position)) = receiver.recv().await {
            counts.add(batch.upsert(&mut tx, now).await?);
            progress.position(position);
        }
        let file = match reader
            .await
            .map_err(|e| AppError::Internal(format!("the reader stopped: {e}")))?
        {
            Ok(file) => file,
            Err(file::ReadFailure::Io(e)) => return Err(e.into()),
            Err(file::ReadFailure::Changed) => return Err(FileImportError::Changed),
        };
        if counts.total() != found.records || fingerprint(&file)? != before {
            return Err(FileImportError::Changed);
        }
        let mut entry = file_entry(kind, "records.imported", client);
        entry.details = json!({
            "kind": kind.as_str(),
            "source": "file",
            "file": path.display().to_string(),
            "records": found.records,
            "inserted": counts.inserted,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
        })
        .to_string();
        audit::append(&mut tx, &entry).await?;
        tx.commit().await.map_err(AppError::from)?;
        Ok(FileImported {
            records: found.records,
            counts,
        })
    }
}

fn file_entry(kind: RecordKind, action: &'static str, client: &ClientInfo) -> NewAuditEntry {
    let mut entry = NewAuditEntry::new(AuditActorKind::System, None, action);
    entry.target_kind = Some("records");
    entry.target_id = Some(kind.as_str().to_owned());
    entry.client_ip = client.ip.clone();
    entry
}
