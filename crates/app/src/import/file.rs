//! Import files, read twice as a stream: a first pass checks every row (and finds duplicate
//! `external_id`s through a set of 128-bit hashes, so memory grows with the number of rows, by
//! 24 bytes each, never with the file); a second pass, only when the first found nothing wrong,
//! reads the rows again into batches for the store.
//!
//! Both passes run on a blocking thread; the second hands its batches over a short channel, so
//! the next batch is parsed while the last one is written.

use super::rows::Batch;
use super::{ImportProgress, RowProblem};
use csv::{ByteRecord, ReaderBuilder};
use dimos_domain::{FieldError, FieldProblem, MAX_RECORD_COLUMNS, RecordKind, check_record};
use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher, RandomState};
use std::io::{self, Read};
use std::rc::Rc;

/// Rows per batch handed to the store.
pub const BATCH_ROWS: usize = 5_000;
/// Problems listed at most; the rest are counted.
pub const MAX_LISTED: usize = 1_000;
/// No record is this long (ten fields of 2,000 characters are 80 KB at most): a longer one is
/// an unclosed quote, and reading on would take the rest of the file into memory.
const MAX_RECORD_BYTES: u64 = 1 << 20;
/// How often (in rows) the progress is told.
const PROGRESS_EVERY: u64 = 8_192;

/// What the first pass found.
#[derive(Debug, Default)]
pub struct FileCheck {
    pub records: u64,
    /// The first [`MAX_LISTED`] problems, in file order.
    pub problems: Vec<RowProblem>,
    /// All of them.
    pub problem_count: u64,
}

impl FileCheck {
    fn add(&mut self, problem: RowProblem) {
        self.problem_count += 1;
        if self.problems.len() < MAX_LISTED {
            self.problems.push(problem);
        }
    }
}

/// Why the second pass stopped.
#[derive(Debug)]
pub enum ReadFailure {
    Io(io::Error),
    /// A row the first pass accepted no longer passes: the file changed in between.
    Changed,
}

/// The reader of both passes: a CSV reader over the file with a guard on record length.
struct Rows<R> {
    reader: csv::Reader<GuardedRead<R>>,
    record_start: Rc<Cell<u64>>,
}

impl<R: Read> Rows<R> {
    fn new(file: R) -> Rows<R> {
        let record_start = Rc::new(Cell::new(0));
        let guarded = GuardedRead {
            inner: file,
            delivered: 0,
            record_start: Rc::clone(&record_start),
        };
        let reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(64 * 1024)
            .from_reader(guarded);
        Rows {
            reader,
            record_start,
        }
    }

    /// The next record into `record`; `Ok(false)` at the end.
    fn next(&mut self, record: &mut ByteRecord) -> Result<bool, csv::Error> {
        let more = self.reader.read_byte_record(record)?;
        self.record_start.set(self.reader.position().byte());
        Ok(more)
    }

    fn byte(&self) -> u64 {
        self.reader.position().byte()
    }

    fn line(&self) -> u64 {
        self.reader.position().line()
    }

    fn into_file(self) -> R {
        self.reader.into_inner().inner
    }
}

/// Fails a read once more than [`MAX_RECORD_BYTES`] have been handed out since the current
/// record began.
struct GuardedRead<R> {
    inner: R,
    delivered: u64,
    record_start: Rc<Cell<u64>>,
}

#[derive(Debug, thiserror::Error)]
#[error("a record is longer than 1 MiB")]
struct RecordTooLong;

impl<R: Read> Read for GuardedRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.delivered.saturating_sub(self.record_start.get()) > MAX_RECORD_BYTES {
            return Err(io::Error::new(io::ErrorKind::InvalidData, RecordTooLong));
        }
        let n = self.inner.read(buf)?;
        self.delivered += n as u64;
        Ok(n)
    }
}

fn is_too_long(e: &csv::Error) -> bool {
    matches!(e.kind(), csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|inner| inner.is::<RecordTooLong>()))
}

