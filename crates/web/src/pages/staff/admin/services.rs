//! The service catalogue: every service (offered or withdrawn), a new one, editing one, and
//! offering or withdrawing one.

use super::fields::{AdminErrors, Choices, Field};
use super::form::FormPairs;
use super::views::{Action, AdminForm, Cell, EditPage, Item, ListPage, Section, Table, TableRow};
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
use dimos_app::AppError;
use dimos_app::admin::{ServiceForm, euro_input};
use dimos_db::admin::{DepartmentRecord, ServiceRecord};
use dimos_domain::euro;

const BASE: &str = "/staff/admin/services";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(BASE, get(list))
        .route("/staff/admin/services/new", get(new_form).post(create))
        .route("/staff/admin/services/{code}", get(edit_form).post(save))
        .route("/staff/admin/services/{code}/active", post(set_active))
}

fn department_name(lang: Lang, departments: &[DepartmentRecord], code: &str) -> String {
    departments.iter().find(|d| d.code == code).map_or_else(
        || code.to_owned(),
        |d| lang.pick(&d.name_el, &d.name_en).to_owned(),
    )
}

fn delivery(lang: Lang, s: &ServiceRecord) -> String {
    let mut modes = Vec::new();
    if s.allows_pickup {
        modes.push(lang.t("admin-delivery-pickup"));
    }
    if s.allows_post {
        modes.push(lang.t("admin-delivery-post"));
    }
    modes.join(", ")
}

async fn list(
    State(state): State<AppState>,
    page: StaffPage<Admin>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let lang = page.visitor.lang;
    let loaded = async {
        Ok::<_, AppError>((
            state.app.admin_services(&page.who).await?,
            state.app.admin_departments(&page.who).await?,
        ))
    };
    let (services, departments) = match loaded.await {
        Ok(loaded) => loaded,
        Err(error) => return failed(&state, lang, &error),
    };
    let chrome = page.chrome(&state, BASE);
    let rows = services
        .iter()
        .map(|s| TableRow {
            href: format!("{BASE}/{}", s.code),
            title: lang.pick(&s.name_el, &s.name_en).to_owned(),
            cells: vec![
                Cell::text(&s.code),
                Cell::text(department_name(lang, &departments, &s.department_code)),
                Cell::text(s.min_level.as_str()),
                Cell::text(delivery(lang, s)),
                Cell::text(euro(s.fee_cents)),
                Cell::status(
                    &chrome,
                    s.active,
                    "admin-status-offered",
                    "admin-status-withdrawn",
                ),
            ],
        })
        .collect();
    let table = Table {
        caption: lang.t("admin-services-caption"),
        headers: [
            "admin-col-service",
            "admin-col-code",
            "admin-col-department",
            "admin-col-min-level",
            "admin-col-delivery",
            "admin-col-fee",
            "admin-col-status",
        ]
        .iter()
        .map(|k| lang.t(k))
        .collect(),
        rows,
        empty: lang.t("admin-services-empty"),
    };
    render(
        StatusCode::OK,
        &ListPage {
            chrome,
            title: lang.t("admin-services-title"),
            lead: lang.t("admin-services-intro"),
            back: back_to_admin(lang),
            notice: query.message(lang),
            create: Some(back_to(
                lang,
                "/staff/admin/services/new",
                "admin-services-new",
            )),
            table,
        },
    )
}

fn read_form(pairs: &FormPairs) -> ServiceForm {
    let delivery = pairs.all("delivery");
    ServiceForm {
        code: pairs.get("code"),
        department: pairs.get("department"),
        name_el: pairs.get("name_el"),
        name_en: pairs.get("name_en"),
        description_el: pairs.get("description_el"),
        description_en: pairs.get("description_en"),
        min_level: pairs.get("min_level"),
        pickup: delivery.iter().any(|d| d == "pickup"),
        post: delivery.iter().any(|d| d == "post"),
        fee: pairs.get("fee"),
        processing_days: pairs.get("processing_days"),
        required_attachments: pairs.get("required_attachments"),
        active: pairs.checked("active"),
    }
}

fn stored(s: &ServiceRecord) -> ServiceForm {
    ServiceForm {
        code: s.code.clone(),
        department: s.department_code.clone(),
        name_el: s.name_el.clone(),
        name_en: s.name_en.clone(),
        description_el: s.description_el.clone(),
        description_en: s.description_en.clone(),
        min_level: s.min_level.as_str().to_owned(),
        pickup: s.allows_pickup,
        post: s.allows_post,
        fee: euro_input(s.fee_cents),
        processing_days: s.processing_days.to_string(),
        required_attachments: s.required_attachments.join(", "),
        active: s.active,
    }
}

