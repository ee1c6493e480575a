//! «Ενεργοποίηση λογαριασμού»: a person registered at the counter chooses their own username
//! and password with the code on their receipt, and is logged in.

use super::csrf::CsrfForm;
use super::forms::{FormErrors, blank_form, form_errors, refused_page};
use super::inputs::{Fieldset, Input, SummaryItem, error_summary};
use super::visitor::start_page_session;
use super::{Chrome, PageError};
use crate::client::Call;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::response::{IntoResponse, Redirect, Response};
use dimos_app::AppError;
use dimos_app::walk_in::Activation;
use dimos_db::sessions::Channel;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/activate",
        blank_form("/activate", ActivatePage::new).post(submit),
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ActivateForm {
    code: String,
    username: String,
    password: String,
}

#[derive(Template)]
#[template(path = "pages/activate.html")]
struct ActivatePage {
    chrome: Chrome,
    /// A problem with the code (unknown, used, expired) or too many attempts.
    alert: Option<String>,
    summary: Vec<SummaryItem>,
    fieldset: Fieldset,
}

impl ActivatePage {
    fn new(chrome: Chrome, form: &ActivateForm, errors: &FormErrors) -> ActivatePage {
        let lang = chrome.lang;
        let fieldset = Fieldset::new(
            lang,
            "activate-hint",
            "activate-legend",
            None,
            vec![
                Input::new(lang, "code", "activate-field-code")
                    .value(&form.code)
                    .autocomplete("one-time-code")
                    .no_spellcheck()
                    .hint("activate-field-code-hint")
                    .errors(errors),
                Input::new_username(lang, &form.username).errors(errors),
                Input::account_password(lang).errors(errors),
            ],
        );
        ActivatePage {
            summary: error_summary(&fieldset.inputs),
            alert: errors.summary.clone(),
            chrome,
            fieldset,
        }
    }
}

async fn submit(
    Call(state, client, CsrfForm { visitor, form }): Call<CsrfForm<ActivateForm>>,
) -> Result<Response, PageError> {
    let input = Activation {
        code: form.code.clone(),
        username: form.username.clone(),
        password: form.password.clone(),
    };
    let error = match state
        .app
        .activate_citizen(&input, Channel::Page, &client)
        .await
    {
        Ok(session) => {
            let mut response = Redirect::to("/account?welcome=1").into_response();
            start_page_session(&state, &mut response, &session.token);
            return Ok(response);
        }
        Err(error) => error,
    };
    let Some(mut errors) = form_errors(visitor.lang, &error) else {
        return Err(error.into());
    };
    if matches!(error, AppError::InvalidCredentials) {
        errors.summary = Some(visitor.lang.t("activate-error-code"));
    }
    let form = ActivateForm {
        password: String::new(),
        ..form
    };
    let chrome = Chrome::for_visitor(&state, &visitor, "/activate");
    Ok(refused_page(
        &ActivatePage::new(chrome, &form, &errors),
        &error,
    ))
}
