//! Who may use a route: the role markers that both the pages and the JSON API take their
//! staff extractors from (`pages::staff::StaffPage<R>` and `api::auth::Staff<R>`).

use dimos_app::staff::StaffPrincipal;
use dimos_domain::StaffRole;

/// Which members of staff a route admits. Admins are admitted wherever a role is asked for.
pub trait RoleRule {
    /// What the route needs, for the audit log of a refusal.
    const NEEDS: &'static str;
    fn admits(who: &StaffPrincipal) -> bool;
}

/// Any member of staff.
pub struct AnyStaff;
/// Admins only.
pub struct Admin;
/// Verifiers (and admins): identity certification at the counter.
pub struct Verifier;
/// Clerks (and admins): requests of their departments — the department check is the use case's.
pub struct Clerk;

impl RoleRule for AnyStaff {
    const NEEDS: &'static str = "staff";
    fn admits(_: &StaffPrincipal) -> bool {
        true
    }
}

impl RoleRule for Admin {
    const NEEDS: &'static str = "admin";
    fn admits(who: &StaffPrincipal) -> bool {
        who.is_admin()
    }
}

impl RoleRule for Verifier {
    const NEEDS: &'static str = "verifier";
    fn admits(who: &StaffPrincipal) -> bool {
        who.is_admin() || who.has(StaffRole::Verifier)
    }
}

impl RoleRule for Clerk {
    const NEEDS: &'static str = "clerk";
    fn admits(who: &StaffPrincipal) -> bool {
        who.is_admin() || who.has(StaffRole::Clerk)
    }
}
