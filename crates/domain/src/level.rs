use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A code from outside (a level, a delivery mode, …) that is not one of the known values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{value}`")]
pub struct ParseCodeError {
    pub kind: &'static str,
    pub value: String,
}

impl ParseCodeError {
    /// Stable code for the web layer's `fields` map: the value is not one of the known codes.
    pub const fn code(&self) -> &'static str {
        "unknown_value"
    }
}

impl crate::ErrorCode for ParseCodeError {
    fn code(&self) -> &'static str {
        ParseCodeError::code(self)
    }
}

/// Identity assurance level of a citizen.
///
/// `A`: self-registered. `B`: identity certified in person at a municipal office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AssuranceLevel {
    A,
    B,
}

impl AssuranceLevel {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
        }
    }

    /// Whether a citizen at this level may use something that requires `required`.
    pub fn satisfies(self, required: AssuranceLevel) -> bool {
        self >= required
    }

    /// Whether documents may be sent by post (cash on delivery): Level B only.
    pub fn may_receive_post(self) -> bool {
        self == Self::B
    }

    /// Whether the citizen may see personal data (debts, fines, pending matters): Level B only.
    pub fn may_see_personal_data(self) -> bool {
        self == Self::B
    }
}

impl fmt::Display for AssuranceLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AssuranceLevel {
    type Err = ParseCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "A" => Ok(Self::A),
            "B" => Ok(Self::B),
            _ => Err(ParseCodeError {
                kind: "assurance level",
                value: s.to_owned(),
            }),
        }
    }
}

/// How the result of a request reaches the citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Collected in person at the office, showing an ID card or passport.
    Pickup,
    /// Sent by post to the designated address, cash on delivery (Level B only).
    Post,
}

impl Delivery {
    pub const ALL: [Delivery; 2] = [Delivery::Pickup, Delivery::Post];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pickup => "pickup",
            Self::Post => "post",
        }
    }

    /// The delivery a citizen at `level` gets when they choose none: by post for Level B, who
    /// may receive post, else collected at the office. The submission form preselects it too.
    pub fn default_for(level: AssuranceLevel) -> Delivery {
        if level.may_receive_post() {
            Self::Post
        } else {
            Self::Pickup
        }
    }

    /// Whether a citizen at `level` may choose this delivery mode, whatever the service says.
    pub fn allowed_for(self, level: AssuranceLevel) -> bool {
        match self {
            Self::Pickup => true,
            Self::Post => level.may_receive_post(),
        }
    }
}

impl fmt::Display for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Delivery {
    type Err = ParseCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pickup" => Ok(Self::Pickup),
            "post" => Ok(Self::Post),
            _ => Err(ParseCodeError {
                kind: "delivery mode",
                value: s.to_owned(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_b_satisfies_a_but_not_the_reverse() {
        assert!(AssuranceLevel::B.satisfies(AssuranceLevel::A));
        assert!(AssuranceLevel::B.satisfies(AssuranceLevel::B));
        assert!(AssuranceLevel::A.satisfies(AssuranceLevel::A));
        assert!(!AssuranceLevel::A.satisfies(AssuranceLevel::B));
    }

    #[test]
    fn post_is_for_level_b_only() {
        assert!(Delivery::Pickup.allowed_for(AssuranceLevel::A));
        assert!(!Delivery::Post.allowed_for(AssuranceLevel::A));
        assert!(Delivery::Post.allowed_for(AssuranceLevel::B));
    }

    #[test]
    fn the_default_delivery_is_the_post_for_level_b_and_pickup_for_a() {
        for level in [AssuranceLevel::A, AssuranceLevel::B] {
            assert!(Delivery::default_for(level).allowed_for(level));
        }
        assert_eq!(Delivery::default_for(AssuranceLevel::A), Delivery::Pickup);
        assert_eq!(Delivery::default_for(AssuranceLevel::B), Delivery::Post);
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        for level in [AssuranceLevel::A, AssuranceLevel::B] {
            assert_eq!(level.as_str().parse::<AssuranceLevel>(), Ok(level));
        }
        for delivery in Delivery::ALL {
            assert_eq!(delivery.as_str().parse::<Delivery>(), Ok(delivery));
        }
        assert!("a".parse::<AssuranceLevel>().is_err());
        assert!("C".parse::<AssuranceLevel>().is_err());
        assert!("Post".parse::<Delivery>().is_err());
        assert!("".parse::<Delivery>().is_err());
    }

    #[test]
    fn unknown_codes_report_a_stable_code() {
        let error = "fax".parse::<Delivery>().unwrap_err();
        assert_eq!(
            error,
            ParseCodeError {
                kind: "delivery mode",
                value: "fax".to_owned()
            }
        );
        assert_eq!(error.code(), "unknown_value");
        assert_eq!(error.to_string(), "unknown delivery mode `fax`");
    }
}
