//! The inputs of the admin forms as the templates draw them (`staff/admin/_field.html`,
//! `_choices.html`): label, hint, the problems found (tied to the input by `aria-describedby`
//! and `aria-invalid`), and the error summary that links to each.

use crate::i18n::Lang;
use crate::pages::forms::FormErrors;
use dimos_app::AppError;

/// The problems of a refused admin form, in the admin forms' own words first
/// (`admin-error-<field>-<code>`, `admin-error-<code>`); `None` when the page must fail as a
/// whole.
pub fn admin_errors(lang: Lang, error: &AppError) -> Option<FormErrors> {
    FormErrors::of_fields(lang, error).map(|errors| errors.worded_by_code("admin-error"))
}

/// What an input or a group of boxes has around it: its name (also the element's id, what the
/// error summary links to), a hint, and the problems found (tied to it by `aria-describedby`).
pub struct Notes {
    pub name: String,
    pub hint: Option<String>,
    pub errors: Vec<String>,
}

impl Notes {
    fn new(errors: &FormErrors, name: &str) -> Notes {
        Notes {
            name: name.to_owned(),
            hint: None,
            errors: errors.messages(name),
        }
    }

    pub fn invalid(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn hint_id(&self) -> String {
        format!("{}-hint", self.name)
    }

    pub fn error_id(&self) -> String {
        format!("{}-error", self.name)
    }

    /// The ids of the hint and the problems, for `aria-describedby`.
    pub fn described_by(&self) -> Option<String> {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(self.hint_id());
        }
        if self.invalid() {
            ids.push(self.error_id());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

impl std::ops::Deref for Field {
    type Target = Notes;

    fn deref(&self) -> &Notes {
        &self.notes
    }
}

impl std::ops::Deref for Choices {
    type Target = Notes;

    fn deref(&self) -> &Notes {
        &self.notes
    }
}

/// One text input (or text area) with everything around it.
pub struct Field {
    /// Its name, hint and problems.
    pub notes: Notes,
    pub label: String,
    /// The `type` attribute, or `textarea`.
    pub kind: &'static str,
    pub value: String,
    pub optional: bool,
    pub autocomplete: &'static str,
    /// Codes and numbers: no spell-checking, no capitals.
    pub plain: bool,
    /// A narrow box (codes, amounts, days, times).
    pub short: bool,
}

impl Field {
    pub fn new(lang: Lang, errors: &FormErrors, name: &str, label_key: &str) -> Field {
        Field {
            notes: Notes::new(errors, name),
            label: lang.t(label_key),
            kind: "text",
            value: String::new(),
            optional: false,
            autocomplete: "off",
            plain: false,
            short: false,
        }
    }

    pub fn value(self, value: &str) -> Field {
        Field {
            value: value.to_owned(),
            ..self
        }
    }

    pub fn kind(self, kind: &'static str) -> Field {
        Field { kind, ..self }
    }

    pub fn hint(mut self, lang: Lang, key: &str) -> Field {
        self.notes.hint = Some(lang.t(key));
        self
    }

    pub fn optional(self) -> Field {
        Field {
            optional: true,
            ..self
        }
    }

    pub fn autocomplete(self, autocomplete: &'static str) -> Field {
        Field {
            autocomplete,
            ..self
        }
    }

    /// A code or a number: narrow, never spell-checked.
    pub fn plain(self) -> Field {
        Field {
            plain: true,
            short: true,
            ..self
        }
    }

    /// Full width, for a list of codes.
    pub fn wide(self) -> Field {
        Field {
            short: false,
            ..self
        }
    }
}

/// A group of checkboxes or radio buttons under a legend.
pub struct Choices {
    /// Its name, hint and problems.
    pub notes: Notes,
    pub legend: String,
    /// `checkbox` or `radio`.
    pub kind: &'static str,
    pub options: Vec<Choice>,
}

pub struct Choice {
    pub id: String,
    pub value: String,
    pub label: String,
    pub checked: bool,
}

impl Choices {
    /// Checkboxes named `name`, one per `(value, label, checked)`.
    pub fn checkboxes(
        lang: Lang,
        errors: &FormErrors,
        name: &str,
        legend_key: &str,
        options: Vec<(String, String, bool)>,
    ) -> Choices {
        Choices {
            notes: Notes::new(errors, name),
            legend: lang.t(legend_key),
            kind: "checkbox",
            options: options
                .into_iter()
                .map(|(value, label, checked)| Choice {
                    id: format!("{name}-{value}"),
                    value,
                    label,
                    checked,
                })
                .collect(),
        }
    }

    /// Radio buttons named `name`: exactly one of them is `selected`.
    pub fn radios(
        lang: Lang,
        errors: &FormErrors,
        name: &str,
        legend_key: &str,
        options: Vec<(String, String)>,
        selected: &str,
    ) -> Choices {
        let options = options
            .into_iter()
            .map(|(value, label)| {
                let checked = value == selected;
                (value, label, checked)
            })
            .collect();
        Choices {
            kind: "radio",
            ..Choices::checkboxes(lang, errors, name, legend_key, options)
        }
    }

    /// A single checkbox named `name` (sent as `name=1` when ticked) under a legend.
    pub fn flag(
        lang: Lang,
        errors: &FormErrors,
        name: &str,
        legend_key: &str,
        label_key: &str,
        checked: bool,
    ) -> Choices {
        Choices::checkboxes(
            lang,
            errors,
            name,
            legend_key,
            vec![("1".to_owned(), lang.t(label_key), checked)],
        )
    }

    pub fn hint(mut self, lang: Lang, key: &str) -> Choices {
        self.notes.hint = Some(lang.t(key));
        self
    }

    /// Where the error summary points: the first box.
    fn anchor(&self) -> String {
        self.options
            .first()
            .map_or_else(|| self.name.clone(), |o| o.id.clone())
    }
}

/// A line of the error summary at the top of a refused form.
pub struct SummaryItem {
    pub href: String,
    pub text: String,
}

/// Every problem of the form, in form order, each linking to its input.
pub fn summary(fields: &[&Field], choices: &[&Choices]) -> Vec<SummaryItem> {
    let mut items = Vec::new();
    for field in fields {
        for message in &field.errors {
            items.push(SummaryItem {
                href: format!("#{}", field.name),
                text: format!("{}: {message}", field.label),
            });
        }
    }
    for group in choices {
        for message in &group.errors {
            items.push(SummaryItem {
                href: format!("#{}", group.anchor()),
                text: format!("{}: {message}", group.legend),
            });
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_with_a_problem_is_described_by_it() {
        let errors = admin_errors(Lang::En, &AppError::field("code", "invalid_code"))
            .expect("a validation error");
        let code = Field::new(Lang::En, &errors, "code", "admin-field-code")
            .hint(Lang::En, "admin-department-code-hint")
            .plain();
        assert!(code.invalid());
        assert_eq!(code.described_by().as_deref(), Some("code-hint code-error"));
        assert!(!code.errors[0].is_empty());
        let name = Field::new(Lang::En, &errors, "name_el", "admin-field-name-el");
        assert!(!name.invalid() && name.described_by().is_none());
        let items = summary(&[&code, &name], &[]);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].href, "#code");
    }

    #[test]
    fn every_admin_error_code_has_a_message() {
        for code in [
            "required",
            "invalid_code",
            "too_short",
            "too_long",
            "taken",
            "invalid_character",
            "unknown_department",
            "unknown_value",
            "invalid_format",
            "negative",
            "too_large",
            "out_of_range",
            "not_a_number",
            "invalid_time",
            "closes_before_opens",
            "overlapping",
        ] {
            for lang in Lang::ALL {
                assert!(
                    lang.try_t(&format!("admin-error-{code}")).is_some(),
                    "admin-error-{code} in {}",
                    lang.code()
                );
            }
        }
    }
}
