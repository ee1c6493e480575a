//! Integration keys for the back-office feeds (admins only): the list, a new key (shown once,
//! never cached), revoking one. Every change is a POST with the form's token, and audited.

use super::{Admin, StaffPage};
use crate::client::Call;
use crate::pages::csrf::CsrfForm;
use crate::pages::forms::{FormErrors, form_errors};
use crate::pages::inputs::{Choice, Choices, Input};
use crate::pages::local_time::date_time;
use crate::pages::notice::NoticeQuery;
use crate::pages::{Chrome, PageError, render};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use dimos_app::api_keys::{CreatedApiKey, parse_kinds};
use dimos_db::api_keys::ApiKeyRecord;
use dimos_domain::RecordKind;
use serde::Deserialize;

const BASE: &str = "/staff/admin/api-keys";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(BASE, get(list).post(create))
        .route("/staff/admin/api-keys/{id}/revoke", post(revoke))
}

/// One key as the list shows it.
struct KeyRow {
    id: String,
    name: String,
    prefix: String,
    created: String,
    last_used: String,
    revoked: Option<String>,
    /// What the key may write, in words.
    kinds: String,
}

#[derive(Template)]
#[template(path = "staff/api_keys.html")]
struct ApiKeysPage {
    chrome: Chrome,
    keys: Vec<KeyRow>,
    /// After a revocation: what was done.
    notice: Option<String>,
    /// The key just created: shown on this answer only.
    created: Option<CreatedApiKey>,
    name: String,
    /// The kinds ticked in the form (all three on a fresh form).
    kinds: Vec<RecordKind>,
    errors: FormErrors,
}

impl ApiKeysPage {
    /// The name box of the form, holding what was typed.
    fn key_name_input(&self) -> Input {
        Input::admin(
            self.chrome.lang,
            &self.errors,
            "key_name",
            "api-keys-field-name",
        )
        .maxlength(100)
        .value(&self.name)
        .hint("api-keys-field-name-hint")
    }

    /// The form's check boxes, one per kind, each sent under its own name (`kind_<kind>`).
    fn kind_boxes(&self) -> Choices {
        let lang = self.chrome.lang;
        let boxes = RecordKind::ALL
            .into_iter()
            .map(|k| {
                Choice::own_checkbox(
                    format!("kind_{}", k.as_str()),
                    lang.t(kind_label(k)),
                    self.kinds.contains(&k),
                )
            })
            .collect();
        Choices::checkboxes(
            lang,
            &self.errors,
            "key_kinds",
            "api-keys-field-kinds",
            Vec::new(),
        )
        .hint("api-keys-field-kinds-hint")
        .drawn_as(["field", "", "req-check"])
        .options(boxes)
    }
}

fn kind_label(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Debts => "api-keys-kind-debts",
        RecordKind::Fines => "api-keys-kind-fines",
        RecordKind::Pending => "api-keys-kind-pending",
    }
}

#[derive(Debug, Deserialize)]
struct NewKeyForm {
    #[serde(default)]
    key_name: String,
    kind_debts: Option<String>,
    kind_fines: Option<String>,
    kind_pending: Option<String>,
}

impl NewKeyForm {
    /// The kinds ticked; none ticked means all three, as on the command line.
    fn kinds(&self) -> Vec<RecordKind> {
        let ticked: Vec<RecordKind> = [
            (RecordKind::Debts, &self.kind_debts),
            (RecordKind::Fines, &self.kind_fines),
            (RecordKind::Pending, &self.kind_pending),
        ]
        .into_iter()
        .filter(|(_, ticked)| ticked.is_some())
        .map(|(kind, _)| kind)
        .collect();
        if ticked.is_empty() {
            RecordKind::ALL.to_vec()
        } else {
            ticked
        }
    }
}

fn rows(chrome: &Chrome, keys: Vec<ApiKeyRecord>) -> Vec<KeyRow> {
    keys.into_iter()
        .map(|k| KeyRow {
            id: k.id,
            name: k.name,
            prefix: format!("{}…", k.key_prefix),
            created: date_time(k.created_at),
            last_used: k
                .last_used_at
                .map_or_else(|| chrome.t("api-keys-never-used"), date_time),
            revoked: k.revoked_at.map(date_time),
            kinds: parse_kinds(&k.kinds)
                .into_iter()
                .map(|kind| chrome.t(kind_label(kind)))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect()
}

/// The page, with whatever the last action left to show.
async fn page(
    state: &AppState,
    page: &StaffPage<Admin>,
    status: StatusCode,
    created: Option<CreatedApiKey>,
    (name, kinds): (String, Vec<RecordKind>),
    errors: FormErrors,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let keys = state.app.api_keys(Some(&page.who)).await?;
    let chrome = page.chrome(state, BASE);
    let fresh = created.is_some();
    let view = ApiKeysPage {
        keys: rows(&chrome, keys),
        chrome,
        notice,
        created,
        name,
        kinds,
        errors,
    };
    let mut response = render(status, &view);
    if fresh {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

async fn list(
    Call(state, _, staff): Call<StaffPage<Admin>>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let lang = staff.visitor.lang;
    let notice = query.message(lang, &[("revoked", "api-keys-notice-revoked")]);
    page(
        &state,
        &staff,
        StatusCode::OK,
        None,
        (String::new(), RecordKind::ALL.to_vec()),
        FormErrors::none(lang),
        notice,
    )
    .await
}

async fn create(
    Call(state, client, staff): Call<StaffPage<Admin>>,
    CsrfForm { form, .. }: CsrfForm<NewKeyForm>,
) -> Result<Response, PageError> {
    let lang = staff.visitor.lang;
    let created = state
        .app
        .create_api_key(Some(&staff.who), &form.key_name, &form.kinds(), &client)
        .await;
    let (status, created, typed, errors) = match created {
        Ok(created) => (
            StatusCode::OK,
            Some(created),
            (String::new(), RecordKind::ALL.to_vec()),
            FormErrors::none(lang),
        ),
        Err(error) => {
            let error = error
                .renamed_field("name", "key_name")
                .renamed_field("kinds", "key_kinds");
            let errors = form_errors(lang, &error).ok_or(error)?;
            let typed = (form.key_name.clone(), form.kinds());
            (StatusCode::UNPROCESSABLE_ENTITY, None, typed, errors)
        }
    };
    page(&state, &staff, status, created, typed, errors, None).await
}

#[derive(Debug, Deserialize)]
struct RevokeForm {}

async fn revoke(
    Call(state, client, staff): Call<StaffPage<Admin>>,
    Path(id): Path<String>,
    CsrfForm { .. }: CsrfForm<RevokeForm>,
) -> Result<Response, PageError> {
    state
        .app
        .revoke_api_key(Some(&staff.who), &id, &client)
        .await?;
    Ok(Redirect::to(&format!("{BASE}?notice=revoked")).into_response())
}
