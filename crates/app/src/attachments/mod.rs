//! Attachments: PDF, JPEG and PNG files that the citizen (while the request is open) and the
//! department's staff add to a request. Types are recognised by content, never by name; files
//! are kept under `<data_dir>/attachments/` with server-made names; only the owner and the
//! department's staff may read them back, and staff reading them is audited.

pub(crate) mod files;
mod upload;

pub(crate) use upload::record_submitted;
pub use upload::{ReceivedUpload, SubmittedFile};

pub use files::{display_name, sniff};

use crate::staff::{StaffPrincipal, staff_audit};
use crate::{App, AppError, CitizenPrincipal, ClientInfo};
use dimos_db::DbError;
use dimos_db::attachments::{self, Attachment};
use dimos_db::audit;
use dimos_db::requests::{self, Request};
use dimos_domain::AuditOutcome;
use std::future::Future;
use std::path::PathBuf;

/// The largest file accepted: 10 MiB.
pub const MAX_ATTACHMENT_BYTES: u64 = 10 * 1024 * 1024;
/// The most files one request may carry.
pub const MAX_ATTACHMENTS_PER_REQUEST: i64 = 5;

/// Who is adding or reading a request's files.
#[derive(Debug, Clone, Copy)]
pub enum Party<'a> {
    /// The request's owner (anyone else's request is not found).
    Citizen(&'a CitizenPrincipal),
    /// A member of the request's department, or an admin (anyone else: not found, audited).
    Staff(&'a StaffPrincipal),
}

impl Party<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Party::Citizen(_) => "citizen",
            Party::Staff(_) => "staff",
        }
    }
}

/// Why the bytes of an upload stopped coming.
#[derive(Debug)]
pub enum SourceError {
    /// The transport's own size limit was reached.
    TooLarge,
    /// The client's stream broke off or was malformed.
    Broken(String),
}

/// The bytes of an uploaded file, chunk by chunk, as the transport delivers them (a multipart
/// field, in the web layer). Nothing is read before the uploader's rights are checked.
pub trait ChunkSource: Send {
    type Chunk: AsRef<[u8]> + Send;
    fn next_chunk(
        &mut self,
    ) -> impl Future<Output = Result<Option<Self::Chunk>, SourceError>> + Send;
}

/// Why an upload did not happen. Beside the use cases' errors (not found 404; 422 on field
/// `file` with `unsupported_type` or `too_many`; 409 `request_closed`) an upload can be too
/// large (413) or break off.
#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    #[error("the file is larger than {MAX_ATTACHMENT_BYTES} bytes")]
    TooLarge,
    #[error("the upload broke off: {0}")]
    Broken(String),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<DbError> for AttachmentError {
    fn from(e: DbError) -> AttachmentError {
        AttachmentError::App(AppError::Db(e))
    }
}

impl From<sqlx::Error> for AttachmentError {
    fn from(e: sqlx::Error) -> AttachmentError {
        AttachmentError::App(AppError::from(e))
    }
}

/// A file as read back: its record and its bytes (at most 10 MiB).
#[derive(Debug, Clone)]
pub struct AttachmentFile {
    pub attachment: Attachment,
    pub bytes: Vec<u8>,
}

/// A closed request takes no more files from its citizen.
pub(crate) const REQUEST_CLOSED: AppError = AppError::Conflict {
    code: "request_closed",
};

impl App {
    /// Where attachments live: `<data_dir>/attachments`.
    pub fn attachments_dir(&self) -> PathBuf {
        self.settings().data_dir.join("attachments")
    }

    /// The files of a request, oldest first, for the owner or the department's staff (the
    /// list a request page shows; reading a file's content is what staff are audited for).
    pub async fn request_attachments(
        &self,
        who: Party<'_>,
        request_id: &str,
        client: &ClientInfo,
    ) -> Result<Vec<Attachment>, AppError> {
        let request = self.attachment_request(who, request_id, client).await?;
        Ok(attachments::list_for_request(self.db(), &request.id).await?)
    }

    /// One file with its content. The owner and the department's staff only (anyone else: not
    /// found); a `result` reaches a Level B owner only (Level A: `LevelBRequired`); staff reading it is audited as a view of the citizen's data.
    pub async fn open_attachment(
        &self,
        who: Party<'_>,
        request_id: &str,
        attachment_id: &str,
        client: &ClientInfo,
    ) -> Result<AttachmentFile, AppError> {
        let request = self.attachment_request(who, request_id, client).await?;
        let attachment = attachments::get(self.db(), &request.id, attachment_id)
            .await?
            .ok_or(AppError::NotFound)?;
        // Level A collects results in person: the file is listed, never handed over.
        if let Party::Citizen(citizen) = who
            && !attachment.purpose.downloadable_by(citizen.level)
        {
            return Err(AppError::LevelBRequired);
        }
        if !files::is_server_made(&attachment.storage_path) {
            return Err(AppError::Internal(format!(
                "attachment {} has a storage path the server did not make",
                attachment.id
            )));
        }
        let path = self.attachments_dir().join(&attachment.storage_path);
        let bytes = tokio::fs::read(&path).await.map_err(|e| {
            AppError::Internal(format!("attachment {} cannot be read: {e}", attachment.id))
        })?;
        if i64::try_from(bytes.len()).ok() != Some(attachment.size_bytes) {
            return Err(AppError::Internal(format!(
                "attachment {} has changed on disk",
                attachment.id
            )));
        }
        if let Party::Staff(staff) = who {
            let mut entry = staff_audit(&staff.id, "staff.attachment_viewed", client);
            entry.subject_citizen_id = Some(request.citizen_id.clone());
            entry.target_kind = Some("attachment");
            entry.target_id = Some(attachment.id.clone());
            entry.details = serde_json::json!({
                "reason": format!("processing request {}", request.protocol_number),
                "request_id": request.id,
            })
            .to_string();
            audit::append_alone(self.db(), &entry).await?;
        }
        Ok(AttachmentFile { attachment, bytes })
    }

    /// Whether `who` may reach the files of the request — asked before an upload's body is
    /// read, so that to anyone refused the request does not exist, whatever they send.
    pub async fn check_attachment_access(
        &self,
        who: Party<'_>,
        request_id: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        self.attachment_request(who, request_id, client)
            .await
            .map(|_| ())
    }

    /// The request, if `who` may see its files: the owner, or staff serving its department. A
    /// refusal of staff is audited; to anyone refused the request does not exist.
    async fn attachment_request(
        &self,
        who: Party<'_>,
        request_id: &str,
        client: &ClientInfo,
    ) -> Result<Request, AppError> {
        let request = requests::get(self.db(), request_id)
            .await?
            .ok_or(AppError::NotFound)?;
        match who {
            Party::Citizen(citizen) if request.citizen_id == citizen.id => Ok(request),
            Party::Citizen(_) => Err(AppError::NotFound),
            Party::Staff(staff) if staff.serves_department(&request.department_code) => Ok(request),
            Party::Staff(staff) => {
                let mut entry = staff_audit(&staff.id, "authorization.denied", client);
                entry.outcome = AuditOutcome::Denied;
                entry.target_kind = Some("request");
                entry.target_id = Some(request.id.clone());
                entry.details =
                    serde_json::json!({ "what": "attachments of a request of another department" })
                        .to_string();
                audit::append_alone(self.db(), &entry).await?;
                Err(AppError::NotFound)
            }
        }
    }
}
