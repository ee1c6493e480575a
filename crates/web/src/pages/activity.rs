//! «Ποιος είδε τα στοιχεία μου»: a citizen's own account activity and every access by staff to
//! their profile or personal data — who (name), when, why.

use super::local_time::date_time;
use super::visitor::SignedIn;
use super::{Chrome, page_failed, render};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use dimos_app::audit_log::AuditView;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/account/activity", get(page))
}

#[derive(Deserialize)]
struct Before {
    #[serde(default)]
    before: i64,
}

/// One line of the list, in the citizen's words.
struct Line {
    when: String,
    who: String,
    what: String,
    why: String,
    outcome_failed: bool,
}

#[derive(Template)]
#[template(path = "pages/account_activity.html")]
struct ActivityPage {
    chrome: Chrome,
    staff_lines: Vec<Line>,
    own_lines: Vec<Line>,
    next_link: Option<String>,
}

fn line(chrome: &Chrome, e: &AuditView) -> Line {
    let key = format!("activity-action-{}", e.action.replace('.', "-"));
    let what = chrome.lang.try_t(&key).unwrap_or_else(|| e.action.clone());
    let details: serde_json::Value = serde_json::from_str(&e.details).unwrap_or_default();
    let why = details
        .get("reason")
        .and_then(|r| r.as_str())
        .unwrap_or("")
        .to_owned();
    let office = details.get("office").and_then(|r| r.as_str()).unwrap_or("");
    let who = match e.actor_kind.as_str() {
        "citizen" => chrome.t("activity-you"),
        "staff" if office.is_empty() => e.actor.clone(),
        "staff" => format!("{} — {office}", e.actor),
        "anonymous" => chrome.t("activity-someone"),
        _ => chrome.t("activity-system"),
    };
    Line {
        when: date_time(e.at),
        who,
        what,
        why,

        outcome_failed: e.outcome != "success",
    }
}

async fn page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(q): Query<Before>,
) -> Response {
    let SignedIn { visitor, who } = signed_in;
    let chrome = Chrome::for_visitor(&state, &visitor, "/account/activity");
    match state.app.citizen_activity(&who, q.before).await {
        Ok(result) => {
            let (staff, own): (Vec<_>, Vec<_>) =
                result.entries.iter().partition(|e| e.actor_kind == "staff");
            let staff_lines = staff.into_iter().map(|e| line(&chrome, e)).collect();
            let own_lines = own.into_iter().map(|e| line(&chrome, e)).collect();
            let next_link = result
                .next_before_seq
                .map(|seq| format!("/account/activity?before={seq}"));
            render(
                StatusCode::OK,
                &ActivityPage {
                    chrome,
                    staff_lines,
                    own_lines,
                    next_link,
                },
            )
        }
        Err(error) => page_failed(&state, visitor.lang, &error),
    }
}
