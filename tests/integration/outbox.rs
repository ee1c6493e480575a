//! The mail outbox: queued with the change it reports, drained by workers that never send a
//! mail twice at once, retried with backoff, and delivered through the real transports.
//!
//! The portal under test runs its own mail worker on the real clock. End-to-end tests let it
//! deliver; tests that drive workers step by step date their mails into the far future
//! ([`queue_later`]), where only a worker on the test's own clock reaches them.

mod eml;
mod fake_relay;

use crate::support::store::store;
use crate::support::{spawn_app, spawn_app_with};
use dimos_app::mail::{self, MailWorker, NewMail, Transport, WorkerSettings};
use dimos_db::Db;
use dimos_db::clock::now;
use dimos_db::outbox::{self, GIVEN_UP};
use dimos_domain::{Email, Timestamp};
use fake_relay::FakeRelay;
use sqlx::Row;
use std::collections::HashSet;
use std::time::Duration;

const FROM: &str = "Δήμος Παραδείγματος <noreply@dimos.example>";
const SUBJECT: &str = "Επιβεβαίωση διεύθυνσης e-mail — Δήμος Παραδείγματος";
const BODY: &str =
    "Καλημέρα Μαρία,\n\nανοίξτε τον σύνδεσμο για να επιβεβαιώσετε τη διεύθυνσή σας.\n";

fn greek_mail(to: &str) -> NewMail {
    NewMail {
        to: Email::parse(to).unwrap(),
        subject: SUBJECT.into(),
        body_text: BODY.into(),
    }
}

