//! The municipality's settings: its name in Greek and English, contact details, and the
//! cash-on-delivery fee of posted documents.

use super::editor::contact_items;
use super::form::FormPairs;
use super::views::{AdminForm, EditPage, Item, Section};
use super::{NoticeQuery, back_to_admin, done};
use crate::client::Call;
use crate::pages::csrf::CsrfForm;
use crate::pages::forms::FormErrors;
use crate::pages::forms::admin_errors;
use crate::pages::inputs::Input;
use crate::pages::staff::{Admin, StaffPage};
use crate::pages::{PageError, render};
use crate::state::AppState;
use axum::Router;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use dimos_app::admin::{MunicipalitySettings, MunicipalitySettingsForm, euro_input};

const PATH: &str = "/staff/admin/settings";

pub fn routes() -> Router<AppState> {
    Router::new().route(PATH, get(form).post(save))
}

fn stored(s: &MunicipalitySettings) -> MunicipalitySettingsForm {
    MunicipalitySettingsForm {
        name_el: s.name_el.clone(),
        name_en: s.name_en.clone(),
        phone: s.phone.clone(),
        email: s.email.clone(),
        address: s.address.clone(),
        cod_fee: euro_input(s.cod_fee_cents),
    }
}

fn settings_page(
    state: &AppState,
    page: &StaffPage<Admin>,
    form: &MunicipalitySettingsForm,
    errors: &FormErrors,
    notice: Option<String>,
) -> EditPage {
    let lang = page.visitor.lang;
    let text =
        |name: &str, key: &str, value: &str| Input::admin(lang, errors, name, key).value(value);
    let sections = vec![
        Section::fieldset(
            "name",
            lang.t("admin-settings-name-legend"),
            vec![
                Item::Text(
                    text("name_el", "admin-field-name-el", &form.name_el)
                        .hint("admin-settings-name-hint"),
                ),
                Item::Text(text("name_en", "admin-field-name-en", &form.name_en)),
            ],
        ),
        Section::fieldset(
            "contact",
            lang.t("admin-settings-contact-legend"),
            contact_items(lang, errors, &form.phone, &form.email)
                .into_iter()
                .chain([Item::Text(
                    text("address", "admin-field-address", &form.address).optional(),
                )])
                .collect(),
        ),
        Section::fieldset(
            "post",
            lang.t("admin-settings-post-legend"),
            vec![Item::Text(
                text("cod_fee", "admin-field-cod-fee", &form.cod_fee)
                    .hint("admin-cod-fee-hint")
                    .plain(),
            )],
        ),
    ];
    EditPage {
        chrome: page.chrome(state, PATH),
        title: lang.t("admin-settings-title"),
        lead: Some(lang.t("admin-settings-intro")),
        back: back_to_admin(lang),
        notice,
        refusal: None,
        facts: Vec::new(),
        form: AdminForm::new(PATH, lang.t("admin-save"), sections, errors),
        actions_heading: String::new(),
        actions: Vec::new(),
    }
}

async fn form(
    Call(state, _, page): Call<StaffPage<Admin>>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let lang = page.visitor.lang;
    let settings = state.app.municipality_settings().await?;
    let errors = FormErrors::none(lang);
    let shown = settings_page(
        &state,
        &page,
        &stored(&settings),
        &errors,
        query.message(lang),
    );
    Ok(render(StatusCode::OK, &shown))
}

async fn save(
    Call(state, client, page): Call<StaffPage<Admin>>,
    CsrfForm { form, .. }: CsrfForm<FormPairs>,
) -> Result<Response, PageError> {
    let form = MunicipalitySettingsForm {
        name_el: form.get("name_el"),
        name_en: form.get("name_en"),
        phone: form.get("phone"),
        email: form.get("email"),
        address: form.get("address"),
        cod_fee: form.get("cod_fee"),
    };
    let error = match state
        .app
        .update_municipality_settings(&page.who, &form, &client)
        .await
    {
        Ok(_) => return Ok(done(PATH, "settings_saved")),
        Err(error) => error,
    };
    let Some(errors) = admin_errors(page.visitor.lang, &error) else {
        return Err(error.into());
    };
    let shown = settings_page(&state, &page, &form, &errors, None);
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &shown))
}
