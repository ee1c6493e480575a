use crate::error_code::error_codes;
use std::fmt;
use unicode_normalization::UnicodeNormalization;

/// A password of acceptable length, NFC-normalised so that the same passphrase typed on two
/// keyboards (precomposed "ά" or "α" + accent) hashes the same.
///
/// No `Display` or `Serialize`, and `Debug` hides it: it must never reach a log or a page.
/// Breached-list and strength checks are done elsewhere.
#[derive(Clone)]
pub struct Password(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("a password is required")]
    Empty,
    #[error("a password has at least {} characters", Password::MIN_CHARS)]
    TooShort,
    #[error("a password has at most {} characters", Password::MAX_CHARS)]
    TooLong,
}

error_codes!(PasswordError {
    Empty => "required",
    TooShort => "too_short",
    TooLong => "too_long",
});

impl Password {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(input: &str) -> Result<Self, PasswordError> {
        if input.is_empty() {
            return Err(PasswordError::Empty);
        }
        let password: String = input.nfc().collect();
        // Characters, not bytes: a Greek passphrase is not "longer" than a Latin one.
        let chars = password.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > Self::MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        Ok(Self(password))
    }

    /// The password itself, for hashing and strength checks only.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

impl std::str::FromStr for Password {
    type Err = PasswordError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for Password {
    type Error = PasswordError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters() {
        assert_eq!(
            Password::parse("abcdefghijkl").unwrap().as_str(),
            "abcdefghijkl"
        );
        // 12 Greek letters are 24 bytes but 12 characters.
        assert_eq!(
            Password::parse("αβγδεζηθικλμ").unwrap().as_str(),
            "αβγδεζηθικλμ"
        );
        assert_eq!(
            Password::parse("αβγδεζηθικλ").unwrap_err(),
            PasswordError::TooShort
        );
        assert_eq!(
            Password::parse(&"ω".repeat(128))
                .unwrap()
                .as_str()
                .chars()
                .count(),
            128
        );
        assert_eq!(
            Password::parse(&"ω".repeat(129)).unwrap_err(),
            PasswordError::TooLong
        );
    }

    #[test]
    fn short_and_empty_are_refused() {
        assert_eq!(Password::parse("").unwrap_err(), PasswordError::Empty);
        assert_eq!(
            Password::parse("abcdefghijk").unwrap_err(),
            PasswordError::TooShort
        );
        assert_eq!(
            Password::parse("           ").unwrap_err(),
            PasswordError::TooShort
        );
    }

    #[test]
    fn spaces_are_kept_as_typed() {
        let phrase = "  correct horse battery  ";
        assert_eq!(Password::parse(phrase).unwrap().as_str(), phrase);
    }

    #[test]
    fn decomposed_accents_are_composed() {
        let decomposed = "καλημε\u{3c1}\u{3b1}\u{301} φίλε";
        let password = Password::parse(decomposed).unwrap();
        assert_eq!(password.as_str(), "καλημερά φίλε");
        // Combining marks would otherwise count as characters of their own.
        assert_eq!(
            Password::parse("\u{3b1}\u{301}".repeat(7).as_str()).unwrap_err(),
            PasswordError::TooShort
        );
    }

    #[test]
    fn debug_never_shows_the_password() {
        let password = Password::parse("my secret passphrase").unwrap();
        assert_eq!(format!("{password:?}"), "Password(***)");
        assert_eq!(format!("{:?}", Ok::<_, ()>(password)), "Ok(Password(***))");
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(PasswordError::Empty.code(), "required");
        assert_eq!(PasswordError::TooShort.code(), "too_short");
        assert_eq!(PasswordError::TooLong.code(), "too_long");
    }
}
