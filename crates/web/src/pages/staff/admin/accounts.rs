//! Staff accounts: the list, a new account (its one-time-code secret shown once), roles and
//! departments, disabling, a new secret for a lost device, ending someone's sessions.

use super::editor::{department_choice, department_name, departments};
use super::form::FormPairs;
use super::views::{
    Action, AdminForm, Cell, EditPage, Item, ListPage, SecretPage, Section, Table, TableRow,
};
use super::{NoticeQuery, back_to, back_to_admin, done};
use crate::client::Call;
use crate::i18n::Lang;
use crate::pages::csrf::CsrfForm;
use crate::pages::forms::FormErrors;
use crate::pages::forms::admin_errors;
use crate::pages::inputs::{Choices, Input};
use crate::pages::local_time::day;
use crate::pages::staff::{Admin, StaffPage};
use crate::pages::{PageError, render};
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use dimos_app::AppError;
use dimos_app::staff::NewStaffMember;
use dimos_db::admin::DepartmentRecord;
use dimos_db::staff::StaffMember;
use dimos_domain::StaffRole;

const BASE: &str = "/staff/admin/staff";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(BASE, get(list))
        .route("/staff/admin/staff/new", get(new_form).post(create))
        .route("/staff/admin/staff/{id}", get(member).post(save_roles))
        .route("/staff/admin/staff/{id}/disabled", post(set_disabled))
        .route("/staff/admin/staff/{id}/reset-totp", post(reset_totp))
        .route("/staff/admin/staff/{id}/end-sessions", post(end_sessions))
}

fn role_name(lang: Lang, role: &str) -> String {
    lang.t(&format!("staff-role-{role}"))
}