async fn queue_committed(db: &Db, mail: &NewMail) -> String {
    let mut tx = db.pool().begin().await.unwrap();
    let id = mail::queue(&mut tx, mail).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// Ten years from now: the portal's own worker will not reach it during a test.
fn later() -> Timestamp {
    now().plus_millis(10 * 365 * 24 * 3600 * 1000)
}

/// Queues a mail that is due only at `at`.
async fn queue_later(db: &Db, mail: &NewMail, at: Timestamp) -> String {
    let mut tx = db.pool().begin().await.unwrap();
    let id = mail::queue(&mut tx, mail).await.unwrap();
    sqlx::query("UPDATE mail_outbox SET next_try_at = $1 WHERE id = $2")
        .bind(at.as_millis())
        .bind(&id)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

/// Waits (a few seconds at most) until the portal's worker has sent the mail.
async fn wait_until_sent(db: &Db, id: &str) {
    tokio::time::timeout(Duration::from_secs(10), async {
        while stored(db, id).await.sent_at.is_none() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the portal's mail worker sends the mail");
}

async fn count_all(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox")
        .fetch_one(db.pool())
        .await
        .unwrap()
}

#[derive(Debug)]
struct Stored {
    attempts: i64,
    next_try_at: Timestamp,
    last_error: Option<String>,
    claimed_by: Option<String>,
    sent_at: Option<i64>,
}

async fn stored(db: &Db, id: &str) -> Stored {
    let row = sqlx::query(
        "SELECT attempts, next_try_at, last_error, claimed_by, sent_at FROM mail_outbox WHERE id = $1",
    )
    .bind(id)
    .fetch_one(db.pool())
    .await
    .unwrap();
    Stored {
        attempts: row.get("attempts"),
        next_try_at: Timestamp::from_millis(row.get("next_try_at")),
        last_error: row.get("last_error"),
        claimed_by: row.get("claimed_by"),
        sent_at: row.get("sent_at"),
    }
}

fn relay_transport(relay: &FakeRelay) -> Transport {
    let url = format!("smtp://127.0.0.1:{}?tls=none", relay.port);
    mail::transport_from_config(Some(&url), std::path::Path::new("unused")).unwrap()
}

#[tokio::test]
async fn a_mail_queued_in_a_rolled_back_transaction_never_exists() {
    let app = spawn_app().await;
    let db = &store(&app).await;
    let mut tx = db.pool().begin().await.unwrap();
    mail::queue(&mut tx, &greek_mail("maria@example.gr"))
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(count_all(db).await, 0);

    queue_committed(db, &greek_mail("maria@example.gr")).await;
    assert_eq!(count_all(db).await, 1);
}

#[tokio::test]
async fn without_smtp_a_mail_becomes_a_complete_eml_file() {
    let app = spawn_app_with(&[("DIMOS_MAIL_FROM", FROM)]).await;
    let db = store(&app).await;
    let id = queue_committed(&db, &greek_mail("maria@example.gr")).await;
    wait_until_sent(&db, &id).await;

    let files: Vec<_> = std::fs::read_dir(app.data_dir.join("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one file, no temporaries: {files:?}");
    let name = files[0].file_name().unwrap().to_str().unwrap();
    assert!(name.ends_with(&format!("-{id}.eml")), "{name}");
    let message = eml::parse(&std::fs::read_to_string(&files[0]).unwrap());
    assert_eq!(message.subject(), SUBJECT);
    assert!(
        message.header("Subject").unwrap().is_ascii(),
        "the subject is RFC 2047-encoded"
    );
    assert_eq!(message.body_text(), BODY);
    assert_eq!(message.header("To").unwrap(), "maria@example.gr");
    assert!(
        message
            .header("From")
            .unwrap()
            .ends_with("<noreply@dimos.example>")
    );
    assert_eq!(
        message.header("Message-ID").unwrap(),
        format!("<{id}@dimos.example>")
    );
    assert!(message.header("Date").is_some());
    assert_eq!(outbox::pending_count(&db).await.unwrap(), 0);
}

#[tokio::test]
async fn smtp_delivers_through_the_relay_with_recipient_and_greek_subject() {
    let relay = FakeRelay::start(0).await;
    let url = format!("smtp://127.0.0.1:{}?tls=none", relay.port);
    let app = spawn_app_with(&[("DIMOS_SMTP_URL", &url), ("DIMOS_MAIL_FROM", FROM)]).await;
    let db = store(&app).await;
    let id = queue_committed(&db, &greek_mail("maria@example.gr")).await;
    wait_until_sent(&db, &id).await;

    let received = relay.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].mail_from, "noreply@dimos.example");
    assert_eq!(received[0].rcpt_to, ["maria@example.gr"]);
    let message = eml::parse(&received[0].data);
    assert_eq!(message.subject(), SUBJECT);
    assert_eq!(message.body_text(), BODY);
    assert_eq!(
        message.header("Message-ID").unwrap(),
        format!("<{id}@dimos.example>")
    );
    assert!(
        !app.data_dir.join("outbox").exists(),
        "no files when SMTP is configured"
    );
}

#[tokio::test]
async fn a_failing_relay_is_retried_with_backoff_until_the_mail_goes_out() {
    let app = spawn_app().await;
    let db = store(&app).await;
    let relay = FakeRelay::start(2).await;
    let t0 = later();
    let id = queue_later(&db, &greek_mail("maria@example.gr"), t0).await;
    let worker = MailWorker::new(db.clone(), relay_transport(&relay), FROM).unwrap();

    assert_eq!(worker.run_pass(t0).await.unwrap().failed, 1);
    let after_one = stored(&db, &id).await;
    assert_eq!(
        (after_one.attempts, after_one.next_try_at),
        (1, t0.plus_millis(30_000))
    );
    assert!(
        after_one.last_error.as_deref().unwrap().contains("451"),
        "{after_one:?}"
    );
    assert_eq!(after_one.claimed_by, None, "a failure releases the claim");

    assert_eq!(
        worker
            .run_pass(t0.plus_millis(29_999))
            .await
            .unwrap()
            .claimed(),
        0,
        "not due yet"
    );
    assert_eq!(
        worker
            .run_pass(t0.plus_millis(30_000))
            .await
            .unwrap()
            .failed,
        1
    );
    let after_two = stored(&db, &id).await;
    assert_eq!(
        (after_two.attempts, after_two.next_try_at),
        (2, t0.plus_millis(90_000)),
        "the wait doubled"
    );

    assert_eq!(
        worker.run_pass(t0.plus_millis(90_000)).await.unwrap().sent,
        1
    );
    let sent = stored(&db, &id).await;
    assert!(sent.sent_at.is_some());
    assert_eq!((sent.attempts, sent.last_error), (2, None));
    assert_eq!(relay.received().len(), 1);
    assert_eq!(
        worker
            .run_pass(t0.plus_millis(10_000_000))
            .await
            .unwrap()
            .claimed(),
        0,
        "sent once only"
    );
}

#[tokio::test]
async fn a_mail_is_given_up_after_the_last_attempt_and_kept() {
    let app = spawn_app().await;
    let db = store(&app).await;
    // A port nobody listens on: every attempt fails at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("smtp://127.0.0.1:{port}?tls=none");
    let transport = mail::transport_from_config(Some(&url), &app.data_dir).unwrap();
    let settings = WorkerSettings {
        max_attempts: 2,
        ..WorkerSettings::default()
    };
    let worker = MailWorker::new(db.clone(), transport, FROM)
        .unwrap()
        .with_settings(settings);
    let t0 = later();
    let id = queue_later(&db, &greek_mail("maria@example.gr"), t0).await;
    assert_eq!(worker.run_pass(t0).await.unwrap().failed, 1);
    assert_eq!(
        worker
            .run_pass(t0.plus_millis(30_000))
            .await
            .unwrap()
            .given_up,
        1
    );
    let given_up = stored(&db, &id).await;
    assert_eq!((given_up.attempts, given_up.next_try_at), (2, GIVEN_UP));
    assert!(given_up.last_error.is_some());
    assert_eq!(outbox::given_up_count(&db).await.unwrap(), 1);
    assert_eq!(
        outbox::pending_count(&db).await.unwrap(),
        1,
        "kept for an operator"
    );
    assert_eq!(
        worker
            .run_pass(t0.plus_millis(1_000_000_000))
            .await
            .unwrap()
            .claimed(),
        0
    );
}

#[tokio::test]
async fn concurrent_claimers_never_get_the_same_mail() {
    let app = spawn_app().await;
    let db = store(&app).await;
    const MAILS: usize = 120;
    let now = later();
    let mut tx = db.pool().begin().await.unwrap();
    for n in 0..MAILS {
        outbox::enqueue(&mut tx, &greek_mail(&format!("citizen{n}@example.gr")))
            .await
            .unwrap();
    }
    sqlx::query("UPDATE mail_outbox SET next_try_at = $1")
        .bind(now.as_millis())
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let start = std::sync::Arc::new(tokio::sync::Barrier::new(4));
    let claimers: Vec<_> = (0..4)
        .map(|w| {
            let (db, start) = (db.clone(), start.clone());
            tokio::spawn(async move {
                let worker = format!("worker-{w}");
                start.wait().await;
                let mut got = Vec::new();
                loop {
                    let claimed = outbox::claim_due(&db, &worker, now, 600_000, 3)
                        .await
                        .unwrap();
                    if claimed.is_empty() && unclaimed(&db).await == 0 {
                        break;
                    }
                    got.extend(claimed.into_iter().map(|m| m.id));
                }
                (worker, got)
            })
        })
        .collect();
    let mut everyone = HashSet::new();
    for claimer in claimers {
        let (worker, got) = claimer.await.unwrap();
        for id in &got {
            assert!(everyone.insert(id.clone()), "{id} was claimed twice");
            assert_eq!(
                stored(&db, id).await.claimed_by.as_deref(),
                Some(worker.as_str()),
                "claim kept"
            );
        }
    }
    assert_eq!(everyone.len(), MAILS);
}

async fn unclaimed(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE claimed_by IS NULL")
        .fetch_one(db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_mail_claimed_by_a_crashed_worker_is_sent_once_its_lease_expires() {
    let app = spawn_app().await;
    let db = store(&app).await;
    let t0 = later();
    let id = queue_later(&db, &greek_mail("maria@example.gr"), t0).await;
    // The crashed worker claimed the mail for 60 s and was never heard from again.
    assert_eq!(
        outbox::claim_due(&db, "crashed", t0, 60_000, 10)
            .await
            .unwrap()
            .len(),
        1
    );

    let relay = FakeRelay::start(0).await;
    let survivor = MailWorker::new(db.clone(), relay_transport(&relay), FROM).unwrap();
    assert_eq!(
        survivor
            .run_pass(t0.plus_millis(59_999))
            .await
            .unwrap()
            .claimed(),
        0,
        "the lease still holds"
    );
    assert_eq!(
        survivor
            .run_pass(t0.plus_millis(60_001))
            .await
            .unwrap()
            .sent,
        1
    );
    assert!(stored(&db, &id).await.sent_at.is_some());
    assert_eq!(relay.received().len(), 1);
}

#[tokio::test]
async fn a_worker_whose_lease_was_taken_over_changes_nothing() {
    let app = spawn_app().await;
    let db = store(&app).await;
    let t0 = later();
    let id = queue_later(&db, &greek_mail("maria@example.gr"), t0).await;
    outbox::claim_due(&db, "slow", t0, 1_000, 10).await.unwrap();
    assert_eq!(
        outbox::claim_due(&db, "next", t0.plus_millis(1_001), 60_000, 10)
            .await
            .unwrap()
            .len(),
        1
    );

    assert!(!outbox::mark_sent(&db, &id, "slow").await.unwrap());
    assert!(
        !outbox::mark_failed(&db, &id, "slow", "late", t0)
            .await
            .unwrap()
    );
    assert!(!outbox::release(&db, &id, "slow").await.unwrap());
    let row = stored(&db, &id).await;
    assert_eq!(
        (row.claimed_by.as_deref(), row.sent_at, row.attempts),
        (Some("next"), None, 0)
    );

    assert!(outbox::mark_sent(&db, &id, "next").await.unwrap());
    assert!(
        !outbox::mark_sent(&db, &id, "next").await.unwrap(),
        "sent once"
    );
}

#[tokio::test]
async fn a_second_worker_shares_the_outbox_without_double_sends_and_stops_promptly() {
    // The portal's worker writes files; this one sends to a relay: every mail goes out once.
    let app = spawn_app().await;
    let db = store(&app).await;
    let relay = FakeRelay::start(0).await;
    let settings = WorkerSettings {
        poll_interval: Duration::from_millis(20),
        ..WorkerSettings::default()
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = MailWorker::new(db.clone(), relay_transport(&relay), FROM)
        .unwrap()
        .with_settings(settings);
    let handle = worker.spawn(async move {
        let _ = stopped.await;
    });

    const MAILS: usize = 40;
    for n in 0..MAILS {
        queue_committed(&db, &greek_mail(&format!("citizen{n}@example.gr"))).await;
    }
    tokio::time::timeout(Duration::from_secs(20), async {
        while outbox::pending_count(&db).await.unwrap() > 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the workers send what is queued");
    let files = std::fs::read_dir(app.data_dir.join("outbox")).map_or(0, Iterator::count);
    assert_eq!(
        files + relay.received().len(),
        MAILS,
        "each mail delivered exactly once"
    );

    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(2), handle)
        .await
        .expect("the worker stops promptly")
        .unwrap();
}
