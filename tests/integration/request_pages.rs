//! Requests through the pages only: the citizen submits, follows, answers and cancels; the
//! department's clerk works through the queue, hands documents over at the counter and posts
//! them cash on delivery from the dispatch list.

use crate::support::accounts::PASSWORD;
use crate::support::accounts::staff_browser;
use crate::support::browser::{Browser, Page};
use crate::support::pages::{citizen, registration_form, request_id, submit};
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use dimos_domain::StaffRole;

const PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// Confirms the e-mail address through the mailed link's page, as the citizen would.
async fn confirm_email(app: &TestApp, browser: &mut Browser, email: &str) {
    let mail = app.wait_for_mail(email, 1).await;
    let prefix = format!("{PUBLIC_URL}/confirm-email?token=");
    let link = mail.link(&prefix);
    browser.get(link.strip_prefix(PUBLIC_URL).unwrap()).await;
    let done = browser
        .post("/confirm-email", &[("token", &mail.token(&prefix))])
        .await;
    assert_eq!(done.path, "/confirm-email/done", "{}", done.html);
}

async fn clerk(app: &TestApp, username: &str, department: &str) -> Browser {
    staff_browser(app, username, &[StaffRole::Clerk], &[department]).await
}

/// A clerk's move through the request page's form.
async fn move_request(browser: &mut Browser, id: &str, fields: &[(&str, &str)]) -> Page {
    browser.get(&format!("/staff/requests/{id}")).await;
    browser
        .post(&format!("/staff/requests/{id}/transition"), fields)
        .await
}

