//! Who is looking at a page: their language, whether they are logged in, and the CSRF token
//! their forms must carry. Pages authenticate by cookie only (the API by bearer token only).

use crate::i18n::Lang;
use crate::state::{AppState, SiteConfig};
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use dimos_app::CitizenPrincipal;
use dimos_app::staff::StaffPrincipal;
use dimos_db::sessions::Channel;
use std::convert::Infallible;

/// The session cookie's name: `__Host-` (HTTPS only, no Domain, Path=/) when cookies are secure.
pub fn session_cookie_name(site: &SiteConfig) -> &'static str {
    if site.secure_cookies {
        "__Host-dimos_session"
    } else {
        "dimos_session"
    }
}

/// The staff session cookie: separate from citizens', so neither opens the other's door.
pub fn staff_cookie_name(site: &SiteConfig) -> &'static str {
    if site.secure_cookies {
        "__Host-dimos_staff"
    } else {
        "dimos_staff"
    }
}

/// The cookie of the anonymous CSRF token (login and registration forms).
pub fn csrf_cookie_name(site: &SiteConfig) -> &'static str {
    if site.secure_cookies {
        "__Host-dimos_csrf"
    } else {
        "dimos_csrf"
    }
}

/// A `Set-Cookie` value: `HttpOnly`, `Path=/`, `SameSite`, `Secure` when the site is.
pub fn cookie(
    site: &SiteConfig,
    name: &str,
    value: &str,
    same_site: &str,
    max_age: Option<i64>,
) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite={same_site}");
    if site.secure_cookies {
        cookie.push_str("; Secure");
    }
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&cookie).expect("cookie values are URL-safe tokens")
}

/// Hands a new page session to the browser. A new session id at every login: a cookie planted
/// before cannot ride along.
pub fn start_page_session(state: &AppState, response: &mut axum::response::Response, token: &str) {
    let name = session_cookie_name(&state.site);
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie(&state.site, name, token, "Lax", None),
    );
}

/// The value of cookie `name`, if the request carries it (read as the language cookie is).
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    crate::i18n::cookie_values(headers, name).next()
}

/// The anonymous CSRF token of this request, put in place by the CSRF middleware.
#[derive(Clone, Debug)]
pub struct AnonCsrf(pub String);

/// Anyone looking at a page.
pub struct Visitor {
    pub lang: Lang,
    pub citizen: Option<CitizenPrincipal>,
    pub staff: Option<StaffPrincipal>,
    /// The token this visitor's forms carry: the session's when logged in, else the
    /// anonymous cookie's.
    pub csrf: String,
    /// The page asked for, path and query without `lang=` (the language switch keeps the rest).
    pub here: String,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Visitor, Infallible> {
        let lang = Lang::from_request_parts(parts, state).await?;
        let headers = &parts.headers;
        let citizen = match cookie_value(headers, session_cookie_name(&state.site)) {
            Some(token) => state.app.citizen_session(token, Channel::Page).await,
            None => Ok(None),
        };
        let staff = match cookie_value(headers, staff_cookie_name(&state.site)) {
            Some(token) => state.app.staff_session(token, Channel::Page).await,
            None => Ok(None),
        };
        let citizen = or_none(citizen, "session lookup failed");
        let staff = or_none(staff, "staff session lookup failed");
        let anon = parts
            .extensions
            .get::<AnonCsrf>()
            .map(|a| a.0.clone())
            .unwrap_or_default();
        let csrf = match (&citizen, &staff) {
            (Some(c), _) => c.csrf_token.clone(),
            (None, Some(s)) => s.csrf_token.clone(),
            (None, None) => anon,
        };
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(&parts.uri, |u| &u.0);
        let query: Vec<&str> = uri
            .query()
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("lang="))
            .collect();
        let here = if query.is_empty() {
            uri.path().to_owned()
        } else {
            format!("{}?{}", uri.path(), query.join("&"))
        };
        Ok(Visitor {
            lang,
            citizen,
            staff,
            csrf,
            here,
        })
    }
}

