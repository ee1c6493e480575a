//! `dimos`: the citizen e-services portal of a Greek municipality.

use std::process::ExitCode;

fn main() -> ExitCode {
    dimos::cli::run()
}
