//! What a file the department attaches to a request is for.

use crate::level::{AssuranceLevel, ParseCodeError};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Why a file is on a request. `Information` (forms, explanations) may reach any owner;
/// a `Result` (the certificate itself, scanned) reaches a Level B owner only: Level A collects
/// results in person at the office.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentPurpose {
    #[default]
    Information,
    Result,
}

impl AttachmentPurpose {
    pub const ALL: [AttachmentPurpose; 2] = [Self::Information, Self::Result];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Information => "information",
            Self::Result => "result",
        }
    }

    /// Whether the request's owner at `level` may download a file with this purpose.
    pub fn downloadable_by(self, level: AssuranceLevel) -> bool {
        match self {
            Self::Information => true,
            Self::Result => level == AssuranceLevel::B,
        }
    }
}

impl fmt::Display for AttachmentPurpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AttachmentPurpose {
    type Err = ParseCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| ParseCodeError {
                kind: "attachment purpose",
                value: s.to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_information_is_the_default() {
        for p in AttachmentPurpose::ALL {
            assert_eq!(p.as_str().parse::<AttachmentPurpose>(), Ok(p));
        }
        assert_eq!(AttachmentPurpose::default(), AttachmentPurpose::Information);
        assert!("Result".parse::<AttachmentPurpose>().is_err());
        assert!("".parse::<AttachmentPurpose>().is_err());
    }

    #[test]
    fn results_reach_level_b_only() {
        use AssuranceLevel::{A, B};
        assert!(AttachmentPurpose::Information.downloadable_by(A));
        assert!(AttachmentPurpose::Information.downloadable_by(B));
        assert!(!AttachmentPurpose::Result.downloadable_by(A));
        assert!(AttachmentPurpose::Result.downloadable_by(B));
    }
}
