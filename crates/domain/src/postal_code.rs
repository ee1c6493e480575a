use crate::error_code::error_codes;
use crate::text_value::text_value;

/// A Greek postal code (ΤΚ): five digits, first 1–8, stored without the customary space.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PostalCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PostalCodeError {
    #[error("a postal code is required")]
    Empty,
    #[error("a postal code has only digits, as in 105 57")]
    NotDigits,
    #[error("a postal code has exactly 5 digits")]
    InvalidLength,
    #[error("a Greek postal code starts with a digit from 1 to 8")]
    InvalidFirstDigit,
}

error_codes!(PostalCodeError {
    Empty => "required",
    NotDigits => "not_digits",
    InvalidLength => "invalid_length",
    InvalidFirstDigit => "invalid_first_digit",
});

impl PostalCode {
    /// The forms [`Self::parse`] accepts: five digits, the first 1–8, optionally written `105 57`.
    pub const PATTERN: &str = "^[1-8][0-9]{2} ?[0-9]{2}$";

    pub fn parse(input: &str) -> Result<Self, PostalCodeError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(PostalCodeError::Empty);
        }
        // Greek addresses write it "105 57": one space, after the third digit, and nowhere else.
        let code = match input.split_once(' ') {
            Some((head, tail)) if head.len() == 3 => format!("{head}{tail}"),
            _ => input.to_owned(),
        };
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PostalCodeError::NotDigits);
        }
        if code.len() != 5 {
            return Err(PostalCodeError::InvalidLength);
        }
        if !(b'1'..=b'8').contains(&code.as_bytes()[0]) {
            return Err(PostalCodeError::InvalidFirstDigit);
        }
        Ok(Self(code))
    }
}

text_value!(PostalCode, PostalCodeError);

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(input: &str) -> String {
        PostalCode::parse(input).unwrap().as_str().to_owned()
    }

    #[test]
    fn accepts_with_or_without_the_space() {
        assert_eq!(parsed("10557"), "10557");
        assert_eq!(parsed("105 57"), "10557");
        assert_eq!(parsed(" 546 21 "), "54621");
        assert_eq!(parsed("85100"), "85100");
    }

    #[test]
    fn space_only_after_the_third_digit() {
        assert_eq!(PostalCode::parse("10 557"), Err(PostalCodeError::NotDigits));
        assert_eq!(PostalCode::parse("1055 7"), Err(PostalCodeError::NotDigits));
        assert_eq!(
            PostalCode::parse("105  57"),
            Err(PostalCodeError::NotDigits)
        );
        assert_eq!(
            PostalCode::parse("105 5 7"),
            Err(PostalCodeError::NotDigits)
        );
        assert_eq!(PostalCode::parse("105-57"), Err(PostalCodeError::NotDigits));
    }

    #[test]
    fn shape_errors() {
        assert_eq!(PostalCode::parse(""), Err(PostalCodeError::Empty));
        assert_eq!(
            PostalCode::parse("1055"),
            Err(PostalCodeError::InvalidLength)
        );
        assert_eq!(
            PostalCode::parse("105 5"),
            Err(PostalCodeError::InvalidLength)
        );
        assert_eq!(
            PostalCode::parse("105570"),
            Err(PostalCodeError::InvalidLength)
        );
        assert_eq!(PostalCode::parse("1O557"), Err(PostalCodeError::NotDigits));
    }

    #[test]
    fn first_digit_is_one_to_eight() {
        assert_eq!(parsed("18545"), "18545");
        assert_eq!(parsed("84100"), "84100");
        assert_eq!(
            PostalCode::parse("00557"),
            Err(PostalCodeError::InvalidFirstDigit)
        );
        assert_eq!(
            PostalCode::parse("90210"),
            Err(PostalCodeError::InvalidFirstDigit)
        );
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(PostalCodeError::Empty.code(), "required");
        assert_eq!(PostalCodeError::NotDigits.code(), "not_digits");
        assert_eq!(PostalCodeError::InvalidLength.code(), "invalid_length");
        assert_eq!(
            PostalCodeError::InvalidFirstDigit.code(),
            "invalid_first_digit"
        );
    }

    #[test]
    fn serde_is_the_normalised_string() {
        let code: PostalCode = serde_json::from_str(r#""105 57""#).unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), r#""10557""#);
        assert!(serde_json::from_str::<PostalCode>(r#""99999""#).is_err());
    }
}
