//! Level A over the API: registration, e-mail confirmation, login, the account, sessions.

use crate::support::spawn_app;
use crate::support::store::store;
use serde_json::{Value, json};

use crate::support::accounts::{PASSWORD, registration};

fn assert_error(body: &Value, code: &str) {
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

#[tokio::test]
async fn the_level_a_story_over_the_api() {
    let app = spawn_app().await;
    let created = app.register("Maria.P", "maria@example.gr").await;
    assert_eq!(
        created["username"], "maria.p",
        "usernames are normalised to lower case"
    );
    assert_eq!(created["level"], "A");
    assert!(created["id"].as_str().is_some_and(|id| !id.is_empty()));

    let token = app.login("MARIA.P", PASSWORD).await;
    let me: Value = app.get_json("/api/v1/me", &token).await;
    assert_eq!(me["level"], "A");
    assert_eq!(me["email_confirmed"], false);
    assert_eq!(
        me["family_name"], "Παπαδοπούλου",
        "Greek names keep their accents"
    );
    assert_eq!(me["phone"], "+306912345678");
    assert_eq!(me["address"]["postal_code"], "10557");
    assert_eq!(me["verification"], Value::Null);

    let mail = app.wait_for_mail("maria@example.gr", 1).await;
    assert!(mail.subject.contains("e-mail"), "{}", mail.subject);
    let confirm = mail.token("http://127.0.0.1:8080/confirm-email?token=");
    assert!(confirm.len() >= 22, "at least 128 bits");
    let response = app
        .post_json("/api/v1/email-confirmations", &json!({ "token": confirm }))
        .await;
    assert_eq!(response.status(), 204);
    let again = app
        .post_json("/api/v1/email-confirmations", &json!({ "token": confirm }))
        .await;
    assert_eq!(again.status(), 422, "single use");
    assert_error(&again.json().await.unwrap(), "validation_failed");
    let me: Value = app.get_json("/api/v1/me", &token).await;
    assert_eq!(me["email_confirmed"], true);

    let logout = app
        .client
        .delete(app.url("/api/v1/sessions/current"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 204);
    let after = app.get_with("/api/v1/me", &token).await;
    assert_eq!(after.status(), 401, "the token stops working at once");
    assert_error(&after.json().await.unwrap(), "unauthenticated");
}

#[tokio::test]
async fn every_bad_field_is_reported_and_nothing_is_created() {
    let app = spawn_app().await;
    let cases: &[(&str, Value, &str)] = &[
        ("username", json!("ab"), "too_short"),
        ("username", json!("has space"), "invalid_character"),
        ("password", json!("short"), "too_short"),
        ("password", json!("x".repeat(129)), "too_long"),
        (
            "password",
            json!("maria.p is my name!"),
            "contains_personal_info",
        ),
        (
            "password",
            json!("Παπαδοπουλου 1234"),
            "contains_personal_info",
        ),
        ("password", json!("1234567890123"), "too_common"),
        ("email", json!("not-an-address"), "invalid_format"),
        ("given_name", json!(""), "required"),
        ("family_name", json!("R2D2"), "invalid_character"),
        ("birth_date", json!("2999-01-01"), "not_in_past"),
        ("birth_date", json!("12/04/1985"), "invalid_format"),
        ("birth_date", json!("1850-01-01"), "too_old"),
        ("tax_number", json!("123456789"), "invalid_check_digit"),
        ("tax_number", json!("12345"), "invalid_length"),
        (
            "social_security_number",
            json!("12345678901"),
            "invalid_check_digit",
        ),
        ("phone", json!("12"), "missing_country_code"),
        ("phone", json!("+30 12"), "too_short"),
    ];
    for (field, value, code) in cases {
        let mut body = crate::support::accounts::registration("maria.p", "maria@example.gr");
        body[*field] = value.clone();
        let response = app.post_json("/api/v1/citizens", &body).await;
        assert_eq!(response.status(), 422, "{field}={value}");
        let body: Value = response.json().await.unwrap();
        assert_error(&body, "validation_failed");
        let codes: Vec<&str> = body["error"]["fields"][*field]
            .as_array()
            .unwrap_or_else(|| panic!("{field}: {body}"))
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert!(codes.contains(code), "{field}={value}: {codes:?}");
    }
    for (field, value, code) in [
        ("postal_code", json!("1234"), "invalid_length"),
        ("postal_code", json!("9999A"), "not_digits"),
        ("street", json!(""), "required"),
        ("city", json!("   "), "required"),
    ] {
        let mut body = crate::support::accounts::registration("maria.p", "maria@example.gr");
        body["address"][field] = value.clone();
        let response = app.post_json("/api/v1/citizens", &body).await;
        assert_eq!(response.status(), 422, "{field}={value}");
        let body: Value = response.json().await.unwrap();
        let key = format!("address.{field}");
        assert!(
            body["error"]["fields"][&key]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == code),
            "{field}: {body}"
        );
    }
    // Several problems at once are all reported.
    let mut body = crate::support::accounts::registration("maria.p", "maria@example.gr");
    body["email"] = json!("x@");
    body["tax_number"] = json!("123456789");
    let response: Value = app
        .post_json("/api/v1/citizens", &body)
        .await
        .json()
        .await
        .unwrap();
    let fields = response["error"]["fields"].as_object().unwrap();
    assert!(
        fields.contains_key("email") && fields.contains_key("tax_number"),
        "{response}"
    );

    let login = app
        .post_json(
            "/api/v1/sessions",
            &json!({"username": "maria.p", "password": PASSWORD}),
        )
        .await;
    assert_eq!(
        login.status(),
        401,
        "no account was created by a refused registration"
    );
    assert_eq!(app.mails().len(), 0, "and no mail was sent");
}

#[tokio::test]
async fn malformed_bodies_get_the_contract_codes() {
    let app = spawn_app().await;
    let broken = app
        .client
        .post(app.url("/api/v1/citizens"))
        .header("content-type", "application/json")
        .body("{\"username\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status(), 400);
    assert_error(&broken.json().await.unwrap(), "invalid_json");

    let not_json = app
        .client
        .post(app.url("/api/v1/sessions"))
        .body("username=x")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    assert_error(&not_json.json().await.unwrap(), "invalid_json");

    let missing = app
        .post_json("/api/v1/citizens", &json!({"username": "maria"}))
        .await;
    assert_eq!(missing.status(), 422);
    assert_error(&missing.json().await.unwrap(), "validation_failed");

    let wrong_type = app
        .post_json("/api/v1/sessions", &json!({"username": 5, "password": []}))
        .await;
    assert_eq!(wrong_type.status(), 422);
}

#[tokio::test]
async fn usernames_are_unique_case_insensitively() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    let response = app
        .post_json(
            "/api/v1/citizens",
            &registration("MARIA.P", "other@example.gr"),
        )
        .await;
    assert_eq!(response.status(), 409);
    assert_error(&response.json().await.unwrap(), "username_taken");
    let fullwidth = app
        .post_json(
            "/api/v1/citizens",
            &registration("ＭＡＲＩＡ.ｐ", "other@example.gr"),
        )
        .await;
    assert_eq!(fullwidth.status(), 409, "after Unicode normalisation too");
}

#[tokio::test]
async fn unknown_user_and_wrong_password_look_the_same_and_are_audited() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    let wrong = app
        .post_json(
            "/api/v1/sessions",
            &json!({"username": "maria.p", "password": "Not the right one 99"}),
        )
        .await;
    let unknown = app
        .post_json(
            "/api/v1/sessions",
            &json!({"username": "nobody.here", "password": "Not the right one 99"}),
        )
        .await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    let wrong: Value = wrong.json().await.unwrap();
    let unknown: Value = unknown.json().await.unwrap();
    assert_eq!(wrong, unknown);
    assert_error(&wrong, "invalid_credentials");
    assert_eq!(app.audit_count("citizen.login", "failure").await, 2);
    app.login("maria.p", PASSWORD).await;
    assert_eq!(app.audit_count("citizen.login", "success").await, 1);
    let chain = app.state.app.verify_audit_chain().await.unwrap();
    assert!(chain.is_ok(), "{chain:?}");
}

