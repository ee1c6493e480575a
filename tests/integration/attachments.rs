//! Attachments: PDF, JPEG and PNG only, told by content; at most 10 MiB and 5 per request;
//! stored under server-made names; read back only by the owner and the department's staff.

use crate::support::accounts::PASSWORD;
use crate::support::accounts::add_staff;
use crate::support::api::{citizen_with_request, clerk_of};
use crate::support::pages::post_page_form;
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use dimos_domain::StaffRole;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

use crate::support::multipart::{content_type, multipart, pdf};

fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend((0..=255u8).cycle().take(3000));
    bytes
}

fn jpeg() -> Vec<u8> {
    let mut bytes = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0".to_vec();
    bytes.extend((0..=255u8).rev().cycle().take(5000));
    bytes.extend_from_slice(b"\xFF\xD9");
    bytes
}

impl TestApp {
    async fn upload(
        &self,
        path: &str,
        token: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .header("content-type", content_type())
            .body(multipart(&[("file", Some(file_name), bytes)]))
            .send()
            .await
            .unwrap()
    }

    /// Every file under the attachments folder of the data dir, temporary ones included.
    fn stored_files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else {
                    found.push(path);
                }
            }
        }
        let mut found = Vec::new();
        walk(&self.data_dir.join("attachments"), &mut found);
        found
    }

    async fn attachment_rows(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM attachments")
            .fetch_one(store(self).await.pool())
            .await
            .unwrap()
    }

    async fn audit_of(&self, action: &str) -> Vec<(Option<String>, Option<String>, String)> {
        sqlx::query_as("SELECT actor_id, subject_citizen_id, outcome FROM audit_events WHERE action = $1 ORDER BY seq")
            .bind(action)
            .fetch_all(store(self).await.pool())
            .await
            .unwrap()
    }
}

fn field_codes(body: &Value) -> Vec<String> {
    assert_eq!(body["error"]["code"], "validation_failed", "{body}");
    body["error"]["fields"]["file"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect()
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn pdf_png_and_jpeg_go_in_and_come_back_unchanged_and_never_rendered() {
    let app = spawn_app().await;
    let (token, id) = citizen_with_request(&app, "maria.p").await;
    let path = format!("/api/v1/requests/{id}/attachments");
    let mut uploaded = Vec::new();
    for (name, bytes, kind) in [
        ("βεβαίωση εργοδότη.pdf", pdf(), "application/pdf"),
        ("scan.png", png(), "image/png"),
        ("ταυτότητα.jpg", jpeg(), "image/jpeg"),
    ] {
        let response = app.upload(&path, &token, name, &bytes).await;
        assert_eq!(response.status(), 201, "{:?}", response.text().await);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["file_name"], name);
        assert_eq!(body["content_type"], kind);
        assert_eq!(body["size_bytes"], bytes.len());
        uploaded.push((body["id"].as_str().unwrap().to_owned(), name, bytes, kind));
    }

    let list: Value = app.get_json(&path, &token).await;
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["file_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["βεβαίωση εργοδότη.pdf", "scan.png", "ταυτότητα.jpg"]
    );
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|a| a["uploaded_by"] == "citizen")
    );

    for (attachment_id, name, bytes, kind) in &uploaded {
        let response = app
            .get_with(&format!("{path}/{attachment_id}"), &token)
            .await;
        assert_eq!(response.status(), 200);
        assert_eq!(header(&response, "content-type"), *kind);
        let encoded: String = name
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b == b'.' {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        assert_eq!(
            header(&response, "content-disposition"),
            format!("attachment; filename*=UTF-8''{encoded}")
        );
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
        assert_eq!(header(&response, "cache-control"), "private, no-store");
        assert_eq!(response.bytes().await.unwrap().as_ref(), bytes.as_slice());
    }

    // On disk: one file each, under a year folder, named by the server; no temporary leftovers.
    let stored = app.stored_files();
    assert_eq!(stored.len(), 3, "{stored:?}");
    for file in &stored {
        let relative = file.strip_prefix(app.data_dir.join("attachments")).unwrap();
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        assert_eq!(parts.len(), 2, "{relative:?}");
        assert!(
            parts[0].len() == 4 && parts[0].chars().all(|c| c.is_ascii_digit()),
            "{relative:?}"
        );
        assert!(uuid::Uuid::parse_str(&parts[1]).is_ok(), "{relative:?}");
    }
    let uploads = app.audit_of("attachment.uploaded").await;
    assert_eq!(uploads.len(), 3);
    let me: Value = app.get_json("/api/v1/me", &token).await;
    assert!(uploads.iter().all(
        |(actor, subject, outcome)| actor.as_deref() == me["id"].as_str()
            && subject.as_deref() == me["id"].as_str()
            && outcome == "success"
    ));
}

