//! Departments, offices and services are listed, added, edited and shown or hidden the same
//! way, written once here. Each of them says what is particular to it as a [`Catalogue`]: its
//! path, the words of its pages (Fluent keys built from its names: `admin-offices-title`,
//! `admin-office-deactivate` …), its table's cells and its form's inputs.

use super::fields::{AdminErrors, Field};
use super::form::FormPairs;
use super::views::TableRow;
use super::views::{Action, AdminForm, Cell, EditPage, Item, ListPage, Refusal, Section, Table};
use super::{NoticeQuery, back_to, back_to_admin, done};
use crate::client::Client;
use crate::i18n::Lang;
use crate::pages::csrf::CsrfForm;
use crate::pages::staff::{Admin, StaffPage};
use crate::pages::{PageError, render};
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use dimos_app::admin::{EditForm, Edited};
use dimos_db::admin::DepartmentRecord;

/// What the administration's pages show of one kind of catalogue row.
pub trait Catalogue: Edited + 'static {
    type Form: EditForm<Record = Self> + Send + 'static;
    /// The list's path; a row's page is `BASE/<code>`, a new one's `BASE/new`.
    const BASE: &'static str;
    /// In the Fluent keys of the list and the new row's page: `admin-<PLURAL>-title` …
    const PLURAL: &'static str;
    /// In the Fluent keys of a row's page (`admin-<SINGULAR>-deactivate` …) and the notices
    /// after a change (`<SINGULAR>_created` …).
    const SINGULAR: &'static str;
    /// The words of its status, active and not.
    const STATUS: [&'static str; 2] = ["admin-status-active", "admin-status-inactive"];
    /// The Fluent keys of the list's column headers.
    const HEADERS: &'static [&'static str];

    fn names(&self) -> (&str, &str);
    /// The list's cells after the title and before the status.
    fn cells(&self, lang: Lang, departments: &[DepartmentRecord]) -> Vec<Cell>;
    /// The form as sent.
    fn read(pairs: &FormPairs) -> Self::Form;
    /// The form as first shown for a stored row.
    fn stored(&self) -> Self::Form;
    /// The form as first shown for a new row.
    fn blank() -> Self::Form;
    /// The form's sections, without the code (a new row's form asks for it first).
    fn sections(
        lang: Lang,
        errors: &AdminErrors,
        form: &Self::Form,
        departments: &[DepartmentRecord],
    ) -> Vec<Section>;
    /// Actions beside a stored row besides showing or hiding it.
    fn more_actions(&self, lang: Lang, href: &str) -> Vec<Action> {
        let _ = (lang, href);
        Vec::new()
    }
}

pub fn routes<C: Catalogue>() -> Router<AppState> {
    Router::new()
        .route(C::BASE, get(list::<C>))
        .route(
            &format!("{}/new", C::BASE),
            get(new_form::<C>).post(create::<C>),
        )
        .route(
            &format!("{}/{{code}}", C::BASE),
            get(edit_form::<C>).post(save::<C>),
        )
        .route(
            &format!("{}/{{code}}/active", C::BASE),
            post(set_active::<C>),
        )
}

fn key(kind: &str, what: &str) -> String {
    format!("admin-{kind}-{what}")
}

/// A department's name by its code, in the page's language.
pub fn department_name(lang: Lang, departments: &[DepartmentRecord], code: &str) -> String {
    departments.iter().find(|d| d.code == code).map_or_else(
        || code.to_owned(),
        |d| lang.pick(&d.name_el, &d.name_en).to_owned(),
    )
}

/// A department as a choice on a form: its name, and whether it is inactive.
pub fn department_choice(lang: Lang, d: &DepartmentRecord) -> String {
    let name = lang.pick(&d.name_el, &d.name_en).to_owned();
    if d.active {
        name
    } else {
        lang.t_args("admin-inactive-choice", &[("name", name)])
    }
}

/// The Greek and English name inputs.
pub fn name_items(lang: Lang, errors: &AdminErrors, el: &str, en: &str) -> [Item; 2] {
    [
        Item::Text(Field::new(lang, errors, "name_el", "admin-field-name-el").value(el)),
        Item::Text(Field::new(lang, errors, "name_en", "admin-field-name-en").value(en)),
    ]
}

