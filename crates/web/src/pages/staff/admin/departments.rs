//! Departments: the list, a new one, renaming, showing or hiding one in the public catalogue,
//! and deleting one that nothing refers to (else the page says what still does).

use super::done;
use super::editor::{self, Catalogue, Extras, name_items, stored_page};
use super::form::FormPairs;
use super::views::{Action, Cell, Refusal, Section};
use crate::client::Call;
use crate::i18n::Lang;
use crate::pages::PageError;
use crate::pages::csrf::CsrfForm;
use crate::pages::forms::FormErrors;
use crate::pages::staff::{Admin, StaffPage};
use crate::state::AppState;
use axum::Router;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use dimos_app::admin::{DepartmentDeletion, DepartmentForm};
use dimos_db::admin::{DepartmentRecord, DepartmentUsage};

pub fn routes() -> Router<AppState> {
    editor::routes::<DepartmentRecord>()
        .route("/staff/admin/departments/{code}/delete", post(delete))
}

impl Catalogue for DepartmentRecord {
    type Form = DepartmentForm;
    const NAMES: [&'static str; 2] = ["departments", "department"];
    const COLUMNS: &'static [&'static str] = &["other-name"];

    fn names(&self) -> (&str, &str) {
        (&self.name_el, &self.name_en)
    }

    fn cells(&self, lang: Lang, _: &[DepartmentRecord]) -> Vec<Cell> {
        vec![Cell::text(lang.pick(&self.name_en, &self.name_el))]
    }

    fn read(pairs: &FormPairs) -> DepartmentForm {
        DepartmentForm {
            code: pairs.get("code"),
            name_el: pairs.get("name_el"),
            name_en: pairs.get("name_en"),
        }
    }

    fn stored(&self) -> DepartmentForm {
        DepartmentForm {
            code: self.code.clone(),
            name_el: self.name_el.clone(),
            name_en: self.name_en.clone(),
        }
    }

    fn blank() -> DepartmentForm {
        DepartmentForm::default()
    }

    fn sections(
        lang: Lang,
        errors: &FormErrors,
        form: &DepartmentForm,
        _: &[DepartmentRecord],
    ) -> Vec<Section> {
        vec![Section::plain(
            name_items(lang, errors, &form.name_el, &form.name_en).into(),
        )]
    }

    fn more_actions(&self, lang: Lang, href: &str) -> Vec<Action> {
        vec![Action {
            action: format!("{href}/delete"),
            label: lang.t("admin-department-delete"),
            hint: Some(lang.t("admin-department-delete-hint")),
            hidden: Vec::new(),
            danger: true,
        }]
    }
}

async fn delete(
    Call(state, client, page): Call<StaffPage<Admin>>,
    Path(code): Path<String>,
    CsrfForm { .. }: CsrfForm<FormPairs>,
) -> Result<Response, PageError> {
    let lang = page.visitor.lang;
    match state
        .app
        .delete_department(&page.who, &code, &client)
        .await?
    {
        DepartmentDeletion::Deleted => Ok(done(
            &editor::base::<DepartmentRecord>(),
            "department_deleted",
        )),
        DepartmentDeletion::Refused(usage) => {
            let extras = Extras {
                notice: None,
                refusal: Some(refusal(lang, &usage)),
            };
            stored_page::<DepartmentRecord>(&state, &page, &code, StatusCode::CONFLICT, extras)
                .await
        }
    }
}

/// Why a department cannot be deleted: each kind of thing that still refers to it, by name.
fn refusal(lang: Lang, usage: &DepartmentUsage) -> Refusal {
    let mut reasons = Vec::new();
    let mut line = |key: &str, list: String| reasons.push(lang.t_args(key, &[("list", list)]));
    if usage.open_requests > 0 {
        line(
            "admin-department-used-open-requests",
            usage.open_requests.to_string(),
        );
    }
    if usage.closed_requests > 0 {
        line(
            "admin-department-used-closed-requests",
            usage.closed_requests.to_string(),
        );
    }
    if !usage.services.is_empty() {
        line("admin-department-used-services", usage.services.join(", "));
    }
    if !usage.offices.is_empty() {
        line("admin-department-used-offices", usage.offices.join(", "));
    }
    if !usage.staff.is_empty() {
        line("admin-department-used-staff", usage.staff.join(", "));
    }
    Refusal {
        heading: lang.t("admin-department-delete-refused"),
        reasons,
        advice: lang.t("admin-department-delete-advice"),
    }
}
