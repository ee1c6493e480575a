//! Typst templates to PDF, inside the engine's fixed frame.
//!
//! The compilation sees two files and nothing else: the engine's frame (`/frame.typ`) and the
//! admin's template (`/template.typ`), which the frame includes inside a block. The template is
//! its own file, so an error in it is reported at the line and column the admin wrote. There is
//! no file system, no network and no package: any other path is "not found".
//!
//! The values reach Typst as two global dictionaries: `d` (the template's placeholders, see
//! [`DocumentData`]) and `dimos` (the frame's). A template that names a placeholder not in `d`
//! fails like any Typst error: `dictionary does not contain key "…"` at its line and column.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use jiff::civil::Date;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue, Str, Value};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use crate::frame::{FRAME_SOURCE, Frame};

/// A template's placeholders: everything a template may read, under `d`.
///
/// `d.holder.given_name`, `d.holder.family_name`, `d.holder.father_name`,
/// `d.holder.tax_number`, `d.request.protocol_number`, `d.request.service`,
/// `d.request.submitted_on`, `d.office.name`, `d.office.address`, `d.issued_on`,
/// `d.number`, `d.verification_code`, `d.verify_url` and `d.fields.<name>` for each of the
/// service's clerk fields. Dates are written `DD/MM/YYYY`.
#[derive(Debug, Clone)]
pub struct DocumentData {
    pub holder: Holder,
    pub request: RequestData,
    pub office: OfficeData,
    /// The clerk's fields of the service, by name.
    pub fields: BTreeMap<String, String>,
    pub issued_on: Date,
}

#[derive(Debug, Clone)]
pub struct Holder {
    pub given_name: dimos_domain::PersonName,
    pub family_name: dimos_domain::PersonName,
    pub father_name: Option<dimos_domain::PersonName>,
    pub tax_number: Option<dimos_domain::TaxNumber>,
}

#[derive(Debug, Clone)]
pub struct RequestData {
    pub protocol_number: dimos_domain::ProtocolNumber,
    /// The service's name in the document's language.
    pub service: String,
    pub submitted_on: Date,
}

#[derive(Debug, Clone)]
pub struct OfficeData {
    pub name: String,
    pub address: String,
}

/// A template refused: what Typst said, where in the template (1-based line and column, counted
/// in characters), or `None` when the problem is not at a place in the template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", match .position {
    Some((line, column)) => format!("line {line}, column {column}: {}", .message),
    None => .message.clone(),
})]
pub struct TemplateError {
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl TemplateError {
    pub fn line(&self) -> Option<usize> {
        self.position.map(|(line, _)| line)
    }
    pub fn column(&self) -> Option<usize> {
        self.position.map(|(_, column)| column)
    }
}

/// The fonts (from `typst-assets`, compiled into the binary) and their index, made once.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// The family the frame sets; it covers Greek (checked by a test).
pub const FONT_FAMILY: &str = "Libertinus Serif";

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a valid virtual path"),
    )
    .intern()
}

static FRAME_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/frame.typ"));
static TEMPLATE_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/template.typ"));

struct DocumentWorld {
    library: LazyHash<Library>,
    frame: Source,
    template: Source,
    today: Date,
}

impl DocumentWorld {
    fn new(template: &str, d: Dict, dimos: Dict, today: Date) -> Self {
        let mut library = Library::default();
        let scope = library.global.scope_mut();
        scope.define("d", d);
        scope.define("dimos", dimos);
        Self {
            library: LazyHash::new(library),
            frame: Source::new(*FRAME_ID, FRAME_SOURCE.to_owned()),
            template: Source::new(*TEMPLATE_ID, template.to_owned()),
            today,
        }
    }

    fn compile(&self) -> Result<PagedDocument, TemplateError> {
        let result = typst::compile::<PagedDocument>(self).output;
        // Typst memoises across compilations; keep what a few recent ones used, not everything.
        typst::comemo::evict(4);
        result.map_err(|errors| self.template_error(&errors[..]))
    }

    /// The first error, placed in the template: its own span, else the innermost call in the
    /// template that led to it.
    fn template_error(&self, errors: &[SourceDiagnostic]) -> TemplateError {
        let Some(error) = errors.first() else {
            return TemplateError {
                position: None,
                message: "the template did not compile".into(),
            };
        };
        let in_template = |span: typst::syntax::DiagSpan| {
            (span.id() == Some(*TEMPLATE_ID))
                .then(|| self.range(span))
                .flatten()
        };
        let range = in_template(error.span).or_else(|| {
            error
                .trace
                .iter()
                .rev()
                .find_map(|point| in_template(point.span.into()))
        });
        let position = range.and_then(|range| {
            self.template
                .lines()
                .byte_to_line_column(range.start)
                .map(|(line, column)| (line + 1, column + 1))
        });
        TemplateError {
            position,
            message: error.message.to_string(),
        }
    }
}

