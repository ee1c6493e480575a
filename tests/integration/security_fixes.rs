//! What the outside security test found (issue 12, point 8), each proven fixed through the
//! real HTTP surface: redirects after login, mail and password throttles, caching of personal
//! answers, request ids, slow headers, cookies, CSRF tokens bound to the session, scoped
//! integration keys, and the API's error shapes.

use crate::support::accounts::admin_browser;
use crate::support::accounts::{PASSWORD, registration};
use crate::support::accounts::{STAFF_PASSWORD, add_staff, code};
use crate::support::browser::hidden_value;
use crate::support::cli::dimos;
use crate::support::store::store;
use crate::support::{TestApp, spawn_app, spawn_app_with};
use dimos_domain::StaffRole;
use reqwest::{Client, header};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A browser-like client that does not follow redirects, so `Location` can be read.
fn raw_browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The CSRF token on the page at `path`.
async fn token_of(client: &Client, app: &TestApp, path: &str) -> String {
    let html = client
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    hidden_value(&html, "csrf_token").expect("the page has a form")
}

async fn post_form(
    client: &Client,
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(app.url(path))
        .header("origin", &app.address)
        .form(form)
        .send()
        .await
        .unwrap()
}

fn location(response: &reqwest::Response) -> &str {
    response.headers()[header::LOCATION].to_str().unwrap()
}

const EVIL_NEXTS: &[&str] = &[
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/x\r\nSet-Cookie: planted=1",
    " /evil.example",
    "\t//evil.example",
    "https://evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "evil.example",
];

