use crate::ParseCodeError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a member of staff may do. A clerk acts for their departments only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Runs the catalogue, the offices, the staff and the settings.
    Admin,
    /// Processes the requests of their departments.
    Clerk,
    /// Certifies citizens' identity at an office (Level B).
    Verifier,
}

impl StaffRole {
    pub const ALL: [StaffRole; 3] = [StaffRole::Admin, StaffRole::Clerk, StaffRole::Verifier];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Clerk => "clerk",
            Self::Verifier => "verifier",
        }
    }
}

impl fmt::Display for StaffRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StaffRole {
    type Err = ParseCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| ParseCodeError {
                kind: "staff role",
                value: s.to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_unknown_ones_are_refused() {
        for role in StaffRole::ALL {
            assert_eq!(role.as_str().parse::<StaffRole>(), Ok(role));
        }
        assert!("Admin".parse::<StaffRole>().is_err());
        assert!("root".parse::<StaffRole>().is_err());
    }
}
