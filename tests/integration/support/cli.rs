//! The `dimos` binary against a test app's database, and the back-office feeds: files to
//! import, integration keys, batches over the API.

use crate::support::TestApp;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn dimos(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dimos"))
        .args(args)
        .env("DIMOS_DATABASE_URL", app.database_url())
        .env("DIMOS_DATA_DIR", &app.data_dir)
        .env("DIMOS_LOG", "warn")
        .output()
        .unwrap()
}

pub fn import(app: &TestApp, kind: &str, file: &Path) -> Output {
    dimos(app, &["import", kind, file.to_str().unwrap()])
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A file in a folder of its own, next to nothing else of the test.
pub fn write(dir: &tempfile::TempDir, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    path
}

/// An integration key made on the command line.
pub fn add_key(app: &TestApp, name: &str) -> (String, String) {
    let out = dimos(app, &["apikey", "add", "--name", name]);
    assert!(out.status.success(), "{}", stderr(&out));
    let key = stdout(&out).trim().to_owned();
    assert!(key.starts_with("dimos_") && !key.contains('\n'), "{key}");
    let id = stderr(&out)
        .split_whitespace()
        .nth(2)
        .expect("the id is named")
        .to_owned();
    (id, key)
}

pub async fn post_records(
    app: &TestApp,
    kind: &str,
    key: Option<&str>,
    body: &Value,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url(&format!("/api/v1/records/{kind}")))
        .json(body);
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    request.send().await.unwrap()
}

/// Debts, fines and a pending matter for the tax number of the registrations.
pub fn import_records(app: &TestApp) {
    let dir = tempfile::tempdir().unwrap();
    for (kind, csv) in [
        (
            "debts",
            "external_id,tax_number,category,description,amount_cents,due_date,status\n\
             D-1,090000045,Τέλη καθαριότητας,Β' εξάμηνο 2025,12050,2025-06-30,open\n\
             D-2,090000045,ΤΑΠ,Τέλος ακίνητης περιουσίας,3400,2025-03-31,paid\n",
        ),
        (
            "fines",
            "external_id,tax_number,notice_number,issued_on,place,vehicle_plate,violation,amount_cents,status,appeal_until\n\
             F-1,090000045,ΚΛ-2025-100,2025-03-01,Ερμού 10,ΙΚΥ 1234,Στάθμευση σε ράμπα ΑμεΑ,8000,open,2025-04-01\n\
             F-2,090000045,ΚΛ-2025-101,2025-03-02,Πλατεία Συντάγματος,,Ρύπανση κοινόχρηστου χώρου,30000,appealed,2025-04-02\n",
        ),
        (
            "pending",
            "external_id,tax_number,department,title,details,since,action_needed\n\
             P-1,090000045,registry,Δήλωση γέννησης,,2025-01-10,Προσκομίστε το πιστοποιητικό του μαιευτηρίου\n",
        ),
    ] {
        let file = dir.path().join(format!("{kind}.csv"));
        std::fs::write(&file, csv).unwrap();
        let out = import(app, kind, &file);
        assert!(
            out.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
