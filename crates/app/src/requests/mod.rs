//! Requests: what citizens come for. Submission with a gap-free protocol number, the citizen's
//! own view, cancelling and answering; processing by the department's clerks.

mod citizen;
mod notify;
mod processing;

pub use citizen::SubmitInput;
pub use processing::{DispatchLine, QueueInput, QueuePage, TransitionInput};

use dimos_db::requests::{Event, Request};
use dimos_domain::{RequestStatus, add_working_days, is_past_deadline};

/// A request with its timeline.
#[derive(Debug, Clone)]
pub struct RequestDetail {
    pub request: Request,
    pub events: Vec<Event>,
}

impl crate::App {
    /// The office where a department's requests are collected: the first office that serves
    /// it. Submission and a returned postal item both ask this one function.
    pub(crate) async fn pickup_office_of(
        &self,
        department: &str,
    ) -> Result<Option<String>, crate::AppError> {
        Ok(dimos_db::catalogue::offices(self.db())
            .await?
            .into_iter()
            .find(|o| o.departments.iter().any(|d| d == department))
            .map(|o| o.code))
    }
}

/// When a request submitted at `submitted_ms` is due: its service's processing days counted
/// as working days on the Athens calendar (no weekends, no Greek public holidays).
pub fn due_at(submitted_ms: i64, processing_days: i64) -> i64 {
    add_working_days(submitted_ms, processing_days)
}

/// Whether a request is overdue at `now_ms`: still open and past its due time. The queue's page
/// and API both take the flag from here.
pub fn is_overdue(request: &Request, now_ms: i64) -> bool {
    request
        .status
        .parse::<RequestStatus>()
        .is_ok_and(RequestStatus::is_open)
        && is_past_deadline(request.due_at, now_ms)
}
