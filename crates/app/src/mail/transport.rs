//! Where a composed message goes.

use super::eml_files::EmlFiles;
use super::smtp::SmtpTransport;
use dimos_domain::Timestamp;
use lettre::Message;

/// The two ways out: a relay, or files for a person (or a test) to read.
#[derive(Debug, Clone)]
pub enum Transport {
    Smtp(SmtpTransport),
    Files(EmlFiles),
}

/// A failed send, as text fit for the outbox's `last_error` and the log: it never holds the
/// message or a credential (lettre's errors name SMTP codes, server replies and I/O causes).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SendError(pub String);

impl SendError {
    fn from_chain(error: &(dyn std::error::Error + 'static)) -> SendError {
        let mut text = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            let shown = cause.to_string();
            if !text.contains(&shown) {
                text.push_str(": ");
                text.push_str(&shown);
            }
            source = cause.source();
        }
        SendError(text)
    }
}

impl Transport {
    /// What the log may say about where mail goes.
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(smtp) => format!("SMTP relay {}", smtp.server()),
            Transport::Files(files) => format!(".eml files in {}", files.dir().display()),
        }
    }

    /// Sends one message; `id` and `created_at` name the file of the file transport.
    pub async fn send(
        &self,
        id: &str,
        created_at: Timestamp,
        message: Message,
    ) -> Result<(), SendError> {
        match self {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map_err(|e| SendError::from_chain(&e)),
            Transport::Files(files) => files
                .write(id, created_at, message.formatted())
                .await
                .map(drop)
                .map_err(|e| SendError::from_chain(&e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("outer")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn error_text_follows_the_causes_once() {
        let e = Outer(std::io::Error::other("connection refused"));
        assert_eq!(SendError::from_chain(&e).0, "outer: connection refused");
    }
}
