//! «Τα αιτήματά μου»: the citizen submits requests from the catalogue, follows each one's
//! timeline, answers the department's questions and cancels while nothing is done yet.

mod detail;
mod list;
mod submit;
pub(crate) mod views;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/requests", get(list::page))
        .route(
            "/requests/new",
            // Files come with a submission: the same limit as the API's multipart.
            post(submit::submit)
                .layer(crate::api::attachments::submission_limit())
                .get(submit::form),
        )
        .route("/requests/{id}", get(detail::page))
        .route(
            "/requests/{id}/cancel",
            get(detail::confirm_cancel).post(detail::cancel),
        )
        .route("/requests/{id}/answer", post(detail::answer))
}

/// The path of a citizen's request page, `suffix` appended.
pub(crate) fn request_path(id: &str, suffix: &str) -> String {
    format!(
        "/requests/{}{suffix}",
        crate::pages::visitor::encode(id).replace('/', "%2F")
    )
}
