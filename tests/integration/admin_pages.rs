//! The administration pages, through the browser: departments, offices, the service catalogue,
//! staff accounts and the municipality's settings — admins only, every change audited.

use crate::support::accounts::logged_in_staff;
use crate::support::accounts::{STAFF_PASSWORD, add_staff, code};
use crate::support::browser::{Browser, Page};
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use dimos_app::staff::totp;
use dimos_domain::StaffRole;
use serde_json::Value;

/// An admin made the way the command line makes one, logged in; with their id.
async fn admin(app: &TestApp) -> (Browser, String) {
    let secret = add_staff(app, "anna", &[StaffRole::Admin], &[]).await;
    let browser = logged_in_staff(app, "anna", &secret, 0, "/staff/admin").await;
    (browser, staff_id(app, "anna").await)
}

async fn staff_id(app: &TestApp, username: &str) -> String {
    dimos_db::staff::find_by_username(&store(app).await, username)
        .await
        .unwrap()
        .expect("the member exists")
        .id
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(store(app).await.pool())
        .await
        .unwrap()
}

/// The `otpauth://` URI shown on a page, as the admin would copy it.
fn otpauth_uri(page: &Page) -> String {
    let start = page
        .html
        .find("otpauth://")
        .expect("an otpauth URI on the page");
    let raw = page.html[start..].split('<').next().unwrap();
    raw.replace("&amp;", "&")
        .replace("&#38;", "&")
        .replace("&#61;", "=")
        .replace("&#x3d;", "=")
        .replace("&#x2f;", "/")
        .replace("&#47;", "/")
}

/// The text between `marker` and the end of its element: enough to find a field's messages.
fn after<'a>(page: &'a Page, marker: &str) -> &'a str {
    let start = page
        .html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not on the page"));
    &page.html[start..]
}

/// The table row that holds `marker`.
fn row<'a>(page: &'a Page, marker: &str) -> &'a str {
    let rest = after(page, marker);
    &rest[..rest.find("</tr>").unwrap_or(rest.len())]
}

