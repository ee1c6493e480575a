//! Opening hours as a readable weekly schedule: consecutive days with the same hours share one
//! row («Δευτέρα–Παρασκευή 08:00–15:00»), a day with two intervals shows both, closed days are kept.

use crate::i18n::Lang;
use dimos_db::catalogue::OpeningHours;

/// One row of a weekly schedule: a day or a run of days, and when they are open (`08:00–15:00`);
/// no intervals means closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleRow {
    pub days: String,
    pub intervals: Vec<String>,
}

impl ScheduleRow {
    pub fn closed(&self) -> bool {
        self.intervals.is_empty()
    }
}

/// The week from Monday to Sunday. Empty when the office has published no hours at all.
pub fn weekly_schedule(hours: &[OpeningHours], lang: Lang) -> Vec<ScheduleRow> {
    if !hours.iter().any(|h| (1..=7).contains(&h.weekday)) {
        return Vec::new();
    }
    let week: Vec<Vec<(&str, &str)>> = (1..=7)
        .map(|day| {
            let mut intervals: Vec<(&str, &str)> = hours
                .iter()
                .filter(|h| h.weekday == day)
                .map(|h| (h.opens_at.as_str(), h.closes_at.as_str()))
                .collect();
            intervals.sort_unstable();
            intervals
        })
        .collect();
    let mut rows = Vec::new();
    let mut first = 0;
    while first < week.len() {
        let mut last = first;
        while last + 1 < week.len() && week[last + 1] == week[first] {
            last += 1;
        }
        rows.push(row(first, last, &week[first], lang));
        first = last + 1;
    }
    rows
}

fn row(first: usize, last: usize, intervals: &[(&str, &str)], lang: Lang) -> ScheduleRow {
    let days = if first == last {
        weekday_name(first, lang)
    } else {
        format!("{}–{}", weekday_name(first, lang), weekday_name(last, lang))
    };
    let intervals = intervals
        .iter()
        .map(|(opens, closes)| format!("{opens}–{closes}"))
        .collect();
    ScheduleRow { days, intervals }
}

/// The name of a weekday counted from Monday = 0.
fn weekday_name(index: usize, lang: Lang) -> String {
    lang.t(&format!("weekday-{}", index + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(weekday: i64, opens_at: &str, closes_at: &str) -> OpeningHours {
        OpeningHours {
            weekday,
            opens_at: opens_at.into(),
            closes_at: closes_at.into(),
        }
    }

    /// Each row as `days: intervals`, or `days: closed`.
    fn lines(rows: &[ScheduleRow]) -> Vec<String> {
        rows.iter()
            .map(|r| {
                if r.closed() {
                    format!("{}: closed", r.days)
                } else {
                    format!("{}: {}", r.days, r.intervals.join(", "))
                }
            })
            .collect()
    }

    #[test]
    fn a_working_week_is_one_row_and_the_weekend_another() {
        let hours: Vec<_> = (1..=5).map(|d| open(d, "08:00", "15:00")).collect();
        assert_eq!(
            lines(&weekly_schedule(&hours, Lang::El)),
            ["Δευτέρα–Παρασκευή: 08:00–15:00", "Σάββατο–Κυριακή: closed"]
        );
        assert_eq!(
            lines(&weekly_schedule(&hours, Lang::En)),
            ["Monday–Friday: 08:00–15:00", "Saturday–Sunday: closed"]
        );
    }

    #[test]
    fn a_day_with_two_intervals_shows_both_in_order() {
        let mut hours: Vec<_> = (1..=5).map(|d| open(d, "08:00", "15:00")).collect();
        hours.insert(0, open(3, "17:00", "19:00"));
        let rows = weekly_schedule(&hours, Lang::El);
        assert_eq!(
            lines(&rows),
            [
                "Δευτέρα–Τρίτη: 08:00–15:00",
                "Τετάρτη: 08:00–15:00, 17:00–19:00",
                "Πέμπτη–Παρασκευή: 08:00–15:00",
                "Σάββατο–Κυριακή: closed",
            ]
        );
        assert!(rows[3].closed() && !rows[1].closed());
    }

    #[test]
    fn a_lone_saturday_and_no_hours_at_all() {
        let hours = [open(6, "09:00", "13:00")];
        assert_eq!(
            lines(&weekly_schedule(&hours, Lang::En)),
            [
                "Monday–Friday: closed",
                "Saturday: 09:00–13:00",
                "Sunday: closed"
            ]
        );
        assert!(weekly_schedule(&[], Lang::El).is_empty());
        assert!(weekly_schedule(&[open(9, "08:00", "09:00")], Lang::El).is_empty());
    }
}
