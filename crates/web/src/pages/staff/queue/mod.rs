//! The department's side of requests (clerks of the department, admins): the queue, one
//! request with the moves the state machine allows, and the postal desk's dispatch list.

mod detail;
mod dispatch;
mod list;

use crate::i18n::Lang;
use crate::pages::requests::views::Catalogue;
use crate::state::AppState;
use axum::Router;
use axum::routing::get;
use dimos_app::staff::StaffPrincipal;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/requests", get(list::page))
        .route(
            "/staff/requests/dispatch",
            get(dispatch::page).post(dispatch::dispatch),
        )
        .route("/staff/requests/{id}", get(detail::page))
        .route(
            "/staff/requests/{id}/transition",
            axum::routing::post(detail::transition),
        )
}

/// The path of a request's staff page, `suffix` appended.
fn staff_request_path(id: &str, suffix: &str) -> String {
    format!(
        "/staff/requests/{}{suffix}",
        crate::pages::visitor::encode(id).replace('/', "%2F")
    )
}

/// The departments whose work this member sees, as `(code, name)`: a clerk's own, or every
/// department for an admin.
fn own_departments(
    who: &StaffPrincipal,
    catalogue: &Catalogue,
    lang: Lang,
) -> Vec<(String, String)> {
    match who.department_scope() {
        None => catalogue
            .departments
            .iter()
            .map(|d| (d.code.clone(), lang.pick(&d.name_el, &d.name_en).to_owned()))
            .collect(),
        Some(own) => own
            .iter()
            .map(|code| (code.clone(), catalogue.department_name(code, lang)))
            .collect(),
    }
}

/// A query-string value, percent-encoded.
fn q(value: &str) -> String {
    crate::pages::visitor::encode(value).replace('/', "%2F")
}
