//! The inputs of a form page as `partials/input.html` draws them: label, hint, the problems
//! found with the value (tied to the input by `aria-describedby`), and the error summary that
//! links to each input with a problem.

use super::date_input::DateParts;
use super::forms::FormErrors;
use crate::i18n::Lang;

/// One `<input>` with everything around it.
pub struct Input {
    /// The form field's name, also the element's id (what the error summary links to).
    pub name: &'static str,
    pub label: String,
    /// The `type` attribute.
    pub kind: &'static str,
    /// What to show in the box; never a password.
    pub value: String,
    pub autocomplete: &'static str,
    pub inputmode: &'static str,
    pub spellcheck: bool,
    /// Optional inputs say so in their label.
    pub optional: bool,
    /// Carries the `required` attribute.
    pub required: bool,
    pub hint: Option<String>,
    /// A list of rules shown under the label (the password policy).
    pub rules: Vec<String>,
    /// The problems with the value, in the page's language.
    pub errors: Vec<String>,
    /// The id of the element that lists [`Input::errors`].
    pub error_id: String,
    /// A date typed as day, month and year boxes (`partials/date_input.html`), not one box.
    pub date: Option<DateParts>,
    lang: Lang,
}

impl Input {
    /// A required text input labelled with the Fluent message `label_key`.
    pub fn new(lang: Lang, name: &'static str, label_key: &str) -> Input {
        Input {
            name,
            label: lang.t(label_key),
            kind: "text",
            value: String::new(),
            autocomplete: "",
            inputmode: "",
            spellcheck: true,
            optional: false,
            required: true,
            hint: None,
            rules: Vec::new(),
            errors: Vec::new(),
            error_id: format!("{name}-error"),
            date: None,
            lang,
        }
    }

    /// A password input: never filled in, nothing to spell-check.
    pub fn password(
        lang: Lang,
        name: &'static str,
        label_key: &str,
        autocomplete: &'static str,
    ) -> Input {
        Input {
            kind: "password",
            autocomplete,
            spellcheck: false,
            ..Input::new(lang, name, label_key)
        }
    }

    /// The current password, asked before a change.
    pub fn current_password(lang: Lang) -> Input {
        Input::password(
            lang,
            "current_password",
            "field-current-password",
            "current-password",
        )
    }

    /// A new password, under the rules it must follow.
    pub fn new_password(lang: Lang) -> Input {
        Input::password(lang, "new_password", "field-new-password", "new-password").password_rules()
    }

    /// A username being chosen (registration, activation).
    pub fn new_username(lang: Lang, value: &str) -> Input {
        Input::new(lang, "username", "field-username")
            .value(value)
            .autocomplete("username")
            .no_spellcheck()
            .hint("field-username-hint")
    }

    /// The password of a new account, under the rules it must follow.
    pub fn account_password(lang: Lang) -> Input {
        Input::password(lang, "password", "field-password", "new-password").password_rules()
    }

    /// An e-mail address.
    pub fn email(lang: Lang, value: &str) -> Input {
        Input::new(lang, "email", "field-email")
            .kind("email")
            .value(value)
            .autocomplete("email")
            .no_spellcheck()
    }

    /// A phone number, which is optional.
    pub fn phone(lang: Lang, value: &str) -> Input {
        Input::new(lang, "phone", "field-phone")
            .kind("tel")
            .value(value)
            .autocomplete("tel")
            .optional()
    }

    /// A date in three boxes, day, month and year, holding `parts`; the day box carries the
    /// field's id (the error summary links to it), the label becomes the group's legend.
    pub fn date(self, parts: &DateParts) -> Input {
        Input {
            kind: "text",
            inputmode: "numeric",
            spellcheck: false,
            date: Some(parts.clone()),
            ..self
        }
    }