fn into_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => io::Error::new(io::ErrorKind::InvalidData, format!("{other:?}")),
    }
}

/// The first pass. Returns the file for the second; an I/O failure is not a problem of the
/// file's content, and ends the import.
pub fn check<R: Read>(
    kind: RecordKind,
    file: R,
    departments: &[String],
    progress: &dyn ImportProgress,
) -> io::Result<(FileCheck, R)> {
    let mut rows = Rows::new(file);
    let mut found = FileCheck::default();
    let mut record = ByteRecord::new();
    let has_header = rows.next(&mut record).map_err(into_io)?;
    let present = match header_columns(kind, has_header.then_some(&record)) {
        Ok(present) => present,
        Err(problem) => {
            found.add(problem);
            return Ok((found, rows.into_file()));
        }
    };
    let columns = kind.columns();
    let ids = IdHasher::new();
    let mut seen: HashMap<IdHash, u32, BuildHasherDefault<Prehashed>> = HashMap::default();
    let mut field_problems: Vec<FieldProblem> = Vec::new();
    loop {
        let next_line = rows.line();
        match rows.next(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) if is_too_long(&e) => {
                found.add(RowProblem::file(
                    next_line,
                    "record_too_long",
                    "a record starting here is longer than 1 MiB (an unclosed quote?); \
                     the rest of the file was not read",
                ));
                return Ok((found, rows.into_file()));
            }
            Err(e) => return Err(into_io(e)),
        }
        found.records += 1;
        let line = record.position().map_or(next_line, csv::Position::line);
        if found.records.is_multiple_of(PROGRESS_EVERY) {
            progress.position(rows.byte());
        }
        if record.len() != present {
            found.add(RowProblem::file(
                line,
                "wrong_field_count",
                &format!("expected {present} fields, found {}", record.len()),
            ));
            continue;
        }
        let mut raw = [""; MAX_RECORD_COLUMNS];
        let mut not_utf8 = [false; MAX_RECORD_COLUMNS];
        for (i, field) in record.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(text) => raw[i] = text,
                Err(_) => {
                    not_utf8[i] = true;
                    found.add(RowProblem::field(kind, line, i, FieldError::NotUtf8));
                }
            }
        }
        field_problems.clear();
        check_record(
            kind,
            &raw[..columns.len()],
            departments,
            &mut field_problems,
        );
        let mut id_ok = !not_utf8[0];
        for p in &field_problems {
            id_ok &= p.column != 0;
            if !not_utf8[p.column] {
                found.add(RowProblem::field(kind, line, p.column, p.error));
            }
        }
        if id_ok {
            let first_line = *seen
                .entry(ids.hash(raw[0].trim()))
                .or_insert(u32::try_from(line).unwrap_or(u32::MAX));
            if u64::from(first_line) != line {
                let mut problem = RowProblem::field(kind, line, 0, FieldError::Duplicate);
                problem.detail = format!("the same external_id as line {first_line}");
                found.add(problem);
            }
        }
    }
    if found.records == 0 {
        found.add(RowProblem::file(
            2,
            "no_records",
            "the file has a header but no records",
        ));
    }
    progress.position(rows.byte());
    Ok((found, rows.into_file()))
}

