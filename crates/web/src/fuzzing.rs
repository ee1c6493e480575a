//! Entry points for the fuzz targets (`fuzz/`): each runs the production extraction and checking
//! of a request's parts on bytes from outside, with no store. Not an API; nothing else calls
//! them.

use crate::api::ApiJson;
use crate::api::attachments::{FieldChunks, disposition, file_part};
use crate::api::citizens::{
    LoginBody, PasswordChangeBody, RegistrationBody, ResetBody, ResetRequestBody, TokenBody,
    contact_input,
};
use crate::api::requests::{AnswerBody, QueueQuery, StatusFilter, SubmitBody, TransitionBody};
use crate::api::staff::StaffLoginBody;
use crate::api::staff_citizens::{CertificationBody, RevocationBody, SearchQuery};
use crate::error::ApiError;
use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Query};
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::IntoResponse;
use dimos_app::citizens::Registration;
use dimos_app::requests::{SubmitInput, TransitionInput};
use dimos_app::verification::CertificationInput;
use dimos_domain::RecordKind;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::future::Future;
use std::path::Path;

thread_local! {
    static RUNTIME: RefCell<tokio::runtime::Runtime> = RefCell::new(
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the fuzz targets"),
    );
}

/// Runs a future to its end on this thread's runtime.
pub fn block_on<F: Future>(future: F) -> F::Output {
    RUNTIME.with(|rt| rt.borrow().block_on(future))
}

/// An error answer: never a 500 for bad input, and always the API's error shape.
fn answered(error: ApiError) -> StatusCode {
    let status = error.status();
    assert!(
        status.is_client_error(),
        "bad input answered with {status}: {error:?}"
    );
    let response = error.into_response();
    assert_eq!(response.status(), status);
    status
}

/// A body through [`ApiJson`] as a handler receives it.
fn json_body<T: DeserializeOwned>(content_type: &str, body: &[u8]) -> Result<T, StatusCode> {
    let request = Request::builder()
        .method("POST")
        .uri("/api/v1/fuzz")
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body.to_vec()))
        .expect("a request");
    match block_on(ApiJson::<T>::from_request(request, &())) {
        Ok(ApiJson(value)) => Ok(value),
        Err(error) => Err(answered(error)),
    }
}

/// The routes of the API that take a JSON body, in the order of [`api_json`]'s `route`.
pub const JSON_ROUTES: &[&str] = &[
    "POST /citizens",
    "POST /email-confirmations",
    "POST /sessions",
    "PATCH /me",
    "PUT /me/password",
    "POST /password-resets",
    "POST /password-resets/confirm",
    "POST /staff/sessions",
    "POST /requests",
    "POST /requests/{id}/answer",
    "POST /staff/requests/{id}/transition",
    "POST /staff/citizens/{id}/verification",
    "DELETE /staff/citizens/{id}/verification",
    "POST /records/debts",
    "POST /records/fines",
    "POST /records/pending",
];

/// A JSON body of `JSON_ROUTES[route % len]` through the extraction its handler uses, then
/// through the conversions and checks that need no store. The status the API would answer
/// with when the body is refused by them; 200 when it passes them.
pub fn api_json(
    route: u8,
    content_type: &str,
    body: &[u8],
    today: jiff::civil::Date,
) -> StatusCode {
    match check_json(route, content_type, body, today) {
        Ok(()) => StatusCode::OK,
        Err(status) => status,
    }
}

fn check_json(
    route: u8,
    content_type: &str,
    body: &[u8],
    today: jiff::civil::Date,
) -> Result<(), StatusCode> {
    let departments = ["tech".to_owned(), "finance".to_owned()];
    match usize::from(route) % JSON_ROUTES.len() {
        0 => {
            let body: RegistrationBody = json_body(content_type, body)?;
            let input = Registration::from(body);
            dimos_app::fuzzing::registration(&input, today)
                .map_err(|fields| answered(ApiError::Validation(fields)))?;
        }
        1 => drop(json_body::<TokenBody>(content_type, body)?),
        2 => drop(json_body::<LoginBody>(content_type, body)?),
        3 => {
            let body: Map<String, Value> = json_body(content_type, body)?;
            contact_input(&body).map_err(answered)?;
        }
        4 => drop(json_body::<PasswordChangeBody>(content_type, body)?),
        5 => drop(json_body::<ResetRequestBody>(content_type, body)?),
        6 => drop(json_body::<ResetBody>(content_type, body)?),
        7 => drop(json_body::<StaffLoginBody>(content_type, body)?),
        8 => drop(SubmitInput::from(json_body::<SubmitBody>(
            content_type,
            body,
        )?)),
        9 => drop(json_body::<AnswerBody>(content_type, body)?),
        10 => drop(TransitionInput::from(json_body::<TransitionBody>(
            content_type,
            body,
        )?)),
        11 => drop(CertificationInput::from(json_body::<CertificationBody>(
            content_type,
            body,
        )?)),
        12 => drop(json_body::<RevocationBody>(content_type, body)?),
        n => {
            let kind = [RecordKind::Debts, RecordKind::Fines, RecordKind::Pending][n - 13];
            let records: Vec<Value> = json_body(content_type, body)?;
            dimos_app::fuzzing::import_batch(kind, &records, &departments)
                .map_err(|fields| answered(ApiError::Validation(fields)))?;
        }
    }
    Ok(())
}

