use crate::error_code::error_codes;
use crate::text_value::text_value;

/// A telephone number in E.164 form (`+` and 8–15 digits), e.g. `+306912345678`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneNumberError {
    #[error("a phone number is required")]
    Empty,
    #[error("a phone number has only digits, after an optional leading '+'")]
    InvalidCharacter,
    #[error("a phone number has at least 8 digits with its country code")]
    TooShort,
    #[error("a phone number has at most 15 digits with its country code")]
    TooLong,
    #[error("add the country code, as in +30")]
    MissingCountryCode,
    #[error("a country code does not start with 0")]
    InvalidCountryCode,
    #[error("a Greek number has 10 digits after +30")]
    InvalidGreekNumber,
}

error_codes!(PhoneNumberError {
    Empty => "required",
    InvalidCharacter => "invalid_character",
    TooShort => "too_short",
    TooLong => "too_long",
    MissingCountryCode => "missing_country_code",
    InvalidCountryCode => "invalid_country_code",
    InvalidGreekNumber => "invalid_greek_number",
});

impl PhoneNumber {
    const GREECE: &str = "30";
    /// The characters [`Self::parse`] reads: digits after an optional `+` or `00`, spaces and
    /// hyphens ignored (the digit counts are checked by it).
    pub const PATTERN: &str = "^\\+?[0-9][0-9 -]*$";

    pub fn parse(input: &str) -> Result<Self, PhoneNumberError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if compact.is_empty() {
            return Err(PhoneNumberError::Empty);
        }
        // "00" is how international numbers are dialled from Greece, so people write it too.
        let international = compact
            .strip_prefix('+')
            .or_else(|| compact.strip_prefix("00"));
        let digits = international.unwrap_or(&compact);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PhoneNumberError::InvalidCharacter);
        }
        if international.is_none() {
            return greek_national(digits);
        }
        if digits.len() < 8 {
            return Err(PhoneNumberError::TooShort);
        }
        if digits.len() > 15 {
            return Err(PhoneNumberError::TooLong);
        }
        if digits.starts_with('0') {
            return Err(PhoneNumberError::InvalidCountryCode);
        }
        // Every Greek number, fixed or mobile, has exactly ten digits.
        if digits.starts_with(Self::GREECE) && digits.len() != Self::GREECE.len() + 10 {
            return Err(PhoneNumberError::InvalidGreekNumber);
        }
        Ok(Self(format!("+{digits}")))
    }

    pub fn is_greek(&self) -> bool {
        self.0[1..].starts_with(Self::GREECE)
    }
}

/// Without a country code only the familiar Greek forms are accepted: ten digits, a landline
/// (2…) or a mobile (69…). Anything else is too ambiguous to guess a country for.
fn greek_national(digits: &str) -> Result<PhoneNumber, PhoneNumberError> {
    if digits.len() == 10 && (digits.starts_with('2') || digits.starts_with("69")) {
        Ok(PhoneNumber(format!("+{}{digits}", PhoneNumber::GREECE)))
    } else {
        Err(PhoneNumberError::MissingCountryCode)
    }
}

