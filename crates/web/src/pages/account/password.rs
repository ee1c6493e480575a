//! «Αλλαγή συνθηματικού»: the current password, then the new one; every other session ends.

use super::super::csrf::CsrfForm;
use super::super::forms::{FormErrors, field_form_errors};
use super::super::inputs::{Input, SummaryItem, error_summary};
use super::super::visitor::SignedIn;
use super::super::{Chrome, PageError, render};
use crate::client::Call;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/account/password", get(form).post(submit))
}

#[derive(Template)]
#[template(path = "pages/account_password.html")]
struct PasswordPage {
    chrome: Chrome,
    summary: Vec<SummaryItem>,
    current_password: Input,
    new_password: Input,
}

impl PasswordPage {
    fn new(chrome: Chrome, errors: &FormErrors) -> PasswordPage {
        let lang = chrome.lang;
        let current_password = Input::current_password(lang).errors(errors);
        // The use case reports the new password's problems as `password`, like registration.
        let new_password = Input::new_password(lang).errors_of(errors, "password");
        PasswordPage {
            summary: error_summary([&current_password, &new_password]),
            chrome,
            current_password,
            new_password,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    current_password: String,
    new_password: String,
}

async fn form(Call(state, _, SignedIn { visitor, .. }): Call<SignedIn>) -> Response {
    let chrome = Chrome::for_visitor(&state, &visitor, "/account/password");
    render(
        StatusCode::OK,
        &PasswordPage::new(chrome, &FormErrors::none(visitor.lang)),
    )
}

async fn submit(
    Call(state, client, SignedIn { who, .. }): Call<SignedIn>,
    CsrfForm { visitor, form }: CsrfForm<PasswordForm>,
) -> Result<Response, PageError> {
    let Err(error) = state
        .app
        .change_citizen_password(&who, &form.current_password, &form.new_password, &client)
        .await
    else {
        return Ok(Redirect::to("/account?notice=password_changed").into_response());
    };
    let error = error.renamed_field("new_password", "password");
    let errors = field_form_errors(visitor.lang, &error).ok_or(error)?;
    let chrome = Chrome::for_visitor(&state, &visitor, "/account/password");
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &PasswordPage::new(chrome, &errors),
    ))
}
