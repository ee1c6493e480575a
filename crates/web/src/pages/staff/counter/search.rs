//! «Αναζήτηση πολίτη»: one box for a username, a tax number, an e-mail, or a family name with a
//! birth date. Every search is audited by the use case.

use super::citizen_path;
use crate::client::Call;
use crate::pages::forms::{counter_problems, filtered};
use crate::pages::inputs::hint_and_errors;
use crate::pages::local_time::iso_date;
use crate::pages::staff::{StaffPage, Verifier};
use crate::pages::{Chrome, PageError, render};
use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use dimos_db::citizens::CitizenSummary;
use dimos_domain::AssuranceLevel;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SearchQuery {
    /// Absent: the empty form; present (even empty): a search.
    q: Option<String>,
}

/// A line of the results.
struct Found {
    href: String,
    username: String,
    name: String,
    birth_date: String,
    level_b: bool,
}

impl Found {
    fn new(c: CitizenSummary) -> Found {
        Found {
            href: citizen_path(&c.id, ""),
            name: format!("{} {}", c.given_name, c.family_name),
            birth_date: iso_date(&c.birth_date),
            level_b: c.level == AssuranceLevel::B,
            username: c.username,
        }
    }
}

#[derive(Template)]
#[template(path = "staff/counter/search.html")]
struct SearchPage {
    chrome: Chrome,
    q: String,
    /// The problems with the search box.
    errors: Vec<String>,
    error_id: String,
    /// `None` before a search.
    results: Option<Vec<Found>>,
}

impl SearchPage {
    fn described_by(&self) -> String {
        hint_and_errors("q-hint", &self.errors, &self.error_id)
    }
}

pub async fn page(
    Call(state, client, page): Call<StaffPage<Verifier>>,
    Query(query): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let mut view = SearchPage {
        chrome: page.chrome(&state, "/staff/citizens"),
        q: query.q.clone().unwrap_or_default(),
        errors: Vec::new(),
        error_id: "q-error".to_owned(),
        results: None,
    };
    let Some(q) = query.q else {
        return Ok(render(StatusCode::OK, &view));
    };
    let found = state.app.search_citizens(&page.who, &q, &client).await;
    let (status, found, problems) = filtered(page.visitor.lang, found, counter_problems)?;
    view.results = found.map(|found| found.into_iter().map(Found::new).collect());
    view.errors = problems.messages("q");
    view.error_id = problems.id("q");
    Ok(render(status, &view))
}
