//! Attachments over the API: a citizen's files on their own request, and the department's
//! staff's on its requests. Uploads are multipart with one part named `file`; downloads are
//! always `attachment`, never rendered by the browser.

use super::auth::{Citizen, Clerk, Staff};
use super::schema;
use crate::client::Client;
use crate::error::{ApiError, ErrorBody, FieldErrors};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dimos_app::attachments::{
    AttachmentError, AttachmentFile, ChunkSource, MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS_PER_REQUEST, Party, SourceError, SubmittedFile,
};
use dimos_app::{App, AppError, ClientInfo};
use dimos_db::attachments::Attachment;
use dimos_domain::AttachmentPurpose;
use serde::Serialize;
use utoipa::ToSchema;

/// The largest body an upload route takes: one file of the largest size, with room for the
/// multipart framing and a form's CSRF token.
pub const UPLOAD_BODY_LIMIT: usize = MAX_ATTACHMENT_BYTES as usize + 64 * 1024;

/// The body limit of the upload routes (a route layer: it overrides the site-wide limit).
pub fn upload_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)
}

/// Whether a request is an upload, which may carry a body up to [`UPLOAD_BODY_LIMIT`]:
/// `POST` to `[/api/v1][/staff]/requests/{id}/attachments`.
pub fn is_upload(method: &Method, path: &str) -> bool {
    if method != Method::POST {
        return false;
    }
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    let path = path.strip_prefix("/staff").unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    matches!(segments.as_slice(), ["", "requests", id, "attachments"] if !id.is_empty())
}

/// A file as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentView {
    pub id: String,
    /// The uploader's name for it, cleaned (shown only; never a path on the server)
    pub file_name: String,
    /// Recognised from the content: `application/pdf`, `image/jpeg` or `image/png`
    pub content_type: String,
    pub size_bytes: i64,
    /// `citizen` or `staff`
    pub uploaded_by: String,
    /// `information` (any owner may download it) or `result` (the document itself: a Level B
    /// owner only; Level A collects it in person)
    #[schema(value_type = schema::AttachmentPurposeCode, example = "information")]
    pub purpose: AttachmentPurpose,
    /// Unix milliseconds
    pub created_at: i64,
}

impl From<&Attachment> for AttachmentView {
    fn from(a: &Attachment) -> AttachmentView {
        AttachmentView {
            id: a.id.clone(),
            file_name: a.file_name.clone(),
            content_type: a.content_type.clone(),
            size_bytes: a.size_bytes,
            uploaded_by: a.uploaded_by.clone(),
            purpose: a.purpose,
            created_at: a.created_at.as_millis(),
        }
    }
}

/// The multipart body of an upload.
#[derive(ToSchema)]
#[allow(dead_code)] // describes the body for the OpenAPI document; read as a stream
pub struct UploadForm {
    /// PDF, JPEG or PNG (recognised by content, not by name), at most 10 MiB
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The multipart body of a staff upload.
#[derive(ToSchema)]
#[allow(dead_code)] // describes the body for the OpenAPI document; read as a stream
pub struct StaffUploadForm {
    /// PDF, JPEG or PNG (recognised by content, not by name), at most 10 MiB
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// `information` (the default: forms, explanations; any owner may download it) or
    /// `result` (the document itself: downloadable by a Level B owner only), before or after
    /// the file
    #[schema(value_type = Option<schema::AttachmentPurposeCode>, example = "result")]
    purpose: Option<String>,
}

/// A multipart field as the chunks the upload use case reads.
pub struct FieldChunks<'a>(pub Field<'a>);

impl ChunkSource for FieldChunks<'_> {
    type Chunk = Bytes;

    async fn next_chunk(&mut self) -> Result<Option<Bytes>, SourceError> {
        self.0.chunk().await.map_err(source_error)
    }
}

fn source_error(e: MultipartError) -> SourceError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        SourceError::TooLarge
    } else {
        SourceError::Broken(e.body_text())
    }
}

fn file_error(code: &str) -> ApiError {
    let mut fields = FieldErrors::new();
    fields.insert("file".to_owned(), vec![code.to_owned()]);
    ApiError::Validation(fields)
}

