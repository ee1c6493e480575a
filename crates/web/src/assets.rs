//! Static assets, embedded in the binary. Their URLs carry a hash of their content, so they can
//! be cached for a year and still change with every release.

use crate::state::AppState;
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::sync::LazyLock;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "site.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/site.css"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../assets/favicon.svg"),
    },
];

/// `name` → `name` with a content hash before its extension (`site.3f2a….css`).
static HASHED: LazyLock<Vec<(String, &'static Asset)>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|a| {
            let (stem, ext) = a.name.rsplit_once('.').unwrap_or((a.name, ""));
            (format!("{stem}.{:016x}.{ext}", fnv1a(a.body)), a)
        })
        .collect()
});

/// The URL of an embedded asset by its plain name, e.g. `asset_url("site.css")`.
pub fn asset_url(name: &str) -> String {
    HASHED
        .iter()
        .find(|(_, a)| a.name == name)
        .map(|(hashed, _)| format!("/assets/{hashed}"))
        .unwrap_or_else(|| format!("/assets/{name}"))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/assets/{file}", get(serve))
        .route("/favicon.ico", get(favicon))
}

async fn serve(Path(file): Path<String>) -> Response {
    match HASHED.iter().find(|(hashed, _)| *hashed == file) {
        Some((_, asset)) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(asset.content_type),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            asset.body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Browsers ask for `/favicon.ico` on their own; point them at the SVG icon.
async fn favicon() -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, asset_url("favicon.svg"))],
    )
        .into_response()
}

/// FNV-1a: a small, stable content hash for cache busting (not for security).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