impl TestApp {
    async fn request_count(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM requests")
            .fetch_one(store(self).await.pool())
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn a_level_a_citizen_submits_the_clerk_prepares_it_and_hands_it_over_against_an_id() {
    let app = spawn_app().await;
    let mut maria = app.browser();
    maria.get("/register").await;
    let fields = registration_form("maria.p", "maria@example.gr");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let account = maria.post("/register", &fields).await;
    assert_eq!(account.path, "/account");
    assert!(
        account.contains("href=\"/requests\""),
        "the account links to the requests"
    );
    confirm_email(&app, &mut maria, "maria@example.gr").await;

    let empty = maria.get("/requests").await;
    assert_eq!(empty.status, 200);
    assert!(empty.contains("Δεν έχετε υποβάλει ακόμη κανένα αίτημα."));

    let form = maria.get("/requests/new").await;
    assert_eq!(form.status, 200);
    assert!(form.contains("value=\"residence_certificate\""));
    assert!(
        form.contains("<legend>Δημοτολόγιο</legend>"),
        "grouped by department"
    );
    assert!(
        form.contains("badge badge-b"),
        "Level B services are marked"
    );
    assert!(
        !form.contains("id=\"delivery-post\""),
        "no post for Level A"
    );
    assert!(form.contains("id=\"delivery-pickup\" name=\"delivery\" value=\"pickup\" checked"));
    let chosen = maria
        .get("/requests/new?service=residence_certificate")
        .await;
    assert!(chosen.contains("value=\"residence_certificate\" checked"));
    assert!(
        chosen.contains("Κέντρο Εξυπηρέτησης Δημοτών"),
        "the pickup office is named"
    );
    assert!(chosen.contains("Ωράριο λειτουργίας"), "with its hours");

    let submitted = submit(
        &mut maria,
        "residence_certificate",
        "pickup",
        "Για την εφορία",
    )
    .await;
    assert_eq!(submitted.status, 200, "{}", submitted.html);
    let id = request_id(&submitted);
    assert!(submitted.contains("Ο αριθμός πρωτοκόλλου του είναι"));
    let protocol: String = sqlx::query_scalar("SELECT protocol_number FROM requests WHERE id = $1")
        .bind(&id)
        .fetch_one(store(&app).await.pool())
        .await
        .unwrap();
    assert!(submitted.contains(&format!("<strong>{protocol}</strong>")));
    assert!(submitted.contains("Υποβλήθηκε"));
    assert!(
        submitted.contains("Για την εφορία"),
        "the notes are on the timeline"
    );
    assert!(
        submitted.contains(&format!("action=\"/requests/{id}/attachments\"")),
        "files can be attached while it is open"
    );
    let list = maria.get("/requests").await;
    assert!(list.contains(&protocol) && list.contains("Βεβαίωση μόνιμης κατοικίας"));

    let mut anna = clerk(&app, "anna", "registry").await;
    let queue = anna.get("/staff/requests").await;
    assert_eq!(queue.status, 200);
    assert!(queue.contains(&protocol) && queue.contains("Δημοτολόγιο"));
    let page = anna.get(&format!("/staff/requests/{id}")).await;
    assert!(page.contains("Μαρία Παπαδοπούλου") && page.contains("maria@example.gr"));
    assert!(page.contains("name=\"to\" value=\"in_progress\""));
    assert!(page.contains("name=\"to\" value=\"rejected\""));
    assert!(
        !page.contains("name=\"to\" value=\"ready_for_pickup\""),
        "not yet"
    );

    let moved = move_request(&mut anna, &id, &[("to", "in_progress")]).await;
    assert_eq!(
        (moved.status, moved.path.as_str()),
        (200, format!("/staff/requests/{id}").as_str())
    );
    assert!(moved.contains("Έγινε. Το αίτημα είναι τώρα «Σε επεξεργασία»."));
    let moved = move_request(&mut anna, &id, &[("to", "ready_for_pickup")]).await;
    assert_eq!(moved.status, 200);
    assert!(
        moved.contains("name=\"id_document_type\""),
        "the handover asks for the document"
    );

    let ready = maria.get(&format!("/requests/{id}")).await;
    assert!(ready.contains("Το έγγραφό σας είναι έτοιμο"));
    assert!(ready.contains("Κέντρο Εξυπηρέτησης Δημοτών") && ready.contains("Ωράριο λειτουργίας"));
    assert!(!ready.contains("/cancel\""), "nothing to cancel any more");

    let missing = move_request(
        &mut anna,
        &id,
        &[
            ("to", "collected"),
            ("id_document_type", "id_card"),
            ("id_document_number", ""),
        ],
    )
    .await;
    assert_eq!(missing.status, 422);
    assert!(missing.contains("Πληκτρολογήστε τον αριθμό του εγγράφου που επιδείχθηκε."));
    let collected = move_request(
        &mut anna,
        &id,
        &[
            ("to", "collected"),
            ("id_document_type", "id_card"),
            ("id_document_number", "AB 918273"),
        ],
    )
    .await;
    assert_eq!(collected.status, 200, "{}", collected.html);
    assert_eq!(app.request_status(&id).await, "collected");
    assert!(collected.contains("δεν υπάρχει άλλο βήμα"));
    assert!(
        !collected.contains("918273") && collected.contains("AB ••••73"),
        "the number is kept only in part"
    );

    let done = maria.get(&format!("/requests/{id}")).await;
    assert!(done.contains("req-status-collected\">Παραλήφθηκε"));
    assert!(
        done.contains("Από υπάλληλο της υπηρεσίας, Δημοτολόγιο"),
        "staff appear by role and department"
    );
    assert!(!done.contains("anna"), "never by name");
    assert!(done.contains("Αστυνομική ταυτότητα"));
    let english = maria.get(&format!("/requests/{id}?lang=en")).await;
    assert!(
        english.contains("Collected")
            && english.contains("By a department clerk, Municipal Registry")
    );
}

#[tokio::test]
async fn a_level_b_citizen_receives_the_document_by_post_cash_on_delivery() {
    let app = spawn_app().await;
    app.level_b_citizen("nikos.k", "nikos@example.gr").await;
    let mut nikos = app.browser();
    nikos.login("nikos.k", PASSWORD).await;
    confirm_email(&app, &mut nikos, "nikos@example.gr").await;

    let form = nikos.get("/requests/new?service=birth_certificate").await;
    assert_eq!(form.status, 200);
    assert!(
        form.contains("id=\"delivery-post\" name=\"delivery\" value=\"post\" checked"),
        "post is the default for Level B"
    );
    assert!(
        form.contains("Ερμού 10") && form.contains("10557"),
        "the designated address is shown"
    );
    assert!(
        form.contains("3,50 €"),
        "the cash-on-delivery note names the postal fee"
    );
    assert!(!form.contains("Χρειάζεται Επίπεδο Β"));

    let submitted = submit(&mut nikos, "birth_certificate", "post", "").await;
    assert_eq!(submitted.status, 200, "{}", submitted.html);
    let id = request_id(&submitted);
    assert!(submitted.contains("Ταχυδρομικά, με αντικαταβολή"));
    let protocol: String = sqlx::query_scalar("SELECT protocol_number FROM requests WHERE id = $1")
        .bind(&id)
        .fetch_one(store(&app).await.pool())
        .await
        .unwrap();

    let mut anna = clerk(&app, "anna", "registry").await;
    let page = anna.get(&format!("/staff/requests/{id}")).await;
    assert!(
        page.contains("Ερμού 10"),
        "the clerk sees the address to post to"
    );
    move_request(&mut anna, &id, &[("to", "in_progress")]).await;
    let page = anna.get(&format!("/staff/requests/{id}")).await;
    assert!(page.contains("name=\"to\" value=\"dispatched\""));
    assert!(
        page.contains("value=\"3,50\""),
        "the amount is prefilled: fee + postal fee"
    );
    assert!(
        !page.contains("value=\"ready_for_pickup\""),
        "posted, not collected"
    );

    let queue = anna.get("/staff/requests").await;
    assert!(queue.contains("/staff/requests/dispatch?department=registry"));
    let list = anna
        .get("/staff/requests/dispatch?department=registry")
        .await;
    assert_eq!(list.status, 200);
    assert!(list.contains(&protocol) && list.contains("Μαρία Παπαδοπούλου"));
    assert!(list.contains("Ερμού 10") && list.contains("3,50 €"));
    assert!(list.contains(&format!("name=\"tracking-{id}\"")));

    let none = anna
        .post("/staff/requests/dispatch", &[("department", "registry")])
        .await;
    assert_eq!(none.status, 422);
    let field = format!("tracking-{id}");
    let bad = anna
        .post(
            "/staff/requests/dispatch",
            &[("department", "registry"), (&field, "EL 12/34")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.contains("δεν στάλθηκε") && bad.contains("aria-invalid=\"true\""));
    let posted = anna
        .post(
            "/staff/requests/dispatch",
            &[("department", "registry"), (&field, "EL123456789GR")],
        )
        .await;
    assert_eq!(posted.status, 200, "{}", posted.html);
    assert!(posted.contains("Στάλθηκαν: 1") && posted.contains("Δεν υπάρχει τίποτα προς αποστολή"));
    assert_eq!(app.request_status(&id).await, "dispatched");

    let delivered = move_request(&mut anna, &id, &[("to", "delivered")]).await;
    assert_eq!(delivered.status, 200);
    let done = nikos.get(&format!("/requests/{id}")).await;
    assert!(done.contains("req-status-delivered\">Επιδόθηκε"));
    assert!(done.contains("EL123456789GR") && done.contains("3,50 €"));
    assert!(
        done.contains("Εστάλη ταχυδρομικά"),
        "the timeline shows every step"
    );
}

#[tokio::test]
async fn a_level_a_citizen_asking_for_level_b_is_told_how_to_become_level_b() {
    let app = spawn_app().await;
    let mut maria = citizen(&app, "maria.p").await;
    let preselected = maria.get("/requests/new?service=no_debt_certificate").await;
    assert_eq!(preselected.status, 200);
    assert!(preselected.contains("Χρειάζεται Επίπεδο Β"));
    assert!(preselected.contains("href=\"/certification\""));
    assert!(
        preselected.contains("Κέντρο Εξυπηρέτησης Δημοτών"),
        "where to become Level B"
    );

    let refused = submit(&mut maria, "no_debt_certificate", "pickup", "").await;
    assert_eq!(refused.status, 403);
    assert!(
        refused.contains("Χρειάζεται Επίπεδο Β")
            && refused.contains("Δεν υποβλήθηκε κανένα αίτημα.")
    );
    assert!(refused.contains("role=\"alert\""));
    let by_post = submit(&mut maria, "residence_certificate", "post", "").await;
    assert_eq!(by_post.status, 403, "post is Level B only");
    assert!(by_post.contains("Χρειάζεται Επίπεδο Β"));

    let unknown = submit(&mut maria, "moon_landing_permit", "pickup", "").await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.contains("Αυτή η υπηρεσία δεν παρέχεται."));
    assert!(unknown.contains("class=\"error-summary\""));
    let nothing = submit(&mut maria, "", "pickup", "").await;
    assert_eq!(nothing.status, 422);
    assert!(nothing.contains("Επιλέξτε το έγγραφο που χρειάζεστε."));
    assert_eq!(app.request_count().await, 0, "nothing was created");
}

#[tokio::test]
async fn an_unconfirmed_email_is_explained_with_the_resend_button() {
    let app = spawn_app().await;
    app.register("maria.p", "maria@example.gr").await;
    let mut maria = app.browser();
    maria.login("maria.p", PASSWORD).await;
    let page = maria.get("/requests/new").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Επιβεβαιώστε πρώτα τη διεύθυνση e-mail σας"));
    assert!(page.contains("action=\"/account/resend-confirmation\""));
    assert!(!page.contains("action=\"/requests/new\""));
    let refused = maria
        .post(
            "/requests/new",
            &[("service", "residence_certificate"), ("delivery", "pickup")],
        )
        .await;
    assert_eq!(refused.status, 403);
    assert!(refused.contains("Επιβεβαιώστε πρώτα τη διεύθυνση e-mail σας"));
    assert_eq!(app.request_count().await, 0);
    let resent = maria.post("/account/resend-confirmation", &[]).await;
    assert_eq!(resent.path, "/account");
}

#[tokio::test]
async fn the_citizen_cancels_and_answers_the_departments_question() {
    let app = spawn_app().await;
    let mut maria = citizen(&app, "maria.p").await;
    let first = submit(&mut maria, "residence_certificate", "pickup", "").await;
    let first = request_id(&first);
    let page = maria.get(&format!("/requests/{first}")).await;
    assert!(
        page.contains(&format!("href=\"/requests/{first}/cancel\"")),
        "the page links to the confirmation; it cancels nothing by itself"
    );
    let confirm = maria.get(&format!("/requests/{first}/cancel")).await;
    assert!(confirm.contains(&format!("action=\"/requests/{first}/cancel\"")));
    let cancelled = maria.post(&format!("/requests/{first}/cancel"), &[]).await;
    assert_eq!(cancelled.status, 200);
    assert!(
        cancelled.contains("Το αίτημά σας ακυρώθηκε.")
            && cancelled.contains("req-status-cancelled")
    );
    assert!(!cancelled.contains("/cancel\""), "no second cancel button");
    assert!(
        !cancelled.contains("/attachments\""),
        "no uploads to an ended request"
    );
    let again = maria.post(&format!("/requests/{first}/cancel"), &[]).await;
    assert_eq!(again.status, 409);
    assert!(again.contains("το αίτημα άλλαξε στο μεταξύ"));
    let filtered = maria.get("/requests?status=cancelled").await;
    assert!(filtered.contains("req-status-cancelled"));
    let other = maria.get("/requests?status=in_progress").await;
    assert!(other.contains("Κανένα αίτημά σας δεν βρίσκεται σε αυτή την κατάσταση."));
    assert_eq!(maria.get("/requests?status=bogus").await.status, 422);

    let second = submit(&mut maria, "family_status_certificate", "pickup", "").await;
    let second = request_id(&second);
    let mut anna = clerk(&app, "anna", "registry").await;
    move_request(&mut anna, &second, &[("to", "in_progress")]).await;
    let no_question =
        move_request(&mut anna, &second, &[("to", "needs_info"), ("reason", " ")]).await;
    assert_eq!(no_question.status, 422);
    let asked = move_request(
        &mut anna,
        &second,
        &[
            ("to", "needs_info"),
            ("reason", "Ποια πρόσωπα να περιλαμβάνει;"),
        ],
    )
    .await;
    assert_eq!(asked.status, 200);

    let page = maria.get(&format!("/requests/{second}")).await;
    assert!(page.contains("Η υπηρεσία χρειάζεται περισσότερα στοιχεία"));
    assert!(page.contains("Ποια πρόσωπα να περιλαμβάνει;"));
    assert!(page.contains(&format!("action=\"/requests/{second}/answer\"")));
    let empty = maria
        .post(&format!("/requests/{second}/answer"), &[("message", "  ")])
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.contains("Γράψτε την απάντησή σας.") && empty.contains("href=\"#message\""));
    let answered = maria
        .post(
            &format!("/requests/{second}/answer"),
            &[("message", "Εμένα και τον σύζυγό μου.")],
        )
        .await;
    assert_eq!(answered.status, 200);
    assert!(answered.contains("Η απάντησή σας στάλθηκε"));
    assert!(answered.contains("Η απάντησή σας") && answered.contains("Εμένα και τον σύζυγό μου."));
    assert_eq!(app.request_status(&second).await, "in_progress");
    let staff_view = anna.get(&format!("/staff/requests/{second}")).await;
    assert!(staff_view.contains("Η απάντηση του πολίτη"));
}

#[tokio::test]
async fn other_departments_and_other_citizens_find_nothing_and_illegal_moves_are_refused() {
    let app = spawn_app().await;
    let mut maria = citizen(&app, "maria.p").await;
    let page = submit(&mut maria, "residence_certificate", "pickup", "").await;
    let id = request_id(&page);

    let mut tasos = clerk(&app, "tasos", "treasury").await;
    let denied_before = app.audit_count("authorization.denied", "denied").await;
    assert_eq!(
        tasos.get(&format!("/staff/requests/{id}")).await.status,
        404
    );
    let tampered = move_request(&mut tasos, &id, &[("to", "in_progress")]).await;
    assert_eq!(tampered.status, 404);
    assert_eq!(
        tasos
            .get("/staff/requests/dispatch?department=registry")
            .await
            .status,
        404
    );
    assert!(
        app.audit_count("authorization.denied", "denied").await >= denied_before + 3,
        "every attempt is logged"
    );
    let queue = tasos.get("/staff/requests").await;
    assert!(!queue.contains(&format!("/staff/requests/{id}\"")));
    assert_eq!(app.request_status(&id).await, "submitted");

    let mut nikos = citizen(&app, "nikos.k").await;
    assert_eq!(nikos.get(&format!("/requests/{id}")).await.status, 404);
    nikos.get("/requests").await;
    assert_eq!(
        nikos
            .post(&format!("/requests/{id}/cancel"), &[])
            .await
            .status,
        404
    );
    assert_eq!(
        nikos
            .post(&format!("/requests/{id}/answer"), &[("message", "x")])
            .await
            .status,
        404
    );
    assert_eq!(app.request_status(&id).await, "submitted");

    let mut anna = clerk(&app, "anna", "registry").await;
    let illegal = move_request(&mut anna, &id, &[("to", "delivered")]).await;
    assert_eq!(illegal.status, 409);
    assert!(illegal.contains("κάποιος άλλος άλλαξε πρώτος το αίτημα"));
    let no_reason = move_request(&mut anna, &id, &[("to", "rejected"), ("reason", "")]).await;
    assert_eq!(no_reason.status, 422);
    assert!(no_reason.contains("Γράψτε την αιτιολογία: θα τη διαβάσει ο πολίτης."));
    assert!(no_reason.contains("href=\"#rejected-reason\""));
    let unknown = move_request(&mut anna, &id, &[("to", "teleported")]).await;
    assert_eq!(unknown.status, 422);
    assert_eq!(app.request_status(&id).await, "submitted");
    let rejected = move_request(
        &mut anna,
        &id,
        &[("to", "rejected"), ("reason", "Λείπει η υπογραφή.")],
    )
    .await;
    assert_eq!(rejected.status, 200);
    let seen = maria.get(&format!("/requests/{id}")).await;
    assert!(seen.contains("req-status-rejected") && seen.contains("Λείπει η υπογραφή."));

    let bad_date = anna.get("/staff/requests?from=31/12/2025").await;
    assert_eq!(bad_date.status, 422);
    assert!(bad_date.contains("aria-invalid=\"true\""));
    let filtered = anna.get("/staff/requests?status=rejected&overdue=1").await;
    assert_eq!(filtered.status, 200);
    assert!(
        !filtered.contains(&format!("/staff/requests/{id}\"")),
        "a rejected request is not overdue"
    );
}

#[tokio::test]
async fn the_queue_is_oldest_first_and_pages() {
    let app = spawn_app().await;
    let mut maria = citizen(&app, "maria.p").await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let page = submit(&mut maria, "birth_certificate", "pickup", "").await;
        ids.push(request_id(&page));
    }
    let mut admin = staff_browser(&app, "root.admin", &[StaffRole::Admin], &[]).await;
    let queue = admin.get("/staff/requests").await;
    let positions: Vec<usize> = ids
        .iter()
        .map(|id| {
            queue
                .html
                .find(&format!("/staff/requests/{id}\""))
                .expect("listed")
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "oldest first");
    assert!(
        queue.contains("/staff/requests/dispatch?department=treasury"),
        "admins see every department"
    );
    assert!(!queue.contains("rel=\"next\""));
    let mut list = admin.get("/staff/requests/dispatch").await;
    assert!(list.contains("Επιλέξτε υπηρεσία"));
    list = admin
        .get("/staff/requests/dispatch?department=registry")
        .await;
    assert!(
        list.contains("Δεν υπάρχει τίποτα προς αποστολή"),
        "pickup requests are not posted"
    );
}

#[tokio::test]
async fn every_form_post_needs_the_csrf_token() {
    let app = spawn_app().await;
    let mut maria = citizen(&app, "maria.p").await;
    let page = submit(&mut maria, "residence_certificate", "pickup", "").await;
    let id = request_id(&page);
    let mut anna = clerk(&app, "anna", "registry").await;
    for (path, fields) in [
        (
            "/requests/new".to_owned(),
            vec![("service", "birth_certificate"), ("delivery", "pickup")],
        ),
        (format!("/requests/{id}/cancel"), vec![]),
        (format!("/requests/{id}/answer"), vec![("message", "x")]),
    ] {
        assert_eq!(
            maria.post_without_token(&path, &fields).await.status,
            403,
            "{path}"
        );
    }
    for (path, fields) in [
        (
            format!("/staff/requests/{id}/transition"),
            vec![("to", "in_progress")],
        ),
        (
            "/staff/requests/dispatch".to_owned(),
            vec![("department", "registry")],
        ),
    ] {
        assert_eq!(
            anna.post_without_token(&path, &fields).await.status,
            403,
            "{path}"
        );
    }
    assert_eq!(app.request_count().await, 1);
    assert_eq!(app.request_status(&id).await, "submitted");
}

/// Sends the request page's upload form as a browser would: the token first, then the file.
async fn upload(
    browser: &mut Browser,
    base: &str,
    action: &str,
    file_name: &str,
    bytes: &[u8],
) -> Page {
    const BOUNDARY: &str = "request-pages-boundary-51c3";
    let csrf = browser.csrf.clone().expect("a token on the page");
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let response = browser
        .client
        .post(format!("{base}{action}"))
        .header("origin", base)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let path = response.url().path().to_owned();
    let html = response.text().await.unwrap();
    Page { status, path, html }
}

#[tokio::test]
async fn files_attached_from_the_pages_are_listed_for_the_citizen_and_the_department() {
    let app = spawn_app().await;
    let mut maria = citizen(&app, "maria.p").await;
    let page = submit(&mut maria, "residence_certificate", "pickup", "").await;
    let id = request_id(&page);
    let action = format!("/requests/{id}/attachments");
    assert!(page.contains("Δεν υπάρχουν ακόμη συνημμένα αρχεία."));

    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    let listed = upload(&mut maria, &app.address, &action, "ektimisi.pdf", pdf).await;
    assert_eq!(listed.path, format!("/requests/{id}"));
    assert!(listed.contains("ektimisi"), "{}", listed.html);
    assert!(listed.contains(&format!("href=\"/requests/{id}/attachments/")));
    let refused = upload(&mut maria, &app.address, &action, "notes.txt", b"just text").await;
    assert!(refused.contains("role=\"alert\""), "{}", refused.html);
    assert!(
        refused.contains("ektimisi"),
        "the earlier file stays listed"
    );

    let mut anna = clerk(&app, "anna", "registry").await;
    let staff_page = anna.get(&format!("/staff/requests/{id}")).await;
    assert!(staff_page.contains("ektimisi"));
    assert!(staff_page.contains(&format!("href=\"/staff/requests/{id}/attachments/")));
    assert!(staff_page.contains(&format!("action=\"/staff/requests/{id}/attachments\"")));
}
