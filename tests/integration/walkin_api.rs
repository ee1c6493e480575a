//! «Level B in one visit» over the API: a verifier (or admin) registers a walk-in from their
//! document; the person activates the account with the code, choosing username and password.

use crate::support::accounts::PASSWORD;
use crate::support::accounts::add_staff;
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use dimos_domain::StaffRole;
use serde_json::{Value, json};

pub(crate) const PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// A person at the counter: Νίκος Αντωνίου, with his police ID card.
pub(crate) fn walk_in(email: Option<&str>, tax_number: Option<&str>) -> Value {
    json!({
        "given_name": "Νίκος",
        "family_name": "Αντωνίου",
        "father_name": "Παναγιώτης",
        "birth_date": "1961-09-03",
        "tax_number": tax_number,
        "email": email,
        "phone": "2101234567",
        "address": {"street": "Πατησίων 50", "postal_code": "104 34", "city": "Αθήνα"},
        "document_type": "id_card",
        "document_number": "ΑΒ 123456",
        "issuing_authority": "Τ.Α. Κυψέλης",
        "expires_on": "2034-06-30",
        "office": "citizen_service_centre"
    })
}

fn activation(code: &str, username: &str) -> Value {
    json!({"code": code, "username": username, "password": PASSWORD})
}

impl TestApp {
    pub(crate) async fn admin_token(&self, username: &str) -> String {
        let secret = add_staff(self, username, &[StaffRole::Admin], &[]).await;
        self.staff_login(username, &secret).await
    }

