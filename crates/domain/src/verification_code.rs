use crate::error_code::error_codes;
use crate::text_value::parsed_value;
use std::fmt;

/// The code printed on an issued document (and held by its QR code) by which anyone can check it:
/// 60 random bits from the operating system, written as 12 characters of Crockford's base32
/// (digits and capitals without I, L, O and U, so nothing reads as another character) in three
/// groups of four, `7KQ2-M9XD-3HTR`.
///
/// Parsing is forgiving where people are: lower case, spaces and hyphens anywhere, and the
/// letters Crockford maps to digits (I and L → 1, O → 0) are accepted; U is not.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VerificationCode(u64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VerificationCodeError {
    #[error("a verification code is required")]
    Empty,
    #[error("a verification code has 12 characters: digits and letters other than U")]
    InvalidFormat,
}

error_codes!(VerificationCodeError {
    Empty => "required",
    InvalidFormat => "invalid_format",
});

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl VerificationCode {
    /// Characters in a code (without the separators).
    pub const LENGTH: usize = 12;
    /// Random bits in a code.
    pub const BITS: u32 = 5 * Self::LENGTH as u32;
    /// The written form: three groups of four, joined by hyphens.
    pub const PATTERN: &str = "^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$";
    const MASK: u64 = (1 << Self::BITS) - 1;

    /// A new code from the operating system's random number generator.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).expect("the operating system's random number generator");
        Self(u64::from_le_bytes(bytes) & Self::MASK)
    }

    /// The code made of these 60 bits (the higher bits are ignored); for tests and storage.
    pub fn from_bits(bits: u64) -> Self {
        Self(bits & Self::MASK)
    }

    pub fn bits(self) -> u64 {
        self.0
    }

    pub fn parse(input: &str) -> Result<Self, VerificationCodeError> {
        let mut bits = 0u64;
        let mut count = 0usize;
        for c in input.chars() {
            if c == '-' || c.is_whitespace() {
                continue;
            }
            let value = match c.to_ascii_uppercase() {
                'O' => 0,
                'I' | 'L' => 1,
                upper => ALPHABET
                    .iter()
                    .position(|&a| char::from(a) == upper)
                    .ok_or(VerificationCodeError::InvalidFormat)?,
            };
            count += 1;
            if count > Self::LENGTH {
                return Err(VerificationCodeError::InvalidFormat);
            }
            bits = (bits << 5) | value as u64;
        }
        match count {
            0 => Err(VerificationCodeError::Empty),
            Self::LENGTH => Ok(Self(bits)),
            _ => Err(VerificationCodeError::InvalidFormat),
        }
    }
}

impl fmt::Display for VerificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = [0u8; Self::LENGTH + 2];
        let mut at = 0;
        for i in 0..Self::LENGTH {
            if i > 0 && i % 4 == 0 {
                out[at] = b'-';
                at += 1;
            }
            let shift = 5 * (Self::LENGTH - 1 - i);
            out[at] = ALPHABET[((self.0 >> shift) & 31) as usize];
            at += 1;
        }
        f.write_str(std::str::from_utf8(&out).expect("ASCII"))
    }
}

impl fmt::Debug for VerificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerificationCode({self})")
    }
}

parsed_value!(VerificationCode, VerificationCodeError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_three_groups_of_four_in_crockford_base32() {
        assert_eq!(VerificationCode::from_bits(0).to_string(), "0000-0000-0000");
        assert_eq!(
            VerificationCode::from_bits(31).to_string(),
            "0000-0000-000Z"
        );
        assert_eq!(
            VerificationCode::from_bits(u64::MAX).to_string(),
            "ZZZZ-ZZZZ-ZZZZ"
        );
        assert_eq!(
            VerificationCode::from_bits(0x0123_4567_89AB_CDEF).to_string(),
            "28T5-CY4T-QKFF"
        );
        assert_eq!(VerificationCode::BITS, 60);
    }

    #[test]
    fn parses_its_own_format_and_forgiving_spellings() {
        let code = VerificationCode::from_bits(0x0123_4567_89AB_CDEF);
        for spelling in [
            "28T5-CY4T-QKFF",
            "28t5cy4tqkff",
            " 28T5 CY4T QKFF ",
            "28-T5-CY-4T-QK-FF",
        ] {
            assert_eq!(VerificationCode::parse(spelling), Ok(code), "{spelling}");
        }
        assert_eq!(
            VerificationCode::parse("OOOO-IIII-LLLL"),
            VerificationCode::parse("0000-1111-1111")
        );
        for _ in 0..100 {
            let code = VerificationCode::generate();
            assert_eq!(VerificationCode::parse(&code.to_string()), Ok(code));
            assert!(regex_like_pattern(&code.to_string()), "{code}");
        }
    }

    #[test]
    fn other_input_is_refused() {
        assert_eq!(
            VerificationCode::parse(""),
            Err(VerificationCodeError::Empty)
        );
        assert_eq!(
            VerificationCode::parse(" - "),
            Err(VerificationCodeError::Empty)
        );
        for bad in [
            "28T5-CY4T-YKF",
            "28T5-CY4T-QKFFF",
            "28T5-CY4T-YKFU",
            "28T5_CY4T_YKFF",
            "28T5-CY4T-YKFΑ",
        ] {
            assert_eq!(
                VerificationCode::parse(bad),
                Err(VerificationCodeError::InvalidFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn generated_codes_differ_and_use_all_sixty_bits() {
        let codes: Vec<_> = (0..64).map(|_| VerificationCode::generate()).collect();
        let mut distinct = codes.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), codes.len());
        let ored = codes.iter().fold(0, |acc, c| acc | c.bits());
        // With 64 codes, a bit never set has probability 2^-64 per bit.
        assert_eq!(ored, (1u64 << 60) - 1);
    }

    fn regex_like_pattern(s: &str) -> bool {
        let groups: Vec<_> = s.split('-').collect();
        groups.len() == 3
            && groups.iter().all(|g| {
                g.len() == 4
                    && g.bytes()
                        .all(|b| ALPHABET.contains(&b) && !b"ILOU".contains(&b))
            })
    }
}
