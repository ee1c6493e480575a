//! Personal data over the API: a certified citizen's own debts, fines and pending matters, the
//! citizen's data export, and a clerk's look at a citizen's records (with a reason).

use super::auth::{Citizen, Clerk, Staff};
use super::schema;
use crate::client::Client;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use dimos_app::export::DataExport;
use dimos_app::records::{
    DebtLine, DebtList, FineLine, FineList, PendingList, RecordKind, Records,
};
use dimos_db::records::PendingMatter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct DebtItem {
    pub external_id: String,
    pub category: String,
    pub description: String,
    pub amount_cents: i64,
    /// `YYYY-MM-DD`
    pub due_date: String,
    /// `open` or `paid`
    pub status: String,
    /// The treasury's ISO 11649 payment reference to pay with at a bank, compact and upper-case
    /// (e.g. `RF18539007547034`); `null` when the treasury gave none: then the debt is paid at
    /// the treasury's counter. The portal never makes one up.
    pub rf_reference: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FineItem {
    pub external_id: String,
    pub notice_number: String,
    /// `YYYY-MM-DD`
    pub issued_on: String,
    pub place: String,
    pub vehicle_plate: String,
    pub violation: String,
    pub amount_cents: i64,
    /// `open`, `paid`, `appealed` or `cancelled`
    pub status: String,
    /// `YYYY-MM-DD`, the last day to appeal
    pub appeal_until: String,
    /// Days from today (Athens) to `appeal_until`: 0 on the last day, negative once past
    pub days_to_appeal: Option<i64>,
    /// The treasury's ISO 11649 payment reference, compact and upper-case; `null` when the
    /// treasury gave none (then the fine is paid at the treasury's counter)
    pub rf_reference: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PendingItem {
    pub external_id: String,
    /// The department's code (`treasury`, `registry`, …)
    pub department: String,
    pub title: String,
    pub details: String,
    /// `YYYY-MM-DD`
    pub since: String,
    /// What the citizen has to do
    pub action_needed: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DebtsView {
    /// Open debts first, the soonest due first
    pub items: Vec<DebtItem>,
    /// The total of the OPEN debts
    pub total_cents: i64,
    /// `"no_tax_number"` when the list is empty because the citizen was certified without a
    /// tax number (records are kept by tax number: one is added at a certifying office);
    /// absent otherwise
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FinesView {
    /// Open fines first, the nearest appeal deadline first
    pub items: Vec<FineItem>,
    /// The total of the OPEN fines
    pub total_cents: i64,
    /// `"no_tax_number"` when the list is empty because the citizen was certified without a
    /// tax number (records are kept by tax number: one is added at a certifying office);
    /// absent otherwise
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PendingView {
    /// The oldest first
    pub items: Vec<PendingItem>,
    /// Always 0: pending matters carry no amounts (the shape is that of debts and fines)
    pub total_cents: i64,
    /// `"no_tax_number"` when the list is empty because the citizen was certified without a
    /// tax number (records are kept by tax number: one is added at a certifying office);
    /// absent otherwise
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
}

impl From<&DebtLine> for DebtItem {
    fn from(l: &DebtLine) -> DebtItem {
        let d = &l.debt;
        DebtItem {
            external_id: d.external_id.clone(),
            category: d.category.clone(),
            description: d.description.clone(),
            amount_cents: d.amount_cents.get(),
            due_date: d.due_date.clone(),
            status: d.status.clone(),
            rf_reference: d.rf_reference.clone(),
        }
    }
}

impl From<&FineLine> for FineItem {
    fn from(l: &FineLine) -> FineItem {
        let f = &l.fine;
        FineItem {
            external_id: f.external_id.clone(),
            notice_number: f.notice_number.clone(),
            issued_on: f.issued_on.clone(),
            place: f.place.clone(),
            vehicle_plate: f.vehicle_plate.clone(),
            violation: f.violation.clone(),
            amount_cents: f.amount_cents.get(),
            status: f.status.clone(),
            appeal_until: f.appeal_until.clone(),
            days_to_appeal: l.days_to_appeal,
            rf_reference: f.rf_reference.clone(),
        }
    }
}

impl From<&PendingMatter> for PendingItem {
    fn from(m: &PendingMatter) -> PendingItem {
        PendingItem {
            external_id: m.external_id.clone(),
            department: m.department.clone(),
            title: m.title.clone(),
            details: m.details.clone(),
            since: m.since.clone(),
            action_needed: m.action_needed.clone(),
        }
    }
}

impl From<&DebtList> for DebtsView {
    fn from(l: &DebtList) -> DebtsView {
        DebtsView {
            items: l.items.iter().map(DebtItem::from).collect(),
            total_cents: l.open_cents.get(),
            reason: None,
        }
    }
}

impl From<&FineList> for FinesView {
    fn from(l: &FineList) -> FinesView {
        FinesView {
            items: l.items.iter().map(FineItem::from).collect(),
            total_cents: l.open_cents.get(),
            reason: None,
        }
    }
}

impl From<&PendingList> for PendingView {
    fn from(l: &PendingList) -> PendingView {
        PendingView {
            items: l.items.iter().map(PendingItem::from).collect(),
            total_cents: 0,
            reason: None,
        }
    }
}

/// `Some("no_tax_number")` when the caller's records are empty for want of a tax number.
async fn no_tax_number(
    state: &AppState,
    who: &dimos_app::CitizenPrincipal,
) -> Result<Option<&'static str>, ApiError> {
    Ok(state
        .app
        .records_lack_tax_number(who)
        .await?
        .then_some("no_tax_number"))
}

/// The caller's debts to the municipality, by their verified tax number (Level B). Audited.
#[utoipa::path(get, path = "/api/v1/me/debts", tag = "personal data", security(("bearer" = [])),
    responses(
        (status = 200, body = DebtsView),
        (status = 401, description = "unauthenticated", body = ErrorBody),
        (status = 403, description = "level_b_required: certify your identity in person first", body = ErrorBody),
    ))]
pub async fn debts(
    State(state): State<AppState>,
    Client(client): Client,
    Citizen(who): Citizen,
) -> Result<Json<DebtsView>, ApiError> {
    let list = state.app.my_debts(&who, &client).await?;
    Ok(Json(DebtsView {
        reason: no_tax_number(&state, &who).await?,
        ..DebtsView::from(&list)
    }))
}

/// The caller's fines and summonses, by their verified tax number (Level B). Audited.
#[utoipa::path(get, path = "/api/v1/me/fines", tag = "personal data", security(("bearer" = [])),
    responses(
        (status = 200, body = FinesView),
        (status = 401, description = "unauthenticated", body = ErrorBody),
        (status = 403, description = "level_b_required: certify your identity in person first", body = ErrorBody),
    ))]
