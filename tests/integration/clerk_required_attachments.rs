//! A service's required attachments are enforced at submission: a submission without one is
//! refused (422 naming it) and nothing is written.

use crate::support::spawn_app;
use serde_json::{Value, json};

#[tokio::test]
async fn a_submission_missing_a_required_attachment_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let token = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    sqlx::query(
        "UPDATE services SET required_attachments = 'id_copy,lease' WHERE code = 'residence_certificate'",
    )
    .execute(app.state.app.db().pool())
    .await
    .unwrap();
    let refused = app
        .submit(
            &token,
            &json!({"service": "residence_certificate", "delivery": "pickup"}),
        )
        .await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(body["error"]["fields"]["id_copy"][0], "required", "{body}");
    assert_eq!(body["error"]["fields"]["lease"][0], "required", "{body}");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM requests")
        .fetch_one(app.state.app.db().pool())
        .await
        .unwrap();
    assert_eq!(rows, 0);

    // A service without required attachments is submitted as before.
    let ok = app
        .submit(
            &token,
            &json!({"service": "birth_certificate", "delivery": "pickup"}),
        )
        .await;
    assert_eq!(ok.status(), 201);
}