#[tokio::test]
async fn repeated_failures_are_throttled_before_any_hashing() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    for attempt in 1..=5 {
        let r = app
            .post_json(
                "/api/v1/sessions",
                &json!({"username": "maria.p", "password": "Wrong password nr 1"}),
            )
            .await;
        assert_eq!(r.status(), 401, "attempt {attempt}");
    }
    let throttled = app
        .post_json(
            "/api/v1/sessions",
            &json!({"username": "maria.p", "password": PASSWORD}),
        )
        .await;
    assert_eq!(throttled.status(), 429, "even the right password waits");
    let retry_after: u64 = throttled.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    assert_error(&throttled.json().await.unwrap(), "too_many_attempts");
    let _ = app
        .post_json(
            "/api/v1/sessions",
            &json!({"username": "maria.p", "password": PASSWORD}),
        )
        .await;
    assert_eq!(
        app.audit_count("citizen.login", "denied").await,
        0,
        "refusals are counted, then written together"
    );
    assert_eq!(app.state.app.flush_throttled_audit().await.unwrap(), 1);
    assert_eq!(app.audit_count("citizen.login", "denied").await, 1);
    let details: String = sqlx::query_scalar(
        "SELECT details FROM audit_events WHERE action = 'citizen.login' AND outcome = 'denied'",
    )
    .fetch_one(store(&app).await.pool())
    .await
    .unwrap();
    assert!(
        details.contains("\"attempts\":2") && details.contains("maria.p"),
        "{details}"
    );
    // The block is short and then the right password works and resets the count.
    tokio::time::sleep(std::time::Duration::from_millis(1100 * retry_after)).await;
    app.login("maria.p", PASSWORD).await;
    let r = app
        .post_json(
            "/api/v1/sessions",
            &json!({"username": "maria.p", "password": "Wrong password nr 2"}),
        )
        .await;
    assert_eq!(
        r.status(),
        401,
        "the run of failures started again after the success"
    );
}