impl From<AttachmentError> for ApiError {
    fn from(e: AttachmentError) -> ApiError {
        match e {
            AttachmentError::TooLarge => ApiError::PayloadTooLarge,
            AttachmentError::Broken(detail) => {
                tracing::info!(detail, "an upload broke off");
                file_error("unreadable")
            }
            AttachmentError::App(e) => e.into(),
        }
    }
}

/// Takes the parts `file` and `purpose` (in either order; others are skipped), hands the file
/// to the use case and stores it with its purpose.
async fn upload_from(
    state: &AppState,
    who: Party<'_>,
    id: &str,
    multipart: Result<Multipart, MultipartRejection>,
    client: &ClientInfo,
) -> Result<(StatusCode, Json<AttachmentView>), ApiError> {
    // Who may attach comes first: a bad body must not tell anyone refused that the request
    // exists.
    state.app.check_attachment_access(who, id, client).await?;
    let mut multipart = multipart.map_err(|_| file_error("required"))?;
    let (upload, purpose) = upload_parts(
        &mut multipart,
        async |name: &str, chunks: &mut FieldChunks<'_>| {
            state
                .app
                .receive_attachment(who, id, name, chunks, client)
                .await
        },
    )
    .await?;
    let purpose = parse_purpose(purpose.as_deref()).ok_or_else(|| {
        let mut fields = FieldErrors::new();
        fields.insert("purpose".to_owned(), vec!["unknown_value".to_owned()]);
        ApiError::Validation(fields)
    })?;
    let attachment = state
        .app
        .store_attachment(who, upload, purpose, client)
        .await?;
    Ok((StatusCode::CREATED, Json(AttachmentView::from(&attachment))))
}

/// The purpose an upload names: none or empty is `information`; an unknown one is `None`.
pub(crate) fn parse_purpose(given: Option<&str>) -> Option<AttachmentPurpose> {
    match given.map(str::trim) {
        None | Some("") => Some(AttachmentPurpose::default()),
        Some(code) => code.parse().ok(),
    }
}

/// Why the parts of an upload could not be read.
pub(crate) enum PartsError {
    /// No part named `file`.
    Required,
    TooLarge,
    Unreadable,
    Attachment(AttachmentError),
}

impl From<PartsError> for ApiError {
    fn from(e: PartsError) -> ApiError {
        match e {
            PartsError::Required => file_error("required"),
            PartsError::TooLarge => ApiError::PayloadTooLarge,
            PartsError::Unreadable => file_error("unreadable"),
            PartsError::Attachment(e) => e.into(),
        }
    }
}

/// The longest `purpose` part read.
const PURPOSE_MAX: usize = 32;

/// Reads an upload's remaining parts: the first part named `file` goes to `receive` (its
/// name and bytes), a part named `purpose` is kept as text, others are skipped.
pub(crate) async fn upload_parts<T>(
    multipart: &mut Multipart,
    receive: impl AsyncFnOnce(&str, &mut FieldChunks<'_>) -> Result<T, AttachmentError>,
) -> Result<(T, Option<String>), PartsError> {
    let mut receive = Some(receive);
    let mut received = None;
    let mut purpose = None;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(PartsError::TooLarge);
            }
            Err(_) => return Err(PartsError::Unreadable),
        };
        match field.name() {
            Some("file") => {
                if let Some(receive) = receive.take() {
                    let name = field.file_name().unwrap_or("").to_owned();
                    let taken = receive(&name, &mut FieldChunks(field))
                        .await
                        .map_err(PartsError::Attachment)?;
                    received = Some(taken);
                }
            }
            Some("purpose") => purpose = Some(read_text(&mut field, PURPOSE_MAX).await?),
            _ => {}
        }
    }
    received.map(|r| (r, purpose)).ok_or(PartsError::Required)
}

/// A text part, read up to a little more than `max` bytes (the rest is not read).
async fn read_text(field: &mut Field<'_>, max: usize) -> Result<String, PartsError> {
    let mut text = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(source_error)? {
        text.extend_from_slice(&chunk);
        if text.len() > max {
            break;
        }
    }
    Ok(String::from_utf8_lossy(&text).into_owned())
}

impl From<SourceError> for PartsError {
    fn from(e: SourceError) -> PartsError {
        match e {
            SourceError::TooLarge => PartsError::TooLarge,
            SourceError::Broken(_) => PartsError::Unreadable,
        }
    }
}