pub async fn fines(
    State(state): State<AppState>,
    Client(client): Client,
    Citizen(who): Citizen,
) -> Result<Json<FinesView>, ApiError> {
    let list = state.app.my_fines(&who, &client).await?;
    Ok(Json(FinesView {
        reason: no_tax_number(&state, &who).await?,
        ..FinesView::from(&list)
    }))
}

/// The caller's pending matters with the municipality, by their verified tax number
/// (Level B). Audited.
#[utoipa::path(get, path = "/api/v1/me/pending", tag = "personal data", security(("bearer" = [])),
    responses(
        (status = 200, body = PendingView),
        (status = 401, description = "unauthenticated", body = ErrorBody),
        (status = 403, description = "level_b_required: certify your identity in person first", body = ErrorBody),
    ))]
pub async fn pending(
    State(state): State<AppState>,
    Client(client): Client,
    Citizen(who): Citizen,
) -> Result<Json<PendingView>, ApiError> {
    let list = state.app.my_pending(&who, &client).await?;
    Ok(Json(PendingView {
        reason: no_tax_number(&state, &who).await?,
        ..PendingView::from(&list)
    }))
}

/// The export as a file to save: JSON, `Content-Disposition: attachment`, never cached.
pub fn export_file(export: &DataExport) -> Response {
    let body = match serde_json::to_vec_pretty(export) {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "the data export could not be written");
            return ApiError::Internal.into_response();
        }
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"dimos-export.json\""),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// Everything the portal holds about the caller (GDPR art. 15 and 20), as a JSON file to save:
/// profile, requests with their timelines, the certification, records (by the verified tax
/// number only), sessions and every audit entry about them. Level A or B. Audited.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "personal data", security(("bearer" = [])),
    responses(
        (status = 200, description = "The export (`format: dimos-export/1`), sent as the attachment `dimos-export.json`", content_type = "application/json"),
        (status = 401, description = "unauthenticated", body = ErrorBody),
    ))]
