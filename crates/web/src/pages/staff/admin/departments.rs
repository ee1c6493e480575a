//! Departments: the list, a new one, renaming, showing or hiding one in the public catalogue,
//! and deleting one that nothing refers to (else the page says what still does).

use super::fields::{AdminErrors, Field};
use super::form::FormPairs;
use super::views::{
    Action, AdminForm, Cell, EditPage, Item, ListPage, Refusal, Section, Table, TableRow,
};
use super::{NoticeQuery, back_to, back_to_admin, done, failed};
use crate::client::Client;
use crate::i18n::Lang;
use crate::pages::csrf::CsrfForm;
use crate::pages::render;
use crate::pages::staff::{Admin, StaffPage};
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use dimos_app::admin::{DepartmentDeletion, DepartmentForm};
use dimos_db::admin::{DepartmentRecord, DepartmentUsage};

const BASE: &str = "/staff/admin/departments";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(BASE, get(list))
        .route("/staff/admin/departments/new", get(new_form).post(create))
        .route("/staff/admin/departments/{code}", get(edit_form).post(save))
        .route("/staff/admin/departments/{code}/active", post(set_active))
        .route("/staff/admin/departments/{code}/delete", post(delete))
}

async fn list(
    State(state): State<AppState>,
    page: StaffPage<Admin>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let lang = page.visitor.lang;
    let departments = match state.app.admin_departments(&page.who).await {
        Ok(departments) => departments,
        Err(error) => return failed(&state, lang, &error),
    };
    let chrome = page.chrome(&state, BASE);
    let rows = departments
        .iter()
        .map(|d| TableRow {
            href: format!("{BASE}/{}", d.code),
            title: lang.pick(&d.name_el, &d.name_en).to_owned(),
            cells: vec![
                Cell::text(&d.code),
                Cell::text(lang.pick(&d.name_en, &d.name_el)),
                Cell::status(
                    &chrome,
                    d.active,
                    "admin-status-active",
                    "admin-status-inactive",
                ),
            ],
        })
        .collect();
    let table = Table {
        caption: lang.t("admin-departments-caption"),
        headers: [
            "admin-col-department",
            "admin-col-code",
            "admin-col-other-name",
            "admin-col-status",
        ]
        .iter()
        .map(|k| lang.t(k))
        .collect(),
        rows,
        empty: lang.t("admin-departments-empty"),
    };
    render(
        StatusCode::OK,
        &ListPage {
            chrome,
            title: lang.t("admin-departments-title"),
            lead: lang.t("admin-departments-intro"),
            back: back_to_admin(lang),
            notice: query.message(lang),
            create: Some(back_to(
                lang,
                "/staff/admin/departments/new",
                "admin-departments-new",
            )),
            table,
        },
    )
}

fn read_form(pairs: &FormPairs) -> DepartmentForm {
    DepartmentForm {
        code: pairs.get("code"),
        name_el: pairs.get("name_el"),
        name_en: pairs.get("name_en"),
    }
}

fn name_fields(lang: Lang, errors: &AdminErrors, form: &DepartmentForm) -> Vec<Item> {
    vec![
        Item::Text(Field::new(lang, errors, "name_el", "admin-field-name-el").value(&form.name_el)),
        Item::Text(Field::new(lang, errors, "name_en", "admin-field-name-en").value(&form.name_en)),
    ]
}

fn new_page(
    state: &AppState,
    page: &StaffPage<Admin>,
    form: &DepartmentForm,
    errors: &AdminErrors,
) -> EditPage {
    let lang = page.visitor.lang;
    let mut items = vec![Item::Text(
        Field::new(lang, errors, "code", "admin-field-code")
            .value(&form.code)
            .hint(lang, "admin-department-code-hint")
            .plain(),
    )];
    items.extend(name_fields(lang, errors, form));
    let sections = vec![Section::plain(items)];
    EditPage {
        chrome: page.chrome(state, "/staff/admin/departments/new"),
        title: lang.t("admin-departments-new"),
        lead: Some(lang.t("admin-departments-new-intro")),
        back: back_to(lang, BASE, "admin-departments-title"),
        notice: None,
        refusal: None,
        facts: Vec::new(),
        form: AdminForm::new(
            "/staff/admin/departments/new",
            lang.t("admin-departments-create"),
            sections,
            errors,
        ),
        actions_heading: String::new(),
        actions: Vec::new(),
    }
}

async fn new_form(State(state): State<AppState>, page: StaffPage<Admin>) -> Response {
    let errors = AdminErrors::none(page.visitor.lang);
    render(
        StatusCode::OK,
        &new_page(&state, &page, &DepartmentForm::default(), &errors),
    )
}

async fn create(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Admin>,
    CsrfForm { form, .. }: CsrfForm<FormPairs>,
) -> Response {
    let lang = page.visitor.lang;
    let form = read_form(&form);
    match state.app.create_department(&page.who, &form, &client).await {
        Ok(()) => done(BASE, "department_created"),
        Err(error) => match AdminErrors::from_error(lang, &error) {
            Some(errors) => render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &new_page(&state, &page, &form, &errors),
            ),
            None => failed(&state, lang, &error),
        },
    }
}