#[tokio::test]
async fn patch_me_changes_contact_details_but_never_the_level() {
    let app = spawn_app().await;
    let token = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let patch = |body: Value| {
        let request = app
            .client
            .patch(app.url("/api/v1/me"))
            .bearer_auth(&token)
            .json(&body);
        async move { request.send().await.unwrap() }
    };

    let level = patch(json!({"level": "B"})).await;
    assert_eq!(level.status(), 422);
    let body: Value = level.json().await.unwrap();
    assert_eq!(body["error"]["fields"]["level"][0], "read_only");
    let verification = patch(json!({"verification": {"document_type": "passport"}})).await;
    assert_eq!(verification.status(), 422);

    let phone = patch(json!({"phone": "+30 697 000 0000"})).await;
    assert_eq!(phone.status(), 200);
    let me: Value = phone.json().await.unwrap();
    assert_eq!(me["phone"], "+306970000000");
    assert_eq!(me["level"], "A");

    let no_password = patch(json!({"email": "new@example.gr"})).await;
    assert_eq!(no_password.status(), 422);
    let body: Value = no_password.json().await.unwrap();
    assert_eq!(body["error"]["fields"]["current_password"][0], "required");
    let wrong =
        patch(json!({"email": "new@example.gr", "current_password": "Not my password 1"})).await;
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["error"]["fields"]["current_password"][0], "incorrect");

    let moved = patch(json!({
        "email": "new@example.gr",
        "address": {"street": "Πατησίων 5", "postal_code": "10434", "city": "Αθήνα"},
        "current_password": PASSWORD
    }))
    .await;
    assert_eq!(moved.status(), 200);
    let me: Value = moved.json().await.unwrap();
    assert_eq!(me["email"], "new@example.gr");
    assert_eq!(
        me["email_confirmed"], false,
        "a new address must be confirmed again"
    );
    assert_eq!(me["address"]["street"], "Πατησίων 5");
    // The old address is told, the new one gets a confirmation link.
    let notice = app.wait_for_mail("maria@example.gr", 2).await;
    assert!(notice.body.contains("e-mail"), "{}", notice.body);
    let confirm = app.wait_for_mail("new@example.gr", 1).await;
    assert!(confirm.body.contains("/confirm-email?token="));

    let bad = patch(json!({"address": {"street": "x", "postal_code": "1", "city": "y"}, "current_password": PASSWORD})).await;
    assert_eq!(bad.status(), 422);
    let me: Value = app.get_json("/api/v1/me", &token).await;
    assert_eq!(
        me["address"]["street"], "Πατησίων 5",
        "a refused change changes nothing"
    );

    let identity = patch(json!({"given_name": "Μαρίνα"})).await;
    assert_eq!(
        identity.status(),
        200,
        "a Level A citizen may correct their name"
    );
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    let app = spawn_app().await;
    let first = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let second = app.login("maria.p", PASSWORD).await;
    let sessions: Value = app.get_json("/api/v1/me/sessions", &first).await;
    assert_eq!(sessions.as_array().unwrap().len(), 2);
    assert_eq!(
        sessions
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["current"] == true)
            .count(),
        1
    );

    let new_password = "Another long passphrase 7";
    let weak = app
        .client
        .put(app.url("/api/v1/me/password"))
        .bearer_auth(&first)
        .json(&json!({"current_password": PASSWORD, "new_password": "short"}))
        .send()
        .await
        .unwrap();
    assert_eq!(weak.status(), 422);
    let changed = app
        .client
        .put(app.url("/api/v1/me/password"))
        .bearer_auth(&first)
        .json(&json!({"current_password": PASSWORD, "new_password": new_password}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 204);
    assert_eq!(app.get_with("/api/v1/me", &second).await.status(), 401);
    assert_eq!(app.get_with("/api/v1/me", &first).await.status(), 200);
    let old = app
        .post_json(
            "/api/v1/sessions",
            &json!({"username": "maria.p", "password": PASSWORD}),
        )
        .await;
    assert_eq!(old.status(), 401);
    app.login("maria.p", new_password).await;
}

