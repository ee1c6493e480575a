//! The back-office record feeds (debts, fines and summonses, pending matters): their columns, as
//! the CONTRACT names them for import files and the API alike, and the checks of one record.
//!
//! A record arrives as raw text fields in the kind's column order (a CSV row, or a JSON object
//! read column by column); [`check_record`] either accepts it — giving the trimmed values — or
//! names every problem by column and a stable code. Nothing here allocates for a good record,
//! so a file of a million rows can be checked in one streaming pass.

use crate::{
    Cents, CentsError, ParseCodeError, RfReference, RfReferenceError, TaxNumber, TaxNumberError,
};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// Which feed a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Debts,
    Fines,
    Pending,
}

/// What a column holds, and so how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The source system's key: 1–[`EXTERNAL_ID_MAX`] visible characters.
    ExternalId,
    TaxNumber,
    /// One line of text of at most `max` characters.
    Line {
        required: bool,
        max: usize,
    },
    /// Free text (line breaks allowed) of at most `max` characters.
    Text {
        required: bool,
        max: usize,
    },
    /// Whole euro cents, never negative.
    Amount,
    /// `YYYY-MM-DD`, a real calendar date.
    Date,
    /// One of these codes.
    Status(&'static [&'static str]),
    /// The code of a department of the municipality.
    Department,
    /// The treasury's ISO 11649 payment reference, when it gave one. The only column a file
    /// may leave out of its header (it is always the last one).
    RfReference,
}

/// One column of a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub rule: Rule,
}

const fn column(name: &'static str, rule: Rule) -> Column {
    Column { name, rule }
}

impl Column {
    /// Whether an import file may leave the column out (its values are then empty).
    pub const fn may_be_absent(&self) -> bool {
        matches!(self.rule, Rule::RfReference)
    }
}

/// The longest `external_id` (a source system's key).
pub const EXTERNAL_ID_MAX: usize = 100;
const SHORT: usize = 200;
const LONG: usize = 2000;

pub const DEBT_STATUSES: &[&str] = &["open", "paid"];
pub const FINE_STATUSES: &[&str] = &["open", "paid", "appealed", "cancelled"];

const DEBT_COLUMNS: &[Column] = &[
    column("external_id", Rule::ExternalId),
    column("tax_number", Rule::TaxNumber),
    column(
        "category",
        Rule::Line {
            required: true,
            max: SHORT,
        },
    ),
    column(
        "description",
        Rule::Text {
            required: false,
            max: LONG,
        },
    ),
    column("amount_cents", Rule::Amount),
    column("due_date", Rule::Date),
    column("status", Rule::Status(DEBT_STATUSES)),
    column("rf_reference", Rule::RfReference),
];

const FINE_COLUMNS: &[Column] = &[
    column("external_id", Rule::ExternalId),
    column("tax_number", Rule::TaxNumber),
    column(
        "notice_number",
        Rule::Line {
            required: true,
            max: SHORT,
        },
    ),
    column("issued_on", Rule::Date),
    column(
        "place",
        Rule::Line {
            required: true,
            max: SHORT,
        },
    ),
    column(
        "vehicle_plate",
        Rule::Line {
            required: false,
            max: 20,
        },
    ),
    column(
        "violation",
        Rule::Text {
            required: true,
            max: LONG,
        },
    ),
    column("amount_cents", Rule::Amount),
    column("status", Rule::Status(FINE_STATUSES)),
    column("appeal_until", Rule::Date),
    column("rf_reference", Rule::RfReference),
];

const PENDING_COLUMNS: &[Column] = &[
    column("external_id", Rule::ExternalId),
    column("tax_number", Rule::TaxNumber),
    column("department", Rule::Department),
    column(
        "title",
        Rule::Line {
            required: true,
            max: SHORT,
        },
    ),
    column(
        "details",
        Rule::Text {
            required: false,
            max: LONG,
        },
    ),
    column("since", Rule::Date),
    column(
        "action_needed",
        Rule::Text {
            required: true,
            max: LONG,
        },
    ),
];

/// The most columns any feed has.
pub const MAX_RECORD_COLUMNS: usize = 11;

impl RecordKind {
    pub const ALL: [RecordKind; 3] = [RecordKind::Debts, RecordKind::Fines, RecordKind::Pending];

