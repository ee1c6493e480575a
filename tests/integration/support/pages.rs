//! The pages as the tests fill them in: the registration form, a citizen's browser, the request
//! form, multipart forms.

use crate::support::TestApp;
use crate::support::accounts::PASSWORD;
use crate::support::browser::{Browser, Page};
use crate::support::multipart::{content_type, multipart};

/// Maria's identity as the forms' fields send it (as registered by [`registration_form`] and
/// [`crate::support::accounts::registration`]).
pub const MARIA: [(&str, &str); 7] = [
    ("given_name", "Μαρία"),
    ("family_name", "Παπαδοπούλου"),
    ("father_name", "Γεώργιος"),
    ("birth_date_day", "12"),
    ("birth_date_month", "4"),
    ("birth_date_year", "1985"),
    ("tax_number", "090000045"),
];

/// The registration form as a citizen fills it in.
pub fn registration_form(username: &str, email: &str) -> Vec<(&'static str, String)> {
    MARIA
        .into_iter()
        .chain([
            ("social_security_number", ""),
            ("email", email),
            ("phone", "6912345678"),
            ("street", "Ερμού 10"),
            ("postal_code", "105 57"),
            ("city", "Αθήνα"),
            ("username", username),
            ("password", PASSWORD),
        ])
        .map(|(k, v)| (k, v.to_owned()))
        .collect()
}

/// The form with some fields replaced.
pub fn with(
    form: &[(&'static str, String)],
    changes: &[(&str, &str)],
) -> Vec<(&'static str, String)> {
    form.iter()
        .map(|(k, v)| {
            let changed = changes
                .iter()
                .find(|(ck, _)| ck == k)
                .map(|(_, cv)| (*cv).to_owned());
            (*k, changed.unwrap_or_else(|| v.clone()))
        })
        .collect()
}

/// A citizen registered over the API with a confirmed e-mail, logged in in a browser.
pub async fn citizen(app: &TestApp, username: &str) -> Browser {
    app.confirmed_citizen(username, &format!("{username}@example.gr"))
        .await;
    let mut browser = app.browser();
    let account = browser.login(username, PASSWORD).await;
    assert_eq!(account.path, "/account");
    browser
}

/// Submits a request through the form; returns the page it leads to.
pub async fn submit(browser: &mut Browser, service: &str, delivery: &str, notes: &str) -> Page {
    browser.get("/requests/new").await;
    browser
        .post(
            "/requests/new",
            &[
                ("service", service),
                ("delivery", delivery),
                ("notes", notes),
            ],
        )
        .await
}

/// The id of the request whose page this is.
pub fn request_id(page: &Page) -> String {
    page.path
        .strip_prefix("/requests/")
        .unwrap_or_else(|| panic!("not a request page: {}", page.path))
        .to_owned()
}

/// Posts a multipart form from a logged-in browser; returns (status, final path and query).
pub async fn post_page_form(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    parts: &[(&str, Option<&str>, &[u8])],
) -> (u16, String) {
    let response = client
        .post(app.url(path))
        .header("origin", &app.address)
        .header("content-type", content_type())
        .body(multipart(parts))
        .send()
        .await
        .unwrap();
    let url = response.url().clone();
    let here = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    (response.status().as_u16(), here)
}

/// A page's text without its CSRF tokens: random, they may hold any letters (`RF` too).
pub fn without_tokens(html: &str) -> String {
    const MARK: &str = "name=\"csrf_token\" value=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at + MARK.len()]);
        rest = &rest[at + MARK.len()..];
        rest = &rest[rest.find('"').unwrap_or(rest.len())..];
    }
    out.push_str(rest);
    out
}
