//! A fresh install tells the truth: the seeded offices' example details are marked as
//! placeholders, every staff page asks for them until an admin edits the offices, and no mail
//! carries them.

use crate::support::accounts::add_staff;
use crate::support::accounts::logged_in_staff;
use crate::support::{TestApp, spawn_app};
use dimos_domain::StaffRole;
use serde_json::json;

const SEEDED_CONTACTS: [&str; 4] = ["dimos.example", "+3021000", "Πλατεία Δημαρχείου", "Λιοσίων"];

/// The admin's edit of a seeded office, with the municipality's real details.
fn real_office(
    name_en: &'static str,
    departments: &'static str,
) -> Vec<(&'static str, &'static str)> {
    vec![
        ("name_el", "Κέντρο Εξυπηρέτησης Δημοτών"),
        ("name_en", name_en),
        ("street", "Κηφισίας 100"),
        ("postal_code", "115 26"),
        ("city", "Αθήνα"),
        ("phone", "210 7777777"),
        ("email", "kep@athens-test.gr"),
        ("certifies_identity", "1"),
        ("departments", departments),
        ("hours_1_1", "08:00–15:00"),
        ("hours_2_1", "08:00–15:00"),
    ]
}

const OFFICES: [(&str, &str); 4] = [
    ("citizen_service_centre", "registry"),
    ("civil_status_office", "civil_status"),
    ("treasury_office", "treasury"),
    ("municipal_police_office", "municipal_police"),
];

#[tokio::test]
async fn staff_pages_ask_for_the_offices_until_the_admin_completes_them() {
    let app = spawn_app().await;
    let admin_secret = add_staff(&app, "anna", &[StaffRole::Admin], &[]).await;
    let clerk_secret = add_staff(&app, "kostas", &[StaffRole::Clerk], &["registry"]).await;
    let mut anna = logged_in_staff(&app, "anna", &admin_secret, 0, "/staff").await;
    let mut kostas = logged_in_staff(&app, "kostas", &clerk_secret, 0, "/staff").await;

    for path in ["/staff", "/staff/admin", "/staff/audit"] {
        let page = anna.get(path).await;
        assert!(page.contains("setup-banner"), "{path}: {}", page.html);
        assert!(page.contains("href=\"/staff/admin/offices\""), "{path}");
        assert!(page.contains("The installation is not complete"), "{path}");
    }
    let clerk_page = kostas.get("/staff/requests").await;
    assert!(clerk_page.contains("The administrator has not yet completed"));
    assert!(!clerk_page.contains("href=\"/staff/admin/offices\">Complete"));
    let greek = kostas.get("/staff?lang=el").await;
    assert!(
        greek.contains("Ο διαχειριστής δεν έχει ολοκληρώσει"),
        "{}",
        greek.html
    );
    // Citizens' pages carry no staff banner.
    assert!(
        !app.get("/offices")
            .await
            .text()
            .await
            .unwrap()
            .contains("setup-banner")
    );

    // Editing some offices is not enough: the banner stays while one is a placeholder.
    for (office, departments) in &OFFICES[..3] {
        anna.get(&format!("/staff/admin/offices/{office}")).await;
        let saved = anna
            .post(
                &format!("/staff/admin/offices/{office}"),
                &real_office("Citizen Service Centre", departments),
            )
            .await;
        assert_eq!(saved.status, 200, "{}", saved.html);
    }
    assert!(anna.get("/staff").await.contains("setup-banner"));
    let (office, departments) = OFFICES[3];
    anna.get(&format!("/staff/admin/offices/{office}")).await;
    anna.post(
        &format!("/staff/admin/offices/{office}"),
        &real_office("Municipal Police Office", departments),
    )
    .await;
    assert!(!anna.get("/staff").await.contains("setup-banner"));
    assert!(!kostas.get("/staff/requests").await.contains("setup-banner"));
}

/// Submits a pickup request and has a clerk make it ready; returns the «ready» mail's body.
async fn ready_for_pickup_mail(app: &TestApp, citizen: &str, email: &str, clerk: &str) -> String {
    let token = app.confirmed_citizen(citizen, email).await;
    let submitted = app
        .submit(
            &token,
            &json!({"service": "residence_certificate", "delivery": "pickup"}),
        )
        .await;
    assert_eq!(submitted.status(), 201);
    let id = submitted.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let clerk = app.clerk(clerk, &["registry"]).await;
    for to in ["in_progress", "ready_for_pickup"] {
        let moved = app.transition(&clerk, &id, &json!({ "to": to })).await;
        assert_eq!(moved.status(), 200, "{to}");
    }
    app.wait_for_mail(email, 4).await.body
}

#[tokio::test]
async fn a_ready_for_pickup_mail_never_carries_placeholder_office_details() {
    let app = spawn_app().await;
    let body = ready_for_pickup_mail(&app, "maria.p", "maria@example.gr", "kostas").await;
    assert!(body.contains("έτοιμο για παραλαβή"), "{body}");
    assert!(body.contains("ready to collect"), "{body}");
    for fake in SEEDED_CONTACTS {
        assert!(!body.contains(fake), "{fake} in {body}");
    }
    assert!(
        body.contains("http://127.0.0.1:8080/requests/"),
        "the portal says where: {body}"
    );

    // Once the admin completes the office, the mail names it with its real details.
    let secret = add_staff(&app, "anna", &[StaffRole::Admin], &[]).await;
    let mut anna = logged_in_staff(&app, "anna", &secret, 0, "/staff").await;
    anna.get("/staff/admin/offices/citizen_service_centre")
        .await;
    let saved = anna
        .post(
            "/staff/admin/offices/citizen_service_centre",
            &real_office("Citizen Service Centre", "registry"),
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.html);
    let body = ready_for_pickup_mail(&app, "nikos.k", "nikos@example.gr", "eleni").await;
    assert!(body.contains("Κηφισίας 100, 11526 Αθήνα"), "{body}");
    assert!(body.contains("kep@athens-test.gr"), "{body}");
    assert!(body.contains("+302107777777"), "{body}");
    assert!(!body.contains("dimos.example"), "{body}");
}
