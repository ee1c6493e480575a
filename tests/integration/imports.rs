//! The back-office feeds: `dimos import` of CSV files (the real binary), and batches over
//! `POST /api/v1/records/…` with integration keys made by `dimos apikey` or the admin page.

use crate::support::accounts::admin_browser;
use crate::support::accounts::{STAFF_PASSWORD, add_staff, code};
use crate::support::cli::{add_key, dimos, import, post_records, stderr, stdout, write};
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use dimos_domain::StaffRole;
use serde_json::{Value, json};

const DEBTS_HEADER: &str =
    "external_id,tax_number,category,description,amount_cents,due_date,status";

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(store(app).await.pool())
        .await
        .unwrap()
}

/// Every stored debt as `id:amount:status`, in id order.
async fn debts(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar::<_, String>(
        "SELECT external_id || ':' || CAST(amount_cents AS TEXT) || ':' || status FROM debts ORDER BY external_id",
    )
    .fetch_all(store(app).await.pool())
    .await
    .unwrap()
}

async fn audit_by(app: &TestApp, actor_kind: &str, action: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM audit_events WHERE actor_kind = $1 AND action = $2",
    )
    .bind(actor_kind)
    .bind(action)
    .fetch_one(store(app).await.pool())
    .await
    .unwrap()
}

fn three_debts() -> String {
    format!(
        "{DEBTS_HEADER}\n\
         D-1,090000045,Τέλη καθαριότητας,\"Β' εξάμηνο, 2025\",12050,2025-06-30,open\n\
         D-2,090000045,ΤΑΠ,,3400,2025-03-31,paid\n\
         D-3,094014201,Κοιμητήρια,\"Ετήσιο τέλος\nοικογενειακού τάφου\",0,2025-12-31,open\n"
    )
}

#[tokio::test]
async fn a_good_file_applies_once_and_the_same_file_again_changes_nothing() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "debts.csv", three_debts().as_bytes());

    let first = import(&app, "debts", &file);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).contains("3 records: 3 inserted, 0 updated, 0 unchanged"),
        "{}",
        stdout(&first)
    );
    assert_eq!(
        debts(&app).await,
        ["D-1:12050:open", "D-2:3400:paid", "D-3:0:open"]
    );
    let stored_description: String =
        sqlx::query_scalar("SELECT description FROM debts WHERE external_id = 'D-3'")
            .fetch_one(store(&app).await.pool())
            .await
            .unwrap();
    assert_eq!(stored_description, "Ετήσιο τέλος\nοικογενειακού τάφου");

    let again = import(&app, "debts", &file);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("0 inserted, 0 updated, 3 unchanged"),
        "{}",
        stdout(&again)
    );

    let changed = three_debts().replace("3400,2025-03-31,paid", "3500,2025-03-31,open");
    let file = write(&dir, "debts-2.csv", changed.as_bytes());
    let update = import(&app, "debts", &file);
    assert!(update.status.success(), "{}", stderr(&update));
    assert!(
        stdout(&update).contains("0 inserted, 1 updated, 2 unchanged"),
        "{}",
        stdout(&update)
    );
    assert_eq!(
        debts(&app).await,
        ["D-1:12050:open", "D-2:3500:open", "D-3:0:open"]
    );
    assert_eq!(audit_by(&app, "system", "records.imported").await, 3);
}