#[tokio::test]
async fn a_file_is_judged_by_its_content_not_by_its_name() {
    let app = spawn_app().await;
    let (token, id) = citizen_with_request(&app, "maria.p").await;
    let html = b"<html><body><script>alert(document.cookie)</script></body></html>";
    let response = app
        .upload(
            &format!("/api/v1/requests/{id}/attachments"),
            &token,
            "evil.pdf",
            html,
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        field_codes(&response.json().await.unwrap()),
        ["unsupported_type"]
    );
    assert_eq!(
        app.stored_files(),
        Vec::<PathBuf>::new(),
        "no file is left behind"
    );
    assert_eq!(app.attachment_rows().await, 0);

    let empty = app
        .upload(
            &format!("/api/v1/requests/{id}/attachments"),
            &token,
            "empty.pdf",
            b"",
        )
        .await;
    assert_eq!(empty.status(), 422);
    let not_multipart = app
        .client
        .post(app.url(&format!("/api/v1/requests/{id}/attachments")))
        .bearer_auth(&token)
        .json(&json!({"file": "%PDF-"}))
        .send()
        .await
        .unwrap();
    assert_eq!(not_multipart.status(), 422);
    assert_eq!(
        field_codes(&not_multipart.json().await.unwrap()),
        ["required"]
    );
    assert_eq!(app.stored_files(), Vec::<PathBuf>::new());
}

#[tokio::test]
async fn a_file_over_ten_mib_is_refused_and_leaves_nothing_behind() {
    let app = spawn_app().await;
    let (token, id) = citizen_with_request(&app, "maria.p").await;
    let mut big = pdf();
    big.resize(10 * 1024 * 1024 + 1, b'x');
    let response = app
        .upload(
            &format!("/api/v1/requests/{id}/attachments"),
            &token,
            "big.pdf",
            &big,
        )
        .await;
    assert_eq!(response.status(), 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "payload_too_large");
    assert_eq!(app.stored_files(), Vec::<PathBuf>::new(), "no orphan file");
    assert_eq!(app.attachment_rows().await, 0, "no half request");
    assert!(app.audit_of("attachment.uploaded").await.is_empty());
}

#[tokio::test]
async fn a_file_of_exactly_ten_mib_is_accepted() {
    let app = spawn_app().await;
    let (token, id) = citizen_with_request(&app, "maria.p").await;
    let mut big = pdf();
    big.resize(10 * 1024 * 1024, b'x');
    let response = app
        .upload(
            &format!("/api/v1/requests/{id}/attachments"),
            &token,
            "big.pdf",
            &big,
        )
        .await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    assert_eq!(app.stored_files().len(), 1);
}

