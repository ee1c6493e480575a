//! A service's required attachments are enforced at submission: a submission without one is
//! refused (422 naming it) and nothing is written; a multipart submission (API or the new
//! request page) carries the files, written together with the request or not at all.

use crate::support::accounts::PASSWORD;
use crate::support::accounts::{STAFF_PASSWORD, add_staff, code};
use crate::support::browser::Browser;
use crate::support::multipart::{content_type, multipart, pdf};
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use dimos_domain::StaffRole;
use serde_json::{Value, json};
use std::path::Path;

/// An admin makes `dog_licence` (registry, Level A, pickup) requiring the file `id_copy`.
async fn service_requiring_id_copy(app: &TestApp) {
    let secret = add_staff(app, "anna", &[StaffRole::Admin], &[]).await;
    let mut anna = app.browser();
    anna.get("/staff/login").await;
    let home = anna
        .post(
            "/staff/login",
            &[
                ("username", "anna"),
                ("password", STAFF_PASSWORD),
                ("totp", &code(&secret, 0)),
            ],
        )
        .await;
    assert_eq!(home.status, 200, "{}", home.html);
    anna.get("/staff/admin/services/new").await;
    let created = anna
        .post(
            "/staff/admin/services/new",
            &[
                ("code", "dog_licence"),
                ("department", "registry"),
                ("name_el", "Άδεια σκύλου"),
                ("name_en", "Dog licence"),
                ("min_level", "A"),
                ("delivery", "pickup"),
                ("fee", "0"),
                ("processing_days", "5"),
                ("required_attachments", "id_copy"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(created.path, "/staff/admin/services", "{}", created.html);
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(store(app).await.pool())
        .await
        .unwrap()
}

/// Every file under the attachments folder, the temporary one included.
fn files_on_disk(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .map(|e| e.unwrap().path())
        .map(|p| if p.is_dir() { files_on_disk(&p) } else { 1 })
        .sum()
}

async fn submit_multipart(
    app: &TestApp,
    token: &str,
    parts: &[(&str, Option<&str>, &[u8])],
) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/requests"))
        .bearer_auth(token)
        .header("content-type", content_type())
        .body(multipart(parts))
        .send()
        .await
        .unwrap()
}

fn fields(body: &Value) -> &Value {
    &body["error"]["fields"]
}

#[tokio::test]
async fn a_required_file_is_refused_missing_over_json_and_multipart_and_taken_with_the_request() {
    let app = spawn_app().await;
    service_requiring_id_copy(&app).await;
    let token = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let attachments_dir = app.data_dir.join("attachments");

    // JSON carries no file: refused, naming the attachment; nothing written.
    let json_refused = app
        .submit(
            &token,
            &json!({"service": "dog_licence", "delivery": "pickup"}),
        )
        .await;
    assert_eq!(json_refused.status(), 422);
    let body: Value = json_refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(fields(&body)["id_copy"], json!(["required"]), "{body}");
    assert_eq!(count(&app, "requests").await, 0);

    // Multipart without the file (a form's empty file input too): the same, no row, no file.
    let missing = submit_multipart(
        &app,
        &token,
        &[
            ("service", None, b"dog_licence"),
            ("delivery", None, b"pickup"),
            ("id_copy", Some(""), b""),
        ],
    )
    .await;
    assert_eq!(missing.status(), 422);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(fields(&body)["id_copy"], json!(["required"]), "{body}");
    // A file for another code than the one required does not stand in for it, nor stay.
    let wrong_code = submit_multipart(
        &app,
        &token,
        &[
            ("service", None, b"dog_licence"),
            ("lease", Some("lease.pdf"), &pdf()),
        ],
    )
    .await;
    assert_eq!(wrong_code.status(), 422);
    // A file that is not PDF, JPEG or PNG is refused under its code.
    let not_pdf = submit_multipart(
        &app,
        &token,
        &[
            ("service", None, b"dog_licence"),
            ("id_copy", Some("id.pdf"), b"MZ\x90\0 not a pdf"),
        ],
    )
    .await;
    assert_eq!(not_pdf.status(), 422);
    let body: Value = not_pdf.json().await.unwrap();
    assert_eq!(
        fields(&body)["id_copy"],
        json!(["unsupported_type"]),
        "{body}"
    );
    assert_eq!(count(&app, "requests").await, 0);
    assert_eq!(count(&app, "attachments").await, 0);
    assert_eq!(files_on_disk(&attachments_dir), 0);

    // With the file: made, the file listed on the request and downloadable by its owner.
    let made = submit_multipart(
        &app,
        &token,
        &[
            ("service", None, b"dog_licence"),
            ("delivery", None, b"pickup"),
            ("notes", None, "Για τον Ρεξ".as_bytes()),
            ("id_copy", Some("C:\\scans\\id.pdf"), &pdf()),
        ],
    )
    .await;
    assert_eq!(made.status(), 201);
    let created: Value = made.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["service"], "dog_licence");
    let listed: Value = app
        .client
        .get(app.url(&format!("/api/v1/requests/{id}/attachments")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["file_name"], "id.pdf");
    assert_eq!(listed[0]["uploaded_by"], "citizen");
    let file_id = listed[0]["id"].as_str().unwrap();
    let download = app
        .client
        .get(app.url(&format!("/api/v1/requests/{id}/attachments/{file_id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.unwrap().as_ref(), pdf().as_slice());
    let detail: Value = app
        .client
        .get(app.url(&format!("/api/v1/requests/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["notes"], "Για τον Ρεξ", "{detail}");
    assert_eq!(count(&app, "requests").await, 1);
    assert_eq!(files_on_disk(&attachments_dir), 1);

    // Refused after the file was received (the e-mail no longer confirmed): the received
    // file is not left behind, no row is written.
    sqlx::query("UPDATE citizens SET email_confirmed_at = NULL")
        .execute(store(&app).await.pool())
        .await
        .unwrap();
    let unconfirmed = submit_multipart(
        &app,
        &token,
        &[
            ("service", None, b"dog_licence"),
            ("id_copy", Some("id.pdf"), &pdf()),
        ],
    )
    .await;
    assert_eq!(unconfirmed.status(), 403);
    let body: Value = unconfirmed.json().await.unwrap();
    assert_eq!(body["error"]["code"], "email_unconfirmed", "{body}");
    assert_eq!(count(&app, "requests").await, 1);
    assert_eq!(count(&app, "attachments").await, 1);
    assert_eq!(files_on_disk(&attachments_dir), 1);
    sqlx::query("UPDATE citizens SET email_confirmed_at = 1")
        .execute(store(&app).await.pool())
        .await
        .unwrap();

    // The OpenAPI document describes both bodies.
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let content = &doc["paths"]["/api/v1/requests"]["post"]["requestBody"]["content"];
    assert!(content["application/json"].is_object(), "{content}");
    assert!(content["multipart/form-data"].is_object(), "{content}");

    // A service without required attachments is submitted as before.
    let ok = app
        .submit(
            &token,
            &json!({"service": "birth_certificate", "delivery": "pickup"}),
        )
        .await;
    assert_eq!(ok.status(), 201);
}

/// Sends the new request form as a browser does: multipart, the token first.
async fn post_new_request(
    app: &TestApp,
    browser: &Browser,
    parts: &[(&str, Option<&str>, &[u8])],
) -> (u16, String, String) {
    let token = browser.csrf.clone().expect("a token on the page");
    let mut all: Vec<(&str, Option<&str>, &[u8])> = vec![("csrf_token", None, token.as_bytes())];
    all.extend_from_slice(parts);
    let response = browser
        .client
        .post(app.url("/requests/new"))
        .header("origin", &app.address)
        .header("content-type", content_type())
        .body(multipart(&all))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let path = response.url().path().to_owned();
    (status, path, response.text().await.unwrap())
}

#[tokio::test]
async fn the_new_request_page_asks_for_each_required_file_and_ties_its_error_to_the_input() {
    let app = spawn_app().await;
    service_requiring_id_copy(&app).await;
    app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let mut maria = app.browser();
    maria.login("maria.p", PASSWORD).await;

    let english = maria.get("/requests/new?service=dog_licence&lang=en").await;
    assert!(english.contains("Supporting documents"), "{}", english.html);
    let form = maria.get("/requests/new?service=dog_licence&lang=el").await;
    assert_eq!(form.status, 200);
    assert!(form.contains("enctype=\"multipart/form-data\""));
    assert!(
        form.contains("<label for=\"attachment-id_copy\">"),
        "{}",
        form.html
    );
    assert!(form.contains("id=\"attachment-id_copy\" name=\"id_copy\" type=\"file\""));
    assert!(form.contains("Δικαιολογητικά"));
    // A service without required files has no file input.
    let plain = maria.get("/requests/new?service=birth_certificate").await;
    assert!(!plain.contains("type=\"file\""));

    // The file input left empty: the form again, the error tied to the input.
    maria.get("/requests/new?service=dog_licence").await;
    let (status, _, html) = post_new_request(
        &app,
        &maria,
        &[
            ("service", None, b"dog_licence"),
            ("delivery", None, b"pickup"),
            ("notes", None, b"kept"),
            ("id_copy", Some(""), b""),
        ],
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("href=\"#attachment-id_copy\""), "{html}");
    assert!(html.contains("id=\"attachment-id_copy-error\""), "{html}");
    assert!(
        html.contains(
            "aria-describedby=\"attachments-hint attachment-id_copy-error\" aria-invalid=\"true\""
        ),
        "{html}"
    );
    assert!(html.contains("Επιλέξτε το αρχείο"), "{html}");
    assert!(html.contains(">kept</textarea>"), "{html}");
    assert_eq!(count(&app, "requests").await, 0);

    // Without the token first: refused, nothing made.
    let forged = maria
        .client
        .post(app.url("/requests/new"))
        .header("origin", &app.address)
        .header("content-type", content_type())
        .body(multipart(&[
            ("service", None, b"dog_licence"),
            ("id_copy", Some("id.pdf"), &pdf()),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(count(&app, "requests").await, 0);

    // With the file — a 3 MiB scan, over the site's 2 MiB for other forms: the request is made,
    // with its file.
    let mut scan = pdf();
    scan.resize(3 * 1024 * 1024, b' ');
    maria.get("/requests/new?service=dog_licence").await;
    let (status, path, html) = post_new_request(
        &app,
        &maria,
        &[
            ("service", None, b"dog_licence"),
            ("delivery", None, b"pickup"),
            ("id_copy", Some("id.pdf"), &scan),
        ],
    )
    .await;
    assert_eq!(status, 200, "{html}");
    assert!(path.starts_with("/requests/"), "{path}");
    assert_ne!(path, "/requests/new");
    assert!(html.contains("id.pdf"), "{html}");
    assert_eq!(count(&app, "requests").await, 1);
    assert_eq!(count(&app, "attachments").await, 1);
}
