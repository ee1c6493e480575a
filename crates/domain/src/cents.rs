use crate::error_code::error_codes;
use std::fmt;

/// An amount of money in euro cents, never negative (debts, fines, fees, cash on delivery).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cents(i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CentsError {
    #[error("an amount cannot be negative")]
    Negative,
    #[error("an amount is a whole number of cents")]
    InvalidFormat,
}

error_codes!(CentsError {
    Negative => "negative",
    InvalidFormat => "invalid_format",
});

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub const fn new(cents: i64) -> Result<Self, CentsError> {
        if cents < 0 {
            Err(CentsError::Negative)
        } else {
            Ok(Self(cents))
        }
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    /// The sum, at most `i64::MAX` cents (both amounts are never negative).
    pub const fn saturating_add(self, other: Cents) -> Cents {
        Cents(self.0.saturating_add(other.0))
    }

    pub fn checked_add(self, other: Cents) -> Option<Cents> {
        self.0.checked_add(other.0).map(Cents)
    }

    /// The total of several amounts, `None` on overflow, for `total_cents` of a list.
    pub fn checked_sum(amounts: impl IntoIterator<Item = Cents>) -> Option<Cents> {
        amounts
            .into_iter()
            .try_fold(Cents::ZERO, Cents::checked_add)
    }
}

impl TryFrom<i64> for Cents {
    type Error = CentsError;
    fn try_from(cents: i64) -> Result<Self, Self::Error> {
        Self::new(cents)
    }
}

impl From<Cents> for i64 {
    fn from(cents: Cents) -> i64 {
        cents.0
    }
}

/// Parses an `amount_cents` column: a whole number, no decimal point, no sign.
impl std::str::FromStr for Cents {
    type Err = CentsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if let Some(digits) = s.strip_prefix('-')
            && !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(CentsError::Negative);
        }
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CentsError::InvalidFormat);
        }
        s.parse::<i64>()
            .map(Cents)
            .map_err(|_| CentsError::InvalidFormat)
    }
}

/// Greek format: `.` groups thousands, `,` before the cents, the sign after: "1.234,56 €".
impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} €", Euro::grouped(self.0))
    }
}

/// An amount in euro cents as Greek readers write it: `.` groups thousands, `,` before the
/// cents, `€` after: "1.234,56 €". The one money formatter: pages and mails show every amount
/// through it (it is [`Cents`]' `Display`).
pub fn euro(cents: Cents) -> String {
    cents.to_string()
}

/// An amount as the forms show it for editing, the way people type it back: no thousands
/// separators, no `€`: "1234,56".
pub fn euro_input(cents: Cents) -> String {
    Euro {
        cents: cents.0,
        grouped: false,
    }
    .to_string()
}

/// The digits of an amount: the sign, the euros (grouped by thousands with `.`, or not), `,`
/// and two digits of cents.
struct Euro {
    cents: i64,
    grouped: bool,
}

impl Euro {
    fn grouped(cents: i64) -> Euro {
        Euro {
            cents,
            grouped: true,
        }
    }
}

impl fmt::Display for Euro {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        if self.cents < 0 {
            f.write_char('-')?;
        }
        let cents = self.cents.unsigned_abs();
        let euros = (cents / 100).to_string();
        for (i, digit) in euros.chars().enumerate() {
            if self.grouped && i > 0 && (euros.len() - i).is_multiple_of(3) {
                f.write_char('.')?;
            }
            f.write_char(digit)?;
        }
        write!(f, ",{:02}", cents % 100)
    }
}

impl serde::Serialize for Cents {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Cents {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Cents::new(i64::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cents(value: i64) -> Cents {
        Cents::new(value).unwrap()
    }

    #[test]
    fn negative_amounts_are_refused() {
        assert_eq!(Cents::new(0), Ok(Cents::ZERO));
        assert_eq!(Cents::new(1250).map(Cents::get), Ok(1250));
        assert_eq!(Cents::new(-1), Err(CentsError::Negative));
        assert_eq!(Cents::try_from(i64::MIN), Err(CentsError::Negative));
        assert_eq!(i64::from(cents(42)), 42);
    }

    #[test]
    fn displays_in_greek_format() {
        assert_eq!(cents(0).to_string(), "0,00 €");
        assert_eq!(cents(5).to_string(), "0,05 €");
        assert_eq!(cents(1250).to_string(), "12,50 €");
        assert_eq!(cents(99_999).to_string(), "999,99 €");
        assert_eq!(cents(100_000).to_string(), "1.000,00 €");
        assert_eq!(cents(123_456).to_string(), "1.234,56 €");
        assert_eq!(cents(123_456_789).to_string(), "1.234.567,89 €");
        assert_eq!(cents(i64::MAX).to_string(), "92.233.720.368.547.758,07 €");
    }

    #[test]
    fn amounts_in_greek_notation() {
        assert_eq!(euro(Cents::ZERO), "0,00 €");
        assert_eq!(euro(cents(5)), "0,05 €");
        assert_eq!(euro(cents(1250)), "12,50 €");
        assert_eq!(euro(cents(100_000)), "1.000,00 €");
        assert_eq!(euro(cents(123_456)), "1.234,56 €");
        assert_eq!(euro(cents(123_456_789)), "1.234.567,89 €");
        assert_eq!(euro(cents(123_456)), cents(123_456).to_string());
    }

    #[test]
    fn amounts_for_editing_have_no_grouping_and_no_sign_of_euro() {
        assert_eq!(euro_input(cents(123_456)), "1234,56");
        assert_eq!(euro_input(cents(350)), "3,50");
    }

    #[test]
    fn addition_is_checked() {
        assert_eq!(cents(150).checked_add(cents(275)), Some(cents(425)));
        assert_eq!(cents(i64::MAX).checked_add(cents(1)), None);
        assert_eq!(cents(150).saturating_add(cents(275)), cents(425));
        assert_eq!(cents(i64::MAX).saturating_add(cents(1)), cents(i64::MAX));
        assert_eq!(
            Cents::checked_sum([cents(100), cents(250), cents(5)]),
            Some(cents(355))
        );
        assert_eq!(Cents::checked_sum([]), Some(Cents::ZERO));
        assert_eq!(Cents::checked_sum([cents(i64::MAX), cents(1)]), None);
    }

    #[test]
    fn parses_a_whole_number_of_cents() {
        assert_eq!("1250".parse(), Ok(cents(1250)));
        assert_eq!(" 0 ".parse(), Ok(Cents::ZERO));
        assert_eq!("-5".parse::<Cents>(), Err(CentsError::Negative));
        for bad in [
            "",
            "12.50",
            "12,50",
            "+5",
            "1e3",
            "€5",
            "-",
            "99999999999999999999",
        ] {
            assert_eq!(
                bad.parse::<Cents>(),
                Err(CentsError::InvalidFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(CentsError::Negative.code(), "negative");
        assert_eq!(CentsError::InvalidFormat.code(), "invalid_format");
    }

    #[test]
    fn serde_is_the_plain_integer() {
        assert_eq!(serde_json::to_string(&cents(1250)).unwrap(), "1250");
        assert_eq!(serde_json::from_str::<Cents>("1250").unwrap(), cents(1250));
        assert!(serde_json::from_str::<Cents>("-1").is_err());
        assert!(serde_json::from_str::<Cents>("12.5").is_err());
    }
}
