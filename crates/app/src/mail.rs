//! Outgoing mail: the database outbox, its background worker, and the transports (SMTP, .eml files).
//!
//! A use case queues a mail with [`queue`] inside its own transaction, so the mail exists iff
//! the change commits. A [`MailWorker`] per process drains the outbox; several processes may run
//! one each (claims are leased, see `dimos_db::outbox`). Bodies are never logged: they carry
//! confirmation tokens. Logs name mail ids and recipients' domains only.

mod compose;
mod eml_files;
mod smtp;
mod transport;
mod worker;

pub use compose::{ComposeError, compose};
pub use dimos_db::outbox::NewMail;
pub use eml_files::EmlFiles;
pub use smtp::SmtpTransport;
pub use transport::{SendError, Transport};
pub use worker::{MailWorker, Pass, WorkerSettings};

use dimos_db::{Db, DbError};
use sqlx::AnyConnection;
use std::future::Future;
use std::path::Path;
use tokio::task::JoinHandle;

/// A mail setting that cannot work. The text never holds a password.
#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    #[error("DIMOS_SMTP_URL: {0}")]
    SmtpUrl(String),
    #[error("the sender {0:?} is not a mailbox such as \"Δήμος <noreply@dimos.example>\"")]
    From(String),
}

/// Queues a mail inside the caller's transaction (`&mut *tx`); returns the outbox id.
pub async fn queue(conn: &mut AnyConnection, mail: &NewMail) -> Result<String, DbError> {
    let id = dimos_db::outbox::enqueue(conn, mail).await?;
    tracing::debug!(mail = %id, to_domain = mail.to.domain(), "mail queued");
    Ok(id)
}

/// SMTP when `DIMOS_SMTP_URL` is set (see [`SmtpTransport`] for its forms), else `.eml` files
/// under `<data_dir>/outbox/`.
pub fn transport_from_config(
    smtp_url: Option<&str>,
    data_dir: &Path,
) -> Result<Transport, MailConfigError> {
    match smtp_url {
        Some(url) => Ok(Transport::Smtp(SmtpTransport::from_url(url)?)),
        None => Ok(Transport::Files(EmlFiles::new(data_dir.join("outbox")))),
    }
}

/// Starts a worker with the default timings; it stops when `shutdown` resolves (for example
/// `async move { token.cancelled().await }` or a `watch` receiver's `changed()`).
pub fn spawn_mail_worker(
    db: Db,
    transport: Transport,
    from: &str,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<JoinHandle<()>, MailConfigError> {
    Ok(MailWorker::new(db, transport, from)?.spawn(shutdown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_smtp_url_means_files_under_the_data_dir() {
        let t = transport_from_config(None, Path::new("/srv/dimos")).unwrap();
        assert!(matches!(&t, Transport::Files(f) if f.dir() == Path::new("/srv/dimos/outbox")));
        let t = transport_from_config(Some("smtps://u:p@mail.example.gr"), Path::new("x")).unwrap();
        assert!(matches!(t, Transport::Smtp(_)));
        assert!(transport_from_config(Some("ftp://x"), Path::new("x")).is_err());
    }
}
