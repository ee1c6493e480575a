//! The JSON API under `/api/v1`: the same capabilities as the pages, for apps and integrators.

pub mod attachments;
pub mod auth;
pub mod citizens;
mod json;
pub mod my_records;
pub(crate) mod records;
pub(crate) mod requests;
mod schema;
mod services;
pub(crate) mod staff;
pub(crate) mod staff_citizens;
mod walk_in;

use crate::error::{ErrorBody, ErrorDetail};
use crate::state::AppState;
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

pub use json::ApiJson;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/services", get(services::list))
        .route("/citizens", post(citizens::register))
        .route("/email-confirmations", post(citizens::confirm_email))
        .route("/sessions", post(citizens::login))
        .route("/sessions/current", delete(citizens::logout))
        .route("/me", get(citizens::me).patch(citizens::update_me))
        .route("/me/password", put(citizens::change_password))
        .route("/me/sessions", get(citizens::sessions))
        .route("/me/sessions/{id}", delete(citizens::end_session))
        .route("/me/debts", get(my_records::debts))
        .route("/me/fines", get(my_records::fines))
        .route("/me/pending", get(my_records::pending))
        .route("/me/export", get(my_records::export))
        .route(
            "/staff/citizens/{id}/records/{kind}",
            get(my_records::staff_records),
        )
        .route("/password-resets", post(citizens::request_password_reset))
        .route("/password-resets/confirm", post(citizens::reset_password))
        .route("/staff/sessions", post(staff::login))
        .route("/staff/sessions/current", delete(staff::logout))
        .route("/staff/me/password", put(staff::change_password))
        .route(
            "/requests",
            post(requests::submit)
                .layer(attachments::submission_limit())
                .get(requests::list),
        )
        .route("/requests/{id}", get(requests::get))
        .route("/requests/{id}/cancel", post(requests::cancel))
        .route("/requests/{id}/answer", post(requests::answer))
        .route(
            "/requests/{id}/attachments",
            post(attachments::upload)
                .layer(attachments::upload_limit())
                .get(attachments::list),
        )
        .route(
            "/requests/{id}/attachments/{attachment_id}",
            get(attachments::download),
        )
        .route(
            "/staff/requests/{id}/attachments",
            post(attachments::staff_upload)
                .layer(attachments::upload_limit())
                .get(attachments::staff_list),
        )
        .route(
            "/staff/requests/{id}/attachments/{attachment_id}",
            get(attachments::staff_download),
        )
        .route("/staff/requests", get(requests::queue))
        .route("/staff/requests/{id}", get(requests::staff_get))
        .route(
            "/staff/requests/{id}/transition",
            post(requests::transition),
        )
        .route(
            "/records/{kind}",
            post(records::import).layer(axum::extract::DefaultBodyLimit::max(records::BODY_LIMIT)),
        )
        .route(
            "/staff/citizens",
            get(staff_citizens::search).post(walk_in::register_walk_in),
        )
        .route("/activations", post(walk_in::activate))
        .route("/staff/citizens/{id}", get(staff_citizens::profile))
        .route(
            "/staff/citizens/{id}/verification",
            post(staff_citizens::certify).delete(staff_citizens::revoke),
        )
        .route(
            "/staff/citizens/{id}/verification/document",
            put(staff_citizens::renew_document),
        )
}

