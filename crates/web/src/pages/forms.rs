//! What a form page needs after a refused submission: the values typed (never passwords) and,
//! per field, the problems in the page's language.

use super::PageError;
use super::inputs::SummaryItem;
use crate::i18n::Lang;
use dimos_app::{AppError, FieldErrors};

#[derive(Debug, Default, Clone)]
pub struct FormErrors {
    lang: Lang,
    fields: FieldErrors,
    /// Whose words come first (see [`FormErrors::worded`]).
    words: Words,
    /// A problem with the form as a whole (wrong credentials, too many attempts, …).
    pub summary: Option<String>,
}

/// The Fluent messages a form's problems are told in before the shared `field-error-*` ones.
#[derive(Debug, Default, Clone, Copy)]
struct Words {
    /// `<prefix>-<field>-<code>` (e.g. `request-error-reason-required`).
    prefix: Option<&'static str>,
    /// Also `<prefix>-<code>`, and `<prefix>-invalid` as the last resort.
    by_code: bool,
}

impl FormErrors {
    pub fn none(lang: Lang) -> FormErrors {
        FormErrors {
            lang,
            ..FormErrors::default()
        }
    }

    /// The language the problems are told in.
    pub fn lang(&self) -> Lang {
        self.lang
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
            summary: Some(lang.t(key)),
            ..FormErrors::none(lang)
        }
    }

    /// The field problems of a use case's answer (a taken username is the `username` field's);
    /// `None` for anything else (the page decides).
    pub fn of_fields(lang: Lang, error: &AppError) -> Option<FormErrors> {
        match error {
            AppError::Validation(fields) => Some(FormErrors::from_fields(lang, fields.clone())),
            AppError::UsernameTaken => Some(FormErrors::from_fields(
                lang,
                FieldErrors::from([("username".to_owned(), vec!["taken".to_owned()])]),
            )),
            _ => None,
        }
    }

    /// Problems told in the form's own words first: `<prefix>-<field>-<code>` where there is
    /// one (`request-error-reason-required`, `counter-error-expires_on-expired`), else the
    /// shared wording.
    pub fn worded(self, prefix: &'static str) -> FormErrors {
        FormErrors {
            words: Words {
                prefix: Some(prefix),
                by_code: false,
            },
            ..self
        }
    }

    /// Like [`FormErrors::worded`], and the form's own `<prefix>-<code>` comes before the
    /// shared wording, its `<prefix>-invalid` last (the admin forms: `admin-error`).
    pub fn worded_by_code(self, prefix: &'static str) -> FormErrors {
        FormErrors {
            words: Words {
                prefix: Some(prefix),
                by_code: true,
            },
            ..self
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.fields.contains_key(field)
    }

    /// The messages for `field`: the form's own words (see [`FormErrors::worded`]), else
    /// `field-error-<field>-<code>` when there is one, else the generic `field-error-<code>`.
    pub fn messages(&self, field: &str) -> Vec<String> {
        self.worded_messages(field, None)
    }

    /// Like [`FormErrors::messages`], with the form's `<prefix>-<alias>-<code>` first (a
    /// required attachment's file input: `request-error-attachment-<code>`).
    pub fn messages_as(&self, field: &str, alias: &str) -> Vec<String> {
        self.worded_messages(field, Some(alias))
    }

    fn worded_messages(&self, field: &str, alias: Option<&str>) -> Vec<String> {
        let Some(codes) = self.fields.get(field) else {
            return Vec::new();
        };
        let Words { prefix, by_code } = self.words;
        codes
            .iter()
            .map(|code| {
                let own = prefix.into_iter().flat_map(|p| {
                    let by_alias = alias.map(|a| format!("{p}-{a}-{code}"));
                    let by_field = format!("{p}-{field}-{code}");
                    let by_code = by_code.then(|| format!("{p}-{code}"));
                    by_alias.into_iter().chain([by_field]).chain(by_code)
                });
                let shared = [
                    format!("field-error-{}-{code}", field.replace('.', "-")),
                    format!("field-error-{code}"),
                ];
                let last = match prefix {
                    Some(p) if by_code => format!("{p}-invalid"),
                    _ => "field-error-invalid".to_owned(),
                };
                own.chain(shared)
                    .find_map(|key| self.lang.try_t(&key))
                    .unwrap_or_else(|| self.lang.t(&last))
            })
            .collect()
    }

    /// Fields with problems that none of `shown` displays (a tampered or unexpected field),
    /// each with its messages.
    pub fn other_fields(&self, shown: &[&str]) -> Vec<(String, Vec<String>)> {
        self.fields
            .keys()
            .filter(|f| !shown.contains(&f.as_str()))
            .map(|f| (f.clone(), self.messages(f)))
            .collect()
    }

    /// The messages of [`FormErrors::other_fields`], one list.
    pub fn others(&self, shown: &[&str]) -> Vec<String> {
        self.other_fields(shown)
            .into_iter()
            .flat_map(|(_, messages)| messages)
            .collect()
    }

    /// The summary lines of `field`, each linking to `#target` and starting with `label`.
    pub fn summary_items(&self, field: &str, label: &str, target: &str) -> Vec<SummaryItem> {
        self.messages(field)
            .into_iter()
            .map(|message| SummaryItem {
                href: format!("#{target}"),
                text: format!("{label}: {message}"),
            })
            .collect()
    }

    /// The id of the element holding `field`'s messages, for `aria-describedby`.
    pub fn id(&self, field: &str) -> String {
        format!("{}-error", field.replace('.', "-"))
    }
}

