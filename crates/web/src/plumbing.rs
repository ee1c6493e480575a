//! What wraps every route: request ids, structured logs, timeouts, body limits, compression,
//! security headers; and the health endpoints.

use crate::error::ApiError;
use crate::i18n::{Lang, api_language, remember_language};
use crate::pages;
use crate::state::AppState;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::LatencyUnit;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn health_routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: the database answers.
async fn readyz(State(state): State<AppState>) -> Response {
    let answered = tokio::time::timeout(Duration::from_secs(3), state.app.is_ready()).await;
    if answered == Ok(true) {
        "ready".into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

pub fn layers(routes: Router<AppState>, state: &AppState) -> Router<AppState> {
    let site = state.site.clone();
    let trace = TraceLayer::new_for_http().make_span_with(|request: &Request| {
        let id = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
        tracing::info_span!("http", method = %request.method(), path = %request.uri().path(), request_id = %id)
    })
    .on_request(())
    .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Micros));
    routes.layer(
        ServiceBuilder::new()
            .layer(middleware::from_fn(bound_request_id))
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(trace)
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(middleware::from_fn_with_state(
                state.clone(),
                security_headers,
            ))
            .layer(middleware::from_fn(api_language))
            .layer(middleware::from_fn_with_state(
                state.clone(),
                no_store_personal,
            ))
            .layer(middleware::from_fn_with_state(state.clone(), error_pages))
            .layer(CompressionLayer::new())
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                site.request_timeout,
            ))
            .layer(middleware::from_fn_with_state(
                state.clone(),
                refuse_large_bodies,
            ))
            .layer(middleware::from_fn_with_state(
                state.clone(),
                pages::csrf_guard,
            ))
            .layer(DefaultBodyLimit::max(site.body_limit))
            .layer(middleware::from_fn_with_state(
                state.clone(),
                remember_language,
            )),
    )
}

/// A client's `X-Request-Id` is echoed and logged only when it is a short plain token (at most
/// 64 of `[A-Za-z0-9._-]`); anything else is dropped here and a fresh id is made instead.
async fn bound_request_id(mut request: Request, next: Next) -> Response {
    let acceptable = request
        .headers()
        .get_all(&REQUEST_ID)
        .iter()
        .map(|v| is_plain_request_id(v.as_bytes()))
        .collect::<Vec<_>>();
    if acceptable != [true] {
        request.headers_mut().remove(&REQUEST_ID);
    }
    next.run(request).await
}

fn is_plain_request_id(id: &[u8]) -> bool {
    (1..=64).contains(&id.len())
        && id
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Answers that carry personal data or a secret must not be kept by any cache: every API
/// answer, every page seen with a session cookie, and every answer that sets a cookie get
/// `Cache-Control: no-store`. Public assets keep their long cache.
async fn no_store_personal(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if path.starts_with("/assets/") || path == "/favicon.ico" {
        return next.run(request).await;
    }
    let personal_request = is_api(path)
        || request.headers().contains_key(header::AUTHORIZATION)
        || [
            pages::visitor::session_cookie_name(&state.site),
            pages::visitor::staff_cookie_name(&state.site),
        ]
        .iter()
        .any(|name| pages::visitor::cookie_value(request.headers(), name).is_some());
    let mut response = next.run(request).await;
    // An answer that forbids storing already (e.g. a download's `private, no-store`) keeps its
    // own words.
    let stored_nowhere = response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store"));
    if (personal_request || response.headers().contains_key(header::SET_COOKIE)) && !stored_nowhere
    {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Refuses a body announced larger than the limit before reading any of it. Bodies without a
/// length are cut by `DefaultBodyLimit` in the extractors, which answer the same way.
async fn refuse_large_bodies(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let (method, path) = (request.method(), request.uri().path());
    // Uploads and back-office batches (up to 10,000 records) are larger than forms.
    let limit = if crate::api::attachments::is_upload(method, path) {
        crate::api::attachments::UPLOAD_BODY_LIMIT
    } else if crate::api::attachments::is_submission(method, path)
        && crate::api::attachments::is_multipart(request.headers())
    {
        crate::api::attachments::SUBMISSION_BODY_LIMIT
    } else if method == axum::http::Method::POST && path.starts_with("/api/v1/records/") {
        crate::api::records::BODY_LIMIT
    } else {
        state.site.body_limit
    };
    if announced.is_some_and(|len| len > limit) {
        // Bare: `error_pages` dresses it as JSON or as a page, like every other error status.
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    next.run(request).await
}

/// Gives bare error statuses made by layers (timeouts, body limits, …) the answer their side
/// expects: the JSON error shape under `/api/`, an error page elsewhere.
async fn error_pages(
    State(state): State<AppState>,
    lang: Lang,
    request: Request,
    next: Next,
) -> Response {
    let api = is_api(request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    if response
        .extensions()
        .get::<pages::DrawErrorPage>()
        .is_some()
    {
        let mut page = pages::error_page(&state, lang, status);
        if let Some(retry) = response.headers().get(header::RETRY_AFTER) {
            page.headers_mut()
                .insert(header::RETRY_AFTER, retry.clone());
        }
        return page;
    }
    let is_bare = !response.headers().contains_key(header::CONTENT_TYPE)
        || response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/plain"));
    if !is_bare || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    if status == StatusCode::METHOD_NOT_ALLOWED {
        if !api {
            return response;
        }
        let mut answer = ApiError::MethodNotAllowed.into_response();
        if let Some(allow) = response.headers().get(header::ALLOW) {
            answer.headers_mut().insert(header::ALLOW, allow.clone());
        }
        return answer;
    }
    let error = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        StatusCode::REQUEST_TIMEOUT => ApiError::Timeout,
        StatusCode::NOT_FOUND => ApiError::NotFound,
        // An extractor's refusal of a query or path parameter (the API's own are JSON already).
        StatusCode::BAD_REQUEST if api => {
            ApiError::InvalidJson(crate::error::Unreadable::Parameter)
        }
        StatusCode::SERVICE_UNAVAILABLE => return response,
        s if s.is_server_error() => ApiError::Internal,
        _ => return response,
    };
    if api {
        error.into_response()
    } else {
        pages::error_page(&state, lang, error.status())
    }
}

/// The security headers of every answer: a strict CSP with no inline script, no sniffing, no
/// framing, a tight referrer policy, and HSTS when the site runs on HTTPS.
async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(
        headers,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        headers,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    if state.site.secure_cookies {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    response
}
