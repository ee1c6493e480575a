//! The back-office feeds: `POST /api/v1/records/{debts|fines|pending}` with an integration key
//! (`Authorization: Bearer dimos_…`). A JSON array of records, all or nothing, upserted by
//! `external_id`.

use super::auth::bearer_token;
use super::{ApiJson, schema};
use crate::client::Client;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use dimos_app::api_keys::ApiKeyPrincipal;
use dimos_domain::RecordKind;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// The largest body this route reads: 10,000 records of a few hundred bytes each do not fit the
/// site-wide limit.
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// A caller with a live integration key. A missing, unknown or revoked key is
/// 401 `unauthenticated`; each use notes the key's `last_used_at`.
pub struct ApiKey(pub ApiKeyPrincipal);

impl FromRequestParts<AppState> for ApiKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ApiKey, ApiError> {
        let key = bearer_token(parts)
            .ok_or(ApiError::Unauthenticated)?
            .to_owned();
        let Client(client) = Client::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|e| match e {});
        state
            .app
            .api_key_principal(&key, &client)
            .await?
            .map(ApiKey)
            .ok_or(ApiError::Unauthenticated)
    }
}

/// What became of a batch.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportSummary {
    /// `debts`, `fines` or `pending`
    #[schema(value_type = schema::RecordKindCode)]
    pub kind: String,
    pub records: u64,
    /// New `external_id`s.
    pub inserted: u64,
    /// Known `external_id`s whose values changed.
    pub updated: u64,
    /// Known `external_id`s sent with the values already stored.
    pub unchanged: u64,
}

/// Import a batch of back-office records (integration key): up to 10,000 records, checked
/// whole — any problem answers 422 with `fields` like `{"[3].tax_number": ["invalid_check_digit"]}`
/// or `{"[0].rf_reference": ["invalid_check_digits"]}`
/// and applies nothing — then upserted by `external_id` in one transaction. Sending the same
/// batch again changes nothing. Audited as the key's action.
#[utoipa::path(post, path = "/api/v1/records/{kind}", tag = "records", security(("bearer" = [])),
    params(("kind" = schema::RecordKindCode, Path, description = "`debts`, `fines` or `pending`")),
    request_body(content = schema::RecordBatch, description = "A JSON array of records of the kind in the path, with the columns of the import files as fields"),
    responses(
        (status = 200, body = ImportSummary),
        (status = 401, description = "unauthenticated: no key, an unknown key or a revoked one", body = ErrorBody),
        (status = 403, description = "forbidden: the key is not scoped to this kind of record", body = ErrorBody),
        (status = 404, description = "not_found: no such kind", body = ErrorBody),
        (status = 413, description = "payload_too_large", body = ErrorBody),
        (status = 422, description = "validation_failed: fields per `[index].field`; `body`: `no_records`, `too_many_records`", body = ErrorBody),
    ))]
pub async fn import(
    State(state): State<AppState>,
    Client(client): Client,
    ApiKey(key): ApiKey,
    Path(kind): Path<String>,
    body: Result<ApiJson<Vec<Value>>, ApiError>,
) -> Result<Json<ImportSummary>, ApiError> {
    let parsed = kind
        .parse::<RecordKind>()
        .map_err(|_| ApiError::NotFound)
        .and_then(|kind| body.map(|ApiJson(records)| (kind, records)));
    let (kind, records) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => {
            state
                .app
                .audit_batch_refused(&key, &kind, error.code(), &client)
                .await?;
            return Err(error);
        }
    };
    let done = state.app.import_batch(&key, kind, records, &client).await?;
    Ok(Json(ImportSummary {
        kind: kind.as_str().to_owned(),
        records: done.records,
        inserted: done.counts.inserted,
        updated: done.counts.updated,
        unchanged: done.counts.unchanged,
    }))
}