pub fn openapi_route() -> Router<AppState> {
    Router::new().route(
        "/api/openapi.json",
        get(|| async { Json(openapi_document()) }),
    )
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "dimos",
        description = "Citizen e-services of the municipality: certificates, requests, and the \
                       personal data of certified (Level B) citizens. Errors are always \
                       `{\"error\": {\"code\", \"message\", \"fields\"?}}`. The `code` is \
                       stable; the `message` is for people, in Greek by default and in English \
                       when the request asks for it: `?lang=en` (or `?lang=el`) first, else the \
                       first of `el`/`en` in `Accept-Language` by weight, else the `lang` \
                       cookie, else Greek."
    ),
    paths(
        services::list,
        citizens::register,
        citizens::confirm_email,
        citizens::login,
        citizens::logout,
        citizens::me,
        citizens::update_me,
        citizens::change_password,
        citizens::sessions,
        citizens::end_session,
        citizens::request_password_reset,
        citizens::reset_password,
        staff::login,
        staff::logout,
        staff::change_password,
        requests::submit,
        requests::list,
        requests::get,
        requests::cancel,
        requests::answer,
        requests::queue,
        requests::staff_get,
        requests::transition,
        attachments::upload,
        attachments::list,
        attachments::download,
        attachments::staff_upload,
        attachments::staff_list,
        attachments::staff_download,
        staff_citizens::search,
        staff_citizens::profile,
        staff_citizens::certify,
        staff_citizens::revoke,
        walk_in::register_walk_in,
        walk_in::activate,
        staff_citizens::renew_document,
        records::import,
        my_records::debts,
        my_records::fines,
        my_records::pending,
        my_records::export,
        my_records::staff_records,
    ),
    components(schemas(ErrorBody, ErrorDetail, services::ServiceView, services::LocalizedName)),
    modifiers(&BearerAuth, &CommonResponses)
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The answers every operation can give whatever its handler does, declared once here instead of
/// on each `#[utoipa::path]`: the layers and extractors in front of every handler (throttles,
/// the busy database, the timeout, the body limit, the JSON extractor, the bearer extractor). An
/// operation's own description of a status (e.g. its 401 `invalid_credentials`) is kept. A 400
/// comes only from reading a body or a parameter: an operation with neither cannot answer it.
struct CommonResponses;

/// (status, description, whether the operation can answer it)
type CommonResponse = (&'static str, &'static str, fn(&Operation) -> bool);

impl CommonResponses {
    /// (status, description, when): `when` says whether the operation can answer it.
    fn common() -> [CommonResponse; 9] {
        [
            (
                "400",
                "invalid_json: the body, a query parameter or a path parameter cannot be read",
                |op| {
                    op.request_body.is_some()
                        || op.parameters.as_ref().is_some_and(|p| !p.is_empty())
                },
            ),
            (
                "401",
                "unauthenticated: no bearer token, or one that is unknown, expired or ended",
                |op| op.security.is_some(),
            ),
            (
                "408",
                "timeout: the request took longer than the server allows",
                |_| true,
            ),
            (
                "413",
                "payload_too_large: the body is larger than the route accepts",
                |op| op.request_body.is_some(),
            ),
            (
                "415",
                "invalid_json: the body is not of the declared content type",
                |op| op.request_body.is_some(),
            ),
            (
                "422",
                "validation_failed: a required field is missing or a field is not valid (`fields` names them)",
                |op| op.request_body.is_some(),
            ),
            (
                "429",
                "too_many_attempts: a throttle; try again after `Retry-After` seconds",
                |_| true,
            ),
            (
                "500",
                "internal_error: a fault of the server (logged with the request id)",
                |_| true,
            ),
            (
                "503",
                "busy: the database could not take the request on in time; nothing was changed; try again after `Retry-After` seconds",
                |_| true,
            ),
        ]
    }
}

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, HeaderBuilder, Ref, RefOr, ResponseBuilder};
        let retry_after = HeaderBuilder::new()
            .schema(
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::Type::Integer)
                    .minimum(Some(0)),
            )
            .description(Some("seconds to wait before trying again"))
            .build();
        for item in openapi.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                for (status, description, applies) in Self::common() {
                    if let Some(RefOr::T(own)) = op.responses.responses.get_mut(status) {
                        // The operation's own words for it; the header is the layer's.
                        if status == "429" || status == "503" {
                            own.headers
                                .entry("Retry-After".to_owned())
                                .or_insert_with(|| retry_after.clone());
                        }
                        continue;
                    }
                    if !applies(op) || op.responses.responses.contains_key(status) {
                        continue;
                    }
                    let mut response = ResponseBuilder::new().description(description).content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ErrorBody")))
                            .build(),
                    );
                    if status == "429" || status == "503" {
                        response = response.header("Retry-After", retry_after.clone());
                    }
                    op.responses
                        .responses
                        .insert(status.to_owned(), response.build().into());
                }
            }
        }
    }
}