/// What a new service's form starts with: offered, Level A, collected in person, free.
fn blank() -> ServiceForm {
    ServiceForm {
        min_level: "A".into(),
        pickup: true,
        fee: "0,00".into(),
        processing_days: "5".into(),
        active: true,
        ..ServiceForm::default()
    }
}

fn sections(
    lang: Lang,
    errors: &AdminErrors,
    form: &ServiceForm,
    departments: &[DepartmentRecord],
    with_code: bool,
) -> Vec<Section> {
    let text =
        |name: &str, key: &str, value: &str| Field::new(lang, errors, name, key).value(value);
    let mut first = Vec::new();
    if with_code {
        first.push(Item::Text(
            text("code", "admin-field-code", &form.code)
                .hint(lang, "admin-service-code-hint")
                .plain(),
        ));
    }
    first.push(Item::Group(Choices::radios(
        lang,
        errors,
        "department",
        "admin-service-department-legend",
        departments
            .iter()
            .map(|d| {
                let mut label = lang.pick(&d.name_el, &d.name_en).to_owned();
                if !d.active {
                    label.push_str(&format!(" ({})", lang.t("admin-status-inactive")));
                }
                (d.code.clone(), label)
            })
            .collect(),
        &form.department,
    )));
    first.extend([
        Item::Text(text("name_el", "admin-field-name-el", &form.name_el)),
        Item::Text(text("name_en", "admin-field-name-en", &form.name_en)),
        Item::Text(
            text(
                "description_el",
                "admin-field-description-el",
                &form.description_el,
            )
            .kind("textarea")
            .optional(),
        ),
        Item::Text(
            text(
                "description_en",
                "admin-field-description-en",
                &form.description_en,
            )
            .kind("textarea")
            .optional(),
        ),
    ]);
    let levels = vec![
        ("A".to_owned(), lang.t("admin-level-a")),
        ("B".to_owned(), lang.t("admin-level-b")),
    ];
    let modes = vec![
        (
            "pickup".to_owned(),
            lang.t("admin-delivery-pickup"),
            form.pickup,
        ),
        ("post".to_owned(), lang.t("admin-delivery-post"), form.post),
    ];
    vec![
        Section::plain(first),
        Section::plain(vec![
            Item::Group(Choices::radios(
                lang,
                errors,
                "min_level",
                "admin-service-level-legend",
                levels,
                &form.min_level,
            )),
            Item::Group(
                Choices::checkboxes(
                    lang,
                    errors,
                    "delivery",
                    "admin-service-delivery-legend",
                    modes,
                )
                .hint(lang, "admin-service-delivery-hint"),
            ),
            Item::Text(
                text("fee", "admin-field-fee", &form.fee)
                    .hint(lang, "admin-euro-hint")
                    .plain(),
            ),
            Item::Text(
                text(
                    "processing_days",
                    "admin-field-processing-days",
                    &form.processing_days,
                )
                .hint(lang, "admin-processing-days-hint")
                .plain(),
            ),
            Item::Text(
                text(
                    "required_attachments",
                    "admin-field-attachments",
                    &form.required_attachments,
                )
                .hint(lang, "admin-attachments-hint")
                .plain()
                .wide()
                .optional(),
            ),
            Item::Group(Choices::flag(
                lang,
                errors,
                "active",
                "admin-service-active-legend",
                "admin-service-active-label",
                form.active,
            )),
        ]),
    ]
}

async fn departments(
    state: &AppState,
    page: &StaffPage<Admin>,
) -> Result<Vec<DepartmentRecord>, AppError> {
    state.app.admin_departments(&page.who).await
}

fn new_page(
    state: &AppState,
    page: &StaffPage<Admin>,
    departments: &[DepartmentRecord],
    form: &ServiceForm,
    errors: &AdminErrors,
) -> EditPage {
    let lang = page.visitor.lang;
    let action = "/staff/admin/services/new";
    EditPage {
        chrome: page.chrome(state, action),
        title: lang.t("admin-services-new"),
        lead: Some(lang.t("admin-services-new-intro")),
        back: back_to(lang, BASE, "admin-services-title"),
        notice: None,
        refusal: None,
        facts: Vec::new(),
        form: AdminForm::new(
            action,
            lang.t("admin-services-create"),
            sections(lang, errors, form, departments, true),
            errors,
        ),
        actions_heading: String::new(),
        actions: Vec::new(),
    }
}

