//! Citizens and staff for the tests: the citizens' password and registration body, staff made
//! as the command line makes them, and their one-time codes.

use super::TestApp;
use super::browser::{Browser, Page};
use dimos_app::staff::totp;
use dimos_domain::StaffRole;
use serde_json::{Value, json};

/// The tax number of the registrations ([`registration`]), and another valid one.
/// Maria's tax number (from `registration()`), and another person's.
pub const MARIA_TAX: &str = "090000045";
pub const OTHER_TAX: &str = "123456783";

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

pub use super::staff::STAFF_PASSWORD;

/// A member of staff made the way the command line makes one, shown as «`username` (test)»;
/// returns their TOTP secret.
pub async fn add_staff(
    app: &TestApp,
    username: &str,
    roles: &[StaffRole],
    departments: &[&str],
) -> Vec<u8> {
    super::staff::add_staff(&app.state, username, "test", roles, departments).await
}

pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The code of the current step, or of the next one when `fresh` (a code is accepted once).
pub fn code(secret: &[u8], steps_ahead: u64) -> String {
    totp::code_at(secret, now_secs() + 30 * steps_ahead)
}

/// A member of staff made as the command line makes one, logged in through the staff login page.
pub async fn staff_browser(
    app: &TestApp,
    username: &str,
    roles: &[StaffRole],
    departments: &[&str],
) -> Browser {
    let secret = add_staff(app, username, roles, departments).await;
    let mut browser = app.browser();
    browser.get("/staff/login").await;
    let dashboard = post_staff_login(&mut browser, username, &secret, 0, &[]).await;
    assert_eq!(dashboard.status, 200, "{}", dashboard.html);
    browser
}

/// A verifier or clerk of the registry, logged in through the staff login page.
pub async fn registry_staff_browser(app: &TestApp, username: &str, role: StaffRole) -> Browser {
    staff_browser(app, username, &[role], &["registry"]).await
}

/// Logs a member of staff in at the staff login page, in English (`step`: which one-time code
/// to use, as a code is accepted once); lands on `next`.
pub async fn logged_in_staff(
    app: &TestApp,
    username: &str,
    secret: &[u8],
    step: u64,
    next: &str,
) -> Browser {
    let mut browser = app.browser();
    // English pages, so the assertions read easily (the choice is remembered).
    browser.get("/staff/login?lang=en").await;
    let page = post_staff_login(&mut browser, username, secret, step, &[("next", next)]).await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert_eq!(page.path, next);
    browser
}

/// Posts the staff login form (after a page with it) with the one-time code `step` ahead and
/// the fields `more`.
async fn post_staff_login(
    browser: &mut Browser,
    username: &str,
    secret: &[u8],
    step: u64,
    more: &[(&str, &str)],
) -> Page {
    let totp = code(secret, step);
    let mut fields = vec![
        ("username", username),
        ("password", STAFF_PASSWORD),
        ("totp", totp.as_str()),
    ];
    fields.extend_from_slice(more);
    browser.post("/staff/login", &fields).await
}

/// An admin (`anna`) logged in through the staff login page, on the integration keys' page.
pub async fn admin_browser(app: &TestApp) -> Browser {
    let secret = add_staff(app, "anna", &[StaffRole::Admin], &[]).await;
    logged_in_staff(app, "anna", &secret, 0, "/staff/admin/api-keys").await
}

impl TestApp {
    /// A certified (Level B) citizen whose e-mail is confirmed too: (citizen id, token).
    pub async fn confirmed_level_b_citizen(&self, username: &str, email: &str) -> (String, String) {
        let (id, token) = self.level_b_citizen(username, email).await;
        let mail = self.wait_for_mail(email, 1).await;
        self.post_json(
            "/api/v1/email-confirmations",
            &json!({ "token": mail.token("http://127.0.0.1:8080/confirm-email?token=") }),
        )
        .await;
        (id, token)
    }
}
