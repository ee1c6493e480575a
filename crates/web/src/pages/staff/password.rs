//! «Αλλαγή συνθηματικού» for staff: the current password and a one-time code, then the new
//! one; every other session of the member ends, this one stays.

use super::{AnyStaff, StaffPage};
use crate::client::Call;
use crate::pages::csrf::CsrfForm;
use crate::pages::forms::{FormErrors, form_errors, refusal_status};
use crate::pages::inputs::{Input, SummaryItem, error_summary};
use crate::pages::{Chrome, PageError, render};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use dimos_app::staff::StaffPasswordChange;
use serde::Deserialize;

const PATH: &str = "/staff/account/password";

pub fn routes() -> Router<AppState> {
    Router::new().route(PATH, get(form).post(submit))
}

#[derive(Template)]
#[template(path = "staff/password.html")]
struct PasswordPage {
    chrome: Chrome,
    changed: bool,
    /// A problem with the form as a whole (wrong password or code, too many attempts).
    alert: Option<String>,
    summary: Vec<SummaryItem>,
    current_password: Input,
    new_password: Input,
    totp: Input,
}

impl PasswordPage {
    fn new(chrome: Chrome, errors: &FormErrors, changed: bool) -> PasswordPage {
        let lang = chrome.lang;
        let current_password = Input::current_password(lang).errors(errors);
        let new_password = Input::new_password(lang).errors(errors);
        let totp = Input::new(lang, "totp", "field-totp")
            .hint("field-totp-hint")
            .numeric()
            .no_spellcheck()
            .autocomplete("one-time-code")
            .errors(errors);
        PasswordPage {
            summary: error_summary([&current_password, &new_password, &totp]),
            alert: errors.summary.clone(),
            changed,
            chrome,
            current_password,
            new_password,
            totp,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    current_password: String,
    new_password: String,
    totp: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Notice {
    notice: String,
}

async fn form(
    Call(state, _, page): Call<StaffPage<AnyStaff>>,
    Query(q): Query<Notice>,
) -> Response {
    let chrome = page.chrome(&state, PATH);
    let errors = FormErrors::none(page.visitor.lang);
    render(
        StatusCode::OK,
        &PasswordPage::new(chrome, &errors, q.notice == "password_changed"),
    )
}

async fn submit(
    Call(state, client, page): Call<StaffPage<AnyStaff>>,
    CsrfForm { form, .. }: CsrfForm<PasswordForm>,
) -> Result<Response, PageError> {
    let change = StaffPasswordChange {
        current_password: form.current_password,
        new_password: form.new_password,
        totp: form.totp,
    };
    let Err(error) = state
        .app
        .change_staff_password(&page.who, &change, &client)
        .await
    else {
        return Ok(Redirect::to(&format!("{PATH}?notice=password_changed")).into_response());
    };
    let status = refusal_status(&error);
    let errors = form_errors(page.visitor.lang, &error).ok_or(error)?;
    let chrome = page.chrome(&state, PATH);
    Ok(render(status, &PasswordPage::new(chrome, &errors, false)))
}
