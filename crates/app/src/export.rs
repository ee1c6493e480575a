//! «Τα δεδομένα μου»: everything the portal holds about a citizen, as one JSON document they
//! may download and take elsewhere (GDPR art. 15, access, and art. 20, portability).
//!
//! Records (debts, fines, pending matters) are included only by a VERIFIED tax number, as on
//! the records pages. What is about other people stays out: staff appear by name only (as on
//! «who accessed my data»), never with their username or network address.

use crate::records::{self, RecordKind, Records};
use crate::{App, AppError, CitizenPrincipal, ClientInfo};
use dimos_db::audit::{self, NewAuditEntry};
use dimos_db::records::{Debt, Fine, PendingMatter};
use dimos_db::{citizens, requests, verifications};
use dimos_domain::{
    AssuranceLevel, AuditActorKind, Cents, Delivery, DocumentType, RequestStatus, Timestamp,
};
use serde::Serialize;

/// The version of the document's shape, for programs that read it.
pub const EXPORT_FORMAT: &str = "dimos-export/1";

/// The whole export.
#[derive(Debug, Clone, Serialize)]
pub struct DataExport {
    pub format: &'static str,
    /// Unix milliseconds.
    pub generated_at: Timestamp,
    /// The municipality, which holds the data (the controller).
    pub controller: String,
    pub profile: ExportProfile,
    /// The certification in force (Level B), if any.
    pub verification: Option<ExportVerification>,
    pub requests: Vec<ExportRequest>,
    pub records: ExportRecords,
    pub sessions: Vec<ExportSession>,
    /// Every audit log entry about this citizen, newest first: their own actions and every
    /// access by staff.
    pub audit: Vec<ExportAuditEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportProfile {
    pub id: String,
    pub username: String,
    pub level: AssuranceLevel,
    pub email: String,
    pub email_confirmed_at: Option<Timestamp>,
    pub given_name: String,
    pub family_name: String,
    pub father_name: String,
    pub birth_date: String,
    /// As registered (self-declared).
    pub tax_number: Option<String>,
    /// As certified in person (Level B).
    pub verified_tax_number: Option<String>,
    pub social_security_number: Option<String>,
    pub phone: Option<String>,
    pub address: ExportAddress,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportAddress {
    pub street: String,
    pub postal_code: String,
    pub city: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportVerification {
    pub verified_at: Timestamp,
    pub office: String,
    pub document_type: DocumentType,
    /// The document number as the counter stores it for reading: masked.
    pub document_number_masked: String,
    pub issuing_authority: String,
    pub document_expires_on: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportRequest {
    pub id: String,
    pub protocol_number: String,
    pub service: String,
    pub department: String,
    pub delivery: Delivery,
    pub status: RequestStatus,
    pub notes: String,
    pub delivery_address: Option<ExportAddress>,
    pub pickup_office: Option<String>,
    pub fee_cents: Cents,
    pub tracking_number: Option<String>,
    pub cod_amount_cents: Option<Cents>,
    pub collected_with_document_type: Option<DocumentType>,
    pub collected_with_document_masked: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub events: Vec<ExportEvent>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportEvent {
    pub at: Timestamp,
    pub actor: String,
    /// For staff: role and department, never a name.
    pub actor_role: String,
    pub from_status: Option<RequestStatus>,
    pub to_status: RequestStatus,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportRecords {
    /// The tax number the records were found by; `None` (no records) until it is verified.
    pub verified_tax_number: Option<String>,
    pub debts: Vec<ExportDebt>,
    pub fines: Vec<ExportFine>,
    pub pending: Vec<ExportPending>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportDebt {
    pub external_id: String,
    pub category: String,
    pub description: String,
    pub amount_cents: Cents,
    pub due_date: String,
    pub status: String,
    /// The treasury's ISO 11649 payment reference; `null` when it gave none.
    pub rf_reference: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportFine {
    pub external_id: String,
    pub notice_number: String,
    pub issued_on: String,
    pub place: String,
    pub vehicle_plate: String,
    pub violation: String,
    pub amount_cents: Cents,
    pub status: String,
    pub appeal_until: String,
    /// The treasury's ISO 11649 payment reference; `null` when it gave none.
    pub rf_reference: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportPending {
    pub external_id: String,
    pub department: String,
    pub title: String,
    pub details: String,
    pub since: String,
    pub action_needed: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportSession {
    pub id: String,
    pub channel: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub client_ip: String,
    pub user_agent: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportAuditEntry {
    pub seq: i64,
    pub at: Timestamp,
    /// `citizen` (you), `staff`, `system`, `anonymous`…
    pub actor_kind: String,
    /// Staff by name only.
    pub actor: String,
    pub action: String,
    pub outcome: String,
    /// Your own network address; never a member of staff's.
    pub client_ip: String,
    pub details: serde_json::Value,
}

impl From<Debt> for ExportDebt {
    fn from(d: Debt) -> ExportDebt {
        ExportDebt {
            rf_reference: d.rf_reference,
            external_id: d.external_id,
            category: d.category,
            description: d.description,
            amount_cents: d.amount_cents,
            due_date: d.due_date,
            status: d.status,
        }
    }
}

impl From<Fine> for ExportFine {
    fn from(f: Fine) -> ExportFine {
        ExportFine {
            external_id: f.external_id,
            notice_number: f.notice_number,
            issued_on: f.issued_on,
            place: f.place,
            vehicle_plate: f.vehicle_plate,
            violation: f.violation,
            amount_cents: f.amount_cents,
            status: f.status,
            appeal_until: f.appeal_until,
            rf_reference: f.rf_reference,
        }
    }
}

impl From<PendingMatter> for ExportPending {
    fn from(m: PendingMatter) -> ExportPending {
        ExportPending {
            external_id: m.external_id,
            department: m.department,
            title: m.title,
            details: m.details,
            since: m.since,
            action_needed: m.action_needed,
        }
    }
}

impl App {
    /// Everything held about the logged-in citizen (Level A or B); the export is audited.
    pub async fn export_my_data(
        &self,
        who: &CitizenPrincipal,
        client: &ClientInfo,
    ) -> Result<DataExport, AppError> {
        let citizen = citizens::get(self.db(), &who.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let level_b = citizen.level.may_see_personal_data();
        let verification = verifications::current_full(self.db(), &who.id)
            .await?
            .map(|v| ExportVerification {
                verified_at: v.verified_at,
                office: v.office_code,
                document_type: v.document_type,
                document_number_masked: v.document_number_masked,
                issuing_authority: v.issuing_authority,
                document_expires_on: v.expires_on,
            });
        let requests = self.export_requests(&who.id).await?;
        let verified_tax_number = citizen.verified_tax_number.clone().filter(|_| level_b);
        let records = self.export_records(verified_tax_number).await?;
        let sessions = self
            .citizen_sessions(who)
            .await?
            .into_iter()
            .map(|s| ExportSession {
                id: s.id,
                channel: s.channel.as_str().to_owned(),
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                client_ip: s.client_ip,
                user_agent: s.user_agent,
            })
            .collect();
        let audit = self.export_audit(who).await?;
        let mut entry = NewAuditEntry::new(
            AuditActorKind::Citizen,
            Some(who.id.clone()),
            "citizen.data_exported",
        );
        entry.subject_citizen_id = Some(who.id.clone());
        entry.target_kind = Some("citizen");
        entry.target_id = Some(who.id.clone());
        entry.client_ip = client.ip.clone();
        audit::append_alone(self.db(), &entry).await?;
        Ok(DataExport {
            format: EXPORT_FORMAT,
            generated_at: dimos_db::clock::now(),
            controller: self.municipality_name().0,
            profile: ExportProfile {
                id: citizen.id,
                username: citizen.username,
                level: citizen.level,
                email: citizen.email,
                email_confirmed_at: citizen.email_confirmed_at,
                given_name: citizen.given_name,
                family_name: citizen.family_name,
                father_name: citizen.father_name,
                birth_date: citizen.birth_date,
                tax_number: citizen.tax_number,
                verified_tax_number: citizen.verified_tax_number,
                social_security_number: citizen.social_security_number,
                phone: citizen.phone,
                address: ExportAddress {
                    street: citizen.street,
                    postal_code: citizen.postal_code,
                    city: citizen.city,
                },
                created_at: citizen.created_at,
            },
            verification,
            requests,
            records,
            sessions,
            audit,
        })
    }

    async fn export_requests(&self, citizen_id: &str) -> Result<Vec<ExportRequest>, AppError> {
        let mut out = Vec::new();
        for r in requests::list_for_citizen(self.db(), citizen_id, None, 500).await? {
            let events = requests::events(self.db(), &r.id)
                .await?
                .into_iter()
                .map(|e| ExportEvent {
                    at: e.at,
                    actor: e.actor_kind,
                    actor_role: e.actor_label,
                    from_status: e.from_status,
                    to_status: e.to_status,
                    message: e.message,
                })
                .collect();
            let delivery_address =
                match (r.delivery_street, r.delivery_postal_code, r.delivery_city) {
                    (Some(street), Some(postal_code), Some(city)) => Some(ExportAddress {
                        street,
                        postal_code,
                        city,
                    }),
                    _ => None,
                };
            out.push(ExportRequest {
                id: r.id,
                protocol_number: r.protocol_number,
                service: r.service_code,
                department: r.department_code,
                delivery: r.delivery,
                status: r.status,
                notes: r.notes,
                delivery_address,
                pickup_office: r.pickup_office_code,
                fee_cents: r.fee_cents,
                tracking_number: r.tracking_number,
                cod_amount_cents: r.cod_amount_cents,
                collected_with_document_type: r.collected_document_type,
                collected_with_document_masked: r.collected_document_masked,
                created_at: r.created_at,
                updated_at: r.updated_at,
                events,
            });
        }
        Ok(out)
    }

    async fn export_records(
        &self,
        verified_tax_number: Option<String>,
    ) -> Result<ExportRecords, AppError> {
        let mut out = ExportRecords {
            verified_tax_number: verified_tax_number.clone(),
            debts: Vec::new(),
            fines: Vec::new(),
            pending: Vec::new(),
        };
        let tax_number = verified_tax_number.as_deref();
        for kind in RecordKind::ALL {
            match records::load(self, kind, tax_number, None).await? {
                Records::Debts(l) => {
                    out.debts = l.items.into_iter().map(|l| l.debt.into()).collect();
                }
                Records::Fines(l) => {
                    out.fines = l.items.into_iter().map(|l| l.fine.into()).collect();
                }
                Records::Pending(l) => {
                    out.pending = l.items.into_iter().map(ExportPending::from).collect();
                }
            }
        }
        Ok(out)
    }

    async fn export_audit(
        &self,
        who: &CitizenPrincipal,
    ) -> Result<Vec<ExportAuditEntry>, AppError> {
        let mut out = Vec::new();
        let mut before = 0;
        loop {
            let page = self.citizen_activity(who, before).await?;
            out.extend(page.entries.into_iter().map(|e| {
                let own = e.actor_kind == "citizen";
                ExportAuditEntry {
                    seq: e.seq,
                    at: e.at,
                    actor: if own { String::new() } else { e.actor },
                    actor_kind: e.actor_kind,
                    action: e.action,
                    outcome: e.outcome,
                    client_ip: if own { e.client_ip } else { String::new() },
                    details: serde_json::from_str(&e.details).unwrap_or(serde_json::Value::Null),
                }
            }));
            match page.next_before_seq {
                Some(seq) => before = seq,
                None => return Ok(out),
            }
        }
    }
}
