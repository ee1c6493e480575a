//! Adding a file to a request: rights first, then the bytes, then the row — all or nothing.

use super::files::{self, Doomed, Received};
use super::{AttachmentError, ChunkSource, MAX_ATTACHMENTS_PER_REQUEST, Party, REQUEST_CLOSED};
use crate::staff::staff_audit;
use crate::{App, AppError, CitizenPrincipal, ClientInfo};
use dimos_db::attachments::{self, Attachment, NewAttachment};
use dimos_db::audit::{self, NewAuditEntry};
use dimos_db::clock::now;
use dimos_db::requests::Request;
use dimos_domain::{AttachmentPurpose, AuditActorKind, RequestStatus, Timestamp};
use sqlx::AnyConnection;
use std::path::Path;

fn too_many() -> AppError {
    AppError::field("file", "too_many")
}

/// Whether the citizen may still add files: only while the request is open.
fn open_for(who: Party<'_>, status: RequestStatus) -> bool {
    match who {
        Party::Staff(_) => true,
        Party::Citizen(_) => status.is_open(),
    }
}

/// A file received into the temporary folder for a request, not yet on it: the upload's
/// other parts (its purpose) may still follow. Dropped without being stored, it is removed.
pub struct ReceivedUpload {
    request: Request,
    received: Received,
    file_name: String,
}

impl App {
    /// Adds a file to a request: [`App::receive_attachment`] then [`App::store_attachment`].
    pub async fn add_attachment<S: ChunkSource>(
        &self,
        who: Party<'_>,
        request_id: &str,
        original_name: &str,
        purpose: AttachmentPurpose,
        chunks: &mut S,
        client: &ClientInfo,
    ) -> Result<Attachment, AttachmentError> {
        let upload = self
            .receive_attachment(who, request_id, original_name, chunks, client)
            .await?;
        self.store_attachment(who, upload, purpose, client).await
    }

    /// Receives a file for a request. The owner may add files while the request is open, the
    /// department's staff at any time; for anyone else the request is not found (staff
    /// refusals audited).
    ///
    /// The bytes are streamed to a temporary file while they are counted (more than 10 MiB:
    /// [`AttachmentError::TooLarge`]) and hashed, and their type is recognised from the first
    /// bytes (not PDF, PNG or JPEG: 422 `file`/`unsupported_type`). A sixth file is refused
    /// (422 `file`/`too_many`). `original_name` is kept (cleaned) only for showing.
    pub async fn receive_attachment<S: ChunkSource>(
        &self,
        who: Party<'_>,
        request_id: &str,
        original_name: &str,
        chunks: &mut S,
        client: &ClientInfo,
    ) -> Result<ReceivedUpload, AttachmentError> {
        let request = self.attachment_request(who, request_id, client).await?;
        if !open_for(who, request.status) {
            return Err(REQUEST_CLOSED.into());
        }
        // Refused before a byte is read; counted again under the lock when stored.
        let known = attachments::list_for_request(self.db(), &request.id)
            .await?
            .len();
        if i64::try_from(known).unwrap_or(i64::MAX) >= MAX_ATTACHMENTS_PER_REQUEST {
            return Err(too_many().into());
        }
        let received = files::receive(&self.attachments_dir().join("tmp"), chunks).await?;
        let file_name = files::display_name(original_name, received.content_type);
        Ok(ReceivedUpload {
            request,
            received,
            file_name,
        })
    }

