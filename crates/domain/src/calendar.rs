//! The municipality's working days: Monday to Friday, except the Greek public holidays.
//!
//! The holidays are the fixed ones (1 and 6 January, 25 March, 1 May, 15 August, 28 October,
//! 25 and 26 December) and those of the Orthodox Easter cycle: Clean Monday (Easter − 48 days),
//! Good Friday (− 2), Easter Monday (+ 1) and Whit Monday, of the Holy Spirit (+ 50). When May
//! Day falls in Holy Week the state sometimes moves it by decree; such moves are announced
//! year by year and are not followed here: 1 May always counts as the holiday.
//!
//! Every deadline in working days (a request's due time, and so whether it is overdue) goes
//! through [`add_working_days`], on the Athens calendar.

use crate::Timestamp;
use jiff::civil::{Date, Weekday, date};
use jiff::tz::TimeZone;
use jiff::{ToSpan, ZonedDateTime};

/// The time zone whose calendar counts: the municipality's. Every date and time of day the
/// portal shows or reads goes through it: [`athens_time`], [`athens_day_start`].
pub fn athens() -> TimeZone {
    TimeZone::get("Europe/Athens").unwrap_or(TimeZone::UTC)
}

/// A moment on the Athens clock and calendar; `None` for one out of range.
pub fn athens_time(at: Timestamp) -> Option<ZonedDateTime> {
    Some(
        jiff::Timestamp::from_millisecond(at.as_millis())
            .ok()?
            .to_zoned_datetime(athens()),
    )
}

/// The moment an Athens calendar day begins; `None` for a day out of range.
pub fn athens_day_start(day: Date) -> Option<Timestamp> {
    Some(Timestamp::from_millis(
        day.to_zoned_datetime(athens())
            .ok()?
            .timestamp()
            .as_millisecond(),
    ))
}

/// Orthodox Easter Sunday of `year` on the Gregorian calendar: Meeus's algorithm for the Julian
/// calendar's date, then moved by the difference of the two calendars in that century (13
/// days from 1900 to 2099).
pub fn orthodox_easter(year: i16) -> Date {
    let y = i32::from(year);
    let (a, b, c) = (y % 4, y % 7, y % 19);
    let d = (19 * c + 15) % 30;
    let e = (2 * a + 4 * b - d + 34) % 7;
    let month = (d + e + 114) / 31;
    let day = (d + e + 114) % 31 + 1;
    let gap = y / 100 - y / 400 - 2;
    // `month` is 3 or 4 and `day` 1–31: a real Julian date, which Gregorian days follow.
    let julian = date(year, month as i8, day as i8);
    julian.checked_add(i64::from(gap).days()).unwrap_or(julian)
}

/// Whether a day is a Greek public holiday.
pub fn is_public_holiday(day: Date) -> bool {
    const FIXED: [(i8, i8); 8] = [
        (1, 1),
        (1, 6),
        (3, 25),
        (5, 1),
        (8, 15),
        (10, 28),
        (12, 25),
        (12, 26),
    ];
    if FIXED.contains(&(day.month(), day.day())) {
        return true;
    }
    let easter = orthodox_easter(day.year());
    let Ok(span) = easter.until(day) else {
        return false;
    };
    matches!(span.get_days(), -48 | -2 | 1 | 50)
}

/// Monday to Friday and not a public holiday.
pub fn is_working_day(day: Date) -> bool {
    !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) && !is_public_holiday(day)
}

/// The moment `working_days` working days after `from`, at the same Athens time of day: the
/// deadline of something given that many working days. A weekend or a holiday in between does
/// not count; the days are counted on the Athens calendar.
pub fn add_working_days(from: Timestamp, working_days: i64) -> Timestamp {
    let Some(mut at) = athens_time(from) else {
        return from;
    };
    let mut left = working_days.max(0);
    while left > 0 {
        at = match at.checked_add(1.day()) {
            Ok(next) => next,
            Err(_) => break,
        };
        if is_working_day(at.date()) {
            left -= 1;
        }
    }
    Timestamp::from_millis(at.timestamp().as_millisecond())
}

