//! A citizen's records for a clerk (`/staff/citizens/{id}/records`): the clerk picks a kind
//! their department may see and gives a reason, then sees the records. Nothing about the
//! citizen shows before that; every look is audited with its reason and shown to the citizen.

use super::{Clerk, StaffPage};
use crate::client::Client;
use crate::i18n::Lang;
use crate::pages::forms::FormErrors;
use crate::pages::inputs::SummaryItem;
use crate::pages::records::{DebtsTable, FinesTable, PendingTable};
use crate::pages::{Chrome, PageError, error_page, render};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::response::Response;
use axum::routing::get;
use dimos_app::records::{RecordKind, Records, StaffRecords, parse_kind, staff_record_kinds};
use dimos_app::{AppError, FieldErrors};
use dimos_db::catalogue::Department;
use dimos_domain::AssuranceLevel;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff/citizens/{id}/records", get(page))
}

/// The form, sent by GET: looking changes nothing but the audit log.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RecordsQuery {
    kind: Option<String>,
    reason: Option<String>,
}

/// The path of this page for the citizen `id`.
fn records_path(id: &str) -> String {
    format!(
        "/staff/citizens/{}/records",
        crate::pages::visitor::encode(id).replace('/', "%2F")
    )
}

/// One radio button of the kind.
struct KindOption {
    id: String,
    value: &'static str,
    label: String,
    checked: bool,
}

/// The records found, with whose they are.
struct Found {
    name: String,
    username: String,
    level_b: bool,
    tax_number: Option<String>,
    heading: String,
    reason: String,
    debts: Option<DebtsTable>,
    fines: Option<FinesTable>,
    pending: Option<PendingTable>,
}

#[derive(Template)]
#[template(path = "staff/records/page.html")]
struct RecordsPage {
    chrome: Chrome,
    action: String,
    kinds: Vec<KindOption>,
    reason: String,
    kind_errors: Vec<String>,
    reason_errors: Vec<String>,
    summary: Vec<SummaryItem>,
    found: Option<Found>,
}

impl RecordsPage {
    fn reason_described_by(&self) -> String {
        if self.reason_errors.is_empty() {
            "reason-hint".to_owned()
        } else {
            "reason-hint reason-error".to_owned()
        }
    }
}

fn kind_title(lang: Lang, kind: RecordKind) -> String {
    lang.t(match kind {
        RecordKind::Debts => "records-debts-title",
        RecordKind::Fines => "records-fines-title",
        RecordKind::Pending => "records-pending-title",
    })
}

/// The problems with one field in the clerk's words (`records-error-<field>-<code>`), else
/// the citizen forms' messages.
fn messages(lang: Lang, fields: &FieldErrors, field: &str) -> Vec<String> {
    let generic = FormErrors::from_fields(lang, fields.clone()).messages(field);
    fields
        .get(field)
        .map(|codes| {
            codes
                .iter()
                .enumerate()
                .map(|(i, code)| {
                    lang.try_t(&format!("records-error-{field}-{code}"))
                        .or_else(|| generic.get(i).cloned())
                        .unwrap_or_else(|| lang.t("field-error-invalid"))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn found_view(
    lang: Lang,
    found: StaffRecords,
    kind: RecordKind,
    reason: &str,
    departments: &[Department],
) -> Found {
    let mut view = Found {
        name: format!("{} {}", found.given_name, found.family_name),
        username: found.username,
        level_b: found.level == AssuranceLevel::B,
        tax_number: found.verified_tax_number,
        heading: kind_title(lang, kind),
        reason: reason.trim().to_owned(),
        debts: None,
        fines: None,
        pending: None,
    };
    match &found.records {
        Records::Debts(list) => view.debts = Some(DebtsTable::new(lang, list).for_staff()),
        Records::Fines(list) => view.fines = Some(FinesTable::new(lang, list).for_staff()),
        Records::Pending(list) => {
            view.pending = Some(PendingTable::new(lang, list, departments, &[]).for_staff());
        }
    }
    view
}

async fn page(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Clerk>,
    Path(id): Path<String>,
    Query(query): Query<RecordsQuery>,
) -> Response {
    let lang = page.visitor.lang;
    let allowed = staff_record_kinds(&page.who);
    if allowed.is_empty() {
        let what = "GET /staff/citizens/{id}/records needs a clerk of a department";
        if let Err(e) = state.app.audit_denied(&page.who, what, &client).await {
            tracing::error!(error = %e, "could not audit a refusal");
        }
        return error_page(&state, lang, StatusCode::FORBIDDEN);
    }
    let submitted = query.kind.is_some() || query.reason.is_some();
    let asked = query.kind.as_deref().unwrap_or("");
    let reason = query.reason.clone().unwrap_or_default();
    let mut fields = FieldErrors::new();
    let mut found = None;
    let mut status = StatusCode::OK;
    if submitted {
        let outcome = match parse_kind(asked) {
            Ok(kind) => state
                .app
                .staff_citizen_records(&page.who, &id, kind, &reason, &client)
                .await
                .map(|f| (kind, f)),
            Err(AppError::Validation(mut kind_fields)) => {
                if reason.trim().is_empty() {
                    kind_fields.insert("reason".into(), vec!["required".into()]);
                }
                Err(AppError::Validation(kind_fields))
            }
            Err(other) => Err(other),
        };
        match outcome {
            Ok((kind, records)) => {
                let departments = match state.app.departments().await {
                    Ok(departments) => departments,
                    Err(error) => return PageError::from(error).into_response(),
                };
                found = Some(found_view(lang, records, kind, &reason, &departments));
            }
            Err(AppError::Validation(problems)) => {
                fields = problems;
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(AppError::Forbidden) => return error_page(&state, lang, StatusCode::FORBIDDEN),
            Err(AppError::NotFound) => return error_page(&state, lang, StatusCode::NOT_FOUND),
            Err(error) => return PageError::from(error).into_response(),
        }
    }
    // With one kind allowed it is chosen already; otherwise the one asked for stays chosen.
    let kinds = allowed
        .iter()
        .enumerate()
        .map(|(i, kind)| KindOption {
            id: if i == 0 {
                "kind".to_owned()
            } else {
                format!("kind-{}", kind.as_str())
            },
            value: kind.as_str(),
            label: kind_title(lang, *kind),
            checked: kind.as_str() == asked || allowed.len() == 1,
        })
        .collect();
    let kind_errors = messages(lang, &fields, "kind");
    let reason_errors = messages(lang, &fields, "reason");
    let mut summary: Vec<SummaryItem> = kind_errors
        .iter()
        .map(|m| SummaryItem {
            href: "#kind".into(),
            text: format!("{}: {m}", lang.t("staff-records-kind")),
        })
        .collect();
    summary.extend(reason_errors.iter().map(|m| SummaryItem {
        href: "#reason".into(),
        text: format!("{}: {m}", lang.t("staff-records-reason")),
    }));
    let path = records_path(&id);
    let view = RecordsPage {
        chrome: page.chrome(&state, &path),
        action: path,
        kinds,
        reason,
        kind_errors,
        reason_errors,
        summary,
        found,
    };
    render(status, &view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_stays_under_the_citizen() {
        assert_eq!(records_path("0198-ab"), "/staff/citizens/0198-ab/records");
        assert_eq!(records_path("a/../b"), "/staff/citizens/a%2F..%2Fb/records");
    }
}
