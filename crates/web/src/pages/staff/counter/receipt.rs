//! «Βεβαίωση πιστοποίησης»: the printable receipt of the certification in force, for the
//! citizen to take home, with signature lines for both.

use super::{citizen_path, document_with_country, office_name, staff_name};
use crate::client::Call;
use crate::pages::local_time::{date_time, iso_date};
use crate::pages::staff::{StaffPage, Verifier};
use crate::pages::{Chrome, PageError, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "staff/counter/receipt.html")]
struct ReceiptPage {
    chrome: Chrome,
    /// Just certified: say so (on screen only).
    just_certified: bool,
    profile_href: String,
    reference: String,
    full_name: String,
    father_name: String,
    birth_date: String,
    username: String,
    tax_number: String,
    document: String,
    document_number: String,
    issuing_authority: String,
    expires_on: String,
    office: String,
    when: String,
    verifier: String,
    /// A walk-in just registered: the code to choose a username and password with (shown this
    /// once; only its hash is kept).
    activation_code: Option<String>,
    /// Where the code is used.
    activation_url: String,
}

#[derive(Deserialize)]
pub struct ReceiptQuery {
    certified: Option<String>,
}

pub async fn page(
    Call(state, _, page): Call<StaffPage<Verifier>>,
    Path(id): Path<String>,
    Query(query): Query<ReceiptQuery>,
) -> Result<Response, PageError> {
    receipt(&state, &page, &id, query.certified.is_some(), None).await
}

/// The receipt of the certification in force for the citizen `id`; with the activation code
/// of a walk-in just registered.
pub(super) async fn receipt(
    state: &AppState,
    page: &StaffPage<Verifier>,
    id: &str,
    just_certified: bool,
    activation_code: Option<String>,
) -> Result<Response, PageError> {
    let lang = page.visitor.lang;
    let (citizen, v) = state.app.certification_receipt(&page.who, id).await?;
    let offices = state.app.offices().await?;
    let view = ReceiptPage {
        chrome: page.chrome(state, &citizen_path(id, "/receipt")),
        just_certified,
        profile_href: citizen_path(id, ""),
        reference: v.id,
        full_name: format!("{} {}", citizen.given_name, citizen.family_name),
        father_name: citizen.father_name,
        birth_date: iso_date(&citizen.birth_date),
        username: if dimos_app::walk_in::awaits_activation(&citizen.username) {
            lang.t("walkin-username-pending")
        } else {
            citizen.username
        },
        tax_number: citizen
            .verified_tax_number
            .or(citizen.tax_number)
            .unwrap_or_default(),
        document: document_with_country(lang, v.document_type, v.issuing_country.as_deref()),
        document_number: v.document_number_masked,
        issuing_authority: v.issuing_authority,
        expires_on: iso_date(&v.expires_on),
        office: office_name(&offices, &v.office_code, lang),
        when: date_time(v.verified_at),
        verifier: staff_name(state, &v.verifier_id).await,
        activation_code,
        activation_url: format!("{}/activate", state.site.public_url),
    };
    Ok(render(StatusCode::OK, &view))
}
