//! One error type for the JSON API: each variant has a status and a stable code (CONTRACT.md).

use crate::i18n::Lang;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dimos_app::{AppError, TransitionRefused};
use dimos_domain::TransitionError;
use serde::Serialize;
use utoipa::ToSchema;

pub use dimos_app::FieldErrors;

#[derive(Debug)]
#[allow(dead_code)] // variants are used as the use cases arrive; the set is the contract's
pub enum ApiError {
    InvalidJson(Unreadable),
    Unauthenticated,
    InvalidCredentials,
    TotpRequired,
    Forbidden,
    LevelBRequired,
    EmailUnconfirmed,
    NotFound,
    UsernameTaken,
    /// A state that forbids the change, with its own stable code (e.g. `already_certified`).
    Conflict {
        code: &'static str,
    },
    InvalidTransition(TransitionRefused),
    /// The path exists, not with this method (the answer names the allowed ones in `Allow`).
    MethodNotAllowed,
    PayloadTooLarge,
    Validation(FieldErrors),
    TooManyAttempts {
        retry_after_secs: u64,
    },
    Timeout,
    /// The database could not take the request on in time (a burst larger than it serves);
    /// nothing was changed, and the client may try again after `Retry-After`.
    Busy,
    Internal,
}

/// What could not be read of a request (400 `invalid_json`); each has its sentence in Fluent
/// (`invalid-json-…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// The body is not declared as JSON.
    NotJson,
    /// The body could not be received whole.
    Body,
    /// Not JSON at this line and column (1-based, as serde_json counts).
    Syntax { line: usize, column: usize },
    /// A query or path parameter.
    Parameter,
    /// A multipart body that does not parse.
    Multipart,
}

impl Unreadable {
    fn message(self, lang: Lang) -> String {
        match self {
            Unreadable::NotJson => lang.t("invalid-json-not_json"),
            Unreadable::Body => lang.t("invalid-json-body"),
            Unreadable::Syntax { line, column } => lang.t_args(
                "invalid-json-syntax",
                &[("line", line.to_string()), ("column", column.to_string())],
            ),
            Unreadable::Parameter => lang.t("invalid-json-parameter"),
            Unreadable::Multipart => lang.t("invalid-json-multipart"),
        }
    }
}

/// The sentence that says why a request could not move, with the statuses in `lang`.
pub fn transition_message(lang: Lang, refused: TransitionRefused) -> String {
    let status = |s: dimos_domain::RequestStatus| lang.t(&format!("request-status-{s}"));
    match refused {
        TransitionRefused::Rule(rule) => {
            let (key, from, to, delivery) = match rule {
                TransitionError::NoSuchMove { from, to } => {
                    ("transition-no_such_move", from, to, None)
                }
                TransitionError::NotForActor { from, to, .. } => {
                    ("transition-not_for_actor", from, to, None)
                }
                TransitionError::NotForDelivery { from, to, delivery } => {
                    ("transition-not_for_delivery", from, to, Some(delivery))
                }
            };
            let mut args = vec![("from", status(from)), ("to", status(to))];
            if let Some(delivery) = delivery {
                args.push(("delivery", delivery.as_str().to_owned()));
            }
            lang.t_args(key, &args)
        }
        TransitionRefused::Changed { from } => {
            lang.t_args("transition-changed", &[("from", status(from))])
        }
    }
}

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code, e.g. `not_found`.
    pub code: &'static str,
    /// Human-readable explanation, in Greek unless the request asks for English
    /// (`?lang=en`, `Accept-Language: en`, or the `lang` cookie).
    pub message: String,
    /// On `validation_failed`: field → codes of what is wrong with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<FieldErrors>,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidJson(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated | ApiError::InvalidCredentials | ApiError::TotpRequired => {
                StatusCode::UNAUTHORIZED
            }
            ApiError::Forbidden | ApiError::LevelBRequired | ApiError::EmailUnconfirmed => {
                StatusCode::FORBIDDEN
            }
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::UsernameTaken
            | ApiError::Conflict { .. }
            | ApiError::InvalidTransition(_) => StatusCode::CONFLICT,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Timeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::InvalidJson(_) => "invalid_json",
            ApiError::Unauthenticated => "unauthenticated",
            ApiError::InvalidCredentials => "invalid_credentials",
            ApiError::TotpRequired => "totp_required",
            ApiError::Forbidden => "forbidden",
            ApiError::LevelBRequired => "level_b_required",
            ApiError::EmailUnconfirmed => "email_unconfirmed",
            ApiError::NotFound => "not_found",
            ApiError::UsernameTaken => "username_taken",
            ApiError::Conflict { code, .. } => code,
            ApiError::InvalidTransition(_) => "invalid_transition",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::Validation(_) => "validation_failed",
            ApiError::TooManyAttempts { .. } => "too_many_attempts",
            ApiError::Timeout => "timeout",
            ApiError::Busy => "busy",
            ApiError::Internal => "internal_error",
        }
    }

    /// The message in `lang`: every code has a Greek and an English sentence in Fluent
    /// (`api-error-<code>`; a conflict's own code `conflict-<code>`, shared with the pages).
    pub fn message(&self, lang: Lang) -> String {
        let detail = match self {
            ApiError::InvalidJson(why) => why.message(lang),
            ApiError::InvalidTransition(why) => transition_message(lang, *why),
            _ => String::new(),
        };
        let text = match self {
            // A conflict without words of its own yet has the general sentence.
            ApiError::Conflict { code } => lang
                .try_t(&format!("conflict-{code}"))
                .unwrap_or_else(|| lang.t("api-error-conflict")),
            other => lang.t(&format!("api-error-{}", other.code())),
        };
        if detail.is_empty() {
            text
        } else {
            format!("{text} {detail}")
        }
    }
}

