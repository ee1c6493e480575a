//! One error type for the JSON API: each variant has a status and a stable code (CONTRACT.md).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dimos_app::AppError;
use serde::Serialize;
use utoipa::ToSchema;

pub use dimos_app::FieldErrors;

#[derive(Debug)]
#[allow(dead_code)] // variants are used as the use cases arrive; the set is the contract's
pub enum ApiError {
    InvalidJson(String),
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
        message: &'static str,
    },
    InvalidTransition(String),
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

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code, e.g. `not_found`.
    pub code: &'static str,
    /// Human-readable explanation (English).
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

    fn message(&self) -> String {
        match self {
            ApiError::InvalidJson(detail) => format!("The body is not valid JSON: {detail}"),
            ApiError::Unauthenticated => "Authentication is required.".into(),
            ApiError::InvalidCredentials => "The username or password is not correct.".into(),
            ApiError::TotpRequired => "A one-time code (TOTP) is required.".into(),
            ApiError::Forbidden => "You are not allowed to do this.".into(),
            ApiError::LevelBRequired => {
                "This needs a Level B account: have your identity certified in person at a \
                 municipal office."
                    .into()
            }
            ApiError::EmailUnconfirmed => "Confirm your e-mail address first.".into(),
            ApiError::NotFound => "Not found.".into(),
            ApiError::UsernameTaken => "This username is taken.".into(),
            ApiError::Conflict { message, .. } => (*message).into(),
            ApiError::InvalidTransition(detail) => format!("This change is not allowed: {detail}"),
            ApiError::MethodNotAllowed => "This method is not allowed on this path.".into(),
            ApiError::PayloadTooLarge => "The request body is too large.".into(),
            ApiError::Validation(_) => "Some fields are not valid.".into(),
            ApiError::TooManyAttempts { .. } => "Too many attempts; try again later.".into(),
            ApiError::Timeout => "The request took too long.".into(),
            ApiError::Busy => "The service is busy; nothing was changed. Try again shortly.".into(),
            ApiError::Internal => "Something went wrong on our side.".into(),
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
        let message = self.message();
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
            AppError::Conflict { code, message } => ApiError::Conflict { code, message },
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
