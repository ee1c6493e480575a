//! The HTTP skins of dimos: server-rendered pages and the JSON API under `/api/v1`, both thin
//! layers over the same use cases in `dimos-app`.

mod access;
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
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

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

/// How long a client may take to send a request's headers before its connection is closed
/// (a client trickling one header line at a time must not hold a connection for ever).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, state, shutdown, HEADER_READ_TIMEOUT).await
}

/// Like [`serve`], with another header read timeout (tests use a short one).
pub async fn serve_with(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
    header_read_timeout: Duration,
) -> std::io::Result<()> {
    let router = router(state);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(remote));
            router.clone().oneshot(request.map(Body::new))
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
