use crate::error::{ApiError, FieldErrors};
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

/// A JSON body whose rejections answer in the API's error shape: malformed JSON is
/// `invalid_json`, a body of the wrong shape is `validation_failed`, an oversized one
/// `payload_too_large`.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(rejection_to_error(rejection)),
        }
    }
}

fn rejection_to_error(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            let mut fields = FieldErrors::new();
            fields
                .entry("body".to_owned())
                .or_default()
                .push(e.body_text());
            ApiError::Validation(fields)
        }
        JsonRejection::MissingJsonContentType(_) => {
            ApiError::InvalidJson("expected Content-Type: application/json".into())
        }
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        other => ApiError::InvalidJson(other.body_text()),
    }
}
