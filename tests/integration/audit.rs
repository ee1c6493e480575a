//! The audit log: its hash chain checked from the command line, the admin's search, and the
//! citizen's «who accessed my data».

use crate::support::accounts::PASSWORD;
use crate::support::accounts::{STAFF_PASSWORD, add_staff, code};
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use dimos_domain::StaffRole;
use std::process::{Command, Output};

fn verify(app: &TestApp) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dimos"))
        .args(["audit", "verify"])
        .env("DIMOS_DATABASE_URL", app.database_url())
        .env("DIMOS_DATA_DIR", &app.data_dir)
        .env("DIMOS_LOG", "warn")
        .output()
        .unwrap()
}

#[tokio::test]
async fn audit_verify_passes_and_then_names_an_entry_edited_by_hand() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    app.login("maria.p", PASSWORD).await;
    let _ = app
        .post_json(
            "/api/v1/sessions",
            &serde_json::json!({"username": "maria.p", "password": "Wrong one, again 1"}),
        )
        .await;
    let intact = verify(&app);
    assert!(
        intact.status.success(),
        "{}",
        String::from_utf8_lossy(&intact.stderr)
    );
    assert!(
        String::from_utf8_lossy(&intact.stdout).contains("3 entries"),
        "{}",
        String::from_utf8_lossy(&intact.stdout)
    );

    // Someone with database access hides a failed login.
    sqlx::query("UPDATE audit_events SET outcome = 'success' WHERE seq = 3")
        .execute(store(&app).await.pool())
        .await
        .unwrap();
    let broken = verify(&app);
    assert_eq!(broken.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(stderr.contains("#3"), "{stderr}");

    // Deleting the last entry instead is caught too.
    sqlx::query("UPDATE audit_events SET outcome = 'failure' WHERE seq = 3")
        .execute(store(&app).await.pool())
        .await
        .unwrap();
    assert!(verify(&app).status.success(), "restored");
    sqlx::query("DELETE FROM audit_events WHERE seq = 3")
        .execute(store(&app).await.pool())
        .await
        .unwrap();
    let truncated = verify(&app);
    assert_eq!(truncated.status.code(), Some(1));
}

#[tokio::test]
async fn admins_search_the_log_and_others_are_refused() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    app.login("maria.p", PASSWORD).await;
    let admin_secret = add_staff(&app, "root.admin", &[StaffRole::Admin], &[]).await;
    let clerk_secret = add_staff(&app, "anna", &[StaffRole::Clerk], &["registry"]).await;

    let mut clerk = app.browser();
    clerk.get("/staff/login").await;
    clerk
        .post(
            "/staff/login",
            &[
                ("username", "anna"),
                ("password", STAFF_PASSWORD),
                ("totp", &code(&clerk_secret, 0)),
            ],
        )
        .await;
    let refused = clerk.get("/staff/audit").await;
    assert_eq!(refused.status, 403);
    assert_eq!(app.audit_count("authorization.denied", "denied").await, 1);

    let mut admin = app.browser();
    admin.get("/staff/login").await;
    admin
        .post(
            "/staff/login",
            &[
                ("username", "root.admin"),
                ("password", STAFF_PASSWORD),
                ("totp", &code(&admin_secret, 0)),
            ],
        )
        .await;
    let page = admin.get("/staff/audit?citizen=maria.p").await;
    assert_eq!(page.status, 200);
    assert!(
        page.contains("citizen.register") && page.contains("citizen.login"),
        "{}",
        page.html
    );
    assert!(!page.contains("staff.login"), "filtered to the citizen");
    let by_action = admin.get("/staff/audit?action=staff.").await;
    assert!(by_action.contains("staff.created") && by_action.contains("staff.login"));
    let bad = admin
        .get("/staff/audit?actor=nobody.at.all&from=31/12/2025")
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.contains("aria-invalid=\"true\""));
    assert!(
        app.audit_count("audit.searched", "success").await >= 2,
        "searching is audited"
    );
}

#[tokio::test]
async fn a_citizen_sees_their_own_activity_only() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    app.register("nikos.k", "nikos@example.gr").await;
    app.login("nikos.k", PASSWORD).await;
    let mut maria = app.browser();
    maria.login("maria.p", PASSWORD).await;
    let page = maria.get("/account/activity").await;
    assert_eq!(page.status, 200);
    assert!(
        page.contains("Δημιουργήσατε τον λογαριασμό σας."),
        "{}",
        page.html
    );
    assert!(page.contains("Κανένας υπάλληλος δεν έχει δει τα στοιχεία σας."));
    let logins = page
        .html
        .matches("<td>Συνδεθήκατε στον λογαριασμό σας.</td>")
        .count();
    assert_eq!(logins, 1, "her one login, not Nikos's");
    let english = maria.get("/account/activity?lang=en").await;
    assert!(english.contains("Who accessed my data"));
    assert_eq!(app.browser().get("/account/activity").await.path, "/login");
}

#[tokio::test]
async fn a_citizens_own_record_views_are_audited_but_not_listed_as_activity() {
    let app = spawn_app().await;
    let (_, token) = app.level_b_citizen("maria.p", "maria@example.gr").await;
    assert_eq!(app.get_with("/api/v1/me/debts", &token).await.status(), 200);
    assert_eq!(
        app.audit_count("citizen.records_viewed", "success").await,
        1
    );
    let mut maria = app.browser();
    maria.login("maria.p", PASSWORD).await;
    let page = maria.get("/account/activity?lang=en").await;
    assert!(page.contains("You logged in"), "{}", page.html);
    assert!(!page.contains("You looked at your debts"), "{}", page.html);
    assert!(!page.contains("citizen.records_viewed"), "{}", page.html);
}
