//! Payment references come from the treasury, never from the portal: the optional
//! `rf_reference` of the debts and fines feeds (CSV and API), checked by ISO 11649, stored, and
//! shown to the citizen only when given; otherwise the page says how to pay at the treasury.

use crate::support::accounts::PASSWORD;
use crate::support::accounts::{MARIA_TAX, OTHER_TAX};
use crate::support::cli::{add_key, import, post_records, stderr, write};
use crate::support::pages::without_tokens;
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use serde_json::{Value, json};
use std::collections::HashSet;

const DEBTS_HEADER: &str =
    "external_id,tax_number,category,description,amount_cents,due_date,status";

/// Valid references, made by the textbook method (ISO 11649's example first).
const RF_STANDARD: &str = "RF18539007547034";
const RF_TAP: &str = "RF51TAP2024000123";
const RF_ABC: &str = "RF47ABC123";

/// Every stored debt as `id=reference` (`-` for none), in id order.
async fn stored_references(app: &TestApp, table: &str) -> Vec<String> {
    sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(format!(
        "SELECT external_id || '=' || COALESCE(rf_reference, '-') FROM {table} ORDER BY external_id"
    )))
    .fetch_all(store(app).await.pool())
    .await
    .unwrap()
}

/// Maria certified with her tax number (her API token), and the treasury's integration key.
async fn certified_maria_and_a_key(app: &TestApp) -> (String, String) {
    let (_, token) = app.certified_with("maria.p", MARIA_TAX).await;
    let (_, key) = add_key(app, "treasury");
    (token, key)
}

fn debt(id: &str, tax: &str, rf: Option<&str>) -> Value {
    let mut debt = json!({"external_id": id, "tax_number": tax, "category": "ΤΑΠ",
        "description": format!("Οφειλή {id}"), "amount_cents": 2_500,
        "due_date": "2030-06-30", "status": "open"});
    if let Some(rf) = rf {
        debt["rf_reference"] = json!(rf);
    }
    debt
}

fn fine(id: &str, rf: Option<&str>) -> Value {
    json!({"external_id": id, "tax_number": MARIA_TAX, "notice_number": format!("ΚΛ-{id}"),
        "issued_on": "2030-01-10", "place": "Ερμού 20", "vehicle_plate": "ΙΚΥ 1234",
        "violation": "Στάθμευση σε ράμπα ΑμεΑ", "amount_cents": 8_000, "status": "open",
        "appeal_until": "2030-02-10", "rf_reference": rf})
}

