//! Entry points for the fuzz targets (`fuzz/`): each runs the production code path on bytes
//! from outside, with no store. Not an API; nothing else calls them.

use crate::attachments::{AttachmentError, ChunkSource, MAX_ATTACHMENT_BYTES};
use crate::citizens::Registration;
use crate::import::{ImportProgress, MAX_LISTED, RowProblem};
use dimos_domain::RecordKind;
use serde_json::Value;
use std::io::Cursor;
use std::path::Path;

/// What the two passes of a file import made of a file.
#[derive(Debug)]
pub struct FileOutcome {
    /// Records after the header, as the first pass counted them.
    pub records: u64,
    pub problems: Vec<RowProblem>,
    pub problem_count: u64,
    /// Rows the second pass handed to the store: only when the first pass found no problem.
    pub applied: Option<u64>,
}

/// Counts what the first pass reports.
struct Positions(std::sync::atomic::AtomicU64);

impl ImportProgress for Positions {
    fn position(&self, bytes: u64) {
        self.0
            .fetch_max(bytes, std::sync::atomic::Ordering::Relaxed);
    }
}

/// An uploaded CSV file of `kind` through both passes of `dimos import`, as
/// [`crate::App::import_file`] runs them (the store left out): the check, then, when it found
/// nothing, the batches.
pub fn import_file(kind: RecordKind, bytes: &[u8], departments: &[String]) -> FileOutcome {
    let progress = Positions(Default::default());
    let (found, _) = crate::import::file::check(kind, Cursor::new(bytes), departments, &progress)
        .expect("reading from memory cannot fail");
    assert!(
        progress.0.into_inner() <= bytes.len() as u64,
        "progress past the end of the file"
    );
    let mut applied = None;
    if found.problem_count == 0 {
        let (sender, mut receiver) = tokio::sync::mpsc::channel(bytes.len() / 5_000 + 2);
        let read =
            crate::import::file::read_batches(kind, Cursor::new(bytes), departments, &sender);
        drop(sender);
        assert!(
            read.is_ok(),
            "the second pass refused what the first accepted"
        );
        let mut rows = 0;
        while let Ok((batch, _)) = receiver.try_recv() {
            rows += batch.len() as u64;
        }
        applied = Some(rows);
    }
    assert!(found.problems.len() <= MAX_LISTED);
    assert!(found.problems.len() as u64 <= found.problem_count);
    FileOutcome {
        records: found.records,
        problems: found.problems,
        problem_count: found.problem_count,
        applied,
    }
}

/// A batch of records of `kind` as `POST /api/v1/records/{kind}` checks it (the store left
/// out): the number of good records ready for the store, or the problems by field.
pub fn import_batch(
    kind: RecordKind,
    records: &[Value],
    departments: &[String],
) -> Result<usize, crate::FieldErrors> {
    let (problems, batch) = crate::import::batch::check_batch(kind, records, departments);
    if problems.count == 0 {
        assert_eq!(batch.len(), records.len(), "a clean batch lost records");
        Ok(batch.len())
    } else {
        match problems.check.finish() {
            Err(crate::AppError::Validation(fields)) => Err(fields),
            other => panic!("problems counted but not reported: {other:?}"),
        }
    }
}

/// A registration as `register_citizen` checks it before it asks the store anything, on the
/// date `today`. `Ok` when every field passed (and then every field is parsed).
pub fn registration(
    input: &Registration,
    today: jiff::civil::Date,
) -> Result<(), crate::FieldErrors> {
    let (check, fields) = crate::citizens::register::check_registration(input, today);
    if check.is_empty() {
        let f = &fields;
        assert!(
            f.username.is_some()
                && f.email.is_some()
                && f.given_name.is_some()
                && f.family_name.is_some()
                && f.father_name.is_some()
                && f.birth_date.is_some()
                && f.street.is_some()
                && f.postal_code.is_some()
                && f.city.is_some()
                && f.password.is_some(),
            "a registration passed with a field unparsed: {f:?}"
        );
    }
    match check.finish() {
        Ok(()) => Ok(()),
        Err(crate::AppError::Validation(fields)) => Err(fields),
        Err(other) => panic!("a field check failed otherwise: {other:?}"),
    }
}

/// What an upload kept of a file.
#[derive(Debug)]
pub struct Received {
    pub size_bytes: u64,
    pub content_type: &'static str,
    pub sha256: String,
    /// The name the file is shown under.
    pub display_name: String,
}

/// An uploaded file's bytes as `add_attachment` receives them (into a temporary file under
/// `tmp_dir`, removed again here), and its name as it is then shown.
pub async fn receive_upload<S: ChunkSource>(
    tmp_dir: &Path,
    original_name: &str,
    chunks: &mut S,
) -> Result<Received, AttachmentError> {
    let received = crate::attachments::files::receive(tmp_dir, chunks).await?;
    assert!(received.size_bytes <= MAX_ATTACHMENT_BYTES);
    let display_name =
        crate::attachments::files::display_name(original_name, received.content_type);
    // The temporary file goes when `received.file` is dropped, as a failed upload's does.
    Ok(Received {
        size_bytes: received.size_bytes,
        content_type: received.content_type,
        sha256: received.sha256,
        display_name,
    })
}
