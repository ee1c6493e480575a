//! Level A through the pages only: registering, confirming the e-mail, the account and its
//! details, the password, the sessions, and a forgotten password.

use crate::support::accounts::PASSWORD;
use crate::support::browser::{Browser, Page};
use crate::support::pages::{MARIA, registration_form, with};
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};

const PUBLIC_URL: &str = "http://127.0.0.1:8080";
const NEW_PASSWORD: &str = "Quiet harbour lights at dusk 7";

/// The details form as the page first shows it to Maria (the values she registered with).
fn details_form() -> Vec<(&'static str, String)> {
    [
        ("email", "maria@example.gr"),
        ("phone", "+306912345678"),
        ("street", "Ερμού 10"),
        ("postal_code", "10557"),
        ("city", "Αθήνα"),
    ]
    .into_iter()
    .chain(MARIA)
    .chain([("current_password", "")])
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

async fn submit(browser: &mut Browser, path: &str, form: &[(&str, String)]) -> Page {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.post(path, &fields).await
}

/// The path and query of a link in a mail, to open it on the test server.
fn local(link: &str) -> &str {
    link.strip_prefix(PUBLIC_URL)
        .expect("links use the public URL")
}

/// The ids in `action="/account/sessions/{id}/end"` on the sessions page.
fn session_ids(page: &Page) -> Vec<String> {
    page.html
        .split("action=\"/account/sessions/")
        .skip(1)
        .filter_map(|rest| rest.split_once("/end\"").map(|(id, _)| id.to_owned()))
        .collect()
}

impl TestApp {
    async fn citizen_count(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM citizens")
            .fetch_one(store(self).await.pool())
            .await
            .unwrap()
    }

    async fn citizen_column(&self, username: &str, column: &str) -> Option<String> {
        let sql = format!("SELECT {column} FROM citizens WHERE username = $1");
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(username)
            .fetch_one(store(self).await.pool())
            .await
            .unwrap()
    }

    async fn token_count(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM citizen_tokens")
            .fetch_one(store(self).await.pool())
            .await
            .unwrap()
    }

    async fn api_status(&self, token: &str) -> u16 {
        self.get_with("/api/v1/me", token).await.status().as_u16()
    }

    /// Stands in for the verifier's counter (which comes later): the account becomes Level B.
    async fn make_level_b(&self, username: &str) {
        sqlx::query("UPDATE citizens SET level = 'B' WHERE username = $1")
            .bind(username)
            .execute(store(self).await.pool())
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn the_level_a_story_through_the_pages() {
    let app = spawn_app().await;
    let mut browser = app.browser();
    let form = browser.get("/register").await;
    assert_eq!(form.status, 200);
    assert!(form.contains("<h1>Εγγραφή Χρήστη</h1>"));
    for attribute in [
        "autocomplete=\"new-password\"",
        "autocomplete=\"bday-day\"",
        "autocomplete=\"bday-month\"",
        "autocomplete=\"bday-year\"",
        "autocomplete=\"postal-code\"",
    ] {
        assert!(form.contains(attribute), "{attribute}");
    }
    assert!(
        form.contains("href=\"/certification\""),
        "Level A and B are explained"
    );

    // Registered, and logged in at once.
    let account = submit(
        &mut browser,
        "/register",
        &registration_form("maria.p", "maria@example.gr"),
    )
    .await;
    assert_eq!((account.status, account.path.as_str()), (200, "/account"));
    assert!(account.contains("Καλώς ήρθατε!"), "welcome notice");
    assert!(
        account.contains("Επιβεβαιώστε τη διεύθυνση e-mail σας"),
        "unconfirmed notice"
    );
    assert!(account.contains("action=\"/account/resend-confirmation\""));
    assert!(account.contains("<span class=\"badge badge-a\">Επίπεδο Α</span>"));
    assert!(account.contains("Πώς γίνεστε χρήστης Επιπέδου Β"));
    assert!(
        account.contains("Κέντρο Εξυπηρέτησης Δημοτών"),
        "offices that certify identity are listed"
    );
    assert!(
        !account.contains("Ταμείο του Δήμου"),
        "offices that do not certify are not"
    );
    assert!(
        account.contains("(maria.p)"),
        "the header names who is logged in"
    );

    // The mailed link opens a page; only its button confirms (mail scanners follow links).
    let mail = app.wait_for_mail("maria@example.gr", 1).await;
    let link = mail.link(&format!("{PUBLIC_URL}/confirm-email?token="));
    let confirm = browser.get(local(&link)).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.contains("action=\"/confirm-email\""));
    assert_eq!(
        app.audit_count("citizen.email_confirmed", "success").await,
        0,
        "opening the link confirms nothing"
    );
    let token = mail.token(&format!("{PUBLIC_URL}/confirm-email?token="));
    let done = browser.post("/confirm-email", &[("token", &token)]).await;
    assert_eq!(done.path, "/confirm-email/done");
    assert!(done.contains("Η διεύθυνση e-mail επιβεβαιώθηκε"));
    let account = browser.get("/account").await;
    assert!(account.contains("badge-ok\">Επιβεβαιωμένη"));
    assert!(!account.contains("Επιβεβαιώστε τη διεύθυνση e-mail σας"));

    // The phone changes without the password.
    let details = browser.get("/account/details").await;
    assert!(details.contains("value=\"+306912345678\""));
    assert!(
        details.contains("name=\"given_name\""),
        "Level A may still correct identity details"
    );
    let saved = submit(
        &mut browser,
        "/account/details",
        &with(&details_form(), &[("phone", "210 123 4567")]),
    )
    .await;
    assert_eq!(saved.path, "/account");
    assert!(saved.contains("Τα στοιχεία σας αποθηκεύτηκαν."));
    assert!(saved.contains("+302101234567"));

    // The address needs the current password.
    browser.get("/account/details").await;
    let moved = with(
        &details_form(),
        &[("phone", "+302101234567"), ("street", "Αιόλου 20")],
    );
    let refused = submit(&mut browser, "/account/details", &moved).await;
    assert_eq!(refused.status, 422);
    assert!(refused.contains("Γράψτε το τρέχον συνθηματικό σας για να επιβεβαιώσετε την αλλαγή."));
    assert!(refused.contains("href=\"#current_password\""));
    assert!(
        refused.contains("value=\"Αιόλου 20\""),
        "what was typed is kept"
    );
    assert_eq!(
        app.citizen_column("maria.p", "street").await.as_deref(),
        Some("Ερμού 10")
    );
    let wrong = submit(
        &mut browser,
        "/account/details",
        &with(&moved, &[("current_password", "Not my password at all")]),
    )
    .await;
    assert!(wrong.contains("Το τρέχον συνθηματικό δεν είναι σωστό."));
    assert!(!wrong.contains("Not my password at all"));
    let saved = submit(
        &mut browser,
        "/account/details",
        &with(&moved, &[("current_password", PASSWORD)]),
    )
    .await;
    assert_eq!(saved.path, "/account");
    assert!(saved.contains("Αιόλου 20"));

    // A new password ends the other sessions (here: an app's).
    let api_token = app.login("maria.p", PASSWORD).await;
    let form = browser.get("/account/password").await;
    assert!(
        form.contains("autocomplete=\"current-password\"")
            && form.contains("id=\"new_password-rules\"")
    );
    let changed = browser
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(changed.path, "/account");
    assert!(changed.contains("Το συνθηματικό σας άλλαξε."));
    assert_eq!(
        app.api_status(&api_token).await,
        401,
        "the other session ended"
    );
    assert_eq!(
        browser.get("/account").await.path,
        "/account",
        "this one did not"
    );

    // The sessions page lists them all, marks this one, and ends others.
    let api_token = app.login("maria.p", NEW_PASSWORD).await;
    let mut phone = app.browser();
    assert_eq!(phone.login("maria.p", NEW_PASSWORD).await.path, "/account");
    let sessions = browser.get("/account/sessions").await;
    assert_eq!(sessions.status, 200);
    assert!(sessions.contains("Αυτή η σύνδεση") && sessions.contains("Εφαρμογή (API)"));
    assert!(sessions.contains("127.0.0.1"));
    let others = session_ids(&sessions);
    assert_eq!(others.len(), 2, "two sessions besides this one");
    let ended = browser
        .post(&format!("/account/sessions/{}/end", others[0]), &[])
        .await;
    assert_eq!(ended.path, "/account/sessions");
    assert!(ended.contains("Η σύνδεση τερματίστηκε."));
    assert_eq!(session_ids(&ended).len(), 1);
    let all = browser.post("/account/sessions/end-others", &[]).await;
    assert!(all.contains("Όλες οι άλλες συνδέσεις τερματίστηκαν."));
    assert!(session_ids(&all).is_empty());
    assert_eq!(app.api_status(&api_token).await, 401);
    assert_eq!(phone.get("/account").await.path, "/login");

    // Logging out.
    let out = browser.post("/logout", &[]).await;
    assert_eq!(out.path, "/");
    assert_eq!(browser.get("/account").await.path, "/login");
}

#[tokio::test]
async fn bad_registrations_show_every_problem_in_greek_and_in_english_and_create_nothing() {
    let app = spawn_app().await;
    let bad = with(
        &registration_form("m", "not-an-email"),
        &[
            ("given_name", ""),
            ("birth_date_day", "30"),
            ("birth_date_month", "2"),
            ("tax_number", "123456789"),
            ("postal_code", "1234"),
            ("password", "Tiny secret"),
        ],
    );
    let mut browser = app.browser();
    browser.get("/register").await;
    let page = submit(&mut browser, "/register", &bad).await;
    assert_eq!(page.status, 422);
    assert!(page.contains("<title>Σφάλμα: Εγγραφή Χρήστη"));
    assert!(page.contains("class=\"error-summary\" role=\"alert\""));
    for (field, message) in [
        ("username", "Το όνομα χρήστη έχει τουλάχιστον 3 χαρακτήρες."),
        (
            "email",
            "Γράψτε τη διεύθυνση με τη μορφή onoma@example.gr, με ένα @.",
        ),
        ("given_name", "Συμπληρώστε αυτό το πεδίο."),
        ("birth_date", "Αυτή η ημερομηνία δεν υπάρχει."),
        ("tax_number", "Αυτός ο ΑΦΜ δεν είναι έγκυρος"),
        ("postal_code", "Ο ταχυδρομικός κώδικας έχει 5 ψηφία"),
        ("password", "Το συνθηματικό έχει τουλάχιστον 12 χαρακτήρες."),
    ] {
        assert!(
            page.contains(&format!("<a href=\"#{field}\">")),
            "the summary links to {field}"
        );
        assert!(page.contains(message), "{field}: {message}");
    }
    assert!(
        page.contains("aria-describedby=\"username-hint username-error\" aria-invalid=\"true\"")
    );
    assert!(
        page.contains("id=\"address-postal_code-error\""),
        "the use case's field name, tied to the input"
    );
    assert!(
        page.contains("value=\"not-an-email\"")
            && page.contains("value=\"1234\"")
            && page.contains("value=\"Ερμού 10\"")
    );
    assert!(
        !page.contains("Tiny secret"),
        "the password is never echoed"
    );
    assert!(!page.contains("aria-invalid=\"true\" id=\"city\""));

    let mut english = app.browser();
    assert_eq!(english.get("/register?lang=en").await.status, 200);
    let page = submit(&mut english, "/register", &bad).await;
    assert_eq!(page.status, 422);
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("There is a problem with what you entered"));
    assert!(page.contains("A username has at least 3 characters."));
    assert!(page.contains("There is no such date."));
    assert!(page.contains("A password has at least 12 characters."));
    assert!(!page.contains("Tiny secret"));

    assert_eq!(app.citizen_count().await, 0, "nothing was created");
    assert_eq!(app.audit_count("citizen.register", "success").await, 0);
}

#[tokio::test]
async fn a_taken_username_is_shown_under_the_username() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    let mut browser = app.browser();
    browser.get("/register").await;
    let page = submit(
        &mut browser,
        "/register",
        &registration_form("Maria.P", "other@example.gr"),
    )
    .await;
    assert_eq!(page.status, 422);
    assert!(page.contains("<ul class=\"field-errors\" id=\"username-error\">"));
    assert!(page.contains("Αυτό το όνομα χρήστη το έχει ήδη άλλος χρήστης."));
    assert!(page.contains("value=\"other@example.gr\""));
    assert!(!page.contains(PASSWORD));
    assert_eq!(app.citizen_count().await, 1);
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_the_pages() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    let mut browser = app.browser();
    let form = browser.get("/password-reset").await;
    assert!(form.contains("autocomplete=\"email\""));
    let unknown = browser
        .post("/password-reset", &[("email", "nobody@example.gr")])
        .await;
    let known = browser
        .post("/password-reset", &[("email", "maria@example.gr")])
        .await;
    assert_eq!(unknown.path, "/password-reset/sent");
    assert_eq!(
        unknown.html, known.html,
        "the same answer whether or not the address is known"
    );
    assert!(known.contains("Αν υπάρχει λογαριασμός με αυτή τη διεύθυνση e-mail"));
    let malformed = browser.post("/password-reset", &[("email", "maria")]).await;
    assert_eq!(malformed.status, 422);

    let prefix = format!("{PUBLIC_URL}/password-reset/confirm?token=");
    let mail = app.wait_for_mail("maria@example.gr", 2).await;
    let link = mail.link(&prefix);
    let page = browser.get(local(&link)).await;
    assert_eq!(page.status, 200);
    assert!(page.contains("action=\"/password-reset/confirm\""));
    let token = mail.token(&prefix);
    let weak = browser
        .post(
            "/password-reset/confirm",
            &[
                ("token", &token),
                ("new_password", "maria.p forever and ever"),
            ],
        )
        .await;
    assert_eq!(weak.status, 422);
    assert!(
        weak.contains(
            "Το συνθηματικό περιέχει το όνομα, το όνομα χρήστη, το e-mail ή τον ΑΦΜ σας."
        )
    );
    assert!(
        weak.contains(&format!("name=\"token\" value=\"{token}\"")),
        "a refused password keeps the link usable"
    );
    let done = browser
        .post(
            "/password-reset/confirm",
            &[("token", &token), ("new_password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(done.path, "/password-reset/done");
    assert!(done.contains("href=\"/login\""));

    let again = browser
        .post(
            "/password-reset/confirm",
            &[("token", &token), ("new_password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(again.status, 422);
    assert!(again.contains("Ο σύνδεσμος για νέο συνθηματικό δεν ισχύει."));
    assert!(
        again.contains("href=\"/password-reset\""),
        "a way to a new link"
    );
    assert_eq!(
        browser.get("/password-reset/confirm").await.status,
        422,
        "no token, no form"
    );

    assert_eq!(
        browser.login("maria.p", PASSWORD).await.status,
        401,
        "the old password is gone"
    );
    assert_eq!(
        browser.login("maria.p", NEW_PASSWORD).await.path,
        "/account"
    );
}

#[tokio::test]
async fn a_used_confirmation_link_says_so_and_offers_a_new_one() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    let prefix = format!("{PUBLIC_URL}/confirm-email?token=");
    let token = app
        .wait_for_mail("maria@example.gr", 1)
        .await
        .token(&prefix);
    let mut browser = app.browser();
    browser.get(&format!("/confirm-email?token={token}")).await;
    let bogus = browser
        .post("/confirm-email", &[("token", "not-a-real-token")])
        .await;
    assert_eq!(bogus.status, 422);
    assert!(bogus.contains("Ο σύνδεσμος επιβεβαίωσης δεν ισχύει."));
    assert!(
        bogus.contains("href=\"/login?next=/account\""),
        "logged out: log in to ask for a new link"
    );

    // Logged in, with the address still unconfirmed: the resend button is right there.
    browser.login("maria.p", PASSWORD).await;
    let page = browser.get(&format!("/confirm-email?token={token}")).await;
    assert_eq!(page.status, 200);
    let tokens = app.token_count().await;
    let bogus = browser
        .post("/confirm-email", &[("token", "not-a-real-token")])
        .await;
    assert!(bogus.contains("action=\"/account/resend-confirmation\""));
    let resent = browser.post("/account/resend-confirmation", &[]).await;
    assert_eq!(resent.path, "/account");
    assert!(resent.contains("Στείλαμε νέο σύνδεσμο επιβεβαίωσης"));
    assert_eq!(app.token_count().await, tokens + 1);
    let fresh = app
        .wait_for_mail("maria@example.gr", 2)
        .await
        .token(&prefix);
    assert_ne!(fresh, token);
    browser.get(&format!("/confirm-email?token={fresh}")).await;
    assert_eq!(
        browser
            .post("/confirm-email", &[("token", &fresh)])
            .await
            .path,
        "/confirm-email/done"
    );
    browser.get(&format!("/confirm-email?token={token}")).await;
    assert_eq!(
        browser
            .post("/confirm-email", &[("token", &token)])
            .await
            .status,
        422,
        "an address is confirmed once"
    );
}

#[tokio::test]
async fn every_account_form_refuses_a_missing_csrf_token_and_changes_nothing() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    let api_token = app.login("maria.p", PASSWORD).await;
    let confirm_token = app
        .wait_for_mail("maria@example.gr", 1)
        .await
        .token(&format!("{PUBLIC_URL}/confirm-email?token="));
    let mut browser = app.browser();
    browser.login("maria.p", PASSWORD).await;
    let api_session = session_ids(&browser.get("/account/sessions").await)
        .pop()
        .expect("the API session");

    let register = registration_form("eve.x", "eve@example.gr");
    let register: Vec<(&str, &str)> = register.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let end_one = format!("/account/sessions/{api_session}/end");
    let tokens = app.token_count().await;
    let forms: [(&str, Vec<(&str, &str)>); 9] = [
        ("/register", register),
        ("/confirm-email", vec![("token", confirm_token.as_str())]),
        ("/password-reset", vec![("email", "maria@example.gr")]),
        (
            "/password-reset/confirm",
            vec![
                ("token", confirm_token.as_str()),
                ("new_password", NEW_PASSWORD),
            ],
        ),
        ("/account/resend-confirmation", vec![]),
        ("/account/details", vec![("phone", "2101234567")]),
        (
            "/account/password",
            vec![
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
            ],
        ),
        (&end_one, vec![]),
        ("/account/sessions/end-others", vec![]),
    ];
    for (path, fields) in &forms {
        let page = browser.post_without_token(path, fields).await;
        assert_eq!(page.status, 403, "{path}");
    }

    assert_eq!(app.citizen_count().await, 1);
    assert_eq!(
        app.audit_count("citizen.email_confirmed", "success").await,
        0
    );
    assert_eq!(
        app.audit_count("citizen.password_reset_requested", "success")
            .await,
        0
    );
    assert_eq!(app.token_count().await, tokens, "no new link was made");
    assert_eq!(
        app.citizen_column("maria.p", "phone").await.as_deref(),
        Some("+306912345678")
    );
    assert_eq!(
        app.api_status(&api_token).await,
        200,
        "no session was ended"
    );
    assert_eq!(browser.get("/account").await.path, "/account");
    app.login("maria.p", PASSWORD).await;
}

#[tokio::test]
async fn the_account_pages_need_a_login() {
    let app = spawn_app().await;
    for path in [
        "/account",
        "/account/details",
        "/account/password",
        "/account/sessions",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 303, "{path}");
        let location = response.headers()["location"].to_str().unwrap();
        assert_eq!(location, format!("/login?next={path}"));
    }
    app.register("maria.p", "maria@example.gr").await;
    let mut browser = app.browser();
    let login = browser.get("/account/sessions").await;
    assert_eq!(login.path, "/login");
    let back = browser
        .post(
            "/login",
            &[
                ("username", "maria.p"),
                ("password", PASSWORD),
                ("next", "/account/sessions"),
            ],
        )
        .await;
    assert_eq!(
        back.path, "/account/sessions",
        "back where the citizen wanted to go"
    );
}

#[tokio::test]
async fn a_level_b_account_cannot_edit_its_identity() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    app.make_level_b("maria.p").await;
    let mut browser = app.browser();
    browser.login("maria.p", PASSWORD).await;

    let account = browser.get("/account").await;
    assert!(account.contains("<span class=\"badge badge-b\">Επίπεδο Β</span>"));
    assert!(!account.contains("Πώς γίνεστε χρήστης Επιπέδου Β"));
    assert!(account.contains("Λαμβάνετε τα έγγραφα ταχυδρομικώς, με αντικαταβολή."));
    let english = browser.get("/account?lang=en").await;
    assert!(english.contains("<span class=\"badge badge-b\">Level B</span>"));

    let details = browser.get("/account/details?lang=el").await;
    assert!(details.contains("Πιστοποιημένα στοιχεία ταυτότητας"));
    assert!(details.contains("<dd>Μαρία</dd>") && details.contains("<dd>12/04/1985</dd>"));
    for field in [
        "given_name",
        "family_name",
        "father_name",
        "birth_date_day",
        "tax_number",
    ] {
        assert!(
            !details.contains(&format!("name=\"{field}\"")),
            "{field} is read-only"
        );
    }
    // A form sent anyway is refused, and says why.
    let forged = submit(
        &mut browser,
        "/account/details",
        &with(&details_form(), &[("given_name", "Ελένη")]),
    )
    .await;
    assert_eq!(forged.status, 422);
    assert!(forged.contains("Τα στοιχεία αυτά πιστοποιήθηκαν αυτοπροσώπως"));
    assert!(forged.contains("href=\"#certified\""));
    assert_eq!(
        app.citizen_column("maria.p", "given_name").await.as_deref(),
        Some("Μαρία")
    );

    // Contact details still change.
    browser.get("/account/details").await;
    let contact: Vec<_> = details_form()
        .into_iter()
        .filter(|(k, _)| {
            [
                "email",
                "phone",
                "street",
                "postal_code",
                "city",
                "current_password",
            ]
            .contains(k)
        })
        .collect();
    let saved = submit(
        &mut browser,
        "/account/details",
        &with(&contact, &[("phone", "")]),
    )
    .await;
    assert_eq!(saved.path, "/account");
    assert_eq!(
        app.citizen_column("maria.p", "phone").await,
        None,
        "an empty phone clears it"
    );
}
