//! The department's side: the clerk's queue, the state machine's moves, the postal desk.

use super::{RequestDetail, StaffRequest, is_overdue, notify};
use crate::staff::{StaffPrincipal, staff_audit};
use crate::{App, AppError, ClientInfo, FieldCheck, TransitionRefused};
use dimos_db::audit;
use dimos_db::clock::now;
use dimos_db::requests::{self, NewEvent, QueueFilter, Request, StatusChange};
use dimos_db::{catalogue, citizens, verifications};
use dimos_domain::{
    Actor, AuditOutcome, Cents, Delivery, DocumentNumber, RequestStatus, StaffRole, Timestamp,
    transition,
};

/// The postal cash-on-delivery fee when the admin has set none (euro cents).
const DEFAULT_POSTAL_FEE: Cents = match Cents::new(350) {
    Ok(fee) => fee,
    Err(_) => Cents::ZERO,
};
/// The longest reason a clerk gives with a transition.
pub const REASON_MAX: usize = 2000;
/// The longest tracking number of a dispatched request (letters, digits and `-`).
pub const TRACKING_NUMBER_MAX: usize = 40;
/// The longest page of the queue (and the page when none is asked for).
pub const QUEUE_LIMIT_MAX: i64 = 200;
const QUEUE_LIMIT_DEFAULT: i64 = 50;
/// The settings key of the postal fee (the admin's settings page writes it).
pub const POSTAL_FEE_KEY: &str = "postal_cod_fee_cents";

/// The queue's filters, unparsed.
#[derive(Debug, Clone, Default)]
pub struct QueueInput {
    pub status: String,
    pub service: String,
    /// `YYYY-MM-DD` (Athens), inclusive.
    pub from: String,
    pub until: String,
    pub overdue_only: bool,
    /// The `next_cursor` of the previous page.
    pub cursor: String,
    pub limit: i64,
}

#[derive(Debug, Clone)]
pub struct QueuePage {
    pub items: Vec<(Request, bool)>,
    pub next_cursor: Option<String>,
}

/// A move a clerk asks for, unparsed.
#[derive(Debug, Clone, Default)]
pub struct TransitionInput {
    pub to: String,
    /// Required for `rejected` and `needs_info` (the question to the citizen).
    pub reason: String,
    pub tracking_number: String,
    pub cod_amount_cents: Option<i64>,
    pub id_document_type: String,
    pub id_document_number: String,
    /// A foreign passport's issuing country (ISO 3166-1 alpha-2); for a certified citizen the
    /// recorded one when empty.
    pub id_document_country: String,
}

/// A line of the postal desk's dispatch list.
#[derive(Debug, Clone)]
pub struct DispatchLine {
    pub request: Request,
    pub recipient: String,
    pub cod_amount_cents: Cents,
}

/// What the post office collects for a posted document unless the clerk types another amount:
/// the request's fee plus the postal fee. Pages and use cases all call this one.
pub fn default_cod_amount(fee: Cents, postal_fee: Cents) -> Cents {
    fee.saturating_add(postal_fee)
}

/// The postal fee as stored under [`POSTAL_FEE_KEY`] (`None`: never set), or the default when
/// it is not a whole, non-negative number of cents.
pub(crate) fn stored_postal_fee(stored: Option<&str>) -> Cents {
    stored
        .and_then(|v| v.parse::<i64>().ok())
        .and_then(|v| Cents::new(v).ok())
        .unwrap_or(DEFAULT_POSTAL_FEE)
}

fn encode_cursor(r: &Request) -> String {
    format!("{}.{}", r.created_at, r.id)
}

fn decode_cursor(cursor: &str) -> Option<(i64, String)> {
    let (at, id) = cursor.split_once('.')?;
    Some((at.parse().ok()?, id.to_owned()))
}

/// How staff appear on a citizen's timeline: their role and department, never their name.
fn staff_label(who: &StaffPrincipal, department: &str) -> String {
    let role = if who.has(StaffRole::Clerk) && who.departments.iter().any(|d| d == department) {
        "clerk"
    } else {
        "admin"
    };
    format!("{role}:{department}")
}

