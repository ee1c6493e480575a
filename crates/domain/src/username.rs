use crate::error_code::error_codes;
use crate::text_value::text_value;
use unicode_normalization::UnicodeNormalization;

/// A login name in canonical form: lowercase ASCII letters, digits, `.`, `_`, `-`.
///
/// Canonical so that "Maria.P" and "maria.p" cannot be two accounts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Username(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UsernameError {
    #[error("a username is required")]
    Empty,
    #[error("a username has at least {} characters", Username::MIN_CHARS)]
    TooShort,
    #[error("a username has at most {} characters", Username::MAX_CHARS)]
    TooLong,
    #[error("a username may contain only latin letters, digits, '.', '_' and '-'")]
    InvalidCharacter,
    #[error("a username starts and ends with a letter or a digit")]
    InvalidStartOrEnd,
}

error_codes!(UsernameError {
    Empty => "required",
    TooShort => "too_short",
    TooLong => "too_long",
    InvalidCharacter => "invalid_character",
    InvalidStartOrEnd => "invalid_start_or_end",
});

impl Username {
    pub const MIN_CHARS: usize = 3;
    pub const MAX_CHARS: usize = 32;
    /// The characters and ends [`Self::parse`] accepts (in either case), lengths apart.
    pub const PATTERN: &str = "^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$";

    pub fn parse(input: &str) -> Result<Self, UsernameError> {
        // NFKC first, so full-width letters and ligatures typed on phones fold onto plain ASCII.
        let name = input.trim().nfkc().collect::<String>().to_lowercase();
        if name.is_empty() {
            return Err(UsernameError::Empty);
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        {
            return Err(UsernameError::InvalidCharacter);
        }
        // Only ASCII is left, so bytes are characters.
        if name.len() < Self::MIN_CHARS {
            return Err(UsernameError::TooShort);
        }
        if name.len() > Self::MAX_CHARS {
            return Err(UsernameError::TooLong);
        }
        let alphanumeric = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if !alphanumeric(name.chars().next()) || !alphanumeric(name.chars().last()) {
            return Err(UsernameError::InvalidStartOrEnd);
        }
        Ok(Self(name))
    }
}

text_value!(Username, UsernameError);

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(input: &str) -> String {
        Username::parse(input).unwrap().as_str().to_owned()
    }

    #[test]
    fn canonical_form_is_trimmed_and_lowercased() {
        assert_eq!(parsed("Maria.P"), "maria.p");
        assert_eq!(parsed("  giorgos_1980 "), "giorgos_1980");
        assert_eq!(parsed("a-b"), "a-b");
        assert_eq!(parsed("x9z"), "x9z");
    }

    #[test]
    fn full_width_and_ligature_forms_fold_to_ascii() {
        assert_eq!(parsed("Ｍａｒｉａ"), "maria");
        assert_eq!(parsed("ﬁlippos"), "filippos");
    }

    #[test]
    fn length_is_bounded_after_normalisation() {
        assert_eq!(parsed("abc"), "abc");
        assert_eq!(parsed(&"a".repeat(32)), "a".repeat(32));
        assert_eq!(Username::parse("ab"), Err(UsernameError::TooShort));
        assert_eq!(Username::parse(" ab "), Err(UsernameError::TooShort));
        assert_eq!(
            Username::parse(&"a".repeat(33)),
            Err(UsernameError::TooLong)
        );
    }

    #[test]
    fn empty_and_blank_are_missing() {
        assert_eq!(Username::parse(""), Err(UsernameError::Empty));
        assert_eq!(Username::parse("   "), Err(UsernameError::Empty));
    }

    #[test]
    fn other_characters_are_refused() {
        for bad in [
            "maria p",
            "μαρία",
            "maria@x",
            "maria+1",
            "ma/ria",
            "maria!",
            "josé",
        ] {
            assert_eq!(
                Username::parse(bad),
                Err(UsernameError::InvalidCharacter),
                "{bad}"
            );
        }
    }

    #[test]
    fn must_start_and_end_with_a_letter_or_digit() {
        for bad in [".maria", "maria.", "_abc", "abc-", "-a-"] {
            assert_eq!(
                Username::parse(bad),
                Err(UsernameError::InvalidStartOrEnd),
                "{bad}"
            );
        }
        assert_eq!(parsed("1.2"), "1.2");
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(UsernameError::Empty.code(), "required");
        assert_eq!(UsernameError::TooShort.code(), "too_short");
        assert_eq!(UsernameError::TooLong.code(), "too_long");
        assert_eq!(UsernameError::InvalidCharacter.code(), "invalid_character");
        assert_eq!(
            UsernameError::InvalidStartOrEnd.code(),
            "invalid_start_or_end"
        );
    }

    #[test]
    fn conversions_and_serde_go_through_parse() {
        let name: Username = "Maria.P".parse().unwrap();
        assert_eq!(name.to_string(), "maria.p");
        assert_eq!(Username::try_from("Nikos").unwrap().as_str(), "nikos");
        assert_eq!(serde_json::to_string(&name).unwrap(), r#""maria.p""#);
        let back: Username = serde_json::from_str(r#""MARIA.P""#).unwrap();
        assert_eq!(back, name);
        assert!(serde_json::from_str::<Username>(r#""ab""#).is_err());
    }
}
