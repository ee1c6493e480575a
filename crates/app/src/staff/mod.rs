//! The staff side: accounts (separate from citizens), roles and departments, login with a
//! password and a one-time code.

mod accounts;
mod login;
mod password;
pub mod totp;

pub use accounts::{NewStaffMember, StaffCreated};
pub use login::StaffLoginOutcome;
pub use password::StaffPasswordChange;

use crate::ClientInfo;
use dimos_db::audit::NewAuditEntry;
use dimos_domain::{AuditActorKind, StaffRole};

/// A logged-in member of staff, loaded afresh on every request.
#[derive(Debug, Clone)]
pub struct StaffPrincipal {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<StaffRole>,
    /// The departments a clerk acts for.
    pub departments: Vec<String>,
    pub session_id: String,
    pub csrf_token: String,
}

impl StaffPrincipal {
    pub fn has(&self, role: StaffRole) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_admin(&self) -> bool {
        self.has(StaffRole::Admin)
    }

    /// The departments whose work this member sees and acts on: `None` for every department
    /// (an admin), else a clerk's own (none for a member who is not a clerk).
    pub fn department_scope(&self) -> Option<&[String]> {
        if self.is_admin() {
            None
        } else if self.has(StaffRole::Clerk) {
            Some(&self.departments)
        } else {
            Some(&[])
        }
    }

    /// Whether this member may act on a department's work: admins everywhere, clerks in theirs.
    pub fn serves_department(&self, department: &str) -> bool {
        self.department_scope()
            .is_none_or(|own| own.iter().any(|d| d == department))
    }
}

/// An audit entry about a staff member's action.
pub fn staff_audit(staff_id: &str, action: &'static str, client: &ClientInfo) -> NewAuditEntry {
    let mut entry = NewAuditEntry::new(AuditActorKind::Staff, Some(staff_id.to_owned()), action);
    entry.client_ip = client.ip.clone();
    entry
}
