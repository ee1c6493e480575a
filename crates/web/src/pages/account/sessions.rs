//! «Οι συνδέσεις μου»: the live sessions of the account, in browsers and apps, and ending them.

use super::super::csrf::CsrfForm;
use super::super::local_time::date_time;
use super::super::notice::NoticeQuery;
use super::super::visitor::SignedIn;
use super::super::{Chrome, PageError, render};
use super::Button;
use crate::client::{Call, Client};
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Redirect, Response};
use axum::routing::{get, post};
use dimos_app::citizens::SessionView;
use dimos_db::sessions::Channel;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account/sessions", get(list))
        .route("/account/sessions/end-others", post(end_others))
        .route("/account/sessions/{id}/end", post(end_one))
}

const NOTICES: [(&str, &str); 2] = [
    ("session_ended", "account-sessions-notice-ended"),
    ("others_ended", "account-sessions-notice-others-ended"),
];

/// A session as a row of the table.
struct SessionRow {
    id: String,
    channel: String,
    client_ip: String,
    user_agent: String,
    started: String,
    last_active: String,
    current: bool,
}

impl SessionRow {
    fn new(s: SessionView, lang: Lang) -> SessionRow {
        SessionRow {
            channel: lang.t(if s.channel == Channel::Api {
                "account-sessions-channel-api"
            } else {
                "account-sessions-channel-page"
            }),
            started: date_time(s.created_at),
            last_active: date_time(s.last_seen_at),
            id: s.id,
            client_ip: s.client_ip,
            user_agent: s.user_agent,
            current: s.current,
        }
    }
}

#[derive(Template)]
#[template(path = "pages/account_sessions.html")]
struct SessionsPage {
    chrome: Chrome,
    notice: Option<String>,
    sessions: Vec<SessionRow>,
}

impl SessionsPage {
    fn has_others(&self) -> bool {
        self.sessions.iter().any(|s| !s.current)
    }
}

async fn list(
    Call(state, _, SignedIn { visitor, who }): Call<SignedIn>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let lang = visitor.lang;
    let sessions = state.app.citizen_sessions(&who).await?;
    let mut sessions: Vec<SessionRow> = sessions
        .into_iter()
        .map(|s| SessionRow::new(s, lang))
        .collect();
    // This session first: it is the one the citizen recognises.
    sessions.sort_by_key(|s| !s.current);
    let page = SessionsPage {
        chrome: Chrome::for_visitor(&state, &visitor, "/account/sessions"),
        notice: query.message(lang, &NOTICES),
        sessions,
    };
    Ok(render(StatusCode::OK, &page))
}

async fn end_one(
    State(state): State<AppState>,
    Client(client): Client,
    Path(id): Path<String>,
    SignedIn { who, .. }: SignedIn,
    CsrfForm { .. }: CsrfForm<Button>,
) -> Result<Redirect, PageError> {
    state.app.end_citizen_session(&who, &id, &client).await?;
    Ok(Redirect::to("/account/sessions?notice=session_ended"))
}

async fn end_others(
    Call(state, client, SignedIn { who, .. }): Call<SignedIn>,
    CsrfForm { .. }: CsrfForm<Button>,
) -> Result<Redirect, PageError> {
    state.app.end_other_citizen_sessions(&who, &client).await?;
    Ok(Redirect::to("/account/sessions?notice=others_ended"))
}
