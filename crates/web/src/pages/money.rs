//! Amounts of money as Greek readers write them: `1.234,56 €`.

/// Euro cents in Greek notation: dot for thousands, comma for decimals, the sign after.
pub fn euro(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let digits = (cents / 100).to_string();
    let mut whole = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            whole.push('.');
        }
        whole.push(digit);
    }
    format!("{sign}{whole},{:02} €", cents % 100)
}

#[cfg(test)]
mod tests {
    use super::euro;

    #[test]
    fn greek_notation() {
        assert_eq!(euro(0), "0,00 €");
        assert_eq!(euro(5), "0,05 €");
        assert_eq!(euro(1250), "12,50 €");
        assert_eq!(euro(100_000), "1.000,00 €");
        assert_eq!(euro(123_456), "1.234,56 €");
        assert_eq!(euro(123_456_789), "1.234.567,89 €");
        assert_eq!(euro(-99_999), "-999,99 €");
        assert_eq!(euro(i64::MIN), "-92.233.720.368.547.758,08 €");
    }
}
