//! The staff pages: login with a one-time code, the dashboard, and the access rule of every
//! staff page in one extractor, [`StaffPage`].

mod admin;
mod api_keys;
mod audit;
mod counter;
mod login;
mod password;
mod queue;
mod records;

use super::visitor::Visitor;
use super::{Chrome, PageError, SetupBanner};
use crate::client::Client;
use crate::state::AppState;
use axum::Router;
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use dimos_app::ClientInfo;
use dimos_app::staff::StaffPrincipal;
use dimos_domain::StaffRole;
use std::marker::PhantomData;

pub use crate::access::{Admin, AnyStaff, Clerk, RoleRule, Verifier};

pub fn routes() -> Router<AppState> {
    login::routes()
        .merge(audit::routes())
        .merge(admin::routes())
        .merge(api_keys::routes())
        .merge(counter::routes())
        .merge(records::routes())
        .merge(queue::routes())
        .merge(password::routes())
}

/// A member of staff on a staff page whom the rule `R` admits. Not logged in: to the staff
/// login. Logged in without the role: 403, audited as an authorization failure.
pub struct StaffPage<R: RoleRule> {
    pub visitor: Visitor,
    pub who: StaffPrincipal,
    /// The seeded offices still carry placeholder details (a fresh install).
    placeholders: bool,
    _rule: PhantomData<R>,
}

impl<R: RoleRule> FromRequestParts<AppState> for StaffPage<R> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let visitor = Visitor::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|e| match e {});
        let Some(who) = visitor.staff.clone() else {
            let uri = parts
                .extensions
                .get::<OriginalUri>()
                .map_or(&parts.uri, |u| &u.0);
            let next = uri.path_and_query().map_or("/staff", |p| p.as_str());
            return Err(Redirect::to(&format!(
                "/staff/login?next={}",
                super::visitor::encode(next)
            ))
            .into_response());
        };
        if R::admits(&who) {
            let placeholders = match state.app.placeholder_offices().await {
                Ok(codes) => !codes.is_empty(),
                Err(e) => {
                    tracing::warn!(error = %e, "could not tell whether offices are placeholders");
                    false
                }
            };
            return Ok(StaffPage {
                visitor,
                who,
                placeholders,
                _rule: PhantomData,
            });
        }
        let Client(client) = Client::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|e| match e {});
        let what = format!("{} {} needs {}", parts.method, parts.uri.path(), R::NEEDS);
        let refused = denied(state, &who, &what, &client, StatusCode::FORBIDDEN).await;
        Err(refused.into_response())
    }
}

/// Audits that `who` was refused `what` (a failed audit is logged), and answers `status`.
pub async fn denied(
    state: &AppState,
    who: &StaffPrincipal,
    what: &str,
    client: &ClientInfo,
    status: StatusCode,
) -> PageError {
    if let Err(e) = state.app.audit_denied(who, what, client).await {
        tracing::error!(error = %e, "could not audit a refusal");
    }
    PageError::Status(status)
}

impl<R: RoleRule> StaffPage<R> {
    /// The chrome of a staff page: the staff menu for this member's roles.
    pub fn chrome(&self, state: &AppState, path: &str) -> Chrome {
        let mut chrome = staff_chrome(state, &self.visitor, &self.who, path);
        chrome.setup_banner = self.placeholders.then_some(if self.who.is_admin() {
            SetupBanner::Admin
        } else {
            SetupBanner::OtherStaff
        });
        chrome
    }
}

pub fn staff_chrome(
    state: &AppState,
    visitor: &Visitor,
    who: &StaffPrincipal,
    path: &str,
) -> Chrome {
    let mut nav = vec![("/staff", "nav-staff-home")];
    if who.is_admin() || who.has(StaffRole::Verifier) {
        nav.push(("/staff/citizens", "nav-staff-citizens"));
    }
    if who.is_admin() || who.has(StaffRole::Clerk) {
        nav.push(("/staff/requests", "nav-staff-requests"));
    }
    if who.is_admin() {
        nav.push(("/staff/admin", "nav-staff-admin"));
        nav.push(("/staff/audit", "nav-staff-audit"));
    }
    Chrome {
        staff: Some(who.display_name.clone()),
        signed_in: None,
        csrf: who.csrf_token.clone(),
        nav,
        here: visitor.here.clone(),
        ..Chrome::new(state, visitor.lang, path)
    }
}