/// The largest body a submission takes: as many files of the largest size as a request may
/// carry, with room for the other parts.
pub const SUBMISSION_BODY_LIMIT: usize =
    MAX_ATTACHMENTS_PER_REQUEST as usize * MAX_ATTACHMENT_BYTES as usize + 64 * 1024;

/// The body limit of the submission routes (a route layer: it overrides the site-wide limit).
pub fn submission_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(SUBMISSION_BODY_LIMIT)
}

/// Whether a request is a submission, which may carry files: `POST /api/v1/requests` or
/// `POST /requests/new`.
pub fn is_submission(method: &Method, path: &str) -> bool {
    method == Method::POST && matches!(path, "/api/v1/requests" | "/requests/new")
}

/// Whether a body is `multipart/form-data`.
pub fn is_multipart(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .get(..19)
                .is_some_and(|t| t.eq_ignore_ascii_case("multipart/form-data"))
        })
}

/// The parts of a multipart submission: its text fields and its files, each received into
/// the temporary folder under the code its part is named by.
#[derive(Default)]
pub(crate) struct SubmissionParts {
    pub service: String,
    pub delivery: String,
    pub notes: String,
    pub files: Vec<SubmittedFile>,
    /// The files refused (not PDF, JPEG or PNG; one too many), by code; the other parts are
    /// still read, so that a form can be shown again with what was typed.
    pub refused: dimos_app::FieldErrors,
}

/// The longest text part of a submission read (notes are at most 2000 characters).
const SUBMISSION_TEXT_MAX: usize = 16 * 1024;

/// Reads a submission's remaining parts: `service`, `delivery` and `notes` as text, every
/// part with a file name as the file for the attachment code it is named by (a file input
/// left empty, with no file name, is no file; a code's second file is skipped), others
/// skipped. A file refused (beyond the most a request carries: `too_many`; not PDF, JPEG or
/// PNG: `unsupported_type`) is noted in `refused` under its code.
pub(crate) async fn submission_parts(
    app: &App,
    multipart: &mut Multipart,
) -> Result<SubmissionParts, PartsError> {
    let mut parts = SubmissionParts::default();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(PartsError::TooLarge);
            }
            Err(_) => return Err(PartsError::Unreadable),
        };
        let name = field.name().unwrap_or("").to_owned();
        match field.file_name().map(str::to_owned) {
            None => {
                let slot = match name.as_str() {
                    "service" => &mut parts.service,
                    "delivery" => &mut parts.delivery,
                    "notes" => &mut parts.notes,
                    _ => continue,
                };
                *slot = read_text(&mut field, SUBMISSION_TEXT_MAX).await?;
            }
            Some(file_name) => {
                if name.is_empty()
                    || file_name.is_empty()
                    || parts.files.iter().any(|f| f.code == name)
                {
                    continue;
                }
                if i64::try_from(parts.files.len()).unwrap_or(i64::MAX)
                    >= MAX_ATTACHMENTS_PER_REQUEST
                {
                    parts.refused.insert(name, vec!["too_many".to_owned()]);
                    continue;
                }
                match app
                    .receive_submission_file(&name, &file_name, &mut FieldChunks(field))
                    .await
                {
                    Ok(file) => parts.files.push(file),
                    Err(AttachmentError::App(AppError::Validation(fields))) => {
                        parts.refused.extend(fields);
                    }
                    Err(e) => return Err(PartsError::Attachment(e)),
                }
            }
        }
    }
    Ok(parts)
}

