//! `/staff/requests/{id}`: a request of the clerk's departments (another department's is not
//! found, and the attempt is audited), the citizen's name and contact, the timeline, and one
//! form per move the state machine allows from here, each with the fields that move needs.

use super::{q, staff_request_path};
use crate::client::Call;
use crate::i18n::Lang;
use crate::pages::csrf::CsrfForm;
use crate::pages::documents::{document_types as all_document_types, document_with_country};
use crate::pages::forms::{FormErrors, request_problems};
use crate::pages::inputs::{Choice, Choices, Input, SummaryItem, radio_choices};
use crate::pages::local_time::{date_time, day};
use crate::pages::requests::views::{
    Address, AttachmentView, Catalogue, Reader, StatusBadge, TimelineEntry, delivery_name,
    status_name, timeline, upload_error,
};
use crate::pages::staff::{Clerk, StaffPage};
use crate::pages::{Chrome, PageError, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dimos_app::admin::{euro_input, parse_euro};
use dimos_app::requests::{StaffRequest, TransitionInput, default_cod_amount};
use dimos_app::staff::StaffPrincipal;
use dimos_app::{AppError, ClientInfo};
use dimos_db::requests::Request;
use dimos_domain::{Actor, AssuranceLevel, Cents, ErrorCode, RequestStatus, euro};
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct TransitionForm {
    to: String,
    reason: String,
    tracking_number: String,
    /// Euro, as typed: «5,50».
    cod_amount: String,
    id_document_type: String,
    id_document_number: String,
    id_document_country: String,
}

impl TransitionForm {
    /// What was typed in the form field `name`.
    fn typed(&self, name: &str) -> &str {
        match name {
            "reason" => &self.reason,
            "tracking_number" => &self.tracking_number,
            "cod_amount" => &self.cod_amount,
            "id_document_type" => &self.id_document_type,
            "id_document_number" => &self.id_document_number,
            "id_document_country" => &self.id_document_country,
            _ => "",
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DetailQuery {
    notice: String,
    upload_error: String,
}

/// The form of one move.
pub struct MoveForm {
    pub to: String,
    pub heading: String,
    pub hint: String,
    pub button: String,
    pub danger: bool,
    /// Its text boxes and areas; their ids carry the move, so that the forms of one page never
    /// share an id.
    pub fields: Vec<Input>,
    /// `collected`: the document shown.
    pub document_types: Vec<Choice>,
    pub document_type_errors: Vec<String>,
}

impl MoveForm {
    pub fn document_type_error_id(&self) -> String {
        format!("{}-id_document_type-error", self.to)
    }

    /// The kind of identity document shown (`collected`), with its problems (`lang` as the
    /// template passes it).
    pub fn document_type_choices(&self, lang: &Lang) -> Choices {
        let options = self.document_types.clone();
        let classes = ["req-radios", "req-choice"];
        Choices::required_radios(
            *lang,
            "id_document_type",
            "queue-field-document-type",
            options,
            classes,
        )
        .problems(
            self.document_type_errors.clone(),
            self.document_type_error_id(),
        )
    }
}

struct CitizenFacts {
    name: String,
    father_name: String,
    email: String,
    phone: Option<String>,
    level_b: bool,
}

#[derive(Template)]
#[template(path = "staff/requests/detail.html")]
struct DetailPage {
    chrome: Chrome,
    notice: Option<String>,
    alert: Option<String>,
    summary: Vec<SummaryItem>,
    action: String,
    protocol_number: String,
    service: String,
    department: String,
    status: StatusBadge,
    submitted_at: String,
    due: String,
    fee: String,
    delivery: String,
    citizen: Option<CitizenFacts>,
    address: Option<Address>,
    pickup_office: Option<String>,
    tracking_number: Option<String>,
    cod_amount: Option<String>,
    collected_with: Option<String>,
    notes: String,
    moves: Vec<MoveForm>,
    upload_action: String,
    upload_error: Option<String>,
    attachments: Vec<AttachmentView>,
    timeline: Vec<TimelineEntry>,
}

impl DetailPage {
    fn upload_input(&self) -> Input {
        Input::attachment_upload(self.chrome.lang)
    }

    /// What a clerk's attachment is for: information (chosen first) or the result.
    fn purpose_choices(&self) -> Choices {
        let lang = self.chrome.lang;
        let options = ["information", "result"]
            .into_iter()
            .map(|purpose| Choice {
                id: format!("purpose-{purpose}"),
                name: None,
                value: purpose.to_owned(),
                label: lang.t(&format!("clerk-attachment-purpose-{purpose}")),
                checked: purpose == "information",
            })
            .collect();
        Choices::required_radios(
            lang,
            "purpose",
            "clerk-attachment-purpose-legend",
            options,
            ["req-group", "req-choice"],
        )
        .hint("clerk-attachment-purpose-hint")
    }
}

/// A move that was refused, to show again with its problems.
struct Refused {
    form: TransitionForm,
    problems: FormErrors,
}

/// What the page says besides the request: a done move, a refused one.
#[derive(Default)]
struct Outcome {
    notice: Option<String>,
    alert: Option<String>,
    refused: Option<Refused>,
    /// An upload refused by the attachments' handler (its code).
    upload_error: String,
}

/// The fields of a move's form, as the use case names them: (field, form field).
const FIELDS: [&str; 6] = [
    "reason",
    "tracking_number",
    "cod_amount_cents",
    "id_document_type",
    "id_document_number",
    "id_document_country",
];

fn move_form(
    lang: Lang,
    to: RequestStatus,
    request: &Request,
    certified: bool,
    postal_fee_cents: Cents,
    refused: Option<&Refused>,
) -> MoveForm {
    let code = to.as_str();
    let mine = refused.filter(|r| r.form.to.trim() == code);
    let errors = |field: &str| mine.map(|r| r.problems.messages(field)).unwrap_or_default();
    // A box for `name`, holding what was typed (or `default`), with the problems of `problem`.
    let field = |name: &'static str, label_key: &str, hint: String, default: String| {
        let typed = mine.map_or(default, |r| r.form.typed(name).to_owned());
        let problem = if name == "cod_amount" {
            "cod_amount_cents"
        } else {
            name
        };
        Input::new(lang, name, label_key)
            .id(format!("{code}-{name}"))
            .value(&typed)
            .code()
            .hint_text(hint)
            .problems(errors(problem))
    };
    let mut fields = Vec::new();
    let mut document_types = Vec::new();
    match to {
        RequestStatus::NeedsInfo | RequestStatus::Rejected => {
            let hint = lang.t(&format!("queue-field-reason-{code}-hint"));
            let reason = field(
                "reason",
                &format!("queue-field-reason-{code}"),
                hint,
                String::new(),
            );
            fields.push(reason.textarea(4, "req-textarea").maxlength(2000));
        }
        RequestStatus::Dispatched => {
            let hint = lang.t("queue-field-tracking-number-hint");
            fields.push(field(
                "tracking_number",
                "queue-field-tracking-number",
                hint,
                String::new(),
            ));
            let hint = format!(
                "{} {} + {} {}",
                lang.t("queue-field-cod-amount-fee"),
                euro(request.fee_cents),
                lang.t("queue-field-cod-amount-postal"),
                euro(postal_fee_cents)
            );
            let default = euro_input(default_cod_amount(request.fee_cents, postal_fee_cents));
            fields.push(field("cod_amount", "queue-field-cod-amount", hint, default));
        }
        RequestStatus::Collected => {
            let chosen = mine.map_or("", |r| r.form.id_document_type.as_str());
            let types = all_document_types(lang);
            document_types = radio_choices(Some(code), "id_document_type", types, |t| t == chosen);
            let hint = lang.t(if certified {
                "queue-field-document-number-hint-b"
            } else {
                "queue-field-document-number-hint"
            });
            fields.push(field(
                "id_document_number",
                "queue-field-document-number",
                hint,
                String::new(),
            ));
            let hint = lang.t("queue-field-document-country-hint");
            let country = field(
                "id_document_country",
                "queue-field-document-country",
                hint,
                String::new(),
            );
            fields.push(country.may_be_empty());
        }
        _ => {}
    }
    MoveForm {
        to: code.to_owned(),
        heading: lang.t(&format!("queue-move-{code}")),
        hint: lang.t(&format!("queue-move-{code}-hint")),
        button: lang.t(&format!("queue-move-{code}-submit")),
        danger: to == RequestStatus::Rejected,
        fields,
        document_types,
        document_type_errors: errors("id_document_type"),
    }
}

fn build(
    chrome: Chrome,
    shown: &StaffRequest,
    catalogue: &Catalogue,
    outcome: Outcome,
) -> DetailPage {
    let StaffRequest {
        detail,
        citizen,
        attachments,
        postal_fee_cents,
    } = shown;
    let (citizen, postal_fee_cents) = (citizen.as_ref(), *postal_fee_cents);
    let lang = chrome.lang;
    let refused = outcome.refused.as_ref();
    let r = &detail.request;
    let certified = citizen.is_some_and(|c| c.level == AssuranceLevel::B);
    let moves: Vec<MoveForm> = r
        .status
        .next_statuses(Actor::Clerk, r.delivery)
        .into_iter()
        .map(|to| move_form(lang, to, r, certified, postal_fee_cents, refused))
        .collect();
    let mut summary = Vec::new();
    let mut alert = outcome.alert;
    if let Some(refused) = refused {
        match moves.iter().find(|m| m.to == refused.form.to.trim()) {
            Some(m) => {
                for field in &m.fields {
                    let problem = if field.name == "cod_amount" {
                        "cod_amount_cents"
                    } else {
                        &field.name
                    };
                    summary.extend(refused.problems.summary_items(
                        problem,
                        &field.label,
                        &field.id,
                    ));
                }
                if let Some(first) = m.document_types.first() {
                    summary.extend(refused.problems.summary_items(
                        "id_document_type",
                        &lang.t("queue-field-document-type"),
                        &first.id,
                    ));
                }
                let others = refused.problems.others(&FIELDS);
                if !others.is_empty() {
                    alert = Some(others.join(" "));
                }
            }
            // A move this page does not offer: its problems cannot sit beside any field.
            None => {
                let others = refused.problems.others(&FIELDS);
                alert = Some(if others.is_empty() {
                    lang.t("queue-alert-changed")
                } else {
                    others.join(" ")
                });
            }
        }
    }
    let address = Address::delivery_of(r);
    DetailPage {
        notice: outcome.notice,
        alert,
        summary,
        action: staff_request_path(&r.id, "/transition"),
        protocol_number: r.protocol_number.clone(),
        service: catalogue.service_name(&r.service_code, lang),
        department: catalogue.department_name(&r.department_code, lang),
        status: StatusBadge::new(lang, r.status),
        submitted_at: date_time(r.created_at),
        due: day(r.due_at),
        fee: euro(r.fee_cents),
        delivery: delivery_name(lang, r.delivery),
        citizen: citizen.map(|c| CitizenFacts {
            name: format!("{} {}", c.given_name, c.family_name),
            father_name: c.father_name.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            level_b: c.level == AssuranceLevel::B,
        }),
        address,
        pickup_office: detail.pickup_office.as_deref().map(|code| {
            catalogue
                .office(code)
                .map_or(code, |o| lang.pick(&o.name_el, &o.name_en))
                .to_owned()
        }),
        tracking_number: r.tracking_number.clone(),
        cod_amount: r.cod_amount_cents.map(euro),
        collected_with: r.collected_document_type.map(|t| {
            let masked = r.collected_document_masked.clone().unwrap_or_default();
            let name = document_with_country(lang, t, r.collected_document_country.as_deref());
            format!("{name} {masked}").trim().to_owned()
        }),
        notes: r.notes.clone(),
        moves,
        upload_action: staff_request_path(&r.id, "/attachments"),
        upload_error: upload_error(lang, &outcome.upload_error),
        attachments: attachments
            .iter()
            .map(|a| AttachmentView::new(a, &staff_request_path(&r.id, ""), lang, Reader::Staff))
            .collect(),
        timeline: timeline(&detail.events, catalogue, lang, Reader::Staff),
        chrome,
    }
}

/// Loads the request (its opening is audited by the use case) and renders it with `status`;
/// another department's request, or none: 404.
async fn show(
    state: &AppState,
    chrome: Chrome,
    who: &StaffPrincipal,
    client: &ClientInfo,
    id: &str,
    status: StatusCode,
    mut outcome: Outcome,
) -> Result<Response, PageError> {
    let lang = chrome.lang;
    let shown = state.app.staff_request(who, id, client).await?;
    let catalogue = Catalogue::load(&state.app).await?;
    let now = status_name(lang, shown.detail.request.status);
    outcome.notice = outcome.notice.map(|text| format!("{text} «{now}»."));
    Ok(render(status, &build(chrome, &shown, &catalogue, outcome)))
}

pub async fn page(
    Call(state, client, page): Call<StaffPage<Clerk>>,
    Path(id): Path<String>,
    Query(query): Query<DetailQuery>,
) -> Result<Response, PageError> {
    let lang = page.visitor.lang;
    let chrome = page.chrome(&state, &staff_request_path(&id, ""));
    let outcome = Outcome {
        notice: (query.notice == "moved").then(|| lang.t("queue-notice-moved")),
        upload_error: query.upload_error,
        ..Outcome::default()
    };
    show(
        &state,
        chrome,
        &page.who,
        &client,
        &id,
        StatusCode::OK,
        outcome,
    )
    .await
}

/// The cash-on-delivery amount typed, in cents; empty: the default (fee + postal fee).
fn cod_cents(form: &TransitionForm) -> Result<Option<i64>, AppError> {
    if form.to.trim() != RequestStatus::Dispatched.as_str() || form.cod_amount.trim().is_empty() {
        return Ok(None);
    }
    parse_euro(&form.cod_amount)
        .map(|cents| Some(cents.get()))
        .map_err(|e| AppError::field("cod_amount_cents", e.code()))
}

pub async fn transition(
    Call(state, client, page): Call<StaffPage<Clerk>>,
    Path(id): Path<String>,
    CsrfForm { form, .. }: CsrfForm<TransitionForm>,
) -> Result<Response, PageError> {
    let lang = page.visitor.lang;
    let moved = match cod_cents(&form) {
        Ok(cod_amount_cents) => {
            let input = TransitionInput {
                to: form.to.clone(),
                reason: form.reason.clone(),
                tracking_number: form.tracking_number.clone(),
                cod_amount_cents,
                id_document_type: form.id_document_type.clone(),
                id_document_number: form.id_document_number.clone(),
                id_document_country: form.id_document_country.clone(),
            };
            state
                .app
                .transition_request(&page.who, &id, &input, &client)
                .await
                .map(|_| ())
        }
        Err(error) => Err(error),
    };
    let chrome = page.chrome(&state, &staff_request_path(&id, ""));
    let (status, outcome) = match moved {
        Ok(()) => {
            let to = format!("{}?notice=moved", staff_request_path(&id, ""));
            return Ok(Redirect::to(&to).into_response());
        }
        Err(AppError::InvalidTransition(reason)) => {
            tracing::info!(request = %q(&id), %reason, "a move was refused: the request changed first");
            let outcome = Outcome {
                alert: Some(lang.t("queue-alert-changed")),
                ..Outcome::default()
            };
            (StatusCode::CONFLICT, outcome)
        }
        Err(error) => {
            let problems = request_problems(lang, &error).ok_or(error)?;
            let outcome = Outcome {
                refused: Some(Refused { form, problems }),
                ..Outcome::default()
            };
            (StatusCode::UNPROCESSABLE_ENTITY, outcome)
        }
    };
    show(&state, chrome, &page.who, &client, &id, status, outcome).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cod_amount_is_read_only_for_dispatching() {
        let mut form = TransitionForm {
            to: "dispatched".into(),
            cod_amount: "5,50".into(),
            ..TransitionForm::default()
        };
        assert_eq!(cod_cents(&form).unwrap(), Some(550));
        form.cod_amount = "five".into();
        assert!(matches!(cod_cents(&form), Err(AppError::Validation(_))));
        form.cod_amount = " ".into();
        assert_eq!(cod_cents(&form).unwrap(), None);
        form.to = "collected".into();
        form.cod_amount = "five".into();
        assert_eq!(cod_cents(&form).unwrap(), None);
    }
}
