//! `dimos`: the citizen e-services portal of a Greek municipality.

mod cli;
mod config;
mod serve;
mod telemetry;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
