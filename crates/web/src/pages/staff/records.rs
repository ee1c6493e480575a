//! A citizen's records for a clerk (`/staff/citizens/{id}/records`): the clerk picks a kind
//! their department may see and gives a reason, then sees the records. Nothing about the
//! citizen shows before that; every look is audited with its reason and shown to the citizen.

use super::{Clerk, StaffPage, denied};
use crate::client::Call;
use crate::i18n::Lang;
use crate::pages::forms::FormErrors;
use crate::pages::inputs::{Choices, Input, SummaryItem, radio_choices};
use crate::pages::records::{DebtsTable, FinesTable, PendingTable};
use crate::pages::{Chrome, PageError, render};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
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
    /// What to look at, with its problems.
    kind: Choices,
    /// Why the records are looked at, with its problems.
    reason: Input,
    summary: Vec<SummaryItem>,
    found: Option<Found>,
}

fn kind_title(lang: Lang, kind: RecordKind) -> String {
    lang.t(match kind {
        RecordKind::Debts => "records-debts-title",
        RecordKind::Fines => "records-fines-title",
        RecordKind::Pending => "records-pending-title",
    })
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
    Call(state, client, page): Call<StaffPage<Clerk>>,
    Path(id): Path<String>,
    Query(query): Query<RecordsQuery>,
) -> Result<Response, PageError> {
    let lang = page.visitor.lang;
    let allowed = staff_record_kinds(&page.who);
    if allowed.is_empty() {
        let what = "GET /staff/citizens/{id}/records needs a clerk of a department";
        return Err(denied(&state, &page.who, what, &client, StatusCode::FORBIDDEN).await);
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
                let departments = state.app.departments().await?;
                found = Some(found_view(lang, records, kind, &reason, &departments));
            }
            Err(AppError::Validation(problems)) => {
                fields = problems;
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(error) => return Err(error.into()),
        }
    }
    // With one kind allowed it is chosen already; otherwise the one asked for stays chosen.
    let options = allowed.iter().map(|k| (k.as_str(), kind_title(lang, *k)));
    let kinds = radio_choices(None, "kind", options, |kind| {
        kind == asked || allowed.len() == 1
    });
    // The clerk's words first: `records-error-<field>-<code>`.
    let errors = FormErrors::from_fields(lang, fields).worded("records-error");
    let mut summary = errors.summary_items("kind", &lang.t("staff-records-kind"), "kind");
    summary.extend(errors.summary_items("reason", &lang.t("staff-records-reason"), "reason"));
    let kind = Choices::required_radios(
        lang,
        "kind",
        "staff-records-kind",
        kinds,
        ["counter-radios", "counter-radio"],
    )
    .problems(errors.messages("kind"), errors.id("kind"));
    let reason = Input::new(lang, "reason", "staff-records-reason")
        .textarea(2, "counter-textarea")
        .maxlength(500)
        .value(&reason)
        .hint("staff-records-reason-hint")
        .errors(&errors);
    let path = records_path(&id);
    let view = RecordsPage {
        chrome: page.chrome(&state, &path),
        action: path,
        kind,
        reason,
        summary,
        found,
    };
    Ok(render(status, &view))
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
