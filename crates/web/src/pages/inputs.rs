//! The inputs of a form page as `partials/input.html` (and `partials/choices.html`) draws them:
//! label, hint, the problems found with the value (tied to the input by `aria-describedby`), and
//! the error summary that links to each input with a problem. One kit for every form, the
//! administration's included.

use super::date_input::DateParts;
use super::forms::FormErrors;
use crate::i18n::Lang;

/// One `<input>` (or `<textarea>`) with everything around it.
pub struct Input {
    /// The form field's name.
    pub name: String,
    /// The element's id (what the error summary links to): the name, unless forms of one page
    /// share names.
    pub id: String,
    pub label: String,
    /// The `type` attribute, or `textarea`.
    pub kind: &'static str,
    /// What to show in the box; never a password.
    pub value: String,
    pub autocomplete: &'static str,
    pub inputmode: &'static str,
    pub spellcheck: bool,
    /// The `autocapitalize` attribute, none when empty.
    pub autocapitalize: &'static str,
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
    /// The box's `class` (its width), none when empty.
    pub class: &'static str,
    /// The `rows` of a text area.
    pub rows: u8,
    /// The `maxlength` attribute, none when 0.
    pub maxlength: u16,
    /// The Fluent message read out before each problem.
    pub error_prefix: &'static str,
    /// The options of a `select` (their ids unused).
    pub options: Vec<Choice>,
    /// The `pattern` attribute, none when empty.
    pub pattern: &'static str,
    /// Ids of other elements that describe the box too (a form's summary), before its own.
    pub also_described_by: Vec<String>,
    /// Marked invalid (`aria-invalid`) though it has no problems of its own: the form's summary
    /// tells what is wrong.
    pub flagged: bool,
    /// A checkbox that is ticked.
    pub checked: bool,
    /// A warning already worded, drawn between the problems and the box.
    pub note: Option<String>,
    /// In a table cell: the label only for screen readers, no wrapper of its own (the cell is).
    pub in_cell: bool,
    /// The `accept` attribute of a file input, none when empty.
    pub accept: &'static str,
    lang: Lang,
}

/// The kinds of file an attachment may be: what a file input offers to pick.
pub const ATTACHMENT_TYPES: &str = "application/pdf,image/jpeg,image/png";

impl Input {
    /// A required text input labelled with the Fluent message `label_key`.
    pub fn new(lang: Lang, name: &str, label_key: &str) -> Input {
        Input {
            name: name.to_owned(),
            id: name.to_owned(),
            label: lang.t(label_key),
            kind: "text",
            value: String::new(),
            autocomplete: "",
            inputmode: "",
            spellcheck: true,
            autocapitalize: "",
            optional: false,
            required: true,
            hint: None,
            rules: Vec::new(),
            errors: Vec::new(),
            error_id: format!("{name}-error"),
            date: None,
            class: "",
            rows: 0,
            maxlength: 0,
            error_prefix: "error-prefix",
            options: Vec::new(),
            pattern: "",
            also_described_by: Vec::new(),
            flagged: false,
            checked: false,
            note: None,
            in_cell: false,
            accept: "",
            lang,
        }
    }

    /// The file attached to a request after it was made (by the citizen or a clerk).
    pub fn attachment_upload(lang: Lang) -> Input {
        Input::new(lang, "file", "request-attachment-label")
            .hint("request-attachment-hint")
            .file(ATTACHMENT_TYPES)
    }

