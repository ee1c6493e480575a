//! `dimos document verify FILE.pdf`: an issued document checked offline.

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use dimos_documents::{DocumentSigner, SELF_SIGNED_FILE, verify_pdf};

use crate::config::Config;

#[derive(Subcommand, Debug)]
pub enum DocumentCommand {
    /// Check a document's file offline: exit 0 printing its number and verification code when
    /// its signature is valid, covers the whole file and was made with this portal's signing
    /// certificate (DIMOS_SIGNING_P12, or the self-signed one under DIMOS_DATA_DIR); 1 otherwise
    Verify {
        /// The PDF file
        file: PathBuf,
    },
}

pub fn document(config: &Config, command: DocumentCommand) -> anyhow::Result<bool> {
    match command {
        DocumentCommand::Verify { file } => verify(config, &file),
    }
}

fn verify(config: &Config, file: &std::path::Path) -> anyhow::Result<bool> {
    if config.signing_p12.is_none() && !config.data_dir.join(SELF_SIGNED_FILE).exists() {
        anyhow::bail!(
            "DIMOS_SIGNING_P12 is unset and there is no self-signed certificate {} under \
             DIMOS_DATA_DIR: this portal has signed no document",
            SELF_SIGNED_FILE
        );
    }
    let signer = DocumentSigner::from_settings(
        config.signing_p12.as_deref(),
        config.signing_p12_password.as_ref().map(|p| p.0.as_str()),
        &config.data_dir,
        &config.municipality_name,
        jiff::Timestamp::now(),
    )?;
    let metadata =
        std::fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?;
    if metadata.len() > dimos_documents::MAX_PDF_BYTES as u64 {
        println!("not valid: {}", dimos_documents::VerifyError::TooLarge);
        return Ok(false);
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    match verify_pdf(&bytes, signer.certificate_der()) {
        Ok(verified) => {
            println!("valid");
            println!("number: {}", verified.number);
            println!("verification code: {}", verified.code);
            Ok(true)
        }
        Err(why) => {
            println!("not valid: {why}");
            Ok(false)
        }
    }
}
