//! `/certification`: the two certification levels, how to get each, and where Level B is given.

use super::offices::{OfficeView, certifying_offices};
use super::visitor::Visitor;
use super::{Chrome, PageError, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

/// One row of the comparison table: what, at Level A, at Level B (all Fluent keys).
struct Comparison {
    what: &'static str,
    level_a: &'static str,
    level_b: &'static str,
}

const COMPARISON: [Comparison; 6] = [
    Comparison {
        what: "cert-row-how",
        level_a: "cert-cell-how-a",
        level_b: "cert-cell-how-b",
    },
    Comparison {
        what: "cert-row-login",
        level_a: "cert-cell-login",
        level_b: "cert-cell-login",
    },
    Comparison {
        what: "cert-row-requests",
        level_a: "cert-cell-requests-a",
        level_b: "cert-cell-requests-b",
    },
    Comparison {
        what: "cert-row-pickup",
        level_a: "cert-cell-pickup",
        level_b: "cert-cell-pickup",
    },
    Comparison {
        what: "cert-row-post",
        level_a: "cert-cell-no",
        level_b: "cert-cell-post-b",
    },
    Comparison {
        what: "cert-row-data",
        level_a: "cert-cell-no",
        level_b: "cert-cell-data-b",
    },
];

#[derive(Template)]
#[template(path = "pages/certification.html")]
struct CertificationPage {
    chrome: Chrome,
    comparison: &'static [Comparison],
    /// The offices where a Level A citizen can become Level B.
    certifying_offices: Vec<OfficeView>,
}

pub async fn page(State(state): State<AppState>, visitor: Visitor) -> Result<Response, PageError> {
    let lang = visitor.lang;
    let offices = state.app.offices().await?;
    let departments = state.app.departments().await?;
    let page = CertificationPage {
        chrome: Chrome::for_visitor(&state, &visitor, "/certification"),
        comparison: &COMPARISON,
        certifying_offices: certifying_offices(&offices, &departments, lang),
    };
    Ok(render(StatusCode::OK, &page))
}