pub async fn departments(
    state: &AppState,
    page: &StaffPage<Admin>,
) -> Result<Vec<DepartmentRecord>, PageError> {
    Ok(state.app.admin_records(&page.who).await?)
}

async fn list<C: Catalogue>(
    State(state): State<AppState>,
    page: StaffPage<Admin>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let lang = page.visitor.lang;
    let records = state.app.admin_records::<C>(&page.who).await?;
    let departments = departments(&state, &page).await?;
    let chrome = page.chrome(&state, C::BASE);
    let rows = records
        .iter()
        .map(|r| {
            let (el, en) = r.names();
            let [on, off] = C::STATUS;
            let mut cells = r.cells(lang, &departments);
            cells.push(Cell::status(&chrome, r.active(), on, off));
            TableRow {
                href: format!("{}/{}", C::BASE, r.code()),
                title: lang.pick(el, en).to_owned(),
                cells,
            }
        })
        .collect();
    let table = Table {
        caption: lang.t(&key(C::PLURAL, "caption")),
        headers: C::HEADERS.iter().map(|k| lang.t(k)).collect(),
        rows,
        empty: lang.t(&key(C::PLURAL, "empty")),
    };
    let new = format!("{}/new", C::BASE);
    Ok(render(
        StatusCode::OK,
        &ListPage {
            chrome,
            title: lang.t(&key(C::PLURAL, "title")),
            lead: lang.t(&key(C::PLURAL, "intro")),
            back: back_to_admin(lang),
            notice: query.message(lang),
            create: Some(back_to(lang, &new, &key(C::PLURAL, "new"))),
            table,
        },
    ))
}

/// What a row's page shows besides its form.
#[derive(Default)]
pub struct Extras {
    pub notice: Option<String>,
    pub refusal: Option<Refusal>,
}

/// The page of a new row (`record` is `None`) or of a stored one, with `form` filled in.
pub fn form_page<C: Catalogue>(
    state: &AppState,
    page: &StaffPage<Admin>,
    departments: &[DepartmentRecord],
    record: Option<&C>,
    form: &C::Form,
    errors: &AdminErrors,
    extras: Extras,
) -> EditPage {
    let lang = page.visitor.lang;
    let mut sections = C::sections(lang, errors, form, departments);
    let back = back_to(lang, C::BASE, &key(C::PLURAL, "title"));
    let Some(record) = record else {
        let code = Field::new(lang, errors, "code", "admin-field-code")
            .value(form.code())
            .hint(lang, &key(C::SINGULAR, "code-hint"))
            .plain();
        if let Some(first) = sections.first_mut() {
            first.items.insert(0, Item::Text(code));
        }
        let action = format!("{}/new", C::BASE);
        return EditPage {
            chrome: page.chrome(state, &action),
            title: lang.t(&key(C::PLURAL, "new")),
            lead: Some(lang.t(&key(C::PLURAL, "new-intro"))),
            back,
            notice: None,
            refusal: None,
            facts: Vec::new(),
            form: AdminForm::new(&action, lang.t(&key(C::PLURAL, "create")), sections, errors),
            actions_heading: String::new(),
            actions: Vec::new(),
        };
    };
    let href = format!("{}/{}", C::BASE, record.code());
    let active = record.active();
    let (toggle, value) = if active {
        ("deactivate", "0")
    } else {
        ("activate", "1")
    };
    let mut actions = vec![Action {
        action: format!("{href}/active"),
        label: lang.t(&key(C::SINGULAR, toggle)),
        hint: active.then(|| lang.t(&key(C::SINGULAR, "deactivate-hint"))),
        hidden: vec![("active".into(), value.into())],
        danger: false,
    }];
    actions.extend(record.more_actions(lang, &href));
    let (el, en) = record.names();
    EditPage {
        chrome: page.chrome(state, &href),
        title: lang.pick(el, en).to_owned(),
        lead: None,
        back,
        notice: extras.notice,
        refusal: extras.refusal,
        facts: vec![
            (lang.t("admin-field-code"), record.code().to_owned()),
            (
                lang.t("admin-col-status"),
                lang.t(C::STATUS[usize::from(!active)]),
            ),
        ],
        form: AdminForm::new(&href, lang.t("admin-save"), sections, errors),
        actions_heading: lang.t("admin-actions-heading"),
        actions,
    }
}

