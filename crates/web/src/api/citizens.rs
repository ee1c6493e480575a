//! Registration, e-mail confirmation, login and logout, the citizen's own account.

use super::auth::Citizen;
use super::{ApiJson, schema};
use crate::client::Client;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use dimos_app::citizens::{AddressInput, ContactInput, Profile, Registration, SessionView};
use dimos_db::sessions::Channel;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct RegistrationBody {
    /// 3–32 of `a-z 0-9 . _ -` (case-insensitive)
    #[schema(value_type = schema::UsernameText)]
    pub username: String,
    /// 12–128 characters; not a common password, not containing your names, e-mail or tax number
    #[schema(value_type = schema::NewPassword)]
    pub password: String,
    #[schema(value_type = schema::EmailAddress)]
    pub email: String,
    #[schema(value_type = schema::PersonNameText)]
    pub given_name: String,
    #[schema(value_type = schema::PersonNameText)]
    pub family_name: String,
    #[schema(value_type = schema::PersonNameText)]
    pub father_name: String,
    /// `YYYY-MM-DD`, a past day
    #[schema(value_type = schema::Day)]
    pub birth_date: String,
    /// ΑΦΜ, 9 digits with check digit (optional at Level A)
    #[schema(value_type = Option<schema::TaxNumberText>)]
    pub tax_number: Option<String>,
    /// ΑΜΚΑ, 11 digits (optional)
    #[schema(value_type = Option<schema::SocialSecurityNumberText>)]
    pub social_security_number: Option<String>,
    /// Mobile phone, E.164 (+30 assumed for Greek numbers)
    #[schema(value_type = Option<schema::PhoneNumberText>)]
    pub phone: Option<String>,
    pub address: AddressBody,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct AddressBody {
    #[schema(value_type = schema::AddressLine)]
    pub street: String,
    /// 5 digits
    #[schema(value_type = schema::PostalCodeText)]
    pub postal_code: String,
    #[schema(value_type = schema::AddressLine)]
    pub city: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegisteredView {
    pub id: String,
    pub username: String,
    /// Always `A` for a new account
    #[schema(value_type = schema::Level)]
    pub level: String,
}

/// Register a Level A citizen; a confirmation link is mailed to the given address.
#[utoipa::path(post, path = "/api/v1/citizens", tag = "citizens", request_body = RegistrationBody,
    responses(
        (status = 201, body = RegisteredView),
        (status = 400, description = "invalid_json", body = ErrorBody),
        (status = 409, description = "username_taken", body = ErrorBody),
        (status = 413, description = "payload_too_large", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
        (status = 429, description = "too_many_attempts: this address used up its mail-sending forms for 10 minutes (see Retry-After)", body = ErrorBody),
    ))]
pub async fn register(
    State(state): State<AppState>,
    Client(client): Client,
    ApiJson(body): ApiJson<RegistrationBody>,
) -> Result<(StatusCode, Json<RegisteredView>), ApiError> {
    let input = Registration::from(body);
    let registered = state.app.register_citizen(&input, &client).await?;
    Ok((
        StatusCode::CREATED,
        Json(RegisteredView {
            id: registered.id,
            username: registered.username,
            level: "A".into(),
        }),
    ))
}

impl From<RegistrationBody> for Registration {
    fn from(body: RegistrationBody) -> Registration {
        Registration {
            username: body.username,
            password: body.password,
            email: body.email,
            given_name: body.given_name,
            family_name: body.family_name,
            father_name: body.father_name,
            birth_date: body.birth_date,
            tax_number: body.tax_number,
            social_security_number: body.social_security_number,
            phone: body.phone,
            address: AddressInput {
                street: body.address.street,
                postal_code: body.address.postal_code,
                city: body.address.city,
            },
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenBody {
    pub token: String,
}

/// Confirm an e-mail address with the token from the confirmation mail's link (single use).
#[utoipa::path(post, path = "/api/v1/email-confirmations", tag = "citizens", request_body = TokenBody,
    responses(
        (status = 204, description = "Confirmed"),
        (status = 422, description = "validation_failed: the token is unknown, used or expired", body = ErrorBody),
    ))]
pub async fn confirm_email(
    State(state): State<AppState>,
    Client(client): Client,
    ApiJson(body): ApiJson<TokenBody>,
) -> Result<StatusCode, ApiError> {
    state.app.confirm_email(&body.token, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginBody {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionCreated {
    /// Send as `Authorization: Bearer <token>`
    pub token: String,
    /// Unix time in milliseconds when the session ends at the latest
    pub expires_at: i64,
    /// `A` or `B`
    #[schema(value_type = schema::Level)]
    pub level: String,
}

/// Log in; the answer carries a bearer token.
#[utoipa::path(post, path = "/api/v1/sessions", tag = "sessions", request_body = LoginBody,
    responses(
        (status = 201, body = SessionCreated),
        (status = 401, description = "invalid_credentials", body = ErrorBody),
        (status = 429, description = "too_many_attempts (see Retry-After)", body = ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    Client(client): Client,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<(StatusCode, Json<SessionCreated>), ApiError> {
    let outcome = state
        .app
        .login_citizen(&body.username, &body.password, Channel::Api, &client)
        .await?;
    Ok((StatusCode::CREATED, Json(outcome.into())))
}

impl From<dimos_app::citizens::LoginOutcome> for SessionCreated {
    fn from(outcome: dimos_app::citizens::LoginOutcome) -> SessionCreated {
        SessionCreated {
            token: outcome.token,
            expires_at: outcome.expires_at.as_millis(),
            level: outcome.level.as_str().into(),
        }
    }
}

/// Log out: the token stops working at once.
#[utoipa::path(delete, path = "/api/v1/sessions/current", tag = "sessions", security(("bearer" = [])),
    responses((status = 204, description = "Logged out"), (status = 401, description = "unauthenticated", body = ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    Client(client): Client,
    Citizen(who): Citizen,
) -> Result<StatusCode, ApiError> {
    state.app.logout_citizen(&who, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    pub id: String,
    pub username: String,
    /// `A` or `B`
    #[schema(value_type = schema::Level)]
    pub level: String,
    pub email: String,
    pub email_confirmed: bool,
    pub given_name: String,
    pub family_name: String,
    pub father_name: String,
    #[schema(value_type = schema::Day)]
    pub birth_date: String,
    #[schema(value_type = Option<schema::TaxNumberText>)]
    pub tax_number: Option<String>,
    pub phone: Option<String>,
    pub address: AddressBody,
    pub verification: Option<VerificationView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationView {
    pub verified_at: i64,
    /// `id_card`, `passport` or `foreign_passport`
    #[schema(value_type = schema::DocumentTypeCode)]
    pub document_type: String,
    /// Code of the office where the identity was certified
    pub office: String,
}

impl From<Profile> for MeView {
    fn from(p: Profile) -> MeView {
        let c = p.citizen;
        MeView {
            id: c.id,
            username: c.username,
            level: p.level.as_str().into(),
            email: c.email,
            email_confirmed: c.email_confirmed_at.is_some(),
            given_name: c.given_name,
            family_name: c.family_name,
            father_name: c.father_name,
            birth_date: c.birth_date,
            tax_number: c.tax_number,
            phone: c.phone,
            address: AddressBody {
                street: c.street,
                postal_code: c.postal_code,
                city: c.city,
            },
            verification: p.verification.map(|v| VerificationView {
                verified_at: v.verified_at.as_millis(),
                document_type: v.document_type.to_string(),
                office: v.office_code,
            }),
        }
    }
}

/// The logged-in citizen's account.
#[utoipa::path(get, path = "/api/v1/me", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = MeView), (status = 401, description = "unauthenticated", body = ErrorBody)))]
pub async fn me(
    State(state): State<AppState>,
    Citizen(who): Citizen,
) -> Result<Json<MeView>, ApiError> {
    Ok(Json(state.app.citizen_profile(&who).await?.into()))
}

/// Fields `PATCH /me` never changes: asking to is a validation error, not silence.
const READ_ONLY: &[&str] = &[
    "id",
    "username",
    "level",
    "verification",
    "email_confirmed",
    "social_security_number",
];
/// Identity fields: changeable only while the account is Level A.
const IDENTITY: &[&str] = &[
    "given_name",
    "family_name",
    "father_name",
    "birth_date",
    "tax_number",
];

/// The changes of `PATCH /me`: each field given is changed, `null` empties an optional one.
/// The read-only fields (`id`, `username`, `level`, `verification`, `email_confirmed`,
/// `social_security_number`) and unknown ones are refused (422 `read_only`, `unknown_field`).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // describes the body for the OpenAPI document; read as a JSON object
pub struct ContactChangeBody {
    #[schema(value_type = Option<schema::EmailAddress>)]
    email: Option<String>,
    #[schema(value_type = Option<schema::PhoneNumberText>)]
    phone: Option<String>,
    address: Option<AddressBody>,
    /// Required to change the e-mail or the postal address
    current_password: Option<String>,
    /// Level A only (as are the other identity fields below)
    #[schema(value_type = Option<schema::PersonNameText>)]
    given_name: Option<String>,
    #[schema(value_type = Option<schema::PersonNameText>)]
    family_name: Option<String>,
    #[schema(value_type = Option<schema::PersonNameText>)]
    father_name: Option<String>,
    #[schema(value_type = Option<schema::Day>)]
    birth_date: Option<String>,
    #[schema(value_type = Option<schema::TaxNumberText>)]
    tax_number: Option<String>,
}

/// Change contact details (and, while Level A, identity details). `current_password` is
/// required to change the e-mail or the postal address.
#[utoipa::path(patch, path = "/api/v1/me", tag = "account", security(("bearer" = [])),
    request_body = ContactChangeBody,
    responses(
        (status = 200, body = MeView),
        (status = 401, description = "unauthenticated", body = ErrorBody),
        (status = 422, description = "validation_failed (read-only fields, identity fields at Level B, a wrong or missing current_password, bad values)", body = ErrorBody),
        (status = 429, description = "too_many_attempts: too many wrong passwords of this account, counted with its failed logins (see Retry-After)", body = ErrorBody),
    ))]
pub async fn update_me(
    State(state): State<AppState>,
    Client(client): Client,
    Citizen(who): Citizen,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<MeView>, ApiError> {
    let input = contact_input(&body)?;
    Ok(Json(
        state
            .app
            .update_citizen(&who, &input, &client)
            .await?
            .into(),
    ))
}

pub(crate) fn contact_input(body: &Map<String, Value>) -> Result<ContactInput, ApiError> {
    let mut fields = crate::error::FieldErrors::new();
    let mut input = ContactInput::default();
    let text = |key: &str, fields: &mut crate::error::FieldErrors| -> Option<String> {
        match body.get(key) {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Null) => Some(String::new()),
            Some(_) => {
                fields
                    .entry(key.to_owned())
                    .or_default()
                    .push("must_be_string".into());
                None
            }
        }
    };
    for key in body.keys() {
        if READ_ONLY.contains(&key.as_str()) {
            fields
                .entry(key.clone())
                .or_default()
                .push("read_only".into());
        } else if !IDENTITY.contains(&key.as_str())
            && !["email", "phone", "address", "current_password"].contains(&key.as_str())
        {
            fields
                .entry(key.clone())
                .or_default()
                .push("unknown_field".into());
        }
    }
    input.email = text("email", &mut fields);
    input.phone = text("phone", &mut fields);
    input.current_password = text("current_password", &mut fields);
    input.given_name = text("given_name", &mut fields);
    input.family_name = text("family_name", &mut fields);
    input.father_name = text("father_name", &mut fields);
    input.birth_date = text("birth_date", &mut fields);
    input.tax_number = text("tax_number", &mut fields);
    if let Some(address) = body.get("address") {
        match serde_json::from_value::<AddressBody>(address.clone()) {
            Ok(a) => {
                input.address = Some(AddressInput {
                    street: a.street,
                    postal_code: a.postal_code,
                    city: a.city,
                })
            }
            Err(_) => fields
                .entry("address".into())
                .or_default()
                .push("invalid_format".into()),
        }
    }
    if fields.is_empty() {
        Ok(input)
    } else {
        Err(ApiError::Validation(fields))
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChangeBody {
    pub current_password: String,
    #[schema(value_type = schema::NewPassword)]
    pub new_password: String,
}

/// Change the password; every other session of the account ends.
#[utoipa::path(put, path = "/api/v1/me/password", tag = "account", security(("bearer" = [])), request_body = PasswordChangeBody,
    responses((status = 204, description = "Changed"), (status = 401, description = "unauthenticated", body = ErrorBody), (status = 422, description = "validation_failed", body = ErrorBody),
        (status = 429, description = "too_many_attempts: too many wrong passwords of this account, counted with its failed logins (see Retry-After)", body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    Client(client): Client,
    Citizen(who): Citizen,
    ApiJson(body): ApiJson<PasswordChangeBody>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .change_citizen_password(&who, &body.current_password, &body.new_password, &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionItem {
    pub id: String,
    /// `page` (browser) or `api`
    pub channel: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub client_ip: String,
    pub user_agent: String,
    /// The session this request came with
    pub current: bool,
}

impl From<SessionView> for SessionItem {
    fn from(s: SessionView) -> SessionItem {
        SessionItem {
            id: s.id,
            channel: s.channel.as_str().to_owned(),
            created_at: s.created_at.as_millis(),
            last_seen_at: s.last_seen_at.as_millis(),
            client_ip: s.client_ip,
            user_agent: s.user_agent,
            current: s.current,
        }
    }
}

/// The citizen's live sessions, most recently used first.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "sessions", security(("bearer" = [])),
    responses((status = 200, body = [SessionItem]), (status = 401, description = "unauthenticated", body = ErrorBody)))]
pub async fn sessions(
    State(state): State<AppState>,
    Citizen(who): Citizen,
) -> Result<Json<Vec<SessionItem>>, ApiError> {
    Ok(Json(
        state
            .app
            .citizen_sessions(&who)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// End one of the citizen's sessions.
#[utoipa::path(delete, path = "/api/v1/me/sessions/{id}", tag = "sessions", security(("bearer" = [])),
    params(("id" = String, Path, description = "The session's id")),
    responses((status = 204, description = "Ended"), (status = 404, description = "not_found", body = ErrorBody)))]
pub async fn end_session(
    State(state): State<AppState>,
    Client(client): Client,
    Citizen(who): Citizen,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.app.end_citizen_session(&who, &id, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetRequestBody {
    #[schema(value_type = schema::EmailAddress)]
    pub email: String,
}

/// Ask for a password-reset link by e-mail. The answer is the same whether or not the address
/// belongs to an account.
#[utoipa::path(post, path = "/api/v1/password-resets", tag = "account", request_body = ResetRequestBody,
    responses((status = 202, description = "If the address belongs to an account, a link is on its way"), (status = 422, description = "validation_failed", body = ErrorBody),
        (status = 429, description = "too_many_attempts: this address used up its mail-sending forms for 10 minutes (see Retry-After)", body = ErrorBody)))]
pub async fn request_password_reset(
    State(state): State<AppState>,
    Client(client): Client,
    ApiJson(body): ApiJson<ResetRequestBody>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .request_password_reset(&body.email, &client)
        .await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetBody {
    pub token: String,
    #[schema(value_type = schema::NewPassword)]
    pub new_password: String,
}

/// Set a new password with the token from the reset mail; every session of the account ends.
#[utoipa::path(post, path = "/api/v1/password-resets/confirm", tag = "account", request_body = ResetBody,
    responses((status = 204, description = "Password set"), (status = 422, description = "validation_failed", body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    Client(client): Client,
    ApiJson(body): ApiJson<ResetBody>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .reset_password(&body.token, &body.new_password, &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