#[tokio::test]
async fn fines_and_pending_matters_import_with_their_own_columns() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let fines = write(
        &dir,
        "fines.csv",
        "external_id,tax_number,notice_number,issued_on,place,vehicle_plate,violation,amount_cents,status,appeal_until\n\
         F-1,090000045,ΚΛ-2025-100,2025-03-01,Ερμού 10,ΙΚΥ 1234,Στάθμευση σε ράμπα ΑμεΑ,8000,open,2025-04-01\n\
         F-2,090000045,ΚΛ-2025-101,2025-03-02,Πλατεία Συντάγματος,,Ρύπανση κοινόχρηστου χώρου,30000,appealed,2025-04-02\n"
            .as_bytes(),
    );
    let out = import(&app, "fines", &fines);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(count(&app, "fines").await, 2);

    let pending = write(
        &dir,
        "pending.csv",
        "external_id,tax_number,department,title,details,since,action_needed\n\
         P-1,090000045,registry,Δήλωση γέννησης,,2025-01-10,Προσκομίστε το πιστοποιητικό του μαιευτηρίου\n\
         P-2,090000045,parks,Κλάδεμα,,2025-01-10,Τίποτα\n"
            .as_bytes(),
    );
    let refused = import(&app, "pending", &pending);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("line 3, column department")
            && stderr(&refused).contains("unknown_department"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(count(&app, "pending_matters").await, 0);
    let good = write(
        &dir,
        "pending-ok.csv",
        "external_id,tax_number,department,title,details,since,action_needed\n\
         P-1,090000045,registry,Δήλωση γέννησης,,2025-01-10,Προσκομίστε το πιστοποιητικό του μαιευτηρίου\n"
            .as_bytes(),
    );
    assert!(import(&app, "pending", &good).status.success());
    assert_eq!(count(&app, "pending_matters").await, 1);
}

#[tokio::test]
async fn every_bad_row_is_reported_by_line_column_and_reason_and_nothing_is_applied() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let good = write(&dir, "debts.csv", three_debts().as_bytes());
    assert!(import(&app, "debts", &good).status.success());
    let before = debts(&app).await;

    let bad = format!(
        "{DEBTS_HEADER}\n\
         D-1,090000045,ΤΑΠ,,999,2025-06-30,open\n\
         D-10,090000046,ΤΑΠ,,100,2025-06-30,open\n\
         D-11,090000045,ΤΑΠ,,-100,2025-06-30,open\n\
         D-12,090000045,ΤΑΠ,,12.50,2025-06-30,open\n\
         D-13,090000045,ΤΑΠ,,100,2025-06-30,unpaid\n\
         D-14,090000045,ΤΑΠ,,100,2025-02-30,open\n\
         D-15,090000045,ΤΑΠ,,100,30/06/2025,open\n\
         D-1,090000045,ΤΑΠ,,100,2025-06-30,open\n\
         D-16,090000045\n"
    );
    let file = write(&dir, "bad.csv", bad.as_bytes());
    let out = import(&app, "debts", &file);
    assert_eq!(out.status.code(), Some(1));
    let report = stderr(&out);
    for expected in [
        "nothing was changed",
        "8 problem(s) in 9 record(s)",
        "line 3, column tax_number: the tax number's check digit does not match (invalid_check_digit)",
        "line 4, column amount_cents: an amount cannot be negative (negative)",
        "line 5, column amount_cents: an amount is a whole number of cents (invalid_format)",
        "line 6, column status: not one of: open, paid (unknown_value)",
        "line 7, column due_date: there is no such date (invalid_date)",
        "line 8, column due_date: a date is written YYYY-MM-DD (invalid_format)",
        "line 9, column external_id: the same external_id as line 2 (duplicate)",
        "line 10: expected 7 fields, found 2 (wrong_field_count)",
    ] {
        assert!(report.contains(expected), "{expected}\n{report}");
    }
    assert_eq!(
        debts(&app).await,
        before,
        "the good first row was not applied either"
    );
    assert_eq!(audit_by(&app, "system", "records.import_rejected").await, 1);
}