text_value!(PhoneNumber, PhoneNumberError);

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(input: &str) -> String {
        PhoneNumber::parse(input).unwrap().as_str().to_owned()
    }

    #[test]
    fn greek_numbers_in_their_usual_forms() {
        assert_eq!(parsed("+30 6912345678"), "+306912345678");
        assert_eq!(parsed("6912345678"), "+306912345678");
        assert_eq!(parsed("691 234 5678"), "+306912345678");
        assert_eq!(parsed("69-1234-5678"), "+306912345678");
        assert_eq!(parsed("210 1234567"), "+302101234567");
        assert_eq!(parsed("0030 210 1234567"), "+302101234567");
        assert_eq!(parsed(" +30-210-123-4567 "), "+302101234567");
    }

    #[test]
    fn foreign_numbers_need_their_country_code() {
        assert_eq!(parsed("+49 30 1234567"), "+49301234567");
        assert_eq!(parsed("+1 202 555 0147"), "+12025550147");
        assert_eq!(parsed("+35799123456"), "+35799123456");
        assert_eq!(
            PhoneNumber::parse("02025550147"),
            Err(PhoneNumberError::MissingCountryCode)
        );
        assert_eq!(
            PhoneNumber::parse("3012345678"),
            Err(PhoneNumberError::MissingCountryCode)
        );
        assert_eq!(
            PhoneNumber::parse("6812345678"),
            Err(PhoneNumberError::MissingCountryCode)
        );
        assert_eq!(
            PhoneNumber::parse("691234567"),
            Err(PhoneNumberError::MissingCountryCode)
        );
        assert_eq!(
            PhoneNumber::parse("69123456789"),
            Err(PhoneNumberError::MissingCountryCode)
        );
    }

    #[test]
    fn e164_length_bounds() {
        assert_eq!(parsed("+49301234"), "+49301234");
        assert_eq!(
            PhoneNumber::parse("+4930123"),
            Err(PhoneNumberError::TooShort)
        );
        assert_eq!(parsed("+491234567890123"), "+491234567890123");
        assert_eq!(
            PhoneNumber::parse("+4912345678901234"),
            Err(PhoneNumberError::TooLong)
        );
    }

    #[test]
    fn greek_numbers_have_ten_digits() {
        assert_eq!(
            PhoneNumber::parse("+30 691234567"),
            Err(PhoneNumberError::InvalidGreekNumber)
        );
        assert_eq!(
            PhoneNumber::parse("+30 69123456789"),
            Err(PhoneNumberError::InvalidGreekNumber)
        );
    }

    #[test]
    fn other_characters_are_refused() {
        assert_eq!(PhoneNumber::parse(""), Err(PhoneNumberError::Empty));
        assert_eq!(PhoneNumber::parse(" - "), Err(PhoneNumberError::Empty));
        assert_eq!(
            PhoneNumber::parse("+"),
            Err(PhoneNumberError::InvalidCharacter)
        );
        assert_eq!(
            PhoneNumber::parse("(210) 1234567"),
            Err(PhoneNumberError::InvalidCharacter)
        );
        assert_eq!(
            PhoneNumber::parse("+30 69x2345678"),
            Err(PhoneNumberError::InvalidCharacter)
        );
        assert_eq!(
            PhoneNumber::parse("++306912345678"),
            Err(PhoneNumberError::InvalidCharacter)
        );
        assert_eq!(
            PhoneNumber::parse("69123+45678"),
            Err(PhoneNumberError::InvalidCharacter)
        );
        assert_eq!(
            PhoneNumber::parse("+0123456789"),
            Err(PhoneNumberError::InvalidCountryCode)
        );
    }

    #[test]
    fn knows_a_greek_number() {
        assert!(PhoneNumber::parse("6912345678").unwrap().is_greek());
        assert!(!PhoneNumber::parse("+35799123456").unwrap().is_greek());
    }

    #[test]
    fn codes_are_stable() {
        let codes = [
            (PhoneNumberError::Empty, "required"),
            (PhoneNumberError::InvalidCharacter, "invalid_character"),
            (PhoneNumberError::TooShort, "too_short"),
            (PhoneNumberError::TooLong, "too_long"),
            (PhoneNumberError::MissingCountryCode, "missing_country_code"),
            (PhoneNumberError::InvalidCountryCode, "invalid_country_code"),
            (PhoneNumberError::InvalidGreekNumber, "invalid_greek_number"),
        ];
        for (error, code) in codes {
            assert_eq!(error.code(), code);
        }
    }

    #[test]
    fn serde_is_the_e164_string() {
        let phone: PhoneNumber = serde_json::from_str(r#""69 1234 5678""#).unwrap();
        assert_eq!(serde_json::to_string(&phone).unwrap(), r#""+306912345678""#);
        assert!(serde_json::from_str::<PhoneNumber>(r#""12""#).is_err());
    }
}
