//! Issue 12 — documents at the counter's pages: a foreign passport with its country, and the
//! renewed document's form on a certified citizen's profile, in Greek and in English.

use crate::support::accounts::PASSWORD;
use crate::support::accounts::registry_staff_browser;
use crate::support::counter::{certification, certifying_office, date_boxes, valid_until, with};
use crate::support::spawn_app;
use dimos_domain::StaffRole;
use serde_json::Value;

#[tokio::test]
async fn the_counter_certifies_by_a_foreign_passport_and_records_a_renewed_document() {
    let app = spawn_app().await;
    let id = app.register("hans.m", "hans@example.gr").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut vera = registry_staff_browser(&app, "vera", StaffRole::Verifier).await;
    let office = certifying_office(&app).await;
    let expires = valid_until();
    let profile = vera.get(&format!("/staff/citizens/{id}")).await;
    assert!(
        profile.contains("value=\"foreign_passport\""),
        "{}",
        profile.html
    );
    assert!(profile.contains("Ξένο διαβατήριο"));
    assert!(profile.contains("Χώρα έκδοσης"));

    let certify = format!("/staff/citizens/{id}/certify");
    let foreign = with(
        with(
            certification(&office, &expires),
            "document_type",
            "foreign_passport",
        ),
        "document_number",
        "C01X00T47",
    );
    let no_country = vera.post(&certify, &foreign).await;
    assert_eq!(no_country.status, 422);
    assert!(
        no_country.contains("Γράψτε τη χώρα που εξέδωσε το ξένο διαβατήριο"),
        "{}",
        no_country.html
    );
    assert!(no_country.contains("href=\"#issuing_country\""));
    assert!(no_country.contains("aria-describedby=\"issuing_country-hint issuing_country-error\""));

    let mut with_country = foreign.clone();
    with_country.push(("issuing_country", "DE"));
    let done = vera.post(&certify, &with_country).await;
    assert_eq!(
        done.path,
        format!("/staff/citizens/{id}/receipt"),
        "{}",
        done.html
    );
    assert!(
        done.contains("Ξένο διαβατήριο (DE, Γερμανία)"),
        "{}",
        done.html
    );

    // Level B: the renewed document's form, Greek and English.
    let profile = vera.get(&format!("/staff/citizens/{id}")).await;
    assert!(profile.contains("Ανανεωμένο έγγραφο"), "{}", profile.html);
    assert!(profile.contains(&format!("action=\"/staff/citizens/{id}/document\"")));
    let renew = format!("/staff/citizens/{id}/document");
    vera.get(&format!("/staff/citizens/{id}")).await;
    let expired = vera
        .post(
            &renew,
            &[
                [
                    ("document_type", "id_card"),
                    ("document_number", "ΑΝ 554433"),
                    ("issuing_authority", "Τ.Α. Αθηνών"),
                    ("office", &office),
                ]
                .as_slice(),
                date_boxes("expires_on", "2020-01-31").as_slice(),
            ]
            .concat(),
        )
        .await;
    assert_eq!(expired.status, 422);
    assert!(
        expired.contains("Το έγγραφο έχει λήξει"),
        "{}",
        expired.html
    );
    assert!(expired.contains("badge badge-b"), "still Level B");

    let renewed = vera
        .post(
            &renew,
            &[
                [
                    ("document_type", "id_card"),
                    ("document_number", "ΑΝ 554433"),
                    ("issuing_authority", "Τ.Α. Αθηνών"),
                    ("office", &office),
                ]
                .as_slice(),
                date_boxes("expires_on", &expires).as_slice(),
            ]
            .concat(),
        )
        .await;
    assert_eq!(renewed.status, 200);
    assert_eq!(renewed.path, format!("/staff/citizens/{id}"));
    assert!(
        renewed.contains("Το νέο έγγραφο καταχωρίστηκε"),
        "{}",
        renewed.html
    );
    assert!(renewed.contains("Αστυνομική ταυτότητα"));
    assert!(renewed.contains("AN ••••33"));

    let english = vera.get(&format!("/staff/citizens/{id}?lang=en")).await;
    assert!(english.contains("Renewed document"));
    assert!(english.contains("Police ID card"));

    let token = app.login("hans.m", PASSWORD).await;
    let me: Value = app.get_json("/api/v1/me", &token).await;
    assert_eq!(me["level"], "B");
    assert_eq!(me["verification"]["document_type"], "id_card");
}
