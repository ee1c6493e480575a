//! `/requests`: the citizen's own requests, newest first, filtered by status.

use super::request_path;
use super::views::{Catalogue, StatusBadge, delivery_name, status_options};
use crate::client::Call;
use crate::pages::forms::{filtered, request_problems};
use crate::pages::inputs::Input;
use crate::pages::local_time::date_time;
use crate::pages::visitor::SignedIn;
use crate::pages::{Chrome, PageError, render};
use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    status: String,
}

struct Row {
    href: String,
    protocol_number: String,
    service: String,
    delivery: String,
    status: StatusBadge,
    submitted: String,
}

#[derive(Template)]
#[template(path = "pages/requests/list.html")]
struct ListPage {
    chrome: Chrome,
    status: String,
    statuses: Vec<(String, String)>,
    status_errors: Vec<String>,
    rows: Vec<Row>,
}

impl ListPage {
    /// The status filter, the one asked for chosen.
    fn status_input(&self) -> Input {
        let lang = self.chrome.lang;
        let all = (String::new(), lang.t("requests-filter-all"));
        Input::new(lang, "status", "requests-filter-status")
            .select(
                std::iter::once(all).chain(self.statuses.iter().cloned()),
                &self.status,
                "req-select",
            )
            .may_be_empty()
            .problems(self.status_errors.clone())
    }
}

pub async fn page(
    Call(state, _, SignedIn { visitor, who }): Call<SignedIn>,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let lang = visitor.lang;
    let catalogue = Catalogue::load(&state.app).await?;
    let listed = state.app.citizen_requests(&who, &query.status).await;
    let (status_code, rows, problems) = filtered(lang, listed, request_problems)?;
    let rows = rows
        .unwrap_or_default()
        .iter()
        .map(|r| Row {
            href: request_path(&r.id, ""),
            protocol_number: r.protocol_number.clone(),
            service: catalogue.service_name(&r.service_code, lang),
            delivery: delivery_name(lang, r.delivery),
            status: StatusBadge::new(lang, r.status),
            submitted: date_time(r.created_at),
        })
        .collect();
    let page = ListPage {
        chrome: Chrome::for_visitor(&state, &visitor, "/requests"),
        status: query.status.trim().to_owned(),
        statuses: status_options(lang),
        status_errors: problems.messages("status"),
        rows,
    };
    Ok(render(status_code, &page))
}
