//! The citizen's pages as a phone in Greek meets them (issue 12, point 9), through the HTML:
//! dates typed in three boxes, the catalogue that leads to applying, cancelling that asks first,
//! the admin's name from the first page after a start, a subject per status mail, one date
//! convention, tables that can become cards.

use crate::support::accounts::staff_browser;
use crate::support::accounts::{PASSWORD, registration as registration_json};
use crate::support::browser::{Browser, Page};
use crate::support::counter::certification;
use crate::support::pages::{citizen, registration_form, request_id, submit, with};
use crate::support::store::store;
use crate::support::{TestApp, spawn_app, spawn_app_with};
use dimos_domain::StaffRole;
use serde_json::json;

/// The registration form as a citizen fills it in, the birth date typed as (day, month, year).
fn registration(
    username: &str,
    email: &str,
    (day, month, year): (&str, &str, &str),
) -> Vec<(&'static str, String)> {
    with(
        &registration_form(username, email),
        &[
            ("birth_date_day", day),
            ("birth_date_month", month),
            ("birth_date_year", year),
        ],
    )
}

async fn register(browser: &mut Browser, form: &[(&str, String)]) -> Page {
    browser.get("/register").await;
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.post("/register", &fields).await
}

/// The opening tag of the input named `name`.
fn input_tag<'a>(html: &'a str, name: &str) -> &'a str {
    let marker = format!("name=\"{name}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no input named {name}"));
    let start = html[..at].rfind("<input").expect("an input");
    let end = at + html[at..].find('>').expect("the tag ends");
    &html[start..=end]
}

#[tokio::test]
async fn a_birth_date_is_typed_day_month_year_in_three_labelled_boxes() {
    let app = spawn_app().await;
    let mut browser = app.browser();
    let form = browser.get("/register").await;
    assert!(!form.contains("type=\"date\""), "no browser date box");
    assert!(form.contains(
        "<fieldset class=\"date-input-group\" role=\"group\" aria-describedby=\"birth_date-hint\">"
    ));
    assert!(form.contains("<legend class=\"date-input-legend\">Ημερομηνία γέννησης</legend>"));
    for (id, name, label, autocomplete) in [
        ("birth_date", "birth_date_day", "Ημέρα", "bday-day"),
        (
            "birth_date_month",
            "birth_date_month",
            "Μήνας",
            "bday-month",
        ),
        ("birth_date_year", "birth_date_year", "Έτος", "bday-year"),
    ] {
        assert!(
            form.contains(&format!("<label for=\"{id}\">{label}</label>")),
            "{label}"
        );
        let tag = input_tag(&form.html, name);
        assert!(tag.contains(&format!("id=\"{id}\"")), "{tag}");
        assert!(tag.contains("inputmode=\"numeric\""), "{tag}");
        assert!(
            tag.contains(&format!("autocomplete=\"{autocomplete}\"")),
            "{tag}"
        );
    }
    // The day box comes first: the Greek order.
    let day = form.html.find("name=\"birth_date_day\"").unwrap();
    let month = form.html.find("name=\"birth_date_month\"").unwrap();
    let year = form.html.find("name=\"birth_date_year\"").unwrap();
    assert!(day < month && month < year);

    // What once became 02/05/91990 is refused, the year box named.
    let typo = register(
        &mut browser,
        &registration("eleni.g", "eleni@example.gr", ("02", "05", "91990")),
    )
    .await;
    assert_eq!(typo.status, 422);
    assert!(typo.contains("<a href=\"#birth_date\">Ημερομηνία γέννησης: Γράψτε το έτος με τέσσερα ψηφία, π.χ. 1985.</a>"));
    assert!(typo.contains("<ul class=\"field-errors\" id=\"birth_date-error\">"));
    assert!(typo.contains("aria-describedby=\"birth_date-hint birth_date-error\""));
    assert!(input_tag(&typo.html, "birth_date_year").contains("aria-invalid=\"true\""));
    assert!(!input_tag(&typo.html, "birth_date_day").contains("aria-invalid"));
    assert!(
        input_tag(&typo.html, "birth_date_year").contains("value=\"91990\""),
        "kept"
    );
    for ((d, m, y), message, bad_box) in [
        (
            ("32", "5", "1991"),
            "Η ημέρα είναι αριθμός από 1 έως 31.",
            "birth_date_day",
        ),
        (("2", "", "1991"), "Γράψτε τον μήνα.", "birth_date_month"),
        (
            ("2", "13", "1991"),
            "Ο μήνας είναι αριθμός από 1 έως 12.",
            "birth_date_month",
        ),
        (
            ("31", "4", "1991"),
            "Αυτή η ημερομηνία δεν υπάρχει.",
            "birth_date_year",
        ),
        (
            ("", "", ""),
            "Γράψτε την ημερομηνία γέννησής σας.",
            "birth_date_day",
        ),
    ] {
        let page = register(
            &mut browser,
            &registration("eleni.g", "eleni@example.gr", (d, m, y)),
        )
        .await;
        assert_eq!(page.status, 422, "{d}/{m}/{y}");
        assert!(page.contains(message), "{d}/{m}/{y}: {message}");
        assert!(
            input_tag(&page.html, bad_box).contains("aria-invalid=\"true\""),
            "{d}/{m}/{y}: {bad_box}"
        );
    }
    assert_eq!(app.birth_date_of("eleni.g").await, None);

    // In the Greek order: the 2nd of May.
    let done = register(
        &mut browser,
        &registration("eleni.g", "eleni@example.gr", ("2", "5", "1991")),
    )
    .await;
    assert_eq!(done.path, "/account", "{}", done.html);
    assert_eq!(
        app.birth_date_of("eleni.g").await.as_deref(),
        Some("1991-05-02")
    );
    let account = browser.get("/account").await;
    assert!(account.contains("<dd>02/05/1991</dd>"), "shown ΗΗ/ΜΜ/ΕΕΕΕ");

    // The details page shows the same boxes, filled, and takes a correction.
    let details = browser.get("/account/details").await;
    assert!(input_tag(&details.html, "birth_date_day").contains("value=\"2\""));
    assert!(input_tag(&details.html, "birth_date_month").contains("value=\"5\""));
    assert!(input_tag(&details.html, "birth_date_year").contains("value=\"1991\""));
    let refused = browser
        .post("/account/details", &details_born(("5", "2", "19")))
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.contains("Γράψτε το έτος με τέσσερα ψηφία"));
    let saved = browser
        .post("/account/details", &details_born(("5", "2", "1991")))
        .await;
    assert_eq!(saved.path, "/account", "{}", saved.html);
    assert_eq!(
        app.birth_date_of("eleni.g").await.as_deref(),
        Some("1991-02-05")
    );

    // The API keeps YYYY-MM-DD.
    let mut body = registration_json("nikos.k", "nikos@example.gr");
    body["birth_date"] = json!("02/05/1991");
    let api = app.post_json("/api/v1/citizens", &body).await;
    assert_eq!(api.status(), 422);
    let refusal: serde_json::Value = api.json().await.unwrap();
    assert_eq!(
        refusal["error"]["fields"]["birth_date"][0],
        "invalid_format"
    );
}