    /// The name on the command line and in the API path.
    pub const fn as_str(self) -> &'static str {
        match self {
            RecordKind::Debts => "debts",
            RecordKind::Fines => "fines",
            RecordKind::Pending => "pending",
        }
    }

    /// The columns, in the order of an import file's header.
    pub const fn columns(self) -> &'static [Column] {
        match self {
            RecordKind::Debts => DEBT_COLUMNS,
            RecordKind::Fines => FINE_COLUMNS,
            RecordKind::Pending => PENDING_COLUMNS,
        }
    }

    /// The header line of an import file with every column (the optional ones too).
    pub fn header(self) -> String {
        self.columns()
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The columns every import file must have: all but the trailing optional ones.
    pub fn required_columns(self) -> &'static [Column] {
        let columns = self.columns();
        let required = columns
            .iter()
            .rposition(|c| !c.may_be_absent())
            .map_or(0, |last| last + 1);
        &columns[..required]
    }

    /// The position of a column by name.
    pub fn column_index(self, name: &str) -> Option<usize> {
        self.columns().iter().position(|c| c.name == name)
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RecordKind {
    type Err = ParseCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RecordKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| ParseCodeError {
                kind: "record kind",
                value: s.to_owned(),
            })
    }
}

/// What is wrong with one field of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("a value is required")]
    Required,
    #[error("the value is too long")]
    TooLong,
    #[error("the value contains a control character")]
    InvalidCharacter,
    #[error("{0}")]
    TaxNumber(TaxNumberError),
    #[error("{0}")]
    Amount(CentsError),
    #[error("a date is written YYYY-MM-DD")]
    InvalidDateFormat,
    #[error("there is no such date")]
    InvalidDate,
    #[error("not one of the allowed values")]
    UnknownValue,
    #[error("no department has this code")]
    UnknownDepartment,
    #[error("the appeal deadline is before the notice was issued")]
    BeforeIssuedOn,
    #[error("another record has the same external_id")]
    Duplicate,
    #[error("the bytes are not UTF-8 text")]
    NotUtf8,
    #[error("the value has the wrong type")]
    InvalidType,
    #[error("no such field")]
    UnknownField,
    #[error("{0}")]
    RfReference(RfReferenceError),
}

impl FieldError {
    /// Stable snake_case code, as API clients see it per field.
    pub const fn code(&self) -> &'static str {
        match self {
            FieldError::Required => "required",
            FieldError::TooLong => "too_long",
            FieldError::InvalidCharacter => "invalid_character",
            FieldError::TaxNumber(e) => e.code(),
            FieldError::Amount(e) => e.code(),
            FieldError::InvalidDateFormat => "invalid_format",
            FieldError::InvalidDate => "invalid_date",
            FieldError::UnknownValue => "unknown_value",
            FieldError::UnknownDepartment => "unknown_department",
            FieldError::BeforeIssuedOn => "before_issued_on",
            FieldError::Duplicate => "duplicate",
            FieldError::NotUtf8 => "not_utf8",
            FieldError::InvalidType => "invalid_type",
            FieldError::UnknownField => "unknown_field",
            FieldError::RfReference(e) => e.code(),
        }
    }
}

impl crate::ErrorCode for FieldError {
    fn code(&self) -> &'static str {
        FieldError::code(self)
    }
}

/// A problem of one record: the column (its index in the kind's columns) and what is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldProblem {
    pub column: usize,
    pub error: FieldError,
}

/// The departments a pending matter may name.
pub trait Departments {
    fn contains(&self, code: &str) -> bool;
}

impl Departments for [String] {
    fn contains(&self, code: &str) -> bool {
        self.iter().any(|d| d == code)
    }
}

impl Departments for Vec<String> {
    fn contains(&self, code: &str) -> bool {
        self.as_slice().iter().any(|d| d == code)
    }
}

/// A record that passed every check: its values trimmed, in the kind's column order.
#[derive(Debug, Clone, Copy)]
pub struct CheckedRecord<'a> {
    kind: RecordKind,
    values: [&'a str; MAX_RECORD_COLUMNS],
}

impl<'a> CheckedRecord<'a> {
    pub fn kind(&self) -> RecordKind {
        self.kind
    }

    /// The value of a column by name. Asking for a column the kind does not have is a bug.
    pub fn get(&self, name: &str) -> &'a str {
        let index = self
            .kind
            .column_index(name)
            .unwrap_or_else(|| panic!("{} records have no column {name}", self.kind));
        self.values[index]
    }

    /// The amount of a kind that has one (checked, so it parses).
    pub fn amount_cents(&self) -> Cents {
        self.get("amount_cents")
            .parse::<Cents>()
            .unwrap_or(Cents::ZERO)
    }

    pub fn external_id(&self) -> &'a str {
        self.values[0]
    }

    /// The treasury's payment reference of a kind that may carry one, compact and upper-case;
    /// `None` when it gave none.
    pub fn rf_reference(&self) -> Option<RfReference> {
        let index = self.kind.column_index("rf_reference")?;
        RfReference::parse(self.values[index]).ok()
    }
}

