//! One fact, one function: the office where a request is collected is the same on the
//! citizen's page, the clerk's page and the API (dimos_app::requests::pickup_office).

use crate::support::TestApp;
use crate::support::accounts::{PASSWORD, staff_browser};
use crate::support::browser::Browser;
use crate::support::spawn_app;
use dimos_domain::StaffRole;
use serde_json::{Value, json};

/// The office's code the staff API names, and its Greek name as the pages show it.
async fn api_office(app: &TestApp, clerk: &str, id: &str) -> Option<(String, String)> {
    let detail: Value = app
        .get_json(&format!("/api/v1/staff/requests/{id}"), clerk)
        .await;
    let code = detail["pickup_office"].as_str()?.to_owned();
    let offices = app.state.app.offices().await.unwrap();
    let name = offices
        .iter()
        .find(|o| o.code == code)
        .map(|o| o.name_el.clone())
        .unwrap_or_else(|| panic!("the API names an unknown office {code}"));
    Some((code, name))
}

/// The office is shown on both pages and named by the API, the citizen's API included.
async fn all_agree(
    app: &TestApp,
    citizen: (&str, &mut Browser),
    clerk: (&str, &mut Browser),
    id: &str,
) -> String {
    let (code, name) = api_office(app, clerk.0, id)
        .await
        .expect("the staff API names the pickup office");
    let own: Value = app
        .get_json(&format!("/api/v1/requests/{id}"), citizen.0)
        .await;
    assert_eq!(own["pickup_office"], code.as_str(), "{own}");
    let page = citizen.1.get(&format!("/requests/{id}")).await;
    assert!(page.contains(&name), "the citizen's page: {}", page.html);
    let page = clerk.1.get(&format!("/staff/requests/{id}")).await;
    assert!(page.contains(&name), "the clerk's page: {}", page.html);
    code
}

#[tokio::test]
async fn the_pickup_office_is_the_same_on_both_pages_and_the_api() {
    let app = spawn_app().await;
    let (_, token) = app
        .confirmed_level_b_citizen("maria.p", "maria@example.gr")
        .await;
    let mut maria = app.browser();
    maria.login("maria.p", PASSWORD).await;
    let clerk = app.clerk("tasos", &["treasury"]).await;
    let mut eleni = staff_browser(&app, "eleni", &[StaffRole::Clerk], &["treasury"]).await;
    let submit = |delivery: &'static str| {
        let app = &app;
        let token = token.clone();
        async move {
            let created: Value = app
                .submit(
                    &token,
                    &json!({"service": "no_debt_certificate", "delivery": delivery}),
                )
                .await
                .json()
                .await
                .unwrap();
            created["id"].as_str().unwrap().to_owned()
        }
    };

    // A pickup request: collected at the office from the start.
    let pickup = submit("pickup").await;
    let at = all_agree(&app, (&token, &mut maria), (&clerk, &mut eleni), &pickup).await;

    // By post: no office while it travels …
    let post = submit("post").await;
    assert_eq!(api_office(&app, &clerk, &post).await, None);
    for body in [
        json!({"to": "in_progress"}),
        json!({"to": "dispatched", "tracking_number": "EL100000001GR"}),
        json!({"to": "returned"}),
        json!({"to": "ready_for_pickup"}),
    ] {
        let moved = app.transition(&clerk, &post, &body).await;
        assert_eq!(moved.status(), 200, "{body}: {:?}", moved.text().await);
    }
    // … and once returned it waits at the same office, on every surface.
    let returned = all_agree(&app, (&token, &mut maria), (&clerk, &mut eleni), &post).await;
    assert_eq!(returned, at);
}
