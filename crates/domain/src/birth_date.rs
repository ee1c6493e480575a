use crate::error_code::error_codes;
use jiff::civil::Date;
use std::fmt;

/// A person's date of birth: a real calendar date, before `today`, at most 130 years back.
///
/// Built against an explicit `today` so the rule is testable and the caller decides the time
/// zone (Europe/Athens) in which "today" is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BirthDate(Date);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BirthDateError {
    #[error("a birth date is required")]
    Empty,
    #[error("a birth date is written YYYY-MM-DD")]
    InvalidFormat,
    #[error("there is no such date")]
    InvalidDate,
    #[error("a birth date is in the past")]
    NotInPast,
    #[error("a birth date is at most {} years ago", BirthDate::MAX_AGE)]
    TooOld,
}

error_codes!(BirthDateError {
    Empty => "required",
    InvalidFormat => "invalid_format",
    InvalidDate => "invalid_date",
    NotInPast => "not_in_past",
    TooOld => "too_old",
});

impl BirthDate {
    pub const MAX_AGE: i32 = 130;

    /// Parses exactly `YYYY-MM-DD` (other ISO 8601 spellings such as `19850315` are refused, so
    /// forms, CSV files and the API agree on one).
    pub fn parse(input: &str, today: Date) -> Result<Self, BirthDateError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(BirthDateError::Empty);
        }
        let bytes = input.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes.iter().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    *b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !shape_ok {
            return Err(BirthDateError::InvalidFormat);
        }
        let number = |range: std::ops::Range<usize>| {
            input[range].parse::<i16>().expect("checked to be digits")
        };
        let date = Date::new(number(0..4), number(5..7) as i8, number(8..10) as i8)
            .map_err(|_| BirthDateError::InvalidDate)?;
        Self::new(date, today)
    }

    pub fn new(date: Date, today: Date) -> Result<Self, BirthDateError> {
        if date >= today {
            return Err(BirthDateError::NotInPast);
        }
        if completed_years(date, today) > Self::MAX_AGE {
            return Err(BirthDateError::TooOld);
        }
        Ok(Self(date))
    }

    pub fn date(self) -> Date {
        self.0
    }

    /// Completed years of age on `today`. Someone born on 29 February turns a year older on
    /// 1 March in common years.
    pub fn age_on(self, today: Date) -> i32 {
        completed_years(self.0, today)
    }
}

fn completed_years(born: Date, today: Date) -> i32 {
    let years = i32::from(today.year()) - i32::from(born.year());
    let birthday_not_yet = (today.month(), today.day()) < (born.month(), born.day());
    if birthday_not_yet { years - 1 } else { years }
}

impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl serde::Serialize for BirthDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2025, 6, 15);

    #[test]
    fn parses_a_past_date() {
        let born = BirthDate::parse("1985-03-15", TODAY).unwrap();
        assert_eq!(born.date(), date(1985, 3, 15));
        assert_eq!(born.to_string(), "1985-03-15");
        assert_eq!(
            BirthDate::parse(" 2000-02-29 ", TODAY).unwrap().date(),
            date(2000, 2, 29)
        );
    }

    #[test]
    fn only_yyyy_mm_dd_is_accepted() {
        for bad in [
            "19850315",
            "1985-3-15",
            "15/03/1985",
            "1985-03-15T00:00",
            "1985/03/15",
            "85-03-15",
            "+1985-03-15",
            "１９８５-03-15",
        ] {
            assert_eq!(
                BirthDate::parse(bad, TODAY),
                Err(BirthDateError::InvalidFormat),
                "{bad}"
            );
        }
        assert_eq!(BirthDate::parse("", TODAY), Err(BirthDateError::Empty));
    }

    #[test]
    fn impossible_dates_are_refused() {
        for bad in [
            "1985-02-29",
            "1985-13-01",
            "1985-00-10",
            "1985-04-31",
            "1985-01-00",
            "1900-02-29",
        ] {
            assert_eq!(
                BirthDate::parse(bad, TODAY),
                Err(BirthDateError::InvalidDate),
                "{bad}"
            );
        }
    }

    #[test]
    fn must_be_before_today() {
        assert_eq!(
            BirthDate::parse("2025-06-14", TODAY).unwrap().date(),
            date(2025, 6, 14)
        );
        assert_eq!(
            BirthDate::parse("2025-06-15", TODAY),
            Err(BirthDateError::NotInPast)
        );
        assert_eq!(
            BirthDate::parse("2030-01-01", TODAY),
            Err(BirthDateError::NotInPast)
        );
    }

    #[test]
    fn at_most_one_hundred_thirty_years() {
        assert_eq!(
            BirthDate::parse("1895-06-16", TODAY).unwrap().age_on(TODAY),
            129
        );
        assert_eq!(
            BirthDate::parse("1895-06-15", TODAY).unwrap().age_on(TODAY),
            130
        );
        // Still 130 until the 131st birthday, tomorrow.
        assert_eq!(
            BirthDate::parse("1894-06-16", TODAY).unwrap().age_on(TODAY),
            130
        );
        assert_eq!(
            BirthDate::parse("1894-06-15", TODAY),
            Err(BirthDateError::TooOld)
        );
        assert_eq!(
            BirthDate::parse("0001-01-01", TODAY),
            Err(BirthDateError::TooOld)
        );
    }

    #[test]
    fn age_counts_completed_years() {
        let born = BirthDate::parse("1985-03-15", TODAY).unwrap();
        assert_eq!(born.age_on(date(2025, 3, 14)), 39);
        assert_eq!(born.age_on(date(2025, 3, 15)), 40);
        assert_eq!(born.age_on(date(1985, 3, 16)), 0);
        let leap = BirthDate::parse("2004-02-29", TODAY).unwrap();
        assert_eq!(leap.age_on(date(2022, 2, 28)), 17);
        assert_eq!(leap.age_on(date(2022, 3, 1)), 18);
        assert_eq!(leap.age_on(date(2024, 2, 29)), 20);
    }

    #[test]
    fn new_applies_the_same_rules() {
        assert_eq!(
            BirthDate::new(date(1990, 1, 1), TODAY).unwrap().date(),
            date(1990, 1, 1)
        );
        assert_eq!(BirthDate::new(TODAY, TODAY), Err(BirthDateError::NotInPast));
        assert_eq!(
            BirthDate::new(date(1800, 1, 1), TODAY),
            Err(BirthDateError::TooOld)
        );
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(BirthDateError::Empty.code(), "required");
        assert_eq!(BirthDateError::InvalidFormat.code(), "invalid_format");
        assert_eq!(BirthDateError::InvalidDate.code(), "invalid_date");
        assert_eq!(BirthDateError::NotInPast.code(), "not_in_past");
        assert_eq!(BirthDateError::TooOld.code(), "too_old");
    }

    #[test]
    fn serializes_as_yyyy_mm_dd() {
        let born = BirthDate::parse("1985-03-05", TODAY).unwrap();
        assert_eq!(serde_json::to_string(&born).unwrap(), r#""1985-03-05""#);
    }
}
