//! Citizens and staff for the tests: the citizens' password and registration body, staff made
//! as the command line makes them, and their one-time codes.

use super::TestApp;
use dimos_app::ClientInfo;
use dimos_app::staff::{NewStaffMember, totp};
use dimos_domain::StaffRole;
use serde_json::{Value, json};

pub const PASSWORD: &str = "Lemon trees by the Aegean 42";

pub fn registration(username: &str, email: &str) -> Value {
    json!({
        "username": username,
        "password": PASSWORD,
        "email": email,
        "given_name": "Μαρία",
        "family_name": "Παπαδοπούλου",
        "father_name": "Γεώργιος",
        "birth_date": "1985-04-12",
        "tax_number": "090000045",
        "phone": "6912345678",
        "address": {"street": "Ερμού 10", "postal_code": "105 57", "city": "Αθήνα"}
    })
}

pub const STAFF_PASSWORD: &str = "Counter duty every Tuesday 4";

/// A member of staff made the way the command line makes one; returns their TOTP secret.
pub async fn add_staff(
    app: &TestApp,
    username: &str,
    roles: &[StaffRole],
    departments: &[&str],
) -> Vec<u8> {
    let created = app
        .state
        .app
        .add_staff(
            None,
            &NewStaffMember {
                username: username.into(),
                display_name: format!("{username} (test)"),
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

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The code of the current step, or of the next one when `fresh` (a code is accepted once).
pub fn code(secret: &[u8], steps_ahead: u64) -> String {
    totp::code_at(secret, now_secs() + 30 * steps_ahead)
}
