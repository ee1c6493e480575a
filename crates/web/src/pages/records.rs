//! «Τα στοιχεία μου»: a certified citizen's debts, fines and summonses, and pending matters,
//! by their verified tax number, and the download of everything the portal holds about them.
//! A Level A citizen is not refused (no 403 on pages): they are told what Level B is and where
//! to get it.

use super::local_time::iso_date;
use super::offices::{OfficeView, anchor, certifying_offices, department_name};
use super::visitor::SignedIn;
use super::{Chrome, PageError, render};
use crate::client::Call;
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{MethodRouter, get};
use dimos_app::AppError;
use dimos_app::records::{DEBTS_DEPARTMENT, DebtList, FineList, PendingList, RecordKind, Records};
use dimos_db::catalogue::{Department, Office};
use dimos_domain::{AssuranceLevel, Cents, RfReference, euro};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account/debts", records_page(RecordKind::Debts))
        .route("/account/fines", records_page(RecordKind::Fines))
        .route("/account/pending", records_page(RecordKind::Pending))
        .route("/account/export", get(export_page))
        .route("/account/export.json", get(export_file))
}

/// A fine whose appeal deadline is this close (in days) is marked as urgent.
const URGENT_DAYS: i64 = 7;

/// A status in words (the meaning is never in the colour alone) and the badge's style.
pub(crate) struct Badge {
    pub class: &'static str,
    pub label: String,
}

impl Badge {
    fn new(lang: Lang, kind: &str, status: &str) -> Badge {
        let class = match status {
            "open" => "badge badge-warning",
            "paid" => "badge badge-ok",
            _ => "badge records-badge-neutral",
        };
        Badge {
            class,
            label: lang
                .try_t(&format!("records-status-{kind}-{status}"))
                .unwrap_or_else(|| status.to_owned()),
        }
    }
}

/// The treasury's payment reference of a debt or fine, as the pages show it.
pub(crate) struct PaymentReference {
    /// As it is typed (no spaces), for the read-only box.
    pub compact: String,
    /// The same in groups of four, as printed on a payment slip.
    pub grouped: String,
    /// The id of the read-only box.
    pub id: String,
    /// What the reference pays (the debt's description, the fine's notice number), for the
    /// box's label.
    pub pays: String,
}

impl PaymentReference {
    /// The reference the treasury gave, if any (a stored one was checked when it came in).
    fn given(stored: Option<&str>, id: String, pays: &str) -> Option<PaymentReference> {
        let reference = RfReference::parse(stored?).ok()?;
        Some(PaymentReference {
            grouped: reference.grouped(),
            compact: reference.into(),
            id,
            pays: pays.to_owned(),
        })
    }
}

/// How the open records of a table are paid: whether any has the treasury's reference (so the
/// page explains paying at a bank with it) and whether any has none (so the page says how to
/// pay at the treasury).
#[derive(Clone, Copy, Default)]
pub(crate) struct PaymentWays {
    pub by_reference: bool,
    pub at_treasury: bool,
}

impl PaymentWays {
    fn of<'a>(rows: impl Iterator<Item = (bool, Option<&'a PaymentReference>)>) -> PaymentWays {
        rows.filter(|(open, _)| *open)
            .fold(PaymentWays::default(), |ways, (_, rf)| PaymentWays {
                by_reference: ways.by_reference || rf.is_some(),
                at_treasury: ways.at_treasury || rf.is_none(),
            })
    }
}

pub(crate) struct DebtRow {
    pub description: String,
    pub category: String,
    pub due: String,
    /// Open and past its due date.
    pub overdue: bool,
    pub amount: String,
    pub badge: Badge,
    pub open: bool,
    /// The treasury's reference; `None`: paid at the treasury.
    pub rf: Option<PaymentReference>,
}

/// A table of debts or fines as the pages show it, with its totals: what is open, and what is
/// no longer (paid debts; paid or cancelled fines).
pub(crate) struct RecordsTable<R> {
    /// The table's caption and the text when there is nothing: «your …» for the citizen.
    pub caption_key: &'static str,
    pub none_key: &'static str,
    pub rows: Vec<R>,
    pub open_total: String,
    pub closed_total: String,
    pub open_count: usize,
    pub closed_count: usize,
    pub payment: PaymentWays,
}

/// A row of a [`RecordsTable`].
pub(crate) trait RecordRow {
    /// The caption and the text when there is nothing, in the citizen's words and a clerk's.
    const KEYS: (&'static str, &'static str);
    const STAFF_KEYS: (&'static str, &'static str);

