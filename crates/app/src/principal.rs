//! Who is acting, as established by the web layer's extractors.

use dimos_domain::AssuranceLevel;

/// Where a request came from, for throttling and the audit log.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: String,
}

/// A logged-in citizen, loaded afresh on every request (so a new level shows at once).
#[derive(Debug, Clone)]
pub struct CitizenPrincipal {
    pub id: String,
    pub username: String,
    pub level: AssuranceLevel,
    pub email_confirmed: bool,
    /// Public id of the session this request came with.
    pub session_id: String,
    /// The session's synchronizer token for forms.
    pub csrf_token: String,
}