#[tokio::test]
async fn a_request_carries_at_most_five_files() {
    let app = spawn_app().await;
    let (token, id) = citizen_with_request(&app, "maria.p").await;
    let path = format!("/api/v1/requests/{id}/attachments");
    for n in 1..=5 {
        let response = app
            .upload(&path, &token, &format!("page-{n}.pdf"), &pdf())
            .await;
        assert_eq!(response.status(), 201);
    }
    let sixth = app.upload(&path, &token, "page-6.pdf", &pdf()).await;
    assert_eq!(sixth.status(), 422);
    assert_eq!(field_codes(&sixth.json().await.unwrap()), ["too_many"]);
    assert_eq!(app.stored_files().len(), 5);
    assert_eq!(app.attachment_rows().await, 5);
}

#[tokio::test]
async fn a_closed_request_takes_no_more_files_from_its_citizen() {
    let app = spawn_app().await;
    let (token, id) = citizen_with_request(&app, "maria.p").await;
    let cancelled = app
        .client
        .post(app.url(&format!("/api/v1/requests/{id}/cancel")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), 200);
    let response = app
        .upload(
            &format!("/api/v1/requests/{id}/attachments"),
            &token,
            "late.pdf",
            &pdf(),
        )
        .await;
    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "request_closed");
    assert_eq!(app.stored_files(), Vec::<PathBuf>::new());
}

#[tokio::test]
async fn another_citizens_request_does_not_exist_for_uploads_or_downloads() {
    let app = spawn_app().await;
    let (owner, id) = citizen_with_request(&app, "maria.p").await;
    let path = format!("/api/v1/requests/{id}/attachments");
    let created: Value = app
        .upload(&path, &owner, "mine.pdf", &pdf())
        .await
        .json()
        .await
        .unwrap();
    let attachment_id = created["id"].as_str().unwrap();
    let other = app.confirmed_citizen("nikos.k", "nikos@example.gr").await;

    let upload = app.upload(&path, &other, "planted.pdf", &pdf()).await;
    assert_eq!(upload.status(), 404);
    let body: Value = upload.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    assert_eq!(app.get_with(&path, &other).await.status(), 404);
    assert_eq!(
        app.get_with(&format!("{path}/{attachment_id}"), &other)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.stored_files().len(),
        1,
        "nothing of the refused upload is kept"
    );
    assert_eq!(app.attachment_rows().await, 1);

    // An attachment id under another request of one's own is not found either.
    let (_, other_request) = {
        let response = app
            .client
            .post(app.url("/api/v1/requests"))
            .bearer_auth(&other)
            .json(&json!({"service": "residence_certificate", "delivery": "pickup"}))
            .send()
            .await
            .unwrap();
        let body: Value = response.json().await.unwrap();
        ((), body["id"].as_str().unwrap().to_owned())
    };
    let crossed = app
        .get_with(
            &format!("/api/v1/requests/{other_request}/attachments/{attachment_id}"),
            &other,
        )
        .await;
    assert_eq!(crossed.status(), 404);
    assert_eq!(app.get_with(&path, "").await.status(), 401);
}

