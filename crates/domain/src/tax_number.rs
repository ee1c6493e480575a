use crate::error_code::error_codes;
use crate::text_value::text_value;

/// A Greek tax registration number (ΑΦΜ): nine digits, the last one a check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaxNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TaxNumberError {
    #[error("a tax number is required")]
    Empty,
    #[error("a tax number has only digits")]
    NotDigits,
    #[error("a tax number has exactly 9 digits")]
    InvalidLength,
    #[error("a tax number cannot be all zeros")]
    AllZeros,
    #[error("the tax number's check digit does not match")]
    InvalidCheckDigit,
}

error_codes!(TaxNumberError {
    Empty => "required",
    NotDigits => "not_digits",
    InvalidLength => "invalid_length",
    AllZeros => "all_zeros",
    InvalidCheckDigit => "invalid_check_digit",
});

impl TaxNumber {
    /// The form of a tax number, for schemas and forms (the check digit is checked by [`Self::parse`]).
    pub const PATTERN: &str = "^[0-9]{9}$";

    pub fn parse(input: &str) -> Result<Self, TaxNumberError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(TaxNumberError::Empty);
        }
        if !input.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TaxNumberError::NotDigits);
        }
        if input.len() != 9 {
            return Err(TaxNumberError::InvalidLength);
        }
        let digits: Vec<u32> = input.bytes().map(|b| u32::from(b - b'0')).collect();
        // 000000000 passes the checksum, but no one has it.
        if digits.iter().all(|&d| d == 0) {
            return Err(TaxNumberError::AllZeros);
        }
        let weighted: u32 = digits[..8]
            .iter()
            .enumerate()
            .map(|(i, d)| d << (8 - i))
            .sum();
        if weighted % 11 % 10 != digits[8] {
            return Err(TaxNumberError::InvalidCheckDigit);
        }
        Ok(Self(input.to_owned()))
    }
}

text_value!(TaxNumber, TaxNumberError);

#[cfg(test)]
mod tests {
    use super::*;

    /// The check digit computed a second way (Horner's rule over powers of two), to test the
    /// examples against something other than the code under test.
    fn check_digit(first_eight: &str) -> u32 {
        let total = first_eight
            .chars()
            .fold(0, |acc, c| (acc + c.to_digit(10).unwrap()) * 2);
        total % 11 % 10
    }

    #[test]
    fn the_examples_are_valid_by_the_algorithm() {
        for example in ["090000045", "094014201", "123456783"] {
            assert_eq!(
                check_digit(&example[..8]),
                example[8..].parse::<u32>().unwrap(),
                "{example}"
            );
            assert_eq!(TaxNumber::parse(example).unwrap().as_str(), example);
        }
    }

    #[test]
    fn exactly_one_check_digit_fits_each_body() {
        for body in ["09000004", "09401420", "12345678", "99999999", "00000001"] {
            let valid: Vec<u32> = (0..10)
                .filter(|d| TaxNumber::parse(&format!("{body}{d}")).is_ok())
                .collect();
            assert_eq!(valid, vec![check_digit(body)], "{body}");
        }
    }

    #[test]
    fn a_wrong_check_digit_is_refused() {
        assert_eq!(
            TaxNumber::parse("090000046"),
            Err(TaxNumberError::InvalidCheckDigit)
        );
        assert_eq!(
            TaxNumber::parse("123456789"),
            Err(TaxNumberError::InvalidCheckDigit)
        );
        // Two swapped digits.
        assert_eq!(
            TaxNumber::parse("904014201"),
            Err(TaxNumberError::InvalidCheckDigit)
        );
    }

    #[test]
    fn shape_errors() {
        assert_eq!(TaxNumber::parse(""), Err(TaxNumberError::Empty));
        assert_eq!(TaxNumber::parse("   "), Err(TaxNumberError::Empty));
        assert_eq!(
            TaxNumber::parse("09000004"),
            Err(TaxNumberError::InvalidLength)
        );
        assert_eq!(
            TaxNumber::parse("0900000450"),
            Err(TaxNumberError::InvalidLength)
        );
        assert_eq!(
            TaxNumber::parse("09000004A"),
            Err(TaxNumberError::NotDigits)
        );
        assert_eq!(
            TaxNumber::parse("090 000 045"),
            Err(TaxNumberError::NotDigits)
        );
        assert_eq!(
            TaxNumber::parse("EL090000045"),
            Err(TaxNumberError::NotDigits)
        );
        assert_eq!(
            TaxNumber::parse("٠٩٠٠٠٠٠٤٥"),
            Err(TaxNumberError::NotDigits)
        );
        assert_eq!(TaxNumber::parse("000000000"), Err(TaxNumberError::AllZeros));
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        assert_eq!(
            TaxNumber::parse(" 094014201\n").unwrap().as_str(),
            "094014201"
        );
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(TaxNumberError::Empty.code(), "required");
        assert_eq!(TaxNumberError::NotDigits.code(), "not_digits");
        assert_eq!(TaxNumberError::InvalidLength.code(), "invalid_length");
        assert_eq!(TaxNumberError::AllZeros.code(), "all_zeros");
        assert_eq!(
            TaxNumberError::InvalidCheckDigit.code(),
            "invalid_check_digit"
        );
    }

    #[test]
    fn serde_is_the_plain_string() {
        let number = TaxNumber::parse("123456783").unwrap();
        assert_eq!(serde_json::to_string(&number).unwrap(), r#""123456783""#);
        assert_eq!(
            serde_json::from_str::<TaxNumber>(r#""123456783""#).unwrap(),
            number
        );
        assert!(serde_json::from_str::<TaxNumber>(r#""123456789""#).is_err());
    }
}