async fn services_api(app: &TestApp) -> Vec<String> {
    let body: Value = app.get("/api/v1/services").await.json().await.unwrap();
    body.as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_admin_from_the_command_line_creates_a_clerk_and_a_verifier_in_the_browser() {
    let app = spawn_app().await;
    let (mut anna, anna_id) = admin(&app).await;
    let overview = anna.get("/staff/admin").await;
    assert_eq!(overview.status, 200);
    for section in ["departments", "offices", "services", "staff", "settings"] {
        assert!(
            overview.contains(&format!("href=\"/staff/admin/{section}\"")),
            "{section}"
        );
    }

    let form = anna.get("/staff/admin/staff/new").await;
    assert_eq!(form.status, 200);
    assert!(form.contains("type=\"checkbox\" value=\"registry\""));
    let created = anna
        .post(
            "/staff/admin/staff/new",
            &[
                ("username", "nikos"),
                ("display_name", "Νίκος Παππάς"),
                ("password", STAFF_PASSWORD),
                ("roles", "clerk"),
                ("departments", "registry"),
            ],
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.html);
    assert!(created.contains("Scan or type into your authenticator app"));
    let uri = otpauth_uri(&created);
    assert!(
        uri.starts_with("otpauth://totp/") && uri.contains("nikos"),
        "{uri}"
    );
    let nikos_secret = totp::secret_from_uri(&uri).expect("a secret in the URI");

    anna.get("/staff/admin/staff/new").await;
    let verifier = anna
        .post(
            "/staff/admin/staff/new",
            &[
                ("username", "eleni"),
                ("display_name", "Ελένη Δήμου"),
                ("password", STAFF_PASSWORD),
                ("roles", "verifier"),
            ],
        )
        .await;
    assert_eq!(verifier.status, 200, "{}", verifier.html);
    assert!(verifier.contains("otpauth://totp/"));

    // The secret is shown once: the list and the member's page never show it again.
    let list = anna.get("/staff/admin/staff").await;
    assert!(list.contains("nikos") && list.contains("eleni"));
    assert!(
        list.contains("Municipal Registry"),
        "the clerk's department"
    );
    assert!(!list.contains("otpauth://"));
    let nikos_id = staff_id(&app, "nikos").await;
    let member = anna.get(&format!("/staff/admin/staff/{nikos_id}")).await;
    assert_eq!(member.status, 200);
    assert!(!member.contains("otpauth://") && !member.contains("secret="));

    let nikos = dimos_db::staff::get(&store(&app).await, &nikos_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(nikos.roles, [StaffRole::Clerk]);
    assert_eq!(nikos.departments, ["registry"]);
    let eleni = dimos_db::staff::find_by_username(&store(&app).await, "eleni")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(eleni.roles, [StaffRole::Verifier]);
    assert!(eleni.departments.is_empty());

    // The new clerk logs in with the secret the page showed.
    let mut clerk = logged_in_staff(&app, "nikos", &nikos_secret, 0, "/staff").await;
    let dashboard = clerk.get("/staff").await;
    assert!(dashboard.contains("href=\"/staff/requests\""));
    assert!(!dashboard.contains("href=\"/staff/admin\""));

    let created_by_anna = count(
        &app,
        &format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'staff.created'
             AND actor_kind = 'staff' AND actor_id = '{anna_id}'"
        ),
    )
    .await;
    assert_eq!(created_by_anna, 2);
}

#[tokio::test]
async fn clerks_and_verifiers_are_refused_every_admin_page_and_the_refusal_is_audited() {
    let app = spawn_app().await;
    let clerk_secret = add_staff(&app, "nikos", &[StaffRole::Clerk], &["registry"]).await;
    let verifier_secret = add_staff(&app, "eleni", &[StaffRole::Verifier], &[]).await;
    let mut clerk = logged_in_staff(&app, "nikos", &clerk_secret, 0, "/staff").await;
    let mut verifier = logged_in_staff(&app, "eleni", &verifier_secret, 0, "/staff").await;
    let nikos_id = staff_id(&app, "nikos").await;
    let pages = [
        "/staff/admin".to_owned(),
        "/staff/admin/departments".into(),
        "/staff/admin/departments/new".into(),
        "/staff/admin/departments/registry".into(),
        "/staff/admin/offices".into(),
        "/staff/admin/offices/new".into(),
        "/staff/admin/offices/citizen_service_centre".into(),
        "/staff/admin/services".into(),
        "/staff/admin/services/new".into(),
        "/staff/admin/services/residence_certificate".into(),
        "/staff/admin/staff".into(),
        "/staff/admin/staff/new".into(),
        format!("/staff/admin/staff/{nikos_id}"),
        "/staff/admin/settings".into(),
    ];
    let mut refusals = 0;
    for browser in [&mut clerk, &mut verifier] {
        for path in &pages {
            let page = browser.get(path).await;
            assert_eq!(page.status, 403, "{path}");
            refusals += 1;
            assert_eq!(
                app.audit_count("authorization.denied", "denied").await,
                refusals,
                "{path}"
            );
        }
    }
    // A form sent with the member's own valid token is refused just the same.
    clerk.get("/staff").await;
    let post = clerk
        .post(
            "/staff/admin/departments/registry/active",
            &[("active", "0")],
        )
        .await;
    assert_eq!(post.status, 403);
    let active = count(
        &app,
        "SELECT active FROM departments WHERE code = 'registry'",
    )
    .await;
    assert_eq!(active, 1);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'admin.%'"
        )
        .await,
        0
    );

    // Not logged in at all: to the staff login.
    let anonymous = app.browser().get("/staff/admin/services").await;
    assert_eq!(anonymous.path, "/staff/login");
}

