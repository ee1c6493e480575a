//! The citizen's pages at a phone's width (375 CSS pixels) in real headless Chromium: no page
//! and no table scrolls sideways, the tables are cards whose every cell says what it is, and the
//! status, amount, payment code and appeal deadline are in view; the new pages (the cancel
//! confirmation, the date boxes, the catalogue's links, the unavailable Level B services) get
//! the checks of `chromium.rs` (axe-core, titles, `<html lang>`), and the focus shows on every
//! stop, buttons included. At 1280 pixels the tables are tables again.
//!
//! `DIMOS_PHONE_SCREENSHOTS=DIR` keeps a screenshot of every page visited at 375 px there, to look at.

use crate::support::accounts::PASSWORD;
use crate::support::api::level_b_citizen_with_a_request;
use crate::support::chromium::log_in;
use crate::support::chromium::{self, Window};
use crate::support::cli::import_records;
use crate::support::spawn_app;
use serde_json::Value;

const PHONE: (i64, i64) = (375, 812);

#[tokio::test]
async fn a_phone_shows_the_citizens_pages_whole() {
    chromium::run(
        "a_phone_shows_the_citizens_pages_whole",
        |chromium| async move {
            let app = spawn_app().await;
            import_records(&app);
            let (_, request_id) = level_b_citizen_with_a_request(&app).await;
            app.confirmed_citizen("maria.p", "maria@example.gr").await;

            // A visitor, then Level A Μαρία: the public pages, the catalogue, the forms.
            let maria = chromium.window("level-a-phone", &app.address).await;
            maria.resize_viewport(PHONE.0, PHONE.1).await;
            for path in ["/", "/services", "/certification", "/offices", "/register"] {
                visit_on_phone(&maria, path, "el").await;
            }
            // The date boxes refuse a bad year, the problem tied to the group.
            maria.fill_date("birth_date", "91990-05-02").await;
            maria
                .follow("form[action='/register'] button[type=submit]")
                .await;
            assert!(maria.has("#birth_date_year[aria-invalid='true']").await);
            crate::support::chromium::assert_errors_are_tied_to_their_fields(&maria, 5).await;
            assert_fits(&maria, "/register (refused)").await;

            log_in(
                &maria,
                "/login",
                &[("username", "maria.p"), ("password", PASSWORD)],
            )
            .await;
            for (path, lang) in [
                ("/services", "el"),
                ("/requests/new", "el"),
                ("/requests/new?service=no_debt_certificate", "en"),
            ] {
                visit_on_phone(&maria, path, lang).await;
            }
            assert!(
                maria.has("#service-no_debt_certificate[disabled]").await,
                "Level B services are shown to Level A, not selectable"
            );
            maria.visit("/requests/new", "el").await;
            maria.check_focus_everywhere().await;

            // Level B Νίκος with a request, debts, fines and a pending matter.
            let nikos = chromium.window("level-b-phone", &app.address).await;
            nikos.resize_viewport(PHONE.0, PHONE.1).await;
            log_in(
                &nikos,
                "/login",
                &[("username", "nikos.k"), ("password", PASSWORD)],
            )
            .await;
            let request = format!("/requests/{request_id}");
            let cancel = format!("/requests/{request_id}/cancel");
            for (path, lang) in [
                ("/requests", "el"),
                ("/account/debts", "el"),
                ("/account/fines", "el"),
                ("/account/pending", "el"),
                ("/account/sessions", "el"),
                ("/account", "el"),
                ("/account/details", "el"),
                (request.as_str(), "el"),
                (cancel.as_str(), "el"),
                ("/requests", "en"),
                ("/account/debts", "en"),
                ("/account/fines", "en"),
                (cancel.as_str(), "en"),
            ] {
                visit_on_phone(&nikos, path, lang).await;
            }

            // Each row a card, each cell labelled, and what matters in view.
            for (path, wanted) in [
                ("/requests", vec!["Κατάσταση"]),
                ("/account/debts", vec!["Ποσό", "Κατάσταση", "Πληρωμή"]),
                ("/account/fines", vec!["Ποσό", "Κατάσταση"]),
            ] {
                nikos.visit(path, "el").await;
                let cells = labelled_cells(&nikos).await;
                assert!(!cells.is_empty(), "{path}: labelled cells");
                for cell in &cells {
                    assert_eq!(cell["display"], "block", "{path}: {cell}");
                    assert_eq!(
                        cell["before"],
                        format!("\"{}\"", cell["label"].as_str().unwrap()),
                        "{path}: the cell shows its label: {cell}"
                    );
                    assert!(
                        cell["right"].as_f64().unwrap() <= PHONE.0 as f64,
                        "{path}: in view: {cell}"
                    );
                }
                for label in wanted {
                    assert!(
                        cells
                            .iter()
                            .any(|c| c["label"].as_str().unwrap().starts_with(label)),
                        "{path}: a cell labelled {label}: {cells:?}"
                    );
                }
            }
            nikos.visit("/account/debts", "el").await;
            nikos.check_focus_everywhere().await;

            // Cancelling asks first, by keyboard too: the button shows its focus.
            nikos.visit(&request, "el").await;
            nikos.follow(&format!("a[href='{cancel}']")).await;
            assert_eq!(nikos.path().await, cancel);
            nikos.check_focus_everywhere().await;
            nikos
                .follow(&format!("form[action='{cancel}'] button[type=submit]"))
                .await;
            assert_eq!(nikos.path().await, request);
            assert!(nikos.has(".req-status-line .req-status-cancelled").await);

            // On a wide screen the tables are tables.
            nikos.resize_viewport(1280, 900).await;
            nikos.visit("/account/debts", "el").await;
            let cells = labelled_cells(&nikos).await;
            assert!(
                cells.iter().all(|c| c["display"] == "table-cell"),
                "{cells:?}"
            );
        },
    )
    .await;
}