async fn new_form(State(state): State<AppState>, page: StaffPage<Admin>) -> Response {
    let lang = page.visitor.lang;
    match departments(&state, &page).await {
        Ok(departments) => render(
            StatusCode::OK,
            &new_page(
                &state,
                &page,
                &departments,
                &blank(),
                &AdminErrors::none(lang),
            ),
        ),
        Err(error) => failed(&state, lang, &error),
    }
}

async fn create(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Admin>,
    CsrfForm { form, .. }: CsrfForm<FormPairs>,
) -> Response {
    let lang = page.visitor.lang;
    let form = read_form(&form);
    let error = match state.app.create_service(&page.who, &form, &client).await {
        Ok(()) => return done(BASE, "service_created"),
        Err(error) => error,
    };
    match (
        AdminErrors::from_error(lang, &error),
        departments(&state, &page).await,
    ) {
        (Some(errors), Ok(departments)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &new_page(&state, &page, &departments, &form, &errors),
        ),
        (None, _) => failed(&state, lang, &error),
        (_, Err(error)) => failed(&state, lang, &error),
    }
}

fn edit_page(
    state: &AppState,
    page: &StaffPage<Admin>,
    departments: &[DepartmentRecord],
    record: &ServiceRecord,
    form: &ServiceForm,
    errors: &AdminErrors,
    notice: Option<String>,
) -> EditPage {
    let lang = page.visitor.lang;
    let href = format!("{BASE}/{}", record.code);
    let (status_key, toggle_key, active) = if record.active {
        ("admin-status-offered", "admin-service-deactivate", "0")
    } else {
        ("admin-status-withdrawn", "admin-service-activate", "1")
    };
    EditPage {
        chrome: page.chrome(state, &href),
        title: lang.pick(&record.name_el, &record.name_en).to_owned(),
        lead: None,
        back: back_to(lang, BASE, "admin-services-title"),
        notice,
        refusal: None,
        facts: vec![
            (lang.t("admin-field-code"), record.code.clone()),
            (lang.t("admin-col-status"), lang.t(status_key)),
        ],
        form: AdminForm::new(
            &href,
            lang.t("admin-save"),
            sections(lang, errors, form, departments, false),
            errors,
        ),
        actions_heading: lang.t("admin-actions-heading"),
        actions: vec![Action {
            action: format!("{href}/active"),
            label: lang.t(toggle_key),
            hint: record
                .active
                .then(|| lang.t("admin-service-deactivate-hint")),
            hidden: vec![("active".into(), active.into())],
            danger: false,
        }],
    }
}

async fn edit_form(
    State(state): State<AppState>,
    page: StaffPage<Admin>,
    Path(code): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let lang = page.visitor.lang;
    let loaded = async {
        Ok::<_, AppError>((
            state.app.admin_service(&page.who, &code).await?,
            departments(&state, &page).await?,
        ))
    };
    match loaded.await {
        Ok((record, departments)) => {
            let errors = AdminErrors::none(lang);
            let page = edit_page(
                &state,
                &page,
                &departments,
                &record,
                &stored(&record),
                &errors,
                query.message(lang),
            );
            render(StatusCode::OK, &page)
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
    let form = read_form(&form);
    let error = match state
        .app
        .update_service(&page.who, &code, &form, &client)
        .await
    {
        Ok(()) => return done(&format!("{BASE}/{code}"), "service_saved"),
        Err(error) => error,
    };
    let Some(errors) = AdminErrors::from_error(lang, &error) else {
        return failed(&state, lang, &error);
    };
    let loaded = async {
        Ok::<_, AppError>((
            state.app.admin_service(&page.who, &code).await?,
            departments(&state, &page).await?,
        ))
    };
    match loaded.await {
        Ok((record, departments)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &edit_page(&state, &page, &departments, &record, &form, &errors, None),
        ),
        Err(error) => failed(&state, lang, &error),
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
        .set_service_active(&page.who, &code, active, &client)
        .await
    {
        Ok(()) => done(
            &format!("{BASE}/{code}"),
            if active {
                "service_activated"
            } else {
                "service_deactivated"
            },
        ),
        Err(error) => failed(&state, page.visitor.lang, &error),
    }
}
