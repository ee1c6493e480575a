//! The shipped list of common and breached passwords; source and licence in `data/README.md`.

use dimos_domain::Password;
use flate2::read::GzDecoder;
use std::collections::HashSet;
use std::io::Read;
use std::sync::LazyLock;

/// Lowercased, deduplicated, most common first, one per line.
static COMPRESSED: &[u8] = include_bytes!("../../data/common-passwords.txt.gz");

static LIST: LazyLock<CommonList> = LazyLock::new(CommonList::decode);

struct CommonList {
    /// Every entry of the shipped list, kept only so tests can hold the list to its size.
    #[cfg_attr(not(test), allow(dead_code))]
    entries: usize,
    /// Only entries that a valid `Password` could equal: the shorter ones (95% of the list) are
    /// refused by length already, and holding them all would take tens of megabytes, not a few.
    refusable: HashSet<Box<str>>,
}

impl CommonList {
    fn decode() -> Self {
        let mut text = String::new();
        GzDecoder::new(COMPRESSED)
            .read_to_string(&mut text)
            .expect("the embedded common-password list is gzip of UTF-8 text");
        let mut entries = 0;
        let refusable = text
            .lines()
            .inspect(|_| entries += 1)
            .filter(|entry| entry.chars().count() >= Password::MIN_CHARS)
            .map(Box::from)
            .collect();
        Self { entries, refusable }
    }
}

pub(super) fn is_common(password: &Password) -> bool {
    LIST.refusable
        .contains(password.as_str().to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common(text: &str) -> bool {
        is_common(&Password::parse(text).unwrap())
    }

    #[test]
    fn the_list_has_at_least_100k_entries() {
        assert!(LIST.entries >= 100_000, "only {} entries", LIST.entries);
        // The long entries are the ones that matter; a regression to a short list shows here.
        assert!(
            LIST.refusable.len() >= 40_000,
            "only {} entries of 12+ characters",
            LIST.refusable.len()
        );
    }

    #[test]
    fn listed_passwords_are_found_in_any_case() {
        assert!(common("1qaz2wsx3edc"));
        assert!(common("LeaveMeAlone"));
        assert!(common("QWERTYQWERTY"));
        assert!(!common("ο γάτος τρώει πορτοκάλια τη νύχτα"));
    }
}
