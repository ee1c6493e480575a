//! `/requests/{id}`: one of the citizen's own requests — where it stands, how it arrives, its
//! timeline — with the cancel button while nothing is done yet, the answer form while the
//! department waits for one, and the attachments while it is open. Anyone else's request is
//! simply not found.

use super::request_path;
use super::views::{
    Address, AttachmentView, Catalogue, Reader, StatusBadge, TimelineEntry, delivery_name,
    open_question, timeline, upload_error,
};
use crate::client::Call;
use crate::i18n::Lang;
use crate::pages::csrf::CsrfForm;
use crate::pages::forms::{FormErrors, request_problems};
use crate::pages::inputs::{Input, SummaryItem};
use crate::pages::local_time::{date_time, day};
use crate::pages::money::fee;
use crate::pages::offices::OfficeView;
use crate::pages::visitor::SignedIn;
use crate::pages::{Chrome, PageError, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dimos_app::attachments::Party;
use dimos_app::requests::RequestDetail;
use dimos_app::{AppError, CitizenPrincipal, ClientInfo};
use dimos_db::attachments::Attachment;
use dimos_db::requests::Request;
use dimos_domain::{Actor, AssuranceLevel, Delivery, RequestStatus, euro, transition};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DetailQuery {
    notice: String,
    upload_error: String,
}

/// A form with no fields but the CSRF token: a button.
#[derive(Deserialize)]
pub struct Button {}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnswerForm {
    message: String,
}

/// What `?notice=…` may announce, and the message of each.
const NOTICES: [(&str, &str); 3] = [
    ("cancelled", "request-notice-cancelled"),
    ("answered", "request-notice-answered"),
    ("uploaded", "request-notice-uploaded"),
];

#[derive(Template)]
#[template(path = "pages/requests/detail.html")]
struct DetailPage {
    chrome: Chrome,
    /// Just submitted: the protocol number is announced.
    submitted: bool,
    notices: Vec<String>,
    /// A move that could not be made (409).
    alert: Option<String>,
    summary: Vec<SummaryItem>,
    cancel_action: String,
    answer_action: String,
    upload_action: String,
    protocol_number: String,
    service: String,
    department: String,
    status: StatusBadge,
    submitted_at: String,
    due_on: String,
    fee: String,
    delivery: String,
    post: bool,
    address: Option<Address>,
    cod_amount: Option<String>,
    tracking_number: Option<String>,
    pickup_office: Option<OfficeView>,
    ready_for_pickup: bool,
    collected_with: Option<String>,
    rejected: bool,
    notes: String,
    can_cancel: bool,
    question: Option<String>,
    answer: String,
    answer_errors: Vec<String>,
    /// Attachments may be added while the request is open.
    open: bool,
    upload_error: Option<String>,
    attachments: Vec<AttachmentView>,
    timeline: Vec<TimelineEntry>,
}

impl DetailPage {
    /// The answer box, holding what was typed.
    fn answer_input(&self) -> Input {
        Input::new(self.chrome.lang, "message", "request-answer-label")
            .textarea(5, "req-textarea")
            .maxlength(2000)
            .value(&self.answer)
            .hint("request-answer-hint")
            .problems(self.answer_errors.clone())
    }

    fn upload_input(&self) -> Input {
        Input::attachment_upload(self.chrome.lang)
    }
}

/// The page's inputs besides the request: what the visitor just did, or tried to.
#[derive(Default)]
struct Outcome {
    query: DetailQuery,
    alert: Option<String>,
    answer: String,
    problems: Option<FormErrors>,
}

fn build(
    chrome: Chrome,
    level: AssuranceLevel,
    detail: &RequestDetail,
    attachments: &[Attachment],
    catalogue: &Catalogue,
    outcome: Outcome,
) -> DetailPage {
    let lang = chrome.lang;
    let r = &detail.request;
    let base = request_path(&r.id, "");
    let status = r.status;
    let may = |to: RequestStatus| transition(status, to, Actor::Citizen, r.delivery).is_ok();
    let can_answer = status == RequestStatus::NeedsInfo && may(RequestStatus::InProgress);
    let problems = outcome.problems.unwrap_or_else(|| FormErrors::none(lang));
    let address = Address::delivery_of(r);
    let office = r
        .pickup_office_code
        .as_deref()
        .and_then(|code| catalogue.office(code))
        .or_else(|| catalogue.office_of_department(&r.department_code));
    // Where the document is collected: the one rule in dimos_app::requests::pickup_office.
    let pickup_office = detail
        .pickup_office
        .as_deref()
        .and_then(|code| catalogue.office(code))
        .map(|o| catalogue.office_view(o, lang));
    let result_office = office
        .map(|o| catalogue.office_view(o, lang).name)
        .unwrap_or_else(|| catalogue.department_name(&r.department_code, lang));
    let upload_error = upload_error(lang, &outcome.query.upload_error);
    DetailPage {
        submitted: outcome.query.notice == "submitted",
        notices: notice(lang, &outcome.query.notice).into_iter().collect(),
        alert: outcome.alert,
        summary: problems.summary_items("message", &lang.t("request-answer-label"), "message"),
        cancel_action: request_path(&r.id, "/cancel"),
        answer_action: request_path(&r.id, "/answer"),
        upload_action: request_path(&r.id, "/attachments"),
        protocol_number: r.protocol_number.clone(),
        service: catalogue.service_name(&r.service_code, lang),
        department: catalogue.department_name(&r.department_code, lang),
        status: StatusBadge::new(lang, status),
        submitted_at: date_time(r.created_at),
        due_on: day(r.due_at),
        fee: fee(lang, r.fee_cents),
        delivery: delivery_name(lang, r.delivery),
        post: r.delivery == Delivery::Post,
        address,
        cod_amount: r.cod_amount_cents.map(euro),
        tracking_number: r.tracking_number.clone(),
        pickup_office,
        ready_for_pickup: status == RequestStatus::ReadyForPickup,
        collected_with: r.collected_document_type.map(|t| {
            crate::pages::documents::document_with_country(
                lang,
                t,
                r.collected_document_country.as_deref(),
            )
        }),
        rejected: status == RequestStatus::Rejected,
        notes: r.notes.clone(),
        can_cancel: cancellable(r),
        question: if can_answer {
            open_question(&detail.events)
        } else {
            None
        },
        answer: outcome.answer,
        answer_errors: problems.messages("message"),
        open: status.is_open(),
        upload_error,
        attachments: attachments
            .iter()
            .map(|a| {
                AttachmentView::new(a, &base, lang, Reader::Citizen).for_owner(
                    a,
                    level,
                    &result_office,
                )
            })
            .collect(),
        timeline: timeline(&detail.events, catalogue, lang, Reader::Citizen),
        chrome,
    }
}

/// Whether the citizen may still cancel the request.
fn cancellable(r: &Request) -> bool {
    transition(
        r.status,
        RequestStatus::Cancelled,
        Actor::Citizen,
        r.delivery,
    )
    .is_ok()
}

fn notice(lang: Lang, name: &str) -> Option<String> {
    NOTICES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, key)| lang.t(key))
}