#[tokio::test]
async fn broken_files_are_refused_with_a_clear_reason() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.csv", Vec::new(), "line 1: the file is empty"),
        (
            "header-only.csv",
            format!("{DEBTS_HEADER}\n").into_bytes(),
            "line 2: the file has a header but no records (no_records)",
        ),
        (
            "wrong-header.csv",
            b"id,afm,amount\nD-1,090000045,100\n".to_vec(),
            "missing: external_id, tax_number",
        ),
        (
            "reordered.csv",
            b"tax_number,external_id,category,description,amount_cents,due_date,status\n".to_vec(),
            "the columns are in another order",
        ),
        (
            "latin1.csv",
            [
                format!("{DEBTS_HEADER}\nD-1,090000045,").into_bytes(),
                vec![0xD4, 0xC1, 0xD0], // "ΤΑΠ" in ISO 8859-7
                b",,100,2025-06-30,open\n".to_vec(),
            ]
            .concat(),
            "line 2, column category: the bytes are not UTF-8 text (save the file as UTF-8) (not_utf8)",
        ),
        (
            "unclosed-quote.csv",
            [
                format!("{DEBTS_HEADER}\nD-1,090000045,\"ΤΑΠ,,100,2025-06-30,open\n").into_bytes(),
                format!(
                    "D-2,090000045,ΤΑΠ,{},100,2025-06-30,open\n",
                    "x".repeat(1000)
                )
                .repeat(1500)
                .into_bytes(),
            ]
            .concat(),
            "line 2: a record starting here is longer than 1 MiB",
        ),
    ];
    for (name, content, expected) in cases {
        let file = write(&dir, name, &content);
        let out = import(&app, "debts", &file);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(stderr(&out).contains(expected), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains("nothing was changed"), "{name}");
    }
    let missing = import(&app, "debts", &dir.path().join("no-such-file.csv"));
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("cannot read"),
        "{}",
        stderr(&missing)
    );
    assert_eq!(count(&app, "debts").await, 0);

    // A UTF-8 byte-order mark (as spreadsheets write) is not part of the first column's name.
    let bom = write(
        &dir,
        "bom.csv",
        &[b"\xEF\xBB\xBF".to_vec(), three_debts().into_bytes()].concat(),
    );
    let out = import(&app, "debts", &bom);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[tokio::test]
async fn a_file_larger_than_a_batch_applies_whole() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let mut content = format!("{DEBTS_HEADER}\n");
    for i in 0..12_345 {
        content.push_str(&format!(
            "D-{i:06},090000045,ΤΑΠ,Ακίνητο {i},{},2025-06-30,open\n",
            i * 7
        ));
    }
    let file = write(&dir, "many.csv", content.as_bytes());
    let out = import(&app, "debts", &file);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("12345 inserted"), "{}", stdout(&out));
    assert_eq!(count(&app, "debts").await, 12_345);
    let again = import(&app, "debts", &file);
    assert!(
        stdout(&again).contains("12345 unchanged"),
        "{}",
        stdout(&again)
    );
}

fn debt(id: &str, amount: i64) -> Value {
    json!({"external_id": id, "tax_number": "090000045", "category": "ΤΑΠ",
           "description": "Τέλος ακίνητης περιουσίας", "amount_cents": amount,
           "due_date": "2025-06-30", "status": "open"})
}

