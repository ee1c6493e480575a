use super::*;
use Actor::{Citizen, Clerk, System};
use Delivery::{Pickup, Post};
use RequestStatus::*;

/// The contract's "Request states" section, written out move by move without looking at the
/// table: (from, to, actor, delivery).
const ALLOWED: &[(RequestStatus, RequestStatus, Actor, Delivery)] = &[
    (Submitted, InProgress, Clerk, Pickup),
    (Submitted, InProgress, Clerk, Post),
    (InProgress, ReadyForPickup, Clerk, Pickup),
    (ReadyForPickup, Collected, Clerk, Pickup),
    // Only a returned postal item can be ready for pickup; it is collected as any other.
    (ReadyForPickup, Collected, Clerk, Post),
    (Returned, ReadyForPickup, Clerk, Post),
    (Returned, Dispatched, Clerk, Post),
    (InProgress, Dispatched, Clerk, Post),
    (Dispatched, Delivered, Clerk, Post),
    (Dispatched, Returned, Clerk, Post),
    (InProgress, NeedsInfo, Clerk, Pickup),
    (InProgress, NeedsInfo, Clerk, Post),
    (NeedsInfo, InProgress, Citizen, Pickup),
    (NeedsInfo, InProgress, Citizen, Post),
    (NeedsInfo, InProgress, Clerk, Pickup),
    (NeedsInfo, InProgress, Clerk, Post),
    (Submitted, Rejected, Clerk, Pickup),
    (Submitted, Rejected, Clerk, Post),
    (InProgress, Rejected, Clerk, Pickup),
    (InProgress, Rejected, Clerk, Post),
    (NeedsInfo, Rejected, Clerk, Pickup),
    (NeedsInfo, Rejected, Clerk, Post),
    (ReadyForPickup, Rejected, Clerk, Pickup),
    (ReadyForPickup, Rejected, Clerk, Post),
    (Dispatched, Rejected, Clerk, Pickup),
    (Dispatched, Rejected, Clerk, Post),
    (Submitted, Cancelled, Citizen, Pickup),
    (Submitted, Cancelled, Citizen, Post),
    (NeedsInfo, Cancelled, Citizen, Pickup),
    (NeedsInfo, Cancelled, Citizen, Post),
];

#[test]
fn the_whole_matrix_matches_the_contract() {
    let mut checked = 0;
    let mut allowed = 0;
    for from in RequestStatus::ALL {
        for to in RequestStatus::ALL {
            for actor in Actor::ALL {
                for delivery in Delivery::ALL {
                    let expected = ALLOWED.contains(&(from, to, actor, delivery));
                    let result = transition(from, to, actor, delivery);
                    assert_eq!(
                        result.is_ok(),
                        expected,
                        "{from} -> {to} by {actor} for {delivery}: {result:?}"
                    );
                    if let Err(error) = result {
                        assert_eq!(error.code(), "invalid_transition");
                    }
                    checked += 1;
                    allowed += usize::from(expected);
                }
            }
        }
    }
    assert_eq!(checked, 10 * 10 * 3 * 2);
    assert_eq!(allowed, ALLOWED.len());
    assert_eq!(allowed, 30);
}