    fn open(&self) -> bool;
    fn rf(&self) -> Option<&PaymentReference>;
}

/// A row type with `open` and `rf` fields, and its table's words (citizen's, clerk's).
macro_rules! record_row {
    ($row:ident, $keys:expr, $staff_keys:expr) => {
        impl RecordRow for $row {
            const KEYS: (&'static str, &'static str) = $keys;
            const STAFF_KEYS: (&'static str, &'static str) = $staff_keys;

            fn open(&self) -> bool {
                self.open
            }

            fn rf(&self) -> Option<&PaymentReference> {
                self.rf.as_ref()
            }
        }
    };
}

impl<R: RecordRow> RecordsTable<R> {
    fn of(rows: Vec<R>, open_cents: Cents, closed_cents: Cents) -> RecordsTable<R> {
        let open_count = rows.iter().filter(|r| r.open()).count();
        RecordsTable {
            payment: PaymentWays::of(rows.iter().map(|r| (r.open(), r.rf()))),
            caption_key: R::KEYS.0,
            none_key: R::KEYS.1,
            open_total: euro(open_cents),
            closed_total: euro(closed_cents),
            closed_count: rows.len() - open_count,
            open_count,
            rows,
        }
    }

    /// The same table in a clerk's words.
    pub fn for_staff(self) -> RecordsTable<R> {
        RecordsTable {
            caption_key: R::STAFF_KEYS.0,
            none_key: R::STAFF_KEYS.1,
            ..self
        }
    }
}

/// Debts as the pages show them, with their totals (closed: paid).
pub(crate) type DebtsTable = RecordsTable<DebtRow>;
record_row!(
    DebtRow,
    ("records-debts-caption", "records-debts-none"),
    ("staff-records-debts-caption", "staff-records-debts-none")
);

impl RecordsTable<DebtRow> {
    pub fn new(lang: Lang, list: &DebtList) -> DebtsTable {
        let rows: Vec<DebtRow> = list
            .items
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let d = &line.debt;
                DebtRow {
                    description: d.description.clone(),
                    category: d.category.clone(),
                    due: iso_date(&d.due_date),
                    overdue: line.is_overdue(),
                    amount: euro(d.amount_cents),
                    badge: Badge::new(lang, "debt", &d.status),
                    open: line.is_open(),
                    rf: PaymentReference::given(
                        d.rf_reference.as_deref(),
                        format!("rf-{}", i + 1),
                        &d.description,
                    ),
                }
            })
            .collect();
        RecordsTable::of(rows, list.open_cents, list.paid_cents)
    }
}

pub(crate) struct FineRow {
    pub notice_number: String,
    pub issued_on: String,
    pub place: String,
    pub vehicle_plate: String,
    pub violation: String,
    pub amount: String,
    pub badge: Badge,
    pub open: bool,
    pub appeal_until: String,
    /// How many days remain to appeal, in words; empty when the fine is not open.
    pub days_left: String,
    pub urgent: bool,
    /// The treasury's reference; `None`: paid at the treasury.
    pub rf: Option<PaymentReference>,
}

/// Fines as the pages show them, with their totals (closed: paid or cancelled).
pub(crate) type FinesTable = RecordsTable<FineRow>;
record_row!(
    FineRow,
    ("records-fines-caption", "records-fines-none"),
    ("staff-records-fines-caption", "staff-records-fines-none")
);

/// «12 days left», «last day today», «deadline passed».
pub(crate) fn days_left(lang: Lang, days: Option<i64>) -> String {
    match days {
        None => String::new(),
        Some(d) if d < 0 => lang.t("records-fine-appeal-passed"),
        Some(0) => lang.t("records-fine-appeal-today"),
        Some(1) => lang.t("records-fine-appeal-one-day"),
        Some(d) => format!("{d} {}", lang.t("records-fine-appeal-days")),
    }
}

impl RecordsTable<FineRow> {
    pub fn new(lang: Lang, list: &FineList) -> FinesTable {
        let rows: Vec<FineRow> = list
            .items
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let f = &line.fine;
                let open = line.is_open();
                FineRow {
                    notice_number: f.notice_number.clone(),
                    issued_on: iso_date(&f.issued_on),
                    place: f.place.clone(),
                    vehicle_plate: f.vehicle_plate.clone(),
                    violation: f.violation.clone(),
                    amount: euro(f.amount_cents),
                    badge: Badge::new(lang, "fine", &f.status),
                    open,
                    appeal_until: iso_date(&f.appeal_until),
                    days_left: if open {
                        days_left(lang, line.days_to_appeal)
                    } else {
                        String::new()
                    },
                    urgent: open && line.days_to_appeal.is_some_and(|d| d <= URGENT_DAYS),
                    rf: PaymentReference::given(
                        f.rf_reference.as_deref(),
                        format!("fine-rf-{}", i + 1),
                        &f.notice_number,
                    ),
                }
            })
            .collect();
        RecordsTable::of(rows, list.open_cents, list.closed_cents)
    }
}

