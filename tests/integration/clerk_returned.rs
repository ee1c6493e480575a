//! A returned postal item is no dead end: it waits at the office, or goes out by post again.

use crate::support::accounts::staff_browser;
use crate::support::{TestApp, spawn_app};
use dimos_domain::StaffRole;
use serde_json::{Value, json};

/// A certified citizen's request by post, dispatched and returned: (clerk token, request id).
async fn returned_request(app: &TestApp) -> (String, String, String) {
    let (_, token) = app
        .confirmed_level_b_citizen("maria.p", "maria@example.gr")
        .await;
    let clerk = app.clerk("tasos", &["treasury"]).await;
    let created: Value = app
        .submit(
            &token,
            &json!({"service": "no_debt_certificate", "delivery": "post"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    for body in [
        json!({"to": "in_progress"}),
        json!({"to": "dispatched", "tracking_number": "EL100000001GR"}),
        json!({"to": "returned"}),
    ] {
        let moved = app.transition(&clerk, &id, &body).await;
        assert_eq!(moved.status(), 200, "{body}: {:?}", moved.text().await);
    }
    (clerk, token, id)
}

async fn status_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn a_returned_item_waits_at_the_office_and_is_collected_there() {
    let app = spawn_app().await;
    let (clerk, token, id) = returned_request(&app).await;
    // Other moves from returned are still refused.
    for to in [
        "delivered",
        "collected",
        "in_progress",
        "needs_info",
        "returned",
    ] {
        let (status, body) = status_of(
            app.transition(&clerk, &id, &json!({"to": to, "reason": "x"}))
                .await,
        )
        .await;
        assert_eq!(status, 409, "returned -> {to}");
        assert_eq!(body["error"]["code"], "invalid_transition");
    }
    let cancel = app
        .client
        .post(app.url(&format!("/api/v1/requests/{id}/cancel")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(cancel.status(), 409);

    let (status, ready) = status_of(
        app.transition(&clerk, &id, &json!({"to": "ready_for_pickup"}))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{ready}");
    assert_eq!(ready["status"], "ready_for_pickup");
    // The request now names the office where it waits, and the citizen is told.
    let detail: Value = app
        .get_json(&format!("/api/v1/requests/{id}"), &token)
        .await;
    assert!(detail["pickup_office"].is_string(), "{detail}");
    let mail = app.wait_for_mail("maria@example.gr", 7).await;
    assert!(mail.body.contains("έτοιμο για παραλαβή"), "{}", mail.body);

    let (status, collected) = status_of(
        app.transition(
            &clerk,
            &id,
            &json!({"to": "collected", "id_document_type": "id_card", "id_document_number": "ak918273"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{collected}");
    assert_eq!(collected["status"], "collected");
}

#[tokio::test]
async fn a_returned_item_is_dispatched_again_with_a_new_tracking_number() {
    let app = spawn_app().await;
    let (clerk, _, id) = returned_request(&app).await;
    let (status, body) = status_of(
        app.transition(&clerk, &id, &json!({"to": "dispatched"}))
            .await,
    )
    .await;
    assert_eq!(status, 422, "dispatch again needs a tracking number");
    assert_eq!(body["error"]["fields"]["tracking_number"][0], "required");
    let (status, again) = status_of(
        app.transition(
            &clerk,
            &id,
            &json!({"to": "dispatched", "tracking_number": "EL200000002GR", "cod_amount_cents": 500}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["status"], "dispatched");
    assert_eq!(again["tracking_number"], "EL200000002GR");
    assert_eq!(again["cod_amount_cents"], 500);
    let mail = app.wait_for_mail("maria@example.gr", 7).await;
    assert!(mail.body.contains("EL200000002GR"), "{}", mail.body);
    let (status, _) = status_of(
        app.transition(&clerk, &id, &json!({"to": "delivered"}))
            .await,
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_clerks_page_offers_the_moves_from_returned() {
    let app = spawn_app().await;
    let (_, _, id) = returned_request(&app).await;
    let mut clara = staff_browser(&app, "clara", &[StaffRole::Clerk], &["treasury"]).await;
    let page = clara.get(&format!("/staff/requests/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.contains("value=\"ready_for_pickup\""), "{}", page.html);
    assert!(page.contains("value=\"dispatched\""));
    assert!(!page.contains("value=\"delivered\""));
}
