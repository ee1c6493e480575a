//! The problems of a refused request form in the request pages' own words:
//! `request-error-<field>-<code>` where there is one, else the wording the other forms use.

use crate::i18n::Lang;
use crate::pages::forms::{FormErrors, form_errors};
use crate::pages::inputs::SummaryItem;
use dimos_app::{AppError, FieldErrors};

#[derive(Debug, Default)]
pub struct Problems {
    lang: Lang,
    form: FormErrors,
    fields: FieldErrors,
}

impl Problems {
    pub fn none(lang: Lang) -> Problems {
        Problems {
            lang,
            form: FormErrors::none(lang),
            fields: FieldErrors::new(),
        }
    }

    /// The field problems of a use case's answer; `None` for anything else (the page decides).
    pub fn from_error(lang: Lang, error: &AppError) -> Option<Problems> {
        let AppError::Validation(fields) = error else {
            return None;
        };
        Some(Problems {
            lang,
            form: form_errors(lang, error)?,
            fields: fields.clone(),
        })
    }

    /// Fields with problems that none of `shown` displays (a tampered or unexpected field).
    pub fn others(&self, shown: &[&str]) -> Vec<String> {
        self.fields
            .keys()
            .filter(|f| !shown.contains(&f.as_str()))
            .flat_map(|f| self.messages(f))
            .collect()
    }

    pub fn messages(&self, field: &str) -> Vec<String> {
        let Some(codes) = self.fields.get(field) else {
            return Vec::new();
        };
        let generic = self.form.messages(field);
        codes
            .iter()
            .enumerate()
            .map(|(i, code)| {
                self.lang
                    .try_t(&format!("request-error-{field}-{code}"))
                    .or_else(|| generic.get(i).cloned())
                    .unwrap_or_else(|| self.lang.t("field-error-invalid"))
            })
            .collect()
    }

    /// The problems of a required attachment's file input, named by the attachment's code:
    /// in the words of `request-error-attachment-<code>` where there are some.
    pub fn attachment_messages(&self, field: &str) -> Vec<String> {
        let Some(codes) = self.fields.get(field) else {
            return Vec::new();
        };
        let generic = self.messages(field);
        codes
            .iter()
            .enumerate()
            .map(|(i, code)| {
                self.lang
                    .try_t(&format!("request-error-attachment-{code}"))
                    .or_else(|| generic.get(i).cloned())
                    .unwrap_or_else(|| self.lang.t("field-error-invalid"))
            })
            .collect()
    }

    /// The summary lines of `field`, each linking to `#target` and starting with `label`.
    pub fn summary(&self, field: &str, label: &str, target: &str) -> Vec<SummaryItem> {
        self.messages(field)
            .into_iter()
            .map(|message| SummaryItem {
                href: format!("#{target}"),
                text: format!("{label}: {message}"),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_words_first_then_the_shared_ones() {
        let mut fields = FieldErrors::new();
        fields.insert("reason".into(), vec!["required".into()]);
        fields.insert("notes".into(), vec!["too_long".into()]);
        fields.insert("to".into(), vec!["unknown_value".into()]);
        let problems = Problems::from_error(Lang::En, &AppError::Validation(fields)).unwrap();
        assert_eq!(
            problems.messages("reason"),
            vec![Lang::En.t("request-error-reason-required")]
        );
        assert_eq!(
            problems.messages("notes"),
            vec![Lang::En.t("request-error-notes-too_long")]
        );
        assert_eq!(problems.others(&["reason", "notes"]).len(), 1);
        assert!(problems.messages("missing").is_empty());
        assert!(Problems::from_error(Lang::En, &AppError::NotFound).is_none());
        let summary = problems.summary("reason", "Reason", "rejected-reason");
        assert_eq!(summary[0].href, "#rejected-reason");
        assert!(summary[0].text.starts_with("Reason: "));
    }
}
