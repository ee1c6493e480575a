//! A citizen's page at the counter: the profile (every opening audited by the use case), and
//! either the certification form (Level A) or the certification in force with the renewed
//! document's form and a revoke form (Level B).

use super::{citizen_path, document_with_country, office_name, staff_name};
use crate::client::Call;
use crate::i18n::Lang;
use crate::pages::account::ProfileView;
use crate::pages::csrf::CsrfForm;
use crate::pages::date_input::DateParts;
use crate::pages::documents::document_types;
use crate::pages::forms::{FormErrors, counter_problems};
use crate::pages::inputs::{
    Choice, Choices, Fieldset, Input, SummaryItem, error_summary, identity_inputs, radio_choices,
};
use crate::pages::local_time::date_time;
use crate::pages::notice::NoticeQuery;
use crate::pages::staff::{StaffPage, Verifier};
use crate::pages::{Chrome, PageError, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use dimos_app::verification::{CertificationInput, DocumentInput};
use dimos_app::{AppError, ClientInfo};
use dimos_db::catalogue::Office;
use dimos_db::citizens::Citizen;
use dimos_domain::AssuranceLevel;
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
    certify: Option<(CertifyForm, FormErrors)>,
    renew: Option<(CertifyForm, FormErrors)>,
    revoke: Option<(String, FormErrors)>,
    notice: Option<&'static str>,
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

/// The certification form (Level A), or the renewed document's form (Level B: no identity).
pub(super) struct CertifyView {
    pub(super) action: String,
    pub(super) document_types: Vec<Choice>,
    pub(super) document_type_errors: Vec<String>,
    pub(super) document_type_error_id: String,
    pub(super) document_inputs: Vec<Input>,
    /// The office that certifies, from those that can, with a warning when there are none.
    pub(super) office: Input,
    pub(super) identity: Fieldset,
}

impl CertifyView {
    /// The kind of document shown, with its problems (`lang` as the template passes it).
    pub(super) fn document_type_choices(&self, lang: &Lang) -> Choices {
        let options = self.document_types.clone();
        let classes = ["counter-radios", "counter-radio"];
        Choices::required_radios(
            *lang,
            "document_type",
            "counter-field-document-type",
            options,
            classes,
        )
        .problems(
            self.document_type_errors.clone(),
            self.document_type_error_id.clone(),
        )
    }

    pub(super) fn new(
        lang: Lang,
        action: String,
        form: &CertifyForm,
        problems: &FormErrors,
        offices: &[Office],
        with_identity: bool,
    ) -> Self {
        // The use case's problems under its field names, which are also the inputs' names.
        // A box of the document, with nothing for the browser to fill in, and its hint.
        let document_box = |name: &'static str, key: &str| {
            Input::new(lang, name, key)
                .autocomplete("off")
                .hint(&format!("{key}-hint"))
        };
        let document_inputs = vec![
            document_box("document_number", "counter-field-document-number")
                .value(&form.document_number)
                .no_spellcheck()
                .errors(problems),
            document_box("issuing_country", "counter-field-issuing-country")
                .value(&form.issuing_country)
                .no_spellcheck()
                .errors(problems),
            document_box("issuing_authority", "counter-field-issuing-authority")
                .value(&form.issuing_authority)
                .errors(problems),
            document_box("expires_on", "counter-field-expires-on")
                .date(&form.expires_on())
                .errors(problems),
        ];
        // As the citizen forms ask it, with nothing for the browser to fill in (it would offer
        // the verifier's own details), and the tax number required.
        let names = [
            &*form.given_name,
            &form.family_name,
            &form.father_name,
            &form.tax_number,
        ];
        let mut identity_inputs = identity_inputs(lang, names, &form.birth_date(), problems);
        for input in &mut identity_inputs {
            input.autocomplete = "off";
            match input.name.as_str() {
                "birth_date" => input.hint = None,
                "tax_number" => {
                    input.optional = false;
                    input.required = true;
                    input.hint = Some(lang.t("counter-field-tax-number-hint"));
                }
                _ => {}
            }
        }
        if !with_identity {
            identity_inputs.clear();
        }
        CertifyView {
            action,
            document_types: radio_choices(None, "document_type", document_types(lang), |t| {
                form.document_type == t
            }),
            document_type_errors: problems.messages("document_type"),
            document_type_error_id: problems.id("document_type"),
            document_inputs,
            office: office_input(lang, offices, &form.office, problems),
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
        items.extend(error_summary(&self.document_inputs));
        items.extend(self.office.summary());
        items.extend(error_summary(&self.identity.inputs));
        items
    }
}

/// The drop-down list of the offices that certify identity, `selected` chosen, and a warning
/// when there are none.
fn office_input(lang: Lang, offices: &[Office], selected: &str, problems: &FormErrors) -> Input {
    let certifying: Vec<(String, String)> = offices
        .iter()
        .filter(|o| o.certifies_identity)
        .map(|o| (o.code.clone(), lang.pick(&o.name_el, &o.name_en).to_owned()))
        .collect();
    let none = certifying.is_empty().then(|| lang.t("counter-no-office"));
    Input::new(lang, "office", "counter-field-office")
        .hint("counter-field-office-hint")
        .select(certifying, selected, "counter-select")
        .note(none)
        .errors(problems)
}

/// The revoke form (Level B).
struct RevokeView {
    action: String,
    /// Why the certification is revoked, with its problems.
    reason: Input,
}

#[derive(Template)]
#[template(path = "staff/counter/profile.html")]
struct ProfilePage {
    chrome: Chrome,
    notice: Option<String>,
    /// A conflict, named.
    alert: Option<String>,
    summary: Vec<SummaryItem>,
    facts: ProfileView,
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
        when: date_time(v.verified_at),
        office: office_name(offices, &v.office_code, lang),
        document: document_with_country(lang, v.document_type, v.issuing_country.as_deref()),
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
) -> Result<Response, PageError> {
    let lang = page.visitor.lang;
    let profile = state.app.citizen_for_counter(&page.who, id, client).await?;
    let offices = state.app.offices().await?;
    let level_b = profile.level == AssuranceLevel::B;
    let certification = if level_b {
        certification(state, page, id, &offices).await?
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
        .and_then(|p| p.summary.clone());
    let mut summary = Vec::new();
    let certify = (!level_b).then(|| {
        let (form, problems) = match forms.certify {
            Some((sent, problems)) => (sent.refilled(&profile.citizen), problems),
            None => (
                CertifyForm::prefilled(&profile.citizen, &offices),
                FormErrors::none(lang),
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
            .unwrap_or_else(|| (CertifyForm::first_office(&offices), FormErrors::none(lang)));
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
            .unwrap_or_else(|| (String::new(), FormErrors::none(lang)));
        let view = RevokeView {
            action: citizen_path(id, "/revoke"),
            reason: Input::new(lang, "reason", "counter-field-reason")
                .textarea(3, "counter-textarea")
                .maxlength(500)
                .value(&reason)
                .hint("counter-field-reason-hint")
                .errors(&problems),
        };
        summary.extend(problems.summary_items("reason", &lang.t("counter-field-reason"), "reason"));
        view
    });
    let view = ProfilePage {
        chrome: page.chrome(state, &citizen_path(id, "")),
        notice: forms.notice.map(|key| lang.t(key)),
        alert,
        summary,
        facts: ProfileView::verified(&profile.citizen),
        level_b,
        certification,
        certify,
        renew,
        revoke,
    };
    Ok(render(status, &view))
}

pub async fn page(
    Call(state, client, page): Call<StaffPage<Verifier>>,
    Path(id): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let forms = Forms {
        notice: query.key(&[
            ("revoked", "counter-notice-revoked"),
            ("renewed", "counter-notice-document-renewed"),
        ]),
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

/// A form sent from the citizen's page, as it was sent.
enum Sent {
    Certify(CertifyForm),
    Renew(CertifyForm),
    Revoke(RevokeForm),
}

impl Sent {
    /// Where the form leads when the change is done (after the citizen's path).
    fn done(&self) -> &'static str {
        match self {
            Sent::Certify(_) => "/receipt?certified=1",
            Sent::Renew(_) => "?notice=renewed",
            Sent::Revoke(_) => "?notice=revoked",
        }
    }

    /// The use case's refusal, with the dates refined as the form's boxes typed them.
    fn refine(&self, error: AppError) -> AppError {
        match self {
            Sent::Certify(form) | Sent::Renew(form) => form.refine(error),
            Sent::Revoke(_) => error,
        }
    }

    /// The page's forms: this one as sent, with its problems, in its place.
    fn forms(self, problems: FormErrors) -> Forms {
        let mut forms = Forms::default();
        match self {
            Sent::Certify(form) => forms.certify = Some((form, problems)),
            Sent::Renew(form) => forms.renew = Some((form, problems)),
            Sent::Revoke(form) => forms.revoke = Some((form.reason, problems)),
        }
        forms
    }
}

/// A verifier sending a form from the page of the citizen `id`.
pub struct AtCounter {
    state: AppState,
    client: ClientInfo,
    page: StaffPage<Verifier>,
    id: String,
}

impl FromRequestParts<AppState> for AtCounter {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Call(state, client, page) = Call::from_request_parts(parts, state).await?;
        let Path(id) = Path::<String>::from_request_parts(parts, &state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(AtCounter {
            state,
            client,
            page,
            id,
        })
    }
}

impl AtCounter {
    /// Makes the change `sent` asks for. Done: to where the form leads; refused: the page
    /// again with the form as sent and its problems; an unknown citizen is a 404.
    async fn act(self, sent: Sent) -> Result<Response, PageError> {
        let AtCounter {
            state,
            client,
            page,
            id,
        } = self;
        let (app, who, id, client) = (&state.app, &page.who, id.as_str(), &client);
        let outcome = match &sent {
            Sent::Certify(form) => app.certify_identity(who, id, &form.input(), client).await,
            Sent::Renew(form) => {
                app.renew_document(who, id, &form.document_input(), client)
                    .await
            }
            Sent::Revoke(form) => {
                app.revoke_certification(who, id, &form.reason, client)
                    .await
            }
        };
        let Err(error) = outcome else {
            return Ok(Redirect::to(&citizen_path(id, sent.done())).into_response());
        };
        let error = sent.refine(error);
        let status = refused(&error);
        let problems = counter_problems(page.visitor.lang, &error).ok_or(error)?;
        show(&state, &page, client, id, sent.forms(problems), status).await
    }
}

pub async fn certify(
    at: AtCounter,
    CsrfForm { form, .. }: CsrfForm<CertifyForm>,
) -> Result<Response, PageError> {
    at.act(Sent::Certify(form)).await
}

/// A certified citizen's renewed document replaces the one on record (Level B stays).
pub async fn renew(
    at: AtCounter,
    CsrfForm { form, .. }: CsrfForm<CertifyForm>,
) -> Result<Response, PageError> {
    at.act(Sent::Renew(form)).await
}

pub async fn revoke(
    at: AtCounter,
    CsrfForm { form, .. }: CsrfForm<RevokeForm>,
) -> Result<Response, PageError> {
    at.act(Sent::Revoke(form)).await
}
