//! The pages behind the single-use links we mail: confirming an e-mail address and setting a
//! new password. A link only ever opens a page; the change happens when the citizen presses its
//! button (a POST), because mail scanners follow links.

use super::csrf::CsrfForm;
use super::forms::{FormErrors, field_form_errors, form_errors};
use super::inputs::{Input, SummaryItem, error_summary};
use super::visitor::Visitor;
use super::{Chrome, PageError, render};
use crate::client::Call;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use dimos_app::AppError;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/confirm-email", get(confirm_form).post(confirm))
        .route("/confirm-email/done", get(confirmed))
        .route(
            "/password-reset",
            get(reset_request_form).post(reset_request),
        )
        .route("/password-reset/sent", get(reset_sent))
        .route("/password-reset/confirm", get(reset_form).post(reset))
        .route("/password-reset/done", get(reset_done))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TokenForm {
    token: String,
}

impl TokenForm {
    /// The link's token, and the status of the page it opens: 422 when there is none.
    fn link(&self) -> (Option<String>, StatusCode) {
        let token = Some(self.token.trim().to_owned()).filter(|t| !t.is_empty());
        let status = if token.is_some() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        (token, status)
    }
}

/// A short page that tells how something went and where to go next.
#[derive(Template)]
#[template(path = "pages/outcome.html")]
struct OutcomePage {
    chrome: Chrome,
    title: String,
    paragraphs: Vec<String>,
    /// `(href, text)`; the first is drawn as the main button.
    links: Vec<(&'static str, String)>,
}

fn outcome(
    state: &AppState,
    visitor: &Visitor,
    path: &str,
    title: &str,
    paragraphs: &[&str],
    links: &[(&'static str, &str)],
) -> Response {
    let lang = visitor.lang;
    let page = OutcomePage {
        chrome: Chrome::for_visitor(state, visitor, path),
        title: lang.t(title),
        paragraphs: paragraphs.iter().map(|key| lang.t(key)).collect(),
        links: links
            .iter()
            .map(|(href, key)| (*href, lang.t(key)))
            .collect(),
    };
    render(StatusCode::OK, &page)
}

// ---------- Confirming the e-mail address ----------

#[derive(Template)]
#[template(path = "pages/confirm_email.html")]
struct ConfirmEmailPage {
    chrome: Chrome,
    /// The token to send with the button; `None` when the link is unusable.
    token: Option<String>,
    /// Whether the visitor is logged in with an address still to confirm (they get the resend
    /// button right here).
    can_resend: bool,
}

impl ConfirmEmailPage {
    fn new(state: &AppState, visitor: &Visitor, token: Option<String>) -> ConfirmEmailPage {
        ConfirmEmailPage {
            chrome: Chrome::for_visitor(state, visitor, "/confirm-email"),
            token,
            can_resend: visitor.citizen.as_ref().is_some_and(|c| !c.email_confirmed),
        }
    }
}

async fn confirm_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<TokenForm>,
) -> Response {
    let (token, status) = query.link();
    render(status, &ConfirmEmailPage::new(&state, &visitor, token))
}

async fn confirm(
    Call(state, client, CsrfForm { visitor, form }): Call<CsrfForm<TokenForm>>,
) -> Result<Response, PageError> {
    match state.app.confirm_email(&form.token, &client).await {
        Ok(()) => Ok(Redirect::to("/confirm-email/done").into_response()),
        Err(AppError::Validation(_)) => Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ConfirmEmailPage::new(&state, &visitor, None),
        )),
        Err(error) => Err(error.into()),
    }
}

async fn confirmed(State(state): State<AppState>, visitor: Visitor) -> Response {
    let next = if visitor.citizen.is_some() {
        ("/account", "email-confirmed-account")
    } else {
        ("/login?next=/account", "nav-login")
    };
    outcome(
        &state,
        &visitor,
        "/confirm-email/done",
        "email-confirmed-title",
        &["email-confirmed-text"],
        &[next],
    )
}

// ---------- Asking for a password reset ----------

