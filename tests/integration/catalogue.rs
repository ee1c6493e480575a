use crate::support::spawn_app;
use crate::support::store::store;
use serde_json::{Value, json};

#[tokio::test]
async fn the_api_lists_the_standard_catalogue() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/services").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let services: Vec<Value> = response.json().await.unwrap();
    let rows: Vec<(&str, &str, &str)> = services
        .iter()
        .map(|s| {
            (
                s["code"].as_str().unwrap(),
                s["department"].as_str().unwrap(),
                s["min_level"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("residence_certificate", "registry", "A"),
            ("family_status_certificate", "registry", "A"),
            ("birth_certificate", "registry", "A"),
            ("marriage_record", "civil_status", "A"),
            ("no_debt_certificate", "treasury", "B"),
            ("property_tax_certificate", "treasury", "B"),
            ("parking_fine_copy", "municipal_police", "B"),
        ]
    );
    let residence = &services[0];
    assert_eq!(
        residence["name"],
        json!({"el": "Βεβαίωση μόνιμης κατοικίας", "en": "Certificate of permanent residence"})
    );
    assert_eq!(residence["delivery_modes"], json!(["pickup", "post"]));
    assert_eq!(residence["fee_cents"], json!(0));
    let names: Vec<&str> = services
        .iter()
        .map(|s| s["name"]["el"].as_str().unwrap())
        .collect();
    for greek in [
        "Πιστοποιητικό οικογενειακής κατάστασης",
        "Πιστοποιητικό γέννησης",
        "Ληξιαρχική πράξη γάμου",
        "Βεβαίωση μη οφειλής",
        "Βεβαίωση ΤΑΠ",
        "Αντίγραφο κλήσης",
    ] {
        assert!(names.contains(&greek), "{greek} missing");
    }
}

#[tokio::test]
async fn seeding_happens_once_and_a_restart_changes_nothing() {
    let app = spawn_app().await;
    // A second start over the same database (as after a restart, or a second instance).
    let again = app.state.app.clone();
    assert!(
        !again.seed_standard_catalogue().await.unwrap(),
        "an existing catalogue is kept"
    );
    assert_eq!(
        store(&app).await.migrate().await.unwrap(),
        0,
        "no migration runs twice"
    );
    let services: Vec<Value> = app.get("/api/v1/services").await.json().await.unwrap();
    assert_eq!(services.len(), 7);
    let offices = app.state.app.offices().await.unwrap();
    for department in ["registry", "civil_status", "treasury", "municipal_police"] {
        assert!(
            offices
                .iter()
                .any(|o| o.departments.iter().any(|d| d == department) && !o.hours.is_empty()),
            "no office with hours serves {department}"
        );
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = spawn_app().await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    let doc: Value = response.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    assert!(doc["paths"]["/api/v1/services"]["get"].is_object());
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert!(doc["components"]["schemas"]["ServiceView"].is_object());
}

/// The catalogue is held in memory; a change recorded by another instance (the same way every
/// change is recorded: a new catalogue version in the changing transaction) is seen at the next
/// request, without waiting or restarting.
#[tokio::test]
async fn a_change_by_another_instance_is_seen_at_the_next_request() {
    let app = spawn_app().await;
    let name_of_first =
        |services: Vec<Value>| services[0]["name"]["en"].as_str().unwrap().to_owned();
    let before: Vec<Value> = app.get("/api/v1/services").await.json().await.unwrap();
    assert_eq!(name_of_first(before), "Certificate of permanent residence");
    let page = app.get("/services?lang=en").await.text().await.unwrap();
    assert!(page.contains("Certificate of permanent residence"));

    // Another instance renames the service: its transaction records a new catalogue version.
    let db = &store(&app).await;
    let mut tx = db.begin().await.unwrap();
    sqlx::query("UPDATE services SET name_en = $1 WHERE code = $2")
        .bind("Residence certificate (renamed)")
        .bind("residence_certificate")
        .execute(&mut *tx)
        .await
        .unwrap();
    dimos_db::catalogue::changed(&mut tx).await.unwrap();
    tx.commit().await.unwrap();

    let after: Vec<Value> = app.get("/api/v1/services").await.json().await.unwrap();
    assert_eq!(name_of_first(after), "Residence certificate (renamed)");
    let page = app.get("/services?lang=en").await.text().await.unwrap();
    assert!(page.contains("Residence certificate (renamed)"));
}
