//! Every action the audit log records, in one list: the activity page words each of them in
//! Greek and English (a unit test of the web crate), and the log refuses, in debug builds, an
//! action missing here — so a new action fails the tests until it is listed and has words.

/// The action codes the use cases write, grouped by what they are about.
pub const AUDIT_ACTIONS: &[&str] = &[
    "admin.department_activated",
    "admin.department_created",
    "admin.department_deactivated",
    "admin.department_deleted",
    "admin.department_updated",
    "admin.office_activated",
    "admin.office_created",
    "admin.office_deactivated",
    "admin.office_updated",
    "admin.service_activated",
    "admin.service_created",
    "admin.service_deactivated",
    "admin.service_updated",
    "admin.settings_updated",
    "admin.staff_sessions_ended",
    "api_key.created",
    "api_key.refused",
    "api_key.revoked",
    "attachment.uploaded",
    "audit.searched",
    "authorization.denied",
    "citizen.activated",
    "citizen.activation",
    "citizen.confirmation_resent",
    "citizen.data_exported",
    "citizen.email_confirmed",
    "citizen.login",
    "citizen.logout",
    "citizen.password_changed",
    "citizen.password_check",
    "citizen.password_reset",
    "citizen.password_reset_requested",
    "citizen.profile_changed",
    "citizen.records_viewed",
    "citizen.register",
    "citizen.session_ended",
    "citizen.sessions_ended",
    "citizen.walk_in_registered",
    "records.import_rejected",
    "records.imported",
    "request.answered",
    "request.cancelled",
    "request.submitted",
    "request.transition",
    "staff.attachment_viewed",
    "staff.citizen_search",
    "staff.citizen_viewed",
    "staff.created",
    "staff.disabled",
    "staff.dispatch_list_viewed",
    "staff.enabled",
    "staff.login",
    "staff.logout",
    "staff.password_change",
    "staff.password_changed",
    "staff.records_viewed",
    "staff.request_viewed",
    "staff.roles_changed",
    "staff.totp_reset",
    "verification.certified",
    "verification.document_renewed",
    "verification.revoked",
];

/// Whether `action` is one of [`AUDIT_ACTIONS`].
pub fn is_audit_action(action: &str) -> bool {
    AUDIT_ACTIONS.contains(&action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_unique_and_well_formed() {
        let mut sorted = AUDIT_ACTIONS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            sorted, AUDIT_ACTIONS,
            "keep the list sorted and without repeats"
        );
        for action in AUDIT_ACTIONS {
            let (family, name) = action.split_once('.').expect("family.name");
            assert!(!family.is_empty() && !name.is_empty(), "{action}");
            assert!(
                action
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.'),
                "{action}"
            );
        }
    }
}
