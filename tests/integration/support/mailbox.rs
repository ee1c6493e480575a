//! Reading the mail the portal sent, as the citizen would: the `.eml` files under the data dir.

use crate::support::TestApp;
use std::time::Duration;

/// A received mail: recipient, subject and plain-text body, decoded.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub message_id: String,
}

impl Mail {
    /// The first link in the body that starts with `prefix` (e.g. the public URL + a path).
    pub fn link(&self, prefix: &str) -> String {
        let start = self
            .body
            .find(prefix)
            .unwrap_or_else(|| panic!("no link {prefix} in {}", self.body));
        self.body[start..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned()
    }

    /// The `token` query parameter of the first link starting with `prefix`.
    pub fn token(&self, prefix: &str) -> String {
        let link = self.link(prefix);
        link.split_once("token=")
            .expect("a token in the link")
            .1
            .to_owned()
    }
}

/// A message as it travels (RFC 5322 bytes), read.
pub fn parse_mail(raw: &[u8]) -> Mail {
    let message = mail_parser::MessageParser::default()
        .parse(raw)
        .expect("a parseable mail");
    Mail {
        to: message
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .unwrap_or("")
            .to_owned(),
        subject: message.subject().unwrap_or("").to_owned(),
        body: message
            .body_text(0)
            .map(|b| b.into_owned())
            .unwrap_or_default(),
        message_id: message.message_id().unwrap_or("").to_owned(),
    }
}

impl TestApp {
    /// Every mail delivered so far, oldest first.
    pub fn mails(&self) -> Vec<Mail> {
        let dir = self.data_dir.join("outbox");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "eml"));
        files.sort();
        files
            .iter()
            .map(|path| parse_mail(&std::fs::read(path).unwrap()))
            .collect()
    }

    /// Waits (up to 10 s) for the `n`-th mail (1-based) to `to`.
    pub async fn wait_for_mail(&self, to: &str, n: usize) -> Mail {
        for _ in 0..200 {
            let mine: Vec<Mail> = self.mails().into_iter().filter(|m| m.to == to).collect();
            if mine.len() >= n {
                return mine[n - 1].clone();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no mail #{n} to {to} arrived; mails: {:?}", self.mails());
    }
}
