//! Operator commands on the server: staff accounts and the audit log.

use crate::config::Config;
use crate::serve::prepare;
use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
use dimos_app::staff::NewStaffMember;
use dimos_app::{App, AppError, ClientInfo};
use dimos_db::audit::ChainBreak;
use dimos_domain::StaffRole;
use std::io::BufRead;

#[derive(Subcommand, Debug)]
pub enum StaffCommand {
    /// Create a staff account; the password is read from standard input, and the TOTP secret
    /// is printed once, as an otpauth:// URI for an authenticator app
    Add(AddArgs),
    /// Disable an account (its sessions end at once)
    Disable(UsernameArg),
    /// Enable a disabled account again
    Enable(UsernameArg),
    /// Give an account a new TOTP secret (a lost phone); prints the new otpauth:// URI once
    ResetTotp(UsernameArg),
}

#[derive(Args, Debug)]
pub struct AddArgs {
    #[arg(long)]
    username: String,
    /// A role; repeat for several
    #[arg(long = "role", value_enum, required = true)]
    roles: Vec<RoleArg>,
    /// A department the member works for (clerks need at least one); repeat for several
    #[arg(long = "department", value_name = "CODE")]
    departments: Vec<String>,
    /// The name shown to colleagues (default: the username)
    #[arg(long, default_value = "")]
    display_name: String,
    /// Read the password from the first line of standard input
    #[arg(long, required = true)]
    password_stdin: bool,
}

#[derive(Args, Debug)]
pub struct UsernameArg {
    #[arg(long)]
    username: String,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum RoleArg {
    Admin,
    Clerk,
    Verifier,
}

impl From<RoleArg> for StaffRole {
    fn from(r: RoleArg) -> StaffRole {
        match r {
            RoleArg::Admin => StaffRole::Admin,
            RoleArg::Clerk => StaffRole::Clerk,
            RoleArg::Verifier => StaffRole::Verifier,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the audit log's hash chain end to end; exit 1 naming the first broken entry
    Verify,
}

async fn open_app(config: &Config) -> anyhow::Result<App> {
    Ok(prepare(config).await?.state.app)
}

fn operator() -> ClientInfo {
    ClientInfo {
        ip: "cli".into(),
        user_agent: "dimos".into(),
    }
}

/// A refusal as one readable line per problem.
fn explain(error: AppError) -> anyhow::Error {
    match error {
        AppError::Validation(fields) => {
            let problems: Vec<String> = fields
                .iter()
                .map(|(field, codes)| format!("{field}: {}", codes.join(", ")))
                .collect();
            anyhow::anyhow!("nothing was changed: {}", problems.join("; "))
        }
        AppError::UsernameTaken => anyhow::anyhow!("nothing was changed: the username is taken"),
        AppError::NotFound => anyhow::anyhow!("no staff account has this username"),
        other => anyhow::anyhow!(other),
    }
}

pub async fn staff(config: Config, command: StaffCommand) -> anyhow::Result<()> {
    let app = open_app(&config).await?;
    match command {
        StaffCommand::Add(args) => {
            let mut password = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut password)
                .context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\n', '\r']).to_owned();
            if password.is_empty() {
                bail!("no password on standard input");
            }
            let new = NewStaffMember {
                username: args.username,
                display_name: args.display_name,
                password,
                roles: args.roles.into_iter().map(StaffRole::from).collect(),
                departments: args.departments,
            };
            let created = app
                .add_staff(None, &new, &operator())
                .await
                .map_err(explain)?;
            eprintln!(
                "Staff account created. Add this to an authenticator app now; it is not shown again:"
            );
            println!("{}", created.otpauth_uri);
        }
        StaffCommand::Disable(a) => {
            app.set_staff_disabled(None, &a.username, true, &operator())
                .await
                .map_err(explain)?;
            eprintln!("{} is disabled; their sessions have ended.", a.username);
        }
        StaffCommand::Enable(a) => {
            app.set_staff_disabled(None, &a.username, false, &operator())
                .await
                .map_err(explain)?;
            eprintln!("{} is enabled.", a.username);
        }
        StaffCommand::ResetTotp(a) => {
            let uri = app
                .reset_staff_totp(None, &a.username, &operator())
                .await
                .map_err(explain)?;
            eprintln!(
                "New TOTP secret; the old one no longer works. Add this to an authenticator app now:"
            );
            println!("{uri}");
        }
    }
    app.close().await;
    Ok(())
}

/// Exit status for `audit verify`: `Ok(true)` when intact.
pub async fn audit(config: Config, command: AuditCommand) -> anyhow::Result<bool> {
    let AuditCommand::Verify = command;
    let app = open_app(&config).await?;
    let outcome = app.verify_audit_chain().await?;
    app.close().await;
    match outcome {
        Ok(count) => {
            println!("audit log intact: {count} entries, hash chain verified");
            Ok(true)
        }
        Err(ChainBreak::Altered { seq }) => {
            eprintln!(
                "audit log BROKEN at entry #{seq}: its content does not match its hash (edited)"
            );
            Ok(false)
        }
        Err(ChainBreak::Unlinked { seq }) => {
            eprintln!("audit log BROKEN at entry #{seq}: it does not point at the entry before it");
            Ok(false)
        }
        Err(ChainBreak::Missing { after, found }) => {
            eprintln!("audit log BROKEN at entry #{found}: entries after #{after} are missing");
            Ok(false)
        }
        Err(ChainBreak::Truncated { head_seq, last_seq }) => {
            eprintln!(
                "audit log BROKEN at entry #{}: entries up to #{head_seq} were removed",
                last_seq + 1
            );
            Ok(false)
        }
    }
}
