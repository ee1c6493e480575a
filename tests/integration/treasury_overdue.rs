//! «Overdue» in the clerk's queue counts working days on the Athens calendar: weekends and Greek
//! public holidays do not count (the calendar itself is unit-tested in `dimos_domain`).

use crate::support::accounts::staff_browser;
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use dimos_domain::{StaffRole, Timestamp};
use serde_json::{Value, json};

const DAY_MS: i64 = 86_400_000;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// A residence certificate submitted by a new citizen; its id.
async fn submitted(app: &TestApp, username: &str) -> String {
    let citizen = app
        .confirmed_citizen(username, &format!("{username}@example.gr"))
        .await;
    let response = app
        .submit(&citizen, &json!({"service": "residence_certificate"}))
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    body["id"].as_str().unwrap().to_owned()
}

/// Makes a request look submitted at `created_at`, due as the portal makes a request due that
/// was submitted then with `processing_days`.
async fn backdate(app: &TestApp, id: &str, created_at: i64, processing_days: i64) -> i64 {
    let due_at = dimos_app::requests::due_at(Timestamp::from_millis(created_at), processing_days)
        .as_millis();
    sqlx::query("UPDATE requests SET created_at = $1, due_at = $2 WHERE id = $3")
        .bind(created_at)
        .bind(due_at)
        .bind(id)
        .execute(store(app).await.pool())
        .await
        .unwrap();
    due_at
}

/// The queue over the API: (id, overdue) of each item.
async fn queue(app: &TestApp, clerk: &str, query: &str) -> Vec<(String, bool)> {
    let response = app
        .get_with(&format!("/api/v1/staff/requests{query}"), clerk)
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_owned(),
                i["overdue"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_request_past_its_working_days_is_overdue_in_the_queue_api_and_page() {
    let app = spawn_app().await;
    let old = submitted(&app, "maria.p").await;
    let fresh = submitted(&app, "nikos.k").await;
    // A month ago, two working days to go: long past.
    backdate(&app, &old, now_ms() - 30 * DAY_MS, 2).await;
    let clerk = app.clerk("clara", &["registry"]).await;

    assert_eq!(
        queue(&app, &clerk, "").await,
        [(old.clone(), true), (fresh.clone(), false)]
    );
    assert_eq!(
        queue(&app, &clerk, "?overdue=true").await,
        [(old.clone(), true)]
    );

    let mut anna = staff_browser(&app, "anna", &[StaffRole::Clerk], &["registry"]).await;
    let page = anna.get("/staff/requests?overdue=1").await;
    assert_eq!(page.status, 200);
    assert!(
        page.contains(&format!("/staff/requests/{old}\"")),
        "{}",
        page.html
    );
    assert!(!page.contains(&format!("/staff/requests/{fresh}\"")));
    assert_eq!(page.html.matches("req-badge-overdue").count(), 1);

    // Closed, it is no longer overdue.
    for to in ["in_progress", "rejected"] {
        let body = if to == "rejected" {
            json!({"to": to, "reason": "Λείπει η υπογραφή."})
        } else {
            json!({"to": to})
        };
        assert_eq!(app.transition(&clerk, &old, &body).await.status(), 200);
    }
    assert_eq!(
        queue(&app, &clerk, "?overdue=true").await,
        Vec::<(String, bool)>::new()
    );
}

#[tokio::test]
async fn a_request_older_in_calendar_days_than_its_working_days_is_not_yet_overdue() {
    let app = spawn_app().await;
    let id = submitted(&app, "maria.p").await;
    let clerk = app.clerk("clara", &["registry"]).await;

    // Submitted now: due after its two working days, never sooner than two whole days.
    let stored: i64 = sqlx::query_scalar("SELECT due_at FROM requests WHERE id = $1")
        .bind(&id)
        .fetch_one(store(&app).await.pool())
        .await
        .unwrap();
    let created: i64 = sqlx::query_scalar("SELECT created_at FROM requests WHERE id = $1")
        .bind(&id)
        .fetch_one(store(&app).await.pool())
        .await
        .unwrap();
    assert_eq!(
        stored,
        dimos_app::requests::due_at(Timestamp::from_millis(created), 2).as_millis()
    );
    assert!(
        stored >= created + 2 * DAY_MS - 3_600_000,
        "{stored} {created}"
    );

    // Eleven calendar days ago with ten working days to take: any eleven days hold a weekend,
    // so at most nine working days have passed. Counted in calendar days it would be overdue.
    let due_at = backdate(&app, &id, now_ms() - 11 * DAY_MS, 10).await;
    assert!(due_at > now_ms(), "the deadline is still ahead");
    assert_eq!(queue(&app, &clerk, "").await, [(id.clone(), false)]);
    assert!(queue(&app, &clerk, "?overdue=true").await.is_empty());

    // Three weeks ago: fifteen weekdays, of which no three-week window has more than four
    // holidays (Christmas to Epiphany), so at least eleven working days: overdue.
    backdate(&app, &id, now_ms() - 21 * DAY_MS, 10).await;
    assert_eq!(queue(&app, &clerk, "").await, [(id, true)]);
}
