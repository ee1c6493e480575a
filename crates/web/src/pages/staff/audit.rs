//! The audit log search (admins only).

use super::{Admin, StaffPage};
use crate::client::Call;
use crate::i18n::Lang;
use crate::pages::forms::{FormErrors, filtered, form_errors};
use crate::pages::inputs::Input;
use crate::pages::local_time::date_time;
use crate::pages::{Chrome, PageError, render};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::Query;
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
    /// The search fields, with their problems.
    filters: Vec<Input>,
    entries: Vec<AuditView>,
    next_link: Option<String>,
}

impl AuditPage {
    fn when(&self, entry: &AuditView) -> String {
        date_time(entry.at)
    }
}

/// The search fields holding what `q` asks, with the problems `errors` found.
fn filters(lang: Lang, q: &SearchQuery, errors: &FormErrors) -> Vec<Input> {
    [
        ("actor", "audit-field-actor", &q.actor, "text"),
        ("citizen", "audit-field-citizen", &q.citizen, "text"),
        ("action", "audit-field-action", &q.action, "text"),
        ("from", "audit-field-from", &q.from, "date"),
        ("until", "audit-field-until", &q.until, "date"),
    ]
    .into_iter()
    .map(|(name, label_key, value, kind)| {
        Input::new(lang, name, label_key)
            .kind(kind)
            .value(value)
            .may_be_empty()
            .errors(errors)
    })
    .collect()
}

/// Percent-encodes a query value.
fn q(value: &str) -> String {
    crate::pages::visitor::encode(value).replace('/', "%2F")
}

async fn search(
    Call(state, client, page): Call<StaffPage<Admin>>,
    Query(query): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let asked = AuditQuery {
        actor: query.actor.clone(),
        citizen: query.citizen.clone(),
        action: query.action.clone(),
        from: query.from.clone(),
        until: query.until.clone(),
        before_seq: query.before,
    };
    let found = state.app.search_audit(&page.who, &asked, &client).await;
    let (status, found, errors) = filtered(page.visitor.lang, found, form_errors)?;
    let (entries, next_before_seq) = found.map_or((Vec::new(), None), |result| {
        (result.entries, result.next_before_seq)
    });
    let next_link = next_before_seq.map(|seq| {
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
        chrome: page.chrome(&state, "/staff/audit"),
        filters: filters(page.visitor.lang, &query, &errors),
        entries,
        next_link,
    };
    Ok(render(status, &view))
}
