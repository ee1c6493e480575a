//! SMTP submission through lettre over rustls.
//!
//! `DIMOS_SMTP_URL` forms, and the TLS each gets:
//! - `smtps://user:pass@host[:465]` — implicit TLS from the first byte.
//! - `smtp://user:pass@host[:587]` — STARTTLS, required: a server (or an attacker in the path)
//!   that does not offer it gets no mail and no password. This differs from lettre's own
//!   reading of a bare `smtp://`, which is plain text.
//! - `smtp://…?tls=opportunistic` — STARTTLS when offered, plain text otherwise.
//! - `smtp://host[:25]?tls=none` — plain text, for a relay on the same machine; refused with a
//!   password unless the host is a loopback address.
//!
//! A path sets the EHLO name (`smtp://host/portal.example.gr`); otherwise the host name is used.

use super::MailConfigError;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::net::IpAddr;
use std::time::Duration;
use url::Url;

/// An SMTP relay. Cloning shares the configuration, not a connection: each send opens one.
#[derive(Clone)]
pub struct SmtpTransport {
    inner: AsyncSmtpTransport<Tokio1Executor>,
    /// `host:port`, for logs; the URL itself holds the password and is never logged.
    server: String,
}

impl std::fmt::Debug for SmtpTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpTransport")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

/// How long one SMTP command may take before the attempt counts as failed.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(20);

impl SmtpTransport {
    pub fn from_url(smtp_url: &str) -> Result<SmtpTransport, MailConfigError> {
        let bad = |why: &str| MailConfigError::SmtpUrl(why.to_owned());
        let mut url = Url::parse(smtp_url).map_err(|_| bad("not a URL"))?;
        let host = url
            .host_str()
            .ok_or_else(|| bad("it names no host"))?
            .to_owned();
        let tls = url
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let lettre_tls = match (url.scheme(), tls.as_deref()) {
            ("smtps", None) => None,
            ("smtps", Some(_)) => {
                return Err(bad("smtps:// is always TLS; drop the tls parameter"));
            }
            ("smtp", None | Some("required")) => Some("required"),
            ("smtp", Some("opportunistic")) => Some("opportunistic"),
            ("smtp", Some("none")) => {
                if url.password().is_some() && !is_loopback(&host) {
                    return Err(bad("tls=none would send the password in clear text"));
                }
                None
            }
            ("smtp", Some(_)) => return Err(bad("tls must be required, opportunistic or none")),
            _ => return Err(bad("the scheme must be smtp:// or smtps://")),
        };
        // Hand lettre exactly the forms it knows; every other query parameter is dropped.
        url.set_query(None);
        if let Some(mode) = lettre_tls {
            url.query_pairs_mut().append_pair("tls", mode);
        }
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.as_str())
            .map_err(|e| MailConfigError::SmtpUrl(e.to_string()))?;
        let inner = builder.timeout(Some(COMMAND_TIMEOUT)).build();
        // lettre's defaults: 465 for implicit TLS, 587 for STARTTLS, 25 for plain text.
        let default_port = match (url.scheme(), lettre_tls) {
            ("smtps", _) => 465,
            (_, Some(_)) => 587,
            _ => 25,
        };
        let server = format!("{host}:{}", url.port().unwrap_or(default_port));
        Ok(SmtpTransport { inner, server })
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    pub(crate) async fn send(
        &self,
        message: Message,
    ) -> Result<(), lettre::transport::smtp::Error> {
        self.inner.send(message).await.map(drop)
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(url: &str) -> String {
        SmtpTransport::from_url(url).unwrap_err().to_string()
    }

    #[test]
    fn accepted_forms() {
        for url in [
            "smtps://user:secret@mail.example.gr",
            "smtps://mail.example.gr:2465",
            "smtp://user:secret@mail.example.gr",
            "smtp://mail.example.gr:587?tls=required",
            "smtp://mail.example.gr?tls=opportunistic",
            "smtp://127.0.0.1:2525?tls=none",
            "smtp://user:secret@localhost?tls=none",
            "smtp://mail.example.gr/portal.example.gr",
        ] {
            assert!(SmtpTransport::from_url(url).is_ok(), "{url}");
        }
        assert_eq!(
            SmtpTransport::from_url("smtp://u:p@mail.example.gr:2587")
                .unwrap()
                .server(),
            "mail.example.gr:2587"
        );
        assert_eq!(
            SmtpTransport::from_url("smtp://m.example.gr")
                .unwrap()
                .server(),
            "m.example.gr:587"
        );
        assert_eq!(
            SmtpTransport::from_url("smtps://m.example.gr")
                .unwrap()
                .server(),
            "m.example.gr:465"
        );
    }

    #[test]
    fn refused_forms_say_why_without_the_password() {
        assert!(error("http://mail.example.gr").contains("scheme"));
        assert!(error("smtp://u:secret@mail.example.gr?tls=none").contains("clear text"));
        assert!(error("smtp://mail.example.gr?tls=maybe").contains("tls must be"));
        assert!(error("smtps://mail.example.gr?tls=required").contains("always TLS"));
        assert!(error("not a url").contains("not a URL"));
        for url in [
            "smtp://u:secret@mail.example.gr?tls=none",
            "smtps://u:secret@x?tls=none",
        ] {
            assert!(!error(url).contains("secret"));
        }
    }

    #[test]
    fn debug_output_hides_credentials() {
        let t = SmtpTransport::from_url("smtps://user:secret@mail.example.gr").unwrap();
        let shown = format!("{t:?}");
        assert!(shown.contains("mail.example.gr") && !shown.contains("secret"));
    }
}
