//! The back-office feeds from the operator's side: `dimos import KIND FILE.csv` and
//! `dimos apikey add|list|revoke`.

use crate::config::Config;
use crate::serve::prepare;
use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use dimos_app::import::{FileImportError, ImportPhase, ImportProgress, NoProgress};
use dimos_app::{App, AppError, ClientInfo};
use dimos_domain::RecordKind;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// What the file holds
    #[arg(value_enum)]
    kind: KindArg,
    /// A UTF-8 CSV file whose header row names the kind's columns, in order:
    /// debts: external_id,tax_number,category,description,amount_cents,due_date,status;
    /// fines: external_id,tax_number,notice_number,issued_on,place,vehicle_plate,violation,amount_cents,status,appeal_until;
    /// pending: external_id,tax_number,department,title,details,since,action_needed.
    /// Debts and fines may add a last column rf_reference: the treasury's ISO 11649 payment
    /// reference (RF + 2 check digits + up to 21 letters or digits), empty when it gave none
    #[arg(value_name = "FILE.csv")]
    file: PathBuf,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum KindArg {
    /// Debts to the municipality
    Debts,
    /// Fines and summonses
    Fines,
    /// Pending matters
    Pending,
}

impl From<KindArg> for RecordKind {
    fn from(kind: KindArg) -> RecordKind {
        match kind {
            KindArg::Debts => RecordKind::Debts,
            KindArg::Fines => RecordKind::Fines,
            KindArg::Pending => RecordKind::Pending,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum ApikeyCommand {
    /// Create an integration key for `POST /api/v1/records/…`; the key is printed once on
    /// standard output (only its hash is stored)
    Add(AddKeyArgs),
    /// List the keys: id, name, prefix, created, last used, revoked
    List,
    /// Revoke a key at once
    Revoke(IdArg),
}

#[derive(Args, Debug)]
pub struct AddKeyArgs {
    /// What system uses the key (e.g. "Treasury ERP")
    #[arg(long)]
    name: String,
    /// A record kind the key may write (repeat for more); default: all three
    #[arg(long = "kind", value_enum)]
    kinds: Vec<KindArg>,
}

#[derive(Args, Debug)]
pub struct IdArg {
    /// The key's id, as `dimos apikey list` shows it
    #[arg(long)]
    id: String,
}

fn operator() -> ClientInfo {
    ClientInfo {
        ip: "cli".into(),
        user_agent: "dimos".into(),
    }
}

async fn open_app(config: &Config) -> anyhow::Result<App> {
    Ok(prepare(config).await?.state.app)
}

/// A progress bar on standard error, drawn only on a terminal.
struct Bar(ProgressBar);

impl Bar {
    fn new() -> Bar {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{msg:>9} [{bar:40}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Bar(bar)
    }
}

impl ImportProgress for Bar {
    fn phase(&self, phase: ImportPhase, total_bytes: u64) {
        self.0.set_length(total_bytes);
        self.0.reset();
        self.0.set_message(match phase {
            ImportPhase::Checking => "checking",
            ImportPhase::Applying => "applying",
        });
    }

    fn position(&self, bytes: u64) {
        self.0.set_position(bytes);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// `dimos import`: `Ok(true)` when the file was applied, `Ok(false)` when it was refused (the
/// problems are on standard error and nothing was changed).
pub async fn import(config: Config, args: ImportArgs) -> anyhow::Result<bool> {
    let kind = RecordKind::from(args.kind);
    let app = open_app(&config).await?;
    let progress: Arc<dyn ImportProgress> = if std::io::stderr().is_terminal() {
        Arc::new(Bar::new())
    } else {
        Arc::new(NoProgress)
    };
    let started = Instant::now();
    let outcome = app
        .import_file(kind, &args.file, progress, &operator())
        .await;
    app.close().await;
    let file = args.file.display();
    match outcome {
        Ok(done) => {
            println!(
                "imported {file} ({kind}): {} records: {} inserted, {} updated, {} unchanged ({:.1} s)",
                done.records,
                done.counts.inserted,
                done.counts.updated,
                done.counts.unchanged,
                started.elapsed().as_secs_f64()
            );
            Ok(true)
        }
        Err(FileImportError::Rejected {
            problems,
            problem_count,
            records,
        }) => {
            eprintln!(
                "dimos: {file} was not imported; nothing was changed. {problem_count} problem(s) in {records} record(s):"
            );
            for problem in &problems {
                eprintln!("  {problem}");
            }
            let unlisted = problem_count.saturating_sub(problems.len() as u64);
            if unlisted > 0 {
                eprintln!("  … and {unlisted} more problem(s), not listed");
            }
            Ok(false)
        }
        Err(FileImportError::Io(e)) => {
            Err(e).with_context(|| format!("cannot read {file}; nothing was changed"))
        }
        Err(FileImportError::Changed) => Err(anyhow::anyhow!(
            "{file} changed while it was being imported; nothing was changed"
        )),
        Err(FileImportError::App(e)) => Err(anyhow::anyhow!(e))
            .with_context(|| format!("importing {file} failed; nothing was changed")),
    }
}

/// `dimos apikey …`.
pub async fn apikey(config: Config, command: ApikeyCommand) -> anyhow::Result<()> {
    let app = open_app(&config).await?;
    let outcome = apikey_with(&app, command).await;
    app.close().await;
    outcome
}

async fn apikey_with(app: &App, command: ApikeyCommand) -> anyhow::Result<()> {
    match command {
        ApikeyCommand::Add(AddKeyArgs { name, kinds }) => {
            let kinds: Vec<RecordKind> = if kinds.is_empty() {
                RecordKind::ALL.to_vec()
            } else {
                kinds.into_iter().map(RecordKind::from).collect()
            };
            let created = app
                .create_api_key(None, &name, &kinds, &operator())
                .await
                .map_err(explain)?;
            eprintln!(
                "Integration key {} ({}) created. Store it now; it is not shown again:",
                created.id, created.name
            );
            println!("{}", created.key);
        }
        ApikeyCommand::List => {
            let keys = app.api_keys(None).await.map_err(explain)?;
            if keys.is_empty() {
                eprintln!("no integration keys");
            }
            for key in keys {
                println!(
                    "{}\t{}\t{}…\t{}\tcreated {}\tlast used {}\t{}",
                    key.id,
                    key.name,
                    key.key_prefix,
                    key.kinds,
                    utc(key.created_at.as_millis()),
                    key.last_used_at
                        .map_or_else(|| "never".to_owned(), |t| utc(t.as_millis())),
                    key.revoked_at.map_or_else(
                        || "live".to_owned(),
                        |at| format!("revoked {}", utc(at.as_millis()))
                    )
                );
            }
        }
        ApikeyCommand::Revoke(IdArg { id }) => {
            if app
                .revoke_api_key(None, &id, &operator())
                .await
                .map_err(explain)?
            {
                eprintln!("key {id} is revoked; it no longer opens anything");
            } else {
                eprintln!("key {id} was revoked already");
            }
        }
    }
    Ok(())
}

fn explain(error: AppError) -> anyhow::Error {
    match error {
        AppError::Validation(fields) => {
            let problems: Vec<String> = fields
                .iter()
                .map(|(field, codes)| format!("{field}: {}", codes.join(", ")))
                .collect();
            anyhow::anyhow!("nothing was changed: {}", problems.join("; "))
        }
        AppError::NotFound => anyhow::anyhow!("no integration key has this id"),
        other => anyhow::anyhow!(other),
    }
}

/// A stored time (unix ms) as `YYYY-MM-DD HH:MM UTC`.
fn utc(unix_ms: i64) -> String {
    let secs = unix_ms.div_euclid(1000);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn times_print_in_utc() {
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(951_782_400_000), "2000-02-29 00:00 UTC");
        assert_eq!(utc(1_751_362_200_000), "2025-07-01 09:30 UTC");
    }
}
