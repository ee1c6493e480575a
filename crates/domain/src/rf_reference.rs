//! ISO 11649 structured creditor references ("RF" references), as the treasury issues them for
//! paying a debt or a fine at a bank.
//!
//! The portal never makes one up: a reference exists only when the treasury's feed gave it, and
//! [`RfReference::parse`] is the only way to get one, so a stored or shown reference has passed
//! the standard's check.

use crate::error_code::error_codes;
use crate::text_value::text_value;

/// An ISO 11649 creditor reference: `RF`, two check digits, and 1–21 letters or digits, the
/// whole (body first, then `RF` and the check digits, letters as 10–35) ≡ 1 mod 97. Held
/// compact and upper-case (`RF18539007547034`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RfReference(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RfReferenceError {
    #[error("a payment reference is required")]
    Empty,
    #[error("an RF reference is RF, two check digits and 1 to 21 letters or digits")]
    InvalidFormat,
    #[error("the RF reference's check digits do not match")]
    InvalidCheckDigits,
}

error_codes!(RfReferenceError {
    Empty => "required",
    InvalidFormat => "invalid_format",
    InvalidCheckDigits => "invalid_check_digits",
});

/// The longest reference: `RF`, two check digits, 21 characters of body.
const MAX_LEN: usize = 25;

impl RfReference {
    /// Reads a reference as people write it: spaces (the printed groups of four) are dropped
    /// and letters upper-cased.
    pub fn parse(input: &str) -> Result<RfReference, RfReferenceError> {
        let mut compact = String::with_capacity(MAX_LEN);
        for c in input.chars().filter(|c| !c.is_whitespace()) {
            if !c.is_ascii_alphanumeric() || compact.len() == MAX_LEN {
                return Err(RfReferenceError::InvalidFormat);
            }
            compact.push(c.to_ascii_uppercase());
        }
        if compact.is_empty() {
            return Err(RfReferenceError::Empty);
        }
        let bytes = compact.as_bytes();
        if compact.len() < 5
            || !compact.starts_with("RF")
            || !bytes[2].is_ascii_digit()
            || !bytes[3].is_ascii_digit()
        {
            return Err(RfReferenceError::InvalidFormat);
        }
        let (head, body) = compact.split_at(4);
        if mod97(body.chars().chain(head.chars())) != 1 {
            return Err(RfReferenceError::InvalidCheckDigits);
        }
        Ok(RfReference(compact))
    }

    /// The reference in groups of four, as printed on a payment slip (`RF18 5390 0754 7034`).
    pub fn grouped(&self) -> String {
        let mut out = String::with_capacity(self.0.len() + self.0.len() / 4);
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }
}

text_value!(RfReference, RfReferenceError);

/// The remainder modulo 97 of the number the characters stand for, letters as 10–35 (ISO 7064).
fn mod97(chars: impl Iterator<Item = char>) -> u32 {
    chars.fold(0_u32, |acc, c| {
        let value = c.to_digit(36).unwrap_or(0);
        if value >= 10 {
            (acc * 100 + value) % 97
        } else {
            (acc * 10 + value) % 97
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check digits computed a second way (the textbook: move `RF00` to the end, letters to
    /// numbers, 98 − the remainder), to test the examples against something other than the code
    /// under test.
    fn check_digits(body: &str) -> String {
        let digits: String = format!("{body}RF00")
            .chars()
            .map(|c| c.to_digit(36).unwrap().to_string())
            .collect();
        let remainder = digits
            .bytes()
            .fold(0_u64, |acc, b| (acc * 10 + u64::from(b - b'0')) % 97);
        format!("{:02}", 98 - remainder)
    }

    /// The example of ISO 11649 itself, and references built by the textbook method.
    #[test]
    fn the_standards_example_and_textbook_references_are_valid() {
        assert_eq!(check_digits("539007547034"), "18");
        let r = RfReference::parse("RF18 5390 0754 7034").unwrap();
        assert_eq!(r.as_str(), "RF18539007547034");
        assert_eq!(r.grouped(), "RF18 5390 0754 7034");
        for body in [
            "1",
            "A",
            "TAP2024000123",
            "ABC123",
            "123",
            "ZZZZZZZZZZZZZZZZZZZZZ",
        ] {
            let text = format!("RF{}{body}", check_digits(body));
            assert_eq!(
                RfReference::parse(&text).map(String::from),
                Ok(text.clone())
            );
        }
    }

    #[test]
    fn spaces_and_case_are_normalised() {
        assert_eq!(
            RfReference::parse("  rf18 5390 0754 7034 ")
                .unwrap()
                .as_str(),
            "RF18539007547034"
        );
        let compact = format!("RF{}TAP2024000123", check_digits("TAP2024000123"));
        let typed = RfReference::parse(&compact)
            .unwrap()
            .grouped()
            .to_lowercase();
        assert_eq!(RfReference::parse(&typed).unwrap().as_str(), compact);
    }

    #[test]
    fn wrong_check_digits_are_refused() {
        assert_eq!(
            RfReference::parse("RF19539007547034"),
            Err(RfReferenceError::InvalidCheckDigits)
        );
        // One character of the body changed.
        assert_eq!(
            RfReference::parse("RF18539007547035"),
            Err(RfReferenceError::InvalidCheckDigits)
        );
    }

    #[test]
    fn the_shape_is_checked() {
        for bad in [
            "XX18539007547034",
            "RF1853900754703",
            "RF",
            "RF18",
            "RFAB539007547034",
            "RF18-5390-0754-7034",
            "RF18ΑΒΓ",
            "RF18 1234567890 1234567890 12",
            "539007547034",
        ] {
            assert_eq!(
                RfReference::parse(bad).map_err(|e| e.code()),
                Err(if bad == "RF1853900754703" {
                    "invalid_check_digits"
                } else {
                    "invalid_format"
                }),
                "{bad}"
            );
        }
        assert_eq!(RfReference::parse("   "), Err(RfReferenceError::Empty));
        assert_eq!(RfReference::parse(""), Err(RfReferenceError::Empty));
        // 21 characters of body is the most.
        let longest = format!("RF{}{}", check_digits(&"9".repeat(21)), "9".repeat(21));
        assert!(RfReference::parse(&longest).is_ok());
    }
}
