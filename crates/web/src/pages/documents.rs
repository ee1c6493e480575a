//! Identity documents as pages name them: the counter's, the queue's and the citizen's pages.

use crate::i18n::Lang;
use dimos_domain::DocumentType;

/// A document type's name in the page's language.
pub(crate) fn document_type_name(lang: Lang, document: DocumentType) -> String {
    match document {
        DocumentType::Passport => lang.t("counter-document-passport"),
        DocumentType::IdCard => lang.t("counter-document-id-card"),
        DocumentType::ForeignPassport => lang.t("counter-document-foreign-passport"),
    }
}

/// Every document type with its name, for a choice between them.
pub(crate) fn document_types(lang: Lang) -> Vec<(&'static str, String)> {
    DocumentType::ALL
        .iter()
        .map(|t| (t.as_str(), document_type_name(lang, *t)))
        .collect()
}

/// A document's type with a foreign passport's issuing country: «Ξένο διαβατήριο (DE,
/// Γερμανία)».
pub(crate) fn document_with_country(
    lang: Lang,
    document: DocumentType,
    country: Option<&str>,
) -> String {
    let name = document_type_name(lang, document);
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
