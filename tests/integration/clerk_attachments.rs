//! The purpose of the department's files: `information` reaches any owner; a `result` (the
//! document itself) a Level B owner only — Level A collects it in person at the office.

use crate::support::accounts::PASSWORD;
use crate::support::accounts::staff_browser;
use crate::support::api::{citizen_with_request, clerk_of};
use crate::support::multipart::{content_type, multipart, pdf};
use crate::support::pages::post_page_form;
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use dimos_domain::StaffRole;
use serde_json::Value;

impl TestApp {
    /// A staff upload of a PDF with these extra parts (before or after the file).
    async fn staff_upload_with(
        &self,
        token: &str,
        id: &str,
        before: &[(&str, &[u8])],
        after: &[(&str, &[u8])],
    ) -> reqwest::Response {
        let file = pdf();
        let mut parts: Vec<(&str, Option<&str>, &[u8])> =
            before.iter().map(|(n, v)| (*n, None, *v)).collect();
        parts.push(("file", Some("result.pdf"), &file));
        parts.extend(after.iter().map(|(n, v)| (*n, None, *v)));
        self.client
            .post(self.url(&format!("/api/v1/staff/requests/{id}/attachments")))
            .bearer_auth(token)
            .header("content-type", content_type())
            .body(multipart(&parts))
            .send()
            .await
            .unwrap()
    }

    async fn set_level(&self, username: &str, level: &str) {
        sqlx::query("UPDATE citizens SET level = $1 WHERE username = $2")
            .bind(level)
            .bind(username)
            .execute(store(self).await.pool())
            .await
            .unwrap();
    }
}

async fn created_id(response: reqwest::Response, purpose: &str) -> String {
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["purpose"], purpose, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_result_reaches_a_level_b_owner_only_and_information_any_owner() {
    let app = spawn_app().await;
    let (token, id) = citizen_with_request(&app, "maria.p").await;
    let (other, _) = citizen_with_request(&app, "nikos.k").await;
    let (clerk, _) = clerk_of(&app, "clara", "registry").await;

    // The purpose may come after the file; without one a file is information.
    let result = created_id(
        app.staff_upload_with(&clerk, &id, &[], &[("purpose", b"result")])
            .await,
        "result",
    )
    .await;
    let info = created_id(
        app.staff_upload_with(&clerk, &id, &[], &[]).await,
        "information",
    )
    .await;
    let info2 = created_id(
        app.staff_upload_with(&clerk, &id, &[("purpose", b"information")], &[])
            .await,
        "information",
    )
    .await;

    // An unknown purpose: 422 on `purpose`, nothing kept.
    let bad = app
        .staff_upload_with(&clerk, &id, &[("purpose", b"secret")], &[])
        .await;
    assert_eq!(bad.status(), 422);
    let body: Value = bad.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(body["error"]["fields"]["purpose"][0], "unknown_value");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachments")
        .fetch_one(store(&app).await.pool())
        .await
        .unwrap();
    assert_eq!(rows, 3);

    // The owner's list shows each file's purpose.
    let list: Value = app
        .get_json(&format!("/api/v1/requests/{id}/attachments"), &token)
        .await;
    let purposes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["purpose"].as_str().unwrap())
        .collect();
    assert_eq!(purposes, ["result", "information", "information"]);

    let download = |who: &str, file: &str| {
        let path = format!("/api/v1/requests/{id}/attachments/{file}");
        let who = who.to_owned();
        let app = &app;
        async move { app.get_with(&path, &who).await }
    };
    // Level A: the information, never the result.
    assert_eq!(download(&token, &info).await.status(), 200);
    assert_eq!(download(&token, &info2).await.status(), 200);
    let refused = download(&token, &result).await;
    assert_eq!(refused.status(), 403);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "level_b_required");
    // Another citizen: it does not exist.
    assert_eq!(download(&other, &result).await.status(), 404);
    assert_eq!(download(&other, &info).await.status(), 404);
    // The department's clerk reads it as any file.
    let staff = app
        .get_with(
            &format!("/api/v1/staff/requests/{id}/attachments/{result}"),
            &clerk,
        )
        .await;
    assert_eq!(staff.status(), 200);

    // Level B: the result too, unchanged.
    app.set_level("maria.p", "B").await;
    let got = download(&token, &result).await;
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().as_ref(), pdf().as_slice());
    // Another citizen at Level B still does not find it.
    app.set_level("nikos.k", "B").await;
    assert_eq!(download(&other, &result).await.status(), 404);
}

