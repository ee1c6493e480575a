//! «Εγγραφή Χρήστη»: self-registration of a Level A citizen, logged in at once.

use super::csrf::CsrfForm;
use super::date_input::DateParts;
use super::forms::{FormErrors, blank_form, field_form_errors};
use super::inputs::{Fieldset, Input, SummaryItem, error_summary, identity_inputs};
use super::visitor::{encode, start_page_session};
use super::{Chrome, PageError, render};
use crate::client::Call;
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dimos_app::citizens::{AddressInput, Registration};
use dimos_db::sessions::Channel;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/register",
        blank_form("/register", RegisterPage::new).post(submit),
    )
}

/// Where a new citizen lands: their account, with a welcome.
const WELCOME: &str = "/account?welcome=1";

/// What the form sends. Address parts have plain names here; the use case calls them
/// `address.street` etc.
#[derive(Deserialize, Default)]
#[serde(default)]
struct RegisterForm {
    username: String,
    password: String,
    email: String,
    given_name: String,
    family_name: String,
    father_name: String,
    birth_date_day: String,
    birth_date_month: String,
    birth_date_year: String,
    tax_number: String,
    social_security_number: String,
    phone: String,
    street: String,
    postal_code: String,
    city: String,
}

impl RegisterForm {
    fn birth_date(&self) -> DateParts {
        DateParts::new(
            &self.birth_date_day,
            &self.birth_date_month,
            &self.birth_date_year,
        )
    }

    fn registration(&self) -> Registration {
        Registration {
            username: self.username.clone(),
            password: self.password.clone(),
            email: self.email.clone(),
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            father_name: self.father_name.clone(),
            birth_date: self.birth_date().iso(),
            tax_number: Some(self.tax_number.clone()),
            social_security_number: Some(self.social_security_number.clone()),
            phone: Some(self.phone.clone()),
            address: AddressInput {
                street: self.street.clone(),
                postal_code: self.postal_code.clone(),
                city: self.city.clone(),
            },
        }
    }
}

#[derive(Template)]
#[template(path = "pages/register.html")]
struct RegisterPage {
    chrome: Chrome,
    summary: Vec<SummaryItem>,
    fieldsets: Vec<Fieldset>,
}

impl RegisterPage {
    fn new(chrome: Chrome, form: &RegisterForm, errors: &FormErrors) -> RegisterPage {
        let fieldsets = fieldsets(chrome.lang, form, errors);
        let summary = error_summary(fieldsets.iter().flat_map(|f| &f.inputs));
        RegisterPage {
            chrome,
            summary,
            fieldsets,
        }
    }
}

fn fieldsets(lang: Lang, form: &RegisterForm, errors: &FormErrors) -> Vec<Fieldset> {
    let fieldset = |id, legend, hint, inputs| Fieldset::new(lang, id, legend, hint, inputs);
    vec![
        fieldset(
            "personal-hint",
            "register-personal-legend",
            Some("register-personal-hint"),
            {
                let names = [
                    &*form.given_name,
                    &form.family_name,
                    &form.father_name,
                    &form.tax_number,
                ];
                let mut inputs = identity_inputs(lang, names, &form.birth_date(), errors);
                inputs.push(
                    Input::new(
                        lang,
                        "social_security_number",
                        "field-social-security-number",
                    )
                    .value(&form.social_security_number)
                    .numeric()
                    .no_spellcheck()
                    .optional()
                    .hint("field-social-security-number-hint")
                    .errors(errors),
                );
                inputs
            },
        ),
        fieldset(
            "contact-hint",
            "register-contact-legend",
            None,
            vec![
                Input::email(lang, &form.email)
                    .hint("field-email-hint")
                    .errors(errors),
                Input::phone(lang, &form.phone)
                    .hint("field-phone-hint")
                    .errors(errors),
            ],
        ),
        fieldset(
            "address-hint",
            "register-address-legend",
            Some("register-address-hint"),
            address_inputs(lang, [&form.street, &form.postal_code, &form.city], errors),
        ),
        fieldset(
            "account-hint",
            "register-account-legend",
            None,
            vec![
                Input::new_username(lang, &form.username).errors(errors),
                Input::account_password(lang).errors(errors),
            ],
        ),
    ]
}

/// Street, postal code and city, as the registration and the details page both ask them.
pub(super) fn address_inputs(
    lang: Lang,
    [street, postal_code, city]: [&str; 3],
    errors: &FormErrors,
) -> Vec<Input> {
    vec![
        Input::new(lang, "street", "field-street")
            .value(street)
            .autocomplete("street-address")
            .errors_of(errors, "address.street"),
        Input::new(lang, "postal_code", "field-postal-code")
            .value(postal_code)
            .autocomplete("postal-code")
            .numeric()
            .no_spellcheck()
            .hint("field-postal-code-hint")
            .errors_of(errors, "address.postal_code"),
        Input::new(lang, "city", "field-city")
            .value(city)
            .autocomplete("address-level2")
            .errors_of(errors, "address.city"),
    ]
}

async fn submit(
    Call(state, client, CsrfForm { visitor, form }): Call<CsrfForm<RegisterForm>>,
) -> Result<Response, PageError> {
    let lang = visitor.lang;
    if let Err(error) = state
        .app
        .register_citizen(&form.registration(), &client)
        .await
    {
        let error = form.birth_date().refine(error, "birth_date");
        let errors = field_form_errors(lang, &error).ok_or(error)?;
        let page = RegisterPage::new(
            Chrome::for_visitor(&state, &visitor, "/register"),
            &form,
            &errors,
        );
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    // Registered: log in at once, with a fresh session as at every login.
    Ok(
        match state
            .app
            .login_citizen(&form.username, &form.password, Channel::Page, &client)
            .await
        {
            Ok(session) => {
                let mut response = Redirect::to(WELCOME).into_response();
                start_page_session(&state, &mut response, &session.token);
                response
            }
            Err(error) => {
                // The account exists; only the automatic login failed (e.g. this address is being
                // throttled). The login page takes it from here.
                tracing::warn!(error = %error, "login right after registration failed");
                Redirect::to(&format!("/login?next={}", encode(WELCOME))).into_response()
            }
        },
    )
}
