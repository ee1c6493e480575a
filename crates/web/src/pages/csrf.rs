//! CSRF defence for pages, in two layers: every state-changing request must come from our own
//! origin (`Origin` / `Sec-Fetch-Site`), and every form carries a synchronizer token — the
//! session's when logged in (then only the session's), else an anonymous token that is also in
//! an HttpOnly, SameSite=Strict cookie. The API needs neither: it never authenticates by cookie.

use super::visitor::{AnonCsrf, Visitor, cookie, cookie_value, csrf_cookie_name};
use crate::state::AppState;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use dimos_app::tokens::{constant_time_eq, random_token};
use serde::de::DeserializeOwned;

/// Middleware for every page request: provides the anonymous token (setting its cookie when
/// new) and refuses unsafe methods from another origin.
pub async fn guard(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let unsafe_method = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if unsafe_method && !same_origin(&request, &state) {
        tracing::warn!(path = %request.uri().path(), "cross-origin form post refused");
        return super::forbidden_page(&state, &request);
    }
    let existing = cookie_value(request.headers(), csrf_cookie_name(&state.site))
        .filter(|v| v.len() >= 32)
        .map(str::to_owned);
    let (token, is_new) = match existing {
        Some(token) => (token, false),
        None => (random_token(), true),
    };
    request.extensions_mut().insert(AnonCsrf(token.clone()));
    let mut response = next.run(request).await;
    if is_new {
        let value = cookie(
            &state.site,
            csrf_cookie_name(&state.site),
            &token,
            "Strict",
            None,
        );
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Browsers say where a request comes from; a request from another site is refused. Clients
/// that send neither header (not browsers) are left to the token check.
fn same_origin(request: &Request, state: &AppState) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    if origin == state.site.public_url {
        return true;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split_once("://").map_or("", |(_, h)| h);
    !host.is_empty() && origin_host == host
}

/// A form whose token has been checked. The form's fields go to `T`; the token travels in the
/// field `csrf_token`.
pub struct CsrfForm<T> {
    pub visitor: Visitor,
    pub form: T,
}

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let visitor = Visitor::from_request_parts(&mut parts, state)
            .await
            .unwrap_or_else(|e| match e {});
        let anon = parts
            .extensions
            .get::<AnonCsrf>()
            .map(|a| a.0.clone())
            .unwrap_or_default();
        let request = Request::from_parts(parts, body);
        let bytes = match axum::body::Bytes::from_request(request, state).await {
            Ok(bytes) => bytes,
            Err(rejection) => {
                return Err(super::error_page(state, visitor.lang, rejection.status()));
            }
        };
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        let given = pairs
            .iter()
            .find(|(k, _)| k == "csrf_token")
            .map(|(_, v)| v.as_bytes())
            .unwrap_or(b"");
        let citizen = visitor
            .citizen
            .as_ref()
            .map(|c| c.csrf_token.as_bytes())
            .unwrap_or(b"");
        let staff = visitor
            .staff
            .as_ref()
            .map(|s| s.csrf_token.as_bytes())
            .unwrap_or(b"");
        // Bound to the session: once logged in, only a session's own token passes; the
        // anonymous token (made before login) works only while nobody is logged in.
        let signed_in = visitor.citizen.is_some() || visitor.staff.is_some();
        let valid = !given.is_empty()
            && ((!citizen.is_empty() && constant_time_eq(given, citizen))
                || (!staff.is_empty() && constant_time_eq(given, staff))
                || (!signed_in && !anon.is_empty() && constant_time_eq(given, anon.as_bytes())));
        if !valid {
            tracing::warn!("form without a valid CSRF token refused");
            return Err(super::error_page(
                state,
                visitor.lang,
                StatusCode::FORBIDDEN,
            ));
        }
        match serde_urlencoded::from_bytes::<T>(&bytes) {
            Ok(form) => Ok(CsrfForm { visitor, form }),
            Err(e) => {
                tracing::debug!(error = %e, "malformed form");
                Err(super::error_page(
                    state,
                    visitor.lang,
                    StatusCode::BAD_REQUEST,
                ))
            }
        }
    }
}

/// The longest CSRF token read from a multipart form (ours are 43 characters).
const TOKEN_MAX: usize = 256;

/// Whether a multipart form's first part is `csrf_token` and holds `expected` (the token
/// comes first, so no file byte is read before it is checked).
pub(crate) async fn multipart_token_ok(
    multipart: &mut axum::extract::Multipart,
    expected: &str,
) -> bool {
    let Ok(Some(mut first)) = multipart.next_field().await else {
        return false;
    };
    if first.name() != Some("csrf_token") {
        return false;
    }
    let mut given = Vec::new();
    while let Ok(Some(chunk)) = first.chunk().await {
        given.extend_from_slice(&chunk);
        if given.len() > TOKEN_MAX {
            return false;
        }
    }
    drop(first);
    let valid = !expected.is_empty() && constant_time_eq(&given, expected.as_bytes());
    if !valid {
        tracing::warn!("multipart form without a valid CSRF token refused");
    }
    valid
}