    /// Puts a received file on its request with its purpose: the file moves to `<yyyy>/<uuid>`
    /// under the attachments folder and its row and audit entry are written in one
    /// transaction. Whatever fails, no file and no row remain. Only staff attach a `result`.
    pub async fn store_attachment(
        &self,
        who: Party<'_>,
        upload: ReceivedUpload,
        purpose: AttachmentPurpose,
        client: &ClientInfo,
    ) -> Result<Attachment, AttachmentError> {
        let ReceivedUpload {
            request,
            received,
            file_name,
        } = upload;
        if matches!(who, Party::Citizen(_)) && purpose != AttachmentPurpose::Information {
            return Err(AppError::field("purpose", "unknown_value").into());
        }
        let placed = place(&self.attachments_dir(), received).await?;
        let now = now();
        let mut tx = self.db().begin().await?;
        let status = attachments::lock_request(&mut tx, &request.id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !open_for(who, status) {
            return Err(REQUEST_CLOSED.into());
        }
        if attachments::count_for_request(&mut tx, &request.id).await?
            >= MAX_ATTACHMENTS_PER_REQUEST
        {
            return Err(too_many().into());
        }
        let (attachment, stored) = record(
            &mut tx, who, &request, placed, file_name, purpose, now, client,
        )
        .await?;
        tx.commit().await?;
        stored.keep();
        Ok(attachment)
    }
}

/// A received file moved to its server-made place `<yyyy>/<uuid>`, removed unless kept.
pub(crate) struct Placed {
    id: String,
    storage_path: String,
    stored: Doomed,
    size_bytes: i64,
    sha256: String,
    content_type: &'static str,
}

/// Moves a received file from the temporary folder to its place under `root`.
pub(crate) async fn place(root: &Path, received: Received) -> Result<Placed, AttachmentError> {
    let id = uuid::Uuid::now_v7().to_string();
    let year = crate::clock::today().year();
    let storage_path = format!("{year:04}/{id}");
    tokio::fs::create_dir_all(root.join(format!("{year:04}")))
        .await
        .map_err(|e| AppError::Internal(format!("cannot create the attachments folder: {e}")))?;
    let stored = Doomed::new(root.join(&storage_path));
    tokio::fs::rename(received.file.path(), stored.path())
        .await
        .map_err(|e| AppError::Internal(format!("cannot move an upload into place: {e}")))?;
    received.file.keep();
    let size_bytes = i64::try_from(received.size_bytes).map_err(|_| AttachmentError::TooLarge)?;
    Ok(Placed {
        id,
        storage_path,
        stored,
        size_bytes,
        sha256: received.sha256,
        content_type: received.content_type,
    })
}

/// Writes a placed file's row and its audit entry in the caller's transaction; the file's
/// guard is handed back, to be kept once the transaction is committed.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn record(
    conn: &mut AnyConnection,
    who: Party<'_>,
    request: &Request,
    placed: Placed,
    file_name: String,
    purpose: AttachmentPurpose,
    now: Timestamp,
    client: &ClientInfo,
) -> Result<(Attachment, Doomed), AttachmentError> {
    let Placed {
        id,
        storage_path,
        stored,
        size_bytes,
        sha256,
        content_type,
    } = placed;
    attachments::insert(
        conn,
        &NewAttachment {
            id: &id,
            request_id: &request.id,
            event_id: None,
            uploaded_by: who.kind(),
            file_name: &file_name,
            content_type,
            size_bytes,
            sha256: &sha256,
            storage_path: &storage_path,
            purpose,
            created_at: now,
        },
    )
    .await?;
    let mut entry = match who {
        Party::Citizen(citizen) => NewAuditEntry::new(
            AuditActorKind::Citizen,
            Some(citizen.id.clone()),
            "attachment.uploaded",
        ),
        Party::Staff(staff) => staff_audit(&staff.id, "attachment.uploaded", client),
    };
    entry.client_ip = client.ip.clone();
    entry.subject_citizen_id = Some(request.citizen_id.clone());
    entry.target_kind = Some("attachment");
    entry.target_id = Some(id.clone());
    entry.details = serde_json::json!({
        "request_id": request.id,
        "protocol_number": request.protocol_number,
        "content_type": content_type,
        "size_bytes": size_bytes,
        "sha256": sha256,
        "purpose": purpose.as_str(),
    })
    .to_string();
    audit::append(conn, &entry).await?;
    Ok((
        Attachment {
            id,
            request_id: request.id.clone(),
            event_id: None,
            uploaded_by: who.kind().to_owned(),
            file_name,
            content_type: content_type.to_owned(),
            size_bytes,
            sha256,
            storage_path,
            purpose,
            created_at: now,
        },
        stored,
    ))
}

/// A file that came with a submission, named by the code of the required attachment it
/// answers, waiting in the temporary folder (removed if dropped before it is stored).
pub struct SubmittedFile {
    pub code: String,
    received: Received,
    file_name: String,
}

impl App {
    /// Receives a file of a submission into the temporary folder, with the same limits as any
    /// upload (10 MiB; PDF, PNG or JPEG by content); a refusal names the field `code`.
    pub async fn receive_submission_file<S: ChunkSource>(
        &self,
        code: &str,
        original_name: &str,
        chunks: &mut S,
    ) -> Result<SubmittedFile, AttachmentError> {
        let received = files::receive(&self.attachments_dir().join("tmp"), chunks)
            .await
            .map_err(|e| match e {
                AttachmentError::App(e) => AttachmentError::App(e.renamed_field("file", code)),
                other => other,
            })?;
        let file_name = files::display_name(original_name, received.content_type);
        Ok(SubmittedFile {
            code: code.to_owned(),
            received,
            file_name,
        })
    }
}

/// Puts a submission's files on its new request, inside the submission's transaction: the
/// guards come back to be kept once it commits (dropped, they remove the files).
pub(crate) async fn record_submitted(
    root: &Path,
    conn: &mut AnyConnection,
    who: &CitizenPrincipal,
    request: &Request,
    submitted: Vec<SubmittedFile>,
    now: Timestamp,
    client: &ClientInfo,
) -> Result<Vec<Doomed>, AttachmentError> {
    let mut kept = Vec::with_capacity(submitted.len());
    for file in submitted {
        let placed = place(root, file.received).await?;
        let (_, stored) = record(
            conn,
            Party::Citizen(who),
            request,
            placed,
            file.file_name,
            AttachmentPurpose::Information,
            now,
            client,
        )
        .await?;
        kept.push(stored);
    }
    Ok(kept)
}