#[tokio::test]
async fn admin_forms_without_the_csrf_token_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let (mut anna, _) = admin(&app).await;
    add_staff(&app, "nikos", &[StaffRole::Clerk], &["registry"]).await;
    let nikos_id = staff_id(&app, "nikos").await;
    let snapshot = async || {
        let mut figures = Vec::new();
        for sql in [
            "SELECT COUNT(*) FROM audit_events",
            "SELECT COUNT(*) FROM departments WHERE active = 1",
            "SELECT COUNT(*) FROM offices WHERE active = 1",
            "SELECT COUNT(*) FROM office_hours",
            "SELECT COUNT(*) FROM services WHERE active = 1",
            "SELECT COUNT(*) FROM settings",
            "SELECT COUNT(*) FROM staff WHERE disabled_at IS NULL",
            "SELECT COUNT(*) FROM staff_roles",
            "SELECT COUNT(*) FROM sessions",
            "SELECT totp_last_step FROM staff WHERE username = 'nikos'",
        ] {
            figures.push(count(&app, sql).await);
        }
        figures
    };
    let before = snapshot().await;
    let member = format!("/staff/admin/staff/{nikos_id}");
    let posts: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            "/staff/admin/departments/new".into(),
            vec![
                ("code", "archive"),
                ("name_el", "Αρχείο"),
                ("name_en", "Archive"),
            ],
        ),
        (
            "/staff/admin/departments/registry".into(),
            vec![("name_el", "Άλλο"), ("name_en", "Other")],
        ),
        (
            "/staff/admin/departments/registry/active".into(),
            vec![("active", "0")],
        ),
        (
            "/staff/admin/departments/civil_status/delete".into(),
            vec![],
        ),
        (
            "/staff/admin/offices/new".into(),
            vec![
                ("code", "harbour"),
                ("name_el", "Λιμάνι"),
                ("name_en", "Harbour"),
                ("street", "Ακτή 1"),
                ("postal_code", "18531"),
                ("city", "Πειραιάς"),
            ],
        ),
        (
            "/staff/admin/offices/citizen_service_centre".into(),
            vec![
                ("name_el", "Άλλο"),
                ("name_en", "Other"),
                ("street", "Οδός 1"),
                ("postal_code", "10552"),
                ("city", "Αθήνα"),
            ],
        ),
        (
            "/staff/admin/offices/citizen_service_centre/active".into(),
            vec![("active", "0")],
        ),
        (
            "/staff/admin/services/new".into(),
            vec![
                ("code", "dog_licence"),
                ("department", "registry"),
                ("name_el", "Άδεια"),
                ("name_en", "Licence"),
                ("min_level", "A"),
                ("delivery", "pickup"),
                ("fee", "1"),
                ("processing_days", "1"),
                ("active", "1"),
            ],
        ),
        (
            "/staff/admin/services/residence_certificate".into(),
            vec![
                ("department", "registry"),
                ("name_el", "Άλλο"),
                ("name_en", "Other"),
                ("min_level", "A"),
                ("delivery", "pickup"),
                ("fee", "1"),
                ("processing_days", "1"),
            ],
        ),
        (
            "/staff/admin/services/residence_certificate/active".into(),
            vec![("active", "0")],
        ),
        (
            "/staff/admin/staff/new".into(),
            vec![
                ("username", "mallory"),
                ("password", STAFF_PASSWORD),
                ("roles", "admin"),
            ],
        ),
        (member.clone(), vec![("roles", "admin")]),
        (format!("{member}/disabled"), vec![("disabled", "1")]),
        (format!("{member}/reset-totp"), vec![]),
        (format!("{member}/end-sessions"), vec![]),
        (
            "/staff/admin/settings".into(),
            vec![("name_el", "Δήμος Χ"), ("name_en", "X"), ("cod_fee", "1")],
        ),
    ];
    for (path, fields) in &posts {
        let page = anna.post_without_token(path, fields).await;
        assert_eq!(page.status, 403, "{path}");
        assert!(!page.contains("otpauth://"), "{path}");
    }
    assert_eq!(snapshot().await, before, "nothing changed");
    assert!(
        dimos_db::staff::find_by_username(&store(&app).await, "mallory")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn departments_are_created_validated_deactivated_and_deleted_only_when_unused() {
    let app = spawn_app().await;
    let (mut anna, _) = admin(&app).await;

    anna.get("/staff/admin/departments/new").await;
    let refused = anna
        .post(
            "/staff/admin/departments/new",
            &[
                ("code", "Building-Permits"),
                ("name_el", "Πολεοδομία"),
                ("name_en", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.contains("value=\"Building-Permits\""),
        "values are kept"
    );
    assert!(refused.contains("value=\"Πολεοδομία\""));
    assert!(after(&refused, "id=\"code-error\"").contains("lower-case Latin letters"));
    assert!(refused.contains("id=\"name_en-error\""));
    assert!(refused.contains("aria-describedby=\"code-hint code-error\" aria-invalid=\"true\""));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM departments").await, 4);

    let created = anna
        .post(
            "/staff/admin/departments/new",
            &[
                ("code", "building_permits"),
                ("name_el", "Πολεοδομία"),
                ("name_en", "Building Permits"),
            ],
        )
        .await;
    assert_eq!(created.path, "/staff/admin/departments");
    assert!(created.contains("The department was created."));
    assert!(created.contains("Building Permits"));
    let taken = anna
        .post(
            "/staff/admin/departments/new",
            &[
                ("code", "registry"),
                ("name_el", "Δεύτερο"),
                ("name_en", "Second"),
            ],
        )
        .await;
    assert_eq!(taken.status, 422);
    assert!(taken.contains("Another record already has this code."));

    // Deleting a department the catalogue's services belong to is refused, naming them.
    anna.get("/staff/admin/departments/registry").await;
    let refused = anna
        .post("/staff/admin/departments/registry/delete", &[])
        .await;
    assert_eq!(refused.status, 409);
    assert!(refused.contains("The department cannot be deleted"));
    assert!(refused.contains("Services of the department"));
    assert!(refused.contains("residence_certificate"));
    assert!(refused.contains("Offices that serve it"));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM departments WHERE code = 'registry'"
        )
        .await,
        1
    );

    // Deactivating hides it from the public catalogue; activating brings it back.
    anna.get("/staff/admin/departments/building_permits").await;
    let renamed = anna
        .post(
            "/staff/admin/departments/building_permits",
            &[
                ("name_el", "Υπηρεσία Δόμησης"),
                ("name_en", "Building Service"),
            ],
        )
        .await;
    assert!(
        renamed.contains("The department&#39;s changes were saved.")
            || renamed.contains("The department's changes were saved.")
    );
    let deactivated = anna
        .post(
            "/staff/admin/departments/building_permits/active",
            &[("active", "0")],
        )
        .await;
    assert!(deactivated.contains("no longer shows in the catalogue"));
    let public = app.state.app.departments().await.unwrap();
    assert!(!public.iter().any(|d| d.code == "building_permits"));

    let deleted = anna
        .post("/staff/admin/departments/building_permits/delete", &[])
        .await;
    assert_eq!(deleted.path, "/staff/admin/departments");
    assert!(deleted.contains("The department was deleted."));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM departments WHERE code = 'building_permits'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn office_hours_are_checked_and_a_good_office_is_saved_with_them() {
    let app = spawn_app().await;
    let (mut anna, _) = admin(&app).await;
    anna.get("/staff/admin/offices/new").await;
    let office = |monday: &'static str| {
        vec![
            ("code", "harbour_office"),
            ("name_el", "Γραφείο Λιμανιού"),
            ("name_en", "Harbour Office"),
            ("street", "Ακτή Μιαούλη 10"),
            ("postal_code", "185 31"),
            ("city", "Πειραιάς"),
            ("phone", "210 4000000"),
            ("email", "limani@dimos.example"),
            ("certifies_identity", "1"),
            ("departments", "registry"),
            ("departments", "treasury"),
            ("hours_1_1", monday),
            ("hours_2_1", "08:00-15:00"),
            ("hours_2_2", "17:00–19:00"),
        ]
    };
    let refused = anna
        .post("/staff/admin/offices/new", &office("15:00–08:00"))
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        after(&refused, "id=\"hours_1_1-error\"")
            .contains("The closing time must be after the opening time.")
    );
    assert!(
        refused.contains("value=\"15:00–08:00\""),
        "the hours typed are kept"
    );
    assert!(refused.contains("value=\"Γραφείο Λιμανιού\""));
    assert!(refused.contains("id=\"departments-treasury\" name=\"departments\" type=\"checkbox\" value=\"treasury\" checked"));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM offices WHERE code = 'harbour_office'"
        )
        .await,
        0
    );

    let mut overlapping = office("08:00–15:00");
    overlapping.push(("hours_1_2", "14:00–16:00"));
    for field in overlapping
        .iter_mut()
        .filter(|(name, _)| *name == "postal_code")
    {
        field.1 = "99999";
    }
    let overlapping = anna.post("/staff/admin/offices/new", &overlapping).await;
    assert_eq!(overlapping.status, 422);
    assert!(overlapping.contains("id=\"hours_1_2-error\""));
    assert!(overlapping.contains("id=\"postal_code-error\""));

    let created = anna
        .post("/staff/admin/offices/new", &office("08:00 - 14:30"))
        .await;
    assert_eq!(created.path, "/staff/admin/offices", "{}", created.html);
    assert!(created.contains("The office was created."));
    let hours: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT weekday, opens_at, closes_at FROM office_hours WHERE office_code = 'harbour_office'
         ORDER BY weekday, opens_at",
    )
    .fetch_all(store(&app).await.pool())
    .await
    .unwrap();
    assert_eq!(
        hours,
        [
            (1, "08:00".to_owned(), "14:30".to_owned()),
            (2, "08:00".into(), "15:00".into()),
            (2, "17:00".into(), "19:00".into()),
        ]
    );
    let public = app.state.app.offices().await.unwrap();
    let harbour = public
        .iter()
        .find(|o| o.code == "harbour_office")
        .expect("listed");
    assert!(harbour.certifies_identity);
    assert_eq!(harbour.phone, "+302104000000");
    assert_eq!(harbour.departments, ["registry", "treasury"]);

    // The edit form shows what is stored; deactivating hides the office from the public pages.
    let edit = anna.get("/staff/admin/offices/harbour_office").await;
    assert!(edit.contains("value=\"17:00–19:00\""));
    let deactivated = anna
        .post(
            "/staff/admin/offices/harbour_office/active",
            &[("active", "0")],
        )
        .await;
    assert!(deactivated.contains("no longer shows on the public pages"));
    let public = app.state.app.offices().await.unwrap();
    assert!(!public.iter().any(|o| o.code == "harbour_office"));
}

