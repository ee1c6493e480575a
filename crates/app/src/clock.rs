//! The municipality's calendar: dates are Athens dates ([`dimos_domain::athens`]).

use crate::FieldCheck;
use dimos_domain::{Timestamp, athens, athens_day_start};
use jiff::civil::Date;

/// Today in Europe/Athens.
pub fn today() -> Date {
    jiff::Timestamp::now().to_zoned_datetime(athens()).date()
}

/// A search's days, `from` and `until` (`YYYY-MM-DD`, Athens days, both inclusive), as the
/// moments (unix ms) that bound it: the start of `from` and the start of the day after `until`.
/// An empty field is `None` (no bound); one that is not a date is `invalid_format`.
pub(crate) fn day_range(
    check: &mut FieldCheck,
    from: &str,
    until: &str,
) -> (Option<Timestamp>, Option<Timestamp>) {
    let mut bound = |field: &str, text: &str, day_after: bool| {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        text.parse::<Date>()
            .ok()
            .and_then(|day| {
                if day_after {
                    day.tomorrow().ok()
                } else {
                    Some(day)
                }
            })
            .and_then(athens_day_start)
            .or_else(|| {
                check.add(field, "invalid_format");
                None
            })
    };
    (bound("from", from, false), bound("until", until, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_range_runs_from_athens_midnight_to_the_next_midnight_after_until() {
        let mut check = FieldCheck::default();
        // 2025-03-30 has 23 hours in Athens: summer time begins.
        let (from, until) = day_range(&mut check, " 2025-03-30 ", "2025-03-30");
        let (from, until) = (
            from.expect("from").as_millis(),
            until.expect("until").as_millis(),
        );
        assert_eq!(until - from, 23 * 3_600_000);
        assert_eq!(from, 1_743_285_600_000);
        assert_eq!(day_range(&mut check, "", ""), (None, None));
        assert!(check.finish().is_ok());
        let mut check = FieldCheck::default();
        assert_eq!(
            day_range(&mut check, "30/03/2025", "tomorrow"),
            (None, None)
        );
        assert!(check.finish().is_err());
    }
}
