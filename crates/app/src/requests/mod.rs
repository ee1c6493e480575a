//! Requests: what citizens come for. Submission with a gap-free protocol number, the citizen's
//! own view, cancelling and answering; processing by the department's clerks.

mod citizen;
mod notify;
mod processing;

pub use citizen::SubmitInput;
pub use processing::{DispatchLine, QueueInput, QueuePage, TransitionInput};

use dimos_db::requests::{Event, Request};
use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

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

/// When a request is due: `working_days` working days (Monday to Friday, Athens) after `now_ms`.
pub fn due_after_working_days(now_ms: i64, working_days: i64) -> i64 {
    let tz = TimeZone::get("Europe/Athens").unwrap_or(TimeZone::UTC);
    let Ok(now) = Timestamp::from_millisecond(now_ms) else {
        return now_ms;
    };
    let mut at = now.to_zoned_datetime(tz);
    let mut left = working_days.max(0);
    while left > 0 {
        at = match at.checked_add(1.day()) {
            Ok(next) => next,
            Err(_) => break,
        };
        if !matches!(at.weekday(), Weekday::Saturday | Weekday::Sunday) {
            left -= 1;
        }
    }
    at.timestamp().as_millisecond()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_skip_weekends() {
        // Friday 2025-07-04 10:00 Athens (07:00 UTC) + 2 working days = Tuesday 2025-07-08 10:00.
        let friday = 1_751_612_400_000;
        let tuesday = 1_751_958_000_000;
        assert_eq!(due_after_working_days(friday, 2), tuesday);
        assert_eq!(due_after_working_days(friday, 0), friday);
        // Monday + 5 working days = next Monday.
        let monday = friday + 3 * 86_400_000;
        assert_eq!(due_after_working_days(monday, 5), monday + 7 * 86_400_000);
    }
}