    pub(crate) async fn register_walk_in(
        &self,
        staff_token: &str,
        body: &Value,
    ) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/staff/citizens"))
            .bearer_auth(staff_token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// A walk-in registered by a new verifier; returns (citizen id, activation code).
    pub(crate) async fn walk_in(&self, body: &Value) -> (String, String) {
        let verifier = self.verifier_token("vera.walkin").await;
        let response = self.register_walk_in(&verifier, body).await;
        assert_eq!(response.status(), 201, "{:?}", response.text().await);
        let created: Value = response.json().await.unwrap();
        (
            created["id"].as_str().unwrap().to_owned(),
            created["activation_code"].as_str().unwrap().to_owned(),
        )
    }

    async fn activate(&self, body: &Value) -> reqwest::Response {
        self.post_json("/api/v1/activations", body).await
    }
}

async fn error(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_verifier_registers_a_walk_in_who_activates_once_and_is_level_b() {
    let app = spawn_app().await;
    let verifier = app.verifier_token("vera").await;
    let response = app
        .register_walk_in(
            &verifier,
            &walk_in(Some("nikos@example.gr"), Some("090000045")),
        )
        .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["level"], "B");
    let id = created["id"].as_str().unwrap();
    let code = created["activation_code"].as_str().unwrap();
    assert_eq!(code.len(), 14, "{code}");

    // The code by mail, with the usual confirmation link after it (the address was typed by staff).
    let mail = app.wait_for_mail("nikos@example.gr", 1).await;
    assert!(mail.body.contains(code), "{}", mail.body);
    assert!(mail.body.contains(&format!("{PUBLIC_URL}/activate")));
    let confirmation = app.wait_for_mail("nikos@example.gr", 2).await;
    let confirm_token = confirmation.token(&format!("{PUBLIC_URL}/confirm-email?token="));

    // Audited with verifier and office, never the code.
    assert_eq!(
        app.audit_count("citizen.walk_in_registered", "success")
            .await,
        1
    );
    let details: String = sqlx::query_scalar(
        "SELECT details FROM audit_events WHERE action = 'citizen.walk_in_registered'",
    )
    .fetch_one(store(&app).await.pool())
    .await
    .unwrap();
    assert!(details.contains("citizen_service_centre"), "{details}");
    assert!(!details.contains(&code[..4]), "{details}");
    let stored: String =
        sqlx::query_scalar("SELECT code_hash FROM citizen_activations WHERE citizen_id = $1")
            .bind(id)
            .fetch_one(store(&app).await.pool())
            .await
            .unwrap();
    assert!(
        !stored.contains(&code.replace('-', "")),
        "only a hash is stored"
    );

    // Case and dashes do not matter.
    let response = app
        .activate(&activation(
            &code.to_lowercase().replace('-', " "),
            "Nikos.A",
        ))
        .await;
    assert_eq!(response.status(), 201);
    let session: Value = response.json().await.unwrap();
    assert_eq!(session["level"], "B");
    let token = session["token"].as_str().unwrap();
    assert!(session["expires_at"].as_i64().unwrap() > 0);
    assert_eq!(app.audit_count("citizen.activated", "success").await, 1);

    let me: Value = app.get_json("/api/v1/me", token).await;
    assert_eq!(me["id"], id);
    assert_eq!(me["username"], "nikos.a");
    assert_eq!(me["level"], "B");
    assert_eq!(me["verification"]["office"], "citizen_service_centre");
    assert_eq!(me["tax_number"], "090000045");

    let debts = app.get_with("/api/v1/me/debts", token).await;
    assert_eq!(debts.status(), 200);
    let debts: Value = debts.json().await.unwrap();
    assert!(debts["items"].is_array(), "{debts}");

    // The address typed at the counter is unconfirmed until the link is opened.
    let post = json!({"service": "residence_certificate", "delivery": "post"});
    let refused = app.submit(token, &post).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(error(refused).await["error"]["code"], "email_unconfirmed");
    let confirmed = app
        .post_json(
            "/api/v1/email-confirmations",
            &json!({ "token": confirm_token }),
        )
        .await;
    assert_eq!(confirmed.status(), 204);
    let submitted = app.submit(token, &post).await;
    assert_eq!(submitted.status(), 201, "{:?}", submitted.text().await);

    // Good once; the chosen credentials log in as any citizen's do.
    let again = app.activate(&activation(code, "nikos.b")).await;
    assert_eq!(again.status(), 401);
    assert_eq!(error(again).await["error"]["code"], "invalid_credentials");
    app.login("nikos.a", PASSWORD).await;
}

#[tokio::test]
async fn an_admin_registers_a_walk_in_without_email_who_can_still_submit_requests() {
    let app = spawn_app().await;
    let admin = app.admin_token("eleni.admin").await;
    let response = app.register_walk_in(&admin, &walk_in(None, None)).await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    let created: Value = response.json().await.unwrap();
    let code = created["activation_code"].as_str().unwrap();

    let session: Value = app
        .activate(&activation(code, "nikos"))
        .await
        .json()
        .await
        .unwrap();
    let token = session["token"].as_str().unwrap();
    assert_eq!(session["level"], "B");
    let me: Value = app.get_json("/api/v1/me", token).await;
    assert_eq!(me["email"], "");

    // No address means nothing to confirm: requests (by post too) and their notices work.
    let submitted = app
        .submit(
            token,
            &json!({"service": "residence_certificate", "delivery": "post"}),
        )
        .await;
    assert_eq!(submitted.status(), 201, "{:?}", submitted.text().await);

    // Asking for a confirmation link sends nothing and fails nothing.
    let client = dimos_app::ClientInfo {
        ip: "127.0.0.1".into(),
        user_agent: "test".into(),
    };
    let id = created["id"].as_str().unwrap();
    app.state
        .app
        .resend_email_confirmation(id, &client)
        .await
        .expect("nothing to send is no error");

    // Revoked (a wrong document, say) and certified again at the counter: no mail, no error.
    let revoked = app
        .client
        .delete(app.url(&format!("/api/v1/staff/citizens/{id}/verification")))
        .bearer_auth(&admin)
        .json(&json!({"reason": "Λάθος έγγραφο / wrong document"}))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200, "{:?}", revoked.text().await);
    let again = app
        .certify(&admin, id, &crate::support::api::document())
        .await;
    assert_eq!(again.status(), 200, "{:?}", again.text().await);

    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(app.mails().is_empty(), "no mail without an address");
}

#[tokio::test]
async fn reused_expired_and_guessed_codes_get_the_same_refusal() {
    let app = spawn_app().await;
    let (_, used) = app.walk_in(&walk_in(None, None)).await;
    assert_eq!(
        app.activate(&activation(&used, "first")).await.status(),
        201
    );
    let mut second = walk_in(None, None);
    second["given_name"] = json!("Ελένη");
    let verifier = app.verifier_token("vera.two").await;
    let created: Value = app
        .register_walk_in(&verifier, &second)
        .await
        .json()
        .await
        .unwrap();
    let expired = created["activation_code"].as_str().unwrap().to_owned();
    sqlx::query("UPDATE citizen_activations SET expires_at = 1 WHERE citizen_id = $1")
        .bind(created["id"].as_str().unwrap())
        .execute(store(&app).await.pool())
        .await
        .unwrap();

    let mut refusals = Vec::new();
    for code in [used.as_str(), expired.as_str(), "ZZZZ-ZZZZ-ZZZZ"] {
        let response = app.activate(&activation(code, "someone")).await;
        assert_eq!(response.status(), 401, "{code}");
        refusals.push(response.text().await.unwrap());
    }
    assert_eq!(refusals[0], refusals[1]);
    assert_eq!(refusals[1], refusals[2]);
    assert!(refusals[0].contains("invalid_credentials"));
    assert_eq!(app.audit_count("citizen.activation", "failure").await, 3);

    // An empty form is not a guess: 422, not counted.
    let empty = app
        .activate(&json!({"code": "", "username": "", "password": ""}))
        .await;
    assert_eq!(empty.status(), 422);
    let fields = error(empty).await["error"]["fields"].clone();
    for field in ["code", "username", "password"] {
        assert_eq!(fields[field][0], "required", "{fields}");
    }
}