#[tokio::test]
async fn a_citizen_cannot_mark_a_file_of_their_own_as_a_result() {
    let app = spawn_app().await;
    let (token, id) = citizen_with_request(&app, "maria.p").await;
    let file = pdf();
    let response = app
        .client
        .post(app.url(&format!("/api/v1/requests/{id}/attachments")))
        .bearer_auth(&token)
        .header("content-type", content_type())
        .body(multipart(&[
            ("purpose", None, b"result"),
            ("file", Some("mine.pdf"), &file),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["fields"]["purpose"][0], "unknown_value");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachments")
        .fetch_one(store(&app).await.pool())
        .await
        .unwrap();
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn the_pages_offer_the_purpose_and_tell_level_a_the_result_waits_at_the_office() {
    let app = spawn_app().await;
    let (_, id) = citizen_with_request(&app, "maria.p").await;
    let mut clara = staff_browser(&app, "clara", &[StaffRole::Clerk], &["registry"]).await;
    let staff_page = clara.get(&format!("/staff/requests/{id}")).await;
    assert_eq!(staff_page.status, 200);
    for needle in [
        "<legend>Τι είναι το αρχείο</legend>",
        "id=\"purpose-information\" name=\"purpose\" type=\"radio\" value=\"information\" checked",
        "id=\"purpose-result\" name=\"purpose\" type=\"radio\" value=\"result\"",
        "<label for=\"purpose-result\">",
    ] {
        assert!(staff_page.contains(needle), "{needle}");
    }
    let csrf = clara.csrf.clone().expect("a form");
    let (_, landed) = post_page_form(
        &app,
        &clara.client,
        &format!("/staff/requests/{id}/attachments"),
        &[
            ("csrf_token", None, csrf.as_bytes()),
            ("purpose", None, b"result"),
            ("file", Some("certificate.pdf"), &pdf()),
        ],
    )
    .await;
    assert_eq!(landed, format!("/staff/requests/{id}"));
    let (purpose, attachment_id): (String, String) =
        sqlx::query_as("SELECT purpose, id FROM attachments")
            .fetch_one(store(&app).await.pool())
            .await
            .unwrap();
    assert_eq!(purpose, "result");
    let (_, refused) = post_page_form(
        &app,
        &clara.client,
        &format!("/staff/requests/{id}/attachments"),
        &[
            ("csrf_token", None, csrf.as_bytes()),
            ("purpose", None, b"everything"),
            ("file", Some("x.pdf"), &pdf()),
        ],
    )
    .await;
    assert_eq!(
        refused,
        format!("/staff/requests/{id}?upload_error=unknown_purpose")
    );

    // Level A: listed with the office named and no link; the download is refused.
    let mut maria = app.browser();
    maria.login("maria.p", PASSWORD).await;
    let page = maria.get(&format!("/requests/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.contains("certificate.pdf"));
    assert!(page.contains("Αποτέλεσμα του αιτήματος"));
    assert!(page.contains("Το έγγραφο σας περιμένει για παραλαβή αυτοπροσώπως στο γραφείο"));
    let link = format!("/requests/{id}/attachments/{attachment_id}");
    assert!(!page.contains(&link), "no download link for Level A");
    let direct = maria.client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(direct.status(), 403);
    let english = maria.get(&format!("/requests/{id}?lang=en")).await;
    assert!(english.contains("The document waits for you to collect it in person at the office"));

    // Level B: the link, and the file.
    app.set_level("maria.p", "B").await;
    let page = maria.get(&format!("/requests/{id}")).await;
    assert!(page.contains(&link));
    assert!(!page.contains("Το έγγραφο σας περιμένει"));
    let direct = maria.client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(direct.status(), 200);
}