/// A session found, or none when the lookup failed (logged: the visitor is then anonymous).
fn or_none<T>(found: Result<Option<T>, dimos_app::AppError>, what: &str) -> Option<T> {
    found.unwrap_or_else(|e| {
        tracing::error!(error = %e, "{what}");
        None
    })
}

/// A logged-in citizen looking at a page; anyone else is sent to the login page and back.
pub struct SignedIn {
    pub visitor: Visitor,
    pub who: CitizenPrincipal,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<SignedIn, Response> {
        let visitor = Visitor::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|e| match e {});
        match visitor.citizen.clone() {
            Some(who) => Ok(SignedIn { visitor, who }),
            None => {
                let uri = parts
                    .extensions
                    .get::<OriginalUri>()
                    .map_or(&parts.uri, |u| &u.0);
                let next = uri.path_and_query().map_or("/account", |p| p.as_str());
                Err(Redirect::to(&format!("/login?next={}", encode(next))).into_response())
            }
        }
    }
}

/// Percent-encodes a value for a query string.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where to go after login: only a path on this portal (never `//evil.example` or a full URL).
pub fn safe_next(next: Option<&str>) -> String {
    safe_next_under(next, "/account")
}

/// Like [`safe_next`], with another default.
///
/// `next` is read the way a browser will read it: parsed as a URL relative to this site and
/// kept only when it stays on the same origin. Browsers drop tabs and line breaks inside a URL
/// and treat `\` as `/`, so `/<TAB>/evil.example` or `/\evil.example` would leave the site:
/// any control character, whitespace or backslash makes the value fall back to `default`
/// (and a line break could never reach a `Location` header).
pub fn safe_next_under(next: Option<&str>, default: &str) -> String {
    next.and_then(same_origin_path)
        .unwrap_or_else(|| default.to_owned())
}

fn same_origin_path(next: &str) -> Option<String> {
    if !next.starts_with('/')
        || next.starts_with("//")
        || next.len() > 2048
        || next
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return None;
    }
    // Any origin serves: only whether the result stays on it matters.
    let base = url::Url::parse("http://dimos.invalid/").ok()?;
    let joined = base.join(next).ok()?;
    if joined.origin() != base.origin() || joined.cannot_be_a_base() {
        return None;
    }
    // Dot segments collapse when joined: `/a/..//evil.example` becomes `//evil.example`, which
    // a browser reads as another host. Only a path that still starts with one slash is kept.
    let path = &joined[url::Position::BeforePath..];
    (!path.starts_with("//")).then(|| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/account/sessions")), "/account/sessions");
        for collapsing in [
            "/a/..//evil.example/x",
            "/.//evil.example",
            "/..//evil.example",
            "/%2e//evil.example",
            "/x/%2E%2E//evil.example",
        ] {
            assert_eq!(safe_next(Some(collapsing)), "/account", "{collapsing}");
        }
        assert_eq!(safe_next(Some("/requests?x=1")), "/requests?x=1");
        assert_eq!(safe_next(Some("/%09/evil.example")), "/%09/evil.example");
        assert_eq!(safe_next(Some("/a/../b")), "/b");
        for evil in [
            "//evil.example/x",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/x\r\nSet-Cookie: a=b",
            " /evil",
            "\t//evil.example",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "/\u{a0}/evil.example",
            "evil.example",
            "",
        ] {
            assert_eq!(safe_next(Some(evil)), "/account", "{evil:?}");
        }
        assert_eq!(safe_next(None), "/account");
        assert_eq!(safe_next_under(Some("//evil"), "/staff"), "/staff");
    }

    #[test]
    fn cookies_are_found_by_exact_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("xdimos_session=1; dimos_session=abc; lang=en"),
        );
        assert_eq!(cookie_value(&headers, "dimos_session"), Some("abc"));
        assert_eq!(cookie_value(&headers, "missing"), None);
        assert_eq!(encode("/a b?c=d&e"), "/a%20b%3Fc%3Dd%26e");
    }
}