/// What the edit page shows beyond the form.
#[derive(Default)]
struct Extras {
    notice: Option<String>,
    refusal: Option<Refusal>,
}

fn edit_page(
    state: &AppState,
    page: &StaffPage<Admin>,
    record: &DepartmentRecord,
    form: &DepartmentForm,
    errors: &AdminErrors,
    extras: Extras,
) -> EditPage {
    let lang = page.visitor.lang;
    let href = format!("{BASE}/{}", record.code);
    let status_key = if record.active {
        "admin-status-active"
    } else {
        "admin-status-inactive"
    };
    let toggle = if record.active {
        Action {
            action: format!("{href}/active"),
            label: lang.t("admin-department-deactivate"),
            hint: Some(lang.t("admin-department-deactivate-hint")),
            hidden: vec![("active".into(), "0".into())],
            danger: false,
        }
    } else {
        Action {
            action: format!("{href}/active"),
            label: lang.t("admin-department-activate"),
            hint: None,
            hidden: vec![("active".into(), "1".into())],
            danger: false,
        }
    };
    let delete = Action {
        action: format!("{href}/delete"),
        label: lang.t("admin-department-delete"),
        hint: Some(lang.t("admin-department-delete-hint")),
        hidden: Vec::new(),
        danger: true,
    };
    EditPage {
        chrome: page.chrome(state, &href),
        title: lang.pick(&record.name_el, &record.name_en).to_owned(),
        lead: None,
        back: back_to(lang, BASE, "admin-departments-title"),
        notice: extras.notice,
        refusal: extras.refusal,
        facts: vec![
            (lang.t("admin-field-code"), record.code.clone()),
            (lang.t("admin-col-status"), lang.t(status_key)),
        ],
        form: AdminForm::new(
            &href,
            lang.t("admin-save"),
            vec![Section::plain(name_fields(lang, errors, form))],
            errors,
        ),
        actions_heading: lang.t("admin-actions-heading"),
        actions: vec![toggle, delete],
    }
}

fn stored(record: &DepartmentRecord) -> DepartmentForm {
    DepartmentForm {
        code: record.code.clone(),
        name_el: record.name_el.clone(),
        name_en: record.name_en.clone(),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    page: StaffPage<Admin>,
    Path(code): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let lang = page.visitor.lang;
    match state.app.admin_department(&page.who, &code).await {
        Ok(record) => {
            let extras = Extras {
                notice: query.message(lang),
                ..Extras::default()
            };
            let errors = AdminErrors::none(lang);
            render(
                StatusCode::OK,
                &edit_page(&state, &page, &record, &stored(&record), &errors, extras),
            )
        }
        Err(error) => failed(&state, lang, &error),
    }
}

async fn save(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Admin>,
    Path(code): Path<String>,
    CsrfForm { form, .. }: CsrfForm<FormPairs>,
) -> Response {
    let lang = page.visitor.lang;
    let record = match state.app.admin_department(&page.who, &code).await {
        Ok(record) => record,
        Err(error) => return failed(&state, lang, &error),
    };
    let form = read_form(&form);
    match state
        .app
        .update_department(&page.who, &code, &form, &client)
        .await
    {
        Ok(()) => done(&format!("{BASE}/{code}"), "department_saved"),
        Err(error) => match AdminErrors::from_error(lang, &error) {
            Some(errors) => {
                let page = edit_page(&state, &page, &record, &form, &errors, Extras::default());
                render(StatusCode::UNPROCESSABLE_ENTITY, &page)
            }
            None => failed(&state, lang, &error),
        },
    }
}

async fn set_active(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Admin>,
    Path(code): Path<String>,
    CsrfForm { form, .. }: CsrfForm<FormPairs>,
) -> Response {
    let active = form.get("active") == "1";
    match state
        .app
        .set_department_active(&page.who, &code, active, &client)
        .await
    {
        Ok(()) => {
            let notice = if active {
                "department_activated"
            } else {
                "department_deactivated"
            };
            done(&format!("{BASE}/{code}"), notice)
        }
        Err(error) => failed(&state, page.visitor.lang, &error),
    }
}

async fn delete(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Admin>,
    Path(code): Path<String>,
    CsrfForm { .. }: CsrfForm<FormPairs>,
) -> Response {
    let lang = page.visitor.lang;
    match state.app.delete_department(&page.who, &code, &client).await {
        Ok(DepartmentDeletion::Deleted) => done(BASE, "department_deleted"),
        Ok(DepartmentDeletion::Refused(usage)) => {
            let record = match state.app.admin_department(&page.who, &code).await {
                Ok(record) => record,
                Err(error) => return failed(&state, lang, &error),
            };
            let extras = Extras {
                notice: None,
                refusal: Some(refusal(lang, &usage)),
            };
            let errors = AdminErrors::none(lang);
            render(
                StatusCode::CONFLICT,
                &edit_page(&state, &page, &record, &stored(&record), &errors, extras),
            )
        }
        Err(error) => failed(&state, lang, &error),
    }
}

/// Why a department cannot be deleted: each kind of thing that still refers to it, by name.
fn refusal(lang: Lang, usage: &DepartmentUsage) -> Refusal {
    let mut reasons = Vec::new();
    let mut line = |key: &str, what: String| reasons.push(format!("{}: {what}", lang.t(key)));
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
