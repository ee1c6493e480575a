//! The command line: `dimos [serve]`, `dimos migrate`.

use crate::admin_cli::{self, AuditCommand, StaffCommand};
use crate::config::{Config, ConfigError};
use crate::import_cli::{self, ApikeyCommand, ImportArgs};
use crate::{serve, telemetry};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "dimos",
    version,
    about = "Citizen e-services portal of the municipality"
)]
#[command(long_about = "Citizen e-services portal of the municipality.\n\n\
    Configuration comes from DIMOS_* environment variables and an optional dimos.toml; \
    see README.md. Without a command, `dimos` serves the portal.")]
pub struct Cli {
    /// Read settings from this TOML file (default: ./dimos.toml when it exists)
    #[arg(long, global = true, env = "DIMOS_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the portal (the default): runs pending migrations and seeds the standard catalogue
    /// into an empty database first
    Serve,
    /// Run pending database migrations and exit
    Migrate,
    /// Manage staff accounts (admins, clerks, verifiers)
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Work with the audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Import debts, fines or pending matters from a CSV file: checks the whole file first
    /// (every bad row is listed, nothing is applied), then applies it in one transaction as an
    /// upsert by external_id; exit code 0 only when applied
    Import(ImportArgs),
    /// Manage the integration keys of `POST /api/v1/records/…`
    #[command(subcommand)]
    Apikey(ApikeyCommand),
    /// Issued documents
    #[command(subcommand)]
    Document(crate::document_cli::DocumentCommand),
    /// Seed demo citizens (Level A and B), staff, requests, debts, fines and pending matters,
    /// and print their credentials
    Demo,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(e) => return config_failure(&e),
    };
    telemetry::init(&config);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return failure(&anyhow::anyhow!("cannot start the async runtime: {e}")),
    };
    let outcome = runtime.block_on(async {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve::serve(config).await.map(|()| true),
            Command::Migrate => serve::migrate(config).await.map(|()| true),
            Command::Staff(command) => admin_cli::staff(config, command).await.map(|()| true),
            Command::Audit(command) => admin_cli::audit(config, command).await,
            Command::Import(args) => import_cli::import(config, args).await,
            Command::Apikey(command) => import_cli::apikey(config, command).await.map(|()| true),
            Command::Demo => crate::demo_cli::demo(config).await.map(|()| true),
            Command::Document(command) => crate::document_cli::document(&config, command),
        }
    });
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => failure(&e),
    }
}

/// Bad configuration: one line naming the key and the problem, exit code 2.
fn config_failure(e: &ConfigError) -> ExitCode {
    eprintln!("dimos: configuration error: {e}");
    ExitCode::from(2)
}

fn failure(e: &anyhow::Error) -> ExitCode {
    eprintln!("dimos: {e:#}");
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_command_means_serve() {
        let cli = Cli::try_parse_from(["dimos"]).unwrap();
        assert!(cli.command.is_none());
        let cli = Cli::try_parse_from(["dimos", "migrate"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Migrate)));
        assert!(Cli::try_parse_from(["dimos", "frobnicate"]).is_err());
        let cli = Cli::try_parse_from(["dimos", "document", "verify", "a.pdf"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Document(_))));
        assert!(Cli::try_parse_from(["dimos", "document", "verify"]).is_err());
    }
}
