use crate::error::{ApiError, FieldErrors, Unreadable};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;

/// A JSON body whose rejections answer in the API's error shape: malformed JSON is
/// `invalid_json` (400, with where it broke), a body of the wrong shape is `validation_failed`
/// (422, `fields` naming the field: `required`, `invalid_type`, `invalid_value`,
/// `unknown_field`), an oversized one `payload_too_large`. serde's own wording never reaches
/// the client.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(request.headers()) {
            return Err(ApiError::InvalidJson(Unreadable::NotJson));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge
                } else {
                    ApiError::InvalidJson(Unreadable::Body)
                }
            })?;
        decode(&bytes).map(ApiJson)
    }
}

/// `application/json`, or any `application/…+json`.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Reads a JSON document into `T`, with the API's errors.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => value,
        Err(error) => {
            let path = error.path().to_string();
            return Err(classify(&path, error.inner()));
        }
    };
    deserializer.end().map_err(|e| syntax_error(&e))?;
    Ok(value)
}

fn syntax_error(error: &serde_json::Error) -> ApiError {
    ApiError::InvalidJson(Unreadable::Syntax {
        line: error.line(),
        column: error.column(),
    })
}

fn classify(path: &str, error: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match error.classify() {
        Category::Syntax | Category::Eof | Category::Io => syntax_error(error),
        Category::Data => {
            let text = error.to_string();
            let within = |field: &str| match path {
                "." | "" => field.to_owned(),
                p => format!("{p}.{field}"),
            };
            let (field, code) = if let Some(name) = quoted_after(&text, "missing field `") {
                (within(name), "required")
            } else if let Some(name) = quoted_after(&text, "unknown field `") {
                (within(name), "unknown_field")
            } else if text.starts_with("invalid type") {
                (field_or_body(path), "invalid_type")
            } else {
                (field_or_body(path), "invalid_value")
            };
            let mut fields = FieldErrors::new();
            fields.entry(field).or_default().push(code.to_owned());
            ApiError::Validation(fields)
        }
    }
}

fn field_or_body(path: &str) -> String {
    match path {
        "." | "" => "body".to_owned(),
        p => p.to_owned(),
    }
}

/// The name in "…`name`…" right after `prefix`.
fn quoted_after<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(prefix)?;
    rest.split_once('`').map(|(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Address {
        street: String,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        username: String,
        address: Option<Address>,
    }

    fn fields(error: ApiError) -> FieldErrors {
        match error {
            ApiError::Validation(fields) => fields,
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn bad_json_is_told_in_plain_words() {
        let syntax = decode::<Body>(b"{\"username\": ").unwrap_err();
        assert!(
            matches!(
                syntax,
                ApiError::InvalidJson(Unreadable::Syntax {
                    line: 1,
                    column: 13
                })
            ),
            "{syntax:?}"
        );
        let trailing = decode::<Body>(b"{\"username\": \"a\"} x").unwrap_err();
        assert!(matches!(trailing, ApiError::InvalidJson(_)));
        let missing = fields(decode::<Body>(b"{}").unwrap_err());
        assert_eq!(missing["username"], ["required"]);
        let wrong = fields(decode::<Body>(b"{\"username\": 1}").unwrap_err());
        assert_eq!(wrong["username"], ["invalid_type"]);
        let nested = fields(decode::<Body>(b"{\"username\": \"a\", \"address\": {}}").unwrap_err());
        assert_eq!(
            nested.get("address.street"),
            Some(&vec!["required".to_owned()]),
            "{nested:?}"
        );
        let root = fields(decode::<Body>(b"1").unwrap_err());
        assert_eq!(root["body"], ["invalid_type"]);
        assert_eq!(
            decode::<Body>(b"{\"username\": \"a\"}").unwrap().username,
            "a"
        );
    }
}
