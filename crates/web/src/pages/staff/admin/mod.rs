//! The administration pages under `/staff/admin`, for admins only (every handler takes a
//! `StaffPage<Admin>`, and every use case checks again): departments, offices, the service
//! catalogue, staff accounts and the municipality's settings.
//!
//! Each change is a POST through [`CsrfForm`](crate::pages::csrf::CsrfForm) answered by a 303 to
//! the page that shows the result with a notice; a refused form comes back (422) with the values
//! typed and each problem beside its field.

mod accounts;
mod departments;
mod editor;
mod form;
mod offices;
mod services;
mod settings;
mod views;

use super::{Admin, StaffPage};
use crate::client::Call;
use crate::i18n::Lang;
use crate::pages::render;
use crate::state::AppState;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use views::{Back, OverviewPage};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/admin", get(overview))
        .merge(departments::routes())
        .merge(editor::routes::<dimos_db::admin::OfficeRecord>())
        .merge(editor::routes::<dimos_db::admin::ServiceRecord>())
        .merge(accounts::routes())
        .merge(settings::routes())
}

/// The sections of the administration: `(path, title key, text key)`.
const SECTIONS: [(&str, &str, &str); 6] = [
    (
        "/staff/admin/departments",
        "admin-departments-title",
        "admin-departments-summary",
    ),
    (
        "/staff/admin/offices",
        "admin-offices-title",
        "admin-offices-summary",
    ),
    (
        "/staff/admin/services",
        "admin-services-title",
        "admin-services-summary",
    ),
    (
        "/staff/admin/staff",
        "admin-staff-title",
        "admin-staff-summary",
    ),
    (
        "/staff/admin/settings",
        "admin-settings-title",
        "admin-settings-summary",
    ),
    (
        "/staff/admin/api-keys",
        "api-keys-title",
        "api-keys-summary",
    ),
];

async fn overview(Call(state, _, page): Call<StaffPage<Admin>>) -> Response {
    render(
        StatusCode::OK,
        &OverviewPage {
            chrome: page.chrome(&state, "/staff/admin"),
            sections: SECTIONS.to_vec(),
        },
    )
}

/// `?notice=…` after a change: the page says what was done.
#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

/// Every notice a page may announce, and its message.
const NOTICES: [(&str, &str); 18] = [
    ("department_created", "admin-notice-department-created"),
    ("department_saved", "admin-notice-department-saved"),
    ("department_activated", "admin-notice-department-activated"),
    (
        "department_deactivated",
        "admin-notice-department-deactivated",
    ),
    ("department_deleted", "admin-notice-department-deleted"),
    ("office_created", "admin-notice-office-created"),
    ("office_saved", "admin-notice-office-saved"),
    ("office_activated", "admin-notice-office-activated"),
    ("office_deactivated", "admin-notice-office-deactivated"),
    ("service_created", "admin-notice-service-created"),
    ("service_saved", "admin-notice-service-saved"),
    ("service_activated", "admin-notice-service-activated"),
    ("service_deactivated", "admin-notice-service-deactivated"),
    ("staff_saved", "admin-notice-staff-saved"),
    ("staff_disabled", "admin-notice-staff-disabled"),
    ("staff_enabled", "admin-notice-staff-enabled"),
    ("sessions_ended", "admin-notice-sessions-ended"),
    ("settings_saved", "admin-notice-settings-saved"),
];

impl NoticeQuery {
    /// The message of the notice named in the query; unknown names show nothing.
    fn message(&self, lang: Lang) -> Option<String> {
        let name = self.notice.as_deref()?;
        NOTICES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, key)| lang.t(key))
    }
}

/// After a change: to `path`, announcing `notice`.
fn done(path: &str, notice: &str) -> Response {
    Redirect::to(&format!("{path}?notice={notice}")).into_response()
}

fn back_to_admin(lang: Lang) -> Back {
    Back {
        href: "/staff/admin".into(),
        label: lang.t("admin-back-to-admin"),
    }
}

fn back_to(lang: Lang, href: &str, label_key: &str) -> Back {
    Back {
        href: href.to_owned(),
        label: lang.t(label_key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_and_notice_has_its_messages() {
        for lang in Lang::ALL {
            for (_, title, text) in SECTIONS {
                assert!(
                    lang.try_t(title).is_some() && lang.try_t(text).is_some(),
                    "{title}"
                );
            }
            for (name, key) in NOTICES {
                let query = NoticeQuery {
                    notice: Some(name.to_owned()),
                };
                assert!(lang.try_t(key).is_some(), "{key}");
                assert!(query.message(lang).is_some());
            }
        }
        let unknown = NoticeQuery {
            notice: Some("<script>".into()),
        };
        assert_eq!(unknown.message(Lang::El), None);
    }
}
