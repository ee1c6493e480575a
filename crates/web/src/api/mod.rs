//! The JSON API under `/api/v1`: the same capabilities as the pages, for apps and integrators.

mod json;
mod services;

use crate::error::{ErrorBody, ErrorDetail};
use crate::state::AppState;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

#[allow(unused_imports)] // the extractor every JSON body goes through, as the use cases arrive
pub use json::ApiJson;

pub fn routes() -> Router<AppState> {
    Router::new().route("/services", get(services::list))
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
                       personal data of certified (Level B) citizens."
    ),
    paths(services::list),
    components(schemas(ErrorBody, ErrorDetail, services::ServiceView, services::LocalizedName))
)]
struct ApiDoc;

/// The OpenAPI 3 document describing every route of the API.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
