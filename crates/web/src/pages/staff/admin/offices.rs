//! Offices: the list, a new one, editing one (address, contact details, departments served,
//! identity certification, weekly opening hours), and showing or hiding one.

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
use dimos_app::admin::{HoursField, OfficeForm, hours_field, interval_input};
use dimos_db::admin::{DepartmentRecord, OfficeRecord};

const BASE: &str = "/staff/admin/offices";
const SLOTS: [u8; 2] = [1, 2];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(BASE, get(list))
        .route("/staff/admin/offices/new", get(new_form).post(create))
        .route("/staff/admin/offices/{code}", get(edit_form).post(save))
        .route("/staff/admin/offices/{code}/active", post(set_active))
}

/// The departments' names by code, in the page's language.
fn department_name(lang: Lang, departments: &[DepartmentRecord], code: &str) -> String {
    departments.iter().find(|d| d.code == code).map_or_else(
        || code.to_owned(),
        |d| lang.pick(&d.name_el, &d.name_en).to_owned(),
    )
}

async fn list(
    State(state): State<AppState>,
    page: StaffPage<Admin>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let lang = page.visitor.lang;
    let loaded = async {
        Ok::<_, AppError>((
            state.app.admin_offices(&page.who).await?,
            state.app.admin_departments(&page.who).await?,
        ))
    };
    let (offices, departments) = match loaded.await {
        Ok(loaded) => loaded,
        Err(error) => return failed(&state, lang, &error),
    };
    let chrome = page.chrome(&state, BASE);
    let rows = offices
        .iter()
        .map(|o| TableRow {
            href: format!("{BASE}/{}", o.code),
            title: lang.pick(&o.name_el, &o.name_en).to_owned(),
            cells: vec![
                Cell::text(&o.code),
                Cell::text(
                    o.departments
                        .iter()
                        .map(|d| department_name(lang, &departments, d))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                Cell::text(lang.t(if o.certifies_identity {
                    "admin-yes"
                } else {
                    "admin-no"
                })),
                Cell::status(
                    &chrome,
                    o.active,
                    "admin-status-active",
                    "admin-status-inactive",
                ),
            ],
        })
        .collect();
    let table = Table {
        caption: lang.t("admin-offices-caption"),
        headers: [
            "admin-col-office",
            "admin-col-code",
            "admin-col-departments",
            "admin-col-certifies",
            "admin-col-status",
        ]
        .iter()
        .map(|k| lang.t(k))
        .collect(),
        rows,
        empty: lang.t("admin-offices-empty"),
    };
    render(
        StatusCode::OK,
        &ListPage {
            chrome,
            title: lang.t("admin-offices-title"),
            lead: lang.t("admin-offices-intro"),
            back: back_to_admin(lang),
            notice: query.message(lang),
            create: Some(back_to(
                lang,
                "/staff/admin/offices/new",
                "admin-offices-new",
            )),
            table,
        },
    )
}

fn read_form(pairs: &FormPairs) -> OfficeForm {
    let hours = (1..=7)
        .flat_map(|weekday| {
            SLOTS.into_iter().map(move |slot| HoursField {
                weekday,
                slot,
                value: pairs.get(&hours_field(weekday, slot)),
            })
        })
        .filter(|f| !f.value.trim().is_empty())
        .collect();
    OfficeForm {
        code: pairs.get("code"),
        name_el: pairs.get("name_el"),
        name_en: pairs.get("name_en"),
        street: pairs.get("street"),
        postal_code: pairs.get("postal_code"),
        city: pairs.get("city"),
        phone: pairs.get("phone"),
        email: pairs.get("email"),
        certifies_identity: pairs.checked("certifies_identity"),
        departments: pairs.all("departments"),
        hours,
    }
}

/// The form as first shown for a stored office.
fn stored(o: &OfficeRecord) -> OfficeForm {
    let mut hours = Vec::new();
    for weekday in 1..=7 {
        for (slot, h) in (1..).zip(
            o.hours
                .iter()
                .filter(|h| h.weekday == weekday)
                .take(SLOTS.len()),
        ) {
            hours.push(HoursField {
                weekday,
                slot,
                value: interval_input(&h.opens_at, &h.closes_at),
            });
        }
    }
    OfficeForm {
        code: o.code.clone(),
        name_el: o.name_el.clone(),
        name_en: o.name_en.clone(),
        street: o.street.clone(),
        postal_code: o.postal_code.clone(),
        city: o.city.clone(),
        phone: o.phone.clone(),
        email: o.email.clone(),
        certifies_identity: o.certifies_identity,
        departments: o.departments.clone(),
        hours,
    }
}

/// The form's sections; `with_code` for a new office (the code of a stored one never changes).
fn sections(
    lang: Lang,
    errors: &AdminErrors,
    form: &OfficeForm,
    departments: &[DepartmentRecord],
    with_code: bool,
) -> Vec<Section> {
    let text =
        |name: &str, key: &str, value: &str| Field::new(lang, errors, name, key).value(value);
    let mut names = Vec::new();
    if with_code {
        names.push(Item::Text(
            text("code", "admin-field-code", &form.code)
                .hint(lang, "admin-office-code-hint")
                .plain(),
        ));
    }
    names.push(Item::Text(text(
        "name_el",
        "admin-field-name-el",
        &form.name_el,
    )));
    names.push(Item::Text(text(
        "name_en",
        "admin-field-name-en",
        &form.name_en,
    )));
    let department_choices = departments
        .iter()
        .map(|d| {
            let mut label = lang.pick(&d.name_el, &d.name_en).to_owned();
            if !d.active {
                label.push_str(&format!(" ({})", lang.t("admin-status-inactive")));
            }
            (d.code.clone(), label, form.departments.contains(&d.code))
        })
        .collect();
    let mut sections = vec![
        Section::plain(names),
        Section::fieldset(
            "address",
            lang.t("admin-office-address-legend"),
            vec![
                Item::Text(text("street", "admin-field-street", &form.street).autocomplete("off")),
                Item::Text(
                    text("postal_code", "admin-field-postal-code", &form.postal_code)
                        .hint(lang, "admin-postal-code-hint")
                        .plain(),
                ),
                Item::Text(text("city", "admin-field-city", &form.city)),
            ],
        ),
        Section::fieldset(
            "contact",
            lang.t("admin-office-contact-legend"),
            vec![
                Item::Text(
                    text("phone", "admin-field-phone", &form.phone)
                        .kind("tel")
                        .hint(lang, "admin-phone-hint")
                        .optional(),
                ),
                Item::Text(
                    text("email", "admin-field-email", &form.email)
                        .kind("email")
                        .optional(),
                ),
            ],
        ),
        Section::plain(vec![
            Item::Group(
                Choices::flag(
                    lang,
                    errors,
                    "certifies_identity",
                    "admin-office-certifies-legend",
                    "admin-office-certifies-label",
                    form.certifies_identity,
                )
                .hint(lang, "admin-office-certifies-hint"),
            ),
            Item::Group(Choices::checkboxes(
                lang,
                errors,
                "departments",
                "admin-office-departments-legend",
                department_choices,
            )),
        ]),
        Section::heading(
            "hours",
            lang.t("admin-office-hours-heading"),
            Some(lang.t("admin-office-hours-hint")),
        ),
    ];
    for weekday in 1..=7 {
        let fields = SLOTS
            .into_iter()
            .map(|slot| {
                let name = hours_field(weekday, slot);
                let value = form
                    .hours
                    .iter()
                    .find(|h| h.weekday == weekday && h.slot == slot)
                    .map_or("", |h| h.value.as_str());
                let label = if slot == 1 {
                    "admin-office-hours-first"
                } else {
                    "admin-office-hours-second"
                };
                Item::Text(
                    Field::new(lang, errors, &name, label)
                        .value(value)
                        .plain()
                        .optional(),
                )
            })
            .collect();
        sections.push(Section::fieldset(
            &format!("day-{weekday}"),
            lang.t(&format!("weekday-{weekday}")),
            fields,
        ));
    }
    sections
}

struct Loaded {
    departments: Vec<DepartmentRecord>,
}

async fn load(state: &AppState, page: &StaffPage<Admin>) -> Result<Loaded, AppError> {
    Ok(Loaded {
        departments: state.app.admin_departments(&page.who).await?,
    })
}

fn new_page(
    state: &AppState,
    page: &StaffPage<Admin>,
    loaded: &Loaded,
    form: &OfficeForm,
    errors: &AdminErrors,
) -> EditPage {
    let lang = page.visitor.lang;
    let action = "/staff/admin/offices/new";
    EditPage {
        chrome: page.chrome(state, action),
        title: lang.t("admin-offices-new"),
        lead: Some(lang.t("admin-offices-new-intro")),
        back: back_to(lang, BASE, "admin-offices-title"),
        notice: None,
        refusal: None,
        facts: Vec::new(),
        form: AdminForm::new(
            action,
            lang.t("admin-offices-create"),
            sections(lang, errors, form, &loaded.departments, true),
            errors,
        ),
        actions_heading: String::new(),
        actions: Vec::new(),
    }
}

async fn new_form(State(state): State<AppState>, page: StaffPage<Admin>) -> Response {
    let lang = page.visitor.lang;
    match load(&state, &page).await {
        Ok(loaded) => render(
            StatusCode::OK,
            &new_page(
                &state,
                &page,
                &loaded,
                &OfficeForm::default(),
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
    let error = match state.app.create_office(&page.who, &form, &client).await {
        Ok(()) => return done(BASE, "office_created"),
        Err(error) => error,
    };
    match (
        AdminErrors::from_error(lang, &error),
        load(&state, &page).await,
    ) {
        (Some(errors), Ok(loaded)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &new_page(&state, &page, &loaded, &form, &errors),
        ),
        (None, _) => failed(&state, lang, &error),
        (_, Err(error)) => failed(&state, lang, &error),
    }
}

fn edit_page(
    state: &AppState,
    page: &StaffPage<Admin>,
    loaded: &Loaded,
    record: &OfficeRecord,
    form: &OfficeForm,
    errors: &AdminErrors,
    notice: Option<String>,
) -> EditPage {
    let lang = page.visitor.lang;
    let href = format!("{BASE}/{}", record.code);
    let (status_key, toggle_key, active) = if record.active {
        ("admin-status-active", "admin-office-deactivate", "0")
    } else {
        ("admin-status-inactive", "admin-office-activate", "1")
    };
    EditPage {
        chrome: page.chrome(state, &href),
        title: lang.pick(&record.name_el, &record.name_en).to_owned(),
        lead: None,
        back: back_to(lang, BASE, "admin-offices-title"),
        notice,
        refusal: None,
        facts: vec![
            (lang.t("admin-field-code"), record.code.clone()),
            (lang.t("admin-col-status"), lang.t(status_key)),
        ],
        form: AdminForm::new(
            &href,
            lang.t("admin-save"),
            sections(lang, errors, form, &loaded.departments, false),
            errors,
        ),
        actions_heading: lang.t("admin-actions-heading"),
        actions: vec![Action {
            action: format!("{href}/active"),
            label: lang.t(toggle_key),
            hint: record
                .active
                .then(|| lang.t("admin-office-deactivate-hint")),
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
            state.app.admin_office(&page.who, &code).await?,
            load(&state, &page).await?,
        ))
    };
    match loaded.await {
        Ok((record, loaded)) => {
            let errors = AdminErrors::none(lang);
            let page = edit_page(
                &state,
                &page,
                &loaded,
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
        .update_office(&page.who, &code, &form, &client)
        .await
    {
        Ok(()) => return done(&format!("{BASE}/{code}"), "office_saved"),
        Err(error) => error,
    };
    let Some(errors) = AdminErrors::from_error(lang, &error) else {
        return failed(&state, lang, &error);
    };
    let loaded = async {
        Ok::<_, AppError>((
            state.app.admin_office(&page.who, &code).await?,
            load(&state, &page).await?,
        ))
    };
    match loaded.await {
        Ok((record, loaded)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &edit_page(&state, &page, &loaded, &record, &form, &errors, None),
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
        .set_office_active(&page.who, &code, active, &client)
        .await
    {
        Ok(()) => done(
            &format!("{BASE}/{code}"),
            if active {
                "office_activated"
            } else {
                "office_deactivated"
            },
        ),
        Err(error) => failed(&state, page.visitor.lang, &error),
    }
}
