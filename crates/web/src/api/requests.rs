//! Requests over the API: the citizen's submissions and the department's processing.

use super::attachments::{is_multipart, submission_parts};
use super::auth::{Citizen, Clerk, Staff};
use super::{ApiJson, schema};
use crate::client::Client;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Query, State};
use axum::http::StatusCode;
use dimos_app::requests::{QueueInput, RequestDetail, SubmitInput, TransitionInput};
use dimos_db::requests::{Event, Request};
use dimos_domain::Cents;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, ToSchema)]
pub struct SubmitBody {
    /// A service code from `GET /api/v1/services`
    pub service: String,
    /// `pickup` or `post` (post: Level B only); the default is post for Level B, pickup for A
    #[schema(value_type = Option<schema::DeliveryMode>)]
    pub delivery: Option<String>,
    #[schema(value_type = Option<schema::Notes>)]
    pub notes: Option<String>,
}

impl From<SubmitBody> for SubmitInput {
    fn from(body: SubmitBody) -> SubmitInput {
        SubmitInput {
            service: body.service,
            delivery: body.delivery.unwrap_or_default(),
            notes: body.notes.unwrap_or_default(),
        }
    }
}

/// A submission as `multipart/form-data`, for a service with required attachments.
#[derive(ToSchema)]
#[allow(dead_code)] // describes the body for the OpenAPI document; read as a stream
pub struct SubmitUploadForm {
    /// A service code from `GET /api/v1/services`
    service: String,
    /// `pickup` or `post`, as in the JSON body
    #[schema(value_type = Option<schema::DeliveryMode>)]
    delivery: Option<String>,
    #[schema(value_type = Option<schema::Notes>)]
    notes: Option<String>,
    /// One file part per attachment the service requires (`required_attachments`), each
    /// named by the attachment's code (e.g. `id_copy`): PDF, JPEG or PNG by content, at most
    /// 10 MiB each, at most 5 files
    #[schema(value_type = Option<String>, format = Binary)]
    id_copy: Option<Vec<u8>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RequestCreated {
    pub id: String,
    /// `YYYY/NNNNNN`, gap-free per year
    #[schema(value_type = schema::ProtocolNumberText)]
    pub protocol_number: String,
    pub service: String,
    #[schema(value_type = schema::DeliveryMode)]
    pub delivery: String,
    #[schema(value_type = schema::RequestStatusCode)]
    pub status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RequestItem {
    pub id: String,
    #[schema(value_type = schema::ProtocolNumberText)]
    pub protocol_number: String,
    pub service: String,
    #[schema(value_type = schema::DeliveryMode)]
    pub delivery: String,
    #[schema(value_type = schema::RequestStatusCode)]
    pub status: String,
    /// Unix milliseconds
    pub created_at: i64,
}

impl From<&Request> for RequestItem {
    fn from(r: &Request) -> RequestItem {
        RequestItem {
            id: r.id.clone(),
            protocol_number: r.protocol_number.clone(),
            service: r.service_code.clone(),
            delivery: r.delivery.to_string(),
            status: r.status.to_string(),
            created_at: r.created_at.as_millis(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub at: i64,
    /// `citizen`, `staff` or `system`
    pub actor: String,
    /// For staff: role and department (`clerk:registry`), never a name
    pub actor_role: String,
    #[schema(value_type = Option<schema::RequestStatusCode>)]
    pub from_status: Option<String>,
    #[schema(value_type = schema::RequestStatusCode)]
    pub to_status: String,
    pub message: String,
}

impl From<&Event> for EventView {
    fn from(e: &Event) -> EventView {
        EventView {
            at: e.at.as_millis(),
            actor: e.actor_kind.clone(),
            actor_role: e.actor_label.clone(),
            from_status: e.from_status.map(|s| s.to_string()),
            to_status: e.to_status.to_string(),
            message: e.message.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RequestView {
    pub id: String,
    #[schema(value_type = schema::ProtocolNumberText)]
    pub protocol_number: String,
    pub service: String,
    pub department: String,
    #[schema(value_type = schema::DeliveryMode)]
    pub delivery: String,
    #[schema(value_type = schema::RequestStatusCode)]
    pub status: String,
    pub notes: String,
    pub fee_cents: i64,
    pub tracking_number: Option<String>,
    pub cod_amount_cents: Option<i64>,
    /// Where a posted document goes (the designated address at submission)
    pub delivery_address: Option<DeliveryAddress>,
    /// The office where a document is collected
    pub pickup_office: Option<String>,
    pub due_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub events: Vec<EventView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryAddress {
    pub street: String,
    pub postal_code: String,
    pub city: String,
}

impl From<RequestDetail> for RequestView {
    fn from(d: RequestDetail) -> RequestView {
        let r = d.request;
        let delivery_address = match (r.delivery_street, r.delivery_postal_code, r.delivery_city) {
            (Some(street), Some(postal_code), Some(city)) => Some(DeliveryAddress {
                street,
                postal_code,
                city,
            }),
            _ => None,
        };
        RequestView {
            id: r.id,
            protocol_number: r.protocol_number,
            service: r.service_code,
            department: r.department_code,
            delivery: r.delivery.to_string(),
            status: r.status.to_string(),
            notes: r.notes,
            fee_cents: r.fee_cents.get(),
            tracking_number: r.tracking_number,
            cod_amount_cents: r.cod_amount_cents.map(Cents::get),
            delivery_address,
            pickup_office: d.pickup_office,
            due_at: r.due_at.as_millis(),
            created_at: r.created_at.as_millis(),
            updated_at: r.updated_at.as_millis(),
            events: d.events.iter().map(EventView::from).collect(),
        }
    }
}

/// Submit a request. The e-mail must be confirmed; Level-B services and postal delivery need
/// Level B. JSON, or `multipart/form-data` with the same fields as text parts and one file
/// part per attachment the service requires, named by its code. The request and its files
/// are written together or not at all.
#[utoipa::path(post, path = "/api/v1/requests", tag = "requests", security(("bearer" = [])),
    request_body(content(
        (SubmitBody = "application/json"),
        (SubmitUploadForm = "multipart/form-data"),
    )),
    responses(
        (status = 201, body = RequestCreated),
        (status = 400, description = "invalid_json, or a multipart body that cannot be read", body = ErrorBody),
        (status = 401, description = "unauthenticated", body = ErrorBody),
        (status = 403, description = "email_unconfirmed, or level_b_required", body = ErrorBody),
        (status = 413, description = "payload_too_large: a file of more than 10 MiB", body = ErrorBody),
        (status = 422, description = "validation_failed (unknown service, delivery not offered, a required attachment missing: the field is the attachment's code, e.g. `id_copy: [required]`; a file not PDF, JPEG or PNG: `id_copy: [unsupported_type]`, …)", body = ErrorBody),
    ))]
pub async fn submit(
    State(state): State<AppState>,
    Client(client): Client,
    Citizen(who): Citizen,
    request: axum::extract::Request,
) -> Result<(StatusCode, Json<RequestCreated>), ApiError> {
    let detail = if is_multipart(request.headers()) {
        let mut multipart = Multipart::from_request(request, &state)
            .await
            .map_err(|e| {
                tracing::debug!(error = %e, "a multipart body could not be read");
                ApiError::InvalidJson(crate::error::Unreadable::Multipart)
            })?;
        let parts = submission_parts(&state.app, &mut multipart).await?;
        if !parts.refused.is_empty() {
            return Err(ApiError::Validation(parts.refused));
        }
        let input = SubmitInput {
            service: parts.service,
            delivery: parts.delivery,
            notes: parts.notes,
        };
        state
            .app
            .submit_request_with_files(&who, &input, parts.files, &client)
            .await?
    } else {
        // JSON carries no file: the site's usual body limit, not a submission's.
        let (parts, body) = request.into_parts();
        let bytes = axum::body::to_bytes(body, state.site.body_limit)
            .await
            .map_err(|_| ApiError::PayloadTooLarge)?;
        let request = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
        let ApiJson(body) = ApiJson::<SubmitBody>::from_request(request, &state).await?;
        let input = SubmitInput::from(body);
        state.app.submit_request(&who, &input, &client).await?
    };
    let r = detail.request;
    Ok((
        StatusCode::CREATED,
        Json(RequestCreated {
            id: r.id,
            protocol_number: r.protocol_number,
            service: r.service_code,
            delivery: r.delivery.to_string(),
            status: r.status.to_string(),
        }),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct StatusFilter {
    /// Only requests in this state
    #[param(value_type = schema::RequestStatusCode, required = false)]
    pub status: Option<String>,
}

/// The citizen's own requests, newest first.
#[utoipa::path(get, path = "/api/v1/requests", operation_id = "list_requests", tag = "requests", security(("bearer" = [])), params(StatusFilter),
    responses((status = 200, body = [RequestItem]), (status = 401, description = "unauthenticated", body = ErrorBody), (status = 422, description = "validation_failed: `status` is not a request status", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Citizen(who): Citizen,
    Query(q): Query<StatusFilter>,
) -> Result<Json<Vec<RequestItem>>, ApiError> {
    let list = state
        .app
        .citizen_requests(&who, q.status.as_deref().unwrap_or(""))
        .await?;
    Ok(Json(list.iter().map(RequestItem::from).collect()))
}

/// One of the citizen's own requests with its timeline (another citizen's: 404).
#[utoipa::path(get, path = "/api/v1/requests/{id}", tag = "requests", security(("bearer" = [])),
    params(("id" = String, Path, description = "The request's id")),
    responses((status = 200, body = RequestView), (status = 404, description = "not_found", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    Citizen(who): Citizen,
    Path(id): Path<String>,
) -> Result<Json<RequestView>, ApiError> {
    Ok(Json(state.app.citizen_request(&who, &id).await?.into()))
}

/// Cancel a request while it is `submitted` or `needs_info`.
#[utoipa::path(post, path = "/api/v1/requests/{id}/cancel", tag = "requests", security(("bearer" = [])),
    params(("id" = String, Path, description = "The request's id")),
    responses((status = 200, body = RequestView), (status = 404, description = "not_found", body = ErrorBody), (status = 409, description = "invalid_transition", body = ErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    Client(client): Client,
    Citizen(who): Citizen,
    Path(id): Path<String>,
) -> Result<Json<RequestView>, ApiError> {
    Ok(Json(
        state.app.cancel_request(&who, &id, &client).await?.into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerBody {
    #[schema(value_type = schema::Answer)]
    pub message: String,
}

/// Answer the department's question (`needs_info` → `in_progress`).
#[utoipa::path(post, path = "/api/v1/requests/{id}/answer", tag = "requests", security(("bearer" = [])),
    params(("id" = String, Path, description = "The request's id")), request_body = AnswerBody,
    responses((status = 200, body = RequestView), (status = 404, description = "not_found", body = ErrorBody), (status = 409, description = "invalid_transition", body = ErrorBody), (status = 422, description = "validation_failed", body = ErrorBody)))]
pub async fn answer(
    State(state): State<AppState>,
    Client(client): Client,
    Citizen(who): Citizen,
    Path(id): Path<String>,
    body: Result<ApiJson<AnswerBody>, ApiError>,
) -> Result<Json<RequestView>, ApiError> {
    // Another citizen's request is not found, whatever the body holds.
    let ApiJson(body) = match body {
        Ok(body) => body,
        Err(bad_body) => {
            state.app.citizen_request(&who, &id).await?;
            return Err(bad_body);
        }
    };
    Ok(Json(
        state
            .app
            .answer_request(&who, &id, &body.message, &client)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct QueueQuery {
    /// Only requests in this state
    #[param(value_type = schema::RequestStatusCode, required = false)]
    pub status: Option<String>,
    /// Only requests of this service (its code)
    pub service: Option<String>,
    /// Created on or after this day (Athens time)
    #[param(value_type = schema::Day, required = false)]
    pub from: Option<String>,
    /// Created on or before this day (Athens time)
    #[param(value_type = schema::Day, required = false)]
    pub until: Option<String>,
    /// Only requests past their processing time
    #[param(value_type = bool, required = false)]
    pub overdue: Option<bool>,
    /// The `next_cursor` of the previous page
    pub cursor: Option<String>,
    /// At most this many items (default 50)
    #[param(value_type = schema::QueueLimit, required = false)]
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QueueItem {
    pub id: String,
    #[schema(value_type = schema::ProtocolNumberText)]
    pub protocol_number: String,
    pub service: String,
    pub department: String,
    #[schema(value_type = schema::DeliveryMode)]
    pub delivery: String,
    #[schema(value_type = schema::RequestStatusCode)]
    pub status: String,
    pub created_at: i64,
    /// Open beyond the service's processing days
    pub overdue: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QueueView {
    pub items: Vec<QueueItem>,
    pub next_cursor: Option<String>,
}

/// The clerk's queue (own departments; admins: all), oldest first.
#[utoipa::path(get, path = "/api/v1/staff/requests", tag = "staff", security(("bearer" = [])), params(QueueQuery),
    responses((status = 200, body = QueueView), (status = 403, description = "forbidden", body = ErrorBody), (status = 422, description = "validation_failed", body = ErrorBody)))]
pub async fn queue(
    State(state): State<AppState>,
    Staff(who, ..): Staff<Clerk>,
    Query(q): Query<QueueQuery>,
) -> Result<Json<QueueView>, ApiError> {
    let input = QueueInput {
        status: q.status.unwrap_or_default(),
        service: q.service.unwrap_or_default(),
        from: q.from.unwrap_or_default(),
        until: q.until.unwrap_or_default(),
        overdue_only: q.overdue.unwrap_or(false),
        cursor: q.cursor.unwrap_or_default(),
        limit: q.limit.unwrap_or(50),
    };
    let page = state.app.request_queue(&who, &input).await?;
    Ok(Json(QueueView {
        items: page
            .items
            .into_iter()
            .map(|(r, overdue)| QueueItem {
                id: r.id,
                protocol_number: r.protocol_number,
                service: r.service_code,
                department: r.department_code,
                delivery: r.delivery.to_string(),
                status: r.status.to_string(),
                created_at: r.created_at.as_millis(),
                overdue,
            })
            .collect(),
        next_cursor: page.next_cursor,
    }))
}

/// A request of the clerk's departments (others: 404). Audited as a view of the citizen's data.
#[utoipa::path(get, path = "/api/v1/staff/requests/{id}", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path, description = "The request's id")),
    responses((status = 200, body = RequestView), (status = 403, description = "forbidden: not a clerk (audited)", body = ErrorBody), (status = 404, description = "not_found", body = ErrorBody)))]
pub async fn staff_get(
    State(state): State<AppState>,
    Client(client): Client,
    Staff(who, ..): Staff<Clerk>,
    Path(id): Path<String>,
) -> Result<Json<RequestView>, ApiError> {
    Ok(Json(
        state
            .app
            .staff_request(&who, &id, &client)
            .await?
            .detail
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TransitionBody {
    /// The new state
    #[schema(value_type = schema::RequestStatusCode)]
    pub to: String,
    /// Required for `rejected` and `needs_info`
    #[schema(value_type = Option<schema::TransitionReason>)]
    pub reason: Option<String>,
    /// Required for `dispatched`
    #[schema(value_type = Option<schema::TrackingNumber>)]
    pub tracking_number: Option<String>,
    /// For `dispatched`; default: the fee plus the municipality's postal fee
    #[schema(minimum = 0)]
    pub cod_amount_cents: Option<i64>,
    /// For `collected`: `id_card`, `passport` or `foreign_passport` shown at the counter
    #[schema(value_type = Option<schema::DocumentTypeCode>)]
    pub id_document_type: Option<String>,
    /// For `collected`: the number of that document (as at certification)
    pub id_document_number: Option<String>,
    /// For `collected` with a `foreign_passport`: its issuing country (ISO 3166-1 alpha-2);
    /// for a certified citizen the recorded one when omitted
    #[schema(value_type = Option<schema::CountryCode>)]
    pub id_document_country: Option<String>,
}

/// Move a request along the state machine (clerks of its department, admins).
#[utoipa::path(post, path = "/api/v1/staff/requests/{id}/transition", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path, description = "The request's id")), request_body = TransitionBody,
    responses(
        (status = 200, body = RequestView),
        (status = 403, description = "forbidden: not a clerk (audited)", body = ErrorBody),
        (status = 404, description = "not_found (also another department's request)", body = ErrorBody),
        (status = 409, description = "invalid_transition", body = ErrorBody),
        (status = 422, description = "validation_failed (missing reason, tracking number, ID document…)", body = ErrorBody),
    ))]
pub async fn transition(
    State(state): State<AppState>,
    Client(client): Client,
    Staff(who, ..): Staff<Clerk>,
    Path(id): Path<String>,
    body: Result<ApiJson<TransitionBody>, ApiError>,
) -> Result<Json<RequestView>, ApiError> {
    // Another department's request is not found, whatever the body holds.
    let ApiJson(body) = match body {
        Ok(body) => body,
        Err(bad_body) => {
            state
                .app
                .check_staff_request_access(&who, &id, &client)
                .await?;
            return Err(bad_body);
        }
    };
    let input = TransitionInput::from(body);
    Ok(Json(
        state
            .app
            .transition_request(&who, &id, &input, &client)
            .await?
            .into(),
    ))
}

impl From<TransitionBody> for TransitionInput {
    fn from(body: TransitionBody) -> TransitionInput {
        TransitionInput {
            to: body.to,
            reason: body.reason.unwrap_or_default(),
            tracking_number: body.tracking_number.unwrap_or_default(),
            cod_amount_cents: body.cod_amount_cents,
            id_document_type: body.id_document_type.unwrap_or_default(),
            id_document_number: body.id_document_number.unwrap_or_default(),
            id_document_country: body.id_document_country.unwrap_or_default(),
        }
    }
}
