//! The `dimos` binary's wiring: command line, configuration, logs, and starting the portal.

mod admin_cli;
pub mod cli;
pub mod config;
mod demo_cli;
mod document_cli;
mod import_cli;
pub mod serve;
mod telemetry;