/// What an upload made of a multipart body.
#[derive(Debug)]
pub enum Upload {
    /// The file was taken: its size, type and the name it is shown under.
    Kept(dimos_app::fuzzing::Received),
    /// Refused, with this status.
    Refused(StatusCode),
}

/// A multipart body with its `Content-Type` through the extraction of the upload routes and
/// the receiving of the file (into `tmp_dir`, removed again), as far as the store.
pub fn multipart(content_type: &[u8], body: &[u8], tmp_dir: &Path) -> Upload {
    let Ok(content_type) = HeaderValue::from_bytes(content_type) else {
        return Upload::Refused(StatusCode::BAD_REQUEST);
    };
    let request = Request::builder()
        .method("POST")
        .uri("/api/v1/requests/x/attachments")
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body.to_vec()))
        .expect("a request");
    let outcome = block_on(async {
        let multipart = Multipart::from_request(request, &()).await;
        file_part(
            multipart,
            async |name: &str, chunks: &mut FieldChunks<'_>| {
                dimos_app::fuzzing::receive_upload(tmp_dir, name, chunks).await
            },
        )
        .await
    });
    match outcome {
        Ok(received) => {
            let name = &received.display_name;
            assert!(!name.is_empty() && name.chars().count() <= 100, "{name:?}");
            assert!(!name.contains(['/', '\\']), "{name:?}");
            assert!(!name.starts_with('.'), "{name:?}");
            assert!(!name.chars().any(char::is_control), "{name:?}");
            assert!(
                HeaderValue::from_str(&disposition(name)).is_ok(),
                "no Content-Disposition for {name:?}"
            );
            Upload::Kept(received)
        }
        Err(error) => Upload::Refused(answered(error)),
    }
}

/// The query strings of the API's and the pages' lists and searches, through `Query`.
pub fn query(which: u8, query: &str) {
    let Ok(uri) = format!("/fuzz?{query}").parse::<axum::http::Uri>() else {
        return;
    };
    let (mut parts, ()) = Request::builder()
        .uri(uri)
        .body(())
        .expect("a request")
        .into_parts();
    block_on(async {
        match which % 3 {
            0 => drop(Query::<StatusFilter>::from_request_parts(&mut parts, &()).await),
            1 => drop(Query::<QueueQuery>::from_request_parts(&mut parts, &()).await),
            _ => drop(Query::<SearchQuery>::from_request_parts(&mut parts, &()).await),
        }
    });
}

/// The headers every request is read for: the bearer token, the language (query and cookie),
/// the client's address and user agent. `headers` are `name: value` lines.
pub fn headers(path_and_query: &str, headers: &[u8]) {
    let Ok(uri) = path_and_query.parse::<axum::http::Uri>() else {
        return;
    };
    let mut request = Request::builder().uri(uri);
    for line in headers.split(|&b| b == b'\n') {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(name),
            HeaderValue::from_bytes(value.trim_ascii()),
        ) {
            request = request.header(name, value);
        }
    }
    let Ok(request) = request.body(()) else {
        return;
    };
    let (parts, ()) = request.into_parts();
    if let Some(token) = crate::api::auth::bearer_token(&parts) {
        assert!(!token.is_empty() && token.trim() == token);
    }
    let lang = crate::i18n::negotiate(&parts.uri, &parts.headers);
    assert_eq!(crate::i18n::Lang::from_code(lang.code()), Some(lang));
    for trust in [false, true] {
        let client = crate::client::client_info(&parts, trust);
        assert!(client.user_agent.chars().count() <= 200);
        assert!(client.ip.is_empty() || client.ip.parse::<std::net::IpAddr>().is_ok());
    }
}
