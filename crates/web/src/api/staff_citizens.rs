//! The counter: finding a citizen, certifying their identity (Level B), revoking it.

use super::auth::{Staff, Verifier};
use super::citizens::MeView;
use super::{ApiJson, schema};
use crate::client::Client;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use dimos_app::verification::{CertificationInput, DocumentInput};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
pub struct SearchQuery {
    /// A username, a tax number, an e-mail, or a family name with a birth date
    /// (`Παπαδοπούλου 12/04/1985`); accents and case do not matter.
    #[param(min_length = 1)]
    pub q: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CitizenItem {
    pub id: String,
    pub username: String,
    pub given_name: String,
    pub family_name: String,
    #[schema(value_type = schema::Day)]
    pub birth_date: String,
    /// `A` or `B`
    #[schema(value_type = schema::Level)]
    pub level: String,
}

/// Find a citizen at the counter (verifiers and admins). Audited.
#[utoipa::path(get, path = "/api/v1/staff/citizens", tag = "staff", security(("bearer" = [])), params(SearchQuery),
    responses(
        (status = 200, body = [CitizenItem]),
        (status = 401, description = "unauthenticated", body = ErrorBody),
        (status = 403, description = "forbidden", body = ErrorBody),
        (status = 422, description = "validation_failed (empty q)", body = ErrorBody),
    ))]
pub async fn search(
    State(state): State<AppState>,
    Client(client): Client,
    Staff(who, ..): Staff<Verifier>,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Vec<CitizenItem>>, ApiError> {
    let found = state.app.search_citizens(&who, &q.q, &client).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|c| CitizenItem {
                id: c.id,
                username: c.username,
                given_name: c.given_name,
                family_name: c.family_name,
                birth_date: c.birth_date,
                level: c.level.to_string(),
            })
            .collect(),
    ))
}

/// A citizen's profile as the counter sees it. Audited as a staff view of the citizen.
#[utoipa::path(get, path = "/api/v1/staff/citizens/{id}", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path, description = "The citizen's id")),
    responses((status = 200, body = MeView), (status = 403, description = "forbidden", body = ErrorBody), (status = 404, description = "not_found", body = ErrorBody)))]
