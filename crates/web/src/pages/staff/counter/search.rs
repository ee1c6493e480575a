//! «Αναζήτηση πολίτη»: one box for a username, a tax number, an e-mail, or a family name with a
//! birth date. Every search is audited by the use case.

use super::citizen_path;
use crate::client::Call;
use crate::i18n::Lang;
use crate::pages::forms::{counter_problems, filtered};
use crate::pages::inputs::{Input, SummaryItem, error_summary};
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
    /// The search box, with its problems.
    q: Input,
    summary: Vec<SummaryItem>,
    /// `None` before a search.
    results: Option<Vec<Found>>,
}

/// The search box, holding `q`.
fn search_box(lang: Lang, q: &str) -> Input {
    Input::new(lang, "q", "counter-search-label")
        .kind("search")
        .value(q)
        .autocomplete("off")
        .no_spellcheck()
        .hint("counter-search-hint")
}

pub async fn page(
    Call(state, client, page): Call<StaffPage<Verifier>>,
    Query(query): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let mut view = SearchPage {
        chrome: page.chrome(&state, "/staff/citizens"),
        q: search_box(page.visitor.lang, query.q.as_deref().unwrap_or_default()),
        summary: Vec::new(),
        results: None,
    };
    let Some(q) = query.q else {
        return Ok(render(StatusCode::OK, &view));
    };
    let found = state.app.search_citizens(&page.who, &q, &client).await;
    let (status, found, problems) = filtered(page.visitor.lang, found, counter_problems)?;
    view.results = found.map(|found| found.into_iter().map(Found::new).collect());
    view.q = search_box(page.visitor.lang, &q).errors(&problems);
    view.summary = error_summary([&view.q]);
    Ok(render(status, &view))
}
