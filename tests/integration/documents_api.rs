//! Issue 12 — documents: foreign passports (with their issuing country) at certification and at
//! pickup, certification without a Greek tax number, and a renewed document replacing the one
//! on record without revoking Level B.

use crate::support::accounts::{PASSWORD, registration};
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use dimos_domain::DocumentType;
use serde_json::{Value, json};

fn foreign_passport() -> Value {
    json!({
        "document_type": "foreign_passport",
        "document_number": "c01x-00t47",
        "issuing_authority": "Stadt Köln",
        "issuing_country": "de",
        "expires_on": "2034-05-31",
        "office": "citizen_service_centre"
    })
}

fn renewed_id_card() -> Value {
    json!({
        "document_type": "id_card",
        "document_number": "ΑΝ 554433",
        "issuing_authority": "Τ.Α. Αθηνών",
        "expires_on": "2040-03-31",
        "office": "citizen_service_centre"
    })
}

impl TestApp {
    /// Registers a citizen without a tax number; returns the id.
    async fn register_without_tax_number(&self, username: &str) -> String {
        let mut body = registration(username, &format!("{username}@example.gr"));
        body.as_object_mut().unwrap().remove("tax_number");
        let response = self.post_json("/api/v1/citizens", &body).await;
        assert_eq!(response.status(), 201, "{:?}", response.text().await);
        response.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A confirmed Level A citizen: (token, id).
    async fn confirmed_with_id(&self, username: &str, email: &str) -> (String, String) {
        let token = self.confirmed_citizen(username, email).await;
        let me: Value = self.get_json("/api/v1/me", &token).await;
        let id = me["id"].as_str().unwrap().to_owned();
        (token, id)
    }

    async fn renew(&self, token: &str, citizen_id: &str, body: &Value) -> reqwest::Response {
        self.client
            .put(self.url(&format!(
                "/api/v1/staff/citizens/{citizen_id}/verification/document"
            )))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// A pickup request of `token`'s citizen, moved to ready_for_pickup by `clerk`.
    async fn ready_pickup(&self, token: &str, clerk: &str) -> String {
        let submitted = self
            .submit(
                token,
                &json!({"service": "residence_certificate", "delivery": "pickup"}),
            )
            .await;
        assert_eq!(submitted.status(), 201, "{:?}", submitted.text().await);
        let id = submitted.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        for to in ["in_progress", "ready_for_pickup"] {
            let moved = self.transition(clerk, &id, &json!({ "to": to })).await;
            assert_eq!(moved.status(), 200, "{to}: {:?}", moved.text().await);
        }
        id
    }
}

async fn error_of(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status(), status);
    response.json::<Value>().await.unwrap()["error"].clone()
}

#[tokio::test]
async fn a_foreign_passport_certifies_with_its_country_and_is_checked_at_pickup() {
    let app = spawn_app().await;
    let (mut token, id) = app.confirmed_with_id("hans.m", "hans@example.gr").await;
    let verifier = app.verifier_token("vera").await;

    // Without its country, and with a code that is no country: 422 naming the field.
    let mut without = foreign_passport();
    without.as_object_mut().unwrap().remove("issuing_country");
    let error = error_of(app.certify(&verifier, &id, &without).await, 422).await;
    assert_eq!(error["code"], "validation_failed");
    assert_eq!(error["fields"]["issuing_country"][0], "required");
    for bad in ["UK", "XX", "DEU", "Γερμανία"] {
        let mut body = foreign_passport();
        body["issuing_country"] = json!(bad);
        let error = error_of(app.certify(&verifier, &id, &body).await, 422).await;
        assert_eq!(
            error["fields"]["issuing_country"][0], "unknown_country",
            "{bad}"
        );
    }
    let mut short = foreign_passport();
    short["document_number"] = json!("AB1");
    let error = error_of(app.certify(&verifier, &id, &short).await, 422).await;
    assert_eq!(error["fields"]["document_number"][0], "invalid_format");
    let me: Value = app.get_json("/api/v1/me", &token).await;
    assert_eq!(me["level"], "A", "nothing changed on a refusal");

    let response = app.certify(&verifier, &id, &foreign_passport()).await;
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    token = app.login("hans.m", PASSWORD).await;
    let me: Value = app.get_json("/api/v1/me", &token).await;
    assert_eq!(me["level"], "B");
    assert_eq!(me["verification"]["document_type"], "foreign_passport");
    assert!(!me.to_string().contains("C01X00T47"));
    let profile: Value = app
        .get_json(&format!("/api/v1/staff/citizens/{id}"), &verifier)
        .await;
    assert_eq!(profile["verification"]["document_type"], "foreign_passport");

    // Pickup: the passport on record, in any spelling; its country may be left out.
    let clerk = app.clerk("clara", &["registry"]).await;
    let pickup = app.ready_pickup(&token, &clerk).await;
    let wrong_number = app
        .transition(&clerk, &pickup, &json!({"to": "collected", "id_document_type": "foreign_passport", "id_document_number": "C01X00T48"}))
        .await;
    let error = error_of(wrong_number, 422).await;
    assert_eq!(
        error["fields"]["id_document_number"][0],
        "does_not_match_certified"
    );
    let wrong_country = app
        .transition(&clerk, &pickup, &json!({"to": "collected", "id_document_type": "foreign_passport", "id_document_number": "C01X00T47", "id_document_country": "AT"}))
        .await;
    assert_eq!(
        error_of(wrong_country, 422).await["fields"]["id_document_number"][0],
        "does_not_match_certified"
    );
    let right = app
        .transition(&clerk, &pickup, &json!({"to": "collected", "id_document_type": "foreign_passport", "id_document_number": "c01x 00t47"}))
        .await;
    assert_eq!(right.status(), 200, "{:?}", right.text().await);
}

#[tokio::test]
async fn a_level_a_citizen_collects_with_a_foreign_passport_and_its_country() {
    let app = spawn_app().await;
    let token = app.confirmed_citizen("ana.k", "ana@example.gr").await;
    let clerk = app.clerk("clara", &["registry"]).await;
    let pickup = app.ready_pickup(&token, &clerk).await;
    let no_country = app
        .transition(&clerk, &pickup, &json!({"to": "collected", "id_document_type": "foreign_passport", "id_document_number": "YA1234567"}))
        .await;
    assert_eq!(
        error_of(no_country, 422).await["fields"]["id_document_country"][0],
        "required"
    );
    let unknown = app
        .transition(&clerk, &pickup, &json!({"to": "collected", "id_document_type": "foreign_passport", "id_document_number": "YA1234567", "id_document_country": "ZZ"}))
        .await;
    assert_eq!(
        error_of(unknown, 422).await["fields"]["id_document_country"][0],
        "unknown_country"
    );
    let collected = app
        .transition(&clerk, &pickup, &json!({"to": "collected", "id_document_type": "foreign_passport", "id_document_number": "YA1234567", "id_document_country": "al"}))
        .await;
    assert_eq!(collected.status(), 200, "{:?}", collected.text().await);
    let detail: Value = collected.json().await.unwrap();
    assert_eq!(detail["status"], "collected");
    // The staff page names the document with its country.
    let row = dimos_db::requests::get(&store(&app).await, &pickup)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.collected_document_type.map(DocumentType::as_str),
        Some("foreign_passport")
    );
    assert_eq!(row.collected_document_country.as_deref(), Some("AL"));
    assert_eq!(row.collected_document_masked.as_deref(), Some("•••••••67"));
}