#[derive(Template)]
#[template(path = "pages/password_reset.html")]
struct ResetRequestPage {
    chrome: Chrome,
    summary: Vec<SummaryItem>,
    email: Input,
}

impl ResetRequestPage {
    fn new(chrome: Chrome, email: &str, errors: &FormErrors) -> ResetRequestPage {
        let email = Input::email(chrome.lang, email)
            .hint("password-reset-email-hint")
            .errors(errors);
        ResetRequestPage {
            summary: error_summary([&email]),
            chrome,
            email,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ResetRequestForm {
    email: String,
}

async fn reset_request_form(State(state): State<AppState>, visitor: Visitor) -> Response {
    let chrome = Chrome::for_visitor(&state, &visitor, "/password-reset");
    render(
        StatusCode::OK,
        &ResetRequestPage::new(chrome, "", &FormErrors::none(visitor.lang)),
    )
}

async fn reset_request(
    Call(state, client, CsrfForm { visitor, form }): Call<CsrfForm<ResetRequestForm>>,
) -> Result<Response, PageError> {
    let Err(error) = state.app.request_password_reset(&form.email, &client).await else {
        // The same answer whether or not an account has this address.
        return Ok(Redirect::to("/password-reset/sent").into_response());
    };
    let errors = field_form_errors(visitor.lang, &error).ok_or(error)?;
    let chrome = Chrome::for_visitor(&state, &visitor, "/password-reset");
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &ResetRequestPage::new(chrome, &form.email, &errors),
    ))
}

async fn reset_sent(State(state): State<AppState>, visitor: Visitor) -> Response {
    outcome(
        &state,
        &visitor,
        "/password-reset/sent",
        "password-reset-sent-title",
        &[
            "password-reset-sent-text",
            "password-reset-sent-validity",
            "password-reset-sent-nothing",
        ],
        &[("/login", "nav-login")],
    )
}

// ---------- Setting the new password ----------

#[derive(Template)]
#[template(path = "pages/password_reset_confirm.html")]
struct ResetPage {
    chrome: Chrome,
    summary: Vec<SummaryItem>,
    /// `None` when the link is unusable (used, expired, mangled).
    token: Option<String>,
    new_password: Input,
}

impl ResetPage {
    fn new(
        state: &AppState,
        visitor: &Visitor,
        token: Option<String>,
        errors: &FormErrors,
    ) -> ResetPage {
        let new_password = Input::new_password(visitor.lang).errors_of(errors, "password");
        ResetPage {
            chrome: Chrome::for_visitor(state, visitor, "/password-reset/confirm"),
            summary: error_summary([&new_password]),
            token,
            new_password,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ResetForm {
    token: String,
    new_password: String,
}

async fn reset_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<TokenForm>,
) -> Response {
    let (token, status) = query.link();
    render(
        status,
        &ResetPage::new(&state, &visitor, token, &FormErrors::none(visitor.lang)),
    )
}

async fn reset(
    Call(state, client, CsrfForm { visitor, form }): Call<CsrfForm<ResetForm>>,
) -> Result<Response, PageError> {
    let lang = visitor.lang;
    let Err(error) = state
        .app
        .reset_password(&form.token, &form.new_password, &client)
        .await
    else {
        return Ok(Redirect::to("/password-reset/done").into_response());
    };
    // The password rules are the same as at registration: one set of messages.
    let error = error.renamed_field("new_password", "password");
    let errors = form_errors(lang, &error).ok_or(error)?;
    let page = if errors.has("token") {
        ResetPage::new(&state, &visitor, None, &FormErrors::none(lang))
    } else {
        ResetPage::new(&state, &visitor, Some(form.token), &errors)
    };
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

async fn reset_done(State(state): State<AppState>, visitor: Visitor) -> Response {
    outcome(
        &state,
        &visitor,
        "/password-reset/done",
        "password-reset-done-title",
        &["password-reset-done-text", "password-reset-done-sessions"],
        &[("/login", "nav-login")],
    )
}
