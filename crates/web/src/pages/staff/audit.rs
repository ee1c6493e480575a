//! The audit log search (admins only).

use super::{Admin, StaffPage};
use crate::client::Client;
use crate::pages::forms::{FormErrors, form_errors};
use crate::pages::local_time::date_time;
use crate::pages::{Chrome, PageError, render};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::response::Response;
use axum::routing::get;
use dimos_app::audit_log::{AuditQuery, AuditView};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff/audit", get(search))
}

#[derive(Deserialize, Default)]
struct SearchQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    citizen: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    before: i64,
}

#[derive(Template)]
#[template(path = "staff/audit.html")]
struct AuditPage {
    chrome: Chrome,
    q: SearchQuery,
    errors: FormErrors,
    entries: Vec<AuditView>,
    next_link: Option<String>,
}

impl AuditPage {
    fn when(&self, entry: &AuditView) -> String {
        date_time(entry.at)
    }

    /// The search fields: (name, label key, value, input type).
    fn fields(&self) -> Vec<(&'static str, &'static str, String, &'static str)> {
        vec![
            ("actor", "audit-field-actor", self.q.actor.clone(), "text"),
            (
                "citizen",
                "audit-field-citizen",
                self.q.citizen.clone(),
                "text",
            ),
            (
                "action",
                "audit-field-action",
                self.q.action.clone(),
                "text",
            ),
            ("from", "audit-field-from", self.q.from.clone(), "date"),
            ("until", "audit-field-until", self.q.until.clone(), "date"),
        ]
    }
}

/// Percent-encodes a query value.
fn q(value: &str) -> String {
    crate::pages::visitor::encode(value).replace('/', "%2F")
}

async fn search(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Admin>,
    Query(query): Query<SearchQuery>,
) -> Response {
    let lang = page.visitor.lang;
    let asked = AuditQuery {
        actor: query.actor.clone(),
        citizen: query.citizen.clone(),
        action: query.action.clone(),
        from: query.from.clone(),
        until: query.until.clone(),
        before_seq: query.before,
    };
    let chrome = page.chrome(&state, "/staff/audit");
    match state.app.search_audit(&page.who, &asked, &client).await {
        Ok(result) => {
            let next_link = result.next_before_seq.map(|seq| {
                format!(
                    "/staff/audit?actor={}&citizen={}&action={}&from={}&until={}&before={seq}",
                    q(&query.actor),
                    q(&query.citizen),
                    q(&query.action),
                    q(&query.from),
                    q(&query.until)
                )
            });
            let view = AuditPage {
                chrome,
                q: query,
                errors: FormErrors::none(lang),
                entries: result.entries,
                next_link,
            };
            render(StatusCode::OK, &view)
        }
        Err(error) => match form_errors(lang, &error) {
            Some(errors) => {
                let view = AuditPage {
                    chrome,
                    q: query,
                    errors,
                    entries: Vec::new(),
                    next_link: None,
                };
                render(StatusCode::UNPROCESSABLE_ENTITY, &view)
            }
            None => PageError::from(error).into_response(),
        },
    }
}