pub async fn profile(
    State(state): State<AppState>,
    Client(client): Client,
    Staff(who, ..): Staff<Verifier>,
    Path(id): Path<String>,
) -> Result<Json<MeView>, ApiError> {
    Ok(Json(
        state
            .app
            .citizen_for_counter(&who, &id, &client)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CertificationBody {
    /// `id_card`, `passport` (Greek) or `foreign_passport`
    #[schema(value_type = schema::DocumentTypeCode)]
    pub document_type: String,
    /// Police ID card: 1–2 letters and 6 digits (Greek or Latin letters); passport: 2 letters and 7 digits;
    /// foreign passport: 4–20 letters and digits (spaces and hyphens ignored)
    #[schema(min_length = 1)]
    pub document_number: String,
    #[schema(value_type = schema::IssuingAuthority)]
    pub issuing_authority: String,
    /// ISO 3166-1 alpha-2 code of the country that issued a `foreign_passport` (required with
    /// it, else 422 `fields.issuing_country`: `required` or `unknown_country`); ignored otherwise
    #[schema(value_type = Option<schema::CountryCode>)]
    pub issuing_country: Option<String>,
    /// `YYYY-MM-DD`; an expired document is refused
    #[schema(value_type = schema::Day)]
    pub expires_on: String,
    /// The code of the office (one that certifies identity)
    #[schema(min_length = 1)]
    pub office: String,
    /// Corrections of the registered identity against the document (optional each)
    #[schema(value_type = Option<schema::PersonNameText>)]
    pub given_name: Option<String>,
    #[schema(value_type = Option<schema::PersonNameText>)]
    pub family_name: Option<String>,
    #[schema(value_type = Option<schema::PersonNameText>)]
    pub father_name: Option<String>,
    #[schema(value_type = Option<schema::Day>)]
    pub birth_date: Option<String>,
    /// Optional: becomes the verified tax number. Without one (none given, none registered) the
    /// citizen is certified all the same; their debts, fines and pending matters, kept by tax
    /// number, then answer empty with `reason: "no_tax_number"`
    #[schema(value_type = Option<schema::TaxNumberText>)]
    pub tax_number: Option<String>,
}

impl From<CertificationBody> for CertificationInput {
    fn from(body: CertificationBody) -> CertificationInput {
        CertificationInput {
            document_type: body.document_type,
            document_number: body.document_number,
            issuing_authority: body.issuing_authority,
            expires_on: body.expires_on,
            office: body.office,
            given_name: body.given_name,
            family_name: body.family_name,
            father_name: body.father_name,
            birth_date: body.birth_date,
            tax_number: body.tax_number,
            issuing_country: body.issuing_country,
        }
    }
}

/// A certified citizen's renewed identity document.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RenewedDocumentBody {
    /// `id_card`, `passport` (Greek) or `foreign_passport`
    #[schema(value_type = schema::DocumentTypeCode)]
    pub document_type: String,
    /// As at certification
    #[schema(min_length = 1)]
    pub document_number: String,
    #[schema(value_type = schema::IssuingAuthority)]
    pub issuing_authority: String,
    /// ISO 3166-1 alpha-2; required with a `foreign_passport`
    #[schema(value_type = Option<schema::CountryCode>)]
    pub issuing_country: Option<String>,
    /// `YYYY-MM-DD`; an expired document is refused
    #[schema(value_type = schema::Day)]
    pub expires_on: String,
    /// The code of the office where the document was seen (one that certifies identity)
    #[schema(min_length = 1)]
    pub office: String,
}

impl From<RenewedDocumentBody> for DocumentInput {
    fn from(body: RenewedDocumentBody) -> DocumentInput {
        DocumentInput {
            document_type: body.document_type,
            document_number: body.document_number,
            issuing_authority: body.issuing_authority,
            issuing_country: body.issuing_country,
            expires_on: body.expires_on,
            office: body.office,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LevelView {
    /// `A` or `B`
    #[schema(value_type = schema::Level)]
    pub level: String,
}

/// Certify a citizen's identity in person (verifiers and admins): the account becomes Level B.
#[utoipa::path(post, path = "/api/v1/staff/citizens/{id}/verification", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path, description = "The citizen's id")), request_body = CertificationBody,
    responses(
        (status = 200, body = LevelView),
        (status = 403, description = "forbidden", body = ErrorBody),
        (status = 404, description = "not_found", body = ErrorBody),
        (status = 409, description = "already_certified, or tax_number_already_certified (on another account)", body = ErrorBody),
        (status = 422, description = "validation_failed (e.g. expires_on: expired)", body = ErrorBody),
    ))]
pub async fn certify(
    State(state): State<AppState>,
    Client(client): Client,
    Staff(who, ..): Staff<Verifier>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CertificationBody>,
) -> Result<Json<LevelView>, ApiError> {
    let input = CertificationInput::from(body);
    state
        .app
        .certify_identity(&who, &id, &input, &client)
        .await?;
    Ok(Json(LevelView { level: "B".into() }))
}

/// Record a certified citizen's renewed document in place of the one on record (verifiers and
/// admins): the citizen stays Level B, the old document is kept in the history, pickup checks
/// the new one. Audited (`verification.document_renewed`).
#[utoipa::path(put, path = "/api/v1/staff/citizens/{id}/verification/document", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path, description = "The citizen's id")), request_body = RenewedDocumentBody,
    responses(
        (status = 200, body = LevelView),
        (status = 401, description = "unauthenticated", body = ErrorBody),
        (status = 403, description = "forbidden", body = ErrorBody),
        (status = 404, description = "not_found", body = ErrorBody),
        (status = 409, description = "not_certified (a Level A citizen: certify instead), or conflict (revoked or renewed meanwhile)", body = ErrorBody),
        (status = 422, description = "validation_failed (e.g. expires_on: expired, issuing_country: required)", body = ErrorBody),
    ))]
pub async fn renew_document(
    State(state): State<AppState>,
    Client(client): Client,
    Staff(who, ..): Staff<Verifier>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RenewedDocumentBody>,
) -> Result<Json<LevelView>, ApiError> {
    let input = DocumentInput::from(body);
    state.app.renew_document(&who, &id, &input, &client).await?;
    Ok(Json(LevelView { level: "B".into() }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RevocationBody {
    #[schema(value_type = schema::RevocationReason)]
    pub reason: String,
}

/// Revoke a certification (verifiers and admins): back to Level A, personal data hidden at once.
#[utoipa::path(delete, path = "/api/v1/staff/citizens/{id}/verification", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path, description = "The citizen's id")), request_body = RevocationBody,
    responses(
        (status = 200, body = LevelView),
        (status = 403, description = "forbidden", body = ErrorBody),
        (status = 404, description = "not_found", body = ErrorBody),
        (status = 409, description = "not_certified", body = ErrorBody),
        (status = 422, description = "validation_failed (reason required)", body = ErrorBody),
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    Client(client): Client,
    Staff(who, ..): Staff<Verifier>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RevocationBody>,
) -> Result<Json<LevelView>, ApiError> {
    state
        .app
        .revoke_certification(&who, &id, &body.reason, &client)
        .await?;
    Ok(Json(LevelView { level: "A".into() }))
}
