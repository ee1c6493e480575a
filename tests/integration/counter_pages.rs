//! Level B at the counter, in the browser: a verifier finds a citizen, certifies their identity
//! against a police ID card or passport, prints the receipt, and may revoke it.

use crate::support::accounts::PASSWORD;
use crate::support::accounts::registry_staff_browser;
use crate::support::browser::Page;
use crate::support::counter::{certification, certifying_office, valid_until, with};
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use dimos_domain::{DocumentNumber, DocumentType, StaffRole};
use serde_json::Value;

/// Registers a Level A citizen (Μαρία Παπαδοπούλου, born 1985-04-12, tax number 090000045);
/// returns the id.
async fn citizen(app: &TestApp, username: &str) -> String {
    let created = app
        .register(username, &format!("{username}@example.gr"))
        .await;
    created["id"].as_str().unwrap().to_owned()
}

/// The level the API reports for a citizen.
async fn level(app: &TestApp, username: &str) -> String {
    let token = app.login(username, PASSWORD).await;
    let me: Value = app.get_json("/api/v1/me", &token).await;
    me["level"].as_str().unwrap().to_owned()
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn is_level_b(page: &Page) -> bool {
    page.contains("badge badge-b")
}

#[tokio::test]
async fn a_verifier_certifies_a_citizen_whose_open_session_shows_level_b_at_once() {
    let app = spawn_app().await;
    let id = citizen(&app, "maria.p").await;
    let mut maria = app.browser();
    maria.login("maria.p", PASSWORD).await;
    let before = maria.get("/account").await;
    assert!(before.contains("badge badge-a") && !is_level_b(&before));

    let mut vera = registry_staff_browser(&app, "vera", StaffRole::Verifier).await;
    let empty = vera.get("/staff/citizens").await;
    assert_eq!(empty.status, 200);
    assert!(empty.contains("«Παπαδοπούλου 12/04/1985»"), "the hint");
    assert!(empty.contains("aria-describedby=\"q-hint\""));

    // Another case and no accents: the family name is folded for the search.
    let q = encode("ΠΑΠΑΔΟΠΟΥΛΟΥ 12/04/1985");
    let found = vera.get(&format!("/staff/citizens?q={q}")).await;
    assert_eq!(found.status, 200);
    let profile_link = format!("href=\"/staff/citizens/{id}\"");
    assert!(found.contains(&profile_link), "{}", found.html);
    assert!(found.contains("maria.p") && found.contains("12/04/1985"));
    assert!(found.contains("badge badge-a"));
    for q in [
        "maria.p",
        "090000045",
        "MARIA.P%40example.gr",
        "papadopoulou",
    ] {
        let page = vera.get(&format!("/staff/citizens?q={q}")).await;
        let expect_found = q != "papadopoulou";
        assert_eq!(page.contains(&profile_link), expect_found, "q={q}");
    }
    let nobody = vera
        .get(&format!(
            "/staff/citizens?q={}",
            encode("Νικολάου 01/01/1990")
        ))
        .await;
    assert_eq!(nobody.status, 200);
    assert!(nobody.contains("Δεν βρέθηκε πολίτης"));

    let profile = vera.get(&format!("/staff/citizens/{id}")).await;
    assert_eq!(profile.status, 200);
    assert!(profile.contains("Παπαδοπούλου") && profile.contains("Γεώργιος"));
    assert!(profile.contains("12/04/1985") && profile.contains("maria.p@example.gr"));
    assert!(
        profile.contains("μη επαληθευμένος"),
        "the tax number is not verified yet"
    );
    assert!(profile.contains(&format!("action=\"/staff/citizens/{id}/certify\"")));
    assert!(profile.contains("Στοιχεία ταυτότητας όπως στο έγγραφο"));
    assert!(profile.contains("value=\"090000045\""), "prefilled");
    assert!(profile.contains(" selected>"), "an office preselected");

    let office = certifying_office(&app).await;
    let expires = valid_until();
    let receipt = vera
        .post(
            &format!("/staff/citizens/{id}/certify"),
            &certification(&office, &expires),
        )
        .await;
    assert_eq!(receipt.status, 200, "{}", receipt.html);
    assert_eq!(receipt.path, format!("/staff/citizens/{id}/receipt"));
    let masked = DocumentNumber::parse(DocumentType::IdCard, "ΑΚ 123456")
        .unwrap()
        .masked();
    assert_eq!(masked, "AK ••••56");
    assert!(receipt.contains(&masked), "{}", receipt.html);
    assert!(!receipt.contains("123456"), "never the whole number");
    for text in [
        "Βεβαίωση πιστοποίησης ταυτότητας",
        "Μαρία Παπαδοπούλου",
        "Γεώργιος",
        "12/04/1985",
        "090000045",
        "Αστυνομική ταυτότητα",
        "Τ.Α. Καλλιθέας",
        "vera (test)",
        "Ctrl+P",
        "Ο/Η πολίτης",
        "Ο/Η υπάλληλος",
    ] {
        assert!(receipt.contains(text), "the receipt shows {text}");
    }
    let reference: String =
        sqlx::query_scalar("SELECT id FROM verifications WHERE citizen_id = $1")
            .bind(&id)
            .fetch_one(store(&app).await.pool())
            .await
            .unwrap();
    assert!(
        receipt.contains(&reference),
        "the verification id is the reference"
    );

    // Her session, open all along, shows Level B without logging in again.
    let after = maria.get("/account").await;
    assert_eq!(after.status, 200);
    assert!(is_level_b(&after), "{}", after.html);

    let certified = vera.get(&format!("/staff/citizens/{id}")).await;
    assert!(is_level_b(&certified));
    assert!(certified.contains(&masked) && certified.contains("vera (test)"));
    assert!(certified.contains("επαληθευμένος"));
    assert!(certified.contains(&format!("href=\"/staff/citizens/{id}/receipt\"")));
    assert!(certified.contains(&format!("action=\"/staff/citizens/{id}/revoke\"")));
    assert!(
        !certified.contains("/certify\""),
        "no second certification form"
    );

    let english = vera
        .get(&format!("/staff/citizens/{id}/receipt?lang=en"))
        .await;
    assert!(
        english.contains("Identity certification receipt") && english.contains("Police ID card")
    );
    assert_eq!(
        app.audit_count("verification.certified", "success").await,
        1
    );
}

#[tokio::test]
async fn bad_documents_are_refused_field_by_field_and_nothing_changes() {
    let app = spawn_app().await;
    let id = citizen(&app, "maria.p").await;
    let mut vera = registry_staff_browser(&app, "vera", StaffRole::Verifier).await;
    vera.get(&format!("/staff/citizens/{id}")).await;
    let office = certifying_office(&app).await;
    let expires = valid_until();
    let path = format!("/staff/citizens/{id}/certify");

    let expired = vera
        .post(&path, &certification(&office, "2020-01-31"))
        .await;
    assert_eq!(expired.status, 422);
    assert!(
        expired.contains("Το έγγραφο έχει λήξει"),
        "{}",
        expired.html
    );
    assert!(
        expired.contains("href=\"#expires_on\""),
        "in the error summary"
    );
    assert!(expired.contains("aria-invalid=\"true\""));
    assert!(expired.contains("aria-describedby=\"expires_on-hint expires_on-error\""));
    assert!(
        expired.contains("value=\"Τ.Α. Καλλιθέας\""),
        "values are kept"
    );
    assert!(expired.contains("value=\"id_card\" checked"));

    let malformed = vera
        .post(
            &path,
            &with(
                certification(&office, &expires),
                "document_number",
                "ΑΚ 12345",
            ),
        )
        .await;
    assert_eq!(malformed.status, 422);
    assert!(malformed.contains("href=\"#document_number\""));
    assert!(malformed.contains("Ο αριθμός δεν έχει τη μορφή του εγγράφου"));
    assert!(malformed.contains("value=\"ΑΚ 12345\""));

    let passport = vera
        .post(
            &path,
            &with(
                certification(&office, &expires),
                "document_type",
                "passport",
            ),
        )
        .await;
    assert_eq!(
        passport.status, 422,
        "a passport has 2 letters and 7 digits"
    );

    let blank = vera.post(&path, &[("office", office.as_str())]).await;
    assert_eq!(blank.status, 422);
    for field in ["document_type", "issuing_authority", "expires_on"] {
        assert!(blank.contains(&format!("href=\"#{field}\"")), "{field}");
    }
    assert!(blank.contains("Επιλέξτε το είδος του εγγράφου"));

    assert_eq!(level(&app, "maria.p").await, "A");
    assert_eq!(
        app.audit_count("verification.certified", "success").await,
        0
    );

    let unknown = vera.get("/staff/citizens/no-such-citizen").await;
    assert_eq!(unknown.status, 404);
    let unknown_post = vera
        .post(
            "/staff/citizens/no-such-citizen/certify",
            &certification(&office, &expires),
        )
        .await;
    assert_eq!(unknown_post.status, 404);
    let no_receipt = vera.get(&format!("/staff/citizens/{id}/receipt")).await;
    assert_eq!(no_receipt.status, 404, "not certified: no receipt");

    let empty_q = vera.get("/staff/citizens?q=").await;
    assert_eq!(empty_q.status, 422);
    assert!(empty_q.contains("aria-describedby=\"q-hint q-error\""));
    assert!(empty_q.contains("Γράψτε τι αναζητάτε"));
}

#[tokio::test]
async fn one_person_has_one_certified_account() {
    let app = spawn_app().await;
    // Both registered with the same tax number, 090000045.
    let first = citizen(&app, "maria.p").await;
    let second = citizen(&app, "maria.twin").await;
    let mut vera = registry_staff_browser(&app, "vera", StaffRole::Verifier).await;
    let office = certifying_office(&app).await;
    let expires = valid_until();

    vera.get(&format!("/staff/citizens/{first}")).await;
    let certified = vera
        .post(
            &format!("/staff/citizens/{first}/certify"),
            &certification(&office, &expires),
        )
        .await;
    assert_eq!(certified.status, 200);

    vera.get(&format!("/staff/citizens/{second}")).await;
    let conflict = vera
        .post(
            &format!("/staff/citizens/{second}/certify"),
            &certification(&office, &expires),
        )
        .await;
    assert_eq!(conflict.status, 409);
    assert!(
        conflict.contains("Ο ΑΦΜ αυτός είναι ήδη πιστοποιημένος σε άλλον λογαριασμό"),
        "{}",
        conflict.html
    );
    assert!(conflict.contains("role=\"alert\""));
    assert!(
        !conflict.contains("maria.p@"),
        "nothing of the other account"
    );
    assert!(!conflict.contains(&first), "not even its id");
    assert!(
        conflict.contains("value=\"Τ.Α. Καλλιθέας\""),
        "values are kept"
    );
    assert_eq!(level(&app, "maria.twin").await, "A");

    let again = vera
        .post(
            &format!("/staff/citizens/{first}/certify"),
            &certification(&office, &expires),
        )
        .await;
    assert_eq!(again.status, 409);
    assert!(again.contains("Ο λογαριασμός αυτός είναι ήδη πιστοποιημένος"));
    assert_eq!(
        app.audit_count("verification.certified", "success").await,
        1
    );
}

#[tokio::test]
async fn a_certification_is_revoked_with_a_reason_and_can_be_made_again() {
    let app = spawn_app().await;
    let id = citizen(&app, "maria.p").await;
    let mut maria = app.browser();
    maria.login("maria.p", PASSWORD).await;
    let mut vera = registry_staff_browser(&app, "vera", StaffRole::Verifier).await;
    let office = certifying_office(&app).await;
    let expires = valid_until();
    vera.get(&format!("/staff/citizens/{id}")).await;
    vera.post(
        &format!("/staff/citizens/{id}/certify"),
        &certification(&office, &expires),
    )
    .await;
    assert!(is_level_b(&maria.get("/account").await));

    let revoke = format!("/staff/citizens/{id}/revoke");
    vera.get(&format!("/staff/citizens/{id}")).await;
    let no_reason = vera.post(&revoke, &[("reason", "  ")]).await;
    assert_eq!(no_reason.status, 422);
    assert!(no_reason.contains("Γράψτε τον λόγο της ανάκλησης"));
    assert!(no_reason.contains("href=\"#reason\""));
    assert!(no_reason.contains("aria-describedby=\"reason-hint reason-error\""));
    assert_eq!(level(&app, "maria.p").await, "B");

    let revoked = vera
        .post(&revoke, &[("reason", "Λάθος πρόσωπο κατά την πιστοποίηση")])
        .await;
    assert_eq!(revoked.status, 200);
    assert_eq!(revoked.path, format!("/staff/citizens/{id}"));
    assert!(revoked.contains("Η πιστοποίηση ανακλήθηκε"));
    assert!(revoked.contains("badge badge-a") && !is_level_b(&revoked));
    assert!(revoked.contains("/certify\""), "the form to certify again");
    assert!(!is_level_b(&maria.get("/account").await));
    assert_eq!(level(&app, "maria.p").await, "A");

    let twice = vera.post(&revoke, &[("reason", "Ξανά")]).await;
    assert_eq!(twice.status, 409);
    assert!(twice.contains("δεν υπάρχει πιστοποίηση για ανάκληση"));

    let recertified = vera
        .post(
            &format!("/staff/citizens/{id}/certify"),
            &certification(&office, &expires),
        )
        .await;
    assert_eq!(recertified.path, format!("/staff/citizens/{id}/receipt"));
    assert!(is_level_b(&maria.get("/account").await));
}

#[tokio::test]
async fn only_verifiers_and_admins_reach_the_counter() {
    let app = spawn_app().await;
    let id = citizen(&app, "maria.p").await;

    let mut clerk = registry_staff_browser(&app, "anna", StaffRole::Clerk).await;
    let refused = clerk.get("/staff/citizens").await;
    assert_eq!(refused.status, 403);
    assert_eq!(app.audit_count("authorization.denied", "denied").await, 1);
    assert_eq!(
        clerk.get(&format!("/staff/citizens/{id}")).await.status,
        403
    );
    assert_eq!(app.audit_count("staff.citizen_viewed", "success").await, 0);

    let mut maria = app.browser();
    maria.login("maria.p", PASSWORD).await;
    let redirected = maria.get("/staff/citizens").await;
    assert_eq!(redirected.path, "/staff/login");
    assert_eq!(
        app.browser()
            .get(&format!("/staff/citizens/{id}"))
            .await
            .path,
        "/staff/login"
    );

    let mut admin = registry_staff_browser(&app, "root.admin", StaffRole::Admin).await;
    let page = admin.get(&format!("/staff/citizens/{id}?lang=en")).await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Identity details as on the document"));
}

#[tokio::test]
async fn forms_without_the_token_change_nothing() {
    let app = spawn_app().await;
    let id = citizen(&app, "maria.p").await;
    let mut vera = registry_staff_browser(&app, "vera", StaffRole::Verifier).await;
    let office = certifying_office(&app).await;
    let expires = valid_until();

    let forged = vera
        .post_without_token(
            &format!("/staff/citizens/{id}/certify"),
            &certification(&office, &expires),
        )
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(level(&app, "maria.p").await, "A");

    vera.get(&format!("/staff/citizens/{id}")).await;
    vera.post(
        &format!("/staff/citizens/{id}/certify"),
        &certification(&office, &expires),
    )
    .await;
    let forged = vera
        .post_without_token(
            &format!("/staff/citizens/{id}/revoke"),
            &[("reason", "forged")],
        )
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(level(&app, "maria.p").await, "B");
}

#[tokio::test]
async fn every_profile_opened_is_audited_and_shown_to_the_citizen() {
    let app = spawn_app().await;
    let id = citizen(&app, "maria.p").await;
    let mut vera = registry_staff_browser(&app, "vera", StaffRole::Verifier).await;
    vera.get("/staff/citizens?q=maria.p").await;
    assert_eq!(app.audit_count("staff.citizen_search", "success").await, 1);
    assert_eq!(app.audit_count("staff.citizen_viewed", "success").await, 0);
    vera.get(&format!("/staff/citizens/{id}")).await;
    vera.get(&format!("/staff/citizens/{id}")).await;
    assert_eq!(app.audit_count("staff.citizen_viewed", "success").await, 2);

    let mut maria = app.browser();
    maria.login("maria.p", PASSWORD).await;
    let activity = maria.get("/account/activity").await;
    assert_eq!(activity.status, 200);
    // Citizens see staff by their display name, never by username.
    assert!(
        activity.contains("<td>vera (test)</td>"),
        "{}",
        activity.html
    );
    assert!(activity.contains("Είδε τα στοιχεία του λογαριασμού σας στο γκισέ."));
}