#[tokio::test]
async fn a_person_without_a_tax_number_is_certified_and_told_why_the_records_are_empty() {
    let app = spawn_app().await;
    let id = app.register_without_tax_number("li.wei").await;
    let verifier = app.verifier_token("vera").await;
    let mut body = foreign_passport();
    body["issuing_country"] = json!("CN");
    body["document_number"] = json!("E12345678");
    let response = app.certify(&verifier, &id, &body).await;
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    assert_eq!(
        app.audit_count("verification.certified", "success").await,
        1
    );

    let token = app.login("li.wei", PASSWORD).await;
    let me: Value = app.get_json("/api/v1/me", &token).await;
    assert_eq!(me["level"], "B");
    assert_eq!(me["tax_number"], Value::Null);
    for kind in ["debts", "fines", "pending"] {
        let response = app.get_with(&format!("/api/v1/me/{kind}"), &token).await;
        assert_eq!(response.status(), 200, "{kind}");
        let list: Value = response.json().await.unwrap();
        assert_eq!(
            list,
            json!({"items": [], "total_cents": 0, "reason": "no_tax_number"}),
            "{kind}"
        );
    }

    // A certified citizen WITH a tax number gets no reason.
    let (_, maria) = app.level_b_citizen("maria.p", "maria@example.gr").await;
    let debts: Value = app.get_json("/api/v1/me/debts", &maria).await;
    assert!(debts.get("reason").is_none(), "{debts}");

    // The pages explain, in Greek and in English.
    let mut browser = app.browser();
    browser.login("li.wei", PASSWORD).await;
    let page = browser.get("/account/debts").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Δεν καταχωρίστηκε ΑΦΜ"), "{}", page.html);
    assert!(page.contains("με βάση τον ΑΦΜ"));
    let page = browser.get("/account/fines?lang=en").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("No tax number recorded"), "{}", page.html);
    assert!(page.contains("by tax number (ΑΦΜ)"));
    let page = browser.get("/account/pending?lang=en").await;
    assert!(page.contains("No tax number recorded"));
}

