//! Level B over the API: the counter finds a citizen, certifies, revokes.

use crate::support::accounts::add_staff;
use crate::support::accounts::{PASSWORD, registration};
use crate::support::api::document;
use crate::support::api::id_of;
use crate::support::spawn_app;
use dimos_domain::StaffRole;
use serde_json::{Value, json};

#[tokio::test]
async fn a_verifier_finds_and_certifies_a_citizen_whose_session_sees_level_b_at_once() {
    let app = spawn_app().await;
    let created = app.register("maria.p", "maria@example.gr").await;
    let id = created["id"].as_str().unwrap();
    let citizen = app.login("maria.p", PASSWORD).await;
    let verifier = app.verifier_token("vera").await;

    for q in [
        "maria.p",
        "090000045",
        "MARIA@example.gr",
        "ΠΑΠΑΔΟΠΟΥΛΟΥ 12/04/1985",
        "papadopoulou 1985-04-12",
    ] {
        let found: Value = app
            .get_with(
                &format!("/api/v1/staff/citizens?q={}", urlencode(q)),
                &verifier,
            )
            .await
            .json()
            .await
            .unwrap();
        let found = found.as_array().unwrap_or_else(|| panic!("{q}: {found}"));
        if q.starts_with("papadopoulou") {
            // Latin letters do not match a Greek name: the search folds accents and case, not scripts.
            assert!(found.is_empty(), "{q}");
            continue;
        }
        assert_eq!(found.len(), 1, "{q}");
        assert_eq!(found[0]["id"], id, "{q}");
        assert_eq!(found[0]["level"], "A");
    }
    let empty = app.get_with("/api/v1/staff/citizens?q=", &verifier).await;
    assert_eq!(empty.status(), 422);

    let mut corrected = document();
    corrected["father_name"] = json!("Γεώργιος-Ιωάννης");
    let response = app.certify(&verifier, id, &corrected).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"level": "B"})
    );

    let me: Value = app.get_json("/api/v1/me", &citizen).await;
    assert_eq!(
        me["level"], "B",
        "the open session sees the new level at once"
    );
    assert_eq!(me["father_name"], "Γεώργιος-Ιωάννης");
    assert_eq!(me["verification"]["document_type"], "id_card");
    assert_eq!(me["verification"]["office"], "citizen_service_centre");
    assert!(
        !me.to_string().contains("918273"),
        "the document number is never shown in full"
    );
    let mail = app.wait_for_mail("maria@example.gr", 2).await;
    assert!(mail.subject.contains("Level B"), "{}", mail.subject);

    // Identity is locked now; contact details are not.
    let patch = app
        .client
        .patch(app.url("/api/v1/me"))
        .bearer_auth(&citizen)
        .json(&json!({"given_name": "Μαρίνα"}))
        .send()
        .await
        .unwrap();
    assert_eq!(patch.status(), 422);
    let body: Value = patch.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"]["given_name"][0],
        "locked_after_certification"
    );
    let phone = app
        .client
        .patch(app.url("/api/v1/me"))
        .bearer_auth(&citizen)
        .json(&json!({"phone": "6900000001"}))
        .send()
        .await
        .unwrap();
    assert_eq!(phone.status(), 200);

    let again = app.certify(&verifier, id, &document()).await;
    assert_eq!(again.status(), 409);
    let body: Value = again.json().await.unwrap();
    assert_eq!(body["error"]["code"], "already_certified");
    assert!(app.audit_count("verification.certified", "success").await == 1);
    assert!(app.audit_count("staff.citizen_search", "success").await >= 4);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn bad_documents_are_refused_field_by_field_and_change_nothing() {
    let app = spawn_app().await;
    let id = app.register("maria.p", "maria@example.gr").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let verifier = app.verifier_token("vera").await;
    let cases: &[(&str, Value, &str)] = &[
        ("document_type", json!("driving_licence"), "unknown_value"),
        ("document_type", json!(""), "required"),
        ("document_number", json!("ΑΚ 12345"), "invalid_format"),
        ("document_number", json!(""), "required"),
        ("issuing_authority", json!(""), "required"),
        ("expires_on", json!("2020-01-01"), "expired"),
        ("expires_on", json!("31/01/2035"), "invalid_format"),
        ("office", json!("treasury_office"), "does_not_certify"),
        ("office", json!("nowhere"), "unknown_office"),
        ("birth_date", json!("2999-01-01"), "not_in_past"),
        ("tax_number", json!("123456789"), "invalid_check_digit"),
    ];
    for (field, value, code) in cases {
        let mut body = document();
        body[*field] = value.clone();
        let response = app.certify(&verifier, &id, &body).await;
        assert_eq!(response.status(), 422, "{field}={value}");
        let body: Value = response.json().await.unwrap();
        assert!(
            body["error"]["fields"][*field]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == code),
            "{field}={value}: {body}"
        );
    }
    let passport = json!({"document_type": "passport", "document_number": "AE1234567", "issuing_authority": "Αρχηγείο ΕΛ.ΑΣ.", "expires_on": "2031-06-30", "office": "civil_status_office"});
    let unknown = app.certify(&verifier, "no-such-citizen", &passport).await;
    assert_eq!(unknown.status(), 404);
    let missing_fields = app
        .certify(&verifier, &id, &json!({"document_type": "passport"}))
        .await;
    assert_eq!(missing_fields.status(), 422);
    let token = app.login("maria.p", PASSWORD).await;
    let me: Value = app.get_json("/api/v1/me", &token).await;
    assert_eq!(me["level"], "A", "nothing changed");
    assert_eq!(
        app.certify(&verifier, &id, &passport).await.status(),
        200,
        "a passport works too"
    );
}

