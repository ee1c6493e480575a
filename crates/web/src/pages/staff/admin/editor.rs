//! Departments, offices and services are listed, added, edited and shown or hidden the same
//! way, written once here. Each of them says what is particular to it as a [`Catalogue`]: its
//! path, the words of its pages (Fluent keys built from its names: `admin-offices-title`,
//! `admin-office-deactivate` …), its table's cells and its form's inputs.

use super::form::FormPairs;
use super::views::TableRow;
use super::views::{Action, AdminForm, Cell, EditPage, Item, ListPage, Refusal, Section, Table};
use super::{NoticeQuery, back_to, back_to_admin, done};
use crate::client::Call;
use crate::i18n::Lang;
use crate::pages::csrf::CsrfForm;
use crate::pages::forms::FormErrors;
use crate::pages::forms::admin_errors;
use crate::pages::inputs::Input;
use crate::pages::staff::{Admin, StaffPage};
use crate::pages::{PageError, render};
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use dimos_app::admin::{EditForm, Edited};
use dimos_db::admin::DepartmentRecord;

/// What the administration's pages show of one kind of catalogue row.
pub trait Catalogue: Edited + 'static {
    type Form: EditForm<Record = Self> + Send + 'static;
    /// Its names, plural and singular. The plural names the list's path
    /// (`/staff/admin/<plural>`, a row's page below it) and the Fluent keys of the list and the
    /// new row's page (`admin-<plural>-title` …); the singular, the keys of a row's page
    /// (`admin-<singular>-deactivate` …), the first column's header and the notices after a
    /// change (`<singular>_created` …).
    const NAMES: [&'static str; 2];
    /// The words of its status, active and not.
    const STATUS: [&'static str; 2] = ["admin-status-active", "admin-status-inactive"];
    /// The list's columns between the code and the status (`admin-col-<column>`).
    const COLUMNS: &'static [&'static str];

    fn names(&self) -> (&str, &str);
    /// The list's cells between the code and the status.
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
        errors: &FormErrors,
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
    let base = base::<C>();
    Router::new()
        .route(&base, get(list::<C>))
        .route(&format!("{base}/new"), get(new_form::<C>).post(submit::<C>))
        .route(
            &format!("{base}/{{code}}"),
            get(edit_form::<C>).post(submit::<C>),
        )
        .route(&format!("{base}/{{code}}/active"), post(set_active::<C>))
}

/// The list's path.
pub fn base<C: Catalogue>() -> String {
    format!("/staff/admin/{}", C::NAMES[0])
}

/// A stored row's path.
fn path<C: Catalogue>(code: &str) -> String {
    format!("/staff/admin/{}/{code}", C::NAMES[0])
}

/// `admin-<plural>-<what>`.
fn plural<C: Catalogue>(what: &str) -> String {
    format!("admin-{}-{what}", C::NAMES[0])
}

/// `admin-<singular>-<what>`.
fn singular<C: Catalogue>(what: &str) -> String {
    format!("admin-{}-{what}", C::NAMES[1])
}

