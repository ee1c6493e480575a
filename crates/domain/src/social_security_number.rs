use crate::error_code::error_codes;
use crate::text_value::text_value;
use jiff::civil::Date;

/// A Greek social security number (ΑΜΚΑ): eleven digits, Luhn-valid, starting with the holder's
/// birth date as DDMMYY.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SocialSecurityNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SocialSecurityNumberError {
    #[error("a social security number is required")]
    Empty,
    #[error("a social security number has only digits")]
    NotDigits,
    #[error("a social security number has exactly 11 digits")]
    InvalidLength,
    #[error("the social security number's check digit does not match")]
    InvalidCheckDigit,
    #[error("a social security number starts with a birth date (DDMMYY)")]
    InvalidBirthDate,
}

error_codes!(SocialSecurityNumberError {
    Empty => "required",
    NotDigits => "not_digits",
    InvalidLength => "invalid_length",
    InvalidCheckDigit => "invalid_check_digit",
    InvalidBirthDate => "invalid_birth_date",
});

impl SocialSecurityNumber {
    /// The form of an ΑΜΚΑ (its check digit and birth date are checked by [`Self::parse`]).
    pub const PATTERN: &str = "^[0-9]{11}$";

    pub fn parse(input: &str) -> Result<Self, SocialSecurityNumberError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(SocialSecurityNumberError::Empty);
        }
        if !input.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SocialSecurityNumberError::NotDigits);
        }
        if input.len() != 11 {
            return Err(SocialSecurityNumberError::InvalidLength);
        }
        if !luhn_valid(input) {
            return Err(SocialSecurityNumberError::InvalidCheckDigit);
        }
        let number = Self(input.to_owned());
        let (day, month, yy) = number.birth_day_month_year();
        // The century is not encoded: the date has to exist in 19YY or in 20YY (29 Feb 00 does).
        let exists = |century: i16| Date::new(century + yy, month, day).is_ok();
        if !exists(1900) && !exists(2000) {
            return Err(SocialSecurityNumberError::InvalidBirthDate);
        }
        Ok(number)
    }

    /// Whether the number starts with this date, the check made when a citizen gives both.
    pub fn matches_birth_date(&self, date: Date) -> bool {
        let (day, month, yy) = self.birth_day_month_year();
        date.day() == day && date.month() == month && date.year().rem_euclid(100) == yy
    }

    fn birth_day_month_year(&self) -> (i8, i8, i16) {
        let two = |at: usize| {
            let b = self.0.as_bytes();
            (b[at] - b'0') * 10 + (b[at + 1] - b'0')
        };
        (two(0) as i8, two(2) as i8, i16::from(two(4)))
    }
}

/// Luhn over ASCII digits: from the right, every second digit doubled (minus 9 past 9).
fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

text_value!(SocialSecurityNumber, SocialSecurityNumberError);

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn valid_numbers_parse() {
        for valid in ["01019000122", "15038501233", "29020004569", "31129900010"] {
            assert_eq!(SocialSecurityNumber::parse(valid).unwrap().as_str(), valid);
        }
        assert_eq!(
            SocialSecurityNumber::parse(" 01019000122 ")
                .unwrap()
                .as_str(),
            "01019000122"
        );
    }

    #[test]
    fn every_single_digit_change_breaks_the_check() {
        let valid = "15038501233";
        for position in 0..11 {
            for digit in b'0'..=b'9' {
                let mut changed = valid.as_bytes().to_vec();
                if changed[position] == digit {
                    continue;
                }
                changed[position] = digit;
                let changed = String::from_utf8(changed).unwrap();
                assert!(SocialSecurityNumber::parse(&changed).is_err(), "{changed}");
            }
        }
        assert_eq!(
            SocialSecurityNumber::parse("01019000123"),
            Err(SocialSecurityNumberError::InvalidCheckDigit)
        );
        assert_eq!(
            SocialSecurityNumber::parse("15038501234"),
            Err(SocialSecurityNumberError::InvalidCheckDigit)
        );
    }

    #[test]
    fn the_first_six_digits_must_be_a_date() {
        // Each of these passes Luhn.
        for bad_date in ["32029000125", "00139000129", "29020100128"] {
            assert_eq!(
                SocialSecurityNumber::parse(bad_date),
                Err(SocialSecurityNumberError::InvalidBirthDate),
                "{bad_date}"
            );
        }
    }

    #[test]
    fn shape_errors() {
        assert_eq!(
            SocialSecurityNumber::parse(""),
            Err(SocialSecurityNumberError::Empty)
        );
        assert_eq!(
            SocialSecurityNumber::parse("0101900012"),
            Err(SocialSecurityNumberError::InvalidLength)
        );
        assert_eq!(
            SocialSecurityNumber::parse("010190001220"),
            Err(SocialSecurityNumberError::InvalidLength)
        );
        assert_eq!(
            SocialSecurityNumber::parse("0101900012X"),
            Err(SocialSecurityNumberError::NotDigits)
        );
        assert_eq!(
            SocialSecurityNumber::parse("010190 00122"),
            Err(SocialSecurityNumberError::NotDigits)
        );
    }

    #[test]
    fn birth_date_match_uses_day_month_and_two_digit_year() {
        let number = SocialSecurityNumber::parse("15038501233").unwrap();
        assert!(number.matches_birth_date(date(1985, 3, 15)));
        assert!(!number.matches_birth_date(date(1985, 3, 16)));
        assert!(!number.matches_birth_date(date(1985, 4, 15)));
        assert!(!number.matches_birth_date(date(1986, 3, 15)));
        let leap = SocialSecurityNumber::parse("29020004569").unwrap();
        assert!(leap.matches_birth_date(date(2000, 2, 29)));
        assert!(!leap.matches_birth_date(date(2000, 2, 28)));
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(SocialSecurityNumberError::Empty.code(), "required");
        assert_eq!(SocialSecurityNumberError::NotDigits.code(), "not_digits");
        assert_eq!(
            SocialSecurityNumberError::InvalidLength.code(),
            "invalid_length"
        );
        assert_eq!(
            SocialSecurityNumberError::InvalidCheckDigit.code(),
            "invalid_check_digit"
        );
        assert_eq!(
            SocialSecurityNumberError::InvalidBirthDate.code(),
            "invalid_birth_date"
        );
    }

    #[test]
    fn serde_is_the_plain_string() {
        let number = SocialSecurityNumber::parse("01019000122").unwrap();
        assert_eq!(serde_json::to_string(&number).unwrap(), r#""01019000122""#);
        assert_eq!(
            serde_json::from_str::<SocialSecurityNumber>(r#""01019000122""#).unwrap(),
            number
        );
        assert!(serde_json::from_str::<SocialSecurityNumber>(r#""01019000123""#).is_err());
    }
}