    /// An input of an administration form, with the problems `errors` holds for it: no
    /// autocompletion, its problems read out as the admin forms word them.
    pub fn admin(lang: Lang, errors: &FormErrors, name: &str, label_key: &str) -> Input {
        Input {
            error_prefix: "admin-error-prefix",
            ..Input::new(lang, name, label_key)
                .autocomplete("off")
                .errors(errors)
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
            ..Input::new(lang, name, label_key).no_spellcheck()
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

    /// A text area of `rows` lines, drawn with the box class `class`.
    pub fn textarea(self, rows: u8, class: &'static str) -> Input {
        Input {
            kind: "textarea",
            rows,
            class,
            ..self
        }
    }

    /// A drop-down list of `(value, label)`, the one whose value is `selected` chosen, drawn
    /// with the class `class`.
    pub fn select(
        self,
        options: impl IntoIterator<Item = (String, String)>,
        selected: &str,
        class: &'static str,
    ) -> Input {
        let options = options
            .into_iter()
            .map(|(value, label)| Choice {
                id: String::new(),
                name: None,
                checked: value == selected,
                value,
                label,
            })
            .collect();
        Input {
            kind: "select",
            options,
            class,
            ..self
        }
    }

    /// A single checkbox, sending `value` when ticked (`checked` says whether it is), its label
    /// after it, both in a wrapper of class `class`; never required.
    pub fn checkbox(self, value: &str, checked: bool, class: &'static str) -> Input {
        Input {
            kind: "checkbox",
            checked,
            class,
            ..self.value(value).may_be_empty()
        }
    }

    /// A warning, already worded, drawn between the problems and the box; none when `None`.
    pub fn note(self, note: Option<String>) -> Input {
        Input { note, ..self }
    }

    /// Drawn in a table cell, whose column heading names it: its label visually hidden, and no
    /// wrapper of its own.
    pub fn in_cell(self) -> Input {
        Input {
            in_cell: true,
            ..self
        }
    }

    /// A label already worded (not a Fluent message).
    pub fn label_text(self, label: String) -> Input {
        Input { label, ..self }
    }

    /// A file input, offering the kinds of file `accept` lists.
    pub fn file(self, accept: &'static str) -> Input {
        Input {
            kind: "file",
            accept,
            ..self
        }
    }

    /// The box's class (its width).
    pub fn class(self, class: &'static str) -> Input {
        Input { class, ..self }
    }

    pub fn maxlength(self, maxlength: u16) -> Input {
        Input { maxlength, ..self }
    }

    pub fn pattern(self, pattern: &'static str) -> Input {
        Input { pattern, ..self }
    }

    /// Described also by the element `id` (a hint for a group of inputs), before its own.
    pub fn also_described_by(self, id: &str) -> Input {
        let mut also_described_by = self.also_described_by;
        also_described_by.push(id.to_owned());
        Input {
            also_described_by,
            ..self
        }
    }

    /// Described also by the element `id` (a form's summary), and marked invalid with it, when
    /// `problem` is true; as it was otherwise.
    pub fn tied_to(self, id: &str, problem: bool) -> Input {
        if !problem {
            return self;
        }
        Input {
            flagged: true,
            ..self.also_described_by(id)
        }
    }

    /// A code or a number in an administration form: narrow, never spell-checked.
    pub fn plain(self) -> Input {
        self.no_spellcheck().class("admin-input-short")
    }

    /// Full width again, for a list of codes.
    pub fn wide(self) -> Input {
        self.class("")
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
            autocapitalize: "none",
            ..self
        }
    }

    /// A code typed in capitals (a tracking or document number): never spell-checked, no
    /// autocompletion.
    pub fn code(self) -> Input {
        Input {
            spellcheck: false,
            autocapitalize: "characters",
            ..self.autocomplete("off")
        }
    }

    /// The element's id when it is not the name; the problems are then listed under
    /// `<id>-error`, when there are any.
    pub fn id(self, id: String) -> Input {
        Input {
            error_id: format!("{id}-error"),
            id,
            ..self
        }
    }

    /// A hint already worded (not a Fluent message).
    pub fn hint_text(self, hint: String) -> Input {
        Input {
            hint: Some(hint),
            ..self
        }
    }

    /// Problems already worded, listed under the input's own error id.
    pub fn problems(self, errors: Vec<String>) -> Input {
        Input { errors, ..self }
    }

    pub fn optional(self) -> Input {
        Input {
            optional: true,
            required: false,
            ..self
        }
    }

    /// May be left empty, without saying so in the label (a search filter).
    pub fn may_be_empty(self) -> Input {
        Input {
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
        let hint = self.lang.t(key);
        self.hint_text(hint)
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
        let field = self.name.clone();
        self.errors_of(errors, &field)
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

    /// Carries `aria-invalid`: it has problems, or the form's summary says it is wrong.
    pub fn marked_invalid(&self) -> bool {
        self.invalid() || self.flagged
    }

    pub fn hint_id(&self) -> String {
        format!("{}-hint", self.id)
    }

    pub fn rules_id(&self) -> String {
        format!("{}-rules", self.id)
    }

    /// The ids of what else describes it, the hint, the rules and the problems, for
    /// `aria-describedby`.
    pub fn described_by(&self) -> Option<String> {
        let also = (!self.also_described_by.is_empty()).then(|| self.also_described_by.join(" "));
        describing([
            also,
            self.hint.is_some().then(|| self.hint_id()),
            (!self.rules.is_empty()).then(|| self.rules_id()),
            self.invalid().then(|| self.error_id.clone()),
        ])
    }

    /// The lines of the error summary for this input, each linking to it.
    pub fn summary(&self) -> Vec<SummaryItem> {
        summary_lines(&self.id, &self.label, &self.errors)
    }
}

/// The ids of what describes a box (those there are), for `aria-describedby`.
fn describing<const N: usize>(ids: [Option<String>; N]) -> Option<String> {
    let ids: Vec<String> = ids.into_iter().flatten().collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn summary_lines(anchor: &str, label: &str, errors: &[String]) -> Vec<SummaryItem> {
    errors
        .iter()
        .map(|message| SummaryItem {
            href: format!("#{anchor}"),
            text: format!("{label}: {message}"),
        })
        .collect()
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

/// One radio button or checkbox of a group.
#[derive(Clone)]
pub struct Choice {
    pub id: String,
    /// A field name of its own, instead of the group's.
    pub name: Option<String>,
    pub value: String,
    pub label: String,
    pub checked: bool,
}

impl Choice {
    /// A checkbox with a field name of its own, `name`, which is also its id: sent as
    /// `<name>=on` when ticked.
    pub fn own_checkbox(name: String, label: String, checked: bool) -> Choice {
        Choice {
            id: name.clone(),
            name: Some(name),
            value: "on".to_owned(),
            label,
            checked,
        }
    }
}

/// A group of checkboxes or radio buttons under a legend (`partials/choices.html`), with a
/// hint and the problems found (tied to the group by `aria-describedby`).
pub struct Choices {
    /// The form field's name; the error summary links to the first box.
    pub name: String,
    pub legend: String,
    /// `checkbox` or `radio`.
    pub kind: &'static str,
    pub options: Vec<Choice>,
    pub hint: Option<String>,
    pub errors: Vec<String>,
    pub error_id: String,
    /// The Fluent message read out before each problem.
    pub error_prefix: &'static str,
    /// The fieldset's class, the legend's (none when empty) and each box's wrapper's.
    pub class: &'static str,
    pub legend_class: &'static str,
    pub option_class: &'static str,
    /// Every box carries the `required` attribute.
    pub required: bool,
    /// What to say when there is nothing to choose from.
    pub empty: Option<String>,
    lang: Lang,
}

impl Choices {
    /// Radio buttons named `name` (see [`radio_choices`]) that must be chosen from, under the
    /// legend `legend_key`, in a fieldset of class `class`, each box in a `option_class` wrapper.
    pub fn required_radios(
        lang: Lang,
        name: &str,
        legend_key: &str,
        options: Vec<Choice>,
        [class, option_class]: [&'static str; 2],
    ) -> Choices {
        Choices {
            name: name.to_owned(),
            legend: lang.t(legend_key),
            kind: "radio",
            options,
            hint: None,
            errors: Vec::new(),
            error_id: format!("{name}-error"),
            error_prefix: "error-prefix",
            class,
            legend_class: "",
            option_class,
            required: true,
            empty: None,
            lang,
        }
    }

    /// Problems already worded, listed under `error_id`.
    pub fn problems(self, errors: Vec<String>, error_id: String) -> Choices {
        Choices {
            errors,
            error_id,
            ..self
        }
    }

    /// Checkboxes of an administration form named `name`, one per `(value, label, checked)`,
    /// with the problems `errors` holds for them.
    pub fn checkboxes(
        lang: Lang,
        errors: &FormErrors,
        name: &str,
        legend_key: &str,
        options: Vec<(String, String, bool)>,
    ) -> Choices {
        Choices {
            name: name.to_owned(),
            legend: lang.t(legend_key),
            kind: "checkbox",
            options: options
                .into_iter()
                .map(|(value, label, checked)| Choice {
                    id: format!("{name}-{value}"),
                    name: None,
                    value,
                    label,
                    checked,
                })
                .collect(),
            hint: None,
            errors: errors.messages(name),
            error_id: errors.id(name),
            error_prefix: "admin-error-prefix",
            class: "choices",
            legend_class: "choices-legend",
            option_class: "choice",
            required: false,
            empty: Some(lang.t("admin-no-choices")),
            lang,
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
        let options = vec![("1".to_owned(), lang.t(label_key), checked)];
        Choices::checkboxes(lang, errors, name, legend_key, options)
    }

    pub fn hint(self, key: &str) -> Choices {
        let hint = Some(self.lang.t(key));
        Choices { hint, ..self }
    }

    /// The boxes `options`, instead of those it was made with.
    pub fn options(self, options: Vec<Choice>) -> Choices {
        Choices { options, ..self }
    }

    /// Drawn with the classes of the fieldset, of the legend (none when empty) and of each
    /// box's wrapper.
    pub fn drawn_as(self, [class, legend_class, option_class]: [&'static str; 3]) -> Choices {
        Choices {
            class,
            legend_class,
            option_class,
            ..self
        }
    }

    /// The field name `option` is sent under: its own, or the group's.
    pub fn name_of<'a>(&'a self, option: &'a Choice) -> &'a str {
        option.name.as_deref().unwrap_or(&self.name)
    }

    pub fn invalid(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn hint_id(&self) -> String {
        format!("{}-hint", self.name)
    }

    /// The ids of the hint and the problems, for `aria-describedby`.
    pub fn described_by(&self) -> Option<String> {
        describing([
            self.hint.is_some().then(|| self.hint_id()),
            self.invalid().then(|| self.error_id.clone()),
        ])
    }

    /// The lines of the error summary for this group, each linking to its first box.
    pub fn summary(&self) -> Vec<SummaryItem> {
        let anchor = self.options.first().map_or(&self.name, |o| &o.id);
        summary_lines(anchor, &self.legend, &self.errors)
    }
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
            name: None,
            value: value.to_owned(),
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
    inputs.into_iter().flat_map(Input::summary).collect()
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

    #[test]
    fn an_admin_input_with_a_problem_is_described_by_it() {
        use crate::pages::forms::admin_errors;
        use dimos_app::AppError;
        let errors = admin_errors(Lang::En, &AppError::field("code", "invalid_code"))
            .expect("a validation error");
        let code = Input::admin(Lang::En, &errors, "code", "admin-field-code")
            .hint("admin-department-code-hint")
            .plain();
        assert!(code.invalid());
        assert_eq!(code.described_by().as_deref(), Some("code-hint code-error"));
        assert!(!code.errors[0].is_empty());
        let name = Input::admin(Lang::En, &errors, "name_el", "admin-field-name-el");
        assert!(!name.invalid() && name.described_by().is_none());
        let items = error_summary([&code, &name]);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].href, "#code");
    }

    #[test]
    fn a_box_tied_to_the_summary_is_described_by_it_and_marked_invalid() {
        let plain = Input::new(Lang::En, "username", "field-username");
        let untied =
            Input::new(Lang::En, "username", "field-username").tied_to("form-summary", false);
        assert!(!untied.marked_invalid() && untied.described_by().is_none());
        let tied = plain.tied_to("form-summary", true);
        assert!(tied.marked_invalid() && !tied.invalid());
        assert_eq!(tied.described_by().as_deref(), Some("form-summary"));
        assert!(tied.summary().is_empty(), "the summary already says it");

        let file = Input::new(Lang::En, "id_copy", "clerk-request-attachment-label")
            .id("attachment-id_copy".to_owned())
            .also_described_by("attachments-hint")
            .file(ATTACHMENT_TYPES)
            .problems(vec!["missing".to_owned()]);
        assert!(file.marked_invalid());
        assert_eq!(
            file.described_by().as_deref(),
            Some("attachments-hint attachment-id_copy-error")
        );
        assert_eq!(file.summary()[0].href, "#attachment-id_copy");
    }

    #[test]
    fn a_choice_with_a_name_of_its_own_is_sent_under_it() {
        let group = Choices::checkboxes(
            Lang::En,
            &FormErrors::none(Lang::En),
            "key_kinds",
            "api-keys-field-kinds",
            vec![("x".to_owned(), "X".to_owned(), false)],
        );
        let own = Choice::own_checkbox("kind_fines".to_owned(), "Fines".to_owned(), true);
        assert_eq!(group.name_of(&own), "kind_fines");
        assert_eq!(own.id, "kind_fines");
        assert_eq!(group.name_of(&group.options[0]), "key_kinds");
    }

    #[test]
    fn a_group_with_a_problem_is_summarised_at_its_first_box() {
        use crate::pages::forms::admin_errors;
        use dimos_app::AppError;
        let errors = admin_errors(Lang::En, &AppError::field("delivery", "required"))
            .expect("a validation error");
        let options = vec![
            ("pickup".to_owned(), "Pickup".to_owned(), false),
            ("post".to_owned(), "Post".to_owned(), false),
        ];
        let group = Choices::checkboxes(
            Lang::En,
            &errors,
            "delivery",
            "admin-service-delivery-legend",
            options,
        )
        .hint("admin-service-delivery-hint");
        assert_eq!(
            group.described_by().as_deref(),
            Some("delivery-hint delivery-error")
        );
        let items = group.summary();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].href, "#delivery-pickup");
        assert!(items[0].text.starts_with(&group.legend));
    }
}