/// Loads what the page shows and renders it with `status`; not the citizen's: 404.
async fn show(
    state: &AppState,
    visitor_chrome: Chrome,
    who: &CitizenPrincipal,
    client: &ClientInfo,
    id: &str,
    status: StatusCode,
    outcome: Outcome,
) -> Result<Response, PageError> {
    let detail = state.app.citizen_request(who, id).await?;
    let attachments = state
        .app
        .request_attachments(Party::Citizen(who), id, client)
        .await?;
    let catalogue = Catalogue::load(&state.app).await?;
    let page = build(
        visitor_chrome,
        who.level,
        &detail,
        &attachments,
        &catalogue,
        outcome,
    );
    Ok(render(status, &page))
}

pub async fn page(
    Call(state, client, SignedIn { visitor, who }): Call<SignedIn>,
    Path(id): Path<String>,
    Query(query): Query<DetailQuery>,
) -> Result<Response, PageError> {
    let chrome = Chrome::for_visitor(&state, &visitor, &request_path(&id, ""));
    let outcome = Outcome {
        query,
        ..Outcome::default()
    };
    show(&state, chrome, &who, &client, &id, StatusCode::OK, outcome).await
}

/// What a refused move shows: 404 for a request that is not the citizen's, 409 when the
/// request moved on meanwhile, 422 for the answer's problems.
async fn refused(
    state: &AppState,
    chrome: Chrome,
    who: &CitizenPrincipal,
    client: &ClientInfo,
    id: &str,
    error: AppError,
    answer: String,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let (status, outcome) = match error {
        AppError::NotFound => {
            tracing::warn!(citizen = %who.id, "a request that is not the citizen's was asked for");
            return Err(PageError::Status(StatusCode::NOT_FOUND));
        }
        AppError::InvalidTransition(_) => (
            StatusCode::CONFLICT,
            Outcome {
                alert: Some(lang.t("request-alert-changed")),
                answer,
                ..Outcome::default()
            },
        ),
        error => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Outcome {
                answer,
                problems: Some(request_problems(lang, &error).ok_or(error)?),
                ..Outcome::default()
            },
        ),
    };
    show(state, chrome, who, client, id, status, outcome).await
}