/// The problems of a refused admin form, in the admin forms' own words first
/// (`admin-error-<field>-<code>`, `admin-error-<code>`); `None` when the page must fail as a
/// whole.
pub fn admin_errors(lang: Lang, error: &AppError) -> Option<FormErrors> {
    FormErrors::of_fields(lang, error).map(|errors| errors.worded_by_code("admin-error"))
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

/// The problems of a refused request form, the citizen's or the staff's, in the request pages'
/// own words first (`request-error-<field>-<code>`); `None` for anything but field problems.
pub fn request_problems(lang: Lang, error: &AppError) -> Option<FormErrors> {
    FormErrors::of_fields(lang, error).map(|errors| errors.worded("request-error"))
}

/// The problems of a refused counter form in the verifier's words first
/// (`counter-error-<field>-<code>`), as [`form_errors`] finds them.
pub fn counter_problems(lang: Lang, error: &AppError) -> Option<FormErrors> {
    form_errors(lang, error).map(|errors| errors.worded("counter-error"))
}

/// What a search or a filtered list answers: 200 with what was found; 422 with nothing found
/// and the problems `refused` finds with the query; else the page fails (`PageError`).
pub fn filtered<T>(
    lang: Lang,
    result: Result<T, AppError>,
    refused: fn(Lang, &AppError) -> Option<FormErrors>,
) -> Result<(axum::http::StatusCode, Option<T>, FormErrors), PageError> {
    use axum::http::StatusCode;
    match result {
        Ok(found) => Ok((StatusCode::OK, Some(found), FormErrors::none(lang))),
        Err(error) => {
            let errors = refused(lang, &error).ok_or(error)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, None, errors))
        }
    }
}

