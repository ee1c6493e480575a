use crate::support::spawn_app;

#[tokio::test]
async fn healthz_and_readyz_answer_while_the_database_does() {
    let app = spawn_app().await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn readyz_fails_when_the_database_does_not_answer() {
    let app = spawn_app().await;
    app.state.app.close().await;
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 503);
    assert_eq!(
        app.get("/healthz").await.status(),
        200,
        "the process itself is still up"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_larger_than_the_database_serves_is_told_to_come_back_not_a_500() {
    let app = spawn_app().await;
    // Every pooled connection is taken (by requests ahead in a burst): the next request waits
    // for one as long as the pool allows, then is answered "busy, try again" with nothing done.
    let held = app.state.app.hold_every_connection().await.unwrap();
    let api = app.get("/api/v1/services").await;
    assert_eq!(api.status(), 503);
    assert_eq!(api.headers()["retry-after"], "2");
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "busy", "{body}");
    let page = app.get("/services").await;
    assert_eq!(page.status(), 503);
    assert!(page.headers().contains_key("retry-after"));
    drop(held);
    assert_eq!(app.get("/api/v1/services").await.status(), 200);
}
