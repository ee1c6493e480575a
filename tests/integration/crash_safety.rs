//! `kill -9` of the real binary in the middle of its work: during a burst of submissions, and
//! during the one transaction of a large import. What was acknowledged is there, whole; what
//! was not finished left nothing behind; the portal starts again cleanly and goes on.

use crate::support::api::assert_gap_free;
use crate::support::instances::{
    Server, SmtpSink, confirmed_citizen, dimos_command, file_size, open_database, smtp_settings,
};
use crate::support::{FreshDatabase, fresh_database, postgres_url};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::process::{Child, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a client was told: (request id, protocol number) of each 201.
type Acknowledged = Arc<Mutex<Vec<(String, String)>>>;

/// Submits requests one after another until the server stops answering; keeps each 201.
async fn keep_submitting(server: (reqwest::Client, String), token: String, acked: Acknowledged) {
    let (client, url) = server;
    loop {
        let sent = client
            .post(&url)
            .bearer_auth(&token)
            .json(&json!({"service": "residence_certificate", "delivery": "pickup"}))
            .send()
            .await;
        let Ok(response) = sent else { return };
        let status = response.status();
        // A body cut off by the kill is no acknowledgement.
        let Ok(body) = response.json::<Value>().await else {
            return;
        };
        if status == 503 && body["error"]["code"] == "busy" {
            // Nothing was written; try again as told.
            tokio::time::sleep(Duration::from_secs(2)).await;
            continue;
        }
        assert_eq!(status, 201, "{body}");
        acked.lock().unwrap().push((
            body["id"].as_str().unwrap().to_owned(),
            body["protocol_number"].as_str().unwrap().to_owned(),
        ));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_submission_survives_a_kill_9_and_numbering_goes_on() {
    let started = Instant::now();
    let database = fresh_database().await;
    let sink = SmtpSink::start().await;
    let settings = smtp_settings(&sink);
    let mut server = Server::start(&database, &settings).await;
    let citizens = (0..8).map(|i| {
        let (server, sink) = (&server, &sink);
        async move { confirmed_citizen(server, server, sink, &format!("citizen{i}")).await }
    });
    let tokens = futures_util::future::join_all(citizens).await;

    // Sixteen clients submit as fast as they are answered; once 60 submissions are
    // acknowledged, with more in flight, the server is killed.
    let acked: Acknowledged = Arc::default();
    let clients: Vec<_> = (0..16)
        .map(|c| {
            let endpoint = (server.client.clone(), server.url("/api/v1/requests"));
            tokio::spawn(keep_submitting(
                endpoint,
                tokens[c % tokens.len()].clone(),
                Arc::clone(&acked),
            ))
        })
        .collect();
    while acked.lock().unwrap().len() < 60 {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    server.kill();
    for client in clients {
        client.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    let dead_worker = mail_worker_of(&server);

    // Started again on the same database and data dir.
    let restarted = Server::start(&database, &settings).await;
    let db = open_database(&database.url).await;
    let stored: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT r.id, r.protocol_number,
                (SELECT COUNT(*) FROM request_events e WHERE e.request_id = r.id
                   AND e.from_status IS NULL AND e.to_status = 'submitted'),
                (SELECT COUNT(*) FROM audit_events a WHERE a.target_id = r.id
                   AND a.action = 'request.submitted'),
                (SELECT COUNT(*) FROM mail_outbox m WHERE m.subject LIKE '%' || r.protocol_number)
         FROM requests r ORDER BY r.protocol_number",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    for (id, protocol) in &acked {
        assert!(
            stored.iter().any(|(i, p, ..)| i == id && p == protocol),
            "acknowledged {protocol} ({id}) is missing"
        );
    }
    for (_, protocol, events, audits, mails) in &stored {
        assert_eq!(
            (*events, *audits, *mails),
            (1, 1, 1),
            "{protocol}: its first event, its audit entry, its receipt in the outbox"
        );
    }
    let numbers: BTreeSet<String> = stored.iter().map(|(_, p, ..)| p.clone()).collect();
    assert_eq!(numbers.len(), stored.len(), "unique");
    assert_gap_free(&numbers, stored.len());
    let last: i64 = sqlx::query_scalar("SELECT last_value FROM protocol_sequences")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(last, i64::try_from(stored.len()).unwrap(), "no number lost");
    let chain = dimos_db::audit::verify(&db).await.unwrap();
    assert!(chain.is_ok(), "the audit chain is whole: {chain:?}");

    // The restarted portal goes on: an old session still works, the next number follows.
    let response = restarted
        .client
        .post(restarted.url("/api/v1/requests"))
        .bearer_auth(&tokens[0])
        .json(&json!({"service": "residence_certificate", "delivery": "pickup"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    let next = format!("{}/{:06}", &stored[0].1[..4], stored.len() + 1);
    assert_eq!(body["protocol_number"], next.as_str());
    // Its worker sends what the dead one had not claimed; the dead one's claims wait for their
    // lease to end (at least once: they may have gone out already).
    wait_until_only_claimed_by(&db, &dead_worker).await;
    eprintln!(
        "kill -9 during submissions: {} acknowledged, {} stored; {:?}",
        acked.len(),
        stored.len(),
        started.elapsed()
    );
    db.close().await;
}

/// The id of the mail worker of a server, from its log.
fn mail_worker_of(server: &Server) -> String {
    server
        .log_text()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|e| e["message"] == "mail worker started")
        .and_then(|e| e["worker"].as_str().map(str::to_owned))
        .expect("the log names the mail worker")
}

/// Waits (up to 30 s) until every unsent mail is one the worker `dead` had claimed.
async fn wait_until_only_claimed_by(db: &dimos_db::Db, dead: &str) {
    for _ in 0..600 {
        let others: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL
               AND (claimed_by IS NULL OR claimed_by <> $1)",
        )
        .bind(dead)
        .fetch_one(db.pool())
        .await
        .unwrap();
        if others == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the restarted worker did not send the outbox");
}

const DEBTS_HEADER: &str =
    "external_id,tax_number,category,description,amount_cents,due_date,status\n";

/// A debts file of `rows` distinct records.
fn big_debts_file(database: &FreshDatabase, rows: usize) -> std::path::PathBuf {
    use std::io::Write;
    let path = database.dir.path().join("debts.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    file.write_all(DEBTS_HEADER.as_bytes()).unwrap();
    for i in 0..rows {
        writeln!(
            file,
            "D-{i:07},090000045,Τέλη καθαριότητας,Ακίνητο {i},{},2025-06-30,open",
            1000 + i % 5000
        )
        .unwrap();
    }
    file.flush().unwrap();
    path
}

fn import_command(database: &FreshDatabase, file: &std::path::Path) -> std::process::Command {
    let mut command = dimos_command();
    command
        .args(["import", "debts"])
        .arg(file)
        .env("DIMOS_DATABASE_URL", &database.url)
        .env("DIMOS_DATA_DIR", &database.data_dir)
        .env("DIMOS_LOG", "warn");
    command
}

async fn count(db: &dimos_db::Db, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
        .fetch_one(db.pool())
        .await
        .unwrap()
}

/// Whether the import is inside its transaction with rows written but not committed: on
/// PostgreSQL its session has a transaction id and works on `debts`; on SQLite its uncommitted
/// pages have spilled into the write-ahead log. Either way no debt is visible yet.
async fn writing_uncommitted(db: &dimos_db::Db, database: &FreshDatabase, wal_before: u64) -> bool {
    let writing = if postgres_url().is_some() {
        count(
            db,
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()
               AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL AND query LIKE '%debts%'",
        )
        .await
            == 1
    } else {
        let wal = database.dir.path().join("dimos.db-wal");
        file_size(&wal) > wal_before + 4 * 1024 * 1024
    };
    writing && count(db, "SELECT COUNT(*) FROM debts").await == 0
}

fn signal(child: &Child, name: &str) {
    let done = std::process::Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(done.success(), "kill -{name}");
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_killed_in_its_transaction_leaves_nothing_and_runs_again_in_full() {
    let started = Instant::now();
    let database = fresh_database().await;
    let migrated = dimos_command()
        .arg("migrate")
        .env("DIMOS_DATABASE_URL", &database.url)
        .env("DIMOS_DATA_DIR", &database.data_dir)
        .output()
        .unwrap();
    assert!(migrated.status.success());
    let rows = 100_000;
    let file = big_debts_file(&database, rows);
    let db = open_database(&database.url).await;
    let wal_before = file_size(&database.dir.path().join("dimos.db-wal"));

    let mut import = import_command(&database, &file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Caught inside its one transaction: stopped (SIGSTOP), seen to be still there with rows
    // written and none committed, and killed (SIGKILL) while it cannot go on.
    loop {
        if let Some(status) = import.try_wait().unwrap() {
            panic!("the import ended ({status}) before it could be caught in its transaction");
        }
        if writing_uncommitted(&db, &database, wal_before).await {
            signal(&import, "STOP");
            if writing_uncommitted(&db, &database, wal_before).await {
                import.kill().unwrap();
                break;
            }
            signal(&import, "CONT");
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let status = import.wait().unwrap();
    assert!(status.code().is_none(), "killed: {status}");
    let killed_after = started.elapsed();

    // The portal starts cleanly on what the killed import left.
    let server = Server::start(&database, &[]).await;
    assert_eq!(
        server
            .client
            .get(server.url("/"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM debts").await,
        0,
        "none of the killed import's rows"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'records.imported'"
        )
        .await,
        0
    );

    // The same file again, with the portal running: applied in full.
    let again = import_command(&database, &file).output().unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(
        stdout(&again).contains(&format!(
            "{rows} records: {rows} inserted, 0 updated, 0 unchanged"
        )),
        "{}",
        stdout(&again)
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM debts").await,
        i64::try_from(rows).unwrap()
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'records.imported'"
        )
        .await,
        1
    );
    assert_eq!(
        server
            .client
            .get(server.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    eprintln!(
        "kill -9 during an import of {rows} rows: killed after {killed_after:?}, all done in {:?}",
        started.elapsed()
    );
    db.close().await;
}
