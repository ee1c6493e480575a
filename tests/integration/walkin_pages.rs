//! «Level B in one visit» in the browser (no JavaScript): the verifier registers a walk-in at
//! the counter and prints the receipt with the code; the citizen activates at /activate.

use crate::support::accounts::PASSWORD;
use crate::support::accounts::registry_staff_browser;
use crate::support::browser::Page;
use crate::support::counter::{date_boxes, valid_until};
use crate::support::spawn_app;
use dimos_domain::StaffRole;
use serde_json::Value;

fn walk_in_form<'a>(expires_on: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("document_type", "id_card"),
        ("document_number", "ΑΒ 123456"),
        ("issuing_authority", "Τ.Α. Κυψέλης"),
        ("office", "citizen_service_centre"),
        ("given_name", "Νίκος"),
        ("family_name", "Αντωνίου"),
        ("father_name", "Παναγιώτης"),
    ];
    form.extend(date_boxes("expires_on", expires_on));
    form.extend(date_boxes("birth_date", "1961-09-03"));
    form.extend([
        ("tax_number", ""),
        ("email", email),
        ("phone", ""),
        ("street", "Πατησίων 50"),
        ("postal_code", "104 34"),
        ("city", "Αθήνα"),
    ]);
    form
}

/// The code printed on the receipt.
fn printed_code(receipt: &Page) -> String {
    let start = receipt
        .html
        .find("id=\"activation-code\">")
        .unwrap_or_else(|| panic!("no code on the receipt: {}", receipt.html))
        + "id=\"activation-code\">".len();
    receipt.html[start..start + 14].to_owned()
}

#[tokio::test]
async fn a_walk_in_registered_at_the_counter_activates_with_the_printed_code() {
    let app = spawn_app().await;
    let mut vera = registry_staff_browser(&app, "vera", StaffRole::Verifier).await;
    let search = vera.get("/staff/citizens").await;
    assert!(search.contains("href=\"/staff/citizens/new\""));
    let form = vera.get("/staff/citizens/new").await;
    assert_eq!(form.status, 200);
    assert!(form.contains("name=\"document_type\"") && form.contains("name=\"postal_code\""));

    // Problems come back on the form, each tied to its field; nothing is registered.
    let refused = vera
        .post("/staff/citizens/new", &walk_in_form("2001-01-01", "nope"))
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.contains("aria-describedby=\"expires_on-hint expires_on-error\""));
    assert!(refused.contains("id=\"email-error\""), "{}", refused.html);
    assert!(
        refused.contains("value=\"Πατησίων 50\""),
        "the form keeps what was typed"
    );

    let expires = valid_until();
    let receipt = vera
        .post(
            "/staff/citizens/new",
            &walk_in_form(&expires, "nikos@example.gr"),
        )
        .await;
    assert_eq!(receipt.status, 200, "{}", receipt.html);
    assert!(receipt.contains("Νίκος Αντωνίου"));
    let code = printed_code(&receipt);
    assert!(receipt.contains("/activate"));
    let mail = app.wait_for_mail("nikos@example.gr", 1).await;
    assert!(mail.body.contains(&code), "the same code by mail");

    // The citizen: linked from the login page; a wrong code, then a taken username, then in.
    let mut nikos = app.browser();
    let login = nikos.get("/login").await;
    assert!(login.contains("href=\"/activate\""));
    let form = nikos.get("/activate?lang=en").await;
    assert_eq!(form.status, 200);
    assert!(form.contains("Activation code"));
    let wrong = nikos
        .post(
            "/activate",
            &[
                ("code", "ZZZZ-ZZZZ-ZZZZ"),
                ("username", "nikos"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.contains("role=\"alert\""));
    app.register("maria.p", "maria@example.gr").await;
    let taken = nikos
        .post(
            "/activate",
            &[
                ("code", &code),
                ("username", "maria.p"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(taken.status, 409);
    assert!(taken.contains("id=\"username-error\""));
    assert!(!taken.contains(PASSWORD), "a password is never sent back");
    let account = nikos
        .post(
            "/activate",
            &[
                ("code", &code),
                ("username", "nikos"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(account.status, 200, "{}", account.html);
    assert!(account.path.starts_with("/account"), "{}", account.path);
    assert!(account.contains("badge badge-b"), "Level B at once");

    let token = app.login("nikos", PASSWORD).await;
    let me: Value = app.get_json("/api/v1/me", &token).await;
    assert_eq!(me["level"], "B");
}