/// The OpenAPI 3 document describing every route of the API.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    let components = doc.components.get_or_insert_with(Default::default);
    components.schemas.extend(schema::all());
    doc
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    /// OpenAPI requires each operation's id to be unique in the document: clients generated
    /// from it name their methods by these ids.
    #[test]
    fn every_operation_has_its_own_id() {
        let doc = serde_json::to_value(super::openapi_document()).unwrap();
        let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (path, operations) in doc["paths"].as_object().unwrap() {
            for (method, operation) in operations.as_object().unwrap() {
                if let Some(id) = operation.get("operationId").and_then(|i| i.as_str()) {
                    seen.entry(id.to_owned())
                        .or_default()
                        .push(format!("{method} {path}"));
                }
            }
        }
        let repeated: Vec<_> = seen.iter().filter(|(_, uses)| uses.len() > 1).collect();
        assert!(
            repeated.is_empty(),
            "operation ids used twice: {repeated:#?}"
        );
        assert!(seen.len() > 30, "only {} operations", seen.len());
    }

    /// The contract: the document describes every route of the API. Read from the router, so a
    /// new route without its `#[utoipa::path]` (or left out of `paths(…)`) fails here.
    #[test]
    fn the_document_describes_every_api_route() {
        let doc = serde_json::to_value(super::openapi_document()).unwrap();
        let api: Vec<(String, String)> = crate::route_table()
            .into_iter()
            .filter(|(_, path)| path.starts_with("/api/v1/"))
            .collect();
        assert!(api.len() > 30, "only {} API routes found", api.len());
        let missing: Vec<String> = api
            .into_iter()
            .filter(|(method, path)| doc["paths"][path][method.to_lowercase()].is_null())
            .map(|(method, path)| format!("{method} {path}"))
            .collect();
        assert!(
            missing.is_empty(),
            "not in the OpenAPI document: {missing:#?}"
        );
    }

    /// A staff operation needs a role (clerk, verifier; admins pass both), but for one's own
    /// session and password: a member without it is refused with 403, which the operation names.
    #[test]
    fn staff_operations_name_the_refusal_of_a_missing_role() {
        let doc = serde_json::to_value(super::openapi_document()).unwrap();
        let mut wrong = Vec::new();
        for (path, operations) in doc["paths"].as_object().unwrap() {
            let own = ["/api/v1/staff/sessions", "/api/v1/staff/me/"]
                .iter()
                .any(|p| path.starts_with(p));
            if !path.starts_with("/api/v1/staff/") || own {
                continue;
            }
            for (method, op) in operations.as_object().unwrap() {
                if op["responses"]["403"].is_null() {
                    wrong.push(format!("{method} {path}"));
                }
            }
        }
        assert!(wrong.is_empty(), "no 403: {wrong:#?}");
    }

    /// The common answers (CommonResponses) are on every operation: 401 wherever a bearer token
    /// is needed, 400 wherever a body or a parameter is read (and nowhere else), and the timeout /
    /// throttle / busy / fault answers with their error body everywhere.
    #[test]
    fn every_operation_lists_the_answers_it_can_give() {
        let doc = serde_json::to_value(super::openapi_document()).unwrap();
        let mut wrong = Vec::new();
        for (path, operations) in doc["paths"].as_object().unwrap() {
            for (method, op) in operations.as_object().unwrap() {
                let mut needed = vec!["408", "429", "500", "503"];
                if op.get("security").is_some() {
                    needed.push("401");
                }
                let reads_input = op.get("requestBody").is_some()
                    || op["parameters"].as_array().is_some_and(|p| !p.is_empty());
                if reads_input {
                    needed.push("400");
                } else if !op["responses"]["400"].is_null() {
                    wrong.push(format!("{method} {path}: a 400 it cannot answer"));
                }
                if op.get("requestBody").is_some() {
                    needed.extend(["413", "415", "422"]);
                }
                for status in needed {
                    if op["responses"][status].is_null() {
                        wrong.push(format!("{method} {path}: no {status}"));
                    }
                }
                for status in ["429", "503"] {
                    if op["responses"][status]["headers"]["Retry-After"].is_null() {
                        wrong.push(format!("{method} {path}: {status} without Retry-After"));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
}
