//! Becoming Level B in one visit: the walk-in registered at the counter, and the activation
//! with the code the person took home.

use super::auth::{Staff, Verifier};
use super::citizens::{AddressBody, SessionCreated};
use super::{ApiJson, schema};
use crate::client::Client;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use dimos_app::citizens::AddressInput;
use dimos_app::walk_in::{Activation, WalkIn};
use dimos_db::sessions::Channel;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct WalkInBody {
    #[schema(value_type = schema::PersonNameText)]
    pub given_name: String,
    #[schema(value_type = schema::PersonNameText)]
    pub family_name: String,
    #[schema(value_type = schema::PersonNameText)]
    pub father_name: String,
    /// `YYYY-MM-DD`
    #[schema(value_type = schema::Day)]
    pub birth_date: String,
    /// 9 digits with a valid check digit; becomes the verified tax number
    #[schema(value_type = Option<schema::TaxNumberText>)]
    pub tax_number: Option<String>,
    /// Unconfirmed until the citizen opens the confirmation link mailed with the code
    #[schema(value_type = Option<schema::EmailAddress>)]
    pub email: Option<String>,
    #[schema(value_type = Option<schema::PhoneNumberText>)]
    pub phone: Option<String>,
    pub address: AddressBody,
    /// `id_card`, `passport` (Greek) or `foreign_passport`
    #[schema(value_type = schema::DocumentTypeCode)]
    pub document_type: String,
    /// ID card: 1–2 letters and 6 digits (Greek or Latin letters); passport: 2 letters and 7
    /// digits; foreign passport: 4–20 letters and digits (spaces and hyphens ignored)
    #[schema(min_length = 1)]
    pub document_number: String,
    #[schema(value_type = schema::IssuingAuthority)]
    pub issuing_authority: String,
    /// ISO 3166-1 alpha-2 (a foreign passport)
    #[schema(value_type = Option<schema::CountryCode>)]
    pub issuing_country: Option<String>,
    /// `YYYY-MM-DD`; an expired document is refused
    #[schema(value_type = schema::Day)]
    pub expires_on: String,
    /// The code of the office (one that certifies identity)
    #[schema(min_length = 1)]
    pub office: String,
}

impl From<WalkInBody> for WalkIn {
    fn from(body: WalkInBody) -> WalkIn {
        WalkIn {
            given_name: body.given_name,
            family_name: body.family_name,
            father_name: body.father_name,
            birth_date: body.birth_date,
            tax_number: body.tax_number,
            email: body.email,
            phone: body.phone,
            address: AddressInput {
                street: body.address.street,
                postal_code: body.address.postal_code,
                city: body.address.city,
            },
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
pub struct WalkInRegisteredView {
    pub id: String,
    /// Always `B`
    #[schema(value_type = schema::Level)]
    pub level: String,
    /// For the person to choose a username and password at `/activate`; shown this once
    /// (only its hash is stored), good once for 7 days
    pub activation_code: String,
}

/// Register a person at the counter from their document (verifiers and admins): the account is
/// Level B at once; the activation code is mailed too when an e-mail was given.
#[utoipa::path(post, path = "/api/v1/staff/citizens", tag = "staff", security(("bearer" = [])),
    request_body = WalkInBody,
    responses(
        (status = 201, body = WalkInRegisteredView),
        (status = 401, description = "unauthenticated", body = ErrorBody),
        (status = 403, description = "forbidden", body = ErrorBody),
        (status = 409, description = "tax_number_already_certified (on another account)", body = ErrorBody),
        (status = 422, description = "validation_failed (e.g. expires_on: expired)", body = ErrorBody),
    ))]
pub async fn register_walk_in(
    State(state): State<AppState>,
    Client(client): Client,
    Staff(who, ..): Staff<Verifier>,
    ApiJson(body): ApiJson<WalkInBody>,
) -> Result<(StatusCode, Json<WalkInRegisteredView>), ApiError> {
    let registered = state
        .app
        .register_walk_in(&who, &WalkIn::from(body), &client)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(WalkInRegisteredView {
            id: registered.id,
            level: "B".into(),
            activation_code: registered.activation_code,
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ActivationBody {
    /// The code on the counter's receipt (case, spaces and dashes do not matter)
    pub code: String,
    /// 3–32 of `a-z 0-9 . _ -` (case-insensitive)
    #[schema(value_type = schema::UsernameText)]
    pub username: String,
    /// The same policy as at registration
    #[schema(value_type = schema::NewPassword)]
    pub password: String,
}

/// Activate a walk-in account: choose a username and password; the answer logs in.
#[utoipa::path(post, path = "/api/v1/activations", tag = "sessions", request_body = ActivationBody,
    responses(
        (status = 201, body = SessionCreated),
        (status = 401, description = "invalid_credentials (an unknown, used or expired code)", body = ErrorBody),
        (status = 409, description = "username_taken (the code stays good)", body = ErrorBody),
        (status = 422, description = "validation_failed (username, password)", body = ErrorBody),
        (status = 429, description = "too_many_attempts (see Retry-After)", body = ErrorBody),
    ))]
pub async fn activate(
    State(state): State<AppState>,
    Client(client): Client,
    ApiJson(body): ApiJson<ActivationBody>,
) -> Result<(StatusCode, Json<SessionCreated>), ApiError> {
    let input = Activation {
        code: body.code,
        username: body.username,
        password: body.password,
    };
    let outcome = state
        .app
        .activate_citizen(&input, Channel::Api, &client)
        .await?;
    Ok((StatusCode::CREATED, Json(outcome.into())))
}
