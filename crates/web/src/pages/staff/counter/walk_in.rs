//! «Εγγραφή με επίσκεψη»: the verifier registers a person from the document they show — Level B
//! at once — and prints the receipt with the activation code.

use super::profile::{CertifyForm, CertifyView, refused};
use super::receipt::receipt;
use crate::client::Call;
use crate::i18n::Lang;
use crate::pages::csrf::CsrfForm;
use crate::pages::forms::{FormErrors, counter_problems};
use crate::pages::inputs::{Fieldset, Input, SummaryItem, error_summary};
use crate::pages::register::address_inputs;
use crate::pages::staff::{StaffPage, Verifier};
use crate::pages::{Chrome, PageError, render};
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use dimos_app::citizens::AddressInput;
use dimos_app::walk_in::WalkIn;
use dimos_db::catalogue::Office;
use serde::Deserialize;

const PATH: &str = "/staff/citizens/new";

/// What the form sends: the document and identity as the certification form names them, then
/// contact and address.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WalkInForm {
    #[serde(flatten)]
    document: CertifyForm,
    email: String,
    phone: String,
    street: String,
    postal_code: String,
    city: String,
}

impl WalkInForm {
    fn input(&self) -> WalkIn {
        let d = &self.document;
        WalkIn {
            given_name: d.given_name.clone(),
            family_name: d.family_name.clone(),
            father_name: d.father_name.clone(),
            birth_date: d.birth_date().iso(),
            tax_number: Some(d.tax_number.clone()),
            email: Some(self.email.clone()),
            phone: Some(self.phone.clone()),
            address: AddressInput {
                street: self.street.clone(),
                postal_code: self.postal_code.clone(),
                city: self.city.clone(),
            },
            document_type: d.document_type.clone(),
            document_number: d.document_number.clone(),
            issuing_authority: d.issuing_authority.clone(),
            issuing_country: Some(d.issuing_country.clone()),
            expires_on: d.expires_on().iso(),
            office: d.office.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "staff/counter/walk_in.html")]
struct WalkInPage {
    chrome: Chrome,
    /// A conflict, named (the tax number is certified on another account).
    alert: Option<String>,
    summary: Vec<SummaryItem>,
    c: CertifyView,
    contact: Fieldset,
}

impl WalkInPage {
    fn new(
        chrome: Chrome,
        form: &WalkInForm,
        problems: &FormErrors,
        offices: &[Office],
    ) -> WalkInPage {
        let lang = chrome.lang;
        let mut c = CertifyView::new(
            lang,
            PATH.to_owned(),
            &form.document,
            problems,
            offices,
            true,
        );
        c.identity.hint = Some(lang.t("walkin-identity-hint"));
        for input in &mut c.identity.inputs {
            if input.name == "tax_number" {
                input.optional = true;
                input.required = false;
                input.hint = Some(lang.t("walkin-tax-number-hint"));
            }
        }
        let mut contact = Fieldset::new(
            lang,
            "walkin-contact-hint",
            "walkin-contact-legend",
            Some("walkin-contact-hint"),
            vec![
                Input::email(lang, &form.email)
                    .optional()
                    .hint("walkin-email-hint")
                    .errors(problems),
                Input::phone(lang, &form.phone).errors(problems),
            ],
        );
        let address = [&*form.street, &form.postal_code, &form.city];
        contact
            .inputs
            .extend(address_inputs(lang, address, problems));
        // Nothing for the browser to fill in: it would offer the verifier's own details.
        for input in &mut contact.inputs {
            input.autocomplete = "off";
        }
        let mut summary = c.summary(lang);
        summary.extend(error_summary(&contact.inputs));
        WalkInPage {
            alert: problems.summary.clone(),
            chrome,
            summary,
            c,
            contact,
        }
    }
}

/// The first office that certifies identity, preselected.
fn blank(offices: &[Office]) -> WalkInForm {
    let mut form = WalkInForm::default();
    form.document.office = offices
        .iter()
        .find(|o| o.certifies_identity)
        .map(|o| o.code.clone())
        .unwrap_or_default();
    form
}

pub async fn page(Call(state, _, page): Call<StaffPage<Verifier>>) -> Result<Response, PageError> {
    let lang: Lang = page.visitor.lang;
    let offices = state.app.offices().await?;
    let view = WalkInPage::new(
        page.chrome(&state, PATH),
        &blank(&offices),
        &FormErrors::none(lang),
        &offices,
    );
    Ok(render(StatusCode::OK, &view))
}

/// Registers the walk-in and answers with the printable receipt carrying the activation code
/// (not a redirect: the code exists only in this answer).
pub async fn register(
    Call(state, client, page): Call<StaffPage<Verifier>>,
    CsrfForm { form, .. }: CsrfForm<WalkInForm>,
) -> Result<Response, PageError> {
    let lang = page.visitor.lang;
    let error = match state
        .app
        .register_walk_in(&page.who, &form.input(), &client)
        .await
    {
        Ok(registered) => {
            return receipt(
                &state,
                &page,
                &registered.id,
                true,
                Some(registered.activation_code),
            )
            .await;
        }
        Err(error) => form.document.refine(error),
    };
    let status = refused(&error);
    let problems = counter_problems(lang, &error).ok_or(error)?;
    let offices = state.app.offices().await?;
    let view = WalkInPage::new(page.chrome(&state, PATH), &form, &problems, &offices);
    Ok(render(status, &view))
}