    /// The boxes of a date, in the Greek order: day, month, year (none for another input).
    pub fn date_boxes(&self) -> Vec<DateBox> {
        let Some(parts) = &self.date else {
            return Vec::new();
        };
        let problem_box = parts.problem_box();
        [
            ("day", &parts.day, "date-input-day"),
            ("month", &parts.month, "date-input-month"),
            ("year", &parts.year, "date-input-year"),
        ]
        .into_iter()
        .map(|(part, value, label_key)| DateBox {
            // The day box carries the field's id: the error summary links to it.
            id: if part == "day" {
                self.name.to_owned()
            } else {
                format!("{}_{part}", self.name)
            },
            name: format!("{}_{part}", self.name),
            part,
            label: self.lang.t(label_key),
            value: value.clone(),
            // A birth date's parts have autocomplete names of their own.
            autocomplete: match self.autocomplete {
                "bday" => format!("bday-{part}"),
                other => other.to_owned(),
            },
            // The box a problem names, or every box when the date as a whole is wrong.
            invalid: self.invalid() && problem_box.is_none_or(|b| b == part),
        })
        .collect()
    }

    pub fn kind(self, kind: &'static str) -> Input {
        Input { kind, ..self }
    }

    pub fn value(self, value: &str) -> Input {
        Input {
            value: value.to_owned(),
            ..self
        }
    }

    pub fn autocomplete(self, autocomplete: &'static str) -> Input {
        Input {
            autocomplete,
            ..self
        }
    }

    /// Digits only: a numeric keypad on phones (not `type=number`, which drops leading zeros).
    pub fn numeric(self) -> Input {
        Input {
            inputmode: "numeric",
            ..self
        }
    }

    /// Codes and addresses, where a spell-checker only gets in the way.
    pub fn no_spellcheck(self) -> Input {
        Input {
            spellcheck: false,
            ..self
        }
    }

    pub fn optional(self) -> Input {
        Input {
            optional: true,
            required: false,
            ..self
        }
    }

    /// Needed only in some cases, which the hint `hint_key` explains.
    pub fn needed_when(self, hint_key: &str) -> Input {
        Input {
            required: false,
            ..self.hint(hint_key)
        }
    }

    pub fn hint(self, key: &str) -> Input {
        let hint = Some(self.lang.t(key));
        Input { hint, ..self }
    }

    /// The password rules, from the Fluent messages `password-rule-*`.
    pub fn password_rules(self) -> Input {
        let rules = [
            "password-rule-length",
            "password-rule-passphrase",
            "password-rule-common",
            "password-rule-personal",
        ]
        .iter()
        .map(|key| self.lang.t(key))
        .collect();
        Input { rules, ..self }
    }

    /// The problems reported for this input's own field name.
    pub fn errors(self, errors: &FormErrors) -> Input {
        let field = self.name;
        self.errors_of(errors, field)
    }

    /// The problems a use case reported under `field` (e.g. `address.street` for `street`).
    pub fn errors_of(self, errors: &FormErrors, field: &str) -> Input {
        Input {
            errors: errors.messages(field),
            error_id: errors.id(field),
            ..self
        }
    }