#[tokio::test]
async fn after_login_only_paths_of_this_site_are_followed() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    for (next, expected) in EVIL_NEXTS.iter().map(|n| (*n, "/account")).chain([
        ("/requests?x=1", "/requests?x=1"),
        ("/%09/evil.example", "/%09/evil.example"),
    ]) {
        let browser = raw_browser();
        let token = token_of(&browser, &app, "/login").await;
        let response = post_form(
            &browser,
            &app,
            "/login",
            &[
                ("username", "maria.p"),
                ("password", PASSWORD),
                ("next", next),
                ("csrf_token", &token),
            ],
        )
        .await;
        // A good password is a login, whatever `next` holds: never a 500 without a cookie.
        assert_eq!(response.status(), 303, "{next:?}");
        assert_eq!(location(&response), expected, "{next:?}");
        assert!(
            response
                .headers()
                .get_all(header::SET_COOKIE)
                .iter()
                .any(|c| c.to_str().unwrap().starts_with("dimos_session=")),
            "{next:?}: the session cookie is set"
        );
        assert!(
            !response.headers().contains_key("planted"),
            "no header smuggled in"
        );

        // Already logged in, `GET /login?next=` goes on at once: the same rule.
        let again = browser
            .get(app.url("/login"))
            .query(&[("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 303, "{next:?}");
        assert_eq!(location(&again), expected, "{next:?}");
    }

    // The login form carries only a safe `next` along.
    let browser = raw_browser();
    let html = browser
        .get(app.url("/login"))
        .query(&[("next", "/\t/evil.example")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(hidden_value(&html, "next").as_deref(), Some("/account"));
}

#[tokio::test]
async fn the_staff_login_follows_only_paths_of_this_site() {
    let app = spawn_app().await;
    let secret = add_staff(&app, "eleni", &[StaffRole::Admin], &[]).await;
    let browser = raw_browser();
    for next in EVIL_NEXTS {
        let html = browser
            .get(app.url("/staff/login"))
            .query(&[("next", next)])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(
            hidden_value(&html, "next").as_deref(),
            Some("/staff"),
            "{next:?}"
        );
    }
    let token = token_of(&browser, &app, "/staff/login").await;
    let response = post_form(
        &browser,
        &app,
        "/staff/login",
        &[
            ("username", "eleni"),
            ("password", STAFF_PASSWORD),
            ("totp", &code(&secret, 0)),
            ("next", "/\r\n/evil.example"),
            ("csrf_token", &token),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/staff");
    assert!(response.headers().contains_key(header::SET_COOKIE));
}

fn assert_too_many(response: &reqwest::Response) {
    assert_eq!(response.status(), 429);
    let retry: u64 = response.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry), "{retry}");
}

#[tokio::test]
async fn mail_sending_forms_are_throttled_per_client_address() {
    let app = spawn_app_with(&[("DIMOS_MAIL_FORMS_PER_CLIENT", "3")]).await;
    for i in 0..3 {
        app.register(&format!("user{i}"), &format!("user{i}@example.gr"))
            .await;
    }
    let refused = app
        .post_json(
            "/api/v1/citizens",
            &registration("user3", "victim@example.gr"),
        )
        .await;
    assert_too_many(&refused);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_attempts");
    let reset = app
        .post_json(
            "/api/v1/password-resets",
            &json!({"email": "user0@example.gr"}),
        )
        .await;
    assert_too_many(&reset);
    // Nothing was created or mailed for the refused ones.
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM citizens")
        .fetch_one(store(&app).await.pool())
        .await
        .unwrap();
    assert_eq!(users, 3);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(app.mails().iter().all(|m| !m.to.contains("victim")));

    // The pages say so clearly, with the same status.
    let browser = raw_browser();
    let token = token_of(&browser, &app, "/password-reset?lang=en").await;
    let page = post_form(
        &browser,
        &app,
        "/password-reset",
        &[("email", "user1@example.gr"), ("csrf_token", &token)],
    )
    .await;
    assert_too_many(&page);
    assert!(page.text().await.unwrap().contains("Too many attempts"));
    let token = token_of(&browser, &app, "/register").await;
    let register = post_form(
        &browser,
        &app,
        "/register",
        &[("username", "user9"), ("csrf_token", &token)],
    )
    .await;
    assert_too_many(&register);
}

#[tokio::test]
async fn asking_again_for_a_confirmation_link_is_throttled_too() {
    let app = spawn_app_with(&[("DIMOS_MAIL_FORMS_PER_CLIENT", "2")]).await;
    app.register("maria.p", "maria@example.gr").await;
    let mut browser = app.browser();
    browser.login("maria.p", PASSWORD).await;
    browser.get("/account").await;
    let first = browser.post("/account/resend-confirmation", &[]).await;
    assert_eq!(first.status, 200, "{}", first.html);
    let second = browser.post("/account/resend-confirmation", &[]).await;
    assert_eq!(second.status, 429);
    assert_eq!(
        app.wait_for_mail("maria@example.gr", 2).await.to,
        "maria@example.gr"
    );
}

#[tokio::test]
async fn current_password_checks_count_like_failed_logins() {
    let app = spawn_app().await;
    let token = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let mut browser = app.browser();
    browser.login("maria.p", PASSWORD).await;
    browser.get("/account/password").await;
    let wrong = json!({"current_password": "Not the password 1", "new_password": "Another long passphrase 7"});
    for _ in 0..4 {
        let response = app
            .client
            .put(app.url("/api/v1/me/password"))
            .bearer_auth(&token)
            .json(&wrong)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
    }
    let patch = app
        .client
        .patch(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .json(&json!({"email": "new@example.gr", "current_password": "Not the password 1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(patch.status(), 422);
    // Over the allowance: even the right password waits, on the page, the API and the login.
    let page = browser
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "Another long passphrase 7"),
            ],
        )
        .await;
    assert_eq!(page.status, 429, "{}", page.html);
    assert!(page.contains("Πάρα πολλές προσπάθειες"), "{}", page.html);
    let right = app
        .client
        .put(app.url("/api/v1/me/password"))
        .bearer_auth(&token)
        .json(&json!({"current_password": PASSWORD, "new_password": "Another long passphrase 7"}))
        .send()
        .await
        .unwrap();
    assert_too_many(&right);
    let body: Value = right.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_attempts");
    let login = app
        .post_json(
            "/api/v1/sessions",
            &json!({"username": "maria.p", "password": PASSWORD}),
        )
        .await;
    assert_eq!(login.status(), 429);
    assert_eq!(
        app.audit_count("citizen.password_check", "failure").await,
        5
    );
    // The password did not change.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    app.login("maria.p", PASSWORD).await;
}

fn cache_control(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(header::CACHE_CONTROL)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn personal_answers_are_never_stored_by_caches() {
    let app = spawn_app().await;
    let token = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let login = app
        .post_json(
            "/api/v1/sessions",
            &json!({"username": "maria.p", "password": PASSWORD}),
        )
        .await;
    assert_eq!(cache_control(&login), "no-store");
    for path in ["/api/v1/me", "/api/v1/me/debts", "/api/v1/requests"] {
        assert_eq!(
            cache_control(&app.get_with(path, &token).await),
            "no-store",
            "{path}"
        );
    }
    let browser = raw_browser();
    let first = browser.get(app.url("/login")).send().await.unwrap();
    assert_eq!(cache_control(&first), "no-store", "it sets a cookie");
    let token = hidden_value(&first.text().await.unwrap(), "csrf_token").unwrap();
    let logged_in = post_form(
        &browser,
        &app,
        "/login",
        &[
            ("username", "maria.p"),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ],
    )
    .await;
    assert_eq!(cache_control(&logged_in), "no-store");
    for path in ["/account", "/account/details", "/services"] {
        let page = browser.get(app.url(path)).send().await.unwrap();
        assert_eq!(page.status(), 200, "{path}");
        assert_eq!(cache_control(&page), "no-store", "{path}");
    }
    // Public things keep their caching.
    let html = app.get("/").await.text().await.unwrap();
    let start = html.find("/assets/site.").expect("stylesheet link");
    let href: String = html[start..].chars().take_while(|c| *c != '"').collect();
    assert!(cache_control(&app.get(&href).await).contains("immutable"));
    let anonymous = raw_browser();
    anonymous.get(app.url("/")).send().await.unwrap();
    let again = anonymous.get(app.url("/")).send().await.unwrap();
    assert_eq!(cache_control(&again), "no-cache");
}

#[tokio::test]
async fn only_plain_short_request_ids_are_echoed() {
    let app = spawn_app().await;
    let echoed = |id: &'static str| {
        let request = app
            .client
            .get(app.url("/healthz"))
            .header("x-request-id", id);
        async move {
            let response = request.send().await.unwrap();
            response.headers()["x-request-id"]
                .to_str()
                .unwrap()
                .to_owned()
        }
    };
    assert_eq!(echoed("abc-123_x.9").await, "abc-123_x.9");
    let long: &'static str = Box::leak("a".repeat(65).into_boxed_str());
    for bad in [long, "a b", "<script>", "x;y", "ab\u{7f}"] {
        let Ok(value) = header::HeaderValue::from_str(bad) else {
            continue;
        };
        let response = app
            .client
            .get(app.url("/healthz"))
            .header("x-request-id", value)
            .send()
            .await
            .unwrap();
        let id = response.headers()["x-request-id"].to_str().unwrap();
        assert_ne!(id, bad);
        assert!(uuid::Uuid::parse_str(id).is_ok(), "a fresh id: {id}");
    }
    let max: &'static str = Box::leak("b".repeat(64).into_boxed_str());
    assert_eq!(echoed(max).await, max);
}

#[tokio::test]
async fn a_client_trickling_its_headers_is_cut_off() {
    let app = spawn_app().await;
    assert!(dimos_web::HEADER_READ_TIMEOUT <= Duration::from_secs(10));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (_stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(dimos_web::serve_with(
        listener,
        app.state.clone(),
        async {
            let _ = stopped.await;
        },
        Duration::from_secs(1),
    ));
    // A quick client is served as usual.
    let healthy = reqwest::get(format!("http://{address}/healthz"))
        .await
        .unwrap();
    assert_eq!(healthy.status(), 200);

    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut closed = false;
    for i in 0..40 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        if stream
            .write_all(format!("X-Slow-{i}: 1\r\n").as_bytes())
            .await
            .is_err()
        {
            closed = true;
            break;
        }
        let mut buffer = [0_u8; 256];
        match tokio::time::timeout(Duration::from_millis(10), stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => {
                closed = true;
                break;
            }
            Ok(Ok(_)) => {
                // Whatever the server says (a 408), it then closes.
                closed = true;
                break;
            }
            Err(_) => {}
        }
    }
    assert!(closed, "the trickling connection was kept open");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_language_cookie_is_secure_when_cookies_are() {
    let secure = spawn_app_with(&[("DIMOS_SECURE_COOKIES", "true")]).await;
    let response = secure.get("/?lang=en").await;
    let cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("lang="))
        .expect("the choice is remembered");
    assert!(cookie.contains("; Secure"), "{cookie}");
    let plain = spawn_app().await;
    let response = plain.get("/?lang=en").await;
    let cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("lang="))
        .unwrap();
    assert!(!cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn a_token_made_before_login_does_not_work_after_it() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    let browser = raw_browser();
    let anonymous = token_of(&browser, &app, "/login").await;
    let login = post_form(
        &browser,
        &app,
        "/login",
        &[
            ("username", "maria.p"),
            ("password", PASSWORD),
            ("csrf_token", &anonymous),
        ],
    )
    .await;
    assert_eq!(login.status(), 303, "the anonymous page's token logs in");
    let stale = post_form(&browser, &app, "/logout", &[("csrf_token", &anonymous)]).await;
    assert_eq!(stale.status(), 403);
    assert_eq!(
        browser
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        200,
        "still logged in"
    );
    let session_token = token_of(&browser, &app, "/account").await;
    assert_ne!(session_token, anonymous);
    let out = post_form(&browser, &app, "/logout", &[("csrf_token", &session_token)]).await;
    assert_eq!(out.status(), 303);
    assert_eq!(location(&out), "/");
}

fn debt(id: &str) -> Value {
    json!({"external_id": id, "tax_number": "090000045", "category": "ΤΑΠ",
           "description": "Τέλος ακίνητης περιουσίας", "amount_cents": 100,
           "due_date": "2025-06-30", "status": "open"})
}

fn fine(id: &str) -> Value {
    json!({"external_id": id, "tax_number": "090000045", "notice_number": format!("N-{id}"),
           "issued_on": "2025-05-01", "place": "Οδός Ερμού 1", "vehicle_plate": "ΙΚΑ-1234",
           "violation": "Στάθμευση σε θέση ΑμεΑ", "amount_cents": 4000, "status": "open",
           "appeal_until": "2025-06-01"})
}

async fn post_records(app: &TestApp, kind: &str, key: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/records/{kind}")))
        .bearer_auth(key)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn integration_keys_write_only_the_kinds_they_were_made_for() {
    let app = spawn_app().await;
    let out = dimos(
        &app,
        &["apikey", "add", "--name", "Treasury", "--kind", "debts"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let treasury = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert_eq!(
        post_records(&app, "debts", &treasury, &json!([debt("D-1")]))
            .await
            .status(),
        200
    );
    let refused = post_records(&app, "fines", &treasury, &json!([fine("F-1")])).await;
    assert_eq!(refused.status(), 403);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "forbidden");
    assert_eq!(
        app.audit_count("records.import_rejected", "denied").await,
        1
    );
    let fines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fines")
        .fetch_one(store(&app).await.pool())
        .await
        .unwrap();
    assert_eq!(fines, 0);

    // No --kind: all three, and the list says which.
    let out = dimos(&app, &["apikey", "add", "--name", "Everything"]);
    let everything = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert_eq!(
        post_records(&app, "fines", &everything, &json!([fine("F-2")]))
            .await
            .status(),
        200
    );
    let listed = String::from_utf8(dimos(&app, &["apikey", "list"]).stdout).unwrap();
    assert!(listed.contains("\tdebts\t"), "{listed}");
    assert!(listed.contains("\tdebts,fines,pending\t"), "{listed}");
    assert!(
        !dimos(&app, &["apikey", "add", "--name", "x", "--kind", "taxes"])
            .status
            .success()
    );

    // A key stored before scopes existed keeps every kind.
    let old_key = "dimos_an_old_key_made_before_scopes_0123456789";
    sqlx::query(
        "INSERT INTO api_keys (id, name, key_prefix, key_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind("old-key")
    .bind("Old feed")
    .bind(&old_key[..14])
    .bind(dimos_app::tokens::token_hash(old_key))
    .bind(0_i64)
    .execute(store(&app).await.pool())
    .await
    .unwrap();
    assert_eq!(
        post_records(&app, "fines", old_key, &json!([fine("F-3")]))
            .await
            .status(),
        200
    );
    assert_eq!(
        post_records(&app, "debts", old_key, &json!([debt("D-3")]))
            .await
            .status(),
        200
    );

    // The admin page makes scoped keys too.
    let mut admin = admin_browser(&app).await;
    let form = admin.get("/staff/admin/api-keys").await;
    assert!(
        form.contains("name=\"kind_fines\" type=\"checkbox\" value=\"on\" checked"),
        "{}",
        form.html
    );
    let created = admin
        .post(
            "/staff/admin/api-keys",
            &[("key_name", "Police"), ("kind_fines", "on")],
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.html);
    let police = created
        .html
        .split("<code id=\"new-api-key\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the new key is shown")
        .to_owned();
    assert_eq!(
        post_records(&app, "fines", &police, &json!([fine("F-4")]))
            .await
            .status(),
        200
    );
    assert_eq!(
        post_records(&app, "debts", &police, &json!([debt("D-4")]))
            .await
            .status(),
        403
    );
    let list = admin.get("/staff/admin/api-keys").await;
    assert!(list.contains("<td>Fines</td>"), "{}", list.html);
}

fn assert_plain_error(body: &Value, code: &str) {
    assert_eq!(body["error"]["code"], code, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    for serde_words in [
        "Failed to",
        "deserialize",
        "EOF while",
        "expected",
        "at line 1 column",
    ] {
        assert!(!message.contains(serde_words), "{message}");
    }
}

#[tokio::test]
async fn bad_json_gets_the_contract_codes_in_plain_words() {
    let app = spawn_app().await;
    let send = |body: &'static str| {
        app.client
            .post(app.url("/api/v1/sessions"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    for broken in [
        "{\"username\": ",
        "{,}",
        "",
        "{\"username\": \"a\", \"password\": \"b\"} trailing",
    ] {
        let response = send(broken).await.unwrap();
        assert_eq!(response.status(), 400, "{broken:?}");
        assert_plain_error(&response.json().await.unwrap(), "invalid_json");
    }
    let wrong_type = send("{\"username\": 5, \"password\": \"x\"}")
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), 422);
    let body: Value = wrong_type.json().await.unwrap();
    assert_plain_error(&body, "validation_failed");
    assert_eq!(body["error"]["fields"]["username"], json!(["invalid_type"]));
    let missing = send("{\"username\": \"maria\"}").await.unwrap();
    assert_eq!(missing.status(), 422);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["error"]["fields"]["password"], json!(["required"]));
    let not_object = send("[]").await.unwrap();
    assert_eq!(not_object.status(), 422);
}

#[tokio::test]
async fn a_wrong_method_on_the_api_gets_the_json_error_and_allow() {
    let app = spawn_app().await;
    for (method, path) in [
        (reqwest::Method::DELETE, "/api/v1/services"),
        (reqwest::Method::PUT, "/api/v1/sessions"),
        (reqwest::Method::GET, "/api/v1/password-resets"),
    ] {
        let response = app
            .client
            .request(method.clone(), app.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{method} {path}");
        let allow = response.headers()[header::ALLOW]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            !allow.is_empty() && !allow.contains(method.as_str()),
            "{allow}"
        );
        assert!(
            response.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "method_not_allowed");
    }
}