fn department_names(lang: Lang, departments: &[DepartmentRecord], codes: &[String]) -> String {
    codes
        .iter()
        .map(|code| department_name(lang, departments, code))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn list(
    Call(state, _, page): Call<StaffPage<Admin>>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let lang = page.visitor.lang;
    let members = state.app.staff_members(&page.who).await?;
    let departments = departments(&state, &page).await?;
    let chrome = page.chrome(&state, BASE);
    let rows = members
        .iter()
        .map(|m| TableRow {
            href: format!("{BASE}/{}", m.id),
            title: m.username.clone(),
            cells: vec![
                Cell::text(&m.display_name),
                Cell::text(
                    m.roles
                        .iter()
                        .map(|r| role_name(lang, r.as_str()))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                Cell::text(department_names(lang, &departments, &m.departments)),
                Cell::status(
                    &chrome,
                    m.disabled_at.is_none(),
                    "admin-status-enabled",
                    "admin-status-disabled",
                ),
            ],
        })
        .collect();
    let table = Table {
        caption: lang.t("admin-staff-caption"),
        headers: [
            "admin-field-username",
            "admin-field-display-name",
            "admin-col-roles",
            "admin-col-departments",
            "admin-col-status",
        ]
        .iter()
        .map(|k| lang.t(k))
        .collect(),
        rows,
        empty: lang.t("admin-staff-empty"),
    };
    Ok(render(
        StatusCode::OK,
        &ListPage {
            chrome,
            title: lang.t("admin-staff-title"),
            lead: lang.t("admin-staff-intro"),
            back: back_to_admin(lang),
            notice: query.message(lang),
            create: Some(back_to(lang, "/staff/admin/staff/new", "admin-staff-new")),
            table,
        },
    ))
}

/// The roles ticked on a form (names that are no role are ignored: only a forged form sends them).
fn read_roles(pairs: &FormPairs) -> Vec<StaffRole> {
    pairs
        .all("roles")
        .iter()
        .filter_map(|r| r.parse().ok())
        .collect()
}

fn assignment(
    lang: Lang,
    errors: &FormErrors,
    roles: &[StaffRole],
    chosen: &[String],
    departments: &[DepartmentRecord],
) -> Vec<Item> {
    let role_choices = StaffRole::ALL
        .iter()
        .map(|r| {
            (
                r.as_str().to_owned(),
                role_name(lang, r.as_str()),
                roles.contains(r),
            )
        })
        .collect();
    let department_choices = departments
        .iter()
        .map(|d| {
            (
                d.code.clone(),
                department_choice(lang, d),
                chosen.contains(&d.code),
            )
        })
        .collect();
    vec![
        Item::Group(
            Choices::checkboxes(
                lang,
                errors,
                "roles",
                "admin-staff-roles-legend",
                role_choices,
            )
            .hint("admin-staff-roles-hint"),
        ),
        Item::Group(
            Choices::checkboxes(
                lang,
                errors,
                "departments",
                "admin-staff-departments-legend",
                department_choices,
            )
            .hint("admin-staff-departments-hint"),
        ),
    ]
}

fn new_page(
    state: &AppState,
    page: &StaffPage<Admin>,
    departments: &[DepartmentRecord],
    form: &NewStaffMember,
    errors: &FormErrors,
) -> EditPage {
    let lang = page.visitor.lang;
    let action = "/staff/admin/staff/new";
    let mut items = vec![
        Item::Text(
            Input::admin(lang, errors, "username", "admin-field-username")
                .value(&form.username)
                .hint("admin-staff-username-hint")
                .plain(),
        ),
        Item::Text(
            Input::admin(lang, errors, "display_name", "admin-field-display-name")
                .value(&form.display_name)
                .hint("admin-staff-display-name-hint")
                .optional(),
        ),
        Item::Text(
            Input::admin(lang, errors, "password", "admin-field-password")
                .kind("password")
                .autocomplete("new-password")
                .hint("admin-staff-password-hint"),
        ),
    ];
    items.extend(assignment(
        lang,
        errors,
        &form.roles,
        &form.departments,
        departments,
    ));
    EditPage {
        chrome: page.chrome(state, action),
        title: lang.t("admin-staff-new"),
        lead: Some(lang.t("admin-staff-new-intro")),
        back: back_to(lang, BASE, "admin-staff-title"),
        notice: None,
        refusal: None,
        facts: Vec::new(),
        form: AdminForm::new(
            action,
            lang.t("admin-staff-create"),
            vec![Section::plain(items)],
            errors,
        ),
        actions_heading: String::new(),
        actions: Vec::new(),
    }
}

fn blank() -> NewStaffMember {
    NewStaffMember {
        username: String::new(),
        display_name: String::new(),
        password: String::new(),
        roles: Vec::new(),
        departments: Vec::new(),
    }
}

async fn new_form(Call(state, _, page): Call<StaffPage<Admin>>) -> Result<Response, PageError> {
    let departments = departments(&state, &page).await?;
    let errors = FormErrors::none(page.visitor.lang);
    let shown = new_page(&state, &page, &departments, &blank(), &errors);
    Ok(render(StatusCode::OK, &shown))
}

/// The page that shows a new secret: once, never cached.
fn secret_page(
    state: &AppState,
    page: &StaffPage<Admin>,
    member_id: &str,
    username: &str,
    uri: String,
    title_key: &str,
) -> Response {
    let lang = page.visitor.lang;
    let href = format!("{BASE}/{member_id}");
    let secret = uri
        .split_once("secret=")
        .map(|(_, rest)| rest.split('&').next().unwrap_or("").to_owned())
        .unwrap_or_default();
    let mut response = render(
        StatusCode::OK,
        &SecretPage {
            chrome: page.chrome(state, &href),
            title: lang.t(title_key),
            back: back_to(lang, BASE, "admin-staff-title"),
            username: username.to_owned(),
            otpauth_uri: uri,
            secret,
            member_href: href,
        },
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn create(
    Call(state, client, page): Call<StaffPage<Admin>>,
    CsrfForm { form, .. }: CsrfForm<FormPairs>,
) -> Result<Response, PageError> {
    let new = NewStaffMember {
        username: form.get("username"),
        display_name: form.get("display_name"),
        password: form.get("password"),
        roles: read_roles(&form),
        departments: form.all("departments"),
    };
    let error = match state
        .app
        .create_staff_member(&page.who, &new, &client)
        .await
    {
        Ok(created) => {
            let member = state.app.admin_staff_member(&page.who, &created.id).await?;
            return Ok(secret_page(
                &state,
                &page,
                &created.id,
                &member.username,
                created.otpauth_uri,
                "admin-staff-created-title",
            ));
        }
        Err(error) => error,
    };
    let Some(errors) = admin_errors(page.visitor.lang, &error) else {
        return Err(error.into());
    };
    let departments = departments(&state, &page).await?;
    let kept = NewStaffMember {
        password: String::new(),
        ..new
    };
    let shown = new_page(&state, &page, &departments, &kept, &errors);
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &shown))
}

fn member_page(
    state: &AppState,
    page: &StaffPage<Admin>,
    departments: &[DepartmentRecord],
    member: &StaffMember,
    (roles, chosen): (&[StaffRole], &[String]),
    errors: &FormErrors,
    notice: Option<String>,
) -> EditPage {
    let lang = page.visitor.lang;
    let href = format!("{BASE}/{}", member.id);
    let enabled = member.disabled_at.is_none();
    let mut actions = Vec::new();
    let t = |key: &str| lang.t(key);
    if member.id != page.who.id {
        let disabled = format!("{href}/disabled");
        actions.push(if enabled {
            let hint = Some(t("admin-staff-disable-hint"));
            Action::new(disabled, t("admin-staff-disable"), hint, true).sending("disabled", "1")
        } else {
            Action::new(disabled, t("admin-staff-enable"), None, false).sending("disabled", "0")
        });
    }
    actions.push(Action::new(
        format!("{href}/reset-totp"),
        t("admin-staff-reset-totp"),
        Some(t("admin-staff-reset-totp-hint")),
        true,
    ));
    actions.push(Action::new(
        format!("{href}/end-sessions"),
        t("admin-staff-end-sessions"),
        Some(t("admin-staff-end-sessions-hint")),
        false,
    ));
    let status = lang.t(if enabled {
        "admin-status-enabled"
    } else {
        "admin-status-disabled"
    });
    EditPage {
        chrome: page.chrome(state, &href),
        title: member.username.clone(),
        lead: None,
        back: back_to(lang, BASE, "admin-staff-title"),
        notice,
        refusal: None,
        facts: vec![
            (lang.t("admin-field-username"), member.username.clone()),
            (
                lang.t("admin-field-display-name"),
                member.display_name.clone(),
            ),
            (lang.t("admin-col-status"), status),
            (lang.t("admin-staff-since"), day(member.created_at)),
        ],
        form: AdminForm::new(
            &href,
            lang.t("admin-staff-save-roles"),
            vec![Section::plain(assignment(
                lang,
                errors,
                roles,
                chosen,
                departments,
            ))],
            errors,
        ),
        actions_heading: lang.t("admin-actions-heading"),
        actions,
    }
}

async fn load(
    state: &AppState,
    page: &StaffPage<Admin>,
    id: &str,
) -> Result<(StaffMember, Vec<DepartmentRecord>), PageError> {
    Ok((
        state.app.admin_staff_member(&page.who, id).await?,
        departments(state, page).await?,
    ))
}

async fn member(
    Call(state, _, page): Call<StaffPage<Admin>>,
    Path(id): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let (member, departments) = load(&state, &page, &id).await?;
    let lang = page.visitor.lang;
    let errors = FormErrors::none(lang);
    let shown = member_page(
        &state,
        &page,
        &departments,
        &member,
        (&member.roles, &member.departments),
        &errors,
        query.message(lang),
    );
    Ok(render(StatusCode::OK, &shown))
}

/// The member's page again, with the problems of a refused change.
async fn refused(
    state: &AppState,
    page: &StaffPage<Admin>,
    id: &str,
    assignment: Option<(&[StaffRole], &[String])>,
    error: AppError,
) -> Result<Response, PageError> {
    let Some(errors) = admin_errors(page.visitor.lang, &error) else {
        return Err(error.into());
    };
    let (member, departments) = load(state, page, id).await?;
    let shown = assignment.unwrap_or((&member.roles, &member.departments));
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &member_page(state, page, &departments, &member, shown, &errors, None),
    ))
}