impl World for DocumentWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }
    fn main(&self) -> FileId {
        *FRAME_ID
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == *FRAME_ID {
            Ok(self.frame.clone())
        } else if id == *TEMPLATE_ID {
            Ok(self.template.clone())
        } else {
            Err(FileError::NotFound(
                id.get().vpath().get_with_slash().into(),
            ))
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.source(id)
            .map(|source| Bytes::from_string(source.text().to_owned()))
    }
    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(
            self.today.year().into(),
            self.today.month() as u8,
            self.today.day() as u8,
        )
    }
}

fn text(value: impl ToString) -> Value {
    Str::from(value.to_string()).into_value()
}

fn date(value: Date) -> Value {
    text(value.strftime("%d/%m/%Y"))
}

fn dict<const N: usize>(entries: [(&str, Value); N]) -> Dict {
    entries
        .into_iter()
        .map(|(key, value)| (Str::from(key), value))
        .collect()
}

impl DocumentData {
    fn to_dict(&self, frame: &Frame) -> Dict {
        let holder = &self.holder;
        let optional = |value: Option<String>| value.map(text).unwrap_or(Value::None);
        dict([
            (
                "holder",
                dict([
                    ("given_name", text(holder.given_name.as_str())),
                    ("family_name", text(holder.family_name.as_str())),
                    (
                        "father_name",
                        optional(holder.father_name.as_ref().map(|n| n.as_str().to_owned())),
                    ),
                    (
                        "tax_number",
                        optional(holder.tax_number.as_ref().map(ToString::to_string)),
                    ),
                ])
                .into_value(),
            ),
            (
                "request",
                dict([
                    ("protocol_number", text(self.request.protocol_number)),
                    ("service", text(&self.request.service)),
                    ("submitted_on", date(self.request.submitted_on)),
                ])
                .into_value(),
            ),
            (
                "office",
                dict([
                    ("name", text(&self.office.name)),
                    ("address", text(&self.office.address)),
                ])
                .into_value(),
            ),
            (
                "fields",
                self.fields
                    .iter()
                    .map(|(name, value)| (Str::from(name.as_str()), text(value)))
                    .collect::<Dict>()
                    .into_value(),
            ),
            ("issued_on", date(self.issued_on)),
            ("number", text(&frame.number)),
            ("verification_code", text(frame.code)),
            ("verify_url", text(frame.verify_url())),
        ])
    }
}

impl Frame {
    fn to_dict(&self) -> Dict {
        let labels = &self.labels;
        dict([
            ("municipality", text(&self.municipality)),
            ("number", text(&self.number)),
            ("code", text(self.code)),
            ("verify_url", text(self.verify_url())),
            (
                "qr",
                Bytes::from_string(self.qr_svg().to_owned()).into_value(),
            ),
            ("number_label", text(&labels.number)),
            ("code_label", text(&labels.code)),
            ("check_at_label", text(&labels.check_at)),
            ("signed_label", text(&labels.signed)),
            ("keywords", text(self.keywords())),
            ("title", text(&labels.title)),
        ])
    }
}

/// Compiles a template with these values inside the frame: the typeset document, or the
/// template's first error with its line and column.
fn compile(
    template: &str,
    data: &DocumentData,
    frame: &Frame,
) -> Result<PagedDocument, TemplateError> {
    DocumentWorld::new(
        template,
        data.to_dict(frame),
        frame.to_dict(),
        data.issued_on,
    )
    .compile()
}

/// Checks a template as the admin saves it: compiled with a complete set of sample values, it
/// must typeset without error. The error names the line and column in the template.
pub fn check_template(template: &str) -> Result<(), TemplateError> {
    let (data, frame) = crate::sample::sample();
    compile(template, &data, &frame).map(|_| ())
}

/// Renders a template with these values inside the frame, to an unsigned PDF whose metadata
/// (the Info dictionary's `/Keywords`) carries the number and the verification code.
pub fn render_pdf(
    template: &str,
    data: &DocumentData,
    frame: &Frame,
) -> Result<Vec<u8>, TemplateError> {
    let document = compile(template, data, frame)?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(frame.code.to_string()),
        creator: typst::foundations::Smart::Custom(Some("dimos".into())),
        timestamp: Some(typst_pdf::Timestamp::new_utc(
            Datetime::from_ymd(
                data.issued_on.year().into(),
                data.issued_on.month() as u8,
                data.issued_on.day() as u8,
            )
            .expect("a valid date"),
        )),
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| TemplateError {
        position: None,
        message: errors
            .first()
            .map(|e| e.message.to_string())
            .unwrap_or_else(|| "the PDF could not be written".into()),
    })
}

/// Whether the embedded font the frame sets has a glyph for every character of `text`.
pub fn font_covers(text: &str) -> bool {
    FONTS.fonts.iter().any(|font| {
        font.info().family == FONT_FAMILY
            && text
                .chars()
                .filter(|c| !c.is_whitespace())
                .all(|c| font.info().coverage.contains(c as u32))
    })
}
