//! Who may enter an API route: the extractors. A handler's signature shows its access rule.

use crate::client::Client;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use dimos_app::CitizenPrincipal;
use dimos_app::staff::StaffPrincipal;
use dimos_db::sessions::Channel;
use std::marker::PhantomData;

pub use crate::access::{AnyStaff, Clerk, RoleRule, Verifier};

/// The bearer token of the request (the API never authenticates by cookie).
pub fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
        .filter(|t| !t.is_empty())
}

/// A citizen with a live API session (any level).
pub struct Citizen(pub CitizenPrincipal);

impl FromRequestParts<AppState> for Citizen {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Citizen, ApiError> {
        let token = bearer_token(parts).ok_or(ApiError::Unauthenticated)?;
        match state.app.citizen_session(token, Channel::Api).await? {
            Some(principal) => Ok(Citizen(principal)),
            None => Err(ApiError::Unauthenticated),
        }
    }
}

/// A member of staff with a live API session whom the rule `R` admits; a refusal is audited.
pub struct Staff<R: RoleRule>(pub StaffPrincipal, pub PhantomData<R>);

impl<R: RoleRule> FromRequestParts<AppState> for Staff<R> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff<R>, ApiError> {
        let token = bearer_token(parts).ok_or(ApiError::Unauthenticated)?;
        let who = state
            .app
            .staff_session(token, Channel::Api)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        if R::admits(&who) {
            return Ok(Staff(who, PhantomData));
        }
        let Client(client) = Client::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|e| match e {});
        state
            .app
            .audit_denied(
                &who,
                &format!("{} {} needs {}", parts.method, parts.uri.path(), R::NEEDS),
                &client,
            )
            .await?;
        Err(ApiError::Forbidden)
    }
}
