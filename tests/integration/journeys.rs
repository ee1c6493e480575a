//! The seed's stories in real headless Chromium, through the pages only, in Greek and in English:
//! a citizen registers, confirms the e-mail from the mail's link, logs in and submits a request
//! at Level A; a verifier certifies her at the counter; in the same session she sees her debts and
//! asks for delivery by post; a clerk works the request through the queue and dispatches it; she
//! sees it delivered. And registration and login by keyboard alone. Every page is checked with
//! axe-core on the way (see `chromium.rs`). Only the staff accounts and the back-office debts are
//! set up behind the pages: citizens have no page for those.

use crate::support::accounts::PASSWORD;
use crate::support::accounts::add_staff;
use crate::support::chromium::{self, Chromium};
use crate::support::chromium::{assert_errors_are_tied_to_their_fields, staff_login};
use crate::support::cli::import;
use crate::support::counter::valid_until;
use crate::support::{TestApp, spawn_app};
use dimos_domain::StaffRole;
use dimos_web::Lang;
use fantoccini::key::Key;

/// The address the portal writes into its mails (its default public URL).
const PUBLIC_URL: &str = "http://127.0.0.1:8080";
const USERNAME: &str = "maria.p";
const EMAIL: &str = "maria@example.gr";

/// The registration form as Μαρία fills it in, in the order of the page.
const REGISTRATION: [(&str, &str); 13] = [
    ("given_name", "Μαρία"),
    ("family_name", "Παπαδοπούλου"),
    ("father_name", "Γεώργιος"),
    ("birth_date", "1985-04-12"),
    ("tax_number", "090000045"),
    ("social_security_number", ""),
    ("email", EMAIL),
    ("phone", "6912345678"),
    ("street", "Ερμού 10"),
    ("postal_code", "105 57"),
    ("city", "Αθήνα"),
    ("username", USERNAME),
    ("password", PASSWORD),
];

#[tokio::test]
async fn the_seed_stories_in_greek() {
    chromium::run("the_seed_stories_in_greek", |chromium| {
        seed_stories(chromium, Lang::El)
    })
    .await;
}

#[tokio::test]
async fn the_seed_stories_in_english() {
    chromium::run("the_seed_stories_in_english", |chromium| {
        seed_stories(chromium, Lang::En)
    })
    .await;
}