pub(crate) struct PendingRow {
    pub title: String,
    pub department: String,
    pub since: String,
    pub details: String,
    pub action_needed: String,
    /// Where the department serves in person: (office name, link on `/offices`).
    pub office: Option<(String, String)>,
}

pub(crate) struct PendingTable {
    pub none_key: &'static str,
    /// «What you need to do» (the citizen's) or «what the citizen needs to do».
    pub action_key: &'static str,
    pub rows: Vec<PendingRow>,
}

impl PendingTable {
    pub fn new(
        lang: Lang,
        list: &PendingList,
        departments: &[Department],
        offices: &[Office],
    ) -> PendingTable {
        let rows = list
            .items
            .iter()
            .map(|m| PendingRow {
                title: m.title.clone(),
                department: department_name(&m.department, departments, lang),
                since: iso_date(&m.since),
                details: m.details.clone(),
                action_needed: m.action_needed.clone(),
                office: offices
                    .iter()
                    .find(|o| o.departments.contains(&m.department))
                    .map(|o| {
                        (
                            lang.pick(&o.name_el, &o.name_en).to_owned(),
                            format!("/offices#{}", anchor(&o.code)),
                        )
                    }),
            })
            .collect();
        PendingTable {
            none_key: "records-pending-none",
            action_key: "records-pending-action",
            rows,
        }
    }
}

impl PendingTable {
    /// The same list in a clerk's words.
    pub fn for_staff(self) -> PendingTable {
        PendingTable {
            none_key: "staff-records-pending-none",
            action_key: "staff-records-pending-action",
            ..self
        }
    }
}

/// The links between the pages of «Τα στοιχεία μου»: (path, Fluent key).
const RECORDS_NAV: [(&str, &str); 4] = [
    ("/account/debts", "records-debts-title"),
    ("/account/fines", "records-fines-title"),
    ("/account/pending", "records-pending-title"),
    ("/account/export", "export-title"),
];

#[derive(Template)]
#[template(path = "pages/records/debts.html")]
struct DebtsPage {
    chrome: Chrome,
    nav: &'static [(&'static str, &'static str)],
    table: DebtsTable,
    /// The treasury's office, for paying there (when any open debt has no reference).
    treasury: Option<OfficeView>,
}

#[derive(Template)]
#[template(path = "pages/records/fines.html")]
struct FinesPage {
    chrome: Chrome,
    nav: &'static [(&'static str, &'static str)],
    table: FinesTable,
    treasury: Option<OfficeView>,
}

/// The office where the treasury serves in person, from the catalogue; `None` when no office
/// names it.
async fn treasury_office(state: &AppState, lang: Lang) -> Result<Option<OfficeView>, AppError> {
    let offices = state.app.offices().await?;
    let departments = state.app.departments().await?;
    Ok(offices
        .iter()
        .find(|o| o.departments.iter().any(|d| d == DEBTS_DEPARTMENT))
        .map(|o| OfficeView::new(o, &departments, lang)))
}

#[derive(Template)]
#[template(path = "pages/records/pending.html")]
struct PendingPage {
    chrome: Chrome,
    nav: &'static [(&'static str, &'static str)],
    table: PendingTable,
}

/// What a certified citizen without a tax number sees instead of (empty) records: why there is
/// nothing to show, and how to add a tax number.
#[derive(Template)]
#[template(path = "pages/records/no_tax_number.html")]
struct NoTaxNumberPage {
    chrome: Chrome,
    nav: &'static [(&'static str, &'static str)],
    title_key: &'static str,
}

/// What a Level A citizen sees instead of records: what Level B is and where to get it.
#[derive(Template)]
#[template(path = "pages/records/level_a.html")]
struct LevelAPage {
    chrome: Chrome,
    nav: &'static [(&'static str, &'static str)],
    title_key: &'static str,
    username: String,
    certifying_offices: Vec<OfficeView>,
}

fn path_of(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Debts => "/account/debts",
        RecordKind::Fines => "/account/fines",
        RecordKind::Pending => "/account/pending",
    }
}

