//! The integration suite: the real server on a random port over a fresh database — a temporary
//! SQLite file, or a fresh PostgreSQL database when `DIMOS_TEST_POSTGRES_URL` is set.

mod browser;
mod chromium;
mod instances;
mod mailbox;
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
mod every_page;
mod health;
mod imports;
mod journeys;
mod login_pages;
mod outbox;
mod pages;
mod plumbing;
mod records;
mod request_pages;
mod requests_api;
mod scale_out;
mod staff;
mod verification_api;
