//! Requests: what citizens come for. Submission with a gap-free protocol number, the citizen's
//! own view, cancelling and answering; processing by the department's clerks.

mod citizen;
mod notify;
mod processing;

pub(crate) use processing::stored_postal_fee;

pub use citizen::{NOTES_MAX, SubmitInput};
pub use processing::{
    DispatchLine, QUEUE_LIMIT_MAX, QueueInput, QueuePage, REASON_MAX, TRACKING_NUMBER_MAX,
    TransitionInput, default_cod_amount,
};

use dimos_db::attachments::Attachment;
use dimos_db::catalogue::Office;
use dimos_db::citizens::Citizen;
use dimos_db::requests::{Event, Request};
use dimos_domain::{Cents, Delivery, RequestStatus, Timestamp, add_working_days, is_past_deadline};

/// A request with its timeline.
#[derive(Debug, Clone)]
pub struct RequestDetail {
    pub request: Request,
    pub events: Vec<Event>,
    /// The code of the office where the document is collected, when it is (see
    /// [`pickup_office`]); the citizen's page, the staff page and the API all show this one.
    pub pickup_office: Option<String>,
}

/// Everything the staff request page shows, from one use case ([`crate::App::staff_request`]);
/// the staff API answers with its `detail`.
#[derive(Debug, Clone)]
pub struct StaffRequest {
    pub detail: RequestDetail,
    /// The citizen who asked (gone only if the account was erased).
    pub citizen: Option<Citizen>,
    pub attachments: Vec<Attachment>,
    /// The postal fee in force (the default cash-on-delivery amount adds it to the fee).
    pub postal_fee_cents: Cents,
}

/// The office where a request's document is collected: a `pickup` request, or a returned postal
/// item waiting at the office (`ready_for_pickup`), is collected at the office the request names,
/// else at the first office serving its department. Any other request: none.
pub fn pickup_office(request: &Request, offices: &[Office]) -> Option<String> {
    let collected_at_office =
        request.delivery == Delivery::Pickup || request.status == RequestStatus::ReadyForPickup;
    if !collected_at_office {
        return None;
    }
    request
        .pickup_office_code
        .as_deref()
        .and_then(|code| offices.iter().find(|o| o.code == code))
        .or_else(|| office_of_department(offices, &request.department_code))
        .map(|o| o.code.clone())
}

/// The office where a department's requests are collected: the first office that serves it.
fn office_of_department<'a>(offices: &'a [Office], department: &str) -> Option<&'a Office> {
    offices
        .iter()
        .find(|o| o.departments.iter().any(|d| d == department))
}

impl crate::App {
    /// A request with its timeline and the office where it is collected.
    pub(crate) async fn request_detail(
        &self,
        request: Request,
        events: Vec<Event>,
    ) -> Result<RequestDetail, crate::AppError> {
        let offices = dimos_db::catalogue::offices(self.db()).await?;
        let pickup_office = pickup_office(&request, &offices);
        Ok(RequestDetail {
            request,
            events,
            pickup_office,
        })
    }

    /// The office where a department's requests are collected: the first office that serves
    /// it. Submission and a returned postal item both ask this one function.
    pub(crate) async fn pickup_office_of(
        &self,
        department: &str,
    ) -> Result<Option<String>, crate::AppError> {
        let offices = dimos_db::catalogue::offices(self.db()).await?;
        Ok(office_of_department(&offices, department).map(|o| o.code.clone()))
    }
}

/// When a request submitted at `submitted` is due: its service's processing days counted
/// as working days on the Athens calendar (no weekends, no Greek public holidays).
pub fn due_at(submitted: Timestamp, processing_days: i64) -> Timestamp {
    add_working_days(submitted, processing_days)
}

/// Whether a request is overdue at `now`: still open and past its due time. The queue's page
/// and API both take the flag from here.
pub fn is_overdue(request: &Request, now: Timestamp) -> bool {
    request.status.is_open() && is_past_deadline(request.due_at, now)
}