fn title_of(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Debts => "records-debts-title",
        RecordKind::Fines => "records-fines-title",
        RecordKind::Pending => "records-pending-title",
    }
}

/// The route of one records page.
fn records_page(kind: RecordKind) -> MethodRouter<AppState> {
    get(move |call| show(call, kind))
}

/// One records page: the records (Level B, audited) or the way to Level B (Level A).
async fn show(
    Call(state, client, SignedIn { visitor, who }): Call<SignedIn>,
    kind: RecordKind,
) -> Result<Response, PageError> {
    let lang = visitor.lang;
    let chrome = Chrome::for_visitor(&state, &visitor, path_of(kind));
    let found = match state.app.my_records(&who, kind, &client).await {
        Ok(found) => found,
        Err(AppError::LevelBRequired) => {
            return level_a(&state, chrome, kind, who.username).await;
        }
        Err(error) => return Err(error.into()),
    };
    if state.app.records_lack_tax_number(&who).await? {
        let page = NoTaxNumberPage {
            chrome,
            nav: &RECORDS_NAV,
            title_key: title_of(kind),
        };
        return Ok(render(StatusCode::OK, &page));
    }
    let treasury = match &found {
        Records::Pending(_) => None,
        _ => treasury_office(&state, lang).await?,
    };
    Ok(match found {
        Records::Debts(list) => render(
            StatusCode::OK,
            &DebtsPage {
                chrome,
                nav: &RECORDS_NAV,
                table: DebtsTable::new(lang, &list),
                treasury,
            },
        ),
        Records::Fines(list) => render(
            StatusCode::OK,
            &FinesPage {
                chrome,
                nav: &RECORDS_NAV,
                table: FinesTable::new(lang, &list),
                treasury,
            },
        ),
        Records::Pending(list) => {
            let departments = state.app.departments().await?;
            let offices = state.app.offices().await?;
            render(
                StatusCode::OK,
                &PendingPage {
                    chrome,
                    nav: &RECORDS_NAV,
                    table: PendingTable::new(lang, &list, &departments, &offices),
                },
            )
        }
    })
}

/// The explanation for Level A, with the offices that certify identity. Answered 403, as the
/// API answers `level_b_required`: the page is refused, however kindly it says so.
async fn level_a(
    state: &AppState,
    chrome: Chrome,
    kind: RecordKind,
    username: String,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let offices = state.app.offices().await?;
    let departments = state.app.departments().await?;
    let certifying_offices = certifying_offices(&offices, &departments, lang);
    Ok(render(
        StatusCode::FORBIDDEN,
        &LevelAPage {
            chrome,
            nav: &RECORDS_NAV,
            title_key: title_of(kind),
            username,
            certifying_offices,
        },
    ))
}

#[derive(Template)]
#[template(path = "pages/records/export.html")]
struct ExportPage {
    chrome: Chrome,
    nav: &'static [(&'static str, &'static str)],
    level_b: bool,
}

/// What the export holds, and the link that downloads it.
async fn export_page(Call(state, _, SignedIn { visitor, who }): Call<SignedIn>) -> Response {
    let page = ExportPage {
        chrome: Chrome::for_visitor(&state, &visitor, "/account/export"),
        nav: &RECORDS_NAV,
        level_b: who.level == AssuranceLevel::B,
    };
    render(StatusCode::OK, &page)
}

/// The export itself, as a file to save (Level A or B); audited.
async fn export_file(
    Call(state, client, SignedIn { who, .. }): Call<SignedIn>,
) -> Result<Response, PageError> {
    let export = state.app.export_my_data(&who, &client).await?;
    Ok(crate::api::my_records::export_file(&export))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_left_are_said_in_words_in_both_languages() {
        for lang in Lang::ALL {
            assert!(days_left(lang, Some(12)).starts_with("12 "));
            assert_ne!(days_left(lang, Some(1)), days_left(lang, Some(0)));
            assert_ne!(days_left(lang, Some(0)), days_left(lang, Some(-3)));
            assert_eq!(days_left(lang, None), "");
        }
    }

    #[test]
    fn every_status_has_a_name() {
        for lang in Lang::ALL {
            for (kind, status) in [
                ("debt", "open"),
                ("debt", "paid"),
                ("fine", "open"),
                ("fine", "paid"),
                ("fine", "appealed"),
                ("fine", "cancelled"),
            ] {
                let badge = Badge::new(lang, kind, status);
                assert_ne!(badge.label, status, "{kind} {status}");
            }
        }
    }
}