#[tokio::test]
async fn the_departments_clerks_read_and_add_files_and_others_are_refused_and_audited() {
    let app = spawn_app().await;
    let (token, id) = citizen_with_request(&app, "maria.p").await;
    let me: Value = app.get_json("/api/v1/me", &token).await;
    let citizen_id = me["id"].as_str().unwrap();
    let created: Value = app
        .upload(
            &format!("/api/v1/requests/{id}/attachments"),
            &token,
            "lease.pdf",
            &pdf(),
        )
        .await
        .json()
        .await
        .unwrap();
    let attachment_id = created["id"].as_str().unwrap();
    let staff_path = format!("/api/v1/staff/requests/{id}/attachments");

    let (clara, clara_id) = clerk_of(&app, "clara", "registry").await;
    let list: Value = app.get_json(&staff_path, &clara).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let download = app
        .get_with(&format!("{staff_path}/{attachment_id}"), &clara)
        .await;
    assert_eq!(download.status(), 200);
    assert_eq!(
        header(&download, "content-disposition"),
        "attachment; filename*=UTF-8''lease.pdf"
    );
    assert_eq!(download.bytes().await.unwrap().as_ref(), pdf().as_slice());
    let views = app.audit_of("staff.attachment_viewed").await;
    assert_eq!(
        views,
        [(
            Some(clara_id.clone()),
            Some(citizen_id.to_owned()),
            "success".to_owned()
        )]
    );

    // The department answers with a document of its own, which the citizen can read.
    let answer = app
        .upload(&staff_path, &clara, "απάντηση.png", &png())
        .await;
    assert_eq!(answer.status(), 201);
    let answer: Value = answer.json().await.unwrap();
    assert_eq!(answer["content_type"], "image/png");
    let mine: Value = app
        .get_json(&format!("/api/v1/requests/{id}/attachments"), &token)
        .await;
    assert_eq!(mine.as_array().unwrap().len(), 2);
    assert_eq!(mine[1]["uploaded_by"], "staff");
    let theirs = app
        .get_with(
            &format!(
                "/api/v1/requests/{id}/attachments/{}",
                answer["id"].as_str().unwrap()
            ),
            &token,
        )
        .await;
    assert_eq!(theirs.status(), 200);

    // A clerk of another department: nothing exists, and the attempts are audited.
    let (olga, olga_id) = clerk_of(&app, "olga", "civil_status").await;
    assert_eq!(app.get_with(&staff_path, &olga).await.status(), 404);
    let refused = app
        .get_with(&format!("{staff_path}/{attachment_id}"), &olga)
        .await;
    assert_eq!(refused.status(), 404);
    let upload = app.upload(&staff_path, &olga, "planted.pdf", &pdf()).await;
    assert_eq!(upload.status(), 404);
    let denied = app.audit_of("authorization.denied").await;
    assert_eq!(denied.len(), 3);
    assert!(denied.iter().all(
        |(actor, _, outcome)| actor.as_deref() == Some(olga_id.as_str()) && outcome == "denied"
    ));
    assert_eq!(
        app.audit_of("staff.attachment_viewed").await.len(),
        1,
        "a refusal is no view"
    );
    assert_eq!(app.stored_files().len(), 2);

    // A citizen's token is no staff token.
    assert_eq!(app.get_with(&staff_path, &token).await.status(), 401);
}

#[tokio::test]
async fn a_client_path_never_reaches_the_disk() {
    let app = spawn_app().await;
    let (token, id) = citizen_with_request(&app, "maria.p").await;
    let path = format!("/api/v1/requests/{id}/attachments");
    let response = app
        .upload(&path, &token, "../../etc/passwd.pdf", &pdf())
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["file_name"], "passwd.pdf");
    let stored = app.stored_files();
    assert_eq!(stored.len(), 1);
    assert!(stored[0].starts_with(app.data_dir.join("attachments")));
    assert!(
        !stored[0].to_string_lossy().contains("passwd"),
        "{stored:?}"
    );
    let storage_path: String = sqlx::query_scalar("SELECT storage_path FROM attachments")
        .fetch_one(store(&app).await.pool())
        .await
        .unwrap();
    assert!(
        !storage_path.contains("passwd") && !storage_path.contains(".."),
        "{storage_path}"
    );
    let download = app
        .get_with(&format!("{path}/{}", body["id"].as_str().unwrap()), &token)
        .await;
    assert_eq!(
        header(&download, "content-disposition"),
        "attachment; filename*=UTF-8''passwd.pdf"
    );

    let windows = app
        .upload(&path, &token, "C:\\Users\\maria\\..\\secret.pdf", &pdf())
        .await;
    let body: Value = windows.json().await.unwrap();
    assert_eq!(body["file_name"], "secret.pdf");
}

