//! The citizen's history in words, in Greek and in English: no raw action codes.

use crate::support::accounts::PASSWORD;
use crate::support::api::id_of;
use crate::support::spawn_app;
use serde_json::{Value, json};

/// Any `family.name` action code (e.g. `request.submitted`) shown on a page.
fn raw_codes(html: &str) -> Vec<String> {
    dimos_domain::AUDIT_ACTIONS
        .iter()
        .filter(|code| html.contains(*code))
        .map(|code| (*code).to_owned())
        .collect()
}

#[tokio::test]
async fn the_activity_page_tells_the_history_in_words_in_both_languages() {
    let app = spawn_app().await;
    let token = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let mut submitted = Vec::new();
    for service in ["birth_certificate", "residence_certificate"] {
        let body = json!({"service": service, "delivery": "pickup"});
        let answer: Value = app.submit(&token, &body).await.json().await.unwrap();
        submitted.push(answer);
    }
    let (first, second) = (&submitted[0], &submitted[1]);
    let (first_p, second_p) = (
        first["protocol_number"].as_str().unwrap().to_owned(),
        second["protocol_number"].as_str().unwrap().to_owned(),
    );
    let cancel = app
        .client
        .post(app.url(&format!(
            "/api/v1/requests/{}/cancel",
            second["id"].as_str().unwrap()
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(cancel.status(), 200);
    // A verifier certifies her at the counter with her ID card.
    let id = id_of(app.get_with("/api/v1/me", &token).await).await;
    let verifier = app.verifier_token("vera").await;
    let certified = app
        .certify(&verifier, &id, &crate::support::api::document())
        .await;
    assert_eq!(certified.status(), 200, "{:?}", certified.text().await);

    let mut maria = app.browser();
    maria.login("maria.p", PASSWORD).await;
    let greek = maria.get("/account/activity?lang=el").await;
    assert_eq!(greek.status, 200);
    for sentence in [
        "Δημιουργήσατε τον λογαριασμό σας.",
        "Επιβεβαιώσατε τη διεύθυνση e-mail σας.",
        "Συνδεθήκατε στον λογαριασμό σας.",
        &format!("Υποβάλατε το αίτημα {first_p} (Πιστοποιητικό γέννησης)."),
        &format!("Ακυρώσατε το αίτημα {second_p}."),
        "Πιστοποίησε την ταυτότητά σας (Επίπεδο Β) με",
        // The bilingual reason, in Greek only.
        "Πιστοποίηση ταυτότητας στο γκισέ</td>",
    ] {
        assert!(greek.contains(sentence), "{sentence}: {}", greek.html);
    }
    assert!(
        !greek.contains("identity certification at the counter"),
        "{}",
        greek.html
    );
    assert_eq!(raw_codes(&greek.html), Vec::<String>::new());

    let english = maria.get("/account/activity?lang=en").await;
    for sentence in [
        "You created your account.",
        "You confirmed your e-mail address.",
        "You logged in to your account.",
        &format!("You submitted request {first_p} (Birth certificate)."),
        &format!("You cancelled request {second_p}."),
        "Certified your identity (Level B) with a",
        "identity certification at the counter</td>",
    ] {
        assert!(english.contains(sentence), "{sentence}: {}", english.html);
    }
    assert!(
        !english.contains("Πιστοποίηση ταυτότητας στο γκισέ"),
        "{}",
        english.html
    );
    // The office by its name, not its code.
    assert!(
        !english.contains("citizen_service_centre"),
        "{}",
        english.html
    );
    assert_eq!(raw_codes(&english.html), Vec::<String>::new());
}
