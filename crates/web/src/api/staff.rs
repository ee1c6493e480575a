//! The staff side of the API: login with a one-time code, one's own password.

use super::auth::{AnyStaff, Staff};
use super::{ApiJson, schema};
use crate::client::Client;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use dimos_app::staff::StaffPasswordChange;
use dimos_db::sessions::Channel;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct StaffLoginBody {
    pub username: String,
    pub password: String,
    /// The 6-digit code of the authenticator app
    #[schema(value_type = Option<schema::OneTimeCode>)]
    pub totp: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StaffSessionCreated {
    pub token: String,
    pub expires_at: i64,
    /// `admin`, `clerk`, `verifier`
    #[schema(value_type = Vec<schema::StaffRoleCode>)]
    pub roles: Vec<String>,
}

/// Staff login: password and one-time code, always.
#[utoipa::path(post, path = "/api/v1/staff/sessions", operation_id = "staff_login", tag = "staff", request_body = StaffLoginBody,
    responses(
        (status = 201, body = StaffSessionCreated),
        (status = 401, description = "invalid_credentials, or totp_required when the code is missing", body = ErrorBody),
        (status = 429, description = "too_many_attempts (see Retry-After)", body = ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    Client(client): Client,
    ApiJson(body): ApiJson<StaffLoginBody>,
) -> Result<(StatusCode, Json<StaffSessionCreated>), ApiError> {
    let outcome = state
        .app
        .login_staff(
            &body.username,
            &body.password,
            body.totp.as_deref(),
            Channel::Api,
            &client,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(StaffSessionCreated {
            token: outcome.token,
            expires_at: outcome.expires_at.as_millis(),
            roles: outcome.roles,
        }),
    ))
}

/// End the staff session of this token.
#[utoipa::path(delete, path = "/api/v1/staff/sessions/current", operation_id = "staff_logout", tag = "staff", security(("bearer" = [])),
    responses((status = 204, description = "Logged out"), (status = 401, description = "unauthenticated", body = ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    Client(client): Client,
    Staff(who, ..): Staff<AnyStaff>,
) -> Result<StatusCode, ApiError> {
    state.app.logout_staff(&who, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct StaffPasswordBody {
    pub current_password: String,
    #[schema(value_type = schema::NewPassword)]
    pub new_password: String,
    /// A fresh 6-digit code of the authenticator app (a code is good once)
    #[schema(value_type = schema::OneTimeCode)]
    pub totp: String,
}

/// Change one's own password (any member of staff): the current password and a one-time
/// code, checked and throttled as at login; every other session of the member ends.
#[utoipa::path(put, path = "/api/v1/staff/me/password", operation_id = "staff_change_password", tag = "staff", security(("bearer" = [])), request_body = StaffPasswordBody,
    responses(
        (status = 204, description = "Changed; other sessions ended"),
        (status = 400, description = "invalid_json", body = ErrorBody),
        (status = 401, description = "unauthenticated, or invalid_credentials: a wrong password or a wrong or used code (counted as a failed login)", body = ErrorBody),
        (status = 422, description = "validation_failed: `new_password` fails the policy; `current_password` or `totp` missing", body = ErrorBody),
        (status = 429, description = "too_many_attempts (see Retry-After)", body = ErrorBody),
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    Client(client): Client,
    Staff(who, ..): Staff<AnyStaff>,
    ApiJson(body): ApiJson<StaffPasswordBody>,
) -> Result<StatusCode, ApiError> {
    let change = StaffPasswordChange {
        current_password: body.current_password,
        new_password: body.new_password,
        totp: body.totp,
    };
    state
        .app
        .change_staff_password(&who, &change, &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
