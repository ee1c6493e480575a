use crate::error_code::error_codes;
use crate::level::{Delivery, ParseCodeError};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where a citizen's request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Submitted,
    InProgress,
    NeedsInfo,
    ReadyForPickup,
    Collected,
    Dispatched,
    Delivered,
    Returned,
    Rejected,
    Cancelled,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 10] = [
        Self::Submitted,
        Self::InProgress,
        Self::NeedsInfo,
        Self::ReadyForPickup,
        Self::Collected,
        Self::Dispatched,
        Self::Delivered,
        Self::Returned,
        Self::Rejected,
        Self::Cancelled,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::InProgress => "in_progress",
            Self::NeedsInfo => "needs_info",
            Self::ReadyForPickup => "ready_for_pickup",
            Self::Collected => "collected",
            Self::Dispatched => "dispatched",
            Self::Delivered => "delivered",
            Self::Returned => "returned",
            Self::Rejected => "rejected",
            Self::Cancelled => "cancelled",
        }
    }

    /// Not yet at an end. A dispatched request counts as open: the post has not said yet
    /// whether it was delivered or returned.
    pub const fn is_open(self) -> bool {
        matches!(
            self,
            Self::Submitted
                | Self::InProgress
                | Self::NeedsInfo
                | Self::ReadyForPickup
                | Self::Dispatched
        )
    }

    /// The statuses `actor` may move a request with this delivery mode to, in [`Self::ALL`]
    /// order: the buttons a page offers.
    pub fn next_statuses(self, actor: Actor, delivery: Delivery) -> Vec<RequestStatus> {
        Self::ALL
            .into_iter()
            .filter(|&to| transition(self, to, actor, delivery).is_ok())
            .collect()
    }
}

impl fmt::Display for RequestStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RequestStatus {
    type Err = ParseCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| ParseCodeError {
                kind: "request status",
                value: s.to_owned(),
            })
    }
}

/// Who moves a request. An admin acting on a request acts as a clerk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Citizen,
    Clerk,
    /// Background jobs; the contract gives them no move of their own yet.
    System,
}

impl Actor {
    pub const ALL: [Actor; 3] = [Actor::Citizen, Actor::Clerk, Actor::System];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Citizen => "citizen",
            Self::Clerk => "clerk",
            Self::System => "system",
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Actor {
    type Err = ParseCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|actor| actor.as_str() == s)
            .ok_or_else(|| ParseCodeError {
                kind: "actor",
                value: s.to_owned(),
            })
    }
}

/// A refused move. Every variant is `invalid_transition` to the outside (the contract's 409);
/// the variant says why, for logs and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a request cannot go from {from} to {to}")]
    NoSuchMove {
        from: RequestStatus,
        to: RequestStatus,
    },
    #[error("a {actor} cannot move a request from {from} to {to}")]
    NotForActor {
        from: RequestStatus,
        to: RequestStatus,
        actor: Actor,
    },
    #[error("a request for {delivery} cannot go from {from} to {to}")]
    NotForDelivery {
        from: RequestStatus,
        to: RequestStatus,
        delivery: Delivery,
    },
}

error_codes!(TransitionError {
    NoSuchMove => "invalid_transition",
    NotForActor => "invalid_transition",
    NotForDelivery => "invalid_transition",
});

/// Who may make one move, and for which delivery mode (`None`: either).
struct Move {
    actors: &'static [Actor],
    delivery: Option<Delivery>,
}

const CLERK: &[Actor] = &[Actor::Clerk];
const CITIZEN: &[Actor] = &[Actor::Citizen];
const CITIZEN_OR_CLERK: &[Actor] = &[Actor::Citizen, Actor::Clerk];

/// The request state machine of the contract, as one table.
fn allowed_move(from: RequestStatus, to: RequestStatus) -> Option<Move> {
    use RequestStatus::*;
    let (actors, delivery) = match (from, to) {
        (Submitted, InProgress) => (CLERK, None),
        (InProgress, ReadyForPickup) => (CLERK, Some(Delivery::Pickup)),
        // A returned postal item waits at the office too, and is collected like any other.
        (ReadyForPickup, Collected) => (CLERK, None),
        // Returned is no dead end: the item goes to the office or out by post again.
        (InProgress | Returned, Dispatched)
        | (Dispatched, Delivered | Returned)
        | (Returned, ReadyForPickup) => (CLERK, Some(Delivery::Post)),
        (InProgress, NeedsInfo) => (CLERK, None),
        // The citizen answers the question; a clerk may also resume without an answer.
        (NeedsInfo, InProgress) => (CITIZEN_OR_CLERK, None),
        (Submitted | NeedsInfo, Cancelled) => (CITIZEN, None),
        (from, Rejected) if from.is_open() => (CLERK, None),
        _ => return None,
    };
    Some(Move { actors, delivery })
}

/// Whether `actor` may move a request with `delivery` from `from` to `to`. Pages and API both
/// ask this one function, so they cannot disagree.
pub fn transition(
    from: RequestStatus,
    to: RequestStatus,
    actor: Actor,
    delivery: Delivery,
) -> Result<(), TransitionError> {
    let rule = allowed_move(from, to).ok_or(TransitionError::NoSuchMove { from, to })?;
    if rule.delivery.is_some_and(|only| only != delivery) {
        return Err(TransitionError::NotForDelivery { from, to, delivery });
    }
    if !rule.actors.contains(&actor) {
        return Err(TransitionError::NotForActor { from, to, actor });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