impl App {
    /// The requests a member of staff may see: a clerk's departments, or all for an admin.
    fn queue_departments(who: &StaffPrincipal) -> Result<Option<Vec<String>>, AppError> {
        if who.is_admin() || who.has(StaffRole::Clerk) {
            Ok(who.department_scope().map(<[String]>::to_vec))
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The clerk's queue, oldest first, with each request's overdue flag.
    pub async fn request_queue(
        &self,
        who: &StaffPrincipal,
        input: &QueueInput,
    ) -> Result<QueuePage, AppError> {
        let departments = Self::queue_departments(who)?;
        let mut check = FieldCheck::default();
        let status = match input.status.trim() {
            "" => None,
            s => check.take("status", s.parse::<RequestStatus>()),
        };
        let (from, until) = crate::clock::day_range(&mut check, &input.from, &input.until);
        let after = match input.cursor.trim() {
            "" => None,
            c => match decode_cursor(c) {
                Some((at, id)) => Some((Timestamp::from_millis(at), id)),
                None => {
                    check.add("cursor", "invalid_format");
                    None
                }
            },
        };
        check.finish()?;
        let now = now();
        let limit = if input.limit <= 0 {
            QUEUE_LIMIT_DEFAULT
        } else {
            input.limit.min(QUEUE_LIMIT_MAX)
        };
        let mut items = requests::queue(
            self.db(),
            &QueueFilter {
                departments,
                status,
                service: input.service.trim().to_owned(),
                created_from: from,
                created_until: until,
                overdue_only: input.overdue_only,
                now,
                after,
                limit: limit + 1,
            },
        )
        .await?;
        let more = items.len() as i64 > limit;
        items.truncate(usize::try_from(limit).unwrap_or(50));
        let next_cursor = if more {
            items.last().map(encode_cursor)
        } else {
            None
        };
        let items = items
            .into_iter()
            .map(|r| {
                let overdue = is_overdue(&r, now);
                (r, overdue)
            })
            .collect();
        Ok(QueuePage { items, next_cursor })
    }

    /// A request as its department sees it; another department's is not found (and the
    /// attempt is audited). Opening it is audited as a view of the citizen's data.
    pub async fn staff_request(
        &self,
        who: &StaffPrincipal,
        id: &str,
        client: &ClientInfo,
    ) -> Result<StaffRequest, AppError> {
        let request = self.request_for_staff(who, id, client).await?;
        let mut entry = staff_audit(&who.id, "staff.request_viewed", client);
        entry.subject_citizen_id = Some(request.citizen_id.clone());
        entry.target_kind = Some("request");
        entry.target_id = Some(request.id.clone());
        entry.details = serde_json::json!({ "reason": format!("processing request {}", request.protocol_number) }).to_string();
        audit::append_alone(self.db(), &entry).await?;
        let events = requests::events(self.db(), id).await?;
        let citizen = citizens::get(self.db(), &request.citizen_id).await?;
        let attachments = self
            .request_attachments(crate::attachments::Party::Staff(who), id, client)
            .await?;
        let postal_fee_cents = self.postal_fee_cents().await?;
        Ok(StaffRequest {
            detail: self.request_detail(request, events).await?,
            citizen,
            attachments,
            postal_fee_cents,
        })
    }

    /// Whether `who` may process the request: another department's is not found (and the
    /// attempt audited), as in every use case here.
    pub async fn check_staff_request_access(
        &self,
        who: &StaffPrincipal,
        id: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        self.request_for_staff(who, id, client).await.map(|_| ())
    }

    async fn request_for_staff(
        &self,
        who: &StaffPrincipal,
        id: &str,
        client: &ClientInfo,
    ) -> Result<Request, AppError> {
        Self::queue_departments(who)?;
        let request = requests::get(self.db(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !who.serves_department(&request.department_code) {
            // Never a hint that it exists; but the attempt is recorded.
            let mut entry = staff_audit(&who.id, "authorization.denied", client);
            entry.outcome = AuditOutcome::Denied;
            entry.target_kind = Some("request");
            entry.target_id = Some(request.id.clone());
            entry.details =
                serde_json::json!({ "what": "request of another department" }).to_string();
            audit::append_alone(self.db(), &entry).await?;
            return Err(AppError::NotFound);
        }
        Ok(request)
    }

    /// The postal fee added to the fee for cash on delivery.
    pub async fn postal_fee_cents(&self) -> Result<Cents, AppError> {
        let stored = requests::setting(self.db(), POSTAL_FEE_KEY).await?;
        Ok(stored_postal_fee(stored.as_deref()))
    }

    /// Moves a request along the state machine (the one domain table decides), with what each
    /// move needs: a reason, a tracking number, the ID document shown. Of two concurrent moves
    /// exactly one wins; the other is an invalid transition.
    pub async fn transition_request(
        &self,
        who: &StaffPrincipal,
        id: &str,
        input: &TransitionInput,
        client: &ClientInfo,
    ) -> Result<RequestDetail, AppError> {
        let request = self.request_for_staff(who, id, client).await?;
        let Ok(to) = input.to.trim().parse::<RequestStatus>() else {
            return Err(AppError::field(
                "to",
                if input.to.trim().is_empty() {
                    "required"
                } else {
                    "unknown_value"
                },
            ));
        };
        let from = request.status;
        transition(from, to, Actor::Clerk, request.delivery)
            .map_err(|e| AppError::InvalidTransition(e.into()))?;

        let mut check = FieldCheck::default();
        let reason = input.reason.trim();
        if matches!(to, RequestStatus::Rejected | RequestStatus::NeedsInfo) && reason.is_empty() {
            check.add("reason", "required");
        }
        if reason.chars().count() > REASON_MAX {
            check.add("reason", "too_long");
        }
        let mut change = StatusChange::default();
        let tracking = input.tracking_number.trim();
        let mut cod = None;
        if to == RequestStatus::Dispatched {
            match tracking.chars().count() {
                0 => check.add("tracking_number", "required"),
                n if n > TRACKING_NUMBER_MAX
                    || !tracking
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-') =>
                {
                    check.add("tracking_number", "invalid_format")
                }
                _ => change.tracking_number = Some(tracking),
            }
            let amount = match input.cod_amount_cents {
                Some(a) => a,
                None => default_cod_amount(request.fee_cents, self.postal_fee_cents().await?).get(),
            };
            cod = check.take("cod_amount_cents", Cents::new(amount));
        }
        let mut masked = None;
        if to == RequestStatus::Collected {
            let doc_type = crate::verification::parse_document_type(
                &input.id_document_type,
                "id_document_type",
                &mut check,
            );
            if let Some(t) = doc_type
                && let Some(number) = check.take(
                    "id_document_number",
                    DocumentNumber::parse(t, &input.id_document_number),
                )
            {
                // For a certified citizen, the document shown must be the one on record (the
                // certified one, or the renewed one that replaced it); a foreign passport's
                // country is the recorded one unless another is given.
                let certified = verifications::current_full(self.db(), &request.citizen_id).await?;
                let given_country = Some(input.id_document_country.trim())
                    .filter(|c| !c.is_empty())
                    .or(certified
                        .as_ref()
                        .and_then(|c| c.issuing_country.as_deref()));
                let country = crate::verification::check_issuing_country(
                    Some(t),
                    given_country,
                    "id_document_country",
                    &mut check,
                );
                if let Some(certified) = &certified {
                    let known = self
                        .settings()
                        .secrets
                        .open(&certified.document_number_enc)
                        .unwrap_or_default();
                    let same_country = match &country {
                        Ok(Some(c)) => certified.issuing_country.as_deref() == Some(c.code()),
                        _ => true,
                    };
                    if certified.document_type != t
                        || known != number.as_str().as_bytes()
                        || !same_country
                    {
                        check.add("id_document_number", "does_not_match_certified");
                    }
                }
                if let Ok(country) = country {
                    masked = Some((t, number.masked(), country));
                }
            }
        }
        check.finish()?;
        // A returned postal item waits at the department's office: the request names it.
        let mut request = request;
        let office = match (to, &request.pickup_office_code) {
            (RequestStatus::ReadyForPickup, None) => {
                self.pickup_office_of(&request.department_code).await?
            }
            _ => None,
        };
        if office.is_some() {
            request.pickup_office_code = office.clone();
        }
        change.pickup_office_code = office.as_deref();
        change.cod_amount_cents = cod;
        change.collected_document =
            masked
                .as_ref()
                .map(|(t, m, country)| requests::CollectedDocument {
                    document_type: *t,
                    masked: m.as_str(),
                    issuing_country: country.map(dimos_domain::Country::code),
                });

        let now = now();
        let mut tx = self.db().begin().await?;
        if !requests::change_status(&mut tx, id, from, to, &change, now).await? {
            return Err(AppError::InvalidTransition(TransitionRefused::Changed {
                from,
            }));
        }
        requests::insert_event(
            &mut tx,
            &NewEvent {
                request_id: id,
                at: now,
                actor_kind: "staff",
                actor_id: Some(&who.id),
                actor_label: &staff_label(who, &request.department_code),
                from_status: Some(from),
                to_status: to,
                message: reason,
            },
        )
        .await?;
        let mut entry = staff_audit(&who.id, "request.transition", client);
        entry.subject_citizen_id = Some(request.citizen_id.clone());
        entry.target_kind = Some("request");
        entry.target_id = Some(request.id.clone());
        entry.details = serde_json::json!({ "from": from.as_str(), "to": to.as_str(), "protocol_number": request.protocol_number }).to_string();
        audit::append(&mut tx, &entry).await?;
        let citizen = citizens::get(self.db(), &request.citizen_id)
            .await?
            .ok_or(AppError::NotFound)?;
        notify::moved(self, &mut tx, &citizen, &request, to, reason, tracking, cod).await?;
        tx.commit().await?;
        let events = requests::events(self.db(), id).await?;
        let request = requests::get(self.db(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.request_detail(request, events).await
    }

    /// The postal desk's list for a department: requests by post that are being prepared,
    /// with recipient, address and the cash-on-delivery amount. Viewing it is audited.
    pub async fn dispatch_list(
        &self,
        who: &StaffPrincipal,
        department: &str,
        client: &ClientInfo,
    ) -> Result<Vec<DispatchLine>, AppError> {
        if !who.serves_department(department) {
            return Err(AppError::NotFound);
        }
        let queue = requests::queue(
            self.db(),
            &QueueFilter {
                departments: Some(vec![department.to_owned()]),
                status: Some(RequestStatus::InProgress),
                limit: 500,
                ..QueueFilter::default()
            },
        )
        .await?;
        let postal = self.postal_fee_cents().await?;
        let mut lines = Vec::new();
        for request in queue.into_iter().filter(|r| r.delivery == Delivery::Post) {
            let Some(citizen) = citizens::get(self.db(), &request.citizen_id).await? else {
                continue;
            };
            lines.push(DispatchLine {
                recipient: format!("{} {}", citizen.given_name, citizen.family_name),
                cod_amount_cents: default_cod_amount(request.fee_cents, postal),
                request,
            });
        }
        let mut entry = staff_audit(&who.id, "staff.dispatch_list_viewed", client);
        entry.details =
            serde_json::json!({ "department": department, "lines": lines.len() }).to_string();
        audit::append_alone(self.db(), &entry).await?;
        let _ = catalogue::departments;
        Ok(lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        assert_eq!(
            decode_cursor("1700000000000.0192-abc"),
            Some((1_700_000_000_000, "0192-abc".to_owned()))
        );
        assert_eq!(decode_cursor("nonsense"), None);
        assert_eq!(decode_cursor("x.y"), None);
    }
}
