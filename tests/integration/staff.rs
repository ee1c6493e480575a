//! The staff side: accounts from the command line, login with a one-time code, roles.

use crate::support::accounts::PASSWORD;
use crate::support::spawn_app;
use dimos_app::ClientInfo;
use dimos_app::staff::totp;
use dimos_domain::StaffRole;
use serde_json::{Value, json};

use crate::support::accounts::{STAFF_PASSWORD, add_staff, code};

#[tokio::test]
async fn staff_log_in_with_password_and_a_one_time_code_once() {
    let app = spawn_app().await;
    let secret = add_staff(&app, "anna", &[StaffRole::Clerk], &["registry"]).await;

    let missing = app
        .post_json(
            "/api/v1/staff/sessions",
            &json!({"username": "anna", "password": STAFF_PASSWORD}),
        )
        .await;
    assert_eq!(missing.status(), 401);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["error"]["code"], "totp_required");

    let wrong_code = app
        .post_json(
            "/api/v1/staff/sessions",
            &json!({"username": "anna", "password": STAFF_PASSWORD, "totp": "000000"}),
        )
        .await;
    // (A random secret gives 000000 for the current step once in a million runs.)
    assert_eq!(wrong_code.status(), 401);
    let body: Value = wrong_code.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_credentials");

    let good = code(&secret, 0);
    let wrong_password = app
        .post_json(
            "/api/v1/staff/sessions",
            &json!({"username": "anna", "password": "Not the password 77", "totp": good}),
        )
        .await;
    assert_eq!(wrong_password.status(), 401);

    let ok = app
        .post_json(
            "/api/v1/staff/sessions",
            &json!({"username": "anna", "password": STAFF_PASSWORD, "totp": good}),
        )
        .await;
    assert_eq!(ok.status(), 201);
    let body: Value = ok.json().await.unwrap();
    assert_eq!(body["roles"], json!(["clerk"]));
    assert!(body["token"].as_str().is_some_and(|t| t.len() >= 32));

    let replay = app
        .post_json(
            "/api/v1/staff/sessions",
            &json!({"username": "anna", "password": STAFF_PASSWORD, "totp": good}),
        )
        .await;
    assert_eq!(replay.status(), 401, "a code is accepted once");
    assert_eq!(app.audit_count("staff.login", "success").await, 1);
    assert!(app.audit_count("staff.login", "failure").await >= 3);
}

#[tokio::test]
async fn citizens_and_staff_cannot_use_each_others_door() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    let secret = add_staff(&app, "anna", &[StaffRole::Verifier], &[]).await;
    let citizen_at_staff = app
        .post_json(
            "/api/v1/staff/sessions",
            &json!({"username": "maria.p", "password": PASSWORD, "totp": code(&secret, 0)}),
        )
        .await;
    assert_eq!(citizen_at_staff.status(), 401);
    let staff_at_citizen = app
        .post_json(
            "/api/v1/sessions",
            &json!({"username": "anna", "password": STAFF_PASSWORD}),
        )
        .await;
    assert_eq!(staff_at_citizen.status(), 401);

    let staff_token = app.staff_login("anna", &secret).await;
    assert_eq!(
        app.get_with("/api/v1/me", &staff_token).await.status(),
        401,
        "a staff token is no citizen token"
    );
    let citizen_token = app.login("maria.p", PASSWORD).await;
    let logout = app
        .client
        .delete(app.url("/api/v1/staff/sessions/current"))
        .bearer_auth(&citizen_token)
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 401, "a citizen token is no staff token");
}

#[tokio::test]
async fn a_disabled_member_is_logged_out_and_kept_out() {
    let app = spawn_app().await;
    let secret = add_staff(&app, "anna", &[StaffRole::Admin], &[]).await;
    let token = app.staff_login("anna", &secret).await;
    app.state
        .app
        .set_staff_disabled(None, "anna", true, &ClientInfo::default())
        .await
        .unwrap();
    let logout = app
        .client
        .delete(app.url("/api/v1/staff/sessions/current"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 401, "the session ended");
    let again = app
        .post_json(
            "/api/v1/staff/sessions",
            &json!({"username": "anna", "password": STAFF_PASSWORD, "totp": code(&secret, 1)}),
        )
        .await;
    assert_eq!(again.status(), 401);
}

#[tokio::test]
async fn a_reset_totp_secret_replaces_the_old_one() {
    let app = spawn_app().await;
    let old = add_staff(&app, "anna", &[StaffRole::Verifier], &[]).await;
    let uri = app
        .state
        .app
        .reset_staff_totp(None, "anna", &ClientInfo::default())
        .await
        .unwrap();
    let new = totp::secret_from_uri(&uri).unwrap();
    let with_old = app
        .post_json(
            "/api/v1/staff/sessions",
            &json!({"username": "anna", "password": STAFF_PASSWORD, "totp": code(&old, 0)}),
        )
        .await;
    assert_eq!(with_old.status(), 401);
    app.staff_login("anna", &new).await;
}

#[tokio::test]
async fn staff_pages_need_the_staff_login_and_the_right_role() {
    let app = spawn_app().await;
    let secret = add_staff(&app, "anna", &[StaffRole::Clerk], &["registry"]).await;
    let mut browser = app.browser();
    let redirected = browser.get("/staff").await;
    assert_eq!(redirected.path, "/staff/login");
    assert!(redirected.contains("autocomplete=\"one-time-code\""));

    let no_code = browser
        .post(
            "/staff/login",
            &[
                ("username", "anna"),
                ("password", STAFF_PASSWORD),
                ("totp", ""),
            ],
        )
        .await;
    assert_eq!(no_code.status, 401);
    assert!(no_code.contains("role=\"alert\""));
    let dashboard = browser
        .post(
            "/staff/login",
            &[
                ("username", "anna"),
                ("password", STAFF_PASSWORD),
                ("totp", &code(&secret, 0)),
                ("next", "/staff"),
            ],
        )
        .await;
    assert_eq!(dashboard.status, 200);
    assert_eq!(dashboard.path, "/staff");
    assert!(dashboard.contains("href=\"/staff/requests\""));
    assert!(
        !dashboard.contains("href=\"/staff/admin\""),
        "a clerk has no admin menu"
    );

    // A citizen's page session is not a staff session.
    app.register("maria.p", "maria@example.gr").await;
    let mut citizen = app.browser();
    citizen.login("maria.p", PASSWORD).await;
    assert_eq!(citizen.get("/staff").await.path, "/staff/login");

    let out = browser.post("/staff/logout", &[]).await;
    assert_eq!(out.path, "/staff/login");
    assert_eq!(browser.get("/staff").await.path, "/staff/login");
}
