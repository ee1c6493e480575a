//! Amounts typed in euro, as Greeks and others write them: "3,50", "3.50", "3", "3,5 €".

/// Cents as the forms show them for editing, "3,50": what [`parse_euro`] reads back.
pub use dimos_domain::euro_input;
use dimos_domain::{Cents, ErrorCode};

/// The largest amount an admin may set: a fee or postage never comes near it.
const MAX_CENTS: i64 = 99_999_999;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EuroError {
    #[error("an amount is required")]
    Empty,
    #[error("an amount is written as 3,50 or 3.50")]
    InvalidFormat,
    #[error("an amount cannot be negative")]
    Negative,
    #[error("the amount is too large")]
    TooLarge,
}

impl ErrorCode for EuroError {
    fn code(&self) -> &'static str {
        match self {
            EuroError::Empty => "required",
            EuroError::InvalidFormat => "invalid_format",
            EuroError::Negative => "negative",
            EuroError::TooLarge => "too_large",
        }
    }
}

/// Euro to cents: one decimal separator (comma or point) with at most two digits after it; a
/// trailing `€` is allowed. No thousands separators: "1.234" is refused rather than guessed.
pub fn parse_euro(input: &str) -> Result<Cents, EuroError> {
    let s = input.trim().trim_end_matches('€').trim();
    if s.is_empty() {
        return Err(EuroError::Empty);
    }
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let (whole, fraction) = match s.find([',', '.']) {
        Some(at) => (&s[..at], &s[at + 1..]),
        None => (s, ""),
    };
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 2 {
        return Err(EuroError::InvalidFormat);
    }
    if s.len() > whole.len() && fraction.is_empty() {
        return Err(EuroError::InvalidFormat);
    }
    let euros: i64 = whole.parse().map_err(|_| EuroError::TooLarge)?;
    let cents: i64 = format!("{fraction:0<2}").parse().unwrap_or(0);
    let total = euros
        .checked_mul(100)
        .and_then(|c| c.checked_add(cents))
        .ok_or(EuroError::TooLarge)?;
    if negative && total > 0 {
        return Err(EuroError::Negative);
    }
    if total > MAX_CENTS {
        return Err(EuroError::TooLarge);
    }
    // Not negative: a `-` before anything but zero was refused above.
    Cents::new(total).map_err(|_| EuroError::Negative)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cents(value: i64) -> Result<Cents, EuroError> {
        Ok(Cents::new(value).unwrap())
    }

    #[test]
    fn comma_or_point_and_up_to_two_decimals() {
        assert_eq!(parse_euro("3,50"), cents(350));
        assert_eq!(parse_euro("3.50"), cents(350));
        assert_eq!(parse_euro("3,5"), cents(350));
        assert_eq!(parse_euro(" 3 "), cents(300));
        assert_eq!(parse_euro("0"), cents(0));
        assert_eq!(parse_euro("0,05"), cents(5));
        assert_eq!(parse_euro("12,00 €"), cents(1200));
        assert_eq!(parse_euro("-0"), cents(0));
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        assert_eq!(parse_euro(""), Err(EuroError::Empty));
        assert_eq!(parse_euro(" € "), Err(EuroError::Empty));
        assert_eq!(parse_euro("-3,50"), Err(EuroError::Negative));
        assert_eq!(parse_euro("- 1"), Err(EuroError::Negative));
        for bad in [
            "3,505", "1.234,56", "3,", ",5", "abc", "3 50", "+3", "1e3", "3,-5",
        ] {
            assert_eq!(parse_euro(bad), Err(EuroError::InvalidFormat), "{bad}");
        }
        assert_eq!(parse_euro("1000000"), Err(EuroError::TooLarge));
        assert_eq!(parse_euro("99999999999999999999"), Err(EuroError::TooLarge));
    }

    #[test]
    fn cents_are_shown_back_as_typed() {
        assert_eq!(euro_input(Cents::new(350).unwrap()), "3,50");
        assert_eq!(euro_input(Cents::new(5).unwrap()), "0,05");
        assert_eq!(euro_input(Cents::ZERO), "0,00");
        assert_eq!(
            parse_euro(&euro_input(Cents::new(123_456).unwrap())),
            cents(123_456)
        );
    }
}