#[derive(Template)]
#[template(path = "pages/requests/cancel.html")]
struct CancelPage {
    chrome: Chrome,
    protocol_number: String,
    service: String,
    can_cancel: bool,
    action: String,
    back: String,
}

/// `GET /requests/{id}/cancel`: «are you sure?», with the button that cancels (a form, so it
/// works without JavaScript) and the way back. Not the citizen's: 404.
pub async fn confirm_cancel(
    Call(state, _, SignedIn { visitor, who }): Call<SignedIn>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let lang = visitor.lang;
    let detail = state.app.citizen_request(&who, &id).await?;
    let catalogue = Catalogue::load(&state.app).await?;
    let r = &detail.request;
    let page = CancelPage {
        chrome: Chrome::for_visitor(&state, &visitor, &request_path(&r.id, "/cancel")),
        protocol_number: r.protocol_number.clone(),
        service: catalogue.service_name(&r.service_code, lang),
        can_cancel: cancellable(r),
        action: request_path(&r.id, "/cancel"),
        back: request_path(&r.id, ""),
    };
    Ok(render(StatusCode::OK, &page))
}

pub async fn cancel(
    Call(state, client, SignedIn { who, .. }): Call<SignedIn>,
    Path(id): Path<String>,
    CsrfForm { visitor, .. }: CsrfForm<Button>,
) -> Result<Response, PageError> {
    match state.app.cancel_request(&who, &id, &client).await {
        Ok(detail) => Ok(
            Redirect::to(&request_path(&detail.request.id, "?notice=cancelled")).into_response(),
        ),
        Err(error) => {
            let chrome = Chrome::for_visitor(&state, &visitor, &request_path(&id, ""));
            refused(&state, chrome, &who, &client, &id, error, String::new()).await
        }
    }
}

pub async fn answer(
    Call(state, client, SignedIn { who, .. }): Call<SignedIn>,
    Path(id): Path<String>,
    CsrfForm { visitor, form }: CsrfForm<AnswerForm>,
) -> Result<Response, PageError> {
    match state
        .app
        .answer_request(&who, &id, &form.message, &client)
        .await
    {
        Ok(detail) => {
            Ok(Redirect::to(&request_path(&detail.request.id, "?notice=answered")).into_response())
        }
        Err(error) => {
            let chrome = Chrome::for_visitor(&state, &visitor, &request_path(&id, ""));
            refused(&state, chrome, &who, &client, &id, error, form.message).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_notices_are_announced() {
        assert!(notice(Lang::El, "cancelled").is_some());
        assert!(notice(Lang::El, "<b>").is_none());
        assert!(notice(Lang::El, "").is_none());
    }
}
