//! A fee as the pages show it: «Δωρεάν» when there is none, else the amount in Greek notation
//! ([`dimos_domain::euro`], the one money formatter).

use crate::i18n::Lang;

/// A service's or a request's fee: free, or the amount.
pub fn fee(lang: Lang, cents: impl Into<i64>) -> String {
    match cents.into() {
        0 => lang.t("fee-free"),
        cents => dimos_domain::euro(cents),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_fee_is_free_in_either_language() {
        assert_eq!(fee(Lang::El, 0), "Δωρεάν");
        assert_eq!(fee(Lang::En, 0), "Free");
        assert_eq!(fee(Lang::En, 123_456), "1.234,56 €");
    }
}
