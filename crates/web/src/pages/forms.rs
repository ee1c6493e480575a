//! What a form page needs after a refused submission: the values typed (never passwords) and,
//! per field, the problems in the page's language.

use crate::i18n::Lang;
use dimos_app::{AppError, FieldErrors};
use std::collections::BTreeMap;

#[derive(Debug, Default, Clone)]
pub struct FormErrors {
    lang: Lang,
    fields: FieldErrors,
    /// The form's own words, `<prefix>-<field>-<code>` then `<prefix>-<code>`, come before the
    /// shared ones, and `<prefix>-invalid` is the last resort (see [`FormErrors::worded_by_code`]).
    prefix: Option<&'static str>,
    /// A problem with the form as a whole (wrong credentials, too many attempts, …).
    pub summary: Option<String>,
}

impl FormErrors {
    pub fn none(lang: Lang) -> FormErrors {
        FormErrors {
            lang,
            ..FormErrors::default()
        }
    }

    pub fn from_fields(lang: Lang, fields: FieldErrors) -> FormErrors {
        FormErrors {
            lang,
            fields,
            ..FormErrors::default()
        }
    }

    pub fn summary(lang: Lang, key: &str) -> FormErrors {
        FormErrors {
            lang,
            fields: BTreeMap::new(),
            summary: Some(lang.t(key)),
            prefix: None,
        }
    }

    /// The field problems of a use case's answer (a taken username is the `username` field's);
    /// `None` for anything else (the page decides).
    pub fn of_fields(lang: Lang, error: &AppError) -> Option<FormErrors> {
        match error {
            AppError::Validation(_) | AppError::UsernameTaken => form_errors(lang, error),
            _ => None,
        }
    }

    /// Problems told in the form's own words first: `<prefix>-<field>-<code>`, then
    /// `<prefix>-<code>`, then the shared wording, `<prefix>-invalid` last (the admin forms:
    /// `admin-error`).
    pub fn worded_by_code(self, prefix: &'static str) -> FormErrors {
        FormErrors {
            prefix: Some(prefix),
            ..self
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.fields.contains_key(field)
    }

    /// The messages for `field`: the form's own words (see [`FormErrors::worded_by_code`]),
    /// else `field-error-<field>-<code>` when there is one, else the generic
    /// `field-error-<code>`.
    pub fn messages(&self, field: &str) -> Vec<String> {
        let Some(codes) = self.fields.get(field) else {
            return Vec::new();
        };
        let last = self.prefix.map_or_else(
            || "field-error-invalid".to_owned(),
            |p| format!("{p}-invalid"),
        );
        codes
            .iter()
            .map(|code| {
                let own = self
                    .prefix
                    .into_iter()
                    .flat_map(|p| [format!("{p}-{field}-{code}"), format!("{p}-{code}")]);
                let shared = [
                    format!("field-error-{}-{code}", field.replace('.', "-")),
                    format!("field-error-{code}"),
                ];
                own.chain(shared)
                    .find_map(|key| self.lang.try_t(&key))
                    .unwrap_or_else(|| self.lang.t(&last))
            })
            .collect()
    }

    /// The messages of the fields with problems that none of `shown` displays (a tampered or
    /// unexpected field), one list.
    pub fn others(&self, shown: &[&str]) -> Vec<String> {
        self.fields
            .keys()
            .filter(|f| !shown.contains(&f.as_str()))
            .flat_map(|f| self.messages(f))
            .collect()
    }

    /// The id of the element holding `field`'s messages, for `aria-describedby`.
    pub fn id(&self, field: &str) -> String {
        format!("{}-error", field.replace('.', "-"))
    }
}

/// The answer of a use case as a form error, or `None` when the page must fail as a whole.
/// Like [`form_errors`] for forms that show field errors only: a throttle's refusal is no
/// field's fault, so it is `None` here and the caller's `PageError` answers with the 429 page
/// (which says to wait) and `Retry-After`.
pub fn field_form_errors(lang: Lang, error: &AppError) -> Option<FormErrors> {
    match error {
        AppError::TooManyAttempts { .. } => None,
        other => form_errors(lang, other),
    }
}

/// Adds `Retry-After` to the answer when a throttle refused the action.
pub fn with_retry_after(
    mut response: axum::response::Response,
    error: &AppError,
) -> axum::response::Response {
    if let AppError::TooManyAttempts { retry_after_secs } = error {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from((*retry_after_secs).max(1)),
        );
    }
    response
}

pub fn form_errors(lang: Lang, error: &AppError) -> Option<FormErrors> {
    match error {
        AppError::Validation(fields) => Some(FormErrors::from_fields(lang, fields.clone())),
        AppError::InvalidCredentials => {
            Some(FormErrors::summary(lang, "form-error-invalid-credentials"))
        }
        AppError::UsernameTaken => {
            let mut fields = FieldErrors::new();
            fields.insert("username".into(), vec!["taken".into()]);
            Some(FormErrors::from_fields(lang, fields))
        }
        AppError::Conflict { code, .. } => {
            Some(FormErrors::summary(lang, &format!("conflict-{code}")))
        }
        AppError::TooManyAttempts { retry_after_secs } => {
            let mut errors = FormErrors::summary(lang, "form-error-too-many-attempts");
            let minutes = retry_after_secs.div_ceil(60);
            if let Some(summary) = errors.summary.as_mut() {
                summary.push_str(&format!(" ({} {})", minutes, lang.t("unit-minutes")));
            }
            Some(errors)
        }
        _ => None,
    }
}
