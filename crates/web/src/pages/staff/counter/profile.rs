//! A citizen's page at the counter: the profile (every opening audited by the use case), and
//! either the certification form (Level A) or the certification in force with the renewed
//! document's form and a revoke form (Level B).

use super::problems::Problems;
use super::{citizen_path, document_type_name, document_with_country, office_name, staff_name};
use crate::client::Client;
use crate::i18n::Lang;
use crate::pages::csrf::CsrfForm;
use crate::pages::date_input::DateParts;
use crate::pages::inputs::{Fieldset, Input, SummaryItem};
use crate::pages::local_time::{date_time, day, iso_date};
use crate::pages::staff::{StaffPage, Verifier};
use crate::pages::{Chrome, PageError, error_page, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dimos_app::verification::{CertificationInput, DocumentInput};
use dimos_app::{AppError, ClientInfo};
use dimos_db::catalogue::Office;
use dimos_db::citizens::Citizen;
use dimos_domain::{AssuranceLevel, DocumentType};
use serde::Deserialize;

/// What the certification form sends. The identity fields come prefilled with the registered
/// values; what the verifier corrects against the document is sent along with the rest.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CertifyForm {
    pub(super) document_type: String,
    pub(super) document_number: String,
    pub(super) issuing_authority: String,
    pub(super) issuing_country: String,
    pub(super) expires_on_day: String,
    pub(super) expires_on_month: String,
    pub(super) expires_on_year: String,
    pub(super) office: String,
    pub(super) given_name: String,
    pub(super) family_name: String,
    pub(super) father_name: String,
    pub(super) birth_date_day: String,
    pub(super) birth_date_month: String,
    pub(super) birth_date_year: String,
    pub(super) tax_number: String,
}

impl CertifyForm {
    /// The first certifying office, for the renewed document's form.
    fn first_office(offices: &[Office]) -> CertifyForm {
        CertifyForm {
            office: offices
                .iter()
                .find(|o| o.certifies_identity)
                .map(|o| o.code.clone())
                .unwrap_or_default(),
            ..CertifyForm::default()
        }
    }

    /// The document part, for the renewed document.
    fn document_input(&self) -> DocumentInput {
        self.input().document()
    }

    /// The registered identity, to be confirmed or corrected; the first certifying office.
    fn prefilled(citizen: &Citizen, offices: &[Office]) -> CertifyForm {
        let born = DateParts::from_iso(&citizen.birth_date);
        CertifyForm {
            given_name: citizen.given_name.clone(),
            family_name: citizen.family_name.clone(),
            father_name: citizen.father_name.clone(),
            birth_date_day: born.day,
            birth_date_month: born.month,
            birth_date_year: born.year,
            tax_number: citizen.tax_number.clone().unwrap_or_default(),
            ..CertifyForm::first_office(offices)
        }
    }

    pub(super) fn expires_on(&self) -> DateParts {
        DateParts::new(
            &self.expires_on_day,
            &self.expires_on_month,
            &self.expires_on_year,
        )
    }

    pub(super) fn birth_date(&self) -> DateParts {
        DateParts::new(
            &self.birth_date_day,
            &self.birth_date_month,
            &self.birth_date_year,
        )
    }

    /// The use case's refusal with each date's problem told by box.
    pub(super) fn refine(&self, error: AppError) -> AppError {
        let error = self.expires_on().refine(error, "expires_on");
        self.birth_date().refine(error, "birth_date")
    }

    /// An identity field sent empty keeps the registered value (so the use case reads it);
    /// the form shows it so again.
    fn refilled(self, citizen: &Citizen) -> CertifyForm {
        let or = |sent: String, registered: &str| {
            if sent.trim().is_empty() {
                registered.to_owned()
            } else {
                sent
            }
        };
        let born = if self.birth_date().is_empty() {
            DateParts::from_iso(&citizen.birth_date)
        } else {
            self.birth_date()
        };
        CertifyForm {
            given_name: or(self.given_name, &citizen.given_name),
            family_name: or(self.family_name, &citizen.family_name),
            father_name: or(self.father_name, &citizen.father_name),
            birth_date_day: born.day,
            birth_date_month: born.month,
            birth_date_year: born.year,
            tax_number: or(self.tax_number, citizen.tax_number.as_deref().unwrap_or("")),
            ..self
        }
    }