#[tokio::test]
async fn services_are_validated_and_a_withdrawn_one_leaves_the_api() {
    let app = spawn_app().await;
    let (mut anna, _) = admin(&app).await;
    let services = count(&app, "SELECT COUNT(*) FROM services").await;

    anna.get("/staff/admin/services/new").await;
    let refused = anna
        .post(
            "/staff/admin/services/new",
            &[
                ("code", "Dog Licence"),
                ("department", "municipal_police"),
                ("name_el", "Άδεια σκύλου"),
                ("name_en", "Dog licence"),
                ("min_level", "A"),
                ("fee", "-3,50"),
                ("processing_days", "400"),
                ("required_attachments", "id copy"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(after(&refused, "id=\"code-error\"").contains("lower-case Latin letters"));
    assert!(after(&refused, "id=\"delivery-error\"").contains("Tick at least one delivery mode."));
    assert!(after(&refused, "id=\"fee-error\"").contains("The amount cannot be negative."));
    assert!(refused.contains("id=\"processing_days-error\""));
    assert!(refused.contains("id=\"required_attachments-error\""));
    assert!(refused.contains("value=\"-3,50\""), "values are kept");
    assert!(refused.contains("class=\"error-summary\""));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM services").await,
        services,
        "nothing saved"
    );

    let created = anna
        .post(
            "/staff/admin/services/new",
            &[
                ("code", "dog_licence"),
                ("department", "municipal_police"),
                ("name_el", "Άδεια σκύλου"),
                ("name_en", "Dog licence"),
                ("description_el", "Για κατοικίδια."),
                ("min_level", "B"),
                ("delivery", "pickup"),
                ("delivery", "post"),
                ("fee", "3.50"),
                ("processing_days", "10"),
                ("required_attachments", "id_copy, vet_certificate"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(created.path, "/staff/admin/services", "{}", created.html);
    assert!(created.contains("The service was created."));
    let body: Value = app.get("/api/v1/services").await.json().await.unwrap();
    let dog = body
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "dog_licence")
        .expect("offered in the API");
    assert_eq!(dog["fee_cents"], 350);
    assert_eq!(dog["min_level"], "B");
    assert_eq!(dog["delivery_modes"], serde_json::json!(["pickup", "post"]));
    let stored = dimos_db::admin::service(&store(&app).await, "dog_licence")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.required_attachments, ["id_copy", "vet_certificate"]);
    assert_eq!(stored.processing_days, 10);

    assert!(
        services_api(&app)
            .await
            .contains(&"residence_certificate".to_owned())
    );
    anna.get("/staff/admin/services/residence_certificate")
        .await;
    let withdrawn = anna
        .post(
            "/staff/admin/services/residence_certificate/active",
            &[("active", "0")],
        )
        .await;
    assert!(withdrawn.contains("The service was withdrawn"));
    assert!(
        !services_api(&app)
            .await
            .contains(&"residence_certificate".to_owned())
    );
    let list = anna.get("/staff/admin/services").await;
    assert!(row(&list, "/staff/admin/services/residence_certificate").contains("Withdrawn"));
    assert!(row(&list, "/staff/admin/services/birth_certificate").contains("Offered"));

    // Editing keeps the code and stores the new values.
    anna.get("/staff/admin/services/dog_licence").await;
    let saved = anna
        .post(
            "/staff/admin/services/dog_licence",
            &[
                ("department", "municipal_police"),
                ("name_el", "Άδεια κατοικιδίου"),
                ("name_en", "Pet licence"),
                ("min_level", "A"),
                ("delivery", "pickup"),
                ("fee", "0"),
                ("processing_days", "0"),
            ],
        )
        .await;
    assert!(
        saved.contains("The service&#39;s changes were saved.")
            || saved.contains("The service's changes were saved.")
    );
    let stored = dimos_db::admin::service(&store(&app).await, "dog_licence")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.fee_cents.get(), stored.allows_post, stored.active),
        (0, false, false)
    );
    assert!(
        !services_api(&app).await.contains(&"dog_licence".to_owned()),
        "unticked: withdrawn"
    );
}

#[tokio::test]
async fn the_municipality_settings_round_trip() {
    let app = spawn_app().await;
    let (mut anna, anna_id) = admin(&app).await;
    let form = anna.get("/staff/admin/settings").await;
    assert_eq!(form.status, 200);
    assert!(form.contains("id=\"cod_fee\""));

    let refused = anna
        .post(
            "/staff/admin/settings",
            &[
                ("name_el", ""),
                ("name_en", "Test"),
                ("phone", "12"),
                ("email", "no-at"),
                ("cod_fee", "-1"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    for field in ["name_el", "phone", "email", "cod_fee"] {
        assert!(
            refused.contains(&format!("id=\"{field}-error\"")),
            "{field}"
        );
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM settings").await, 0);

    let saved = anna
        .post(
            "/staff/admin/settings",
            &[
                ("name_el", "Δήμος Δοκιμής"),
                ("name_en", "Municipality of Dokimi"),
                ("phone", "210 1234567"),
                ("email", "info@dimos.example"),
                ("address", "Πλατεία Δημαρχείου 1, 105 52 Αθήνα"),
                ("cod_fee", "4.20"),
            ],
        )
        .await;
    assert_eq!(saved.path, "/staff/admin/settings");
    assert!(saved.contains("The settings were saved."));
    assert!(saved.contains("value=\"Δήμος Δοκιμής\""));
    assert!(saved.contains("value=\"+302101234567\""));
    assert!(saved.contains("value=\"4,20\""), "shown back with a comma");
    let settings = app.state.app.municipality_settings().await.unwrap();
    assert_eq!(settings.name_en, "Municipality of Dokimi");
    assert_eq!(settings.email, "info@dimos.example");
    assert_eq!(settings.cod_fee_cents.get(), 420);
    assert_eq!(
        app.state.app.postal_fee_cents().await.unwrap().get(),
        420,
        "cash on delivery of posted requests uses it"
    );
    let audited = count(
        &app,
        &format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'admin.settings_updated' AND actor_id = '{anna_id}'"
        ),
    )
    .await;
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn staff_accounts_are_managed_and_every_change_is_audited_with_the_admin_as_actor() {
    let app = spawn_app().await;
    let (mut anna, anna_id) = admin(&app).await;
    let nikos_secret = add_staff(&app, "nikos", &[StaffRole::Clerk], &["registry"]).await;
    let nikos_id = staff_id(&app, "nikos").await;
    let member = format!("/staff/admin/staff/{nikos_id}");
    let mut nikos = logged_in_staff(&app, "nikos", &nikos_secret, 0, "/staff").await;

    // Roles and departments: a clerk without a department is refused, with the boxes kept.
    anna.get(&member).await;
    let refused = anna
        .post(&member, &[("roles", "clerk"), ("roles", "verifier")])
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        after(&refused, "id=\"departments-error\"")
            .contains("A clerk needs at least one department.")
    );
    assert!(refused.contains(
        "id=\"roles-verifier\" name=\"roles\" type=\"checkbox\" value=\"verifier\" checked"
    ));
    let saved = anna
        .post(
            &member,
            &[
                ("roles", "clerk"),
                ("roles", "verifier"),
                ("departments", "treasury"),
            ],
        )
        .await;
    assert!(saved.contains("The roles and departments were saved."));
    let stored = dimos_db::staff::get(&store(&app).await, &nikos_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.roles.as_slice(), stored.departments.as_slice()),
        (
            &[StaffRole::Clerk, StaffRole::Verifier][..],
            &["treasury".to_owned()][..]
        )
    );

    // Ending their sessions logs them out at once.
    assert_eq!(nikos.get("/staff").await.path, "/staff");
    let ended = anna.post(&format!("{member}/end-sessions"), &[]).await;
    assert!(ended.contains("Every session of this member was ended."));
    assert_eq!(nikos.get("/staff").await.path, "/staff/login");

    // A new secret is shown once; the old one no longer opens the door.
    let reset = anna.post(&format!("{member}/reset-totp"), &[]).await;
    assert_eq!(reset.status, 200);
    let new_secret = totp::secret_from_uri(&otpauth_uri(&reset)).unwrap();
    let mut old = app.browser();
    old.get("/staff/login").await;
    let with_old = old
        .post(
            "/staff/login",
            &[
                ("username", "nikos"),
                ("password", STAFF_PASSWORD),
                ("totp", &code(&nikos_secret, 1)),
            ],
        )
        .await;
    assert_eq!(with_old.status, 401);
    logged_in_staff(&app, "nikos", &new_secret, 0, "/staff").await;

    // Disabling keeps them out; an admin cannot disable themselves.
    anna.get(&member).await;
    let disabled = anna
        .post(&format!("{member}/disabled"), &[("disabled", "1")])
        .await;
    assert!(disabled.contains("The account was disabled"));
    let mut locked = app.browser();
    locked.get("/staff/login").await;
    let refused = locked
        .post(
            "/staff/login",
            &[
                ("username", "nikos"),
                ("password", STAFF_PASSWORD),
                ("totp", &code(&new_secret, 1)),
            ],
        )
        .await;
    assert_eq!(refused.status, 401);
    let enabled = anna
        .post(&format!("{member}/disabled"), &[("disabled", "0")])
        .await;
    assert!(enabled.contains("The account was enabled again."));
    anna.get(&format!("/staff/admin/staff/{anna_id}")).await;
    let myself = anna
        .post(
            &format!("/staff/admin/staff/{anna_id}/disabled"),
            &[("disabled", "1")],
        )
        .await;
    assert_eq!(myself.status, 422);
    assert!(myself.contains("You cannot disable your own account."));

    // A few catalogue changes, then the log: every change is there, by anna.
    anna.get("/staff/admin/departments/new").await;
    anna.post(
        "/staff/admin/departments/new",
        &[
            ("code", "archive"),
            ("name_el", "Αρχείο"),
            ("name_en", "Archive"),
        ],
    )
    .await;
    anna.post(
        "/staff/admin/departments/archive/active",
        &[("active", "0")],
    )
    .await;
    anna.post("/staff/admin/departments/archive/delete", &[])
        .await;
    anna.post(
        "/staff/admin/services/birth_certificate/active",
        &[("active", "0")],
    )
    .await;
    anna.post(
        "/staff/admin/offices/treasury_office/active",
        &[("active", "0")],
    )
    .await;
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT action, actor_kind, actor_id FROM audit_events
         WHERE action LIKE 'admin.%' OR action IN ('staff.roles_changed', 'staff.disabled',
             'staff.enabled', 'staff.totp_reset')
         ORDER BY seq",
    )
    .fetch_all(store(&app).await.pool())
    .await
    .unwrap();
    let actions: Vec<&str> = rows.iter().map(|(action, _, _)| action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "staff.roles_changed",
            "admin.staff_sessions_ended",
            "staff.totp_reset",
            "staff.disabled",
            "staff.enabled",
            "admin.department_created",
            "admin.department_deactivated",
            "admin.department_deleted",
            "admin.service_deactivated",
            "admin.office_deactivated",
        ]
    );
    for (action, kind, actor) in &rows {
        assert_eq!(
            (kind.as_str(), actor.as_deref()),
            ("staff", Some(anna_id.as_str())),
            "{action}"
        );
    }
    let chain = app.state.app.verify_audit_chain().await.unwrap();
    assert!(chain.is_ok(), "the chain holds: {chain:?}");
}
