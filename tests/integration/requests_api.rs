//! Requests over the API: submission rules, protocol numbers, the state machine, the queue.

use crate::support::accounts::add_staff;
use crate::support::api::id_of;
use crate::support::spawn_app;
use dimos_domain::StaffRole;
use serde_json::{Value, json};

fn code_of(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

#[tokio::test]
async fn submission_rules_follow_the_levels() {
    let app = spawn_app().await;
    let unconfirmed_id = app.register("nikos.k", "nikos@example.gr").await;
    let _ = unconfirmed_id;
    let unconfirmed = app
        .login("nikos.k", crate::support::accounts::PASSWORD)
        .await;
    let response = app
        .submit(
            &unconfirmed,
            &json!({"service": "residence_certificate", "delivery": "pickup"}),
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(
        code_of(&response.json().await.unwrap()),
        "email_unconfirmed"
    );

    let a = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let level_b_service = app
        .submit(
            &a,
            &json!({"service": "no_debt_certificate", "delivery": "pickup"}),
        )
        .await;
    assert_eq!(level_b_service.status(), 403);
    assert_eq!(
        code_of(&level_b_service.json().await.unwrap()),
        "level_b_required"
    );
    let post = app
        .submit(
            &a,
            &json!({"service": "residence_certificate", "delivery": "post"}),
        )
        .await;
    assert_eq!(post.status(), 403);
    assert_eq!(code_of(&post.json().await.unwrap()), "level_b_required");
    let unknown = app
        .submit(&a, &json!({"service": "moon_landing_permit"}))
        .await;
    assert_eq!(unknown.status(), 422);
    let body: Value = unknown.json().await.unwrap();
    assert_eq!(body["error"]["fields"]["service"][0], "unknown_service");
    let bad_delivery = app
        .submit(
            &a,
            &json!({"service": "residence_certificate", "delivery": "drone"}),
        )
        .await;
    assert_eq!(bad_delivery.status(), 422);
    let long = app
        .submit(
            &a,
            &json!({"service": "residence_certificate", "notes": "x".repeat(2001)}),
        )
        .await;
    assert_eq!(long.status(), 422);
    let list: Value = app.get_json("/api/v1/requests", &a).await;
    assert_eq!(
        list,
        json!([]),
        "nothing was created by refused submissions"
    );

    let ok = app
        .submit(&a, &json!({"service": "residence_certificate"}))
        .await;
    assert_eq!(ok.status(), 201);
    let created: Value = ok.json().await.unwrap();
    assert_eq!(
        created["delivery"], "pickup",
        "Level A gets pickup by default"
    );
    assert_eq!(created["status"], "submitted");
    let year = created["protocol_number"]
        .as_str()
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(created["protocol_number"], format!("{year}/000001"));
}

#[tokio::test]
async fn level_b_gets_post_by_default_to_the_designated_address() {
    let app = spawn_app().await;
    // The counter certified her; she confirmed her e-mail.
    let (_, token) = app
        .confirmed_level_b_citizen("maria.p", "maria@example.gr")
        .await;
    let created: Value = app
        .submit(&token, &json!({"service": "no_debt_certificate"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created["delivery"], "post");
    let detail: Value = app
        .get_with(
            &format!("/api/v1/requests/{}", created["id"].as_str().unwrap()),
            &token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["delivery_address"]["street"], "Ερμού 10");
    assert_eq!(detail["events"][0]["to_status"], "submitted");
}

#[tokio::test]
async fn protocol_numbers_are_unique_and_gap_free_under_parallel_submissions() {
    let app = spawn_app().await;
    let mut tokens = Vec::new();
    for i in 0..4 {
        tokens.push(
            app.confirmed_citizen(&format!("citizen.{i}"), &format!("c{i}@example.gr"))
                .await,
        );
    }
    let mut handles = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        for _ in 0..10 {
            let client = app.client.clone();
            let url = app.url("/api/v1/requests");
            let token = token.clone();
            let service = if i % 2 == 0 {
                "residence_certificate"
            } else {
                "birth_certificate"
            };
            handles.push(tokio::spawn(async move {
                let r = client
                    .post(url)
                    .bearer_auth(token)
                    .json(&json!({"service": service}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 201);
                r.json::<Value>().await.unwrap()["protocol_number"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            }));
        }
    }
    let mut numbers = Vec::new();
    for h in handles {
        numbers.push(h.await.unwrap());
    }
    let mut sequences: Vec<u32> = numbers
        .iter()
        .map(|n| n.split('/').nth(1).unwrap().parse().unwrap())
        .collect();
    sequences.sort_unstable();
    assert_eq!(
        sequences,
        (1..=40).collect::<Vec<u32>>(),
        "unique and without gaps"
    );
}

#[tokio::test]
async fn the_clerk_moves_a_pickup_request_to_collected_with_the_id_shown() {
    let app = spawn_app().await;
    let citizen = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let id = id_of(
        app.submit(&citizen, &json!({"service": "residence_certificate"}))
            .await,
    )
    .await;
    let clerk = app.clerk("clara", &["registry"]).await;
    let other = app.clerk("petros", &["treasury"]).await;

    let queue: Value = app.get_json("/api/v1/staff/requests", &clerk).await;
    assert_eq!(queue["items"].as_array().unwrap().len(), 1);
    assert_eq!(queue["items"][0]["overdue"], false);
    let foreign_queue: Value = app.get_json("/api/v1/staff/requests", &other).await;
    assert_eq!(
        foreign_queue["items"],
        json!([]),
        "another department sees nothing"
    );
    assert_eq!(
        app.get_with(&format!("/api/v1/staff/requests/{id}"), &other)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.transition(&other, &id, &json!({"to": "in_progress"}))
            .await
            .status(),
        404,
        "never 403"
    );

    let skip = app
        .transition(&clerk, &id, &json!({"to": "collected"}))
        .await;
    assert_eq!(skip.status(), 409);
    let refused: Value = skip.json().await.unwrap();
    assert_eq!(code_of(&refused), "invalid_transition");
    // Said in the client's language (Greek by default), with the statuses in its words.
    assert_eq!(
        refused["error"]["message"],
        "Η αλλαγή αυτή δεν επιτρέπεται. Ένα αίτημα δεν μπορεί να περάσει από «Υποβλήθηκε» σε «Παραλήφθηκε».",
        "{refused}"
    );
    let post_only = app
        .transition(&clerk, &id, &json!({"to": "in_progress"}))
        .await;
    assert_eq!(post_only.status(), 200);
    let dispatch = app
        .transition(
            &clerk,
            &id,
            &json!({"to": "dispatched", "tracking_number": "EL123"}),
        )
        .await;
    assert_eq!(dispatch.status(), 409, "dispatch is for post only");
    let question = app
        .transition(&clerk, &id, &json!({"to": "needs_info"}))
        .await;
    assert_eq!(question.status(), 422, "a question needs its text");
    assert_eq!(
        app.transition(
            &clerk,
            &id,
            &json!({"to": "needs_info", "reason": "Ποια διεύθυνση;"})
        )
        .await
        .status(),
        200
    );
    let answer = app
        .client
        .post(app.url(&format!("/api/v1/requests/{id}/answer")))
        .bearer_auth(&citizen)
        .json(&json!({"message": "Ερμού 10"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let answered: Value = answer.json().await.unwrap();
    assert_eq!(answered["status"], "in_progress");
    assert_eq!(
        app.transition(&clerk, &id, &json!({"to": "ready_for_pickup"}))
            .await
            .status(),
        200
    );
    let no_id = app
        .transition(&clerk, &id, &json!({"to": "collected"}))
        .await;
    assert_eq!(no_id.status(), 422);
    let body: Value = no_id.json().await.unwrap();
    assert!(body["error"]["fields"]["id_document_type"].is_array());
    let done = app
        .transition(&clerk, &id, &json!({"to": "collected", "id_document_type": "passport", "id_document_number": "AE1234567"}))
        .await;
    assert_eq!(done.status(), 200);

    let detail: Value = app
        .get_json(&format!("/api/v1/requests/{id}"), &citizen)
        .await;
    assert_eq!(detail["status"], "collected");
    let events = detail["events"].as_array().unwrap();
    assert_eq!(events.len(), 6, "{events:?}");
    assert_eq!(
        events[1]["actor_role"], "clerk:registry",
        "staff shown by role, not name"
    );
    assert!(!detail.to_string().contains("clara"));
    assert_eq!(app.audit_count("request.transition", "success").await, 4);
    assert_eq!(
        app.audit_count("authorization.denied", "denied").await,
        2,
        "the other department's attempts were logged"
    );
    let mail = app.wait_for_mail("maria@example.gr", 4).await;
    assert!(mail.body.contains("/requests/"), "{}", mail.body);
}

#[tokio::test]
async fn a_level_b_request_is_dispatched_cash_on_delivery_and_the_id_must_match_at_pickup() {
    let app = spawn_app().await;
    let (_, token) = app
        .confirmed_level_b_citizen("maria.p", "maria@example.gr")
        .await;
    let clerk = app.clerk("tasos", &["treasury"]).await;
    let post_id = id_of(
        app.submit(&token, &json!({"service": "no_debt_certificate"}))
            .await,
    )
    .await;
    app.transition(&clerk, &post_id, &json!({"to": "in_progress"}))
        .await;
    let missing = app
        .transition(&clerk, &post_id, &json!({"to": "dispatched"}))
        .await;
    assert_eq!(missing.status(), 422);
    let dispatched: Value = app
        .transition(
            &clerk,
            &post_id,
            &json!({"to": "dispatched", "tracking_number": "EL123456789GR"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(dispatched["status"], "dispatched");
    assert_eq!(
        dispatched["cod_amount_cents"], 350,
        "fee 0 + the default postal fee"
    );
    assert_eq!(dispatched["tracking_number"], "EL123456789GR");
    assert_eq!(
        app.transition(&clerk, &post_id, &json!({"to": "delivered"}))
            .await
            .status(),
        200
    );

    // Pickup for a certified citizen: the document shown must be the certified one (ΑΚ 918273).
    let pickup = id_of(
        app.submit(
            &token,
            &json!({"service": "property_tax_certificate", "delivery": "pickup"}),
        )
        .await,
    )
    .await;
    app.transition(&clerk, &pickup, &json!({"to": "in_progress"}))
        .await;
    app.transition(&clerk, &pickup, &json!({"to": "ready_for_pickup"}))
        .await;
    let wrong = app
        .transition(&clerk, &pickup, &json!({"to": "collected", "id_document_type": "id_card", "id_document_number": "AB 111111"}))
        .await;
    assert_eq!(wrong.status(), 422);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"]["id_document_number"][0],
        "does_not_match_certified"
    );
    let right = app
        .transition(&clerk, &pickup, &json!({"to": "collected", "id_document_type": "id_card", "id_document_number": "ak918273"}))
        .await;
    assert_eq!(right.status(), 200, "Greek or Latin letters, any case");
}

#[tokio::test]
async fn of_two_concurrent_moves_exactly_one_wins() {
    let app = spawn_app().await;
    let citizen = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let clerk = app.clerk("clara", &["registry"]).await;
    for _ in 0..5 {
        let id = id_of(
            app.submit(&citizen, &json!({"service": "birth_certificate"}))
                .await,
        )
        .await;
        let cancel = app
            .client
            .post(app.url(&format!("/api/v1/requests/{id}/cancel")))
            .bearer_auth(&citizen)
            .send();
        let take = app
            .client
            .post(app.url(&format!("/api/v1/staff/requests/{id}/transition")))
            .bearer_auth(&clerk)
            .json(&json!({"to": "in_progress"}))
            .send();
        let (cancel, take) = tokio::join!(cancel, take);
        let statuses = [
            cancel.unwrap().status().as_u16(),
            take.unwrap().status().as_u16(),
        ];
        assert_eq!(
            statuses.iter().filter(|s| **s == 200).count(),
            1,
            "{statuses:?}"
        );
        assert_eq!(
            statuses.iter().filter(|s| **s == 409).count(),
            1,
            "{statuses:?}"
        );
        let detail: Value = app
            .get_json(&format!("/api/v1/requests/{id}"), &citizen)
            .await;
        assert_eq!(
            detail["events"].as_array().unwrap().len(),
            2,
            "one move recorded, not two"
        );
    }
}

#[tokio::test]
async fn citizens_see_only_their_own_requests() {
    let app = spawn_app().await;
    let maria = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let nikos = app.confirmed_citizen("nikos.k", "nikos@example.gr").await;
    let id = id_of(
        app.submit(&maria, &json!({"service": "birth_certificate"}))
            .await,
    )
    .await;
    assert_eq!(
        app.get_with(&format!("/api/v1/requests/{id}"), &nikos)
            .await
            .status(),
        404
    );
    let cancel = app
        .client
        .post(app.url(&format!("/api/v1/requests/{id}/cancel")))
        .bearer_auth(&nikos)
        .send()
        .await
        .unwrap();
    assert_eq!(cancel.status(), 404);
    assert_eq!(app.get_json("/api/v1/requests", &nikos).await, json!([]));
    let filtered: Value = app
        .get_json("/api/v1/requests?status=cancelled", &maria)
        .await;
    assert_eq!(filtered, json!([]));
    let cancelled = app
        .client
        .post(app.url(&format!("/api/v1/requests/{id}/cancel")))
        .bearer_auth(&maria)
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), 200);
    let again = app
        .client
        .post(app.url(&format!("/api/v1/requests/{id}/cancel")))
        .bearer_auth(&maria)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    assert_eq!(
        app.get_with("/api/v1/requests?status=bogus", &maria)
            .await
            .status(),
        422
    );
}

#[tokio::test]
async fn the_queue_pages_oldest_first_and_filters() {
    let app = spawn_app().await;
    let citizen = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        let created: Value = app
            .submit(&citizen, &json!({"service": "residence_certificate"}))
            .await
            .json()
            .await
            .unwrap();
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    let admin_secret = add_staff(&app, "root.admin", &[StaffRole::Admin], &[]).await;
    let admin = app.staff_login("root.admin", &admin_secret).await;
    let first: Value = app.get_json("/api/v1/staff/requests?limit=2", &admin).await;
    let page1: Vec<&str> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        page1,
        ids[..2].iter().map(String::as_str).collect::<Vec<_>>()
    );
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = app
        .get_json(
            &format!("/api/v1/staff/requests?limit=2&cursor={cursor}"),
            &admin,
        )
        .await;
    let page2: Vec<&str> = second["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        page2,
        ids[2..4].iter().map(String::as_str).collect::<Vec<_>>()
    );
    let none: Value = app
        .get_json("/api/v1/staff/requests?status=delivered", &admin)
        .await;
    assert_eq!(none["items"], json!([]));
    assert_eq!(
        app.get_with("/api/v1/staff/requests?status=nope", &admin)
            .await
            .status(),
        422
    );
    assert_eq!(
        app.get_with("/api/v1/staff/requests?cursor=garbage", &admin)
            .await
            .status(),
        422
    );
    let verifier_secret = add_staff(&app, "vera", &[StaffRole::Verifier], &[]).await;
    let verifier = app.staff_login("vera", &verifier_secret).await;
    assert_eq!(
        app.get_with("/api/v1/staff/requests", &verifier)
            .await
            .status(),
        403
    );
}
