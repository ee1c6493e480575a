use crate::error_code::error_codes;
use crate::text_value::text_value;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A given, family or father's name as the citizen writes it, accents kept, in NFC.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PersonNameError {
    #[error("a name is required")]
    Empty,
    #[error("a name has at most {} characters", PersonName::MAX_CHARS)]
    TooLong,
    #[error("a name has only letters, spaces, hyphens and apostrophes")]
    InvalidCharacter,
    #[error("a name starts and ends with a letter")]
    InvalidStartOrEnd,
}

error_codes!(PersonNameError {
    Empty => "required",
    TooLong => "too_long",
    InvalidCharacter => "invalid_character",
    InvalidStartOrEnd => "invalid_start_or_end",
});

impl PersonName {
    pub const MAX_CHARS: usize = 64;

    pub fn parse(input: &str) -> Result<Self, PersonNameError> {
        // Runs of whitespace (a pasted no-break space, a double space) become one space, so the
        // same name is stored one way.
        let nfc: String = input.nfc().collect();
        let name = nfc.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(PersonNameError::Empty);
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(PersonNameError::TooLong);
        }
        let mut previous: Option<char> = None;
        for c in name.chars() {
            // A combining mark that NFC could not compose is fine, but only on a letter.
            let mark_on_letter = is_combining_mark(c)
                && previous.is_some_and(|p| p.is_alphabetic() || is_combining_mark(p));
            if !(c.is_alphabetic() || c == ' ' || c == '-' || is_apostrophe(c) || mark_on_letter) {
                return Err(PersonNameError::InvalidCharacter);
            }
            previous = Some(c);
        }
        let starts_with_letter = name.chars().next().is_some_and(char::is_alphabetic);
        let ends_with_letter = name
            .chars()
            .last()
            .is_some_and(|c| c.is_alphabetic() || is_combining_mark(c));
        if !starts_with_letter || !ends_with_letter {
            return Err(PersonNameError::InvalidStartOrEnd);
        }
        Ok(Self(name))
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

text_value!(PersonName, PersonNameError);

/// A key for accent- and case-insensitive search: "Παπαδόπουλος", "ΠΑΠΑΔΟΠΟΥΛΟΣ" and
/// "παπαδοπουλος" all fold to "παπαδοπουλοσ".
///
/// Decomposes (NFKD), drops every combining mark (τόνος, διαλυτικά, Latin accents), lowercases,
/// and writes final sigma as σ, since a search term typed mid-word ends in σ.
pub fn fold_for_search(text: &str) -> String {
    let bare: String = text.nfkd().filter(|&c| !is_combining_mark(c)).collect();
    let words: Vec<&str> = bare.split_whitespace().collect();
    words
        .join(" ")
        .to_lowercase()
        .replace('ς', "σ")
        .replace('\u{2019}', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(input: &str) -> String {
        PersonName::parse(input).unwrap().as_str().to_owned()
    }

    #[test]
    fn greek_and_latin_names_keep_their_accents() {
        assert_eq!(parsed("Παπαδόπουλος"), "Παπαδόπουλος");
        assert_eq!(parsed("  Μαρία-Ελένη "), "Μαρία-Ελένη");
        assert_eq!(parsed("Ζωή"), "Ζωή");
        assert_eq!(parsed("O'Brien"), "O'Brien");
        assert_eq!(parsed("D\u{2019}Angelo"), "D\u{2019}Angelo");
        assert_eq!(parsed("José María"), "José María");
        assert_eq!(parsed("Ξ"), "Ξ");
    }

    #[test]
    fn decomposed_input_is_composed() {
        let decomposed = "Μαρι\u{3b1}\u{301}";
        assert_eq!(decomposed.chars().count(), 6);
        assert_eq!(parsed(decomposed), "Μαριά");
        assert_eq!(parsed(decomposed).chars().count(), 5);
    }

    #[test]
    fn whitespace_runs_become_one_space() {
        assert_eq!(parsed("Άννα  \u{a0}Μαρία"), "Άννα Μαρία");
        assert_eq!(parsed("Anna\tMaria"), "Anna Maria");
    }

    #[test]
    fn a_leftover_combining_mark_is_allowed_on_a_letter_only() {
        // x + combining acute has no precomposed form, so NFC leaves the mark.
        assert_eq!(parsed("Ax\u{301}"), "Ax\u{301}");
        assert_eq!(
            PersonName::parse("A -\u{301}b"),
            Err(PersonNameError::InvalidCharacter)
        );
    }

    #[test]
    fn length_is_one_to_sixty_four_characters() {
        assert_eq!(parsed(&"ω".repeat(64)), "ω".repeat(64));
        assert_eq!(
            PersonName::parse(&"ω".repeat(65)),
            Err(PersonNameError::TooLong)
        );
        assert_eq!(PersonName::parse(""), Err(PersonNameError::Empty));
        assert_eq!(PersonName::parse(" \n "), Err(PersonNameError::Empty));
    }

    #[test]
    fn digits_and_symbols_are_refused() {
        for bad in [
            "Maria1",
            "Μαρία!",
            "Nikos_P",
            "Anna.",
            "a@b",
            "Ελένη (Λένα)",
            "Γιώργος\u{200b}",
        ] {
            assert_eq!(
                PersonName::parse(bad),
                Err(PersonNameError::InvalidCharacter),
                "{bad}"
            );
        }
    }

    #[test]
    fn must_start_and_end_with_a_letter() {
        for bad in ["-Maria", "Maria-", "'Nikos", "Nikos'", "-"] {
            assert_eq!(
                PersonName::parse(bad),
                Err(PersonNameError::InvalidStartOrEnd),
                "{bad}"
            );
        }
    }

    #[test]
    fn folding_strips_greek_accents_and_final_sigma() {
        assert_eq!(fold_for_search("Παπαδόπουλος"), "παπαδοπουλοσ");
        assert_eq!(fold_for_search("ΠΑΠΑΔΟΠΟΥΛΟΣ"), "παπαδοπουλοσ");
        assert_eq!(fold_for_search("παπαδοπουλοσ"), "παπαδοπουλοσ");
        assert_eq!(fold_for_search("Ϊ"), "ι");
        assert_eq!(fold_for_search("ΐ"), "ι");
        assert_eq!(fold_for_search("Ϋ ΰ ϋ"), "υ υ υ");
        assert_eq!(fold_for_search("Άγιος Νικόλαος"), "αγιοσ νικολαοσ");
        assert_eq!(
            fold_for_search("Ευαγγελία-Ιφιγένεια"),
            "ευαγγελια-ιφιγενεια"
        );
    }

    #[test]
    fn folding_also_handles_latin_and_spacing() {
        assert_eq!(fold_for_search("  José   MÜLLER "), "jose muller");
        assert_eq!(fold_for_search("D\u{2019}Angelo"), "d'angelo");
        assert_eq!(fold_for_search("Ｐａｐａ"), "papa");
        assert_eq!(fold_for_search(""), "");
    }

    #[test]
    fn folded_forms_of_a_parsed_name_match_a_typed_search() {
        let stored = PersonName::parse("Κωνσταντίνα Οικονόμου").unwrap();
        assert_eq!(
            fold_for_search(stored.as_str()),
            fold_for_search("ΚΩΝΣΤΑΝΤΙΝΑ οικονομου")
        );
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(PersonNameError::Empty.code(), "required");
        assert_eq!(PersonNameError::TooLong.code(), "too_long");
        assert_eq!(
            PersonNameError::InvalidCharacter.code(),
            "invalid_character"
        );
        assert_eq!(
            PersonNameError::InvalidStartOrEnd.code(),
            "invalid_start_or_end"
        );
    }

    #[test]
    fn serde_is_the_plain_string() {
        let name: PersonName = serde_json::from_str(r#"" Ελένη ""#).unwrap();
        assert_eq!(serde_json::to_string(&name).unwrap(), r#""Ελένη""#);
        assert!(serde_json::from_str::<PersonName>(r#""123""#).is_err());
    }
}
