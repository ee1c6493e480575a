use crate::error_code::error_codes;
use crate::text_value::parsed_value;
use std::fmt;

/// A request's protocol number, `YYYY/NNNNNN`: the year and its gap-free sequence from 1.
///
/// Orders by year, then sequence, which is the order the numbers were given out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProtocolNumber {
    year: i16,
    sequence: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolNumberError {
    #[error("a protocol number is required")]
    Empty,
    #[error("a protocol number is written YYYY/NNNNNN")]
    InvalidFormat,
    #[error("a protocol number's year has four digits")]
    InvalidYear,
    #[error(
        "a protocol number's sequence is from 1 to {}",
        ProtocolNumber::MAX_SEQUENCE
    )]
    InvalidSequence,
}

error_codes!(ProtocolNumberError {
    Empty => "required",
    InvalidFormat => "invalid_format",
    InvalidYear => "invalid_year",
    InvalidSequence => "invalid_sequence",
});

impl ProtocolNumber {
    pub const MAX_SEQUENCE: u32 = 999_999;
    /// The written form, `YYYY/NNNNNN`.
    pub const PATTERN: &str = "^[0-9]{4}/[0-9]{6}$";

    pub fn new(year: i16, sequence: u32) -> Result<Self, ProtocolNumberError> {
        if !(1000..=9999).contains(&year) {
            return Err(ProtocolNumberError::InvalidYear);
        }
        if !(1..=Self::MAX_SEQUENCE).contains(&sequence) {
            return Err(ProtocolNumberError::InvalidSequence);
        }
        Ok(Self { year, sequence })
    }

    pub fn parse(input: &str) -> Result<Self, ProtocolNumberError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(ProtocolNumberError::Empty);
        }
        let Some((year, sequence)) = input.split_once('/') else {
            return Err(ProtocolNumberError::InvalidFormat);
        };
        let all_digits =
            |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(year, 4) || !all_digits(sequence, 6) {
            return Err(ProtocolNumberError::InvalidFormat);
        }
        let number = |s: &str| s.parse().map_err(|_| ProtocolNumberError::InvalidFormat);
        Self::new(number(year)? as i16, number(sequence)?)
    }

    pub fn year(self) -> i16 {
        self.year
    }

    pub fn sequence(self) -> u32 {
        self.sequence
    }
}

impl fmt::Display for ProtocolNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:06}", self.year, self.sequence)
    }
}

parsed_value!(ProtocolNumber, ProtocolNumberError);

impl TryFrom<&str> for ProtocolNumber {
    type Error = ProtocolNumberError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl TryFrom<String> for ProtocolNumber {
    type Error = ProtocolNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_from_year_and_sequence() {
        let number = ProtocolNumber::new(2025, 42).unwrap();
        assert_eq!(number.to_string(), "2025/000042");
        assert_eq!((number.year(), number.sequence()), (2025, 42));
        assert_eq!(
            ProtocolNumber::new(2025, 1).unwrap().to_string(),
            "2025/000001"
        );
        assert_eq!(
            ProtocolNumber::new(2025, 999_999).unwrap().to_string(),
            "2025/999999"
        );
    }

    #[test]
    fn out_of_range_parts_are_refused() {
        assert_eq!(
            ProtocolNumber::new(2025, 0),
            Err(ProtocolNumberError::InvalidSequence)
        );
        assert_eq!(
            ProtocolNumber::new(2025, 1_000_000),
            Err(ProtocolNumberError::InvalidSequence)
        );
        assert_eq!(
            ProtocolNumber::new(999, 1),
            Err(ProtocolNumberError::InvalidYear)
        );
        assert_eq!(
            ProtocolNumber::new(10_000, 1),
            Err(ProtocolNumberError::InvalidYear)
        );
        assert_eq!(
            ProtocolNumber::new(-2025, 1),
            Err(ProtocolNumberError::InvalidYear)
        );
    }

    #[test]
    fn parses_its_own_format() {
        assert_eq!(
            ProtocolNumber::parse("2025/000042"),
            ProtocolNumber::new(2025, 42)
        );
        assert_eq!(
            ProtocolNumber::parse(" 2026/123456 "),
            ProtocolNumber::new(2026, 123_456)
        );
        for sample in ["2025/000001", "1999/999999"] {
            assert_eq!(ProtocolNumber::parse(sample).unwrap().to_string(), sample);
        }
    }

    #[test]
    fn other_spellings_are_refused() {
        for bad in [
            "2025/42",
            "2025-000042",
            "25/000042",
            "2025/0000042",
            "2025/00004a",
            "2025 / 000042",
            "/000042",
            "2025/",
            "2025/+00042",
        ] {
            assert_eq!(
                ProtocolNumber::parse(bad),
                Err(ProtocolNumberError::InvalidFormat),
                "{bad}"
            );
        }
        assert_eq!(
            ProtocolNumber::parse("2025/000000"),
            Err(ProtocolNumberError::InvalidSequence)
        );
        assert_eq!(
            ProtocolNumber::parse("0999/000001"),
            Err(ProtocolNumberError::InvalidYear)
        );
        assert_eq!(ProtocolNumber::parse(""), Err(ProtocolNumberError::Empty));
    }

    #[test]
    fn orders_by_year_then_sequence() {
        let a = ProtocolNumber::new(2024, 999_999).unwrap();
        let b = ProtocolNumber::new(2025, 1).unwrap();
        let c = ProtocolNumber::new(2025, 2).unwrap();
        assert!(a < b && b < c);
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(ProtocolNumberError::Empty.code(), "required");
        assert_eq!(ProtocolNumberError::InvalidFormat.code(), "invalid_format");
        assert_eq!(ProtocolNumberError::InvalidYear.code(), "invalid_year");
        assert_eq!(
            ProtocolNumberError::InvalidSequence.code(),
            "invalid_sequence"
        );
    }

    #[test]
    fn serde_is_the_plain_string() {
        let number = ProtocolNumber::new(2025, 7).unwrap();
        assert_eq!(serde_json::to_string(&number).unwrap(), r#""2025/000007""#);
        assert_eq!(
            serde_json::from_str::<ProtocolNumber>(r#""2025/000007""#).unwrap(),
            number
        );
        assert!(serde_json::from_str::<ProtocolNumber>(r#""2025/7""#).is_err());
    }
}
