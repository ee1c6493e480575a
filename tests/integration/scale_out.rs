//! Two `dimos serve` processes on one database, as behind a load balancer: both start at once
//! on an empty database, a session made on one is good on the other, the two mail workers send
//! each mail exactly once, and protocol numbers stay unique and gap-free.

use crate::support::accounts::PASSWORD;
use crate::support::api::assert_gap_free;
use crate::support::browser::Browser;
use crate::support::instances::{
    Server, SmtpSink, confirmed_citizen, open_database, smtp_settings,
};
use crate::support::mailbox::Mail;
use crate::support::{FreshDatabase, empty_database};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// Two instances started at the same moment on an empty database, sharing its data dir, with
/// mail going to `sink`: migrations, the catalogue and the secret key are made once between
/// them.
async fn two_instances(database: &FreshDatabase, sink: &SmtpSink) -> (Server, Server) {
    let settings = smtp_settings(sink);
    tokio::join!(
        Server::start(database, &settings),
        Server::start(database, &settings)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_made_on_one_instance_works_on_the_other_and_ends_on_both() {
    let started = Instant::now();
    let database = empty_database().await;
    let sink = SmtpSink::start().await;
    let (a, b) = two_instances(&database, &sink).await;

    // Registered on one, confirmed on the other.
    a.register("maria.p", "maria@example.gr").await;
    let mail = sink.wait_for("maria@example.gr", 1).await;
    b.confirm(&mail).await;

    // The API: a token from A is good on B; logging out on B ends it on A.
    let token = a.login("maria.p", PASSWORD).await;
    let me = b.get_with("/api/v1/me", &token).await;
    assert_eq!(me.status(), 200);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["username"], "maria.p");
    let out = b
        .client
        .delete(b.url("/api/v1/sessions/current"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    assert_eq!(a.get_with("/api/v1/me", &token).await.status(), 401);
    assert_eq!(b.get_with("/api/v1/me", &token).await.status(), 401);

    // The pages: logged in through A's login page, the account page opens on B, a form token
    // A handed out is good on B, and logging out on B ends the session on A.
    let mut browser = Browser::at(&a.address);
    let home = browser.login("maria.p", PASSWORD).await;
    assert_eq!(home.status, 200);
    assert!(home.contains("action=\"/logout\""), "logged in on A");
    let account = browser.get("/account").await;
    assert_eq!((account.status, account.path.as_str()), (200, "/account"));
    browser.switch_to(&b.address);
    let account = browser.get("/account").await;
    assert_eq!(
        (account.status, account.path.as_str()),
        (200, "/account"),
        "the session made on A opens the account on B"
    );
    assert!(account.contains("maria.p"));
    // Back on A for a page and its form token; the logout goes to B with that token.
    browser.switch_to(&a.address);
    browser.get("/account").await;
    browser.switch_to(&b.address);
    let out = browser.post("/logout", &[]).await;
    assert_eq!(out.status, 200, "B accepts the form token A gave");
    assert!(!out.contains("action=\"/logout\""), "logged out on B");
    browser.switch_to(&a.address);
    let after = browser.get("/account").await;
    assert_eq!(after.path, "/login", "the session is over on A too");
    eprintln!("sessions across instances: {:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_mail_workers_send_each_mail_exactly_once() {
    let started = Instant::now();
    let database = empty_database().await;
    let sink = SmtpSink::start().await;
    let (a, b) = two_instances(&database, &sink).await;

    // A burst: 40 registrations at once, half on each instance, each queueing a confirmation.
    let registrations = (0..40).map(|i| {
        let server = if i % 2 == 0 { &a } else { &b };
        async move {
            server
                .register(&format!("citizen{i}"), &format!("citizen{i}@example.gr"))
                .await;
        }
    });
    futures_util::future::join_all(registrations).await;

    let db = open_database(&database.url).await;
    let queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(queued, 40, "one confirmation queued per registration");
    let mails = sink.wait_for_count(40).await;
    wait_until_outbox_is_sent(&db).await;
    let mails_after = sink.mails();
    assert_eq!(
        mails_after.len(),
        40,
        "every mail once: none twice (received {} for 40 queued)",
        mails_after.len()
    );
    assert_eq!(mails.len(), mails_after.len());
    let per_recipient = count_by(&mails_after, |m| m.to.clone());
    for i in 0..40 {
        let to = format!("citizen{i}@example.gr");
        assert_eq!(per_recipient.get(&to), Some(&1), "{to}: {per_recipient:?}");
        assert!(
            mails_after
                .iter()
                .any(|m| m.to == to && m.body.contains("/confirm-email?token="))
        );
    }
    let ids: BTreeSet<&str> = mails_after.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!(ids.len(), 40, "40 different Message-IDs");
    let workers = workers_that_sent(&db).await;
    eprintln!(
        "40 mails by two instances in {:?}; mails per worker: {workers:?}",
        started.elapsed()
    );
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protocol_numbers_stay_unique_and_gap_free_across_two_instances() {
    let started = Instant::now();
    let database = empty_database().await;
    let sink = SmtpSink::start().await;
    let (a, b) = two_instances(&database, &sink).await;

    // Eight citizens, each registered on one instance and confirmed on the other.
    let citizens = (0..8).map(|i| {
        let (here, there) = if i % 2 == 0 { (&a, &b) } else { (&b, &a) };
        let sink = &sink;
        async move { confirmed_citizen(here, there, sink, &format!("citizen{i}")).await }
    });
    let tokens = futures_util::future::join_all(citizens).await;

    // The eight citizens submit at the same time, 25 requests each, every other one to the
    // other instance.
    let per_citizen = 25;
    let streams = tokens.iter().enumerate().map(|(c, token)| {
        let (a, b) = (&a, &b);
        async move {
            let mut answered = Vec::new();
            for n in 0..per_citizen {
                let server = if (c + n) % 2 == 0 { a } else { b };
                answered.push(submit(server, token).await);
            }
            answered
        }
    });
    let submitted: Vec<(String, String)> = futures_util::future::join_all(streams)
        .await
        .into_iter()
        .flatten()
        .collect();
    let total = 8 * per_citizen;
    assert_eq!(submitted.len(), total);

    let answered: BTreeSet<String> = submitted.iter().map(|(_, p)| p.clone()).collect();
    assert_eq!(answered.len(), total, "no number was given twice");
    assert_gap_free(&answered, total);

    let db = open_database(&database.url).await;
    let stored: Vec<(String, String)> =
        sqlx::query_as("SELECT id, protocol_number FROM requests ORDER BY protocol_number")
            .fetch_all(db.pool())
            .await
            .unwrap();
    let mut answered_pairs = submitted.clone();
    answered_pairs.sort_by(|x, y| x.1.cmp(&y.1));
    assert_eq!(
        stored, answered_pairs,
        "the database holds exactly what was answered"
    );
    let last: i64 = sqlx::query_scalar("SELECT last_value FROM protocol_sequences")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(last, i64::try_from(total).unwrap());

    // And each of those 8 confirmations and 200 receipts went out once.
    wait_until_outbox_is_sent(&db).await;
    let mails = sink.mails();
    assert_eq!(mails.len(), 8 + total, "each mail once");
    let receipts = count_by(&mails, |m| {
        answered
            .iter()
            .find(|p| m.subject.contains(p.as_str()))
            .cloned()
            .unwrap_or_default()
    });
    for number in &answered {
        assert_eq!(receipts.get(number), Some(&1), "the receipt of {number}");
    }
    eprintln!(
        "{total} submissions over two instances in {:?}; mails per worker: {:?}",
        started.elapsed(),
        workers_that_sent(&db).await
    );
    db.close().await;
}

/// Submits a request; returns (id, protocol number) of the 201.
async fn submit(server: &Server, token: &str) -> (String, String) {
    // On a crowded machine a burst may outrun the database: "busy, try again" (503) writes
    // nothing, and the client does as told.
    let (status, body) = loop {
        let response = server
            .client
            .post(server.url("/api/v1/requests"))
            .bearer_auth(token)
            .json(&json!({"service": "residence_certificate", "delivery": "pickup"}))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        if status != 503 {
            break (status, body);
        }
        assert_eq!(body["error"]["code"], "busy", "{body}");
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    };
    assert_eq!(status, 201, "{body}");
    (
        body["id"].as_str().unwrap().to_owned(),
        body["protocol_number"].as_str().unwrap().to_owned(),
    )
}

fn count_by(mails: &[Mail], key: impl Fn(&Mail) -> String) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for mail in mails {
        *counts.entry(key(mail)).or_insert(0) += 1;
    }
    counts
}

/// Waits (up to 60 s) until every queued mail is marked sent.
async fn wait_until_outbox_is_sent(db: &dimos_db::Db) {
    for _ in 0..1200 {
        if dimos_db::outbox::pending_count(db).await.unwrap() == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("mail is still waiting in the outbox");
}

/// How many mails each worker sent (the worker that claimed a mail last keeps its name on it).
async fn workers_that_sent(db: &dimos_db::Db) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NOT NULL GROUP BY claimed_by ORDER BY 1",
    )
    .fetch_all(db.pool())
    .await
    .unwrap()
}