#[tokio::test]
async fn csv_files_may_carry_the_treasurys_references_and_a_bad_one_is_a_bad_row() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();

    // Without the column, as before: valid, and no reference is stored (none made up).
    let plain = write(
        &dir,
        "plain.csv",
        format!("{DEBTS_HEADER}\nD-1,{MARIA_TAX},ΤΑΠ,,100,2030-06-30,open\n").as_bytes(),
    );
    let out = import(&app, "debts", &plain);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stored_references(&app, "debts").await, ["D-1=-"]);

    // With it: given (spaces and lower case normalised) or empty.
    let with = write(
        &dir,
        "with.csv",
        format!(
            "{DEBTS_HEADER},rf_reference\n\
             D-1,{MARIA_TAX},ΤΑΠ,,100,2030-06-30,open,rf18 5390 0754 7034\n\
             D-2,{MARIA_TAX},ΤΑΠ,,200,2030-06-30,open,\n\
             D-3,{OTHER_TAX},ΤΑΠ,,300,2030-06-30,open,{RF_TAP}\n"
        )
        .as_bytes(),
    );
    let out = import(&app, "debts", &with);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stored_references(&app, "debts").await,
        [
            format!("D-1={RF_STANDARD}"),
            "D-2=-".to_owned(),
            format!("D-3={RF_TAP}")
        ]
    );

    // Bad references: each a bad row with line, column and reason; nothing applied.
    let bad = write(
        &dir,
        "bad.csv",
        format!(
            "{DEBTS_HEADER},rf_reference\n\
             D-1,{MARIA_TAX},ΤΑΠ,,100,2030-06-30,open,RF19539007547034\n\
             D-2,{MARIA_TAX},ΤΑΠ,,999,2030-06-30,open,TAP2024000123\n\
             D-4,{MARIA_TAX},ΤΑΠ,,999,2030-06-30,open,RF18-5390-0754-7034\n\
             D-5,{MARIA_TAX},ΤΑΠ,,999,2030-06-30,open,{RF_ABC}\n\
             D-6,{MARIA_TAX},ΤΑΠ,,999,2030-06-30,open\n"
        )
        .as_bytes(),
    );
    let out = import(&app, "debts", &bad);
    assert_eq!(out.status.code(), Some(1));
    let report = stderr(&out);
    for expected in [
        "line 2, column rf_reference: the RF reference's check digits do not match (invalid_check_digits)",
        "line 3, column rf_reference: an RF reference is RF, two check digits and 1 to 21 letters or digits (invalid_format)",
        "line 4, column rf_reference:",
        "line 6: expected 8 fields, found 7 (wrong_field_count)",
    ] {
        assert!(report.contains(expected), "{expected}\n{report}");
    }
    assert!(!report.contains("line 5"), "{report}");
    assert_eq!(stored_references(&app, "debts").await.len(), 3);
    assert!(
        stored_references(&app, "debts")
            .await
            .contains(&format!("D-1={RF_STANDARD}")),
        "nothing applied"
    );

    // Fines take the column too; a file without it still imports.
    let fines_header = "external_id,tax_number,notice_number,issued_on,place,vehicle_plate,violation,amount_cents,status,appeal_until";
    let fines = write(
        &dir,
        "fines.csv",
        format!(
            "{fines_header},rf_reference\n\
             F-1,{MARIA_TAX},ΚΛ-1,2030-01-10,Ερμού 20,,Στάθμευση,8000,open,2030-02-10,{RF_ABC}\n"
        )
        .as_bytes(),
    );
    let out = import(&app, "fines", &fines);
    assert!(out.status.success(), "{}", stderr(&out));
    let old_fines = write(
        &dir,
        "old-fines.csv",
        format!(
            "{fines_header}\nF-2,{MARIA_TAX},ΚΛ-2,2030-01-10,Ερμού 20,,Στάθμευση,8000,open,2030-02-10\n"
        )
        .as_bytes(),
    );
    let out = import(&app, "fines", &old_fines);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stored_references(&app, "fines").await,
        [format!("F-1={RF_ABC}"), "F-2=-".to_owned()]
    );

    // A header with the column elsewhere, or another column, is named.
    let misplaced = write(
        &dir,
        "misplaced.csv",
        b"rf_reference,external_id,tax_number,category,description,amount_cents,due_date,status\n",
    );
    let out = import(&app, "debts", &misplaced);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("optionally followed by `rf_reference`"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn api_batches_take_valid_references_and_name_the_record_and_field_of_a_bad_one() {
    let app = spawn_app().await;
    let (_, key) = add_key(&app, "treasury");

    let bad = json!([
        debt("A-1", MARIA_TAX, Some(RF_STANDARD)),
        debt("A-2", MARIA_TAX, Some("RF19539007547034")),
        debt("A-3", MARIA_TAX, Some("123")),
        {"external_id": "A-4", "tax_number": MARIA_TAX, "category": "ΤΑΠ", "amount_cents": 1,
         "due_date": "2030-06-30", "status": "open", "rf_reference": 18},
    ]);
    let response = post_records(&app, "debts", Some(&key), &bad).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(
        body["error"]["fields"],
        json!({
            "[1].rf_reference": ["invalid_check_digits"],
            "[2].rf_reference": ["invalid_format"],
            "[3].rf_reference": ["invalid_type"],
        }),
        "{body}"
    );
    assert!(
        stored_references(&app, "debts").await.is_empty(),
        "nothing applied"
    );

    let good = json!([
        debt("A-1", MARIA_TAX, Some(" rf18 5390 0754 7034 ")),
        debt("A-2", MARIA_TAX, None),
        {"external_id": "A-3", "tax_number": MARIA_TAX, "category": "ΤΑΠ", "amount_cents": 1,
         "due_date": "2030-06-30", "status": "open", "rf_reference": null},
    ]);
    let response = post_records(&app, "debts", Some(&key), &good).await;
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    assert_eq!(
        stored_references(&app, "debts").await,
        [format!("A-1={RF_STANDARD}"), "A-2=-".into(), "A-3=-".into()]
    );

    // A reference taken away by the treasury is gone on the next feed.
    let response = post_records(
        &app,
        "debts",
        Some(&key),
        &json!([debt("A-1", MARIA_TAX, None)]),
    )
    .await;
    assert_eq!(response.status(), 200);
    let summary: Value = response.json().await.unwrap();
    assert_eq!(summary["updated"], 1);
    assert_eq!(stored_references(&app, "debts").await[0], "A-1=-");

    let response = post_records(
        &app,
        "fines",
        Some(&key),
        &json!([fine("B-1", Some("RF00X"))]),
    )
    .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"]["[0].rf_reference"],
        json!(["invalid_check_digits"])
    );
    let response = post_records(
        &app,
        "fines",
        Some(&key),
        &json!([fine("B-1", Some(RF_ABC))]),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        stored_references(&app, "fines").await,
        [format!("B-1={RF_ABC}")]
    );
}

