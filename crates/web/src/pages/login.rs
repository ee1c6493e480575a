//! «Είσοδος»: logging in and out with the page session cookie.

use super::csrf::CsrfForm;
use super::forms::{FormErrors, form_errors, refusal_status, with_retry_after};
use super::visitor::{
    SignedIn, Visitor, cookie, safe_next, session_cookie_name, start_page_session,
};
use super::{Chrome, PageError, render};
use crate::client::Client;
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use dimos_app::AppError;
use dimos_db::sessions::Channel;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(form).post(submit))
        .route("/logout", post(logout))
}

#[derive(Template)]
#[template(path = "pages/login.html")]
struct LoginPage {
    chrome: Chrome,
    errors: FormErrors,
    username: String,
    next: String,
}

/// Where to go after logging in.
#[derive(Deserialize)]
pub(crate) struct NextQuery {
    pub next: Option<String>,
}

async fn form(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(q): Query<NextQuery>,
) -> Response {
    if visitor.citizen.is_some() {
        return Redirect::to(&safe_next(q.next.as_deref())).into_response();
    }
    let page = LoginPage {
        errors: FormErrors::none(visitor.lang),
        chrome: Chrome::for_visitor(&state, &visitor, "/login"),
        username: String::new(),
        next: safe_next(q.next.as_deref()),
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn submit(
    State(state): State<AppState>,
    Client(client): Client,
    CsrfForm { visitor, form }: CsrfForm<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(form.next.as_deref());
    let error = match state
        .app
        .login_citizen(&form.username, &form.password, Channel::Page, &client)
        .await
    {
        Ok(session) => {
            let mut response = Redirect::to(&next).into_response();
            start_page_session(&state, &mut response, &session.token);
            return Ok(response);
        }
        Err(error) => error,
    };
    let Some(errors) = login_errors(visitor.lang, &error) else {
        return Err(error.into());
    };
    let page = LoginPage {
        chrome: Chrome::for_visitor(&state, &visitor, "/login"),
        errors,
        username: form.username,
        next,
    };
    Ok(with_retry_after(
        render(refusal_status(&error), &page),
        &error,
    ))
}

/// What a login form says about a refusal, in one summary: what is missing, else what other
/// forms say; `None` when the page must fail as a whole.
pub(crate) fn login_errors(lang: Lang, error: &AppError) -> Option<FormErrors> {
    match error {
        AppError::Validation(_) => {
            Some(FormErrors::summary(lang, "form-error-credentials-required"))
        }
        other => form_errors(lang, other),
    }
}

#[derive(Deserialize)]
struct Empty {}

async fn logout(
    State(state): State<AppState>,
    Client(client): Client,
    signed_in: Result<SignedIn, Response>,
    _form: CsrfForm<Empty>,
) -> Response {
    if let Ok(SignedIn { who, .. }) = signed_in
        && let Err(e) = state.app.logout_citizen(&who, &client).await
    {
        tracing::error!(error = %e, "logout failed");
    }
    let mut response = Redirect::to("/").into_response();
    let name = session_cookie_name(&state.site);
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie(&state.site, name, "", "Lax", Some(0)),
    );
    response
}