/// Opens `path` (checked as every page is), and checks that nothing scrolls sideways.
async fn visit_on_phone(window: &Window, path: &str, lang: &'static str) {
    window.visit(path, lang).await;
    assert_fits(window, path).await;
    if let Some(dir) = std::env::var_os("DIMOS_PHONE_SCREENSHOTS") {
        let name = format!("{path}-{lang}")
            .trim_start_matches('/')
            .replace(['/', '?', '=', '&'], "_");
        // The whole page: as tall a window as the page is long, the width unchanged.
        let height = window
            .script("return document.scrollingElement.scrollHeight;")
            .await;
        window
            .resize_viewport(PHONE.0, height.as_i64().unwrap_or(PHONE.1).min(6000))
            .await;
        let png = window.client.screenshot().await.expect("a screenshot");
        window.resize_viewport(PHONE.0, PHONE.1).await;
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(
            std::path::Path::new(&dir).join(format!(
                "{}.png",
                if name.is_empty() { "home" } else { &name }
            )),
            png,
        );
    }
}

/// The page is no wider than the screen, and no table (nor its scroll box) is wider than its
/// box: nothing is hidden to the side.
async fn assert_fits(window: &Window, path: &str) {
    let facts = window
        .script(
            "const tables = [...document.querySelectorAll('table')].map(t => {
               const box = t.closest('.table-scroll');
               return {table: t.className, scroll: t.scrollWidth, client: t.clientWidth,
                       box_scroll: box ? box.scrollWidth : 0, box_client: box ? box.clientWidth : 0,
                       right: t.getBoundingClientRect().right};
             });
             return {viewport: window.innerWidth,
                     page: document.scrollingElement.scrollWidth, tables: tables};",
        )
        .await;
    let viewport = facts["viewport"].as_f64().unwrap();
    assert!(
        facts["page"].as_f64().unwrap() <= viewport,
        "{path}: the page scrolls sideways: {facts}"
    );
    for table in facts["tables"].as_array().unwrap() {
        let n = |key: &str| table[key].as_f64().unwrap();
        assert!(
            n("scroll") <= n("client")
                && n("box_scroll") <= n("box_client")
                && n("right") <= viewport,
            "{path}: a table scrolls sideways: {table}"
        );
    }
}

/// Every labelled cell of the page's responsive tables: its label, how it is laid out, the
/// text its `::before` shows, and its right edge.
async fn labelled_cells(window: &Window) -> Vec<Value> {
    let cells = window
        .script(
            "return [...document.querySelectorAll('table.responsive tbody td[data-label]')]
               .map(td => ({label: td.dataset.label, display: getComputedStyle(td).display,
                            before: getComputedStyle(td, '::before').content,
                            right: td.getBoundingClientRect().right}));",
        )
        .await;
    cells.as_array().cloned().unwrap_or_default()
}