#[tokio::test]
async fn sessions_can_be_ended_one_by_one_but_only_ones_own() {
    let app = spawn_app().await;
    let maria = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let maria_phone = app.login("maria.p", PASSWORD).await;
    let nikos = app.confirmed_citizen("nikos.k", "nikos@example.gr").await;
    let list: Value = app.get_json("/api/v1/me/sessions", &maria).await;
    let other = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["current"] == false)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let foreign = app
        .client
        .delete(app.url(&format!("/api/v1/me/sessions/{other}")))
        .bearer_auth(&nikos)
        .send()
        .await
        .unwrap();
    assert_eq!(
        foreign.status(),
        404,
        "another citizen's session is not found"
    );
    assert_eq!(app.get_with("/api/v1/me", &maria_phone).await.status(), 200);

    let ended = app
        .client
        .delete(app.url(&format!("/api/v1/me/sessions/{other}")))
        .bearer_auth(&maria)
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), 204);
    assert_eq!(app.get_with("/api/v1/me", &maria_phone).await.status(), 401);
}

#[tokio::test]
async fn a_password_reset_link_works_once_and_ends_every_session() {
    let app = spawn_app().await;
    let token = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let unknown = app
        .post_json(
            "/api/v1/password-resets",
            &json!({"email": "nobody@example.gr"}),
        )
        .await;
    let known = app
        .post_json(
            "/api/v1/password-resets",
            &json!({"email": "maria@example.gr"}),
        )
        .await;
    assert_eq!(unknown.status(), 202);
    assert_eq!(known.status(), 202, "the same answer either way");
    assert_eq!(unknown.text().await.unwrap(), known.text().await.unwrap());

    let mail = app.wait_for_mail("maria@example.gr", 2).await;
    let reset = mail.token("http://127.0.0.1:8080/password-reset/confirm?token=");
    let weak = app
        .post_json(
            "/api/v1/password-resets/confirm",
            &json!({"token": reset, "new_password": "maria.p forever!"}),
        )
        .await;
    assert_eq!(weak.status(), 422, "the policy applies");
    let done = app
        .post_json(
            "/api/v1/password-resets/confirm",
            &json!({"token": reset, "new_password": "A brand new passphrase 8"}),
        )
        .await;
    assert_eq!(
        done.status(),
        204,
        "a refused password did not burn the link"
    );
    let again = app
        .post_json(
            "/api/v1/password-resets/confirm",
            &json!({"token": reset, "new_password": "Yet another passphrase 9"}),
        )
        .await;
    assert_eq!(again.status(), 422);
    assert_eq!(app.get_with("/api/v1/me", &token).await.status(), 401);
    app.login("maria.p", "A brand new passphrase 8").await;
    assert!(app.mails().iter().all(|m| m.to != "nobody@example.gr"));
}

#[tokio::test]
async fn link_mails_cannot_flood_an_inbox() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    for _ in 0..6 {
        let r = app
            .post_json(
                "/api/v1/password-resets",
                &json!({"email": "maria@example.gr"}),
            )
            .await;
        assert_eq!(r.status(), 202, "the same answer every time");
    }
    // One confirmation mail and at most three reset mails.
    app.wait_for_mail("maria@example.gr", 4).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mine = app
        .mails()
        .into_iter()
        .filter(|m| m.to == "maria@example.gr")
        .count();
    assert_eq!(mine, 4);
    assert!(
        app.audit_count("citizen.password_reset_requested", "denied")
            .await
            >= 3
    );
}