/// Checks one record given as raw fields in the kind's column order (as many fields as the kind
/// has columns; the caller reports a wrong count itself). Every problem is appended to
/// `problems`; `None` when there was any.
pub fn check_record<'a, D: Departments + ?Sized>(
    kind: RecordKind,
    raw: &[&'a str],
    departments: &D,
    problems: &mut Vec<FieldProblem>,
) -> Option<CheckedRecord<'a>> {
    let columns = kind.columns();
    assert_eq!(raw.len(), columns.len(), "one field per column");
    let before = problems.len();
    let mut values = [""; MAX_RECORD_COLUMNS];
    for (index, (column, raw)) in columns.iter().zip(raw).enumerate() {
        match check_field(column.rule, raw, departments) {
            Ok(value) => values[index] = value,
            Err(error) => problems.push(FieldProblem {
                column: index,
                error,
            }),
        }
    }
    if kind == RecordKind::Fines && problems.len() == before {
        // Both dates are valid `YYYY-MM-DD`, so they compare as text.
        let (issued, until) = (
            kind.column_index("issued_on"),
            kind.column_index("appeal_until"),
        );
        if let (Some(issued), Some(until)) = (issued, until)
            && values[until] < values[issued]
        {
            problems.push(FieldProblem {
                column: until,
                error: FieldError::BeforeIssuedOn,
            });
        }
    }
    (problems.len() == before).then_some(CheckedRecord { kind, values })
}

/// Checks one field; the value trimmed when good.
pub fn check_field<'a, D: Departments + ?Sized>(
    rule: Rule,
    raw: &'a str,
    departments: &D,
) -> Result<&'a str, FieldError> {
    let value = raw.trim();
    match rule {
        Rule::ExternalId => {
            line(value, true, EXTERNAL_ID_MAX)?;
            Ok(value)
        }
        Rule::TaxNumber => TaxNumber::parse(value)
            .map(|_| value)
            .map_err(FieldError::TaxNumber),
        Rule::Line { required, max } => line(value, required, max).map(|()| value),
        Rule::Text { required, max } => text(value, required, max).map(|()| value),
        Rule::Amount => value
            .parse::<Cents>()
            .map(|_| value)
            .map_err(FieldError::Amount),
        Rule::Date => check_date(value).map(|()| value),
        Rule::Status(allowed) => {
            if value.is_empty() {
                Err(FieldError::Required)
            } else if allowed.contains(&value) {
                Ok(value)
            } else {
                Err(FieldError::UnknownValue)
            }
        }
        Rule::Department => {
            if value.is_empty() {
                Err(FieldError::Required)
            } else if departments.contains(value) {
                Ok(value)
            } else {
                Err(FieldError::UnknownDepartment)
            }
        }
        Rule::RfReference if value.is_empty() => Ok(value),
        Rule::RfReference => RfReference::parse(value)
            .map(|_| value)
            .map_err(FieldError::RfReference),
    }
}

fn length(value: &str, required: bool, max: usize) -> Result<(), FieldError> {
    if value.is_empty() {
        return if required {
            Err(FieldError::Required)
        } else {
            Ok(())
        };
    }
    // Bytes bound characters from above: count only when it could matter.
    if value.len() > max && value.chars().count() > max {
        return Err(FieldError::TooLong);
    }
    Ok(())
}

fn line(value: &str, required: bool, max: usize) -> Result<(), FieldError> {
    length(value, required, max)?;
    if value.chars().any(char::is_control) {
        return Err(FieldError::InvalidCharacter);
    }
    Ok(())
}

fn text(value: &str, required: bool, max: usize) -> Result<(), FieldError> {
    length(value, required, max)?;
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::InvalidCharacter);
    }
    Ok(())
}

/// Exactly `YYYY-MM-DD`, and a day that exists.
fn check_date(value: &str) -> Result<(), FieldError> {
    if value.is_empty() {
        return Err(FieldError::Required);
    }
    let bytes = value.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(FieldError::InvalidDateFormat);
    }
    let number = |range: std::ops::Range<usize>| {
        value[range]
            .parse::<i16>()
            .expect("checked to be four digits at most")
    };
    jiff::civil::Date::new(number(0..4), number(5..7) as i8, number(8..10) as i8)
        .map(|_| ())
        .map_err(|_| FieldError::InvalidDate)
}

