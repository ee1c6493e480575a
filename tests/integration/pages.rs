use crate::support::spawn_app;

#[tokio::test]
async fn the_home_page_is_greek_by_default_with_login_and_register() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"el\""));
    assert!(html.contains("Είσοδος"));
    assert!(html.contains("Εγγραφή Χρήστη"));
    assert!(
        html.contains("href=\"/certification\""),
        "links the certification levels page"
    );
    assert!(!html.contains("<script"), "no JavaScript");
}

#[tokio::test]
async fn english_is_chosen_by_query_and_remembered() {
    let app = spawn_app().await;
    let response = app.get("/?lang=en").await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("lang=en"), "{cookie}");
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("Log in"));
    assert!(html.contains("Register"));

    let remembered = app
        .client
        .get(app.url("/certification"))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(remembered.contains("<html lang=\"en\""));
    // An unknown language falls back to Greek.
    let greek = app.get("/?lang=xx").await.text().await.unwrap();
    assert!(greek.contains("<html lang=\"el\""));
}

#[tokio::test]
async fn the_language_switch_keeps_the_rest_of_the_query() {
    let app = spawn_app().await;
    let html = app.get("/services?x=1&lang=el").await.text().await.unwrap();
    assert!(
        html.contains("href=\"/services?x=1&#38;lang=en\""),
        "{html}"
    );
    let plain = app.get("/offices").await.text().await.unwrap();
    assert!(plain.contains("href=\"/offices?lang=en\""));
}
