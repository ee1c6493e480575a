//! A member of staff made the way the command line makes one (no acting member, no client):
//! written once for the benches (`common::staff`) and the integration tests (`support::staff`,
//! the same file through `#[path]`).

use dimos_app::ClientInfo;
use dimos_app::staff::{NewStaffMember, totp};
use dimos_domain::StaffRole;

/// The password of every member of staff made here.
pub const STAFF_PASSWORD: &str = "Counter duty every Tuesday 4";

/// Adds `username`, shown as «`username` (`tag`)», with `roles` in `departments` and the
/// password [`STAFF_PASSWORD`]; returns their TOTP secret.
pub async fn add_staff(
    state: &dimos_web::AppState,
    username: &str,
    tag: &str,
    roles: &[StaffRole],
    departments: &[&str],
) -> Vec<u8> {
    let created = state
        .app
        .add_staff(
            None,
            &NewStaffMember {
                username: username.into(),
                display_name: format!("{username} ({tag})"),
                password: STAFF_PASSWORD.into(),
                roles: roles.to_vec(),
                departments: departments.iter().map(|d| (*d).to_owned()).collect(),
            },
            &ClientInfo::default(),
        )
        .await
        .expect("staff created");
    totp::secret_from_uri(&created.otpauth_uri).expect("a secret in the URI")
}