/// Finds the part named `file` of an upload (other parts are skipped) and hands its name and
/// bytes to `add`; the answer when there is none, or the body is not multipart or breaks off.
pub(crate) async fn file_part<T>(
    multipart: Result<Multipart, MultipartRejection>,
    add: impl AsyncFnOnce(&str, &mut FieldChunks<'_>) -> Result<T, AttachmentError>,
) -> Result<T, ApiError> {
    let mut multipart = multipart.map_err(|_| file_error("required"))?;
    Ok(upload_parts(&mut multipart, add).await?.0)
}

/// `filename*` of `Content-Disposition` (RFC 8187): UTF-8, percent-encoded but for the
/// characters the RFC lets through as they are.
pub fn disposition(file_name: &str) -> String {
    let encoded: String = file_name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'!'
            | b'#'
            | b'$'
            | b'&'
            | b'+'
            | b'-'
            | b'.'
            | b'^'
            | b'_'
            | b'`'
            | b'|'
            | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename*=UTF-8''{encoded}")
}

/// A file as downloaded: its recognised type, always saved rather than shown, never sniffed,
/// never kept in a shared cache.
pub fn file_response(file: AttachmentFile) -> Response {
    let content_type = match file.attachment.content_type.as_str() {
        "application/pdf" => "application/pdf",
        "image/jpeg" => "image/jpeg",
        "image/png" => "image/png",
        _ => "application/octet-stream",
    };
    let disposition = HeaderValue::from_str(&disposition(&file.attachment.file_name))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        file.bytes,
    )
        .into_response()
}

/// Attach a file to one's own request (while it is open): PDF, JPEG or PNG, at most 10 MiB,
/// at most 5 files per request.
#[utoipa::path(post, path = "/api/v1/requests/{id}/attachments", operation_id = "upload_attachment", tag = "attachments", security(("bearer" = [])),
    params(("id" = String, Path, description = "The request's id")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = AttachmentView),
        (status = 401, description = "unauthenticated", body = ErrorBody),
        (status = 404, description = "not_found (also another citizen's request)", body = ErrorBody),
        (status = 409, description = "request_closed: the request has ended", body = ErrorBody),
        (status = 413, description = "payload_too_large: more than 10 MiB", body = ErrorBody),
        (status = 422, description = "validation_failed: `file` is `required`, `unsupported_type` (not PDF, JPEG or PNG by content), `too_many` (already 5) or `unreadable`", body = ErrorBody),
    ))]
pub async fn upload(
    State(state): State<AppState>,
    Client(client): Client,
    Citizen(who): Citizen,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<AttachmentView>), ApiError> {
    upload_from(&state, Party::Citizen(&who), &id, multipart, &client).await
}

/// The files of one's own request, oldest first.
#[utoipa::path(get, path = "/api/v1/requests/{id}/attachments", operation_id = "list_attachments", tag = "attachments", security(("bearer" = [])),
    params(("id" = String, Path, description = "The request's id")),
    responses((status = 200, body = [AttachmentView]), (status = 401, description = "unauthenticated", body = ErrorBody), (status = 404, description = "not_found", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Client(client): Client,
    Citizen(who): Citizen,
    Path(id): Path<String>,
) -> Result<Json<Vec<AttachmentView>>, ApiError> {
    let list = state
        .app
        .request_attachments(Party::Citizen(&who), &id, &client)
        .await?;
    Ok(Json(list.iter().map(AttachmentView::from).collect()))
}

/// Download a file of one's own request (`Content-Disposition: attachment`). A `result` is
/// handed to a Level B owner only: Level A collects it in person at the office.
#[utoipa::path(get, path = "/api/v1/requests/{id}/attachments/{attachment_id}", operation_id = "download_attachment", tag = "attachments", security(("bearer" = [])),
    params(("id" = String, Path, description = "The request's id"), ("attachment_id" = String, Path, description = "The file's id")),
    responses(
        (status = 200, description = "The file, with its recognised type", content(("application/pdf"), ("image/jpeg"), ("image/png"))),
        (status = 401, description = "unauthenticated", body = ErrorBody),
        (status = 403, description = "level_b_required: a `result` for a Level A owner", body = ErrorBody),
        (status = 404, description = "not_found", body = ErrorBody),
    ))]
pub async fn download(
    State(state): State<AppState>,
    Client(client): Client,
    Citizen(who): Citizen,
    Path((id, attachment_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let file = state
        .app
        .open_attachment(Party::Citizen(&who), &id, &attachment_id, &client)
        .await?;
    Ok(file_response(file))
}

/// Attach a document to a request of one's department (clerks of the department, admins), with
/// its purpose: `information` (default) or `result` (reaches a Level B owner only).
#[utoipa::path(post, path = "/api/v1/staff/requests/{id}/attachments", operation_id = "staff_upload_attachment", tag = "attachments", security(("bearer" = [])),
    params(("id" = String, Path, description = "The request's id")),
    request_body(content = StaffUploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = AttachmentView),
        (status = 401, description = "unauthenticated", body = ErrorBody),
        (status = 403, description = "forbidden: not a clerk", body = ErrorBody),
        (status = 404, description = "not_found (also another department's request; audited)", body = ErrorBody),
        (status = 413, description = "payload_too_large: more than 10 MiB", body = ErrorBody),
        (status = 422, description = "validation_failed: `file` is `required`, `unsupported_type`, `too_many` or `unreadable`; `purpose` is `unknown_value`", body = ErrorBody),
    ))]