async fn save_roles(
    Call(state, client, page): Call<StaffPage<Admin>>,
    Path(id): Path<String>,
    CsrfForm { form, .. }: CsrfForm<FormPairs>,
) -> Result<Response, PageError> {
    let roles = read_roles(&form);
    let departments = form.all("departments");
    match state
        .app
        .set_staff_roles(&page.who, &id, &roles, &departments, &client)
        .await
    {
        Ok(()) => Ok(done(&format!("{BASE}/{id}"), "staff_saved")),
        Err(error) => refused(&state, &page, &id, Some((&roles, &departments)), error).await,
    }
}

async fn set_disabled(
    Call(state, client, page): Call<StaffPage<Admin>>,
    Path(id): Path<String>,
    CsrfForm { form, .. }: CsrfForm<FormPairs>,
) -> Result<Response, PageError> {
    let disabled = form.get("disabled") == "1";
    let notice = if disabled {
        "staff_disabled"
    } else {
        "staff_enabled"
    };
    match state
        .app
        .set_staff_member_disabled(&page.who, &id, disabled, &client)
        .await
    {
        Ok(()) => Ok(done(&format!("{BASE}/{id}"), notice)),
        Err(error) => refused(&state, &page, &id, None, error).await,
    }
}

async fn reset_totp(
    Call(state, client, page): Call<StaffPage<Admin>>,
    Path(id): Path<String>,
    CsrfForm { .. }: CsrfForm<FormPairs>,
) -> Result<Response, PageError> {
    let member = state.app.admin_staff_member(&page.who, &id).await?;
    let uri = state
        .app
        .reset_staff_member_totp(&page.who, &id, &client)
        .await?;
    Ok(secret_page(
        &state,
        &page,
        &member.id,
        &member.username,
        uri,
        "admin-staff-totp-reset-title",
    ))
}

async fn end_sessions(
    Call(state, client, page): Call<StaffPage<Admin>>,
    Path(id): Path<String>,
    CsrfForm { .. }: CsrfForm<FormPairs>,
) -> Result<Response, PageError> {
    state
        .app
        .end_staff_sessions(&page.who, &id, &client)
        .await?;
    Ok(done(&format!("{BASE}/{id}"), "sessions_ended"))
}