#[tokio::test]
async fn a_renewed_document_replaces_the_recorded_one_and_level_b_stays() {
    let app = spawn_app().await;
    let (token, id) = app.confirmed_with_id("maria.p", "maria@example.gr").await;
    let verifier = app.verifier_token("vera").await;
    let certified = app
        .certify(&verifier, &id, &crate::support::api::document())
        .await;
    assert_eq!(certified.status(), 200);

    // Expired, malformed, foreign without a country: 422, nothing changes.
    let mut expired = renewed_id_card();
    expired["expires_on"] = json!("2020-01-31");
    let error = error_of(app.renew(&verifier, &id, &expired).await, 422).await;
    assert_eq!(error["fields"]["expires_on"][0], "expired");
    let mut without = foreign_passport();
    without.as_object_mut().unwrap().remove("issuing_country");
    let error = error_of(app.renew(&verifier, &id, &without).await, 422).await;
    assert_eq!(error["fields"]["issuing_country"][0], "required");
    let error = error_of(app.renew(&verifier, &id, &json!({})).await, 422).await;
    assert_eq!(error["code"], "validation_failed");
    let blank = json!({"document_type": "", "document_number": "", "issuing_authority": " ",
        "expires_on": "", "office": ""});
    let error = error_of(app.renew(&verifier, &id, &blank).await, 422).await;
    for field in ["document_type", "issuing_authority", "expires_on", "office"] {
        assert_eq!(error["fields"][field][0], "required", "{field}");
    }
    assert_eq!(
        app.audit_count("verification.document_renewed", "success")
            .await,
        0
    );

    // A clerk and the citizen are refused; a Level A citizen has nothing to renew.
    let clerk = app.clerk("clara", &["registry"]).await;
    assert_eq!(
        app.renew(&clerk, &id, &renewed_id_card()).await.status(),
        403
    );
    let citizen_refused = app.renew(&token, &id, &renewed_id_card()).await.status();
    assert!(
        citizen_refused == 401 || citizen_refused == 403,
        "{citizen_refused}"
    );
    let level_a = app.register("nikos", "nikos@example.gr").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let error = error_of(
        app.renew(&verifier, &level_a, &renewed_id_card()).await,
        409,
    )
    .await;
    assert_eq!(error["code"], "not_certified");
    assert_eq!(
        app.renew(&verifier, "no-such-citizen", &renewed_id_card())
            .await
            .status(),
        404
    );

    let renewed = app.renew(&verifier, &id, &renewed_id_card()).await;
    assert_eq!(renewed.status(), 200);
    assert_eq!(
        renewed.json::<Value>().await.unwrap(),
        json!({"level": "B"})
    );
    assert_eq!(
        app.audit_count("verification.document_renewed", "success")
            .await,
        1
    );
    let me: Value = app.get_json("/api/v1/me", &token).await;
    assert_eq!(me["level"], "B", "the open session stays Level B");
    let history = dimos_db::verifications::replaced_count(&store(&app).await, &id)
        .await
        .unwrap();
    assert_eq!(history, 1, "the old document is kept in the history");

    // Pickup now checks the new document: the old card is refused, the new one accepted.
    let pickup = app.ready_pickup(&token, &clerk).await;
    let old = app
        .transition(&clerk, &pickup, &json!({"to": "collected", "id_document_type": "id_card", "id_document_number": "ΑΚ 918273"}))
        .await;
    assert_eq!(
        error_of(old, 422).await["fields"]["id_document_number"][0],
        "does_not_match_certified"
    );
    let new = app
        .transition(&clerk, &pickup, &json!({"to": "collected", "id_document_type": "id_card", "id_document_number": "an554433"}))
        .await;
    assert_eq!(new.status(), 200, "{:?}", new.text().await);

    // A renewal by a foreign passport works the same way.
    let renewed = app.renew(&verifier, &id, &foreign_passport()).await;
    assert_eq!(renewed.status(), 200);
    assert_eq!(
        dimos_db::verifications::replaced_count(&store(&app).await, &id)
            .await
            .unwrap(),
        2
    );
}