async fn seed_stories(chromium: Chromium, lang: Lang) {
    let app = spawn_app().await;
    import_debts(&app);

    // Μαρία registers, making mistakes first.
    let maria = chromium.window("citizen", &app.address).await;
    maria.goto("/").await;
    if lang == Lang::En {
        maria.switch_language("en").await;
    }
    maria.follow(".account-nav a.account-register").await;
    assert_eq!(maria.path().await, "/register");
    maria
        .follow("form[action='/register'] button[type=submit]")
        .await;
    assert!(maria.has(".error-summary").await, "the problems are listed");
    assert_errors_are_tied_to_their_fields(&maria, 5).await;
    for (name, value) in REGISTRATION {
        if name == "birth_date" {
            maria.fill_date(name, value).await;
        } else {
            maria.fill(name, value).await;
        }
    }
    maria
        .follow("form[action='/register'] button[type=submit]")
        .await;
    assert_eq!(maria.path().await, "/account");
    assert!(maria.has("#unconfirmed-heading").await);

    // She confirms her address with the link in the mail, and logs in.
    let mail = app.wait_for_mail(EMAIL, 1).await;
    let link = mail.link(&format!("{PUBLIC_URL}/confirm-email?token="));
    maria
        .goto(&link.replacen(PUBLIC_URL, &app.address, 1))
        .await;
    maria
        .follow("form[action='/confirm-email'] button[type=submit]")
        .await;
    assert_eq!(maria.path().await, "/confirm-email/done");
    maria.follow("form[action='/logout'] button").await;
    maria.follow(".account-nav a[href='/login']").await;
    maria.fill("username", USERNAME).await;
    maria.fill("password", "Not my password at all 9").await;
    maria
        .follow("form[action='/login'] button[type=submit]")
        .await;
    assert!(maria.has("#form-summary").await, "a failed login says so");
    assert!(
        maria
            .has("#password[aria-describedby='form-summary']")
            .await
    );
    maria.fill("password", PASSWORD).await;
    maria
        .follow("form[action='/login'] button[type=submit]")
        .await;
    assert_eq!(maria.path().await, "/account");
    assert!(!maria.has("#unconfirmed-heading").await, "confirmed");
    assert!(maria.has(".level .badge-a").await, "Level A");
    assert!(
        maria
            .text()
            .await
            .contains(&lang.t("account-level-a-cannot"))
    );

    // At Level A: a request to collect in person; no post, no debts.
    maria.follow("main a[href='/requests/new']").await;
    assert!(!maria.has("#delivery-post").await, "no post at Level A");
    assert!(
        maria
            .text()
            .await
            .contains(&lang.t("request-new-post-level-b")),
        "the form says why"
    );
    maria
        .click("input[name=service][value=residence_certificate]")
        .await;
    assert!(maria.has("#delivery-pickup:checked").await);
    assert!(
        maria
            .text()
            .await
            .contains(&lang.t("request-new-pickup-text")),
        "collected in person, against an ID"
    );
    maria.fill("notes", "Για την εφορία").await;
    maria
        .follow("form[action='/requests/new'] button[type=submit]")
        .await;
    let first = request_id(&maria.path().await);
    assert!(maria.text().await.contains("Για την εφορία"));
    maria.follow(".account-nav a[href='/account']").await;
    maria.follow("main a[href='/account/debts']").await;
    assert!(
        maria.has(".records-level-b").await,
        "told to become Level B"
    );
    assert!(!maria.has(".records-table").await, "no debts shown");
    assert!(
        maria
            .text()
            .await
            .contains(&lang.t("cert-upgrade-step-visit")),
        "told to visit an office"
    );
    maria.follow("main a[href='/certification']").await;

    // A verifier certifies her at the counter.
    let secret = add_staff(&app, "vera", &[StaffRole::Verifier], &["registry"]).await;
    let vera = chromium.window("verifier", &app.address).await;
    staff_login(&vera, "vera", &secret, lang).await;
    vera.follow("main a[href='/staff/citizens']").await;
    vera.fill("q", USERNAME).await;
    vera.follow("form.counter-search button[type=submit]").await;
    vera.follow(".counter-results a[href^='/staff/citizens/']")
        .await;
    assert_eq!(vera.value("#tax_number").await, "090000045", "prefilled");
    vera.click("input[name=document_type][value=id_card]").await;
    vera.fill("document_number", "ΑΚ 123456").await;
    vera.fill("issuing_authority", "Τ.Α. Καλλιθέας").await;
    vera.fill_date("expires_on", &valid_until()).await;
    vera.follow("form[action$='/certify'] button[type=submit]")
        .await;
    assert!(vera.path().await.ends_with("/receipt"), "the receipt");
    assert!(vera.text().await.contains("AK ••••56"));

    // Her session, open all along, is Level B now: her debts, and a request by post.
    maria.follow(".account-nav a[href='/account']").await;
    assert!(maria.has(".level .badge-b").await, "Level B at once");
    maria.follow("main a[href='/account/debts']").await;
    assert!(maria.has(".records-table").await);
    let debts = maria.text().await;
    assert!(debts.contains("Τέλος ακίνητης περιουσίας") && debts.contains("Β' εξάμηνο 2025"));
    maria.follow(".records-nav a[href='/account/fines']").await;
    maria
        .follow(".records-nav a[href='/account/pending']")
        .await;
    maria.follow(".account-nav a[href='/account']").await;
    maria.follow("main a[href='/requests/new']").await;
    assert!(
        maria.has("#delivery-post:checked").await,
        "post offered first"
    );
    maria
        .click("input[name=service][value=birth_certificate]")
        .await;
    maria
        .follow("form[action='/requests/new'] button[type=submit]")
        .await;
    let posted = request_id(&maria.path().await);
    assert_ne!(posted, first);
    assert!(
        maria
            .text()
            .await
            .contains(&lang.t("request-delivery-post"))
    );

    // The department's clerk works it and posts it.
    let secret = add_staff(&app, "anna", &[StaffRole::Clerk], &["registry"]).await;
    let anna = chromium.window("clerk", &app.address).await;
    staff_login(&anna, "anna", &secret, lang).await;
    anna.follow("main a[href='/staff/requests']").await;
    let in_queue = format!(".req-queue a[href='/staff/requests/{posted}']");
    anna.follow(&in_queue).await;
    anna.follow("form:has(input[name=to][value=in_progress]) button[type=submit]")
        .await;
    assert!(anna.has(".notice-success").await, "moved");
    anna.follow(".breadcrumb a[href='/staff/requests']").await;
    anna.follow(".req-dispatch-links a").await;
    let tracking = format!("tracking-{posted}");
    anna.fill(&tracking, "EL 12/34").await;
    anna.follow(".req-dispatch-form button[type=submit]").await;
    assert!(
        anna.has(&format!("#{tracking}[aria-invalid='true']")).await,
        "a bad tracking number is refused on its line"
    );
    assert_errors_are_tied_to_their_fields(&anna, 1).await;
    anna.fill(&tracking, "EL123456789GR").await;
    anna.follow(".req-dispatch-form button[type=submit]").await;
    assert!(anna.has(".req-results.notice-success").await, "dispatched");
    anna.follow(".breadcrumb a[href='/staff/requests']").await;
    anna.follow(&in_queue).await;
    anna.follow("form:has(input[name=to][value=delivered]) button[type=submit]")
        .await;
    assert!(anna.has(".req-status-delivered").await);

    // Μαρία sees it delivered.
    maria.follow(".account-nav a[href='/account']").await;
    maria.follow("main a[href='/requests']").await;
    maria
        .follow(&format!("main a[href='/requests/{posted}']"))
        .await;
    assert!(maria.has(".req-status-delivered").await);
    assert!(maria.text().await.contains("EL123456789GR"));
}

