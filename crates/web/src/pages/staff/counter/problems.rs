//! The problems of a refused counter form in the verifier's words: `counter-error-<field>-<code>`
//! where the counter has its own message, else the message the citizen forms use.

use crate::i18n::Lang;
use crate::pages::forms::{FormErrors, form_errors};
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

    /// The problems of a use case's answer; `None` when the page must fail as a whole.
    pub fn from_error(lang: Lang, error: &AppError) -> Option<Problems> {
        let form = form_errors(lang, error)?;
        let fields = match error {
            AppError::Validation(fields) => fields.clone(),
            _ => FieldErrors::new(),
        };
        Some(Problems { lang, form, fields })
    }

    /// A problem with the form as a whole (a conflict), for the alert at the top.
    pub fn summary(&self) -> Option<String> {
        self.form.summary.clone()
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
                    .try_t(&format!("counter-error-{field}-{code}"))
                    .or_else(|| generic.get(i).cloned())
                    .unwrap_or_else(|| self.lang.t("field-error-invalid"))
            })
            .collect()
    }

    /// The id of the element holding `field`'s messages, for `aria-describedby`.
    pub fn id(&self, field: &str) -> String {
        self.form.id(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counter_has_its_own_words_and_falls_back_to_the_forms() {
        let mut fields = FieldErrors::new();
        fields.insert("expires_on".into(), vec!["expired".into()]);
        fields.insert("given_name".into(), vec!["invalid_character".into()]);
        let problems =
            Problems::from_error(Lang::El, &AppError::Validation(fields)).expect("field problems");
        assert_eq!(
            problems.messages("expires_on"),
            vec![Lang::El.t("counter-error-expires_on-expired")]
        );
        assert_eq!(
            problems.messages("given_name"),
            vec![Lang::El.t("field-error-given_name-invalid_character")]
        );
        assert!(problems.messages("office").is_empty());
        assert!(problems.summary().is_none());
    }

    #[test]
    fn a_conflict_is_a_summary_naming_it() {
        let conflict = AppError::Conflict {
            code: "tax_number_already_certified",
        };
        let problems = Problems::from_error(Lang::En, &conflict).expect("a summary");
        assert_eq!(
            problems.summary(),
            Some(Lang::En.t("conflict-tax_number_already_certified"))
        );
        assert!(Problems::from_error(Lang::En, &AppError::NotFound).is_none());
    }
}
