//! Who may enter an API route: the extractors. A handler's signature shows its access rule.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use dimos_app::CitizenPrincipal;
use dimos_db::sessions::Channel;

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