/// How long a client should wait before trying a request the database was too busy for.
pub const BUSY_RETRY_AFTER_SECS: u64 = 2;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let retry_after = match self {
            ApiError::TooManyAttempts { retry_after_secs } => Some(retry_after_secs.max(1)),
            ApiError::Busy => Some(BUSY_RETRY_AFTER_SECS),
            _ => None,
        };
        let message = self.message(crate::i18n::api_lang());
        let code = self.code();
        let fields = match self {
            ApiError::Validation(fields) => Some(fields),
            _ => None,
        };
        let mut response = (
            status,
            Json(ErrorBody {
                error: ErrorDetail {
                    code,
                    message,
                    fields,
                },
            }),
        )
            .into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        match e {
            AppError::Validation(fields) => ApiError::Validation(fields),
            AppError::Unauthenticated => ApiError::Unauthenticated,
            AppError::InvalidCredentials => ApiError::InvalidCredentials,
            AppError::TotpRequired => ApiError::TotpRequired,
            AppError::TooManyAttempts { retry_after_secs } => {
                ApiError::TooManyAttempts { retry_after_secs }
            }
            AppError::Forbidden => ApiError::Forbidden,
            AppError::LevelBRequired => ApiError::LevelBRequired,
            AppError::EmailUnconfirmed => ApiError::EmailUnconfirmed,
            AppError::NotFound => ApiError::NotFound,
            AppError::UsernameTaken => ApiError::UsernameTaken,
            AppError::Conflict { code } => ApiError::Conflict { code },
            AppError::InvalidTransition(detail) => ApiError::InvalidTransition(detail),
            AppError::Db(e) if e.is_busy() => {
                tracing::warn!(error = %e, "the database is too busy: answered 503");
                ApiError::Busy
            }
            AppError::Db(e) => {
                tracing::error!(error = %e, "storage failure");
                ApiError::Internal
            }
            AppError::Internal(e) => {
                tracing::error!(error = %e, "internal failure");
                ApiError::Internal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each variant; the `match` makes a new variant fail to compile here until it is
    /// listed, so its words are checked too.
    fn every_variant() -> Vec<ApiError> {
        let all = vec![
            ApiError::InvalidJson(Unreadable::Body),
            ApiError::Unauthenticated,
            ApiError::InvalidCredentials,
            ApiError::TotpRequired,
            ApiError::Forbidden,
            ApiError::LevelBRequired,
            ApiError::EmailUnconfirmed,
            ApiError::NotFound,
            ApiError::UsernameTaken,
            ApiError::Conflict {
                code: "unknown_conflict_of_tomorrow",
            },
            ApiError::InvalidTransition(TransitionRefused::Changed {
                from: dimos_domain::RequestStatus::Submitted,
            }),
            ApiError::MethodNotAllowed,
            ApiError::PayloadTooLarge,
            ApiError::Validation(FieldErrors::new()),
            ApiError::TooManyAttempts {
                retry_after_secs: 1,
            },
            ApiError::Timeout,
            ApiError::Busy,
            ApiError::Internal,
        ];
        for e in &all {
            match e {
                ApiError::InvalidJson(_)
                | ApiError::Unauthenticated
                | ApiError::InvalidCredentials
                | ApiError::TotpRequired
                | ApiError::Forbidden
                | ApiError::LevelBRequired
                | ApiError::EmailUnconfirmed
                | ApiError::NotFound
                | ApiError::UsernameTaken
                | ApiError::Conflict { .. }
                | ApiError::InvalidTransition(_)
                | ApiError::MethodNotAllowed
                | ApiError::PayloadTooLarge
                | ApiError::Validation(_)
                | ApiError::TooManyAttempts { .. }
                | ApiError::Timeout
                | ApiError::Busy
                | ApiError::Internal => {}
            }
        }
        all
    }

    #[test]
    fn every_error_code_has_a_greek_and_an_english_message() {
        for e in every_variant() {
            if !matches!(e, ApiError::Conflict { .. }) {
                let key = format!("api-error-{}", e.code());
                for lang in Lang::ALL {
                    assert!(lang.try_t(&key).is_some(), "{key} missing in {lang:?}");
                }
            }
            let (el, en) = (e.message(Lang::El), e.message(Lang::En));
            assert!(!el.is_empty() && !en.is_empty(), "{}", e.code());
            assert_ne!(el, en, "{} is not translated", e.code());
            assert!(
                el.chars()
                    .any(|c| ('α'..='ω').contains(&c.to_lowercase().next().unwrap())),
                "{} is not Greek: {el}",
                e.code()
            );
        }
        // The conflicts the use cases raise have their own words in both languages.
        for code in [
            "already_certified",
            "not_certified",
            "tax_number_already_certified",
            "request_closed",
        ] {
            for lang in Lang::ALL {
                assert!(lang.try_t(&format!("conflict-{code}")).is_some(), "{code}");
            }
        }
    }

    #[test]
    fn a_reason_follows_the_translated_sentence_in_the_same_language() {
        use dimos_domain::{Actor, Delivery, RequestStatus::*};
        let no_such = ApiError::InvalidTransition(
            TransitionError::NoSuchMove {
                from: Submitted,
                to: Collected,
            }
            .into(),
        );
        assert_eq!(
            no_such.message(Lang::En),
            "This change is not allowed. A request cannot go from “Submitted” to “Collected”."
        );
        assert!(
            no_such
                .message(Lang::El)
                .starts_with("Η αλλαγή αυτή δεν επιτρέπεται. ")
        );
        assert!(
            no_such.message(Lang::El).contains("«Υποβλήθηκε»"),
            "{}",
            no_such.message(Lang::El)
        );
        let others = [
            TransitionError::NotForActor {
                from: InProgress,
                to: ReadyForPickup,
                actor: Actor::Citizen,
            }
            .into(),
            TransitionError::NotForDelivery {
                from: InProgress,
                to: Dispatched,
                delivery: Delivery::Pickup,
            }
            .into(),
            TransitionRefused::Changed { from: InProgress },
        ];
        for refused in others {
            let (el, en) = (
                ApiError::InvalidTransition(refused).message(Lang::El),
                ApiError::InvalidTransition(refused).message(Lang::En),
            );
            assert!(en.contains("“In progress”"), "{en}");
            assert!(el.contains("«Σε επεξεργασία»"), "{el}");
            assert_ne!(
                transition_message(Lang::En, refused),
                no_such.message(Lang::En)
            );
        }
        let syntax = ApiError::InvalidJson(Unreadable::Syntax {
            line: 3,
            column: 14,
        });
        assert!(
            syntax.message(Lang::En).ends_with("line 3, column 14."),
            "{}",
            syntax.message(Lang::En)
        );
        assert!(
            syntax.message(Lang::El).contains("γραμμή 3, στήλη 14"),
            "{}",
            syntax.message(Lang::El)
        );
        for why in [
            Unreadable::NotJson,
            Unreadable::Body,
            Unreadable::Parameter,
            Unreadable::Multipart,
        ] {
            let (el, en) = (why.message(Lang::El), why.message(Lang::En));
            assert!(!el.is_empty() && el != en, "{why:?}");
        }
    }
}
