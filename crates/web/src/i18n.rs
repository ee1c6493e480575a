//! Language negotiation (one extractor) and Fluent lookups, from `dimos-i18n` (the catalogue is
//! shared with the mails the app writes). Greek is the default; English is chosen by
//! `?lang=en`, and the choice is remembered in a cookie. The API's error messages follow the
//! same languages, negotiated by [`negotiate_api`]: `?lang=`, else the first of `el`/`en` in
//! `Accept-Language` (API clients set it rather than a cookie), else the `lang` cookie, else
//! Greek.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
pub use dimos_i18n::{Lang, cookie_values, negotiate, negotiate_api};

const COOKIE: &str = "lang";

tokio::task_local! {
    static API_LANG: Lang;
}

/// The language the API answers the current request in (Greek outside an API request).
pub fn api_lang() -> Lang {
    API_LANG.try_with(|lang| *lang).unwrap_or_default()
}

/// Negotiates an API request's language once, for every error made while answering it.
pub async fn api_language(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let lang = negotiate_api(request.uri(), request.headers());
    API_LANG.scope(lang, next.run(request)).await
}

/// Remembers a language chosen with `?lang=` in a cookie for a year.
/// `Secure` when the site's cookies are.
pub async fn remember_language(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let chosen = dimos_i18n::from_query(request.uri().query());
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let secure = if state.site.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}
