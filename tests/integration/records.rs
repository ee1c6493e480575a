//! Personal data: a certified citizen's debts, fines and pending matters (API and pages), a
//! clerk's look at them with a reason, and the citizen's data export. Only the VERIFIED tax
//! number opens records; every view is audited.

use crate::support::accounts::add_staff;
use crate::support::accounts::staff_browser;
use crate::support::accounts::{MARIA_TAX, OTHER_TAX};
use crate::support::accounts::{PASSWORD, registration};
use crate::support::api::document;
use crate::support::api::json_of;
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use dimos_domain::StaffRole;
use serde_json::{Value, json};

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (H. Hinnant's civil-from-days).
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Today in Athens is today at UTC+2 (winter) or UTC+3 (summer): both candidates, as days.
fn athens_today_candidates() -> [i64; 2] {
    let hour = 3_600_000;
    [
        (now_ms() + 2 * hour).div_euclid(86_400_000),
        (now_ms() + 3 * hour).div_euclid(86_400_000),
    ]
}

async fn insert_debt(app: &TestApp, id: &str, tax: &str, amount: i64, due: &str, status: &str) {
    sqlx::query(
        "INSERT INTO debts (external_id, tax_number, category, description, amount_cents, due_date, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(id)
    .bind(tax)
    .bind("ΤΑΠ")
    .bind(format!("Οφειλή {id}"))
    .bind(amount)
    .bind(due)
    .bind(status)
    .bind(now_ms())
    .execute(store(app).await.pool())
    .await
    .unwrap();
}

async fn insert_fine(app: &TestApp, id: &str, tax: &str, amount: i64, status: &str, appeal: &str) {
    sqlx::query(
        "INSERT INTO fines (external_id, tax_number, notice_number, issued_on, place, vehicle_plate, violation, amount_cents, status, appeal_until, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
    )
    .bind(id)
    .bind(tax)
    .bind(format!("ΚΛ-{id}"))
    .bind("2025-01-20")
    .bind("Οδός Ερμού 20")
    .bind("ΙΚΥ 1234")
    .bind(format!("Στάθμευση {id}"))
    .bind(amount)
    .bind(status)
    .bind(appeal)
    .bind(now_ms())
    .execute(store(app).await.pool())
    .await
    .unwrap();
}

async fn insert_pending(app: &TestApp, id: &str, tax: &str, department: &str, since: &str) {
    sqlx::query(
        "INSERT INTO pending_matters (external_id, tax_number, department_code, title, details, since, action_needed, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(id)
    .bind(tax)
    .bind(department)
    .bind(format!("Εκκρεμότητα {id}"))
    .bind("Λείπει δικαιολογητικό")
    .bind(since)
    .bind(format!("Προσκομίστε το έντυπο {id}"))
    .bind(now_ms())
    .execute(store(app).await.pool())
    .await
    .unwrap();
}

/// Maria's records and another person's. Returns the appeal deadline of her open fine F1
/// (ten Athens days ahead, as days from 1970).
async fn seed_records(app: &TestApp) -> i64 {
    insert_debt(app, "D1", MARIA_TAX, 12_000, "2030-06-30", "open").await;
    insert_debt(app, "D2", MARIA_TAX, 3_450, "2030-01-15", "open").await;
    insert_debt(app, "D3", MARIA_TAX, 9_999, "2024-01-01", "paid").await;
    insert_debt(app, "D9", OTHER_TAX, 50_000, "2029-01-01", "open").await;
    let f1 = athens_today_candidates()[1] + 10;
    insert_fine(app, "F1", MARIA_TAX, 4_000, "open", &civil(f1)).await;
    let f2 = athens_today_candidates()[1] - 2;
    insert_fine(app, "F2", MARIA_TAX, 8_000, "open", &civil(f2)).await;
    insert_fine(app, "F3", MARIA_TAX, 2_000, "paid", "2024-05-01").await;
    insert_fine(app, "F4", MARIA_TAX, 6_000, "appealed", "2024-06-01").await;
    insert_fine(app, "F9", OTHER_TAX, 7_000, "open", "2030-01-01").await;
    insert_pending(app, "P1", MARIA_TAX, "treasury", "2025-01-10").await;
    insert_pending(app, "P2", MARIA_TAX, "registry", "2024-11-01").await;
    insert_pending(app, "P9", OTHER_TAX, "treasury", "2024-01-01").await;
    f1
}

fn ids(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|i| i["external_id"].as_str().unwrap().to_owned())
        .collect()
}

impl TestApp {
    /// A Level A citizen who registered Maria's tax number (never verified); returns the token.
    async fn same_tax_level_a(&self, username: &str) -> String {
        self.register(username, &format!("{username}@example.gr"))
            .await;
        self.login(username, PASSWORD).await
    }

    async fn clerk_token(&self, username: &str, departments: &[&str]) -> String {
        let secret = add_staff(self, username, &[StaffRole::Clerk], departments).await;
        self.staff_login(username, &secret).await
    }

    /// Audit entries with `action` about the citizen `subject`.
    async fn audit_about(&self, action: &str, subject: &str) -> Vec<(String, String)> {
        sqlx::query_as::<_, (String, String)>(
            "SELECT outcome, details FROM audit_events WHERE action = $1 AND subject_citizen_id = $2 ORDER BY seq",
        )
        .bind(action)
        .bind(subject)
        .fetch_all(store(self).await.pool())
        .await
        .unwrap()
    }

    async fn staff_records(
        &self,
        token: &str,
        citizen: &str,
        kind: &str,
        reason: &str,
    ) -> reqwest::Response {
        self.client
            .get(self.url(&format!("/api/v1/staff/citizens/{citizen}/records/{kind}")))
            .query(&[("reason", reason)])
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn a_certified_citizen_sees_exactly_their_own_records_most_urgent_first() {
    let app = spawn_app().await;
    let (maria, token) = app.certified_with("maria.p", MARIA_TAX).await;
    let (_, other) = app.certified_with("nikos.k", OTHER_TAX).await;
    let f1 = seed_records(&app).await;

    let debts = json_of(app.get_with("/api/v1/me/debts", &token).await, 200).await;
    assert_eq!(
        ids(&debts),
        ["D2", "D1", "D3"],
        "open first, the soonest due first"
    );
    assert_eq!(debts["total_cents"], 15_450, "the open ones only");
    for item in debts["items"].as_array().unwrap() {
        assert!(
            item["rf_reference"].is_null(),
            "the treasury gave no reference, and none is made up: {item}"
        );
    }
    assert_eq!(debts["items"][0]["amount_cents"], 3_450);
    assert_eq!(debts["items"][0]["due_date"], "2030-01-15");
    assert_eq!(debts["items"][2]["status"], "paid");

    let fines = json_of(app.get_with("/api/v1/me/fines", &token).await, 200).await;
    assert_eq!(
        ids(&fines),
        ["F2", "F1", "F3", "F4"],
        "open first, the nearest deadline first"
    );
    assert_eq!(fines["total_cents"], 12_000);
    let expected: Vec<i64> = athens_today_candidates()
        .iter()
        .map(|today| f1 - today)
        .collect();
    let days = fines["items"][1]["days_to_appeal"].as_i64().unwrap();
    assert!(expected.contains(&days), "{days} not in {expected:?}");
    assert!(
        fines["items"][0]["days_to_appeal"].as_i64().unwrap() < 0,
        "past: negative"
    );

    let pending = json_of(app.get_with("/api/v1/me/pending", &token).await, 200).await;
    assert_eq!(ids(&pending), ["P2", "P1"], "the oldest first");
    assert_eq!(pending["total_cents"], 0);
    assert_eq!(pending["items"][1]["department"], "treasury");
    assert_eq!(
        pending["items"][1]["action_needed"],
        "Προσκομίστε το έντυπο P1"
    );

    // The other certified person sees theirs only.
    let theirs = json_of(app.get_with("/api/v1/me/debts", &other).await, 200).await;
    assert_eq!(ids(&theirs), ["D9"]);
    assert_eq!(theirs["total_cents"], 50_000);
    let theirs = json_of(app.get_with("/api/v1/me/fines", &other).await, 200).await;
    assert_eq!(ids(&theirs), ["F9"]);
    let theirs = json_of(app.get_with("/api/v1/me/pending", &other).await, 200).await;
    assert_eq!(ids(&theirs), ["P9"]);

    // Every view is audited, with its kind, as the citizen's own action.
    let views = app.audit_about("citizen.records_viewed", &maria).await;
    assert_eq!(views.len(), 3);
    assert!(views[0].1.contains("\"debts\""), "{}", views[0].1);
    assert!(views[1].1.contains("\"fines\""));
    assert!(views[2].1.contains("\"pending\""));
    assert_eq!(
        app.audit_count("citizen.records_viewed", "success").await,
        6
    );

    // Without a session: 401.
    assert_eq!(app.get("/api/v1/me/debts").await.status(), 401);
}

#[tokio::test]
async fn a_self_declared_tax_number_opens_nothing_and_a_revocation_hides_records_at_once() {
    let app = spawn_app().await;
    let (maria, token) = app.certified_with("maria.p", MARIA_TAX).await;
    seed_records(&app).await;
    // Eleni registered Maria's tax number but was never certified: Level A.
    let eleni = app.same_tax_level_a("eleni.k").await;
    for path in ["/api/v1/me/debts", "/api/v1/me/fines", "/api/v1/me/pending"] {
        let body = json_of(app.get_with(path, &eleni).await, 403).await;
        assert_eq!(body["error"]["code"], "level_b_required", "{path}: {body}");
        assert!(!body.to_string().contains("D1"));
    }

    assert_eq!(
        ids(&json_of(app.get_with("/api/v1/me/debts", &token).await, 200).await).len(),
        3
    );
    let verifier = app.verifier_token("victor").await;
    let revoked = app
        .client
        .delete(app.url(&format!("/api/v1/staff/citizens/{maria}/verification")))
        .bearer_auth(&verifier)
        .json(&json!({"reason": "Λάθος στοιχεία εγγράφου"}))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200);
    for path in ["/api/v1/me/debts", "/api/v1/me/fines", "/api/v1/me/pending"] {
        let body = json_of(app.get_with(path, &token).await, 403).await;
        assert_eq!(body["error"]["code"], "level_b_required", "{path}");
    }
    // A clerk finds nothing either: the tax number is no longer verified.
    let tina = app.clerk_token("tina", &["treasury"]).await;
    let found = json_of(
        app.staff_records(&tina, &maria, "debts", "Έλεγχος").await,
        200,
    )
    .await;
    assert_eq!(found["items"], json!([]));
    assert_eq!(found["verified_tax_number"], Value::Null);
}

#[tokio::test]
async fn the_records_pages_show_totals_ways_to_pay_and_days_to_appeal() {
    let app = spawn_app().await;
    app.certified_with("maria.p", MARIA_TAX).await;
    seed_records(&app).await;
    insert_debt(&app, "D5", MARIA_TAX, 1_000, "2020-01-01", "open").await;
    let mut maria = app.browser();
    maria.login("maria.p", PASSWORD).await;

    let account = maria.get("/account").await;
    for link in [
        "/account/debts",
        "/account/fines",
        "/account/pending",
        "/account/export",
    ] {
        assert!(account.contains(&format!("href=\"{link}\"")), "{link}");
    }

    let debts = maria.get("/account/debts").await;
    assert_eq!(debts.status, 200);
    assert!(
        debts.contains("Οφειλή D2") && debts.contains("Οφειλή D1") && debts.contains("Οφειλή D3")
    );
    assert!(!debts.contains("Οφειλή D9"), "another person's debt");
    let at = |text: &str| debts.html.find(text).unwrap();
    assert!(at("Οφειλή D5") < at("Οφειλή D2") && at("Οφειλή D2") < at("Οφειλή D1"));
    assert_eq!(debts.html.matches("Ληξιπρόθεσμη").count(), 1, "D5 only");
    assert!(debts.contains("164,50 €"), "the open total");
    assert!(debts.contains("99,99 €"), "the paid total");
    assert!(debts.contains("Ανεξόφλητη") && debts.contains("Εξοφλημένη"));
    // The treasury gave no references: none is made up, and the page says how to pay at the
    // treasury (tests/integration/treasury_references.rs has debts with references).
    let text = crate::support::pages::without_tokens(&debts.html);
    assert!(!text.contains("RF"), "{text}");
    assert!(debts.contains("Πληρωμή στην Ταμειακή Υπηρεσία"));
    assert!(!debts.contains("<script"), "no JavaScript");

    let fines = maria.get("/account/fines").await;
    assert_eq!(fines.status, 200);
    assert!(fines.contains("120,00 €"), "the open total");
    assert!(
        fines.contains("ημέρες απομένουν για ένσταση"),
        "{}",
        fines.html
    );
    assert!(fines.contains("Η προθεσμία ένστασης έληξε"));
    assert!(fines.contains("Σε ένσταση"));
    let english = maria.get("/account/fines?lang=en").await;
    assert!(english.contains("days left to appeal"));

    // The English page remembered the choice: back to Greek.
    let pending = maria.get("/account/pending?lang=el").await;
    assert_eq!(pending.status, 200);
    assert!(pending.contains("Τι πρέπει να κάνετε"), "{}", pending.html);
    assert!(pending.contains("Προσκομίστε το έντυπο P1"));
    assert!(
        pending.contains("Ταμειακή Υπηρεσία"),
        "the department by name"
    );
    assert!(
        !pending.contains("Εκκρεμότητα P9"),
        "another person's matter"
    );

    assert_eq!(
        app.audit_count("citizen.records_viewed", "success").await,
        4
    );
    assert_eq!(app.browser().get("/account/debts").await.path, "/login");
}

#[tokio::test]
async fn level_a_is_told_how_to_reach_level_b_and_never_sees_records() {
    let app = spawn_app().await;
    seed_records(&app).await;
    app.same_tax_level_a("eleni.k").await;
    let mut eleni = app.browser();
    eleni.login("eleni.k", PASSWORD).await;
    for path in ["/account/debts", "/account/fines", "/account/pending"] {
        let page = eleni.get(path).await;
        // Refused as the API refuses (`level_b_required`, 403), and explained.
        assert_eq!(page.status, 403, "{path}");
        assert!(page.contains("Χρειάζεστε λογαριασμό Επιπέδου Β"), "{path}");
        assert!(
            page.contains("href=\"/offices#office-"),
            "where to get certified"
        );
        assert!(page.contains("eleni.k"), "the username to bring");
        for secret in ["Οφειλή D1", "ΚΛ-F1", "Εκκρεμότητα P1", "154,50"] {
            assert!(!page.contains(secret), "{path} shows {secret}");
        }
    }
    let english = eleni.get("/account/debts?lang=en").await;
    assert!(english.contains("You need a Level B account"));
    assert_eq!(
        app.audit_count("citizen.records_viewed", "success").await,
        0
    );
}

#[tokio::test]
async fn clerks_see_their_departments_records_with_a_reason_shown_to_the_citizen() {
    let app = spawn_app().await;
    let (maria, _) = app.certified_with("maria.p", MARIA_TAX).await;
    seed_records(&app).await;
    let tina = app.clerk_token("tina", &["treasury"]).await;
    let reason = "Αίτημα 2025/000042: βεβαίωση μη οφειλής";

    let debts = json_of(app.staff_records(&tina, &maria, "debts", reason).await, 200).await;
    assert_eq!(ids(&debts), ["D2", "D1", "D3"]);
    assert_eq!(debts["total_cents"], 15_450);
    assert_eq!(debts["verified_tax_number"], MARIA_TAX);
    assert!(debts["items"][0]["rf_reference"].is_null(), "none made up");
    let viewed = app.audit_about("staff.records_viewed", &maria).await;
    assert_eq!(viewed.len(), 1);
    assert!(
        viewed[0].1.contains("βεβαίωση μη οφειλής"),
        "{}",
        viewed[0].1
    );

    // The reason is required.
    for blank in ["", "   "] {
        let body = json_of(app.staff_records(&tina, &maria, "debts", blank).await, 422).await;
        assert_eq!(body["error"]["code"], "validation_failed");
        assert_eq!(
            body["error"]["fields"]["reason"],
            json!(["required"]),
            "{body}"
        );
    }
    let no_query = app
        .get_with(
            &format!("/api/v1/staff/citizens/{maria}/records/debts"),
            &tina,
        )
        .await;
    assert_eq!(no_query.status(), 422);
    // Pending matters: their department's only. Fines: not theirs.
    let pending = json_of(
        app.staff_records(&tina, &maria, "pending", reason).await,
        200,
    )
    .await;
    assert_eq!(ids(&pending), ["P1"]);
    let denied_before = app.audit_count("authorization.denied", "denied").await;
    let fines = json_of(app.staff_records(&tina, &maria, "fines", reason).await, 403).await;
    assert_eq!(fines["error"]["code"], "forbidden");
    assert_eq!(
        app.audit_count("authorization.denied", "denied").await,
        denied_before + 1
    );
    assert_eq!(
        app.staff_records(&tina, &maria, "gossip", reason)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.staff_records(&tina, "no-such-citizen", "debts", reason)
            .await
            .status(),
        404
    );

    // Another department, and a verifier: refused, audited.
    let rita = app.clerk_token("rita", &["registry"]).await;
    assert_eq!(
        app.staff_records(&rita, &maria, "debts", reason)
            .await
            .status(),
        403
    );
    let vera = app.verifier_token("vera").await;
    assert_eq!(
        app.staff_records(&vera, &maria, "debts", reason)
            .await
            .status(),
        403
    );
    assert_eq!(
        app.audit_count("authorization.denied", "denied").await,
        denied_before + 3
    );
    let registry_pending = json_of(
        app.staff_records(&rita, &maria, "pending", reason).await,
        200,
    )
    .await;
    assert_eq!(ids(&registry_pending), ["P2"]);

    // The municipal police: fines only.
    let petros = app.clerk_token("petros", &["municipal_police"]).await;
    let fines = json_of(
        app.staff_records(&petros, &maria, "fines", "Ένσταση ΚΛ-F4")
            .await,
        200,
    )
    .await;
    assert_eq!(ids(&fines), ["F2", "F1", "F3", "F4"]);
    assert_eq!(fines["total_cents"], 12_000);
    assert_eq!(
        app.staff_records(&petros, &maria, "debts", reason)
            .await
            .status(),
        403
    );

    // A Level A account's self-declared tax number opens nothing, for staff either.
    let eleni = json_of(
        app.post_json(
            "/api/v1/citizens",
            &registration("eleni.k", "eleni@example.gr"),
        )
        .await,
        201,
    )
    .await;
    let eleni_id = eleni["id"].as_str().unwrap();
    let nothing = json_of(
        app.staff_records(&tina, eleni_id, "debts", reason).await,
        200,
    )
    .await;
    assert_eq!(nothing["items"], json!([]));
    assert_eq!(nothing["verified_tax_number"], Value::Null);

    // Maria sees who looked, when and why; her own views are not among the staff's.
    assert_eq!(
        app.audit_about("staff.records_viewed", &maria).await.len(),
        4
    );
    let mut browser = app.browser();
    browser.login("maria.p", PASSWORD).await;
    browser.get("/account/debts").await;
    let activity = browser.get("/account/activity").await;
    let staff_part = &activity.html[..activity.html.find("id=\"own-activity\"").unwrap()];
    assert!(
        staff_part.contains("<td>tina (test)</td>"),
        "staff by name: {staff_part}"
    );
    assert!(staff_part.contains(reason));
    assert!(staff_part.contains("Ένσταση ΚΛ-F4"));
    assert!(
        !staff_part.contains("Εσείς"),
        "the citizen's own views are not staff access"
    );
}

#[tokio::test]
async fn the_staff_records_page_asks_a_kind_and_a_reason_first() {
    let app = spawn_app().await;
    let (maria, _) = app.certified_with("maria.p", MARIA_TAX).await;
    seed_records(&app).await;
    let mut tina = staff_browser(&app, "tina", &[StaffRole::Clerk], &["treasury"]).await;
    let path = format!("/staff/citizens/{maria}/records");

    let form = tina.get(&path).await;
    assert_eq!(form.status, 200);
    assert!(form.contains("value=\"debts\"") && form.contains("value=\"pending\""));
    assert!(!form.contains("value=\"fines\""), "not the police's");
    assert!(
        !form.contains("Παπαδοπούλου"),
        "nothing about the citizen before a reason"
    );
    assert_eq!(
        app.audit_about("staff.records_viewed", &maria).await.len(),
        0
    );

    let refused = tina.get(&format!("{path}?kind=debts&reason=")).await;
    assert_eq!(refused.status, 422);
    assert!(refused.contains("Γράψτε για ποιο λόγο χρειάζεστε τα στοιχεία."));
    assert!(!refused.contains("Οφειλή D1"));

    let shown = tina
        .get(&format!("{path}?kind=debts&reason=Αίτημα+2025%2F000042"))
        .await;
    assert_eq!(shown.status, 200, "{}", shown.html);
    assert!(shown.contains("Μαρία Παπαδοπούλου"));
    assert!(shown.contains("Οφειλή D1") && shown.contains("154,50 €"));
    assert!(shown.contains("Αίτημα 2025/000042"));
    assert_eq!(
        app.audit_about("staff.records_viewed", &maria).await.len(),
        1
    );

    let police = tina.get(&format!("{path}?kind=fines&reason=x")).await;
    assert_eq!(police.status, 403);
    let mut vera = staff_browser(&app, "vera", &[StaffRole::Verifier], &[]).await;
    assert_eq!(vera.get(&path).await.status, 403);
    assert_eq!(
        app.audit_about("staff.records_viewed", &maria).await.len(),
        1
    );

    // An admin may open it from the counter's profile too.
    let mut admin = staff_browser(&app, "root.admin", &[StaffRole::Admin], &[]).await;
    let profile = admin.get(&format!("/staff/citizens/{maria}")).await;
    assert!(
        profile.contains(&format!("href=\"{path}\"")),
        "{}",
        profile.html
    );
    let all = admin
        .get(&format!("{path}?kind=fines&reason=Έλεγχος"))
        .await;
    assert_eq!(all.status, 200);
    assert!(all.contains("ΚΛ-F1"));
}

#[tokio::test]
async fn the_export_holds_everything_about_the_citizen_and_nothing_of_anyone_else() {
    let app = spawn_app().await;
    // Maria confirms her e-mail (so she can submit a request), then is certified.
    let token = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let me = json_of(app.get_with("/api/v1/me", &token).await, 200).await;
    let maria = me["id"].as_str().unwrap().to_owned();
    let verifier = app.verifier_token("vera").await;
    json_of(app.certify(&verifier, &maria, &document()).await, 200).await;
    let submitted = app
        .submit(
            &token,
            &json!({"service": "residence_certificate", "delivery": "pickup"}),
        )
        .await;
    let request = json_of(submitted, 201).await;
    app.certified_with("nikos.k", OTHER_TAX).await;
    seed_records(&app).await;
    let tina = app.clerk_token("tina", &["treasury"]).await;
    json_of(
        app.staff_records(&tina, &maria, "debts", "Βεβαίωση μη οφειλής")
            .await,
        200,
    )
    .await;

    let response = app.get_with("/api/v1/me/export", &token).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"dimos-export.json\""
    );
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let text = response.text().await.unwrap();
    let export: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(export["format"], "dimos-export/1");
    assert_eq!(export["profile"]["username"], "maria.p");
    assert_eq!(export["profile"]["verified_tax_number"], MARIA_TAX);
    assert_eq!(export["profile"]["address"]["city"], "Αθήνα");
    assert_eq!(export["verification"]["office"], "citizen_service_centre");
    assert!(!text.contains("918273"), "the document number only masked");
    assert_eq!(
        export["requests"][0]["protocol_number"],
        request["protocol_number"]
    );
    assert!(
        !export["requests"][0]["events"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let debts: Vec<&str> = export["records"]["debts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["external_id"].as_str().unwrap())
        .collect();
    assert_eq!(debts, ["D2", "D1", "D3"]);
    assert!(
        export["records"]["debts"][0]["rf_reference"].is_null(),
        "none made up"
    );
    assert_eq!(export["records"]["fines"].as_array().unwrap().len(), 4);
    assert_eq!(export["records"]["pending"].as_array().unwrap().len(), 2);
    assert!(!export["sessions"].as_array().unwrap().is_empty());
    let actions: Vec<&str> = export["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in [
        "citizen.register",
        "verification.certified",
        "request.submitted",
        "staff.records_viewed",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let look = export["audit"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "staff.records_viewed")
        .unwrap();
    assert_eq!(look["details"]["reason"], "Βεβαίωση μη οφειλής");
    assert_eq!(look["client_ip"], "", "never a member of staff's address");
    for other in ["nikos.k", OTHER_TAX, "vera.nikos.k"] {
        assert!(!text.contains(other), "the export shows {other}");
    }
    // The other citizen's record ids as JSON values: two letters alone also turn up inside
    // random hashes and tokens.
    for other in ["\"D9\"", "\"F9\"", "\"P9\""] {
        assert!(!text.contains(other), "the export shows {other}");
    }
    assert_eq!(
        app.audit_about("citizen.data_exported", &maria).await.len(),
        1
    );

    // Level A: everything but records, whatever tax number was typed at registration.
    let eleni = app.same_tax_level_a("eleni.k").await;
    let text = app
        .get_with("/api/v1/me/export", &eleni)
        .await
        .text()
        .await
        .unwrap();
    let export: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(export["profile"]["username"], "eleni.k");
    assert_eq!(export["profile"]["tax_number"], MARIA_TAX);
    assert_eq!(export["records"]["verified_tax_number"], Value::Null);
    assert_eq!(export["records"]["debts"], json!([]));
    assert_eq!(export["verification"], Value::Null);
    for secret in ["D1", "F1", "P1", "maria.p"] {
        assert!(!text.contains(&format!("\"{secret}\"")), "{secret}");
    }

    // The pages: an explanation and a download link; the file itself with the cookie.
    let mut browser = app.browser();
    browser.login("maria.p", PASSWORD).await;
    let page = browser.get("/account/export").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("href=\"/account/export.json\""));
    let file = browser
        .client
        .get(app.url("/account/export.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    assert!(
        file.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("dimos-export.json")
    );
    let export: Value = file.json().await.unwrap();
    assert_eq!(export["profile"]["username"], "maria.p");
    assert_eq!(
        app.audit_about("citizen.data_exported", &maria).await.len(),
        2
    );
    assert_eq!(app.get("/api/v1/me/export").await.status(), 401);
}

#[tokio::test]
async fn the_openapi_document_describes_the_records_routes() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    for path in [
        "/api/v1/me/debts",
        "/api/v1/me/fines",
        "/api/v1/me/pending",
        "/api/v1/me/export",
        "/api/v1/staff/citizens/{id}/records/{kind}",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
    let debts = &doc["paths"]["/api/v1/me/debts"]["get"]["responses"];
    assert!(debts["403"].is_object());
}
