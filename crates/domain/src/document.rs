use crate::error_code::error_codes;
use crate::level::ParseCodeError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The identity document a citizen shows at the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// Greek police ID card (Αστυνομική Ταυτότητα).
    IdCard,
    /// Greek passport.
    Passport,
    /// A passport issued by another country (its issuing country recorded with it).
    ForeignPassport,
}

impl DocumentType {
    pub const ALL: [DocumentType; 3] = [
        DocumentType::IdCard,
        DocumentType::Passport,
        DocumentType::ForeignPassport,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::IdCard => "id_card",
            Self::Passport => "passport",
            Self::ForeignPassport => "foreign_passport",
        }
    }

    /// Whether the issuing country must be recorded with the document (Greek documents are
    /// issued by Greece).
    pub const fn needs_issuing_country(self) -> bool {
        matches!(self, Self::ForeignPassport)
    }
}

impl fmt::Display for DocumentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocumentType {
    type Err = ParseCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| ParseCodeError {
                kind: "document type",
                value: s.to_owned(),
            })
    }
}

/// The number of an ID card (one or two letters, six digits), a Greek passport (two letters,
/// seven digits) or a foreign passport (4–20 letters and digits in any order), in canonical
/// form: Latin capitals and digits only, e.g. `AK123456`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocumentNumber {
    document_type: DocumentType,
    number: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DocumentNumberError {
    #[error("a document number is required")]
    Empty,
    #[error("a document number has only letters and digits")]
    InvalidCharacter,
    #[error(
        "an ID card number is one or two letters and six digits; a passport number two letters and seven digits; a foreign passport number 4 to 20 letters and digits"
    )]
    InvalidFormat,
}

error_codes!(DocumentNumberError {
    Empty => "required",
    InvalidCharacter => "invalid_character",
    InvalidFormat => "invalid_format",
});

impl DocumentNumber {
    pub fn parse(document_type: DocumentType, input: &str) -> Result<Self, DocumentNumberError> {
        let mut number = String::new();
        for c in input.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            for upper in c.to_uppercase() {
                number.push(as_latin(upper).ok_or(DocumentNumberError::InvalidCharacter)?);
            }
        }
        if number.is_empty() {
            return Err(DocumentNumberError::Empty);
        }
        let letters = number.bytes().take_while(u8::is_ascii_uppercase).count();
        let digits = &number[letters..];
        let (letter_counts, digit_count) = match document_type {
            DocumentType::IdCard => (1..=2, 6),
            DocumentType::Passport => (2..=2, 7),
            // Free form: every country numbers its passports its own way.
            DocumentType::ForeignPassport if (4..=20).contains(&number.len()) => {
                return Ok(Self {
                    document_type,
                    number,
                });
            }
            DocumentType::ForeignPassport => return Err(DocumentNumberError::InvalidFormat),
        };
        if !letter_counts.contains(&letters)
            || digits.len() != digit_count
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(DocumentNumberError::InvalidFormat);
        }
        Ok(Self {
            document_type,
            number,
        })
    }

    pub fn document_type(&self) -> DocumentType {
        self.document_type
    }

    pub fn as_str(&self) -> &str {
        &self.number
    }

    /// For screens and mails that must not show the whole number: "AK ••••56"; a foreign
    /// passport's only by its last two characters: "•••••••47".
    pub fn masked(&self) -> String {
        if self.document_type == DocumentType::ForeignPassport {
            let (hidden, shown) = self.number.split_at(self.number.len() - 2);
            return format!("{}{shown}", "•".repeat(hidden.len()));
        }
        let letters = self
            .number
            .bytes()
            .take_while(u8::is_ascii_uppercase)
            .count();
        let (prefix, digits) = self.number.split_at(letters);
        let (hidden, shown) = digits.split_at(digits.len() - 2);
        format!("{prefix} {}{shown}", "•".repeat(hidden.len()))
    }
}

/// Greek documents print their series in letters shared by both alphabets, and clerks type them
/// on whichever keyboard is active: a Greek capital that looks Latin is read as that Latin letter.
fn as_latin(c: char) -> Option<char> {
    let latin = match c {
        'A'..='Z' | '0'..='9' => c,
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        _ => return None,
    };
    Some(latin)
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.number)
    }
}