/// The status of a form page that shows a refusal: 429 for a throttle, 401 for credentials or a
/// missing one-time code, 409 for a taken username, else 422.
pub fn refusal_status(error: &AppError) -> axum::http::StatusCode {
    use axum::http::StatusCode;
    match error {
        AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::InvalidCredentials | AppError::TotpRequired => StatusCode::UNAUTHORIZED,
        AppError::UsernameTaken => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// A form page that shows a refusal: with the status of [`refusal_status`], and `Retry-After`
/// when a throttle refused.
pub fn refused_page(page: &impl askama::Template, error: &AppError) -> axum::response::Response {
    with_retry_after(super::render(refusal_status(error), page), error)
}

/// The route of a form page as first shown: `page` made of the chrome at `path`, an empty form
/// and no problems.
pub fn blank_form<F: Default + 'static, P: askama::Template + 'static>(
    path: &'static str,
    page: fn(super::Chrome, &F, &FormErrors) -> P,
) -> axum::routing::MethodRouter<crate::state::AppState> {
    use axum::extract::State;
    axum::routing::get(
        move |State(state): State<crate::state::AppState>, visitor: super::visitor::Visitor| async move {
            let chrome = super::Chrome::for_visitor(&state, &visitor, path);
            let page = page(chrome, &F::default(), &FormErrors::none(visitor.lang));
            super::render(axum::http::StatusCode::OK, &page)
        },
    )
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

#[cfg(test)]
mod tests {
    use super::*;

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

    /// `problems` says of `field` exactly the message `key`.
    fn says(problems: &FormErrors, field: &str, lang: Lang, key: &str) {
        assert_eq!(problems.messages(field), vec![lang.t(key)], "{field}");
    }

    /// A use case's field problems: (field, code) pairs.
    fn refused(pairs: &[(&str, &str)]) -> AppError {
        let mut fields = FieldErrors::new();
        for (field, code) in pairs {
            fields
                .entry((*field).to_owned())
                .or_default()
                .push((*code).to_owned());
        }
        AppError::Validation(fields)
    }

    #[test]
    fn request_words_first_then_the_shared_ones() {
        let error = refused(&[
            ("reason", "required"),
            ("notes", "too_long"),
            ("to", "unknown_value"),
        ]);
        let problems = request_problems(Lang::En, &error).unwrap();
        says(
            &problems,
            "reason",
            Lang::En,
            "request-error-reason-required",
        );
        says(&problems, "notes", Lang::En, "request-error-notes-too_long");
        assert_eq!(problems.others(&["reason", "notes"]).len(), 1);
        assert!(problems.messages("missing").is_empty());
        assert!(request_problems(Lang::En, &AppError::NotFound).is_none());
        let summary = problems.summary_items("reason", "Reason", "rejected-reason");
        assert_eq!(summary[0].href, "#rejected-reason");
        assert!(summary[0].text.starts_with("Reason: "));
    }

    #[test]
    fn the_counter_has_its_own_words_and_falls_back_to_the_forms() {
        let error = refused(&[
            ("expires_on", "expired"),
            ("given_name", "invalid_character"),
        ]);
        let problems = counter_problems(Lang::El, &error).expect("field problems");
        says(
            &problems,
            "expires_on",
            Lang::El,
            "counter-error-expires_on-expired",
        );
        says(
            &problems,
            "given_name",
            Lang::El,
            "field-error-given_name-invalid_character",
        );
        assert!(problems.messages("office").is_empty());
        assert!(problems.summary.is_none());
    }

    #[test]
    fn a_conflict_is_a_summary_naming_it() {
        let conflict = AppError::Conflict {
            code: "tax_number_already_certified",
        };
        let problems = counter_problems(Lang::En, &conflict).expect("a summary");
        assert_eq!(
            problems.summary,
            Some(Lang::En.t("conflict-tax_number_already_certified"))
        );
        assert!(counter_problems(Lang::En, &AppError::NotFound).is_none());
    }

    #[test]
    fn the_admin_wording_tries_its_own_code_and_ends_with_its_own_fallback() {
        let mut fields = FieldErrors::new();
        fields.insert(
            "code".into(),
            vec!["invalid_code".into(), "no-such-code".into()],
        );
        let errors = FormErrors::from_fields(Lang::En, fields).worded_by_code("admin-error");
        assert_eq!(
            errors.messages("code"),
            vec![
                Lang::En.t("admin-error-invalid_code"),
                Lang::En.t("admin-error-invalid")
            ]
        );
        let taken = FormErrors::of_fields(Lang::En, &AppError::UsernameTaken).unwrap();
        assert!(taken.has("username"));
        assert_eq!(taken.other_fields(&[]).len(), 1);
    }
}