/// How many of the kind's columns the file has (its rows must have as many fields), or what
/// is wrong with the header: it must be the kind's columns in order, of which the optional
/// trailing ones (`rf_reference`) may be left out.
fn header_columns(kind: RecordKind, header: Option<&ByteRecord>) -> Result<usize, RowProblem> {
    let required: Vec<&str> = kind.required_columns().iter().map(|c| c.name).collect();
    let expected = required.join(",");
    let Some(header) = header else {
        return Err(RowProblem::file(
            1,
            "empty_file",
            &format!("the file is empty; it must start with the header `{expected}`"),
        ));
    };
    let names: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = String::from_utf8_lossy(f);
            let name = if i == 0 {
                name.trim_start_matches('\u{feff}')
            } else {
                &name
            };
            name.trim().to_owned()
        })
        .collect();
    let wanted: Vec<&str> = kind.columns().iter().map(|c| c.name).collect();
    if names.len() >= required.len()
        && names.len() <= wanted.len()
        && names
            .iter()
            .map(String::as_str)
            .eq(wanted[..names.len()].iter().copied())
    {
        return Ok(names.len());
    }
    let missing: Vec<&str> = required
        .iter()
        .filter(|w| !names.iter().any(|n| n == *w))
        .copied()
        .collect();
    let unexpected: Vec<&str> = names
        .iter()
        .filter(|n| !wanted.contains(&n.as_str()))
        .map(String::as_str)
        .collect();
    let optional: Vec<&str> = wanted[required.len()..].to_vec();
    let mut detail = format!("the header must be `{expected}`");
    if !optional.is_empty() {
        detail.push_str(&format!(
            " (optionally followed by `{}`)",
            optional.join(",")
        ));
    }
    detail.push_str(&format!("; found `{}`", names.join(",")));
    if !missing.is_empty() {
        detail.push_str(&format!("; missing: {}", missing.join(", ")));
    }
    if !unexpected.is_empty() {
        detail.push_str(&format!("; unexpected: {}", unexpected.join(", ")));
    }
    if missing.is_empty() && unexpected.is_empty() {
        detail.push_str("; the columns are in another order");
    }
    Err(RowProblem::file(1, "wrong_header", &detail))
}

/// The second pass: the rows again, in batches of [`BATCH_ROWS`], each with the byte position
/// reached. Stops when the receiver is gone. Returns the file.
pub fn read_batches<R: Read>(
    kind: RecordKind,
    file: R,
    departments: &[String],
    batches: &tokio::sync::mpsc::Sender<(Batch, u64)>,
) -> Result<R, ReadFailure> {
    let mut rows = Rows::new(file);
    let mut record = ByteRecord::new();
    let columns = kind.columns().len();
    let mut problems = Vec::new();
    let mut batch = Batch::with_capacity(kind, BATCH_ROWS);
    let read = |rows: &mut Rows<R>, record: &mut ByteRecord| {
        rows.next(record).map_err(|e| ReadFailure::Io(into_io(e)))
    };
    if !read(&mut rows, &mut record)? {
        return Err(ReadFailure::Changed);
    }
    let present = header_columns(kind, Some(&record)).map_err(|_| ReadFailure::Changed)?;
    while read(&mut rows, &mut record)? {
        if record.len() != present {
            return Err(ReadFailure::Changed);
        }
        let mut raw = [""; MAX_RECORD_COLUMNS];
        for (i, field) in record.iter().enumerate() {
            raw[i] = std::str::from_utf8(field).map_err(|_| ReadFailure::Changed)?;
        }
        let checked = check_record(kind, &raw[..columns], departments, &mut problems)
            .ok_or(ReadFailure::Changed)?;
        batch.push(&checked);
        if batch.len() == BATCH_ROWS {
            let full = std::mem::replace(&mut batch, Batch::with_capacity(kind, BATCH_ROWS));
            if batches.blocking_send((full, rows.byte())).is_err() {
                return Ok(rows.into_file());
            }
        }
    }
    if !batch.is_empty() {
        let _ = batches.blocking_send((batch, rows.byte()));
    }
    Ok(rows.into_file())
}

/// 128 bits of an external id: two SipHash-1-3 with independent random keys.
struct IdHasher(RandomState, RandomState);

#[derive(Clone, Copy, PartialEq, Eq)]
struct IdHash(u64, u64);

impl Hash for IdHash {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.0);
    }
}

impl IdHasher {
    fn new() -> IdHasher {
        IdHasher(RandomState::new(), RandomState::new())
    }

    fn hash(&self, id: &str) -> IdHash {
        IdHash(self.0.hash_one(id), self.1.hash_one(id))
    }
}

/// The key is a hash already: the map uses it as it is.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
