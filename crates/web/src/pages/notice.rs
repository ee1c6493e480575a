//! Notices named in the query string after a change (`?notice=revoked`): a page shows the
//! message of a name it knows, and nothing for any other name.

use crate::i18n::Lang;
use serde::Deserialize;

/// The query of a page that may announce a change: `?notice=<name>`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct NoticeQuery {
    pub notice: Option<String>,
}

impl NoticeQuery {
    /// The Fluent key of the notice named, among `known` (name, key); unknown names show nothing.
    pub(crate) fn key(&self, known: &[(&str, &'static str)]) -> Option<&'static str> {
        notice_key(self.notice.as_deref(), known)
    }

    /// The message of the notice named, among `known` (name, key), in `lang`.
    pub(crate) fn message(&self, lang: Lang, known: &[(&str, &'static str)]) -> Option<String> {
        notice(lang, self.notice.as_deref(), known)
    }
}

fn notice_key(name: Option<&str>, known: &[(&str, &'static str)]) -> Option<&'static str> {
    let name = name?;
    known.iter().find(|(n, _)| *n == name).map(|(_, key)| *key)
}

/// The message of a notice named in the query string; unknown names show nothing.
pub(crate) fn notice(
    lang: Lang,
    name: Option<&str>,
    known: &[(&str, &'static str)],
) -> Option<String> {
    notice_key(name, known).map(|key| lang.t(key))
}
