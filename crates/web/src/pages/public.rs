//! The public pages: home, the certification levels, the catalogue, the offices.

use super::visitor::Visitor;
use super::{Chrome, catalogue, certification, offices, render};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/certification", get(certification::page))
        .route("/services", get(catalogue::page))
        .route("/offices", get(offices::page))
}

#[derive(Template)]
#[template(path = "pages/home.html")]
struct Home {
    chrome: Chrome,
}

async fn home(State(state): State<AppState>, visitor: Visitor) -> Response {
    render(
        StatusCode::OK,
        &Home {
            chrome: Chrome::for_visitor(&state, &visitor, "/"),
        },
    )
}
