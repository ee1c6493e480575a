//! Turns a queued plain-text mail into a full RFC 5322 message at send time.

use dimos_db::outbox::OutgoingMail;
use lettre::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, SinglePart};
use std::time::{Duration, UNIX_EPOCH};

/// Why a queued mail cannot become a message. Retrying does not help.
#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    #[error("the recipient address is not valid")]
    Recipient,
    #[error("the message cannot be built: {0}")]
    Build(#[from] lettre::error::Error),
}

/// Builds the message. Everything is derived from the stored row, so every retry produces the
/// same Message-ID and Date: a receiver (or a person) can tell a duplicate from a new mail.
pub fn compose(mail: &OutgoingMail, from: &Mailbox) -> Result<Message, ComposeError> {
    let to: Mailbox = mail.to.parse().map_err(|_| ComposeError::Recipient)?;
    let created =
        UNIX_EPOCH + Duration::from_millis(u64::try_from(mail.created_at.as_millis()).unwrap_or(0));
    let message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(one_line(&mail.subject))
        .date(created)
        .message_id(Some(message_id(&mail.id, from)))
        // RFC 3834: tells vacation responders and ticket systems not to answer a robot.
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".to_owned(),
        ))
        // lettre picks 7bit, quoted-printable or base64 for the body, and RFC 2047 for the
        // subject, so Greek text arrives intact.
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body_text.clone()),
        )?;
    Ok(message)
}

/// `<outbox-id@sender-domain>`: unique, stable across retries, and under a domain we own.
fn message_id(id: &str, from: &Mailbox) -> String {
    format!("<{id}@{}>", from.email.domain())
}

/// A subject is one line; a stray newline must not start a header of its own.
fn one_line(subject: &str) -> String {
    subject
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    fn queued(subject: &str, body: &str) -> OutgoingMail {
        OutgoingMail {
            id: "0190f0c2-1a2b-7c3d-8e4f-5a6b7c8d9e0f".into(),
            to: "maria@example.gr".into(),
            subject: subject.into(),
            body_text: body.into(),
            created_at: dimos_domain::Timestamp::from_millis(1_735_689_600_000), // 2025-01-01T00:00:00Z
            attempts: 0,
        }
    }

    fn sender() -> Mailbox {
        "Δήμος Παραδείγματος <noreply@dimos.example>"
            .parse()
            .unwrap()
    }

    #[test]
    fn greek_subject_body_and_sender_survive_encoding() {
        let body = "Καλημέρα σας,\nη αίτησή σας 2025/000001 είναι έτοιμη.\n";
        let raw = compose(
            &queued("Επιβεβαίωση διεύθυνσης ηλεκτρονικού ταχυδρομείου", body),
            &sender(),
        )
        .unwrap()
        .formatted();
        assert!(raw.is_ascii(), "headers and body are transfer-encoded");
        let parsed = MessageParser::default().parse(&raw).unwrap();
        assert_eq!(
            parsed.subject(),
            Some("Επιβεβαίωση διεύθυνσης ηλεκτρονικού ταχυδρομείου")
        );
        assert_eq!(parsed.body_text(0).unwrap().replace("\r\n", "\n"), body);
        let from = parsed.from().unwrap().first().unwrap();
        assert_eq!(from.name(), Some("Δήμος Παραδείγματος"));
        assert_eq!(from.address(), Some("noreply@dimos.example"));
        assert_eq!(
            parsed.to().unwrap().first().unwrap().address(),
            Some("maria@example.gr")
        );
        assert_eq!(
            parsed.message_id(),
            Some("0190f0c2-1a2b-7c3d-8e4f-5a6b7c8d9e0f@dimos.example")
        );
        assert_eq!(parsed.date().unwrap().to_timestamp(), 1_735_689_600);
        assert_eq!(
            parsed.header_raw("Auto-Submitted").map(str::trim),
            Some("auto-generated")
        );
    }

    #[test]
    fn a_newline_in_the_subject_cannot_inject_a_header() {
        let raw = compose(&queued("Γεια\r\nBcc: victim@example.com", "x"), &sender())
            .unwrap()
            .formatted();
        assert!(
            !String::from_utf8_lossy(&raw)
                .lines()
                .any(|l| l.starts_with("Bcc"))
        );
        let parsed = MessageParser::default().parse(&raw).unwrap();
        assert!(parsed.bcc().is_none());
        assert!(
            parsed
                .subject()
                .unwrap()
                .ends_with("Bcc: victim@example.com")
        );
    }

    #[test]
    fn a_bad_stored_address_is_a_compose_error() {
        let mut mail = queued("x", "y");
        mail.to = "not an address".into();
        assert!(matches!(
            compose(&mail, &sender()),
            Err(ComposeError::Recipient)
        ));
    }
}