#[test]
fn refusals_say_why() {
    assert_eq!(
        transition(Collected, InProgress, Clerk, Pickup),
        Err(TransitionError::NoSuchMove {
            from: Collected,
            to: InProgress
        })
    );
    assert_eq!(
        transition(Submitted, Submitted, Clerk, Pickup),
        Err(TransitionError::NoSuchMove {
            from: Submitted,
            to: Submitted
        })
    );
    assert_eq!(
        transition(InProgress, Dispatched, Clerk, Pickup),
        Err(TransitionError::NotForDelivery {
            from: InProgress,
            to: Dispatched,
            delivery: Pickup
        })
    );
    assert_eq!(
        transition(InProgress, ReadyForPickup, Clerk, Post),
        Err(TransitionError::NotForDelivery {
            from: InProgress,
            to: ReadyForPickup,
            delivery: Post
        })
    );
    assert_eq!(
        transition(Submitted, InProgress, Citizen, Pickup),
        Err(TransitionError::NotForActor {
            from: Submitted,
            to: InProgress,
            actor: Citizen
        })
    );
    assert_eq!(
        transition(InProgress, Cancelled, Citizen, Pickup),
        Err(TransitionError::NoSuchMove {
            from: InProgress,
            to: Cancelled
        })
    );
    assert_eq!(
        transition(Submitted, Cancelled, Clerk, Pickup),
        Err(TransitionError::NotForActor {
            from: Submitted,
            to: Cancelled,
            actor: Clerk
        })
    );
    assert_eq!(
        transition(Submitted, Rejected, System, Post),
        Err(TransitionError::NotForActor {
            from: Submitted,
            to: Rejected,
            actor: System
        })
    );
    assert_eq!(
        TransitionError::NoSuchMove {
            from: Delivered,
            to: Returned
        }
        .to_string(),
        "a request cannot go from delivered to returned"
    );
}

#[test]
fn ended_requests_never_move() {
    for from in [Collected, Delivered, Rejected, Cancelled] {
        assert!(!from.is_open(), "{from}");
        for actor in Actor::ALL {
            for delivery in Delivery::ALL {
                assert_eq!(from.next_statuses(actor, delivery), vec![], "{from}");
            }
        }
    }
}

#[test]
fn open_statuses() {
    let open: Vec<_> = RequestStatus::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .collect();
    assert_eq!(
        open,
        vec![Submitted, InProgress, NeedsInfo, ReadyForPickup, Dispatched]
    );
}

#[test]
fn next_statuses_are_the_buttons_to_show() {
    assert_eq!(
        InProgress.next_statuses(Clerk, Pickup),
        vec![NeedsInfo, ReadyForPickup, Rejected]
    );
    assert_eq!(
        InProgress.next_statuses(Clerk, Post),
        vec![NeedsInfo, Dispatched, Rejected]
    );
    assert_eq!(Submitted.next_statuses(Citizen, Post), vec![Cancelled]);
    assert_eq!(
        NeedsInfo.next_statuses(Citizen, Pickup),
        vec![InProgress, Cancelled]
    );
    assert_eq!(
        Dispatched.next_statuses(Clerk, Post),
        vec![Delivered, Returned, Rejected]
    );
    assert_eq!(Submitted.next_statuses(System, Pickup), vec![]);
    assert_eq!(
        Returned.next_statuses(Clerk, Post),
        vec![ReadyForPickup, Dispatched]
    );
    assert_eq!(Returned.next_statuses(Citizen, Post), vec![]);
}

#[test]
fn codes_round_trip() {
    let codes = [
        "submitted",
        "in_progress",
        "needs_info",
        "ready_for_pickup",
        "collected",
        "dispatched",
        "delivered",
        "returned",
        "rejected",
        "cancelled",
    ];
    for (status, code) in RequestStatus::ALL.into_iter().zip(codes) {
        assert_eq!(status.as_str(), code);
        assert_eq!(code.parse::<RequestStatus>(), Ok(status));
        assert_eq!(
            serde_json::to_string(&status).unwrap(),
            format!("\"{code}\"")
        );
        assert_eq!(
            serde_json::from_str::<RequestStatus>(&format!("\"{code}\"")).unwrap(),
            status
        );
    }
    assert!("InProgress".parse::<RequestStatus>().is_err());
    assert!("".parse::<RequestStatus>().is_err());
    for (actor, code) in Actor::ALL.into_iter().zip(["citizen", "clerk", "system"]) {
        assert_eq!(actor.as_str(), code);
        assert_eq!(code.parse::<Actor>(), Ok(actor));
        assert_eq!(
            serde_json::to_string(&actor).unwrap(),
            format!("\"{code}\"")
        );
    }
    assert!("admin".parse::<Actor>().is_err());
}
