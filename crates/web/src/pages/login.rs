//! «Είσοδος»: logging in and out with the page session cookie.

use super::csrf::CsrfForm;
use super::forms::{FormErrors, form_errors, refused_page};
use super::inputs::Input;
use super::visitor::{
    SignedIn, Visitor, cookie, safe_next, session_cookie_name, start_page_session,
};
use super::{Chrome, PageError, render};
use crate::client::{Call, Client};
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

/// Makes `$page` (a template struct of `chrome` and `login`) the login page at `$path`. The
/// template is derived where the page is declared: askama resolves its path from there.
macro_rules! login_page {
    ($page:ident, $path:tt) => {
        impl $crate::pages::login::LoginTemplate for $page {
            const PATH: &'static str = $path;

            fn new(chrome: $crate::pages::Chrome, login: $crate::pages::login::Login) -> Self {
                $page { chrome, login }
            }
        }
    };
}
pub(crate) use login_page;

#[derive(askama::Template)]
#[template(path = "pages/login.html")]
struct LoginPage {
    chrome: Chrome,
    login: Login,
}
login_page!(LoginPage, "/login");

/// A login page, the citizen's or the staff's: its template, made of the chrome and the form.
pub(crate) trait LoginTemplate: Template + Sized {
    /// The address of the page.
    const PATH: &'static str;

    fn new(chrome: Chrome, login: Login) -> Self;

    /// The blank form, for going to `next` after logging in.
    fn blank(state: &AppState, visitor: &Visitor, next: String) -> Response {
        let chrome = Chrome::for_visitor(state, visitor, Self::PATH);
        render(
            StatusCode::OK,
            &Self::new(chrome, Login::blank(visitor.lang, next)),
        )
    }

    /// The form again after `error` was refused, with `errors` to say why.
    fn refused(
        state: &AppState,
        visitor: &Visitor,
        errors: FormErrors,
        form: LoginForm,
        next: String,
        error: &AppError,
    ) -> Response {
        let chrome = Chrome::for_visitor(state, visitor, Self::PATH);
        refused_page(
            &Self::new(chrome, Login::refused(errors, form, next)),
            error,
        )
    }
}

/// What a login form shows, the citizen's or the staff's: a problem with the whole form, the
/// username typed, where to go next.
pub(crate) struct Login {
    pub errors: FormErrors,
    pub username: String,
    pub next: String,
}

impl Login {
    /// The form again after a refusal: its problems, the username as typed.
    pub(crate) fn refused(errors: FormErrors, form: LoginForm, next: String) -> Login {
        Login {
            errors,
            username: form.username,
            next,
        }
    }

    pub(crate) fn blank(lang: Lang, next: String) -> Login {
        Login {
            errors: FormErrors::none(lang),
            username: String::new(),
            next,
        }
    }

    /// `input`, described by the form's summary and marked invalid when there is one.
    fn tied(&self, input: Input) -> Input {
        input.tied_to("form-summary", self.errors.summary.is_some())
    }

    /// The username as typed, tied to the form's summary.
    pub(crate) fn username_input(&self) -> Input {
        let lang = self.errors.lang();
        self.tied(
            Input::new(lang, "username", "field-username")
                .value(&self.username)
                .autocomplete("username")
                .no_spellcheck(),
        )
    }

    /// The password box (never filled in), not tied to the summary.
    pub(crate) fn password_input(&self) -> Input {
        Input::password(
            self.errors.lang(),
            "password",
            "field-password",
            "current-password",
        )
    }

    /// The password box, tied to the form's summary.
    pub(crate) fn tied_password_input(&self) -> Input {
        self.tied(self.password_input())
    }

    /// The staff's one-time code: digits (spaces allowed), a short box.
    pub(crate) fn totp_input(&self) -> Input {
        Input::new(self.errors.lang(), "totp", "field-totp")
            .hint("field-totp-hint")
            .numeric()
            .pattern("[0-9 ]*")
            .autocomplete("one-time-code")
            .maxlength(7)
            .class("input-short")
    }
}

/// Where to go after logging in.
#[derive(Deserialize)]
pub(crate) struct NextQuery {
    pub next: Option<String>,
}

/// What a login form sends (staff also send a one-time code).
#[derive(Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub totp: String,
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
    LoginPage::blank(&state, &visitor, safe_next(q.next.as_deref()))
}

async fn submit(
    Call(state, client, CsrfForm { visitor, form }): Call<CsrfForm<LoginForm>>,
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
    Ok(LoginPage::refused(
        &state, &visitor, errors, form, next, &error,
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
