//! Logging in and out through the pages, and the CSRF defence of every form.

use crate::support::accounts::PASSWORD;
use crate::support::spawn_app;

#[tokio::test]
async fn a_citizen_logs_in_and_out_through_the_pages() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    let mut browser = app.browser();
    let page = browser.get("/login").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("<label for=\"username\""));
    assert!(page.contains("autocomplete=\"current-password\""));

    let wrong = browser
        .post(
            "/login",
            &[("username", "maria.p"), ("password", "Wrong password 123")],
        )
        .await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.contains("role=\"alert\""));
    assert!(
        wrong.contains("value=\"maria.p\""),
        "what was typed is kept"
    );
    assert!(
        !wrong.contains("Wrong password 123"),
        "but never the password"
    );

    let home = browser
        .post(
            "/login",
            &[
                ("username", "maria.p"),
                ("password", PASSWORD),
                ("next", "/services"),
            ],
        )
        .await;
    assert_eq!(home.status, 200);
    assert_eq!(
        home.path, "/services",
        "back where the citizen wanted to go"
    );
    assert!(
        home.contains("maria.p"),
        "the header names who is logged in"
    );
    assert!(home.contains("action=\"/logout\""));

    let out = browser.post("/logout", &[]).await;
    assert_eq!(out.path, "/");
    assert!(out.contains("href=\"/login\""));
    assert!(!out.contains("action=\"/logout\""));
}

#[tokio::test]
async fn forms_without_a_token_or_from_another_site_are_refused() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    let mut browser = app.browser();
    browser.get("/login").await;
    let forged = browser
        .post_without_token("/login", &[("username", "maria.p"), ("password", PASSWORD)])
        .await;
    assert_eq!(forged.status, 403);

    let token = browser.csrf.clone().unwrap();
    let cross_site = browser
        .client
        .post(app.url("/login"))
        .header("origin", "https://evil.example")
        .form(&[
            ("username", "maria.p"),
            ("password", PASSWORD),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    let fetch_site = browser
        .client
        .post(app.url("/login"))
        .header("sec-fetch-site", "cross-site")
        .form(&[
            ("username", "maria.p"),
            ("password", PASSWORD),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(fetch_site.status(), 403);
    assert_eq!(
        app.audit_count("citizen.login", "success").await,
        0,
        "none of them logged in"
    );

    // A token from another visitor's cookie does not fit this visitor.
    let mut other = app.browser();
    other.get("/login").await;
    browser.csrf = other.csrf.clone();
    let stolen = browser
        .post("/login", &[("username", "maria.p"), ("password", PASSWORD)])
        .await;
    assert_eq!(stolen.status, 403);
}

#[tokio::test]
async fn a_page_session_is_not_an_api_token_and_the_api_ignores_cookies() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    let mut browser = app.browser();
    browser.login("maria.p", PASSWORD).await;
    let api = browser
        .client
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 401, "the API never authenticates by cookie");
    let token = app.login("maria.p", PASSWORD).await;
    let page = app
        .client
        .get(app.url("/account"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        page.status(),
        303,
        "pages never authenticate by bearer token"
    );
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_lax_and_renewed_at_login() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    let mut browser = app.browser();
    browser.get("/login").await;
    let token = browser.csrf.clone().unwrap();
    let response = app
        .client
        .post(app.url("/login"))
        .header(
            "cookie",
            format!("dimos_csrf={token}; dimos_session=planted-by-someone"),
        )
        .form(&[
            ("username", "maria.p"),
            ("password", PASSWORD),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("dimos_session="))
        .expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("planted-by-someone"));
    assert!(!cookie.contains("Secure"), "plain http on localhost");
}

#[tokio::test]
async fn secure_sites_use_host_prefixed_secure_cookies() {
    let app =
        crate::support::spawn_app_with(&[("DIMOS_PUBLIC_URL", "https://e.dimos.example")]).await;
    let response = app.get("/login").await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("__Host-dimos_csrf="), "{cookie}");
    assert!(
        cookie.contains("Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
}
