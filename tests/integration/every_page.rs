//! Every page the journeys do not reach, in real headless Chromium: the public pages (in Greek
//! and in English), a Level B citizen's with debts, fines and pending matters, and those of a
//! member of staff with every role (in Greek and English in turn). Each gets the checks of
//! `chromium.rs` (axe-core WCAG 2.1 A and AA, `<html lang>`, a title of its own), and the
//! busiest are tabbed through to see the focus at every stop; three forms are sent with mistakes
//! to see each message tied to its field. The data is set up behind the pages.

use crate::support::accounts::PASSWORD;
use crate::support::accounts::{STAFF_PASSWORD, add_staff, code};
use crate::support::api::level_b_citizen_with_a_request;
use crate::support::chromium::{self};
use crate::support::chromium::{assert_errors_are_tied_to_their_fields, log_in};
use crate::support::cli::import_records;
use crate::support::spawn_app;
use crate::support::store::store;
use dimos_domain::StaffRole;

const PUBLIC: [&str; 10] = [
    "/",
    "/certification",
    "/services",
    "/offices",
    "/login",
    "/register",
    "/password-reset",
    "/password-reset/sent",
    "/staff/login",
    "/confirm-email",
];

#[tokio::test]
async fn every_other_page_in_both_languages() {
    chromium::run(
        "every_other_page_in_both_languages",
        |chromium| async move {
            let app = spawn_app().await;
            import_records(&app);
            let (citizen_id, request_id) = level_b_citizen_with_a_request(&app).await;
            let secret = add_staff(
                &app,
                "olga",
                &[StaffRole::Admin, StaffRole::Verifier, StaffRole::Clerk],
                &["registry"],
            )
            .await;
            let staff_id: String = sqlx::query_scalar("SELECT id FROM staff WHERE username = $1")
                .bind("olga")
                .fetch_one(store(&app).await.pool())
                .await
                .unwrap();

            let visitor = chromium.window("visitor", &app.address).await;
            let citizen = chromium.window("citizen", &app.address).await;
            log_in(
                &citizen,
                "/login",
                &[("username", "nikos.k"), ("password", PASSWORD)],
            )
            .await;
            let staff = chromium.window("staff", &app.address).await;
            log_in(
                &staff,
                "/staff/login",
                &[
                    ("username", "olga"),
                    ("password", STAFF_PASSWORD),
                    ("totp", &code(&secret, 0)),
                ],
            )
            .await;

            let citizen_pages = [
                "/account".to_owned(),
                "/account/details".to_owned(),
                "/account/password".to_owned(),
                "/account/sessions".to_owned(),
                "/account/activity".to_owned(),
                "/account/debts".to_owned(),
                "/account/fines".to_owned(),
                "/account/pending".to_owned(),
                "/account/export".to_owned(),
                "/requests".to_owned(),
                "/requests/new".to_owned(),
                "/requests/new?service=no_debt_certificate".to_owned(),
                format!("/requests/{request_id}"),
            ];
            let staff_pages = [
                "/staff".to_owned(),
                "/staff/citizens".to_owned(),
                "/staff/citizens?q=nikos.k".to_owned(),
                format!("/staff/citizens/{citizen_id}"),
                format!("/staff/citizens/{citizen_id}/records"),
                format!("/staff/citizens/{citizen_id}/receipt"),
                "/staff/requests".to_owned(),
                format!("/staff/requests/{request_id}"),
                "/staff/requests/dispatch".to_owned(),
                "/staff/requests/dispatch?department=registry".to_owned(),
                "/staff/admin".to_owned(),
                "/staff/admin/services".to_owned(),
                "/staff/admin/services/new".to_owned(),
                "/staff/admin/services/residence_certificate".to_owned(),
                "/staff/admin/offices".to_owned(),
                "/staff/admin/offices/citizen_service_centre".to_owned(),
                "/staff/admin/departments".to_owned(),
                "/staff/admin/staff".to_owned(),
                "/staff/admin/staff/new".to_owned(),
                format!("/staff/admin/staff/{staff_id}"),
                "/staff/admin/settings".to_owned(),
                "/staff/admin/api-keys".to_owned(),
                "/staff/audit".to_owned(),
            ];
            // The public pages in both languages; the others (whose texts the journeys see in
            // both) in one, Greek and English in turn.
            for lang in ["el", "en"] {
                for path in PUBLIC {
                    visitor.visit(path, lang).await;
                }
            }
            let other = ["el", "en"].iter().cycle();
            for (path, lang) in citizen_pages.iter().zip(other.clone()) {
                citizen.visit(path, lang).await;
            }
            for (path, lang) in staff_pages.iter().zip(other.skip(1)) {
                staff.visit(path, lang).await;
            }
            // Forms sent with mistakes tie each message to its field.
            citizen.visit("/requests/new", "el").await;
            citizen
                .follow("form[action='/requests/new'] button[type=submit]")
                .await;
            assert_errors_are_tied_to_their_fields(&citizen, 1).await;
            staff
                .visit(&format!("/staff/citizens/{citizen_id}"), "en")
                .await;
            staff
                .follow("form[action$='/revoke'] button[type=submit]")
                .await;
            assert_errors_are_tied_to_their_fields(&staff, 1).await;
            staff.visit("/staff/admin/services/new", "el").await;
            staff.follow("form.admin-form button[type=submit]").await;
            assert_errors_are_tied_to_their_fields(&staff, 3).await;

            // Every stop of the busiest pages shows the focus.
            for path in ["/requests/new".to_owned(), "/account/debts".to_owned()] {
                citizen.visit(&path, "el").await;
                citizen.check_focus_everywhere().await;
            }
            for path in [
                format!("/staff/citizens/{citizen_id}"),
                format!("/staff/requests/{request_id}"),
                "/staff/requests".to_owned(),
                "/staff/requests/dispatch?department=registry".to_owned(),
            ] {
                staff.visit(&path, "el").await;
                staff.check_focus_everywhere().await;
            }
            // And the page of a page that is not there.
            visitor.goto("/no/such/page").await;
            assert!(visitor.has(".status-code").await);
        },
    )
    .await;
}
