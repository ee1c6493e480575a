//! The HTTP skins of dimos: server-rendered pages and the JSON API under `/api/v1`, both thin
//! layers over the same use cases in `dimos-app`.

mod api;
mod assets;
mod client;
mod error;
#[doc(hidden)]
pub mod fuzzing;
mod i18n;
mod pages;
mod plumbing;
mod route_table;
mod state;

pub use api::openapi_document;
/// The pages' languages and their texts (the browser tests check pages in both).
pub use i18n::Lang;
pub use route_table::route_table;
pub use state::{AppState, SiteConfig};

use axum::Router;
use std::future::Future;
use tokio::net::TcpListener;

/// Every route of the portal, with the middleware around them.
pub fn router(state: AppState) -> Router {
    plumbing::layers(routes(), &state).with_state(state)
}

/// The route tree alone, without middleware or state (what [`route_table`] reads).
fn routes() -> Router<AppState> {
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .merge(api::openapi_route())
        .merge(plumbing::health_routes())
        .merge(assets::routes())
        .fallback(pages::not_found_fallback)
}

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