/// Eleni's details form, the birth date typed as (day, month, year).
fn details_born(
    (day, month, year): (&'static str, &'static str, &'static str),
) -> Vec<(&'static str, &'static str)> {
    vec![
        ("email", "eleni@example.gr"),
        ("given_name", "Ελένη"),
        ("family_name", "Γεωργίου"),
        ("father_name", "Νικόλαος"),
        ("birth_date_day", day),
        ("birth_date_month", month),
        ("birth_date_year", year),
    ]
}

#[tokio::test]
async fn the_counter_types_dates_in_three_boxes_too() {
    let app = spawn_app().await;
    let created = app.register("maria.p", "maria@example.gr").await;
    let id = created["id"].as_str().unwrap().to_owned();
    let mut vera = staff_browser(&app, "vera", &[StaffRole::Verifier], &[]).await;
    let profile = vera.get(&format!("/staff/citizens/{id}")).await;
    assert_eq!(profile.status, 200);
    assert!(!profile.contains("type=\"date\""), "no browser date box");
    for name in ["expires_on_day", "expires_on_month", "expires_on_year"] {
        assert!(input_tag(&profile.html, name).contains("inputmode=\"numeric\""));
    }
    // The registered birth date, prefilled box by box.
    assert!(input_tag(&profile.html, "birth_date_day").contains("value=\"12\""));
    assert!(input_tag(&profile.html, "birth_date_month").contains("value=\"4\""));
    assert!(input_tag(&profile.html, "birth_date_year").contains("value=\"1985\""));

    let refused = vera
        .post(
            &format!("/staff/citizens/{id}/certify"),
            &certification("citizen_service_centre", "2035-13-31"),
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.contains("<a href=\"#expires_on\">"));
    assert!(refused.contains("Ο μήνας είναι αριθμός από 1 έως 12."));
    assert!(input_tag(&refused.html, "expires_on_month").contains("aria-invalid=\"true\""));
    assert!(
        input_tag(&refused.html, "birth_date_day").contains("value=\"12\""),
        "the registered birth date is shown again"
    );
    let certified = vera
        .post(
            &format!("/staff/citizens/{id}/certify"),
            &certification("citizen_service_centre", "2035-06-30"),
        )
        .await;
    assert!(certified.path.ends_with("/receipt"), "{}", certified.html);
    assert!(certified.contains("30/06/2035"), "the expiry as ΗΗ/ΜΜ/ΕΕΕΕ");
    assert!(
        certified.contains("12/04/1985"),
        "the birth date as ΗΗ/ΜΜ/ΕΕΕΕ"
    );
}

#[tokio::test]
async fn the_catalogue_leads_to_applying_and_level_a_sees_level_b_as_unavailable() {
    let app = spawn_app().await;
    let mut visitor = app.browser();
    let catalogue = visitor.get("/services").await;
    assert!(catalogue.contains(
        "<a class=\"button\" href=\"/requests/new?service=residence_certificate\">Υποβολή αίτησης<span class=\"visually-hidden\">: "
    ));
    let services = catalogue.html.matches("class=\"card service").count();
    assert!(services > 3);
    assert_eq!(
        catalogue.html.matches(">Υποβολή αίτησης<").count(),
        services,
        "every service, for anyone"
    );
    let english = visitor.get("/services?lang=en").await;
    assert!(english.contains(">Apply<span class=\"visually-hidden\">"));

    let mut maria = citizen(&app, "maria.p").await;
    let account = maria.get("/account").await;
    assert!(
        account.contains("<li><a href=\"/requests\">Τα αιτήματά μου</a></li>"),
        "the signed-in menu"
    );
    let list = maria.get("/requests").await;
    assert!(
        list.contains("<li><a href=\"/requests\" aria-current=\"page\">Τα αιτήματά μου</a></li>")
    );

    let catalogue = maria.get("/services").await;
    assert!(
        catalogue.contains("<strong>Απαιτείται Επίπεδο Β.</strong> <a href=\"/certification\">")
    );
    assert!(
        !catalogue.contains("/requests/new?service=no_debt_certificate"),
        "no apply link to a Level B service for Level A"
    );
    assert!(catalogue.contains("/requests/new?service=residence_certificate"));

    // Preselected from the catalogue.
    let new = maria
        .get("/requests/new?service=residence_certificate")
        .await;
    assert!(input_tag(&new.html, "service\" value=\"residence_certificate").contains(" checked"));
    // A Level B service: shown, with the reason, and not selectable.
    let level_b = input_tag(&new.html, "service\" value=\"no_debt_certificate");
    assert!(level_b.contains(" disabled"), "{level_b}");
    assert!(level_b.contains("aria-describedby=\"service-no_debt_certificate-why\""));
    assert!(new.contains(
        "id=\"service-no_debt_certificate-why\">Δεν είναι διαθέσιμη για τον λογαριασμό σας: απαιτεί Επίπεδο Β"
    ));
    let preselected = maria.get("/requests/new?service=no_debt_certificate").await;
    assert!(
        !input_tag(&preselected.html, "service\" value=\"no_debt_certificate").contains("checked")
    );
    assert!(
        preselected.contains("/certification"),
        "how to become Level B"
    );

    // Level B: every service may be applied for.
    app.level_b_citizen("nikos.k", "nikos@example.gr").await;
    let mail = app.wait_for_mail("nikos@example.gr", 1).await;
    let token = mail.token("http://127.0.0.1:8080/confirm-email?token=");
    let confirmed = app
        .post_json("/api/v1/email-confirmations", &json!({ "token": token }))
        .await;
    assert_eq!(confirmed.status(), 204);
    let mut nikos = app.browser();
    nikos.login("nikos.k", PASSWORD).await;
    let catalogue = nikos.get("/services").await;
    assert!(catalogue.contains("/requests/new?service=no_debt_certificate"));
    assert!(!catalogue.contains("Απαιτείται Επίπεδο Β."));
    let new = nikos.get("/requests/new?service=no_debt_certificate").await;
    let level_b = input_tag(&new.html, "service\" value=\"no_debt_certificate");
    assert!(
        !level_b.contains("disabled") && level_b.contains("checked"),
        "{level_b}"
    );
}

#[tokio::test]
async fn cancelling_asks_first_and_only_the_confirmation_cancels() {
    let app = spawn_app().await;
    let mut maria = citizen(&app, "maria.p").await;
    let submitted = submit(&mut maria, "residence_certificate", "pickup", "").await;
    let id = request_id(&submitted);
    let detail = maria.get(&format!("/requests/{id}")).await;
    assert!(detail.contains(&format!(
        "<a class=\"button button-secondary\" href=\"/requests/{id}/cancel\">Ακύρωση αιτήματος</a>"
    )));
    assert!(
        !detail.contains(&format!("action=\"/requests/{id}/cancel\"")),
        "no one-click form"
    );

    let confirm = maria.get(&format!("/requests/{id}/cancel")).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.contains("Είστε βέβαιοι ότι θέλετε να ακυρώσετε αυτό το αίτημα;"));
    assert!(confirm.contains(&format!(
        "<form method=\"post\" action=\"/requests/{id}/cancel\""
    )));
    assert!(confirm.contains("Ναι, ακύρωση του αιτήματος"));
    assert!(confirm.contains(&format!("href=\"/requests/{id}\">Όχι, να μείνει το αίτημα")));
    assert_eq!(
        app.request_status(&id).await,
        "submitted",
        "asking cancels nothing"
    );
    let english = maria.get(&format!("/requests/{id}/cancel?lang=en")).await;
    assert!(english.contains("Are you sure you want to cancel this request?"));

    // Another citizen's request: not found.
    let mut nikos = citizen(&app, "nikos.k").await;
    assert_eq!(
        nikos.get(&format!("/requests/{id}/cancel")).await.status,
        404
    );

    maria.get(&format!("/requests/{id}/cancel")).await;
    let cancelled = maria.post(&format!("/requests/{id}/cancel"), &[]).await;
    assert_eq!(cancelled.path, format!("/requests/{id}"));
    assert!(cancelled.contains("req-status-cancelled"));
    assert_eq!(app.request_status(&id).await, "cancelled");
    let too_late = maria.get(&format!("/requests/{id}/cancel?lang=el")).await;
    assert!(
        too_late.contains("δεν μπορεί πλέον να ακυρωθεί"),
        "{}",
        too_late.html
    );
    assert!(!too_late.contains("method=\"post\" action=\"/requests/"));
}

