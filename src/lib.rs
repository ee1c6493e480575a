//! The `dimos` binary's wiring: command line, configuration, logs, and starting the portal.

pub mod cli;
pub mod config;
pub mod serve;
mod telemetry;
