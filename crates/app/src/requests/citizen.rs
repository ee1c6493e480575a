//! The citizen's side of a request: submitting, following, cancelling, answering.

use super::{RequestDetail, due_at, notify};
use crate::attachments::{AttachmentError, SubmittedFile, record_submitted};
use crate::{App, AppError, CitizenPrincipal, ClientInfo, FieldCheck, TransitionRefused};
use dimos_db::audit::{self, NewAuditEntry};
use dimos_db::clock::now;
use dimos_db::requests::{self, NewEvent, NewRequest, Request, StatusChange};
use dimos_db::{catalogue, citizens};
use dimos_domain::{
    Actor, AuditActorKind, Delivery, ProtocolNumber, RequestStatus, Timestamp, transition,
};

/// A submission as the citizen makes it, unparsed.
#[derive(Debug, Clone, Default)]
pub struct SubmitInput {
    pub service: String,
    /// `pickup` or `post`; empty means the default: post for Level B, pickup for Level A.
    pub delivery: String,
    pub notes: String,
}

/// The longest notes of a submission, and the longest answer to the department's question.
pub const NOTES_MAX: usize = 2000;

pub(super) fn request_audit(
    who: &CitizenPrincipal,
    action: &'static str,
    request: &Request,
    client: &ClientInfo,
) -> NewAuditEntry {
    let mut entry = NewAuditEntry::new(AuditActorKind::Citizen, Some(who.id.clone()), action);
    entry.subject_citizen_id = Some(request.citizen_id.clone());
    entry.target_kind = Some("request");
    entry.target_id = Some(request.id.clone());
    entry.client_ip = client.ip.clone();
    entry
}

impl App {
    /// Submits a request: the e-mail must be confirmed; the service's level and the delivery
    /// mode must fit the citizen's level (post is Level B only). The protocol number is taken in
    /// the same transaction as the request, its event and the audit entry. No file comes with
    /// it: a service that requires attachments is refused (see
    /// [`App::submit_request_with_files`]).
    pub async fn submit_request(
        &self,
        who: &CitizenPrincipal,
        input: &SubmitInput,
        client: &ClientInfo,
    ) -> Result<RequestDetail, AppError> {
        self.submit_request_with_files(who, input, Vec::new(), client)
            .await
    }