#[tokio::test]
async fn the_name_the_admin_saved_shows_from_the_first_page_after_a_start() {
    let app = spawn_app().await;
    let mut anna = staff_browser(&app, "anna", &[StaffRole::Admin], &[]).await;
    anna.get("/staff/admin/settings").await;
    let saved = anna
        .post(
            "/staff/admin/settings",
            &[
                ("name_el", "Δήμος Δοκιμής"),
                ("name_en", "Municipality of Dokimi"),
                ("phone", ""),
                ("email", ""),
                ("address", ""),
                ("cod_fee", "3,50"),
            ],
        )
        .await;
    assert_eq!(saved.path, "/staff/admin/settings", "{}", saved.html);

    // Another start on the same database: its very first page has the admin's name.
    let restarted = spawn_app_with(&[("DIMOS_DATABASE_URL", app.database_url())]).await;
    let home = restarted.get("/").await.text().await.unwrap();
    assert!(
        home.contains("<span class=\"brand-name\">Δήμος Δοκιμής</span>"),
        "{home}"
    );
    assert!(home.contains("— Δήμος Δοκιμής</title>"));
    let english = restarted.get("/?lang=en").await.text().await.unwrap();
    assert!(english.contains("<span class=\"brand-name\">Municipality of Dokimi</span>"));
}

