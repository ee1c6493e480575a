//! Staff change their own password (current password + a fresh one-time code), and staff
//! hashes made with older parameters are replaced on login, as citizens' are.

use crate::support::accounts::staff_browser;
use crate::support::accounts::{STAFF_PASSWORD, add_staff, code};
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use dimos_app::passwords::{HashParams, hash_blocking};
use dimos_domain::{Password, StaffRole};
use serde_json::{Value, json};

const NEW_PASSWORD: &str = "Harbour lights over Kavala 1923";

impl TestApp {
    async fn change_staff_password(&self, token: &str, body: &Value) -> reqwest::Response {
        self.client
            .put(self.url("/api/v1/staff/me/password"))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// As if the clock had moved on: the member's used one-time codes may be used again.
    async fn forget_used_codes(&self, username: &str) {
        sqlx::query("UPDATE staff SET totp_last_step = 0 WHERE username = $1")
            .bind(username)
            .execute(store(self).await.pool())
            .await
            .unwrap();
    }

    async fn staff_hash(&self, username: &str) -> String {
        sqlx::query_scalar("SELECT password_hash FROM staff WHERE username = $1")
            .bind(username)
            .fetch_one(store(self).await.pool())
            .await
            .unwrap()
    }

    async fn staff_login_with(&self, username: &str, password: &str, totp: &str) -> u16 {
        self.post_json(
            "/api/v1/staff/sessions",
            &json!({"username": username, "password": password, "totp": totp}),
        )
        .await
        .status()
        .as_u16()
    }
}

async fn code_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

#[tokio::test]
async fn a_member_of_staff_changes_their_password_and_their_other_sessions_end() {
    let app = spawn_app().await;
    let secret = add_staff(&app, "clara", &[StaffRole::Clerk], &["registry"]).await;
    let this = app.staff_login("clara", &secret).await;
    app.forget_used_codes("clara").await;
    let other = app.staff_login("clara", &secret).await;

    let changed = app
        .change_staff_password(
            &this,
            &json!({"current_password": STAFF_PASSWORD, "new_password": NEW_PASSWORD, "totp": code(&secret, 1)}),
        )
        .await;
    assert_eq!(changed.status(), 204);
    assert_eq!(
        app.get_with("/api/v1/staff/requests", &this).await.status(),
        200,
        "this session stays"
    );
    assert_eq!(
        app.get_with("/api/v1/staff/requests", &other)
            .await
            .status(),
        401,
        "the other session ended"
    );
    assert_eq!(
        app.audit_count("staff.password_changed", "success").await,
        1
    );

    // The same code again: refused, as at login.
    let (status, body) = code_of(
        app.change_staff_password(
            &this,
            &json!({"current_password": NEW_PASSWORD, "new_password": "Another long passphrase 2027", "totp": code(&secret, 1)}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "invalid_credentials");

    app.forget_used_codes("clara").await;
    assert_eq!(
        app.staff_login_with("clara", STAFF_PASSWORD, &code(&secret, 0))
            .await,
        401
    );
    app.forget_used_codes("clara").await;
    assert_eq!(
        app.staff_login_with("clara", NEW_PASSWORD, &code(&secret, 0))
            .await,
        201
    );
}

#[tokio::test]
async fn wrong_password_or_code_is_refused_weak_passwords_fail_the_policy_and_failures_throttle() {
    let app = spawn_app().await;
    let secret = add_staff(&app, "clara", &[StaffRole::Clerk], &["registry"]).await;
    let token = app.staff_login("clara", &secret).await;
    let before = app.staff_hash("clara").await;

    // A weak new password: 422 on `new_password`, whatever else is sent.
    let (status, body) = code_of(
        app.change_staff_password(
            &token,
            &json!({"current_password": STAFF_PASSWORD, "new_password": "password", "totp": code(&secret, 1)}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "validation_failed");
    assert!(body["error"]["fields"]["new_password"].is_array(), "{body}");
    let (status, body) = code_of(app.change_staff_password(&token, &json!({})).await).await;
    assert_eq!(status, 422);
    for field in ["current_password", "new_password", "totp"] {
        assert!(body["error"]["fields"][field].is_array(), "{field}: {body}");
    }

    // A wrong code (another period's) and a wrong password: 401, counted like failed logins.
    let (status, body) = code_of(
        app.change_staff_password(
            &token,
            &json!({"current_password": STAFF_PASSWORD, "new_password": NEW_PASSWORD, "totp": code(&secret, 5)}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "invalid_credentials");
    for _ in 0..4 {
        let (status, body) = code_of(
            app.change_staff_password(
                &token,
                &json!({"current_password": "Not my password at all 1", "new_password": NEW_PASSWORD, "totp": code(&secret, 1)}),
            )
            .await,
        )
        .await;
        assert_eq!(status, 401);
        assert_eq!(body["error"]["code"], "invalid_credentials");
    }
    // Throttled now (for a second after the fifth failure), even with everything right; login
    // is throttled for the account too.
    let throttled = app
        .change_staff_password(
            &token,
            &json!({"current_password": STAFF_PASSWORD, "new_password": NEW_PASSWORD, "totp": code(&secret, 1)}),
        )
        .await;
    assert_eq!(throttled.status(), 429);
    assert!(throttled.headers().contains_key("retry-after"));
    assert_eq!(
        app.staff_login_with("clara", STAFF_PASSWORD, &code(&secret, 1))
            .await,
        429
    );
    assert_eq!(
        app.audit_count("staff.password_changed", "success").await,
        0
    );
    assert_eq!(
        app.staff_hash("clara").await,
        before,
        "the password is unchanged"
    );
}

#[tokio::test]
async fn the_staff_password_page_changes_it_in_greek_and_english() {
    let app = spawn_app().await;
    let mut clara = staff_browser(&app, "clara", &[StaffRole::Clerk], &["registry"]).await;
    let dashboard = clara.get("/staff").await;
    assert!(dashboard.contains("href=\"/staff/account/password\""));
    let form = clara.get("/staff/account/password").await;
    assert_eq!(form.status, 200);
    for needle in [
        "<h1>Αλλαγή συνθηματικού</h1>",
        "for=\"current_password\"",
        "for=\"new_password\"",
        "for=\"totp\"",
        "autocomplete=\"one-time-code\"",
    ] {
        assert!(form.contains(needle), "{needle}");
    }
    let english = clara.get("/staff/account/password?lang=en").await;
    assert!(english.contains("<h1>Change password</h1>"));

    // A weak password: the error tied to its field.
    let refused = clara
        .post(
            "/staff/account/password",
            &[
                ("current_password", STAFF_PASSWORD),
                ("new_password", "password"),
                ("totp", "123456"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.contains("id=\"new_password-error\""),
        "{}",
        refused.html
    );
    // A wrong code: 401 with the credentials message, nothing changed.
    let before = app.staff_hash("clara").await;
    let wrong = clara
        .post(
            "/staff/account/password",
            &[
                ("current_password", "Not my password at all 1"),
                ("new_password", NEW_PASSWORD),
                ("totp", "123456"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.contains("role=\"alert\""));
    assert_eq!(app.staff_hash("clara").await, before);
}

#[tokio::test]
async fn a_staff_hash_with_older_parameters_is_replaced_at_login() {
    let app = spawn_app().await;
    let secret = add_staff(&app, "clara", &[StaffRole::Clerk], &["registry"]).await;
    let weak = HashParams {
        m_cost_kib: 1024,
        t_cost: 1,
        p_cost: 1,
    };
    let old = hash_blocking(&Password::parse(STAFF_PASSWORD).unwrap(), &weak).unwrap();
    assert!(old.contains("m=1024,t=1,p=1"), "{old}");
    sqlx::query("UPDATE staff SET password_hash = $1 WHERE username = 'clara'")
        .bind(&old)
        .execute(store(&app).await.pool())
        .await
        .unwrap();
    // A failed login changes nothing.
    assert_eq!(
        app.staff_login_with("clara", "Not my password at all 1", &code(&secret, 0))
            .await,
        401
    );
    assert_eq!(app.staff_hash("clara").await, old);
    app.staff_login("clara", &secret).await;
    let new = app.staff_hash("clara").await;
    assert_ne!(new, old);
    assert!(new.contains("m=19456,t=2,p=1"), "{new}");
    // And the new hash still opens the account.
    app.forget_used_codes("clara").await;
    assert_eq!(
        app.staff_login_with("clara", STAFF_PASSWORD, &code(&secret, 0))
            .await,
        201
    );
}