    pub fn invalid(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn hint_id(&self) -> String {
        format!("{}-hint", self.name)
    }

    pub fn rules_id(&self) -> String {
        format!("{}-rules", self.name)
    }

    /// The ids of the hint, the rules and the problems, for `aria-describedby`.
    pub fn described_by(&self) -> Option<String> {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(self.hint_id());
        }
        if !self.rules.is_empty() {
            ids.push(self.rules_id());
        }
        if self.invalid() {
            ids.push(self.error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// Who a person is, as the forms ask it (registration, the account's details, the counter):
/// given, family and father's name, birth date, and the tax number (optional), from `values`
/// (the names and the tax number as typed) and `birth_date`.
pub fn identity_inputs(
    lang: Lang,
    [given_name, family_name, father_name, tax_number]: [&str; 4],
    birth_date: &DateParts,
    errors: &FormErrors,
) -> Vec<Input> {
    vec![
        Input::new(lang, "given_name", "field-given-name")
            .value(given_name)
            .autocomplete("given-name")
            .errors(errors),
        Input::new(lang, "family_name", "field-family-name")
            .value(family_name)
            .autocomplete("family-name")
            .errors(errors),
        Input::new(lang, "father_name", "field-father-name")
            .value(father_name)
            .errors(errors),
        Input::new(lang, "birth_date", "field-birth-date")
            .date(birth_date)
            .autocomplete("bday")
            .hint("field-birth-date-hint")
            .errors(errors),
        Input::new(lang, "tax_number", "field-tax-number")
            .value(tax_number)
            .numeric()
            .no_spellcheck()
            .optional()
            .hint("field-tax-number-hint")
            .errors(errors),
    ]
}

/// The `aria-describedby` of a box with a hint: the hint's id, and the problems' id when there
/// are problems.
pub fn hint_and_errors(hint_id: &str, errors: &[String], error_id: &str) -> String {
    if errors.is_empty() {
        hint_id.to_owned()
    } else {
        format!("{hint_id} {error_id}")
    }
}

/// One radio button of a group.
pub struct Choice {
    pub id: String,
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

/// The radio buttons of the field `name`, one per `(value, label)`, `checked` telling which is
/// chosen. The first carries the field's id (the error summary links to it), the others
/// `<name>-<value>`; the ids start with `<prefix>-` where the page has several such groups.
pub fn radio_choices(
    prefix: Option<&str>,
    name: &str,
    options: impl IntoIterator<Item = (&'static str, String)>,
    checked: impl Fn(&str) -> bool,
) -> Vec<Choice> {
    options
        .into_iter()
        .enumerate()
        .map(|(i, (value, label))| Choice {
            id: match prefix {
                Some(prefix) => format!("{prefix}-{name}-{value}"),
                None if i == 0 => name.to_owned(),
                None => format!("{name}-{value}"),
            },
            value,
            label,
            checked: checked(value),
        })
        .collect()
}

/// One box of a date input (see [`Input::date`]).
pub struct DateBox {
    pub id: String,
    pub name: String,
    /// `day`, `month` or `year`, for the box's width.
    pub part: &'static str,
    pub label: String,
    pub value: String,
    pub autocomplete: String,
    pub invalid: bool,
}

/// A group of inputs under a legend, with an optional hint about them all.
pub struct Fieldset {
    /// The id of the hint, for the fieldset's `aria-describedby`.
    pub id: &'static str,
    pub legend: String,
    pub hint: Option<String>,
    pub inputs: Vec<Input>,
}

impl Fieldset {
    pub fn new(
        lang: Lang,
        id: &'static str,
        legend_key: &str,
        hint_key: Option<&str>,
        inputs: Vec<Input>,
    ) -> Fieldset {
        Fieldset {
            id,
            legend: lang.t(legend_key),
            hint: hint_key.map(|key| lang.t(key)),
            inputs,
        }
    }
}

/// A line of the error summary at the top of a refused form.
pub struct SummaryItem {
    pub href: String,
    pub text: String,
}

/// Every problem of every input, in form order, each linking to its input.
pub fn error_summary<'a>(inputs: impl IntoIterator<Item = &'a Input>) -> Vec<SummaryItem> {
    inputs
        .into_iter()
        .flat_map(|input| {
            input.errors.iter().map(|message| SummaryItem {
                href: format!("#{}", input.name),
                text: format!("{}: {message}", input.label),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dimos_app::FieldErrors;

    #[test]
    fn problems_are_described_and_summarised_under_the_use_case_field_name() {
        let mut fields = FieldErrors::new();
        fields.insert("address.postal_code".into(), vec!["invalid_length".into()]);
        let errors = FormErrors::from_fields(Lang::El, fields);
        let input = Input::new(Lang::El, "postal_code", "field-postal-code")
            .hint("field-postal-code-hint")
            .errors_of(&errors, "address.postal_code");
        assert!(input.invalid());
        assert_eq!(
            input.described_by().as_deref(),
            Some("postal_code-hint address-postal_code-error")
        );
        let summary = error_summary([&input]);
        assert_eq!(summary.len(), 1);
        assert_eq!(summary[0].href, "#postal_code");
        assert!(summary[0].text.starts_with(&input.label));

        let fine = Input::new(Lang::El, "city", "field-city").errors_of(&errors, "address.city");
        assert!(!fine.invalid() && fine.described_by().is_none());
        assert!(error_summary([&fine]).is_empty());
    }
}