    /// Submits a request with the files its service requires, one per required attachment
    /// (each missing one: 422 on the field named by its code). The request, its files' rows
    /// and their audit entries are written in one transaction and the files moved into place
    /// before it commits: whatever fails, no row and no file remain. Files for codes the
    /// service does not require are not kept.
    pub async fn submit_request_with_files(
        &self,
        who: &CitizenPrincipal,
        input: &SubmitInput,
        files: Vec<SubmittedFile>,
        client: &ClientInfo,
    ) -> Result<RequestDetail, AppError> {
        let mut check = FieldCheck::default();
        let service = match input.service.trim() {
            "" => {
                check.add("service", "required");
                None
            }
            code => match catalogue::service(self.db(), code).await? {
                Some(s) if s.active => Some(s),
                _ => {
                    check.add("service", "unknown_service");
                    None
                }
            },
        };
        let delivery = match input.delivery.trim() {
            "" => Some(Delivery::default_for(who.level)),
            other => match other.parse::<Delivery>() {
                Ok(d) => Some(d),
                Err(_) => {
                    check.add("delivery", "unknown_value");
                    None
                }
            },
        };
        let notes = input.notes.trim();
        if notes.chars().count() > NOTES_MAX {
            check.add("notes", "too_long");
        }
        if let (Some(s), Some(d)) = (&service, delivery)
            && !s.delivery_modes.contains(&d)
        {
            check.add("delivery", "not_offered");
        }
        // The files the service requires come with the submission; none missing, no other kept.
        let required = match &service {
            Some(s) => self.required_attachments(&s.code).await?,
            None => Vec::new(),
        };
        for code in required
            .iter()
            .filter(|code| !files.iter().any(|f| &f.code == *code))
        {
            check.add(code, "required");
        }
        let files: Vec<SubmittedFile> = files
            .into_iter()
            .filter(|f| required.contains(&f.code))
            .collect();
        check.finish()?;
        let (Some(service), Some(delivery)) = (service, delivery) else {
            unreachable!("checked")
        };
        if !who.email_confirmed {
            return Err(AppError::EmailUnconfirmed);
        }
        if !who.level.satisfies(service.min_level) || !delivery.allowed_for(who.level) {
            return Err(AppError::LevelBRequired);
        }
        let citizen = citizens::get(self.db(), &who.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let office = self.pickup_office_of(&service.department_code).await?;
        let now = now();
        let year = i64::from(crate::clock::today().year());
        let id = uuid::Uuid::now_v7().to_string();
        let mut tx = self.db().begin().await?;
        let sequence = requests::next_protocol_sequence(&mut tx, year).await?;
        let protocol = ProtocolNumber::new(
            i16::try_from(year).map_err(|_| AppError::Internal("year out of range".into()))?,
            u32::try_from(sequence)
                .map_err(|_| AppError::Internal("protocol sequence exhausted".into()))?,
        )
        .map_err(|_| AppError::Internal("protocol sequence exhausted for the year".into()))?
        .to_string();
        let address = (
            citizen.street.as_str(),
            citizen.postal_code.as_str(),
            citizen.city.as_str(),
        );
        requests::insert(
            &mut tx,
            &NewRequest {
                id: &id,
                protocol_number: &protocol,
                citizen_id: &who.id,
                service_code: &service.code,
                department_code: &service.department_code,
                delivery,
                notes,
                delivery_address: (delivery == Delivery::Post).then_some(address),
                pickup_office_code: if delivery == Delivery::Pickup {
                    office.as_deref()
                } else {
                    None
                },
                fee_cents: service.fee_cents,
                due_at: due_at(now, service.processing_days),
                now,
            },
        )
        .await?;
        requests::insert_event(
            &mut tx,
            &NewEvent {
                request_id: &id,
                at: now,
                actor_kind: "citizen",
                actor_id: Some(&who.id),
                actor_label: "",
                from_status: None,
                to_status: RequestStatus::Submitted,
                message: notes,
            },
        )
        .await?;
        let request = Request {
            id: id.clone(),
            protocol_number: protocol.clone(),
            citizen_id: who.id.clone(),
            service_code: service.code.clone(),
            department_code: service.department_code.clone(),
            delivery,
            status: RequestStatus::Submitted,
            notes: notes.to_owned(),
            delivery_street: None,
            delivery_postal_code: None,
            delivery_city: None,
            pickup_office_code: office,
            fee_cents: service.fee_cents,
            tracking_number: None,
            cod_amount_cents: None,
            collected_document_type: None,
            collected_document_masked: None,
            collected_document_country: None,
            due_at: Timestamp::EPOCH,
            created_at: now,
            updated_at: now,
        };
        let mut entry = request_audit(who, "request.submitted", &request, client);
        entry.details = serde_json::json!({ "protocol_number": protocol, "service": service.code, "delivery": delivery.as_str() }).to_string();
        audit::append(&mut tx, &entry).await?;
        let stored = record_submitted(
            &self.attachments_dir(),
            &mut tx,
            who,
            &request,
            files,
            now,
            client,
        )
        .await
        .map_err(|e| match e {
            AttachmentError::App(e) => e,
            other => AppError::Internal(other.to_string()),
        })?;
        notify::submitted(self, &mut tx, &citizen, &request, &service).await?;
        tx.commit().await?;
        for file in stored {
            file.keep();
        }
        self.citizen_request(who, &id).await
    }

    /// The codes of the attachments a service requires with a submission (none for an unknown
    /// service).
    pub async fn required_attachments(&self, service: &str) -> Result<Vec<String>, AppError> {
        Ok(dimos_db::admin::service(self.db(), service)
            .await?
            .map(|record| record.required_attachments)
            .unwrap_or_default())
    }

    /// The citizen's own requests, newest first; `status` empty for all.
    pub async fn citizen_requests(
        &self,
        who: &CitizenPrincipal,
        status: &str,
    ) -> Result<Vec<Request>, AppError> {
        let status = match status.trim() {
            "" => None,
            s => Some(
                s.parse::<RequestStatus>()
                    .map_err(|_| AppError::field("status", "unknown_value"))?,
            ),
        };
        Ok(requests::list_for_citizen(self.db(), &who.id, status, 500).await?)
    }

    /// One of the citizen's own requests with its timeline; anyone else's is not found.
    pub async fn citizen_request(
        &self,
        who: &CitizenPrincipal,
        id: &str,
    ) -> Result<RequestDetail, AppError> {
        let request = requests::get(self.db(), id)
            .await?
            .filter(|r| r.citizen_id == who.id)
            .ok_or(AppError::NotFound)?;
        let events = requests::events(self.db(), id).await?;
        self.request_detail(request, events).await
    }

    /// Cancels a request while it is `submitted` or `needs_info`.
    pub async fn cancel_request(
        &self,
        who: &CitizenPrincipal,
        id: &str,
        client: &ClientInfo,
    ) -> Result<RequestDetail, AppError> {
        self.citizen_move(who, id, RequestStatus::Cancelled, "", client)
            .await
    }

    /// Answers a clerk's question: the message goes on the timeline and the request returns to
    /// `in_progress`.
    pub async fn answer_request(
        &self,
        who: &CitizenPrincipal,
        id: &str,
        message: &str,
        client: &ClientInfo,
    ) -> Result<RequestDetail, AppError> {
        let message = message.trim();
        let mut check = FieldCheck::default();
        match message.chars().count() {
            0 => check.add("message", "required"),
            n if n > NOTES_MAX => check.add("message", "too_long"),
            _ => {}
        }
        check.finish()?;
        self.citizen_move(who, id, RequestStatus::InProgress, message, client)
            .await
    }

    async fn citizen_move(
        &self,
        who: &CitizenPrincipal,
        id: &str,
        to: RequestStatus,
        message: &str,
        client: &ClientInfo,
    ) -> Result<RequestDetail, AppError> {
        let request = self.citizen_request(who, id).await?.request;
        let from = request.status;
        transition(from, to, Actor::Citizen, request.delivery)
            .map_err(|e| AppError::InvalidTransition(e.into()))?;
        let now = now();
        let mut tx = self.db().begin().await?;
        if !requests::change_status(&mut tx, id, from, to, &StatusChange::default(), now).await? {
            return Err(AppError::InvalidTransition(TransitionRefused::Changed {
                from,
            }));
        }
        requests::insert_event(
            &mut tx,
            &NewEvent {
                request_id: id,
                at: now,
                actor_kind: "citizen",
                actor_id: Some(&who.id),
                actor_label: "",
                from_status: Some(from),
                to_status: to,
                message,
            },
        )
        .await?;
        let action = if to == RequestStatus::Cancelled {
            "request.cancelled"
        } else {
            "request.answered"
        };
        let mut entry = request_audit(who, action, &request, client);
        entry.details = serde_json::json!({ "from": from.as_str(), "to": to.as_str(), "protocol_number": request.protocol_number }).to_string();
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        self.citizen_request(who, id).await
    }
}
