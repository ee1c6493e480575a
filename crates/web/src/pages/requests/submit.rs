//! `/requests/new`: a service from the catalogue, how to receive it, notes. What stands in the
//! way is explained rather than refused bare: an unconfirmed e-mail (with the resend button),
//! or a service or delivery that needs Level B (with how and where to become Level B).

use super::request_path;
use super::views::{Address, Catalogue};
use crate::api::attachments::{PartsError, is_multipart, submission_parts};
use crate::client::Call;
use crate::pages::csrf::{CsrfForm, multipart_token_ok};
use crate::pages::forms::{FormErrors, request_problems};
use crate::pages::inputs::{ATTACHMENT_TYPES, Input, SummaryItem, error_summary, hint_and_errors};
use crate::pages::money::fee;
use crate::pages::offices::OfficeView;
use crate::pages::visitor::{SignedIn, Visitor};
use crate::pages::{Chrome, PageError, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{FromRequest, Multipart, Query, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dimos_app::attachments::{AttachmentError, SubmittedFile};
use dimos_app::citizens::Profile;
use dimos_app::requests::{SubmitInput, default_cod_amount};
use dimos_app::{AppError, CitizenPrincipal, ClientInfo};
use dimos_domain::{AssuranceLevel, Cents, Delivery, euro};
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SubmitForm {
    service: String,
    delivery: String,
    notes: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewQuery {
    service: String,
}

/// What keeps the citizen from submitting, explained at the top of the page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Obstacle {
    None,
    /// The chosen service or delivery needs Level B.
    LevelB,
}

struct ServiceChoice {
    id: String,
    code: String,
    name: String,
    level_b: bool,
    /// Level A cannot choose a Level B service: shown, with the reason, but not selectable.
    available: bool,
    fee: String,
    checked: bool,
}

struct DepartmentChoices {
    name: String,
    services: Vec<ServiceChoice>,
}

#[derive(Template)]
#[template(path = "pages/requests/new.html")]
struct NewPage {
    chrome: Chrome,
    summary: Vec<SummaryItem>,
    /// Set while the e-mail is unconfirmed: the address the link went to.
    unconfirmed_email: Option<String>,
    /// Explain Level B: the citizen asked for something that needs it.
    level_b_needed: bool,
    /// Whether the explanation answers a refused submission (an alert) or a preselection.
    level_b_refused: bool,
    level_b: bool,
    username: String,
    certifying_offices: Vec<OfficeView>,
    groups: Vec<DepartmentChoices>,
    service_errors: Vec<String>,
    delivery: String,
    delivery_errors: Vec<String>,
    address: Address,
    postal_fee: String,
    /// Fee plus postal fee when a service is chosen.
    cod_total: Option<String>,
    /// Where documents are collected: (department, its office).
    pickup_places: Vec<(String, OfficeView)>,
    /// The pickup office is known (a service is chosen): shown open.
    pickup_known: bool,
    notes: String,
    notes_errors: Vec<String>,
    /// One file input per attachment the chosen service requires, named by its code.
    attachments: Vec<Input>,
}

impl NewPage {
    /// The notes box, holding what was typed.
    fn notes_input(&self) -> Input {
        Input::new(self.chrome.lang, "notes", "request-new-notes")
            .textarea(4, "req-textarea")
            .maxlength(2000)
            .value(&self.notes)
            .optional()
            .hint("request-new-notes-hint")
            .problems(self.notes_errors.clone())
    }

    fn service_described_by(&self) -> String {
        hint_and_errors("service-hint", &self.service_errors, "service-error")
    }
}

/// What the page needs besides the form.
struct Loaded {
    profile: Profile,
    catalogue: Catalogue,
    postal_fee_cents: Cents,
    /// The codes of the attachments the chosen service requires.
    required: Vec<String>,
}

async fn load(state: &AppState, who: &CitizenPrincipal, service: &str) -> Result<Loaded, AppError> {
    let service = service.trim();
    Ok(Loaded {
        profile: state.app.citizen_profile(who).await?,
        catalogue: Catalogue::load(&state.app).await?,
        postal_fee_cents: state.app.postal_fee_cents().await?,
        required: if service.is_empty() {
            Vec::new()
        } else {
            state.app.required_attachments(service).await?
        },
    })
}

fn build(
    chrome: Chrome,
    loaded: &Loaded,
    form: &SubmitForm,
    problems: &FormErrors,
    obstacle: Obstacle,
) -> NewPage {
    let lang = chrome.lang;
    let citizen = &loaded.profile.citizen;
    let catalogue = &loaded.catalogue;
    let level_b = loaded.profile.level == AssuranceLevel::B;
    let chosen = catalogue
        .services
        .iter()
        .find(|s| s.code == form.service.trim());
    let delivery = match form.delivery.trim() {
        "" => Delivery::default_for(loaded.profile.level)
            .as_str()
            .to_owned(),
        other => other.to_owned(),
    };
    let groups: Vec<DepartmentChoices> = catalogue
        .departments
        .iter()
        .map(|d| DepartmentChoices {
            name: lang.pick(&d.name_el, &d.name_en).to_owned(),
            services: catalogue
                .services
                .iter()
                .filter(|s| s.department_code == d.code)
                .map(|s| {
                    let available = level_b || s.min_level != AssuranceLevel::B;
                    ServiceChoice {
                        id: format!("service-{}", s.code),
                        code: s.code.clone(),
                        name: lang.pick(&s.name_el, &s.name_en).to_owned(),
                        level_b: s.min_level == AssuranceLevel::B,
                        available,
                        fee: fee(lang, s.fee_cents),
                        checked: available && chosen.is_some_and(|c| c.code == s.code),
                    }
                })
                .collect(),
        })
        .filter(|g| !g.services.is_empty())
        .collect();
    let first_service_id = groups
        .iter()
        .flat_map(|g| &g.services)
        .find(|s| s.available)
        .map_or_else(|| "service".to_owned(), |s| s.id.clone());
    let pickup_places = catalogue
        .departments
        .iter()
        .filter(|d| chosen.is_none_or(|s| s.department_code == d.code))
        .filter_map(|d| {
            let office = catalogue.office_of_department(&d.code)?;
            Some((
                lang.pick(&d.name_el, &d.name_en).to_owned(),
                catalogue.office_view(office, lang),
            ))
        })
        .collect();
    let wants_level_b = chosen.is_some_and(|s| s.min_level == AssuranceLevel::B);
    let level_b_needed = obstacle == Obstacle::LevelB || (!level_b && wants_level_b);
    let certifying_offices = if level_b_needed {
        catalogue
            .offices
            .iter()
            .filter(|o| o.certifies_identity)
            .map(|o| catalogue.office_view(o, lang))
            .collect()
    } else {
        Vec::new()
    };
    let mut summary = problems.summary_items(
        "service",
        &lang.t("request-new-service-legend"),
        &first_service_id,
    );
    summary.extend(problems.summary_items(
        "delivery",
        &lang.t("request-new-delivery-legend"),
        &format!("delivery-{delivery}"),
    ));
    let attachments: Vec<Input> = loaded
        .required
        .iter()
        .map(|code| {
            let label = format!("{}: {code}", lang.t("clerk-request-attachment-label"));
            Input::new(lang, code, "clerk-request-attachment-label")
                .id(format!("attachment-{code}"))
                .label_text(label)
                .also_described_by("attachments-hint")
                .file(ATTACHMENT_TYPES)
                .problems(problems.messages_as(code, "attachment"))
        })
        .collect();
    summary.extend(error_summary(&attachments));
    summary.extend(problems.summary_items("notes", &lang.t("request-new-notes"), "notes"));
    NewPage {
        summary,
        unconfirmed_email: citizen
            .email_confirmed_at
            .is_none()
            .then(|| citizen.email.clone()),
        level_b_needed,
        level_b_refused: obstacle == Obstacle::LevelB,
        level_b,
        username: citizen.username.clone(),
        certifying_offices,
        groups,
        service_errors: problems.messages("service"),
        delivery,
        delivery_errors: problems.messages("delivery"),
        address: Address {
            street: citizen.street.clone(),
            postal_code: citizen.postal_code.clone(),
            city: citizen.city.clone(),
        },
        postal_fee: euro(loaded.postal_fee_cents),
        cod_total: chosen.map(|s| euro(default_cod_amount(s.fee_cents, loaded.postal_fee_cents))),
        pickup_known: chosen.is_some(),
        pickup_places,
        notes: form.notes.clone(),
        notes_errors: problems.messages("notes"),
        attachments,
        chrome,
    }
}

pub async fn form(
    Call(state, _, SignedIn { visitor, who }): Call<SignedIn>,
    Query(query): Query<NewQuery>,
) -> Result<Response, PageError> {
    let form = SubmitForm {
        service: query.service,
        ..SubmitForm::default()
    };
    let problems = FormErrors::none(visitor.lang);
    let page = page(&state, &who, &visitor, &form, &problems, Obstacle::None).await?;
    Ok(render(StatusCode::OK, &page))
}

/// The form, filled in with `form`, showing `problems` and `obstacle`.
async fn page(
    state: &AppState,
    who: &CitizenPrincipal,
    visitor: &Visitor,
    form: &SubmitForm,
    problems: &FormErrors,
    obstacle: Obstacle,
) -> Result<NewPage, AppError> {
    let loaded = load(state, who, &form.service).await?;
    let chrome = Chrome::for_visitor(state, visitor, "/requests/new");
    Ok(build(chrome, &loaded, form, problems, obstacle))
}

/// The form, as `multipart/form-data` with one file per required attachment (the CSRF token
/// first), or url-encoded when it carries no file.
pub async fn submit(
    Call(state, client, SignedIn { who, visitor }): Call<SignedIn>,
    request: Request,
) -> Result<Response, PageError> {
    if !is_multipart(request.headers()) {
        let CsrfForm { visitor, form } =
            match CsrfForm::<SubmitForm>::from_request(request, &state).await {
                Ok(form) => form,
                Err(refused) => return Ok(refused),
            };
        return answer(&state, &client, &who, &visitor, form, Vec::new()).await;
    }
    let Ok(mut multipart) = Multipart::from_request(request, &state).await else {
        return Err(PageError::Status(StatusCode::BAD_REQUEST));
    };
    if !multipart_token_ok(&mut multipart, &who.csrf_token).await {
        return Err(PageError::Status(StatusCode::FORBIDDEN));
    }
    let parts = match submission_parts(&state.app, &mut multipart).await {
        Ok(parts) => parts,
        Err(PartsError::TooLarge | PartsError::Attachment(AttachmentError::TooLarge)) => {
            return Err(PageError::Status(StatusCode::PAYLOAD_TOO_LARGE));
        }
        Err(_) => return Err(PageError::Status(StatusCode::BAD_REQUEST)),
    };
    let form = SubmitForm {
        service: parts.service,
        delivery: parts.delivery,
        notes: parts.notes,
    };
    if !parts.refused.is_empty() {
        // A refused file (not PDF, JPEG or PNG; too many): shown by its input.
        let error = AppError::Validation(parts.refused);
        return refused(&state, &who, &visitor, form, error).await;
    }
    answer(&state, &client, &who, &visitor, form, parts.files).await
}

async fn answer(
    state: &AppState,
    client: &ClientInfo,
    who: &CitizenPrincipal,
    visitor: &Visitor,
    form: SubmitForm,
    files: Vec<SubmittedFile>,
) -> Result<Response, PageError> {
    let input = SubmitInput {
        service: form.service.clone(),
        delivery: form.delivery.clone(),
        notes: form.notes.clone(),
    };
    match state
        .app
        .submit_request_with_files(who, &input, files, client)
        .await
    {
        Ok(detail) => {
            let to = request_path(&detail.request.id, "?notice=submitted");
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) => refused(state, who, visitor, form, error).await,
    }
}

/// The form again, explaining why the submission was refused; nothing was created.
async fn refused(
    state: &AppState,
    who: &CitizenPrincipal,
    visitor: &Visitor,
    form: SubmitForm,
    error: AppError,
) -> Result<Response, PageError> {
    let lang = visitor.lang;
    let (status, obstacle, problems) = match &error {
        // The page explains both; nothing was created.
        AppError::EmailUnconfirmed => (
            StatusCode::FORBIDDEN,
            Obstacle::None,
            FormErrors::none(lang),
        ),
        AppError::LevelBRequired => (
            StatusCode::FORBIDDEN,
            Obstacle::LevelB,
            FormErrors::none(lang),
        ),
        other => match request_problems(lang, other) {
            Some(problems) => (StatusCode::UNPROCESSABLE_ENTITY, Obstacle::None, problems),
            None => return Err(error.into()),
        },
    };
    let page = page(state, who, visitor, &form, &problems, obstacle).await?;
    Ok(render(status, &page))
}