pub async fn export(
    State(state): State<AppState>,
    Client(client): Client,
    Citizen(who): Citizen,
) -> Result<Response, ApiError> {
    let export = state.app.export_my_data(&who, &client).await?;
    Ok(export_file(&export))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReasonQuery {
    /// Why the records are looked at (required; shown to the citizen)
    #[param(value_type = schema::RecordsReason, required = false)]
    pub reason: Option<String>,
}

/// The items of one kind of records.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum RecordItems {
    Debts(Vec<DebtItem>),
    Fines(Vec<FineItem>),
    Pending(Vec<PendingItem>),
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StaffRecordsView {
    pub citizen_id: String,
    /// `debts`, `fines` or `pending`
    #[schema(value_type = schema::RecordKindCode)]
    pub kind: String,
    /// The verified tax number the records were found by; `null` (and no items) for an
    /// account that is not certified
    pub verified_tax_number: Option<String>,
    pub items: RecordItems,
    /// The total of the OPEN amounts (0 for pending matters)
    pub total_cents: i64,
}

/// A citizen's records of one kind, for a clerk of the competent department: debts for the
/// treasury, fines for the municipal police, pending matters of the clerk's own departments;
/// admins all. A reason is required; every look is audited and shown to the citizen.
#[utoipa::path(get, path = "/api/v1/staff/citizens/{id}/records/{kind}", tag = "staff", security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The citizen's id"),
        ("kind" = schema::RecordKindCode, Path, description = "`debts`, `fines` or `pending`"),
        ReasonQuery,
    ),
    responses(
        (status = 200, body = StaffRecordsView),
        (status = 401, description = "unauthenticated", body = ErrorBody),
        (status = 403, description = "forbidden: not a clerk of the department of these records (audited)", body = ErrorBody),
        (status = 404, description = "not_found: no such citizen or kind", body = ErrorBody),
        (status = 422, description = "validation_failed: reason required", body = ErrorBody),
    ))]
pub async fn staff_records(
    State(state): State<AppState>,
    Client(client): Client,
    Staff(who, ..): Staff<Clerk>,
    Path((id, kind)): Path<(String, String)>,
    Query(q): Query<ReasonQuery>,
) -> Result<Json<StaffRecordsView>, ApiError> {
    let kind: RecordKind = kind.parse().map_err(|_| ApiError::NotFound)?;
    let found = state
        .app
        .staff_citizen_records(&who, &id, kind, q.reason.as_deref().unwrap_or(""), &client)
        .await?;
    let (items, total_cents) = match &found.records {
        Records::Debts(l) => (
            RecordItems::Debts(l.items.iter().map(DebtItem::from).collect()),
            l.open_cents,
        ),
        Records::Fines(l) => (
            RecordItems::Fines(l.items.iter().map(FineItem::from).collect()),
            l.open_cents,
        ),
        Records::Pending(l) => (
            RecordItems::Pending(l.items.iter().map(PendingItem::from).collect()),
            dimos_domain::Cents::ZERO,
        ),
    };
    Ok(Json(StaffRecordsView {
        citizen_id: found.citizen_id,
        kind: kind.as_str().to_owned(),
        verified_tax_number: found.verified_tax_number,
        items,
        total_cents: total_cents.get(),
    }))
}