#[tokio::test]
async fn activation_attempts_are_throttled_per_client_address() {
    let app = spawn_app().await;
    let (_, code) = app.walk_in(&walk_in(None, None)).await;
    for i in 0..10 {
        let response = app
            .activate(&activation(&format!("AAAA-BBBB-{i:04}"), "guesser"))
            .await;
        assert_eq!(response.status(), 401, "guess {i}");
    }
    let throttled = app.activate(&activation("AAAA-BBBB-CCCC", "guesser")).await;
    assert_eq!(throttled.status(), 429);
    let retry_after: u64 = throttled.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    assert_eq!(error(throttled).await["error"]["code"], "too_many_attempts");
    // While blocked even the right code waits: the block is on the address, not the code.
    let blocked = app.activate(&activation(&code, "nikos")).await;
    assert_eq!(blocked.status(), 429);
}

#[tokio::test]
async fn a_taken_username_or_a_weak_password_leaves_the_code_good() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    let (_, code) = app.walk_in(&walk_in(None, None)).await;

    let taken = app.activate(&activation(&code, "Maria.P")).await;
    assert_eq!(taken.status(), 409);
    assert_eq!(error(taken).await["error"]["code"], "username_taken");

    let weak = app
        .activate(&json!({"code": code, "username": "nikos", "password": "password"}))
        .await;
    assert_eq!(weak.status(), 422);
    let body = error(weak).await;
    assert!(body["error"]["fields"]["password"].is_array(), "{body}");
    let bad_name = app.activate(&activation(&code, "n!kos")).await;
    assert_eq!(bad_name.status(), 422);

    let done = app.activate(&activation(&code, "nikos")).await;
    assert_eq!(done.status(), 201, "the code survived the refusals");
    assert_eq!(app.audit_count("citizen.activation", "failure").await, 0);
}

#[tokio::test]
async fn a_walk_in_is_checked_like_a_certification_and_refused_to_others() {
    let app = spawn_app().await;
    let verifier = app.verifier_token("vera").await;

    let mut bad = walk_in(Some("not-an-address"), Some("090000046"));
    bad["expires_on"] = json!("2001-01-01");
    bad["given_name"] = json!("");
    bad["birth_date"] = json!("1961-13-40");
    bad["address"]["postal_code"] = json!("12");
    bad["office"] = json!("nowhere");
    // A Greek document ignores the country; a foreign passport's is checked (documents_api).
    bad["issuing_country"] = json!("Greece");
    let response = app.register_walk_in(&verifier, &bad).await;
    assert_eq!(response.status(), 422);
    let body = error(response).await;
    let fields = &body["error"]["fields"];
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(fields["expires_on"][0], "expired", "{body}");
    assert_eq!(fields["office"][0], "unknown_office", "{body}");
    assert!(fields.get("issuing_country").is_none(), "{body}");
    for field in [
        "given_name",
        "birth_date",
        "tax_number",
        "email",
        "address.postal_code",
    ] {
        assert!(fields[field].is_array(), "{field}: {body}");
    }
    let mut passport = walk_in(None, None);
    passport["document_type"] = json!("driving_licence");
    let response = app.register_walk_in(&verifier, &passport).await;
    assert_eq!(
        error(response).await["error"]["fields"]["document_type"][0],
        "unknown_value"
    );

    // One certified account per tax number, as certification has it.
    let (_, maria_token) = app.level_b_citizen("maria.p", "maria@example.gr").await;
    let _ = maria_token;
    let response = app
        .register_walk_in(&verifier, &walk_in(None, Some("090000045")))
        .await;
    assert_eq!(response.status(), 409);
    assert_eq!(
        error(response).await["error"]["code"],
        "tax_number_already_certified"
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM citizens")
        .fetch_one(store(&app).await.pool())
        .await
        .unwrap();
    assert_eq!(count, 1, "nothing registered by the refused walk-ins");

    let clerk = app.clerk("kostas", &["registry"]).await;
    let response = app.register_walk_in(&clerk, &walk_in(None, None)).await;
    assert_eq!(response.status(), 403);
    let citizen = app.login("maria.p", PASSWORD).await;
    let response = app.register_walk_in(&citizen, &walk_in(None, None)).await;
    assert!(matches!(response.status().as_u16(), 401 | 403));
}
