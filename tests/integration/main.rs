//! The integration suite: the real server on a random port over a fresh database — a temporary
//! SQLite file, or a fresh PostgreSQL database when `DIMOS_TEST_POSTGRES_URL` is set.

mod support;

mod account_pages;
mod admin_pages;
mod attachments;
mod audit;
mod authz_matrix;
mod catalogue;
mod citizens_api;
mod clerk_attachments;
mod clerk_required_attachments;
mod clerk_returned;
mod clerk_staff_password;
mod cli;
mod counter_pages;
mod crash_safety;
mod documents_api;
mod documents_pages;
mod door;
mod every_page;
mod health;
mod imports;
mod journeys;
mod login_pages;
mod outbox;
mod pages;
mod phone_browser;
mod phone_pages;
mod plumbing;
mod records;
mod request_pages;
mod requests_api;
mod scale_out;
mod security_fixes;
mod staff;
mod treasury_overdue;
mod treasury_references;
mod verification_api;
mod walkin_api;
mod walkin_journey;
mod walkin_pages;
mod words_api_errors;
mod words_fresh_install;
mod words_history;