#[tokio::test]
async fn every_status_mail_says_what_happened_in_its_subject() {
    let app = spawn_app().await;
    let token = app.confirmed_citizen("maria.p", "maria@example.gr").await;
    let clerk_token = app.clerk("anna", &["registry"]).await;
    let submit = |service: &'static str| {
        let app = &app;
        let token = token.clone();
        async move {
            let response = app
                .submit(&token, &json!({"service": service, "delivery": "pickup"}))
                .await;
            assert_eq!(response.status(), 201);
            let body: serde_json::Value = response.json().await.unwrap();
            (
                body["id"].as_str().unwrap().to_owned(),
                body["protocol_number"].as_str().unwrap().to_owned(),
            )
        }
    };
    let (first, p1) = submit("residence_certificate").await;
    for body in [
        json!({"to": "in_progress"}),
        json!({"to": "ready_for_pickup"}),
        json!({"to": "collected", "id_document_type": "id_card", "id_document_number": "AB 111111"}),
    ] {
        let response = app.transition(&clerk_token, &first, &body).await;
        assert_eq!(response.status(), 200, "{body}");
    }
    let (second, p2) = submit("family_status_certificate").await;
    for body in [
        json!({"to": "in_progress"}),
        json!({"to": "needs_info", "reason": "Για ποιο έτος;"}),
    ] {
        let response = app.transition(&clerk_token, &second, &body).await;
        assert_eq!(response.status(), 200, "{body}");
    }
    let (third, p3) = submit("residence_certificate").await;
    let response = app
        .transition(
            &clerk_token,
            &third,
            &json!({"to": "rejected", "reason": "Διπλό αίτημα"}),
        )
        .await;
    assert_eq!(response.status(), 200);

    // The confirmation mail first, then one per request and status.
    let mails = app.wait_for_mail("maria@example.gr", 10).await;
    let _ = mails;
    let subjects: Vec<String> = app
        .mails()
        .into_iter()
        .filter(|m| m.to == "maria@example.gr" && m.subject.contains('/'))
        .map(|m| m.subject)
        .filter(|s| s.contains(&p1) || s.contains(&p2) || s.contains(&p3))
        .collect();
    let expected = [
        format!("Δήμος: Λάβαμε το αίτημά σας {p1} / We received your request {p1}"),
        format!(
            "Δήμος: Το αίτημά σας {p1} είναι σε επεξεργασία / Your request {p1} is being processed"
        ),
        format!(
            "Δήμος: Το αίτημά σας {p1} είναι έτοιμο για παραλαβή / Your request {p1} is ready to collect"
        ),
        format!(
            "Δήμος: Παραλάβατε το έγγραφο του αιτήματος {p1} / You collected the document of request {p1}"
        ),
        format!(
            "Δήμος: Το αίτημά σας {p2} χρειάζεται στοιχεία από εσάς / Your request {p2} needs information from you"
        ),
        format!("Δήμος: Το αίτημά σας {p3} απορρίφθηκε / Your request {p3} was rejected"),
    ];
    for subject in &expected {
        assert!(subjects.contains(subject), "{subject} in {subjects:#?}");
    }
    let distinct: std::collections::BTreeSet<String> = subjects
        .iter()
        .map(|s| s.replace(&p2, "P").replace(&p3, "P").replace(&p1, "P"))
        .collect();
    assert!(distinct.len() >= 6, "one subject per status: {distinct:#?}");
}

