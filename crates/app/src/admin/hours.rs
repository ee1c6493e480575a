//! An office's opening interval as typed: "08:00–15:00" (an en dash, a hyphen or "to" spaces
//! around are all fine), times from 00:00 to 23:59, opening before closing.

use dimos_domain::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IntervalError {
    #[error("an interval is written as 08:00–15:00")]
    InvalidFormat,
    #[error("a time is between 00:00 and 23:59")]
    InvalidTime,
    #[error("the office must open before it closes")]
    ClosesBeforeOpens,
    #[error("the intervals of a day overlap")]
    Overlapping,
}

impl ErrorCode for IntervalError {
    fn code(&self) -> &'static str {
        match self {
            IntervalError::InvalidFormat => "invalid_format",
            IntervalError::InvalidTime => "invalid_time",
            IntervalError::ClosesBeforeOpens => "closes_before_opens",
            IntervalError::Overlapping => "overlapping",
        }
    }
}

/// An open interval, times as `HH:MM` (they compare as text).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval {
    pub opens_at: String,
    pub closes_at: String,
}

impl Interval {
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.opens_at < other.closes_at && other.opens_at < self.closes_at
    }
}

/// Parses "HH:MM–HH:MM"; `None` for an empty field (closed).
pub fn parse_interval(input: &str) -> Result<Option<Interval>, IntervalError> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let (opens, closes) = s
        .split_once(['–', '—', '-'])
        .ok_or(IntervalError::InvalidFormat)?;
    let opens_at = parse_time(opens)?;
    let closes_at = parse_time(closes)?;
    if opens_at >= closes_at {
        return Err(IntervalError::ClosesBeforeOpens);
    }
    Ok(Some(Interval {
        opens_at,
        closes_at,
    }))
}

/// "8:00", "08:00" or "08.00" → "08:00".
fn parse_time(input: &str) -> Result<String, IntervalError> {
    let (hours, minutes) = input
        .trim()
        .split_once([':', '.'])
        .ok_or(IntervalError::InvalidFormat)?;
    let number = |part: &str, len: std::ops::RangeInclusive<usize>| {
        if len.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse::<u32>()
                .map_err(|_| IntervalError::InvalidFormat)
        } else {
            Err(IntervalError::InvalidFormat)
        }
    };
    let (hours, minutes) = (number(hours, 1..=2)?, number(minutes, 2..=2)?);
    if hours > 23 || minutes > 59 {
        return Err(IntervalError::InvalidTime);
    }
    Ok(format!("{hours:02}:{minutes:02}"))
}

/// An interval as the form shows it.
pub fn interval_input(opens_at: &str, closes_at: &str) -> String {
    format!("{opens_at}–{closes_at}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interval(input: &str) -> (String, String) {
        let i = parse_interval(input).unwrap().unwrap();
        (i.opens_at, i.closes_at)
    }

    #[test]
    fn the_usual_ways_of_writing_an_interval() {
        let morning = ("08:00".to_owned(), "15:00".to_owned());
        assert_eq!(interval("08:00–15:00"), morning);
        assert_eq!(interval("8:00-15:00"), morning);
        assert_eq!(interval(" 08.00 – 15.00 "), morning);
        assert_eq!(interval("00:00-23:59"), ("00:00".into(), "23:59".into()));
        assert_eq!(parse_interval("  "), Ok(None));
    }

    #[test]
    fn bad_intervals_say_why() {
        assert_eq!(
            parse_interval("15:00–08:00"),
            Err(IntervalError::ClosesBeforeOpens)
        );
        assert_eq!(
            parse_interval("08:00–08:00"),
            Err(IntervalError::ClosesBeforeOpens)
        );
        assert_eq!(
            parse_interval("08:00–24:00"),
            Err(IntervalError::InvalidTime)
        );
        assert_eq!(
            parse_interval("08:60–09:00"),
            Err(IntervalError::InvalidTime)
        );
        for bad in [
            "08:00",
            "8–15",
            "08:00–15",
            "ab:cd–ef:gh",
            "08:0–15:00",
            "080:00–15:00",
        ] {
            assert_eq!(
                parse_interval(bad),
                Err(IntervalError::InvalidFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn intervals_that_share_time_overlap() {
        let a = Interval {
            opens_at: "08:00".into(),
            closes_at: "15:00".into(),
        };
        let b = Interval {
            opens_at: "14:00".into(),
            closes_at: "18:00".into(),
        };
        let c = Interval {
            opens_at: "15:00".into(),
            closes_at: "18:00".into(),
        };
        assert!(a.overlaps(&b) && b.overlaps(&a));
        assert!(
            !a.overlaps(&c),
            "closing at 15:00 and opening at 15:00 is fine"
        );
    }
}