/// Whether something due at `due` is overdue at `now`: the deadline has passed.
pub fn is_past_deadline(due: Timestamp, now: Timestamp) -> bool {
    due < now
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn athens_at(text: &str) -> Timestamp {
        Timestamp::from_millis(
            text.parse::<jiff::civil::DateTime>()
                .unwrap()
                .to_zoned_datetime(athens())
                .unwrap()
                .timestamp()
                .as_millisecond(),
        )
    }

    #[test]
    fn athens_days_begin_at_athens_midnight() {
        // 2025-01-16 00:00 in Athens (EET, +2) is 2025-01-15 22:00 UTC.
        assert_eq!(
            athens_day_start(day("2025-01-16")),
            Some(Timestamp::from_millis(1_736_978_400_000))
        );
        assert_eq!(
            athens_day_start(day("2025-07-01")),
            Some(athens_at("2025-07-01T00:00"))
        );
        let at = athens_time(Timestamp::from_millis(1_736_979_300_000)).unwrap();
        assert_eq!(
            (at.date(), at.hour(), at.minute()),
            (day("2025-01-16"), 0, 15)
        );
        assert_eq!(athens_time(Timestamp::from_millis(i64::MAX)), None);
    }

    #[test]
    fn orthodox_easter_of_known_years() {
        for (year, easter) in [
            (2008, "2008-04-27"),
            (2010, "2010-04-04"),
            (2023, "2023-04-16"),
            (2024, "2024-05-05"),
            (2025, "2025-04-20"),
            (2026, "2026-04-12"),
            (2027, "2027-05-02"),
            (2028, "2028-04-16"),
            (2030, "2030-04-28"),
        ] {
            assert_eq!(orthodox_easter(year), day(easter), "{year}");
        }
    }

    #[test]
    fn the_moving_holidays_follow_easter() {
        // 2024: Easter 5 May.
        for holiday in ["2024-03-18", "2024-05-03", "2024-05-06", "2024-06-24"] {
            assert!(is_public_holiday(day(holiday)), "{holiday}");
        }
        // 2025: Easter 20 April.
        for holiday in ["2025-03-03", "2025-04-18", "2025-04-21", "2025-06-09"] {
            assert!(is_public_holiday(day(holiday)), "{holiday}");
        }
        // Holy Saturday, Easter Sunday itself is a Sunday, Ash Tuesday: none is a holiday.
        for ordinary in ["2025-04-19", "2025-03-04", "2025-04-22", "2025-06-10"] {
            assert!(!is_public_holiday(day(ordinary)), "{ordinary}");
        }
    }

    #[test]
    fn the_fixed_holidays() {
        for holiday in [
            "2026-01-01",
            "2026-01-06",
            "2026-03-25",
            "2026-05-01",
            "2026-08-15",
            "2026-10-28",
            "2026-12-25",
            "2026-12-26",
        ] {
            assert!(is_public_holiday(day(holiday)), "{holiday}");
        }
        assert!(!is_public_holiday(day("2026-12-24")));
        assert!(!is_public_holiday(day("2026-08-14")));
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        assert!(is_working_day(day("2026-12-03")), "a Thursday");
        assert!(!is_working_day(day("2026-12-05")), "a Saturday");
        assert!(!is_working_day(day("2026-12-25")), "Christmas, a Friday");
        assert!(!is_working_day(day("2026-04-13")), "Easter Monday");
    }

    #[test]
    fn deadlines_count_working_days_in_athens() {
        // Friday 2025-07-04 10:00 + 2 working days = Tuesday 2025-07-08 10:00.
        assert_eq!(
            add_working_days(athens_at("2025-07-04T10:00"), 2),
            athens_at("2025-07-08T10:00")
        );
        assert_eq!(
            add_working_days(athens_at("2025-07-04T10:00"), 0),
            athens_at("2025-07-04T10:00")
        );
        // Wednesday 2026-12-23 + 3: Thursday 24, (Christmas Friday, weekend), Monday 28,
        // Tuesday 29.
        assert_eq!(
            add_working_days(athens_at("2026-12-23T09:30"), 3),
            athens_at("2026-12-29T09:30")
        );
        // Thursday before Orthodox Easter 2026 + 1: Good Friday, the weekend and Easter Monday
        // are skipped.
        assert_eq!(
            add_working_days(athens_at("2026-04-09T12:00"), 1),
            athens_at("2026-04-14T12:00")
        );
        // Athens, not UTC: 23:30 on Friday in Athens is still Friday there (20:30 UTC), and
        // across the change to summer time the hour of day stays.
        assert_eq!(
            add_working_days(athens_at("2026-03-27T23:30"), 1),
            athens_at("2026-03-30T23:30")
        );
    }

    #[test]
    fn a_deadline_is_past_only_after_it() {
        let at = Timestamp::from_millis;
        assert!(!is_past_deadline(at(1_000), at(1_000)));
        assert!(is_past_deadline(at(999), at(1_000)));
    }
}
