//! What an admin form sends, as name/value pairs: checkbox groups send one pair per ticked box,
//! which a struct of fields cannot take in, so the forms are read from the pairs.

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct FormPairs(Vec<(String, String)>);

impl FormPairs {
    /// The first value sent under `name`, or "".
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value sent under `name` (the ticked boxes of a group).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Whether a checkbox `name` was ticked.
    pub fn checked(&self, name: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_are_kept() {
        let pairs: FormPairs = serde_urlencoded::from_str(
            "code=registry&departments=a&departments=b&active=1&csrf_token=x",
        )
        .unwrap();
        assert_eq!(pairs.get("code"), "registry");
        assert_eq!(pairs.get("missing"), "");
        assert_eq!(pairs.all("departments"), ["a", "b"]);
        assert!(pairs.checked("active"));
        assert!(!pairs.checked("post"));
    }
}