#[tokio::test]
async fn a_tax_number_is_certified_on_one_account_only() {
    let app = spawn_app().await;
    let first = app.register("maria.p", "maria@example.gr").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = id_of(
        app.post_json(
            "/api/v1/citizens",
            &registration("maria.other", "other@example.gr"),
        )
        .await,
    )
    .await;
    let verifier = app.verifier_token("vera").await;
    assert_eq!(
        app.certify(&verifier, &first, &document()).await.status(),
        200
    );
    let conflict = app.certify(&verifier, &second, &document()).await;
    assert_eq!(conflict.status(), 409);
    let body: Value = conflict.json().await.unwrap();
    assert_eq!(body["error"]["code"], "tax_number_already_certified");
    let text = body.to_string();
    assert!(
        !text.contains("maria.p") && !text.contains(&first),
        "the other account is not named"
    );
    let token = app.login("maria.other", PASSWORD).await;
    let me: Value = app.get_json("/api/v1/me", &token).await;
    assert_eq!(me["level"], "A");
    assert_eq!(me["verification"], Value::Null);
}

#[tokio::test]
async fn revocation_needs_a_reason_and_takes_effect_at_once() {
    let app = spawn_app().await;
    let (id, citizen) = app.level_b_citizen("maria.p", "maria@example.gr").await;
    let verifier = app.verifier_token("victor").await;
    let revoke = |body: Value| {
        let request = app
            .client
            .delete(app.url(&format!("/api/v1/staff/citizens/{id}/verification")))
            .bearer_auth(&verifier)
            .json(&body);
        async move { request.send().await.unwrap() }
    };
    let no_reason = revoke(json!({"reason": "  "})).await;
    assert_eq!(no_reason.status(), 422);
    let done = revoke(json!({"reason": "Το έγγραφο δηλώθηκε κλεμμένο"})).await;
    assert_eq!(done.status(), 200);
    assert_eq!(done.json::<Value>().await.unwrap(), json!({"level": "A"}));
    let me: Value = app.get_json("/api/v1/me", &citizen).await;
    assert_eq!(me["level"], "A");
    assert_eq!(me["verification"], Value::Null);
    let twice = revoke(json!({"reason": "again"})).await;
    assert_eq!(twice.status(), 409);
    assert_eq!(
        twice.json::<Value>().await.unwrap()["error"]["code"],
        "not_certified"
    );
    let mail = app.wait_for_mail("maria@example.gr", 3).await;
    assert!(mail.body.contains("κλεμμένο"), "the citizen is told why");
    // Re-certification later is possible.
    assert_eq!(app.certify(&verifier, &id, &document()).await.status(), 200);
}

#[tokio::test]
async fn only_verifiers_and_admins_work_the_counter() {
    let app = spawn_app().await;
    let id = app.register("maria.p", "maria@example.gr").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let clerk_secret = add_staff(&app, "clara", &[StaffRole::Clerk], &["registry"]).await;
    let clerk = app.staff_login("clara", &clerk_secret).await;
    let citizen = app.login("maria.p", PASSWORD).await;
    assert_eq!(
        app.get_with("/api/v1/staff/citizens?q=maria.p", &clerk)
            .await
            .status(),
        403
    );
    assert_eq!(app.certify(&clerk, &id, &document()).await.status(), 403);
    assert_eq!(
        app.certify(&citizen, &id, &document()).await.status(),
        401,
        "a citizen token is no staff token"
    );
    assert_eq!(app.audit_count("authorization.denied", "denied").await, 2);
    let admin_secret = add_staff(&app, "root.admin", &[StaffRole::Admin], &[]).await;
    let admin = app.staff_login("root.admin", &admin_secret).await;
    assert_eq!(
        app.certify(&admin, &id, &document()).await.status(),
        200,
        "admins may certify"
    );
    let viewed = app
        .get_with(&format!("/api/v1/staff/citizens/{id}"), &admin)
        .await;
    assert_eq!(viewed.status(), 200);
    assert_eq!(
        app.audit_count("staff.citizen_viewed", "success").await,
        1,
        "every opened profile is audited"
    );
}
