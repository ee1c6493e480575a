//! The languages of dimos: the one Fluent catalogue (`locales/{el,en}/*.ftl`) with the pages'
//! texts, the API's messages and the mails' texts, and [`Lang`], the language of a lookup.
//! Greek is the default. With the `axum` feature: the negotiation of a request's language
//! (`?lang=`, the `lang` cookie, `Accept-Language` for the API) and `Lang` as an extractor.
//!
//! Fluent's bidi isolation marks around variables are off: neither the pages nor the mails
//! (plain text) want them.

use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "el",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EL: LanguageIdentifier = langid!("el");
static EN: LanguageIdentifier = langid!("en");

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

    /// The translated text of `key` with Fluent variables (`{ $name }`), if there is such a
    /// message.
    pub fn try_t_args(self, key: &str, args: &[(&'static str, String)]) -> Option<String> {
        let args: std::collections::HashMap<
            std::borrow::Cow<'static, str>,
            fluent_templates::fluent_bundle::FluentValue,
        > = args
            .iter()
            .map(|(name, value)| (std::borrow::Cow::Borrowed(*name), value.clone().into()))
            .collect();
        LOCALES.try_lookup_with_args(self.id(), key, &args)
    }

    /// The translated text of `key` with Fluent variables.
    pub fn t_args(self, key: &str, args: &[(&'static str, String)]) -> String {
        self.try_t_args(key, args).unwrap_or_else(|| self.t(key))
    }

    /// Picks the Greek or the English of a pair stored in the database.
    pub fn pick<'a>(self, el: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::El => el,
            Lang::En => en,
        }
    }
}

#[cfg(feature = "axum")]
mod negotiation {
    use super::Lang;
    use axum::extract::FromRequestParts;
    use axum::http::header;
    use axum::http::request::Parts;
    use std::convert::Infallible;

    /// The language asked for in the query string (`lang=el|en`), if any.
    pub fn from_query(query: Option<&str>) -> Option<Lang> {
        query?
            .split('&')
            .filter_map(|pair| pair.strip_prefix("lang="))
            .find_map(Lang::from_code)
    }

    /// The language remembered in the `lang` cookie (the first of its values that names one).
    pub fn from_cookie(headers: &axum::http::HeaderMap) -> Option<Lang> {
        cookie_values(headers, "lang").find_map(Lang::from_code)
    }

    /// The values of the cookie `name` a request carries, in order: the one cookie reader of
    /// the portal (the language here, the sessions and the CSRF token in the web crate).
    pub fn cookie_values<'a, 'n>(
        headers: &'a axum::http::HeaderMap,
        name: &'n str,
    ) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .filter(move |(k, _)| *k == name)
            .map(|(_, v)| v)
    }

    /// The language of a request: `?lang=`, else the remembered choice, else Greek.
    pub fn negotiate(uri: &axum::http::Uri, headers: &axum::http::HeaderMap) -> Lang {
        from_query(uri.query())
            .or_else(|| from_cookie(headers))
            .unwrap_or_default()
    }

    /// The first of our languages in an `Accept-Language` header, by the client's weights
    /// (`en-GB;q=0.8, el;q=0.9` → Greek); a tag with weight 0 is refused, not asked for.
    pub fn from_accept_language(headers: &axum::http::HeaderMap) -> Option<Lang> {
        let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
        let mut best: Option<(f32, Lang)> = None;
        for item in value.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q=").map(str::to_owned))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok());
            let primary = tag.split('-').next().unwrap_or("");
            if let (Some(lang), Some(weight)) = (Lang::from_code(primary), weight)
                && weight > 0.0
                && best.is_none_or(|(w, _)| weight > w)
            {
                best = Some((weight, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }

    /// The language of an API request: `?lang=`, else `Accept-Language`, else the `lang` cookie,
    /// else Greek.
    pub fn negotiate_api(uri: &axum::http::Uri, headers: &axum::http::HeaderMap) -> Lang {
        from_query(uri.query())
            .or_else(|| from_accept_language(headers))
            .or_else(|| from_cookie(headers))
            .unwrap_or_default()
    }

    impl<S: Send + Sync> FromRequestParts<S> for Lang {
        type Rejection = Infallible;

        async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Lang, Infallible> {
            Ok(negotiate(&parts.uri, &parts.headers))
        }
    }
}

#[cfg(feature = "axum")]
pub use negotiation::{
    cookie_values, from_accept_language, from_cookie, from_query, negotiate, negotiate_api,
};

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "axum")]
    use axum::http::{HeaderValue, header};

    #[cfg(feature = "axum")]
    #[test]
    fn query_wins_and_unknown_languages_are_ignored() {
        assert_eq!(from_query(Some("lang=en")), Some(Lang::En));
        assert_eq!(from_query(Some("a=1&lang=el")), Some(Lang::El));
        assert_eq!(from_query(Some("lang=fr")), None);
        assert_eq!(from_query(None), None);
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("x=1; lang=en"));
        assert_eq!(from_cookie(&headers), Some(Lang::En));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("xlang=el; lang=fr; lang=en"),
        );
        assert_eq!(from_cookie(&headers), Some(Lang::En));
        assert_eq!(
            cookie_values(&headers, "lang").collect::<Vec<_>>(),
            ["fr", "en"]
        );
    }

    #[cfg(feature = "axum")]
    #[test]
    fn the_api_reads_accept_language_after_the_query_and_before_the_cookie() {
        let uri = |q: &str| q.parse::<axum::http::Uri>().unwrap();
        let headers = |pairs: &[(header::HeaderName, &'static str)]| {
            let mut h = axum::http::HeaderMap::new();
            for (name, value) in pairs {
                h.insert(name, HeaderValue::from_static(value));
            }
            h
        };
        let none = headers(&[]);
        assert_eq!(negotiate_api(&uri("/api/v1/me"), &none), Lang::El);
        assert_eq!(negotiate_api(&uri("/api/v1/me?lang=en"), &none), Lang::En);
        let en = headers(&[(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")]);
        assert_eq!(negotiate_api(&uri("/api/v1/me"), &en), Lang::En);
        assert_eq!(negotiate_api(&uri("/api/v1/me?lang=el"), &en), Lang::El);
        let weighted = headers(&[(header::ACCEPT_LANGUAGE, "fr, en;q=0.5, el;q=0.8")]);
        assert_eq!(negotiate_api(&uri("/x"), &weighted), Lang::El);
        let refused = headers(&[(header::ACCEPT_LANGUAGE, "en;q=0, de")]);
        assert_eq!(negotiate_api(&uri("/x"), &refused), Lang::El);
        let both = headers(&[(header::ACCEPT_LANGUAGE, "el"), (header::COOKIE, "lang=en")]);
        assert_eq!(negotiate_api(&uri("/x"), &both), Lang::El);
        let cookie = headers(&[(header::COOKIE, "lang=en")]);
        assert_eq!(negotiate_api(&uri("/x"), &cookie), Lang::En);
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
        // A message with variables renders only with them: every variable the files use.
        let mut names = std::collections::BTreeSet::new();
        for lang in ["el", "en"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(lang);
            for entry in std::fs::read_dir(&dir).expect("the locales directory") {
                let text = std::fs::read_to_string(entry.expect("a locale file").path())
                    .expect("readable");
                for (_, rest) in text.match_indices('$').map(|(i, _)| text.split_at(i + 1)) {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    if !name.is_empty() {
                        names.insert(name);
                    }
                }
            }
        }
        // `try_t_args` takes names that live for the program, as in the code that calls it.
        let variables: Vec<(&'static str, String)> = names
            .into_iter()
            .map(|name| {
                let value = format!("<{name}>");
                (&*Box::leak(name.into_boxed_str()), value)
            })
            .collect();
        for id in &el {
            let text = |lang: Lang| {
                lang.try_t(id)
                    .or_else(|| lang.try_t_args(id, &variables))
                    .unwrap_or_else(|| panic!("{id} does not render in {lang:?}"))
            };
            assert_ne!(text(Lang::El), text(Lang::En), "{id} is not translated");
        }
    }
}
