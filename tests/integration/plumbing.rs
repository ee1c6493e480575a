use crate::support::{spawn_app, spawn_app_with};
use serde_json::Value;

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/api/v1/services", "/no-such-page", "/healthz"] {
        let response = app.get(path).await;
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert!(h.contains_key("x-request-id"), "{path}");
        assert!(
            !h.contains_key("strict-transport-security"),
            "{path}: no HSTS on plain http"
        );
    }
}

#[tokio::test]
async fn hsts_is_sent_when_the_site_is_secure() {
    let app = spawn_app_with(&[("DIMOS_PUBLIC_URL", "https://e.dimos.example")]).await;
    let response = app.get("/").await;
    assert!(
        response.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age="),
        "HSTS expected"
    );
}

#[tokio::test]
async fn a_request_id_given_by_a_proxy_is_kept() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "lb-1234")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "lb-1234");
}

#[tokio::test]
async fn unknown_pages_get_a_friendly_404_page_and_unknown_api_routes_json() {
    let app = spawn_app().await;
    let page = app.get("/no/such/page").await;
    assert_eq!(page.status(), 404);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("<html lang=\"el\""), "Greek by default");
    assert!(html.contains("href=\"/\""), "a way back home");
    let english = app.get("/no/such/page?lang=en").await.text().await.unwrap();
    assert!(english.contains("<html lang=\"en\""));
    assert!(english.contains("Page not found"));

    let api = app.get("/api/v1/no-such-route").await;
    assert_eq!(api.status(), 404);
    let body: Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"].is_string());
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = spawn_app().await;
    let big = vec![b'x'; 2 * 1024 * 1024 + 1];
    let api = app
        .client
        .post(app.url("/api/v1/services"))
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 413);
    let body: Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "payload_too_large");

    let page = app
        .client
        .post(app.url("/"))
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 413);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}

#[tokio::test]
async fn a_wrong_method_on_the_api_answers_in_the_api_shape() {
    let app = spawn_app().await;
    let response = app
        .client
        .delete(app.url("/api/v1/services"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
}

#[tokio::test]
async fn assets_are_embedded_and_cached_for_a_year() {
    let app = spawn_app().await;
    let html = app.get("/").await.text().await.unwrap();
    let start = html.find("/assets/site.").expect("stylesheet link");
    let href: String = html[start..].chars().take_while(|c| *c != '"').collect();
    let css = app.get(&href).await;
    assert_eq!(css.status(), 200);
    assert!(
        css.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        css.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(css.text().await.unwrap().contains("skip-link"));
    assert_eq!(
        app.get("/assets/site.0000000000000000.css").await.status(),
        404
    );
    let icon = app.get("/favicon.ico").await;
    assert_eq!(icon.status(), 301);
}

#[tokio::test]
async fn answers_are_compressed_for_clients_that_ask() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/services"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
}
