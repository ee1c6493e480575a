//! «Αναζήτηση πολίτη»: one box for a username, a tax number, an e-mail, or a family name with a
//! birth date. Every search is audited by the use case.

use super::citizen_path;
use super::problems::Problems;
use crate::client::Client;
use crate::pages::local_time::iso_date;
use crate::pages::staff::{StaffPage, Verifier};
use crate::pages::{Chrome, PageError, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
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
        if self.errors.is_empty() {
            "q-hint".to_owned()
        } else {
            format!("q-hint {}", self.error_id)
        }
    }
}

pub async fn page(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Verifier>,
    Query(query): Query<SearchQuery>,
) -> Response {
    let lang = page.visitor.lang;
    let mut view = SearchPage {
        chrome: page.chrome(&state, "/staff/citizens"),
        q: query.q.clone().unwrap_or_default(),
        errors: Vec::new(),
        error_id: "q-error".to_owned(),
        results: None,
    };
    let Some(q) = query.q else {
        return render(StatusCode::OK, &view);
    };
    match state.app.search_citizens(&page.who, &q, &client).await {
        Ok(found) => {
            view.results = Some(found.into_iter().map(Found::new).collect());
            render(StatusCode::OK, &view)
        }
        Err(error) => match Problems::from_error(lang, &error) {
            Some(problems) => {
                view.errors = problems.messages("q");
                view.error_id = problems.id("q");
                render(StatusCode::UNPROCESSABLE_ENTITY, &view)
            }
            None => PageError::from(error).into_response(),
        },
    }
}