#[tokio::test]
async fn integration_keys_send_batches_all_or_nothing_and_every_use_is_audited() {
    let app = spawn_app().await;
    let (id, key) = add_key(&app, "Treasury ERP");

    let batch = json!([debt("A-1", 100), debt("A-2", 200), debt("A-3", 300)]);
    let first = post_records(&app, "debts", Some(&key), &batch).await;
    assert_eq!(first.status(), 200);
    let body: Value = first.json().await.unwrap();
    assert_eq!(
        body,
        json!({"kind": "debts", "records": 3, "inserted": 3, "updated": 0, "unchanged": 0})
    );
    let again: Value = post_records(&app, "debts", Some(&key), &batch)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["unchanged"], 3);
    let changed: Value = post_records(&app, "debts", Some(&key), &json!([debt("A-1", 150)]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(changed["updated"], 1);

    let mut bad_digit = debt("A-5", 100);
    bad_digit["tax_number"] = json!("090000046");
    let mut negative = debt("A-6", -5);
    negative["status"] = json!("unpaid");
    let refused = post_records(
        &app,
        "debts",
        Some(&key),
        &json!([debt("A-4", 1), bad_digit, negative, debt("A-4", 2)]),
    )
    .await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(
        body["error"]["fields"],
        json!({
            "[1].tax_number": ["invalid_check_digit"],
            "[2].amount_cents": ["negative"],
            "[2].status": ["unknown_value"],
            "[3].external_id": ["duplicate"],
        })
    );
    assert_eq!(count(&app, "debts").await, 3, "A-4 was not applied");

    let wrong_shape = post_records(&app, "debts", Some(&key), &json!({"external_id": "x"})).await;
    assert_eq!(wrong_shape.status(), 422);
    let unknown_kind = post_records(&app, "parking", Some(&key), &batch).await;
    assert_eq!(unknown_kind.status(), 404);

    for wrong in [None, Some("dimos_not-a-key"), Some("garbage")] {
        let answer = post_records(&app, "debts", wrong, &batch).await;
        assert_eq!(answer.status(), 401, "{wrong:?}");
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["error"]["code"], "unauthenticated");
    }

    let used: Option<i64> = sqlx::query_scalar("SELECT last_used_at FROM api_keys WHERE id = $1")
        .bind(&id)
        .fetch_one(store(&app).await.pool())
        .await
        .unwrap();
    assert!(used.is_some(), "the key's use is noted");
    let key_uses: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE actor_kind = 'api_key' AND actor_id = $1",
    )
    .bind(&id)
    .fetch_one(store(&app).await.pool())
    .await
    .unwrap();
    assert_eq!(key_uses, 6, "3 applied, 3 refused batches");
    assert_eq!(audit_by(&app, "api_key", "records.imported").await, 3);

    let revoked = dimos(&app, &["apikey", "revoke", "--id", &id]);
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    let after = post_records(&app, "debts", Some(&key), &batch).await;
    assert_eq!(after.status(), 401);
    assert_eq!(audit_by(&app, "api_key", "api_key.refused").await, 1);
    let listed = dimos(&app, &["apikey", "list"]);
    assert!(
        stdout(&listed).contains("Treasury ERP") && stdout(&listed).contains("revoked"),
        "{}",
        stdout(&listed)
    );
    assert!(
        !stdout(&listed).contains(&key),
        "the key is never shown again"
    );
    let stored_hash: String = sqlx::query_scalar("SELECT key_hash FROM api_keys WHERE id = $1")
        .bind(&id)
        .fetch_one(store(&app).await.pool())
        .await
        .unwrap();
    assert_eq!(stored_hash, dimos_app::tokens::token_hash(&key));
}

#[tokio::test]
async fn a_batch_takes_up_to_ten_thousand_records() {
    let app = spawn_app().await;
    let (_, key) = add_key(&app, "Municipal police");
    let compact = |i: usize| {
        json!({"external_id": format!("B{i}"), "tax_number": "090000045", "category": "c",
               "amount_cents": 1, "due_date": "2025-01-01", "status": "open"})
    };
    // Larger than the site-wide body limit (2 MiB): the records route takes more.
    let full: Vec<Value> = (0..10_000)
        .map(|i| {
            let mut record = compact(i);
            record["description"] = json!("Τέλος ".repeat(20));
            record
        })
        .collect();
    let full = Value::Array(full);
    assert!(serde_json::to_vec(&full).unwrap().len() > 2 * 1024 * 1024);
    let answer = post_records(&app, "debts", Some(&key), &full).await;
    assert_eq!(answer.status(), 200);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["inserted"], 10_000);

    let over: Vec<Value> = (0..10_001).map(compact).collect();
    let answer = post_records(&app, "debts", Some(&key), &Value::Array(over)).await;
    assert_eq!(answer.status(), 422);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["error"]["fields"]["body"], json!(["too_many_records"]));
    let empty = post_records(&app, "debts", Some(&key), &json!([])).await;
    assert_eq!(empty.status(), 422);
    assert_eq!(count(&app, "debts").await, 10_000);
}

