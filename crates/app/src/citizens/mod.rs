//! Level A: self-registration, e-mail confirmation, login and sessions, the citizen's account.

mod account;
mod links;
pub(crate) mod login;
pub(crate) mod mails;
pub(crate) mod register;

pub use account::{ContactInput, Profile};
pub use login::{LoginOutcome, SessionView};
pub use register::{ADDRESS_LINE_MAX, AddressInput, Registered, Registration};

use crate::ClientInfo;
use dimos_db::audit::NewAuditEntry;
use dimos_domain::AuditActorKind;

/// An audit entry about a citizen's own action.
pub(crate) fn citizen_audit(
    citizen_id: &str,
    action: &'static str,
    client: &ClientInfo,
) -> NewAuditEntry {
    let mut entry =
        NewAuditEntry::new(AuditActorKind::Citizen, Some(citizen_id.to_owned()), action);
    entry.subject_citizen_id = Some(citizen_id.to_owned());
    entry.target_kind = Some("citizen");
    entry.target_id = Some(citizen_id.to_owned());
    entry.client_ip = client.ip.clone();
    entry
}