/// The hash of a record's stored values, so that an import bringing the same values again can
/// leave the row alone. Each value is length-prefixed (no two records share an encoding); 128
/// bits of SHA-256, in hex.
#[derive(Default)]
pub struct RowHasher(Sha256);

impl RowHasher {
    pub fn new() -> RowHasher {
        RowHasher::default()
    }

    pub fn text(mut self, value: &str) -> RowHasher {
        self.0.update((value.len() as u64).to_be_bytes());
        self.0.update(value.as_bytes());
        self
    }

    /// A value that may be absent, last: absent adds nothing, so the hashes of rows stored
    /// before the value existed stay what they were.
    pub fn optional_text(self, value: Option<&str>) -> RowHasher {
        match value {
            Some(value) => self.text(value),
            None => self,
        }
    }

    pub fn number(mut self, value: i64) -> RowHasher {
        self.0.update(value.to_be_bytes());
        self
    }

    pub fn finish(self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let digest = self.0.finalize();
        let mut out = String::with_capacity(32);
        for b in &digest[..16] {
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn departments() -> Vec<String> {
        vec!["registry".into(), "treasury".into()]
    }

    fn check(kind: RecordKind, raw: &[&str]) -> Result<Vec<String>, Vec<(String, String)>> {
        let mut problems = Vec::new();
        match check_record(kind, raw, &departments(), &mut problems) {
            Some(record) => Ok(kind
                .columns()
                .iter()
                .map(|c| record.get(c.name).to_owned())
                .collect()),
            None => Err(problems
                .iter()
                .map(|p| {
                    (
                        kind.columns()[p.column].name.to_owned(),
                        p.error.code().to_owned(),
                    )
                })
                .collect()),
        }
    }

    const DEBT: [&str; 8] = [
        "D-1",
        "090000045",
        "Τέλη καθαριότητας",
        "Β' εξάμηνο",
        "12050",
        "2025-06-30",
        "open",
        "",
    ];

    #[test]
    fn the_headers_are_the_contracts() {
        assert_eq!(
            RecordKind::Debts.header(),
            "external_id,tax_number,category,description,amount_cents,due_date,status,rf_reference"
        );
        assert_eq!(
            RecordKind::Fines.header(),
            "external_id,tax_number,notice_number,issued_on,place,vehicle_plate,violation,amount_cents,status,appeal_until,rf_reference"
        );
        let names = |columns: &[Column]| columns.iter().map(|c| c.name).collect::<Vec<_>>();
        assert_eq!(
            names(RecordKind::Debts.required_columns()).join(","),
            "external_id,tax_number,category,description,amount_cents,due_date,status"
        );
        assert_eq!(
            names(RecordKind::Fines.required_columns()).len(),
            RecordKind::Fines.columns().len() - 1
        );
        assert_eq!(
            RecordKind::Pending.required_columns(),
            RecordKind::Pending.columns()
        );
        assert_eq!(
            RecordKind::Pending.header(),
            "external_id,tax_number,department,title,details,since,action_needed"
        );
        for kind in RecordKind::ALL {
            assert!(kind.columns().len() <= MAX_RECORD_COLUMNS);
            assert_eq!(kind.as_str().parse::<RecordKind>(), Ok(kind));
        }
        assert!("citizens".parse::<RecordKind>().is_err());
    }

    #[test]
    fn a_good_record_is_accepted_trimmed() {
        let mut raw = DEBT;
        raw[0] = "  D-1 ";
        let values = check(RecordKind::Debts, &raw).unwrap();
        assert_eq!(values[0], "D-1");
        assert_eq!(values[2], "Τέλη καθαριότητας");
    }

    #[test]
    fn every_problem_of_a_record_is_named() {
        let raw = [
            "",
            "090000046",
            "",
            "ok",
            "-5",
            "2025-02-30",
            "unpaid",
            "RF00",
        ];
        let problems = check(RecordKind::Debts, &raw).unwrap_err();
        assert_eq!(
            problems,
            [
                ("external_id", "required"),
                ("tax_number", "invalid_check_digit"),
                ("category", "required"),
                ("amount_cents", "negative"),
                ("due_date", "invalid_date"),
                ("status", "unknown_value"),
                ("rf_reference", "invalid_format"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn amounts_are_whole_cents() {
        for (amount, code) in [
            ("12.50", "invalid_format"),
            ("1e3", "invalid_format"),
            ("-1", "negative"),
            ("", "invalid_format"),
        ] {
            let mut raw = DEBT;
            raw[4] = amount;
            let problems = check(RecordKind::Debts, &raw).unwrap_err();
            assert_eq!(
                problems,
                [("amount_cents".to_owned(), code.to_owned())],
                "{amount}"
            );
        }
        let mut raw = DEBT;
        raw[4] = "0";
        assert!(check(RecordKind::Debts, &raw).is_ok());
    }

    #[test]
    fn dates_are_iso_calendar_dates() {
        for (date, code) in [
            ("30/06/2025", "invalid_format"),
            ("2025-6-30", "invalid_format"),
            ("20250630", "invalid_format"),
            ("2025-13-01", "invalid_date"),
            ("2023-02-29", "invalid_date"),
            ("", "required"),
        ] {
            assert_eq!(check_date(date).map_err(|e| e.code()), Err(code), "{date}");
        }
        assert_eq!(check_date("2024-02-29"), Ok(()));
    }

    #[test]
    fn text_rules() {
        let mut raw = DEBT;
        let long = "α".repeat(201);
        raw[2] = &long;
        assert_eq!(
            check(RecordKind::Debts, &raw).unwrap_err(),
            [("category".to_owned(), "too_long".to_owned())]
        );
        let exactly = "α".repeat(200);
        raw[2] = &exactly;
        assert!(check(RecordKind::Debts, &raw).is_ok());
        raw[2] = "bell\u{7}";
        assert_eq!(
            check(RecordKind::Debts, &raw).unwrap_err(),
            [("category".to_owned(), "invalid_character".to_owned())]
        );
        raw[2] = "ok";
        raw[3] = "two\nlines";
        assert!(
            check(RecordKind::Debts, &raw).is_ok(),
            "free text may break lines"
        );
        raw[3] = "";
        assert!(
            check(RecordKind::Debts, &raw).is_ok(),
            "a description is optional"
        );
    }

    #[test]
    fn payment_references_are_optional_checked_and_normalised() {
        let mut raw = DEBT;
        assert!(check(RecordKind::Debts, &raw).is_ok(), "none given");
        let mut problems = Vec::new();
        let departments = departments();
        let record = check_record(RecordKind::Debts, &raw, &departments, &mut problems).unwrap();
        assert_eq!(record.rf_reference(), None);
        raw[7] = " rf18 5390 0754 7034 ";
        let record = check_record(RecordKind::Debts, &raw, &departments, &mut problems).unwrap();
        assert_eq!(
            record.rf_reference().map(String::from).as_deref(),
            Some("RF18539007547034")
        );
        for (bad, code) in [
            ("RF19539007547034", "invalid_check_digits"),
            ("TAP2024000123", "invalid_format"),
            ("RF18-5390", "invalid_format"),
        ] {
            raw[7] = bad;
            assert_eq!(
                check(RecordKind::Debts, &raw).unwrap_err(),
                [("rf_reference".to_owned(), code.to_owned())],
                "{bad}"
            );
        }
    }

    #[test]
    fn fines_check_their_appeal_deadline() {
        let mut raw = [
            "F-1",
            "090000045",
            "ΚΛ-100",
            "2025-03-01",
            "Ερμού 10",
            "ΙΚΥ 1234",
            "Στάθμευση σε ράμπα ΑμεΑ",
            "8000",
            "appealed",
            "2025-04-01",
            "",
        ];
        assert!(check(RecordKind::Fines, &raw).is_ok());
        raw[8] = "forgiven";
        assert_eq!(
            check(RecordKind::Fines, &raw).unwrap_err(),
            [("status".to_owned(), "unknown_value".to_owned())]
        );
        raw[8] = "open";
        raw[9] = "2025-02-28";
        assert_eq!(
            check(RecordKind::Fines, &raw).unwrap_err(),
            [("appeal_until".to_owned(), "before_issued_on".to_owned())]
        );
    }

    #[test]
    fn pending_matters_name_a_known_department() {
        let mut raw = [
            "P-1",
            "090000045",
            "registry",
            "Δήλωση γέννησης",
            "",
            "2025-01-10",
            "Προσκομίστε το πιστοποιητικό",
        ];
        assert!(check(RecordKind::Pending, &raw).is_ok());
        raw[2] = "parks";
        assert_eq!(
            check(RecordKind::Pending, &raw).unwrap_err(),
            [("department".to_owned(), "unknown_department".to_owned())]
        );
    }

    #[test]
    fn row_hashes_depend_on_every_value_and_its_boundaries() {
        let a = RowHasher::new().text("ab").text("c").number(1).finish();
        assert_eq!(a.len(), 32);
        assert_eq!(a, RowHasher::new().text("ab").text("c").number(1).finish());
        assert_ne!(a, RowHasher::new().text("a").text("bc").number(1).finish());
        assert_ne!(a, RowHasher::new().text("ab").text("c").number(2).finish());
    }
}