/// A stored row's page as first shown, answering `status`.
pub async fn stored_page<C: Catalogue>(
    state: &AppState,
    page: &StaffPage<Admin>,
    code: &str,
    status: StatusCode,
    extras: Extras,
) -> Result<Response, PageError> {
    let record = state.app.admin_record::<C>(&page.who, code).await?;
    let departments = departments(state, page).await?;
    let errors = AdminErrors::none(page.visitor.lang);
    let form = record.stored();
    let shown = form_page(
        state,
        page,
        &departments,
        Some(&record),
        &form,
        &errors,
        extras,
    );
    Ok(render(status, &shown))
}

async fn new_form<C: Catalogue>(
    State(state): State<AppState>,
    page: StaffPage<Admin>,
) -> Result<Response, PageError> {
    let departments = departments(&state, &page).await?;
    let errors = AdminErrors::none(page.visitor.lang);
    let shown = form_page::<C>(
        &state,
        &page,
        &departments,
        None,
        &C::blank(),
        &errors,
        Extras::default(),
    );
    Ok(render(StatusCode::OK, &shown))
}

async fn edit_form<C: Catalogue>(
    State(state): State<AppState>,
    page: StaffPage<Admin>,
    Path(code): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let extras = Extras {
        notice: query.message(page.visitor.lang),
        refusal: None,
    };
    stored_page::<C>(&state, &page, &code, StatusCode::OK, extras).await
}

/// Adds a row, or edits the row `code`; a refused form comes back with its problems.
async fn submit<C: Catalogue>(
    state: &AppState,
    page: &StaffPage<Admin>,
    code: Option<&str>,
    form: &C::Form,
    client: &dimos_app::ClientInfo,
) -> Result<Response, PageError> {
    let saved = match code {
        None => state.app.create_record(&page.who, form, client).await,
        Some(code) => state.app.update_record(&page.who, code, form, client).await,
    };
    let error = match (saved, code) {
        (Ok(()), None) => return Ok(done(C::BASE, &format!("{}_created", C::SINGULAR))),
        (Ok(()), Some(code)) => {
            let path = format!("{}/{code}", C::BASE);
            return Ok(done(&path, &format!("{}_saved", C::SINGULAR)));
        }
        (Err(error), _) => error,
    };
    let Some(errors) = AdminErrors::from_error(page.visitor.lang, &error) else {
        return Err(error.into());
    };
    let record = match code {
        Some(code) => Some(state.app.admin_record::<C>(&page.who, code).await?),
        None => None,
    };
    let departments = departments(state, page).await?;
    let shown = form_page(
        state,
        page,
        &departments,
        record.as_ref(),
        form,
        &errors,
        Extras::default(),
    );
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &shown))
}

async fn create<C: Catalogue>(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Admin>,
    CsrfForm { form, .. }: CsrfForm<FormPairs>,
) -> Result<Response, PageError> {
    submit::<C>(&state, &page, None, &C::read(&form), &client).await
}

async fn save<C: Catalogue>(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Admin>,
    Path(code): Path<String>,
    CsrfForm { form, .. }: CsrfForm<FormPairs>,
) -> Result<Response, PageError> {
    submit::<C>(&state, &page, Some(&code), &C::read(&form), &client).await
}

async fn set_active<C: Catalogue>(
    State(state): State<AppState>,
    Client(client): Client,
    page: StaffPage<Admin>,
    Path(code): Path<String>,
    CsrfForm { form, .. }: CsrfForm<FormPairs>,
) -> Result<Response, PageError> {
    let active = form.get("active") == "1";
    state
        .app
        .set_record_active::<C>(&page.who, &code, active, &client)
        .await?;
    let notice = if active { "activated" } else { "deactivated" };
    Ok(done(
        &format!("{}/{code}", C::BASE),
        &format!("{}_{notice}", C::SINGULAR),
    ))
}