/// The notice after a change: `<singular>_<what>`.
fn notice<C: Catalogue>(what: &str) -> String {
    format!("{}_{what}", C::NAMES[1])
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
pub fn name_items(lang: Lang, errors: &FormErrors, el: &str, en: &str) -> [Item; 2] {
    [
        Item::Text(Input::admin(lang, errors, "name_el", "admin-field-name-el").value(el)),
        Item::Text(Input::admin(lang, errors, "name_en", "admin-field-name-en").value(en)),
    ]
}

/// The optional phone and e-mail inputs.
pub fn contact_items(lang: Lang, errors: &FormErrors, phone: &str, email: &str) -> [Item; 2] {
    [
        Item::Text(
            Input::admin(lang, errors, "phone", "admin-field-phone")
                .value(phone)
                .kind("tel")
                .hint("admin-phone-hint")
                .optional(),
        ),
        Item::Text(
            Input::admin(lang, errors, "email", "admin-field-email")
                .value(email)
                .kind("email")
                .optional(),
        ),
    ]
}

pub async fn departments(
    state: &AppState,
    page: &StaffPage<Admin>,
) -> Result<Vec<DepartmentRecord>, PageError> {
    Ok(state.app.admin_records(&page.who).await?)
}

async fn list<C: Catalogue>(
    Call(state, _, page): Call<StaffPage<Admin>>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let lang = page.visitor.lang;
    let records = state.app.admin_records::<C>(&page.who).await?;
    let departments = departments(&state, &page).await?;
    let base = base::<C>();
    let chrome = page.chrome(&state, &base);
    let [on, off] = C::STATUS;
    let rows = records
        .iter()
        .map(|r| {
            let (el, en) = r.names();
            let (code, active) = r.key();
            let mut cells = vec![Cell::text(code)];
            cells.extend(r.cells(lang, &departments));
            cells.push(Cell::status(&chrome, active, on, off));
            TableRow {
                href: path::<C>(code),
                title: lang.pick(el, en).to_owned(),
                cells,
            }
        })
        .collect();
    let mut headers = vec![
        lang.t(&format!("admin-col-{}", C::NAMES[1])),
        lang.t("admin-col-code"),
    ];
    headers.extend(C::COLUMNS.iter().map(|c| lang.t(&format!("admin-col-{c}"))));
    headers.push(lang.t("admin-col-status"));
    let table = Table {
        caption: lang.t(&plural::<C>("caption")),
        headers,
        rows,
        empty: lang.t(&plural::<C>("empty")),
    };
    let new = format!("{base}/new");
    Ok(render(
        StatusCode::OK,
        &ListPage {
            chrome,
            title: lang.t(&plural::<C>("title")),
            lead: lang.t(&plural::<C>("intro")),
            back: back_to_admin(lang),
            notice: query.message(lang),
            create: Some(back_to(lang, &new, &plural::<C>("new"))),
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
    errors: &FormErrors,
    extras: Extras,
) -> EditPage {
    let lang = page.visitor.lang;
    let mut sections = C::sections(lang, errors, form, departments);
    let back = back_to(lang, &base::<C>(), &plural::<C>("title"));
    let Some(record) = record else {
        let code = Input::admin(lang, errors, "code", "admin-field-code")
            .value(form.code())
            .hint(&singular::<C>("code-hint"))
            .plain();
        if let Some(first) = sections.first_mut() {
            first.items.insert(0, Item::Text(code));
        }
        let action = format!("{}/new", base::<C>());
        return EditPage {
            chrome: page.chrome(state, &action),
            title: lang.t(&plural::<C>("new")),
            lead: Some(lang.t(&plural::<C>("new-intro"))),
            back,
            notice: None,
            refusal: None,
            facts: Vec::new(),
            form: AdminForm::new(&action, lang.t(&plural::<C>("create")), sections, errors),
            actions_heading: String::new(),
            actions: Vec::new(),
        };
    };
    let (code, active) = record.key();
    let href = path::<C>(code);
    let (toggle, value) = if active {
        ("deactivate", "0")
    } else {
        ("activate", "1")
    };
    let hint = active.then(|| lang.t(&singular::<C>("deactivate-hint")));
    let label = lang.t(&singular::<C>(toggle));
    let toggle = Action::new(format!("{href}/active"), label, hint, false);
    let mut actions = vec![toggle.sending("active", value)];
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
            (lang.t("admin-field-code"), code.to_owned()),
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
    let errors = FormErrors::none(page.visitor.lang);
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
    Call(state, _, page): Call<StaffPage<Admin>>,
) -> Result<Response, PageError> {
    let departments = departments(&state, &page).await?;
    let errors = FormErrors::none(page.visitor.lang);
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
    Call(state, _, page): Call<StaffPage<Admin>>,
    Path(code): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let extras = Extras {
        notice: query.message(page.visitor.lang),
        refusal: None,
    };
    stored_page::<C>(&state, &page, &code, StatusCode::OK, extras).await
}

/// Adds a row (at `…/new`), or edits the row `code`; a refused form comes back with its
/// problems.
async fn submit<C: Catalogue>(
    Call(state, client, page): Call<StaffPage<Admin>>,
    code: Option<Path<String>>,
    CsrfForm { form, .. }: CsrfForm<FormPairs>,
) -> Result<Response, PageError> {
    let code = code.map(|Path(code)| code);
    let form = C::read(&form);
    let saved = match &code {
        None => state.app.create_record(&page.who, &form, &client).await,
        Some(code) => {
            state
                .app
                .update_record(&page.who, code, &form, &client)
                .await
        }
    };
    let error = match (saved, &code) {
        (Ok(()), None) => return Ok(done(&base::<C>(), &notice::<C>("created"))),
        (Ok(()), Some(code)) => return Ok(done(&path::<C>(code), &notice::<C>("saved"))),
        (Err(error), _) => error,
    };
    let Some(errors) = admin_errors(page.visitor.lang, &error) else {
        return Err(error.into());
    };
    let record = match &code {
        Some(code) => Some(state.app.admin_record::<C>(&page.who, code).await?),
        None => None,
    };
    let departments = departments(&state, &page).await?;
    let shown = form_page(
        &state,
        &page,
        &departments,
        record.as_ref(),
        &form,
        &errors,
        Extras::default(),
    );
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &shown))
}

async fn set_active<C: Catalogue>(
    Call(state, client, page): Call<StaffPage<Admin>>,
    Path(code): Path<String>,
    CsrfForm { form, .. }: CsrfForm<FormPairs>,
) -> Result<Response, PageError> {
    let active = form.get("active") == "1";
    state
        .app
        .set_record_active::<C>(&page.who, &code, active, &client)
        .await?;
    let what = if active { "activated" } else { "deactivated" };
    Ok(done(&path::<C>(&code), &notice::<C>(what)))
}
