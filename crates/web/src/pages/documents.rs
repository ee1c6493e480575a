//! Identity documents as pages name them: the counter's, the queue's and the citizen's pages.

use crate::i18n::Lang;

/// A document type's name in the page's language (its code when unknown).
pub(crate) fn document_type_name(lang: Lang, code: &str) -> String {
    match code {
        "passport" => lang.t("counter-document-passport"),
        "id_card" => lang.t("counter-document-id-card"),
        "foreign_passport" => lang.t("counter-document-foreign-passport"),
        other => other.to_owned(),
    }
}

/// Every document type with its name, for a choice between them.
pub(crate) fn document_types(lang: Lang) -> Vec<(&'static str, String)> {
    dimos_domain::DocumentType::ALL
        .iter()
        .map(|t| (t.as_str(), document_type_name(lang, t.as_str())))
        .collect()
}

/// A document's type with a foreign passport's issuing country: «Ξένο διαβατήριο (DE,
/// Γερμανία)».
pub(crate) fn document_with_country(lang: Lang, code: &str, country: Option<&str>) -> String {
    let name = document_type_name(lang, code);
    match country {
        Some(c) => match dimos_domain::Country::parse(c) {
            Ok(country) => format!(
                "{name} ({}, {})",
                country.code(),
                country.name(lang.pick("el", "en"))
            ),
            Err(_) => format!("{name} ({c})"),
        },
        None => name,
    }
}
