//! Language negotiation (one extractor) and Fluent lookups. Greek is the default; English is
//! chosen by `?lang=en`, and the choice is remembered in a cookie.

use crate::state::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use std::convert::Infallible;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "el",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EL: LanguageIdentifier = langid!("el");
static EN: LanguageIdentifier = langid!("en");
const COOKIE: &str = "lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    El,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::El, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::El => "el",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "el" => Some(Lang::El),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::El => &EL,
            Lang::En => &EN,
        }
    }

    /// The translated text of `key`.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.id(), key)
    }

    /// The translated text of `key`, if there is such a message.
    pub fn try_t(self, key: &str) -> Option<String> {
        LOCALES.try_lookup(self.id(), key)
    }

    /// Picks the Greek or the English of a pair stored in the database.
    pub fn pick<'a>(self, el: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::El => el,
            Lang::En => en,
        }
    }
}

/// The language asked for in the query string (`lang=el|en`), if any.
fn from_query(query: Option<&str>) -> Option<Lang> {
    query?
        .split('&')
        .filter_map(|pair| pair.strip_prefix("lang="))
        .find_map(Lang::from_code)
}

fn from_cookie(headers: &axum::http::HeaderMap) -> Option<Lang> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix("lang="))
        .find_map(Lang::from_code)
}

/// The language of a request: `?lang=`, else the remembered choice, else Greek.
pub fn negotiate(uri: &axum::http::Uri, headers: &axum::http::HeaderMap) -> Lang {
    from_query(uri.query())
        .or_else(|| from_cookie(headers))
        .unwrap_or_default()
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Lang, Infallible> {
        Ok(negotiate(&parts.uri, &parts.headers))
    }
}

/// Remembers a language chosen with `?lang=` in a cookie for a year.
/// `Secure` when the site's cookies are.
pub async fn remember_language(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let chosen = from_query(request.uri().query());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_wins_and_unknown_languages_are_ignored() {
        assert_eq!(from_query(Some("lang=en")), Some(Lang::En));
        assert_eq!(from_query(Some("a=1&lang=el")), Some(Lang::El));
        assert_eq!(from_query(Some("lang=fr")), None);
        assert_eq!(from_query(None), None);
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("x=1; lang=en"));
        assert_eq!(from_cookie(&headers), Some(Lang::En));
    }

    /// Every message exists in both languages, so no page falls back silently.
    #[test]
    fn greek_and_english_have_the_same_messages() {
        let ids = |text: &str| -> std::collections::BTreeSet<String> {
            text.lines()
                .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
                .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_owned()))
                .collect()
        };
        // Every file of either language, so a topic's own `.ftl` file is checked too.
        let read = |lang: &str| -> std::collections::BTreeSet<String> {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(lang);
            let mut all = std::collections::BTreeSet::new();
            for entry in std::fs::read_dir(&dir).expect("the locales directory") {
                let path = entry.expect("a locale file").path();
                if path.extension().is_some_and(|e| e == "ftl") {
                    all.extend(ids(&std::fs::read_to_string(&path).expect("readable")));
                }
            }
            all
        };
        let el = read("el");
        let en = read("en");
        assert!(el.contains("site-name"));
        assert_eq!(
            el.difference(&en).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in en"
        );
        assert_eq!(
            en.difference(&el).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "missing in el"
        );
        for id in &el {
            assert_ne!(Lang::El.t(id), Lang::En.t(id), "{id} is not translated");
        }
    }
}
