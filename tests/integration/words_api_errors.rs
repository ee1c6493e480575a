//! The API's error messages follow the request's language; the codes never change.

use crate::support::spawn_app;
use serde_json::{Value, json};

async fn error_of(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    let code = body["error"]["code"].as_str().unwrap().to_owned();
    let message = body["error"]["message"].as_str().unwrap().to_owned();
    (status, code, message)
}

#[tokio::test]
async fn api_errors_are_greek_by_default_and_english_when_asked() {
    let app = spawn_app().await;
    let me = app.url("/api/v1/me");

    let greek = error_of(app.client.get(&me).send().await.unwrap()).await;
    assert_eq!(
        greek,
        (
            401,
            "unauthenticated".into(),
            "Απαιτείται ταυτοποίηση.".into()
        )
    );

    let by_query = error_of(
        app.client
            .get(format!("{me}?lang=en"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(by_query.1, "unauthenticated");
    assert_eq!(by_query.2, "Authentication is required.");

    let by_header = app
        .client
        .get(&me)
        .header("Accept-Language", "en-GB,en;q=0.9,el;q=0.5")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(by_header).await.2, "Authentication is required.");

    let by_cookie = app
        .client
        .get(&me)
        .header("Cookie", "lang=en")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(by_cookie).await.2, "Authentication is required.");

    // The query wins over the header.
    let query_wins = app
        .client
        .get(format!("{me}?lang=el"))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(query_wins).await.2, "Απαιτείται ταυτοποίηση.");
}

#[tokio::test]
async fn every_kind_of_error_answers_in_both_languages() {
    let app = spawn_app().await;
    let send = |path: &str, lang: &str, body: Option<&str>| {
        let mut request = app
            .client
            .post(app.url(path))
            .header("Accept-Language", lang)
            .header("Content-Type", "application/json");
        if let Some(body) = body {
            request = request.body(body.to_owned());
        }
        request.send()
    };
    // Bad JSON, bad fields, bad credentials, an unknown API route (made by a layer).
    // (path, body, status, code, a Greek and an English piece of the message)
    type Case<'a> = (&'a str, Option<&'a str>, u16, &'a str, &'a str, &'a str);
    let cases: [Case; 4] = [
        (
            "/api/v1/citizens",
            Some("{not json"),
            400,
            "invalid_json",
            "δεν είναι έγκυρο JSON",
            "not valid JSON",
        ),
        (
            "/api/v1/citizens",
            Some("{}"),
            422,
            "validation_failed",
            "Κάποια πεδία",
            "Some fields",
        ),
        (
            "/api/v1/sessions",
            Some(r#"{"username":"nobody","password":"wrong password here"}"#),
            401,
            "invalid_credentials",
            "συνθηματικό",
            "password",
        ),
        (
            "/api/v1/no-such-thing",
            None,
            404,
            "not_found",
            "Δεν βρέθηκε.",
            "Not found.",
        ),
    ];
    for (path, body, status, code, el, en) in cases {
        let (s, c, m) = error_of(send(path, "el", body).await.unwrap()).await;
        assert_eq!((s, c.as_str()), (status, code), "{path}");
        assert!(m.contains(el), "{path}: {m}");
        let (s, c, m) = error_of(send(path, "en", body).await.unwrap()).await;
        assert_eq!((s, c.as_str()), (status, code), "{path}");
        assert!(m.contains(en), "{path}: {m}");
    }
    // A 422 keeps its fields whatever the language.
    let answer: Value = send(
        "/api/v1/citizens",
        "en",
        Some(&json!({"username": "x"}).to_string()),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert!(answer["error"]["fields"].is_object(), "{answer}");
}