pub async fn staff_upload(
    State(state): State<AppState>,
    Client(client): Client,
    Staff(who, _): Staff<Clerk>,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<AttachmentView>), ApiError> {
    upload_from(&state, Party::Staff(&who), &id, multipart, &client).await
}

/// The files of a request of one's department, oldest first.
#[utoipa::path(get, path = "/api/v1/staff/requests/{id}/attachments", operation_id = "staff_list_attachments", tag = "attachments", security(("bearer" = [])),
    params(("id" = String, Path, description = "The request's id")),
    responses((status = 200, body = [AttachmentView]), (status = 403, description = "forbidden", body = ErrorBody), (status = 404, description = "not_found", body = ErrorBody)))]
pub async fn staff_list(
    State(state): State<AppState>,
    Client(client): Client,
    Staff(who, _): Staff<Clerk>,
    Path(id): Path<String>,
) -> Result<Json<Vec<AttachmentView>>, ApiError> {
    let list = state
        .app
        .request_attachments(Party::Staff(&who), &id, &client)
        .await?;
    Ok(Json(list.iter().map(AttachmentView::from).collect()))
}

/// Download a file of a request of one's department; audited as a view of the citizen's data.
#[utoipa::path(get, path = "/api/v1/staff/requests/{id}/attachments/{attachment_id}", operation_id = "staff_download_attachment", tag = "attachments", security(("bearer" = [])),
    params(("id" = String, Path, description = "The request's id"), ("attachment_id" = String, Path, description = "The file's id")),
    responses(
        (status = 200, description = "The file, with its recognised type", content(("application/pdf"), ("image/jpeg"), ("image/png"))),
        (status = 403, description = "forbidden", body = ErrorBody),
        (status = 404, description = "not_found", body = ErrorBody),
    ))]
pub async fn staff_download(
    State(state): State<AppState>,
    Client(client): Client,
    Staff(who, _): Staff<Clerk>,
    Path((id, attachment_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let file = state
        .app
        .open_attachment(Party::Staff(&who), &id, &attachment_id, &client)
        .await?;
    Ok(file_response(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_posts_to_an_attachments_folder_are_uploads() {
        assert!(is_upload(&Method::POST, "/api/v1/requests/abc/attachments"));
        assert!(is_upload(
            &Method::POST,
            "/api/v1/staff/requests/abc/attachments"
        ));
        assert!(is_upload(&Method::POST, "/requests/abc/attachments"));
        assert!(is_upload(&Method::POST, "/staff/requests/abc/attachments"));
        assert!(!is_upload(&Method::GET, "/requests/abc/attachments"));
        assert!(!is_upload(&Method::POST, "/requests//attachments"));
        assert!(!is_upload(&Method::POST, "/requests/abc/attachments/x"));
        assert!(!is_upload(&Method::POST, "/api/v1/requests"));
        assert!(!is_upload(&Method::POST, "/login"));
        assert!(is_submission(&Method::POST, "/api/v1/requests"));
        assert!(is_submission(&Method::POST, "/requests/new"));
        assert!(!is_submission(&Method::GET, "/requests/new"));
        assert!(!is_submission(&Method::POST, "/requests/new/x"));
    }

    #[test]
    fn names_are_percent_encoded_for_the_disposition() {
        assert_eq!(
            disposition("passwd.pdf"),
            "attachment; filename*=UTF-8''passwd.pdf"
        );
        assert_eq!(
            disposition("a b\";.pdf"),
            "attachment; filename*=UTF-8''a%20b%22%3B.pdf"
        );
        assert_eq!(
            disposition("ταυτ.jpg"),
            "attachment; filename*=UTF-8''%CF%84%CE%B1%CF%85%CF%84.jpg"
        );
    }
}
