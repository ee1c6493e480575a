//! The integration suite: the real server on a random port over a fresh database — a temporary
//! SQLite file, or a fresh PostgreSQL database when `DIMOS_TEST_POSTGRES_URL` is set.

mod support;

mod cli;
mod health;
mod catalogue;
mod pages;
mod plumbing;