#[tokio::test]
async fn the_citizens_tables_label_every_cell_for_phones_and_dates_read_dd_mm_yyyy() {
    let app = spawn_app().await;
    let mut maria = citizen(&app, "maria.p").await;
    submit(&mut maria, "residence_certificate", "pickup", "").await;
    let list = maria.get("/requests").await;
    assert!(list.contains("<table class=\"req-table responsive\">"));
    for label in [
        "Αιτούμενο έγγραφο",
        "Τρόπος παραλαβής",
        "Κατάσταση",
        "Ημερομηνία υποβολής",
    ] {
        assert!(list.contains(&format!("data-label=\"{label}")), "{label}");
    }
    let sessions = maria.get("/account/sessions").await;
    assert!(sessions.contains("<table class=\"sessions responsive\">"));
    let css = app.get(&stylesheet(&list.html)).await.text().await.unwrap();
    assert!(css.contains("table.responsive td[data-label]::before"));
    assert!(css.contains("content: attr(data-label)"));
    assert!(
        css.contains("button:focus-visible"),
        "buttons show focus as links do"
    );

    // No page of the citizen's shows a date as YYYY-MM-DD.
    let iso = regex_like_iso_date;
    for path in [
        "/requests",
        "/account",
        "/account/details",
        "/account/sessions",
    ] {
        let page = maria.get(path).await;
        let text = visible(&page.html);
        assert!(!iso(&text), "{path} shows an ISO date: {text}");
    }
}

/// The stylesheet's URL on a page.
fn stylesheet(html: &str) -> String {
    let start = html.find("<link rel=\"stylesheet\" href=\"").unwrap() + 29;
    html[start..].split('"').next().unwrap().to_owned()
}

/// The page's text outside tags and attribute values (roughly: what a person reads).
fn visible(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// Whether `text` holds something shaped `dddd-dd-dd`.
fn regex_like_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(10).any(|w| {
        w.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
    })
}

impl TestApp {
    async fn birth_date_of(&self, username: &str) -> Option<String> {
        sqlx::query_scalar("SELECT birth_date FROM citizens WHERE username = $1")
            .bind(username)
            .fetch_optional(store(self).await.pool())
            .await
            .unwrap()
    }
}
