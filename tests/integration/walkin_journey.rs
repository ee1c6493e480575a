//! «Level B in one visit» in real headless Chromium, in Greek and in English: a verifier
//! registers Νίκος at the counter from his ID card (with a mistake first) and prints the
//! receipt with the code; Νίκος activates his account from the home page's link, choosing his
//! username and password, and lands on his Level B account. Every page passes axe-core on the
//! way (see `chromium.rs`).

use crate::support::accounts::PASSWORD;
use crate::support::accounts::add_staff;
use crate::support::chromium::{self, Chromium};
use crate::support::chromium::{assert_errors_are_tied_to_their_fields, staff_login};
use crate::support::counter::valid_until;
use crate::support::spawn_app;
use dimos_domain::StaffRole;
use dimos_web::Lang;

/// The walk-in form as the verifier fills it in from Νίκος's ID card and what he tells.
const WALK_IN: [(&str, &str); 11] = [
    ("document_number", "ΑΒ 123456"),
    ("issuing_authority", "Τ.Α. Κυψέλης"),
    ("given_name", "Νίκος"),
    ("family_name", "Αντωνίου"),
    ("father_name", "Παναγιώτης"),
    ("tax_number", "090000045"),
    ("email", "nikos@example.gr"),
    ("phone", "2101234567"),
    ("street", "Πατησίων 50"),
    ("postal_code", "104 34"),
    ("city", "Αθήνα"),
];

#[tokio::test]
async fn a_walk_in_becomes_level_b_in_one_visit_in_greek() {
    chromium::run(
        "a_walk_in_becomes_level_b_in_one_visit_in_greek",
        |chromium| walk_in_story(chromium, Lang::El),
    )
    .await;
}

#[tokio::test]
async fn a_walk_in_becomes_level_b_in_one_visit_in_english() {
    chromium::run(
        "a_walk_in_becomes_level_b_in_one_visit_in_english",
        |chromium| walk_in_story(chromium, Lang::En),
    )
    .await;
}

async fn walk_in_story(chromium: Chromium, lang: Lang) {
    let app = spawn_app().await;
    let secret = add_staff(&app, "vera", &[StaffRole::Verifier], &["registry"]).await;
    let vera = chromium.window("verifier", &app.address).await;
    staff_login(&vera, "vera", &secret, lang).await;
    vera.follow("main a[href='/staff/citizens']").await;
    vera.follow("main a[href='/staff/citizens/new']").await;
    assert_eq!(vera.path().await, "/staff/citizens/new");

    // Sent empty: every problem listed and tied to its field.
    vera.follow("form[action='/staff/citizens/new'] button[type=submit]")
        .await;
    assert!(vera.has(".error-summary").await, "the problems are listed");
    assert_errors_are_tied_to_their_fields(&vera, 8).await;

    vera.click("input[name=document_type][value=id_card]").await;
    for (name, value) in WALK_IN {
        vera.fill(name, value).await;
    }
    vera.fill_date("expires_on", &valid_until()).await;
    vera.fill_date("birth_date", "1961-09-03").await;
    vera.follow("form[action='/staff/citizens/new'] button[type=submit]")
        .await;
    assert!(
        vera.has("#activation-code").await,
        "the receipt with the code"
    );
    let code = vera
        .find("#activation-code")
        .await
        .text()
        .await
        .expect("the code's text");
    assert_eq!(code.len(), 14, "{code}");
    assert!(vera.text().await.contains("Νίκος Αντωνίου"));

    // Νίκος, at home, with the receipt.
    let nikos = chromium.window("citizen", &app.address).await;
    nikos.goto("/").await;
    if lang == Lang::En {
        nikos.switch_language("en").await;
    }
    nikos.follow("main a[href='/activate']").await;
    assert_eq!(nikos.path().await, "/activate");
    nikos.fill("code", "ZZZZ-ZZZZ-ZZZZ").await;
    nikos.fill("username", "nikos.a").await;
    nikos.fill("password", PASSWORD).await;
    nikos
        .follow("form[action='/activate'] button[type=submit]")
        .await;
    assert!(nikos.has("#form-summary").await, "a wrong code says so");
    nikos.fill("code", &code.to_lowercase()).await;
    nikos.fill("password", PASSWORD).await;
    nikos
        .follow("form[action='/activate'] button[type=submit]")
        .await;
    assert_eq!(nikos.path().await, "/account");
    assert!(nikos.has(".level .badge-b").await, "Level B at once");
}