#[tokio::test]
async fn the_citizen_sees_only_the_treasurys_references_and_otherwise_how_to_pay_at_the_treasury() {
    let app = spawn_app().await;
    let (token, key) = certified_maria_and_a_key(&app).await;
    // The ids of the issue, which used to make the same reference for two different debts.
    let debts = json!([
        debt("tap-2024/000123", MARIA_TAX, Some(RF_TAP)),
        debt("tap2024000123", MARIA_TAX, None),
        debt("ΑΒΓ123", MARIA_TAX, Some(RF_ABC)),
        debt("123", MARIA_TAX, None),
    ]);
    let response = post_records(&app, "debts", Some(&key), &debts).await;
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    let response = post_records(
        &app,
        "fines",
        Some(&key),
        &json!([fine("F-1", Some(RF_STANDARD)), fine("F-2", None)]),
    )
    .await;
    assert_eq!(response.status(), 200, "{:?}", response.text().await);

    let mine: Value = app.get_json("/api/v1/me/debts", &token).await;
    let by_id = |body: &Value, id: &str| -> Value {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["external_id"] == id)
            .unwrap_or_else(|| panic!("{id} in {body}"))["rf_reference"]
            .clone()
    };
    assert_eq!(by_id(&mine, "tap-2024/000123"), RF_TAP);
    assert_eq!(by_id(&mine, "tap2024000123"), Value::Null);
    assert_eq!(by_id(&mine, "ΑΒΓ123"), RF_ABC);
    assert_eq!(by_id(&mine, "123"), Value::Null);
    let given: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["rf_reference"].as_str())
        .collect();
    assert_eq!(
        given.iter().collect::<HashSet<_>>().len(),
        given.len(),
        "no two debts share a reference"
    );
    let fines: Value = app.get_json("/api/v1/me/fines", &token).await;
    assert_eq!(by_id(&fines, "F-1"), RF_STANDARD);
    assert_eq!(by_id(&fines, "F-2"), Value::Null);
    let export: Value = app.get_json("/api/v1/me/export", &token).await;
    let exported: Vec<&Value> = export["records"]["debts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["rf_reference"])
        .collect();
    assert_eq!(exported.iter().filter(|r| r.is_null()).count(), 2);
    assert!(exported.contains(&&json!(RF_TAP)));

    let mut maria = app.browser();
    maria.login("maria.p", PASSWORD).await;
    let page = maria.get("/account/debts").await;
    assert_eq!(page.status, 200);
    assert!(
        page.contains(&format!("value=\"{RF_TAP}\" readonly")),
        "{}",
        page.html
    );
    assert!(page.contains("RF51 TAP2 0240 0012 3"), "in groups of four");
    assert!(page.contains(&format!("value=\"{RF_ABC}\" readonly")));
    assert_eq!(
        page.html.matches("class=\"rf-reference\"").count(),
        2,
        "only the references the treasury gave"
    );
    assert_eq!(
        page.html
            .matches("Στο ταμείο της Ταμειακής Υπηρεσίας")
            .count(),
        2,
        "the two debts without one"
    );
    assert!(page.contains("Πληρωμή στην Ταμειακή Υπηρεσία"));
    assert!(page.contains("Ταμείο του Δήμου") && page.contains("Αθηνάς 12"));
    let fines_page = maria.get("/account/fines?lang=en").await;
    assert!(fines_page.contains(&format!("value=\"{RF_STANDARD}\" readonly")));
    assert!(
        fines_page.contains("At the Treasury cash desk"),
        "{}",
        fines_page.html
    );
    assert!(fines_page.contains("Municipal Treasury Office"));
}

#[tokio::test]
async fn without_references_from_the_treasury_no_rf_code_appears_anywhere() {
    let app = spawn_app().await;
    let (token, key) = certified_maria_and_a_key(&app).await;
    let debts = json!([
        debt("tap-2024/000123", MARIA_TAX, None),
        debt("tap2024000123", MARIA_TAX, None),
    ]);
    assert_eq!(
        post_records(&app, "debts", Some(&key), &debts)
            .await
            .status(),
        200
    );
    let mine: Value = app.get_json("/api/v1/me/debts", &token).await;
    for item in mine["items"].as_array().unwrap() {
        assert!(item["rf_reference"].is_null(), "{item}");
    }
    let mut maria = app.browser();
    maria.login("maria.p", PASSWORD).await;
    for path in ["/account/debts", "/account/debts?lang=en"] {
        let page = maria.get(path).await;
        assert_eq!(page.status, 200);
        assert!(page.contains("Οφειλή tap2024000123"), "{path}");
        let text = without_tokens(&page.html);
        assert!(
            text.contains("name=\"csrf_token\""),
            "the logout form is there"
        );
        assert!(!text.contains("RF"), "{path}: {text}");
        assert!(!page.contains("rf-reference"), "{path}");
    }
    let greek = maria.get("/account/debts?lang=el").await;
    assert!(greek.contains("Πληρωμή στην Ταμειακή Υπηρεσία"));
    assert!(greek.contains("αυτοπροσώπως στο ταμείο της"));
    assert!(greek.contains("href=\"/offices#office-treasury_office\""));
}
