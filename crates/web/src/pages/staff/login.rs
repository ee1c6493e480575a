//! Staff login (password + one-time code), logout, and the dashboard.

use super::{AnyStaff, StaffPage};
use crate::client::Call;
use crate::pages::csrf::CsrfForm;
use crate::pages::forms::FormErrors;
use crate::pages::login::{Login, LoginForm, LoginTemplate, NextQuery, login_errors, login_page};
use crate::pages::visitor::{Visitor, cookie, encode, safe_next_under, staff_cookie_name};
use crate::pages::{Chrome, PageError, render};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use dimos_app::AppError;
use dimos_app::staff::StaffPrincipal;
use dimos_db::sessions::Channel;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff", get(dashboard))
        .route("/staff/login", get(form).post(submit))
        .route("/staff/logout", post(logout))
}

#[derive(askama::Template)]
#[template(path = "staff/login.html")]
struct LoginPage {
    chrome: Chrome,
    login: Login,
}
login_page!(LoginPage, "/staff/login");

async fn form(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(q): Query<NextQuery>,
) -> Response {
    LoginPage::blank(
        &state,
        &visitor,
        safe_next_under(q.next.as_deref(), "/staff"),
    )
}

async fn submit(
    Call(state, client, CsrfForm { visitor, form }): Call<CsrfForm<LoginForm>>,
) -> Result<Response, PageError> {
    let next = safe_next_under(form.next.as_deref(), "/staff");
    let error = match state
        .app
        .login_staff(
            &form.username,
            &form.password,
            Some(&form.totp),
            Channel::Page,
            &client,
        )
        .await
    {
        Ok(session) => {
            let mut response = Redirect::to(&next).into_response();
            let name = staff_cookie_name(&state.site);
            // Strict: a staff session never rides along on a link from another site.
            response.headers_mut().append(
                header::SET_COOKIE,
                cookie(&state.site, name, &session.token, "Strict", None),
            );
            return Ok(response);
        }
        Err(error) => error,
    };
    let errors = match &error {
        AppError::TotpRequired => FormErrors::summary(visitor.lang, "staff-login-totp-required"),
        other => match login_errors(visitor.lang, other) {
            Some(errors) => errors,
            None => return Err(error.into()),
        },
    };
    Ok(LoginPage::refused(
        &state, &visitor, errors, form, next, &error,
    ))
}

#[derive(Deserialize)]
struct Empty {}

async fn logout(Call(state, client, CsrfForm { visitor, .. }): Call<CsrfForm<Empty>>) -> Response {
    if let Some(who) = &visitor.staff
        && let Err(e) = state.app.logout_staff(who, &client).await
    {
        tracing::error!(error = %e, "staff logout failed");
    }
    let mut response =
        Redirect::to(&format!("/staff/login?next={}", encode("/staff"))).into_response();
    let name = staff_cookie_name(&state.site);
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie(&state.site, name, "", "Strict", Some(0)),
    );
    response
}

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct Dashboard {
    chrome: Chrome,
    who: StaffPrincipal,
    roles: Vec<String>,
}

impl Dashboard {
    fn has(&self, role: &str) -> bool {
        self.who.roles.iter().any(|r| r.as_str() == role) || self.who.is_admin()
    }
}

async fn dashboard(Call(state, _, page): Call<StaffPage<AnyStaff>>) -> Response {
    let lang = page.visitor.lang;
    let roles = page
        .who
        .roles
        .iter()
        .map(|r| lang.t(&format!("staff-role-{}", r.as_str())))
        .collect();
    render(
        StatusCode::OK,
        &Dashboard {
            chrome: page.chrome(&state, "/staff"),
            who: page.who,
            roles,
        },
    )
}