    fn input(&self) -> CertificationInput {
        CertificationInput {
            document_type: self.document_type.clone(),
            document_number: self.document_number.clone(),
            issuing_authority: self.issuing_authority.clone(),
            expires_on: self.expires_on().iso(),
            office: self.office.clone(),
            given_name: Some(self.given_name.clone()),
            family_name: Some(self.family_name.clone()),
            father_name: Some(self.father_name.clone()),
            birth_date: Some(self.birth_date().iso()),
            tax_number: Some(self.tax_number.clone()),
            issuing_country: Some(self.issuing_country.clone()),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RevokeForm {
    reason: String,
}

/// What the page shows besides the profile: a form as sent and its problems, or a notice.
#[derive(Default)]
struct Forms {
    certify: Option<(CertifyForm, Problems)>,
    renew: Option<(CertifyForm, Problems)>,
    revoke: Option<(String, Problems)>,
    notice: Option<&'static str>,
}

/// The profile as the counter reads it.
struct Facts {
    username: String,
    given_name: String,
    family_name: String,
    father_name: String,
    birth_date: String,
    tax_number: Option<String>,
    tax_verified: bool,
    email: String,
    email_confirmed: bool,
    phone: Option<String>,
    street: String,
    postal_code: String,
    city: String,
    registered_on: String,
}

impl Facts {
    fn new(c: &Citizen) -> Facts {
        Facts {
            username: c.username.clone(),
            given_name: c.given_name.clone(),
            family_name: c.family_name.clone(),
            father_name: c.father_name.clone(),
            birth_date: iso_date(&c.birth_date),
            tax_number: c.verified_tax_number.clone().or(c.tax_number.clone()),
            tax_verified: c.verified_tax_number.is_some(),
            email: c.email.clone(),
            email_confirmed: c.email_confirmed_at.is_some(),
            phone: c.phone.clone(),
            street: c.street.clone(),
            postal_code: c.postal_code.clone(),
            city: c.city.clone(),
            registered_on: day(c.created_at.as_millis()),
        }
    }
}

/// The certification in force.
struct Certification {
    when: String,
    office: String,
    document: String,
    document_number: String,
    verifier: String,
    receipt_href: String,
}

/// One radio button of the document type.
pub(super) struct Radio {
    pub(super) id: String,
    pub(super) value: &'static str,
    pub(super) label: String,
    pub(super) checked: bool,
}

pub(super) struct OfficeOption {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) selected: bool,
}

/// The certification form (Level A), or the renewed document's form (Level B: no identity).
pub(super) struct CertifyView {
    pub(super) action: String,
    pub(super) document_types: Vec<Radio>,
    pub(super) document_type_errors: Vec<String>,
    pub(super) document_type_error_id: String,
    pub(super) document_inputs: Vec<Input>,
    pub(super) offices: Vec<OfficeOption>,
    pub(super) office_errors: Vec<String>,
    pub(super) office_error_id: String,
    pub(super) identity: Fieldset,
}

impl CertifyView {
    pub(super) fn new(
        lang: Lang,
        action: String,
        form: &CertifyForm,
        problems: &Problems,
        offices: &[Office],
        with_identity: bool,
    ) -> Self {
        // The use case's problems under its field names (which are also the inputs' names).
        let described = |mut input: Input, field: &'static str| {
            input.errors = problems.messages(field);
            input.error_id = problems.id(field);
            input
        };
        let document_inputs = vec![
            described(
                Input::new(lang, "document_number", "counter-field-document-number")
                    .value(&form.document_number)
                    .no_spellcheck()
                    .autocomplete("off")
                    .hint("counter-field-document-number-hint"),
                "document_number",
            ),
            described(
                Input::new(lang, "issuing_country", "counter-field-issuing-country")
                    .value(&form.issuing_country)
                    .no_spellcheck()
                    .autocomplete("off")
                    .hint("counter-field-issuing-country-hint"),
                "issuing_country",
            ),
            described(
                Input::new(lang, "issuing_authority", "counter-field-issuing-authority")
                    .value(&form.issuing_authority)
                    .autocomplete("off")
                    .hint("counter-field-issuing-authority-hint"),
                "issuing_authority",
            ),
            described(
                Input::new(lang, "expires_on", "counter-field-expires-on")
                    .date(&form.expires_on())
                    .autocomplete("off")
                    .hint("counter-field-expires-on-hint"),
                "expires_on",
            ),
        ];
        let mut identity_inputs = vec![
            described(
                Input::new(lang, "given_name", "field-given-name")
                    .value(&form.given_name)
                    .autocomplete("off"),
                "given_name",
            ),
            described(
                Input::new(lang, "family_name", "field-family-name")
                    .value(&form.family_name)
                    .autocomplete("off"),
                "family_name",
            ),
            described(
                Input::new(lang, "father_name", "field-father-name")
                    .value(&form.father_name)
                    .autocomplete("off"),
                "father_name",
            ),
            described(
                Input::new(lang, "birth_date", "field-birth-date")
                    .date(&form.birth_date())
                    .autocomplete("off"),
                "birth_date",
            ),
            described(
                Input::new(lang, "tax_number", "field-tax-number")
                    .value(&form.tax_number)
                    .numeric()
                    .no_spellcheck()
                    .autocomplete("off")
                    .hint("counter-field-tax-number-hint"),
                "tax_number",
            ),
        ];
        if !with_identity {
            identity_inputs.clear();
        }
        CertifyView {
            action,
            document_types: DocumentType::ALL
                .iter()
                .enumerate()
                .map(|(i, t)| Radio {
                    // The first radio carries the field's id: the error summary links to it.
                    id: if i == 0 {
                        "document_type".to_owned()
                    } else {
                        format!("document_type-{}", t.as_str())
                    },
                    value: t.as_str(),
                    label: document_type_name(lang, t.as_str()),
                    checked: form.document_type == t.as_str(),
                })
                .collect(),
            document_type_errors: problems.messages("document_type"),
            document_type_error_id: problems.id("document_type"),
            document_inputs,
            offices: offices
                .iter()
                .filter(|o| o.certifies_identity)
                .map(|o| OfficeOption {
                    code: o.code.clone(),
                    name: lang.pick(&o.name_el, &o.name_en).to_owned(),
                    selected: o.code == form.office,
                })
                .collect(),
            office_errors: problems.messages("office"),
            office_error_id: problems.id("office"),
            identity: Fieldset::new(
                lang,
                "identity-hint",
                "counter-identity-legend",
                Some("counter-identity-hint"),
                identity_inputs,
            ),
        }
    }

    /// Every problem, in form order, each linking to its input.
    pub(super) fn summary(&self, lang: Lang) -> Vec<SummaryItem> {
        let mut items: Vec<SummaryItem> = self
            .document_type_errors
            .iter()
            .map(|m| SummaryItem {
                href: "#document_type".into(),
                text: format!("{}: {m}", lang.t("counter-field-document-type")),
            })
            .collect();
        let line = |input: &Input| {
            input
                .errors
                .iter()
                .map(|m| SummaryItem {
                    href: format!("#{}", input.name),
                    text: format!("{}: {m}", input.label),
                })
                .collect::<Vec<_>>()
        };
        items.extend(self.document_inputs.iter().flat_map(line));
        items.extend(self.office_errors.iter().map(|m| SummaryItem {
            href: "#office".into(),
            text: format!("{}: {m}", lang.t("counter-field-office")),
        }));
        items.extend(self.identity.inputs.iter().flat_map(line));
        items
    }

    pub(super) fn office_described_by(&self) -> String {
        if self.office_errors.is_empty() {
            "office-hint".to_owned()
        } else {
            format!("office-hint {}", self.office_error_id)
        }
    }
}

/// The revoke form (Level B).
struct RevokeView {
    action: String,
    reason: String,
    errors: Vec<String>,
    error_id: String,
}

impl RevokeView {
    fn described_by(&self) -> String {
        if self.errors.is_empty() {
            "reason-hint".to_owned()
        } else {
            format!("reason-hint {}", self.error_id)
        }
    }
}

#[derive(Template)]
#[template(path = "staff/counter/profile.html")]
struct ProfilePage {
    chrome: Chrome,
    notice: Option<String>,
    /// A conflict, named.
    alert: Option<String>,
    summary: Vec<SummaryItem>,
    facts: Facts,
    level_b: bool,
    certification: Option<Certification>,
    certify: Option<CertifyView>,
    renew: Option<CertifyView>,
    revoke: Option<RevokeView>,
}

/// The certification in force, as the counter shows it.
async fn certification(
    state: &AppState,
    page: &StaffPage<Verifier>,
    id: &str,
    offices: &[Office],
) -> Result<Option<Certification>, AppError> {
    let lang = page.visitor.lang;
    let v = match state.app.current_certification(&page.who, id).await {
        Ok(v) => v,
        Err(AppError::NotFound) => return Ok(None),
        Err(error) => return Err(error),
    };
    Ok(Some(Certification {
        when: date_time(v.verified_at.as_millis()),
        office: office_name(offices, &v.office_code, lang),
        document: document_with_country(
            lang,
            v.document_type.as_str(),
            v.issuing_country.as_deref(),
        ),
        document_number: v.document_number_masked,
        verifier: staff_name(state, &v.verifier_id).await,
        receipt_href: citizen_path(id, "/receipt"),
    }))
}

/// The page for the citizen `id`, with `forms` as they were sent, answered with `status`.
async fn show(
    state: &AppState,
    page: &StaffPage<Verifier>,
    client: &ClientInfo,
    id: &str,
    forms: Forms,
    status: StatusCode,
) -> Response {
    let lang = page.visitor.lang;
    let profile = match state.app.citizen_for_counter(&page.who, id, client).await {
        Ok(profile) => profile,
        Err(AppError::NotFound) => return error_page(state, lang, StatusCode::NOT_FOUND),
        Err(error) => return PageError::from(error).into_response(),
    };
    let offices = match state.app.offices().await {
        Ok(offices) => offices,
        Err(error) => return PageError::from(error).into_response(),
    };
    let level_b = profile.level == AssuranceLevel::B;
    let certification = if level_b {
        match certification(state, page, id, &offices).await {
            Ok(certification) => certification,
            Err(error) => return PageError::from(error).into_response(),
        }
    } else {
        None
    };
    // A conflict is named whatever the page shows now (the level may have changed meanwhile).
    let alert = forms
        .certify
        .as_ref()
        .map(|(_, p)| p)
        .or(forms.renew.as_ref().map(|(_, p)| p))
        .or(forms.revoke.as_ref().map(|(_, p)| p))
        .and_then(Problems::summary);
    let mut summary = Vec::new();
    let certify = (!level_b).then(|| {
        let (form, problems) = match forms.certify {
            Some((sent, problems)) => (sent.refilled(&profile.citizen), problems),
            None => (
                CertifyForm::prefilled(&profile.citizen, &offices),
                Problems::none(lang),
            ),
        };
        let view = CertifyView::new(
            lang,
            citizen_path(id, "/certify"),
            &form,
            &problems,
            &offices,
            true,
        );
        summary = view.summary(lang);
        view
    });
    let renew = level_b.then(|| {
        let (form, problems) = forms
            .renew
            .unwrap_or_else(|| (CertifyForm::first_office(&offices), Problems::none(lang)));
        let view = CertifyView::new(
            lang,
            citizen_path(id, "/document"),
            &form,
            &problems,
            &offices,
            false,
        );
        summary.extend(view.summary(lang));
        view
    });
    let revoke = level_b.then(|| {
        let (reason, problems) = forms
            .revoke
            .unwrap_or_else(|| (String::new(), Problems::none(lang)));
        let view = RevokeView {
            action: citizen_path(id, "/revoke"),
            reason,
            errors: problems.messages("reason"),
            error_id: problems.id("reason"),
        };
        summary.extend(view.errors.iter().map(|m| SummaryItem {
            href: "#reason".into(),
            text: format!("{}: {m}", lang.t("counter-field-reason")),
        }));
        view
    });
    let view = ProfilePage {
        chrome: page.chrome(state, &citizen_path(id, "")),
        notice: forms.notice.map(|key| lang.t(key)),
        alert,
        summary,
        facts: Facts::new(&profile.citizen),
        level_b,
        certification,
        certify,
        renew,
        revoke,
    };
    render(status, &view)
}

#[derive(Deserialize)]
pub struct PageQuery {
    notice: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Verifier>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    let forms = Forms {
        notice: match query.notice.as_deref() {
            Some("revoked") => Some("counter-notice-revoked"),
            Some("renewed") => Some("counter-notice-document-renewed"),
            _ => None,
        },
        ..Forms::default()
    };
    show(&state, &page, &client, &id, forms, StatusCode::OK).await
}

/// The status of a refused form: 409 for a conflict, 422 for the fields.
pub(super) fn refused(error: &AppError) -> StatusCode {
    match error {
        AppError::Conflict { .. } => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// A form's outcome: on success to `done`; a refusal shows the page again with the form as
/// sent (`forms` puts it in its place) and its problems; an unknown citizen is a 404.
async fn answer(
    state: &AppState,
    page: &StaffPage<Verifier>,
    client: &ClientInfo,
    id: &str,
    outcome: Result<(), AppError>,
    done: &str,
    forms: impl FnOnce(Problems) -> Forms,
) -> Response {
    let lang = page.visitor.lang;
    let error = match outcome {
        Ok(()) => return Redirect::to(&citizen_path(id, done)).into_response(),
        Err(error) => error,
    };
    if matches!(error, AppError::NotFound) {
        return error_page(state, lang, StatusCode::NOT_FOUND);
    }
    let Some(problems) = Problems::from_error(lang, &error) else {
        return PageError::from(error).into_response();
    };
    show(state, page, client, id, forms(problems), refused(&error)).await
}

pub async fn certify(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Verifier>,
    Path(id): Path<String>,
    CsrfForm { form, .. }: CsrfForm<CertifyForm>,
) -> Response {
    let outcome = state
        .app
        .certify_identity(&page.who, &id, &form.input(), &client)
        .await
        .map_err(|e| form.refine(e));
    answer(
        &state,
        &page,
        &client,
        &id,
        outcome,
        "/receipt?certified=1",
        |p| Forms {
            certify: Some((form, p)),
            ..Forms::default()
        },
    )
    .await
}

/// A certified citizen's renewed document replaces the one on record (Level B stays).
pub async fn renew(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Verifier>,
    Path(id): Path<String>,
    CsrfForm { form, .. }: CsrfForm<CertifyForm>,
) -> Response {
    let outcome = state
        .app
        .renew_document(&page.who, &id, &form.document_input(), &client)
        .await
        .map_err(|e| form.refine(e));
    answer(
        &state,
        &page,
        &client,
        &id,
        outcome,
        "?notice=renewed",
        |p| Forms {
            renew: Some((form, p)),
            ..Forms::default()
        },
    )
    .await
}

pub async fn revoke(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Verifier>,
    Path(id): Path<String>,
    CsrfForm { form, .. }: CsrfForm<RevokeForm>,
) -> Response {
    let outcome = state
        .app
        .revoke_certification(&page.who, &id, &form.reason, &client)
        .await;
    answer(
        &state,
        &page,
        &client,
        &id,
        outcome,
        "?notice=revoked",
        |p| Forms {
            revoke: Some((form.reason, p)),
            ..Forms::default()
        },
    )
    .await
}
