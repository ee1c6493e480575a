//! A fee as the pages show it: «Δωρεάν» when there is none, else the amount in Greek notation
//! ([`dimos_domain::euro`], the one money formatter).

use crate::i18n::Lang;
use dimos_domain::Cents;

/// A service's or a request's fee: free, or the amount.
pub fn fee(lang: Lang, cents: Cents) -> String {
    if cents == Cents::ZERO {
        lang.t("fee-free")
    } else {
        dimos_domain::euro(cents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_fee_is_free_in_either_language() {
        assert_eq!(fee(Lang::El, Cents::ZERO), "Δωρεάν");
        assert_eq!(fee(Lang::En, Cents::ZERO), "Free");
        assert_eq!(fee(Lang::En, Cents::new(123_456).unwrap()), "1.234,56 €");
    }
}