#[tokio::test]
async fn page_uploads_need_the_csrf_token_before_the_file() {
    let app = spawn_app().await;
    let (token, id) = citizen_with_request(&app, "maria.p").await;
    let mut browser = app.browser();
    browser.login("maria.p", PASSWORD).await;
    browser.get("/account").await;
    let csrf = browser.csrf.clone().expect("a page with a form");
    let form = format!("/requests/{id}/attachments");
    let file = pdf();

    let (status, _) = post_page_form(
        &app,
        &browser.client,
        &form,
        &[("file", Some("a.pdf"), &file)],
    )
    .await;
    assert_eq!(status, 403, "no token");
    let (status, _) = post_page_form(
        &app,
        &browser.client,
        &form,
        &[
            ("file", Some("a.pdf"), &file),
            ("csrf_token", None, csrf.as_bytes()),
        ],
    )
    .await;
    assert_eq!(status, 403, "the token after the file");
    let (status, _) = post_page_form(
        &app,
        &browser.client,
        &form,
        &[
            (
                "csrf_token",
                None,
                b"forged-token-forged-token-forged-token-123",
            ),
            ("file", Some("a.pdf"), &file),
        ],
    )
    .await;
    assert_eq!(status, 403, "a wrong token");
    assert_eq!(app.stored_files(), Vec::<PathBuf>::new());
    assert_eq!(app.attachment_rows().await, 0);

    let (_, landed) = post_page_form(
        &app,
        &browser.client,
        &form,
        &[
            ("csrf_token", None, csrf.as_bytes()),
            ("file", Some("a.pdf"), &file),
        ],
    )
    .await;
    assert_eq!(
        landed,
        format!("/requests/{id}"),
        "back to the request page"
    );
    assert_eq!(app.attachment_rows().await, 1);

    let (_, refused) = post_page_form(
        &app,
        &browser.client,
        &form,
        &[
            ("csrf_token", None, csrf.as_bytes()),
            ("file", Some("evil.pdf"), b"<html></html>"),
        ],
    )
    .await;
    assert_eq!(
        refused,
        format!("/requests/{id}?upload_error=unsupported_type")
    );
    let (_, nothing) = post_page_form(
        &app,
        &browser.client,
        &form,
        &[
            ("csrf_token", None, csrf.as_bytes()),
            ("file", Some(""), b""),
        ],
    )
    .await;
    assert_eq!(nothing, format!("/requests/{id}?upload_error=required"));
    assert_eq!(app.attachment_rows().await, 1);

    // Downloads from the page, with the same headers as the API's.
    let list: Value = app
        .get_json(&format!("/api/v1/requests/{id}/attachments"), &token)
        .await;
    let attachment_id = list[0]["id"].as_str().unwrap();
    let download = browser
        .client
        .get(app.url(&format!("/requests/{id}/attachments/{attachment_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(header(&download, "content-type"), "application/pdf");
    assert_eq!(
        header(&download, "content-disposition"),
        "attachment; filename*=UTF-8''a.pdf"
    );
    assert_eq!(header(&download, "x-content-type-options"), "nosniff");
    assert_eq!(download.bytes().await.unwrap().as_ref(), file.as_slice());

    // Another citizen's browser finds nothing.
    app.confirmed_citizen("nikos.k", "nikos@example.gr").await;
    let mut other = app.browser();
    other.login("nikos.k", PASSWORD).await;
    let theirs = other
        .client
        .get(app.url(&format!("/requests/{id}/attachments/{attachment_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 404);
}

#[tokio::test]
async fn concurrent_uploads_never_make_a_sixth_file_nor_leave_one_behind() {
    let app = spawn_app().await;
    let (token, id) = citizen_with_request(&app, "maria.p").await;
    let path = format!("/api/v1/requests/{id}/attachments");
    for n in 1..=3 {
        assert_eq!(
            app.upload(&path, &token, &format!("{n}.pdf"), &pdf())
                .await
                .status(),
            201
        );
    }
    let mut big = pdf();
    big.resize(2 * 1024 * 1024, b'x');
    let (a, b, c) = tokio::join!(
        app.upload(&path, &token, "a.pdf", &big),
        app.upload(&path, &token, "b.pdf", &big),
        app.upload(&path, &token, "c.pdf", &big),
    );
    let mut statuses = [
        a.status().as_u16(),
        b.status().as_u16(),
        c.status().as_u16(),
    ];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 201, 422]);
    assert_eq!(app.attachment_rows().await, 5);
    assert_eq!(
        app.stored_files().len(),
        5,
        "the refused upload's file is gone"
    );
}

#[tokio::test]
async fn the_openapi_document_describes_the_attachment_routes() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let paths = &doc["paths"];
    for (path, methods) in [
        ("/api/v1/requests/{id}/attachments", &["post", "get"][..]),
        (
            "/api/v1/requests/{id}/attachments/{attachment_id}",
            &["get"][..],
        ),
        (
            "/api/v1/staff/requests/{id}/attachments",
            &["post", "get"][..],
        ),
        (
            "/api/v1/staff/requests/{id}/attachments/{attachment_id}",
            &["get"][..],
        ),
    ] {
        for method in methods {
            assert!(paths[path][method].is_object(), "{method} {path}");
        }
    }
    let upload = &paths["/api/v1/requests/{id}/attachments"]["post"];
    assert!(upload["requestBody"]["content"]["multipart/form-data"].is_object());
    for status in ["201", "404", "413", "422"] {
        assert!(upload["responses"][status].is_object(), "{status}");
    }
}

#[tokio::test]
async fn the_departments_clerk_attaches_and_reads_files_from_the_staff_pages() {
    let app = spawn_app().await;
    let (_, id) = citizen_with_request(&app, "maria.p").await;
    let secret = add_staff(&app, "clara", &[StaffRole::Clerk], &["registry"]).await;
    let mut clara = app.browser();
    clara.get("/staff/login").await;
    let dashboard = clara
        .post(
            "/staff/login",
            &[
                ("username", "clara"),
                ("password", crate::support::accounts::STAFF_PASSWORD),
                ("totp", &crate::support::accounts::code(&secret, 0)),
            ],
        )
        .await;
    assert_eq!(dashboard.status, 200, "{}", dashboard.html);
    let csrf = clara.csrf.clone().expect("the staff dashboard has a form");
    let form = format!("/staff/requests/{id}/attachments");

    let (status, _) = post_page_form(
        &app,
        &clara.client,
        &form,
        &[("file", Some("reply.pdf"), &pdf())],
    )
    .await;
    assert_eq!(status, 403);
    let (_, landed) = post_page_form(
        &app,
        &clara.client,
        &form,
        &[
            ("csrf_token", None, csrf.as_bytes()),
            ("file", Some("reply.pdf"), &pdf()),
        ],
    )
    .await;
    assert_eq!(landed, format!("/staff/requests/{id}"));
    let mut big = pdf();
    big.resize(10 * 1024 * 1024 + 1, b'x');
    let (_, too_large) = post_page_form(
        &app,
        &clara.client,
        &form,
        &[
            ("csrf_token", None, csrf.as_bytes()),
            ("file", Some("big.pdf"), &big),
        ],
    )
    .await;
    assert_eq!(
        too_large,
        format!("/staff/requests/{id}?upload_error=too_large")
    );
    assert_eq!(app.stored_files().len(), 1);

    let attachment_id: String = sqlx::query_scalar("SELECT id FROM attachments")
        .fetch_one(store(&app).await.pool())
        .await
        .unwrap();
    let download = clara
        .client
        .get(app.url(&format!("/staff/requests/{id}/attachments/{attachment_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(
        header(&download, "content-disposition"),
        "attachment; filename*=UTF-8''reply.pdf"
    );
    assert_eq!(app.audit_of("staff.attachment_viewed").await.len(), 1);

    // Not logged in as staff: to the staff login, nothing stored.
    let stranger = app.browser();
    let response = stranger
        .client
        .get(app.url(&format!("/staff/requests/{id}/attachments/{attachment_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.url().path(), "/staff/login");
}