#[tokio::test]
async fn admins_create_and_revoke_keys_on_their_page() {
    let app = spawn_app().await;
    let mut admin = admin_browser(&app).await;
    let list = admin.get("/staff/admin/api-keys").await;
    assert_eq!(list.status, 200);
    assert!(list.contains("No keys yet"), "{}", list.html);

    let empty_name = admin
        .post("/staff/admin/api-keys", &[("key_name", "  ")])
        .await;
    assert_eq!(empty_name.status, 422);
    assert!(empty_name.contains("aria-invalid=\"true\""));

    let created = admin
        .post("/staff/admin/api-keys", &[("key_name", "Treasury ERP")])
        .await;
    assert_eq!(created.status, 200);
    let key = created
        .html
        .split("<code id=\"new-api-key\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the new key is shown")
        .to_owned();
    assert!(key.starts_with("dimos_"));
    let used = post_records(&app, "debts", Some(&key), &json!([debt("W-1", 100)])).await;
    assert_eq!(used.status(), 200);

    let list = admin.get("/staff/admin/api-keys").await;
    assert!(list.contains("Treasury ERP") && list.contains("Live"));
    assert!(!list.contains(&key), "shown once only");
    let id: String = sqlx::query_scalar("SELECT id FROM api_keys")
        .fetch_one(store(&app).await.pool())
        .await
        .unwrap();
    let without_token = admin
        .post_without_token(&format!("/staff/admin/api-keys/{id}/revoke"), &[])
        .await;
    assert_eq!(without_token.status, 403);
    let revoked = admin
        .post(&format!("/staff/admin/api-keys/{id}/revoke"), &[])
        .await;
    assert_eq!(revoked.status, 200);
    assert_eq!(revoked.path, "/staff/admin/api-keys");
    assert!(revoked.contains("The key was revoked"), "{}", revoked.html);
    let refused = post_records(&app, "debts", Some(&key), &json!([debt("W-2", 100)])).await;
    assert_eq!(refused.status(), 401);
    assert_eq!(audit_by(&app, "staff", "api_key.created").await, 1);
    assert_eq!(audit_by(&app, "staff", "api_key.revoked").await, 1);

    let clerk_secret = add_staff(&app, "nikos", &[StaffRole::Clerk], &["registry"]).await;
    let mut clerk = app.browser();
    clerk.get("/staff/login").await;
    clerk
        .post(
            "/staff/login",
            &[
                ("username", "nikos"),
                ("password", STAFF_PASSWORD),
                ("totp", &code(&clerk_secret, 0)),
            ],
        )
        .await;
    assert_eq!(clerk.get("/staff/admin/api-keys").await.status, 403);
}

/// Holds an import at the start of its applying pass until the test lets it go on.
struct PauseBeforeApplying {
    reached: std::sync::Mutex<std::sync::mpsc::Sender<()>>,
    go_on: std::sync::Mutex<std::sync::mpsc::Receiver<()>>,
}

impl dimos_app::import::ImportProgress for PauseBeforeApplying {
    fn phase(&self, phase: dimos_app::import::ImportPhase, _total_bytes: u64) {
        if phase == dimos_app::import::ImportPhase::Applying {
            self.reached.lock().unwrap().send(()).unwrap();
            self.go_on.lock().unwrap().recv().unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_that_meets_another_writer_waits_its_turn_instead_of_failing() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "debts.csv", three_debts().as_bytes());
    let (reached, at_applying) = std::sync::mpsc::channel();
    let (go_on, wait) = std::sync::mpsc::channel();
    let progress = std::sync::Arc::new(PauseBeforeApplying {
        reached: std::sync::Mutex::new(reached),
        go_on: std::sync::Mutex::new(wait),
    });
    let importing = {
        let app = app.state.app.clone();
        tokio::spawn(async move {
            app.import_file(
                dimos_domain::RecordKind::Debts,
                &file,
                progress,
                &dimos_app::ClientInfo::default(),
            )
            .await
        })
    };
    tokio::task::spawn_blocking(move || at_applying.recv().unwrap())
        .await
        .unwrap();
    // Another writer — another instance, a clerk, a citizen — is in a transaction as the
    // import begins its own: on SQLite it holds the write lock, on PostgreSQL the audit head.
    let mut other = store(&app).await.pool().begin().await.unwrap();
    sqlx::query("UPDATE audit_head SET last_seq = last_seq WHERE id = 1")
        .execute(&mut *other)
        .await
        .unwrap();
    go_on.send(()).unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    other.commit().await.unwrap();
    let imported = importing.await.unwrap();
    assert!(imported.is_ok(), "{imported:?}");
    assert_eq!(
        debts(&app).await,
        ["D-1:12050:open", "D-2:3400:paid", "D-3:0:open"]
    );
}