impl Serialize for DocumentNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DocumentType::{ForeignPassport, IdCard, Passport};

    fn parsed(document_type: DocumentType, input: &str) -> String {
        DocumentNumber::parse(document_type, input)
            .unwrap()
            .as_str()
            .to_owned()
    }

    #[test]
    fn document_type_codes() {
        assert_eq!(IdCard.as_str(), "id_card");
        assert_eq!(Passport.as_str(), "passport");
        assert_eq!(ForeignPassport.as_str(), "foreign_passport");
        for t in DocumentType::ALL {
            assert_eq!(t.as_str().parse::<DocumentType>(), Ok(t));
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{t}\""));
        }
        assert_eq!(
            serde_json::from_str::<DocumentType>(r#""id_card""#).unwrap(),
            IdCard
        );
        assert!("IdCard".parse::<DocumentType>().is_err());
        assert!("".parse::<DocumentType>().is_err());
    }

    #[test]
    fn id_card_has_one_or_two_letters_and_six_digits() {
        assert_eq!(parsed(IdCard, "AK123456"), "AK123456");
        assert_eq!(parsed(IdCard, "X123456"), "X123456");
        assert_eq!(parsed(IdCard, "ak 123456"), "AK123456");
        assert_eq!(parsed(IdCard, " AK-123-456 "), "AK123456");
        for bad in [
            "AK12345",
            "AK1234567",
            "ABC123456",
            "123456",
            "AK12345X",
            "A1K23456",
        ] {
            assert_eq!(
                DocumentNumber::parse(IdCard, bad),
                Err(DocumentNumberError::InvalidFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn greek_look_alike_capitals_become_latin() {
        // Greek Άλφα-Κάππα, then every look-alike, in both cases.
        assert_eq!(parsed(IdCard, "ΑΚ 123456"), "AK123456");
        assert_eq!(parsed(IdCard, "ακ123456"), "AK123456");
        assert_eq!(parsed(IdCard, "Χ 654321"), "X654321");
        let pairs = "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ".chars().zip("ABEZHIKMNOPTYX".chars());
        for (greek, latin) in pairs {
            assert_eq!(
                parsed(IdCard, &format!("{greek}123456")),
                format!("{latin}123456")
            );
            let lower = greek.to_lowercase().next().unwrap();
            assert_eq!(
                parsed(IdCard, &format!("{lower}123456")),
                format!("{latin}123456")
            );
        }
    }

    #[test]
    fn other_letters_are_refused() {
        for bad in [
            "Λ123456",
            "ΑΔ123456",
            "Ά123456",
            "AK_123456",
            "AK.123456",
            "AK１23456",
        ] {
            assert_eq!(
                DocumentNumber::parse(IdCard, bad),
                Err(DocumentNumberError::InvalidCharacter),
                "{bad}"
            );
        }
        assert_eq!(
            DocumentNumber::parse(IdCard, ""),
            Err(DocumentNumberError::Empty)
        );
        assert_eq!(
            DocumentNumber::parse(Passport, " - "),
            Err(DocumentNumberError::Empty)
        );
    }

    #[test]
    fn passport_has_two_letters_and_seven_digits() {
        assert_eq!(parsed(Passport, "AE1234567"), "AE1234567");
        assert_eq!(parsed(Passport, "αε 1234567"), "AE1234567");
        for bad in [
            "A1234567",
            "AE123456",
            "AE12345678",
            "AEB1234567",
            "AK123456",
        ] {
            assert_eq!(
                DocumentNumber::parse(Passport, bad),
                Err(DocumentNumberError::InvalidFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn foreign_passport_numbers_are_free_form_but_bounded() {
        assert_eq!(parsed(ForeignPassport, "c01x00t47"), "C01X00T47");
        assert_eq!(parsed(ForeignPassport, " 12 3456-789 "), "123456789");
        assert_eq!(parsed(ForeignPassport, "ABCD"), "ABCD");
        assert_eq!(parsed(ForeignPassport, &"9".repeat(20)), "9".repeat(20));
        for bad in ["AB1", &"9".repeat(21)] {
            assert_eq!(
                DocumentNumber::parse(ForeignPassport, bad),
                Err(DocumentNumberError::InvalidFormat),
                "{bad}"
            );
        }
        for bad in ["AB_12345", "ÄB12345", "Λ1234567", "AB.12345"] {
            assert_eq!(
                DocumentNumber::parse(ForeignPassport, bad),
                Err(DocumentNumberError::InvalidCharacter),
                "{bad}"
            );
        }
        assert_eq!(
            DocumentNumber::parse(ForeignPassport, "  "),
            Err(DocumentNumberError::Empty)
        );
        assert_eq!(
            DocumentNumber::parse(ForeignPassport, "C01X00T47")
                .unwrap()
                .masked(),
            "•••••••47"
        );
        assert_eq!(
            DocumentNumber::parse(ForeignPassport, "ABCD")
                .unwrap()
                .masked(),
            "••CD"
        );
        assert!(ForeignPassport.needs_issuing_country());
        assert!(!IdCard.needs_issuing_country() && !Passport.needs_issuing_country());
    }

    #[test]
    fn keeps_its_type() {
        assert_eq!(
            DocumentNumber::parse(IdCard, "AK123456")
                .unwrap()
                .document_type(),
            IdCard
        );
        assert_eq!(
            DocumentNumber::parse(Passport, "AE1234567")
                .unwrap()
                .document_type(),
            Passport
        );
    }

    #[test]
    fn masked_shows_letters_and_last_two_digits() {
        assert_eq!(
            DocumentNumber::parse(IdCard, "AK123456").unwrap().masked(),
            "AK ••••56"
        );
        assert_eq!(
            DocumentNumber::parse(IdCard, "X654321").unwrap().masked(),
            "X ••••21"
        );
        assert_eq!(
            DocumentNumber::parse(Passport, "AE1234567")
                .unwrap()
                .masked(),
            "AE •••••67"
        );
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(DocumentNumberError::Empty.code(), "required");
        assert_eq!(
            DocumentNumberError::InvalidCharacter.code(),
            "invalid_character"
        );
        assert_eq!(DocumentNumberError::InvalidFormat.code(), "invalid_format");
    }

    #[test]
    fn display_and_serde_are_the_canonical_number() {
        let number = DocumentNumber::parse(IdCard, "ακ 123 456").unwrap();
        assert_eq!(number.to_string(), "AK123456");
        assert_eq!(serde_json::to_string(&number).unwrap(), r#""AK123456""#);
    }
}