#[tokio::test]
async fn registration_and_login_by_keyboard_alone() {
    chromium::run(
        "registration_and_login_by_keyboard_alone",
        |chromium| async move {
            let app = spawn_app().await;
            let maria = chromium.window("citizen", &app.address).await;
            maria.goto("/register").await;

            // The first stop is the skip link; it leads into the page's content.
            maria.tab().await;
            maria.remember_focus().await;
            assert_eq!(maria.focused().await, "a.skip-link");
            maria.key(&[Key::Enter], false).await;
            assert_eq!(maria.focused().await, "#main");

            // Each field in the order of the form, then the button.
            let mut stops = Vec::new();
            for _ in 0..40 {
                maria.tab().await;
                let focused = maria.remember_focus().await;
                if stops.last() == Some(&focused) {
                    continue; // the parts of a date field
                }
                stops.push(focused.clone());
                if focused == "button.button[submit]" {
                    break;
                }
                let field = focused.trim_start_matches('#');
                if let Some((name, value)) = REGISTRATION.iter().find(|(name, _)| *name == field) {
                    if *name == "birth_date" {
                        maria.type_date(value).await;
                    } else {
                        maria.type_text(value).await;
                    }
                }
            }
            let fields: Vec<String> = REGISTRATION
                .iter()
                .map(|(name, _)| format!("#{name}"))
                .chain(["button.button[submit]".to_owned()])
                .collect();
            let reached: Vec<String> = stops
                .iter()
                .filter(|s| s.starts_with('#') || s.starts_with("button"))
                .cloned()
                .collect();
            assert_eq!(reached, fields, "every stop: {stops:?}");
            assert_eq!(
                maria.focus_not_shown().await,
                Vec::<String>::new(),
                "these look the same focused and not (WCAG 2.4.7)"
            );
            maria.key(&[Key::Enter], true).await;
            assert_eq!(maria.path().await, "/account", "registered");

            // Logging out from the header, by keyboard.
            let mut found = false;
            for _ in 0..20 {
                maria.tab().await;
                if maria.remember_focus().await == "button.link-button[submit]" {
                    found = true;
                    break;
                }
            }
            assert!(found, "the logout button is reached from the top");
            assert_eq!(
                maria.focus_not_shown().await,
                Vec::<String>::new(),
                "these look the same focused and not (WCAG 2.4.7)"
            );
            maria.key(&[Key::Enter], true).await;

            // Logging in: skip link, username, password, button.
            maria.goto("/login").await;
            maria.tab().await;
            assert_eq!(maria.focused().await, "a.skip-link");
            maria.key(&[Key::Enter], false).await;
            maria.tab().await;
            assert_eq!(maria.remember_focus().await, "#username");
            maria.type_text(USERNAME).await;
            maria.tab().await;
            assert_eq!(maria.remember_focus().await, "#password");
            maria.type_text(PASSWORD).await;
            maria.tab().await;
            assert_eq!(maria.remember_focus().await, "button.button[submit]");
            maria.tab().await;
            assert_eq!(
                maria.focus_not_shown().await,
                Vec::<String>::new(),
                "these look the same focused and not (WCAG 2.4.7)"
            );
            maria.key(&[Key::Shift, Key::Tab], false).await;
            assert_eq!(maria.focused().await, "button.button[submit]");
            maria.key(&[Key::Enter], true).await;
            assert_eq!(maria.path().await, "/account", "logged in");
            assert!(maria.has(".level .badge-a").await);

            // The checks can fail: axe-core finds an image without text and a field without label.
            maria
                .script(
                    "const main = document.querySelector('main');
                 main.insertAdjacentHTML('beforeend',
                   '<img src=\"/favicon.ico\"><input type=\"text\" name=\"unlabelled\">');",
                )
                .await;
            let found = maria.axe().await;
            for rule in ["image-alt", "label"] {
                assert!(
                    found.iter().any(|v| v.starts_with(&format!("axe {rule} "))),
                    "{rule} in {found:?}"
                );
            }
        },
    )
    .await;
}

/// Two debts for Μαρία's tax number, as the treasury's file brings them.
fn import_debts(app: &TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("debts.csv");
    std::fs::write(
        &file,
        "external_id,tax_number,category,description,amount_cents,due_date,status\n\
         D-1,090000045,Τέλη καθαριότητας,Β' εξάμηνο 2025,12050,2025-06-30,open\n\
         D-2,090000045,ΤΑΠ,Τέλος ακίνητης περιουσίας,3400,2025-03-31,paid\n",
    )
    .unwrap();
    let out = import(app, "debts", &file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The id of the request whose page this is.
fn request_id(path: &str) -> String {
    path.strip_prefix("/requests/")
        .unwrap_or_else(|| panic!("not a request page: {path}"))
        .to_owned()
}
