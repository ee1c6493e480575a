//! A tiny plain-text SMTP server on 127.0.0.1: enough of RFC 5321 for lettre to hand over a
//! message, and a way to make it refuse the first few with a temporary error.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub data: String,
}

pub struct FakeRelay {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    server: tokio::task::JoinHandle<()>,
}

#[derive(Default)]
struct Shared {
    received: Arc<Mutex<Vec<Received>>>,
    refusals_left: Mutex<usize>,
}

impl FakeRelay {
    /// Answers `451` to the first `refusals` MAIL commands, then accepts everything.
    pub async fn start(refusals: usize) -> FakeRelay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared {
            refusals_left: Mutex::new(refusals),
            ..Shared::default()
        });
        let received = shared.received.clone();
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, shared.clone()));
            }
        });
        FakeRelay {
            port,
            received,
            server,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for FakeRelay {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn session(stream: TcpStream, shared: Arc<Shared>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut reply = async |text: &str| {
        write
            .write_all(format!("{text}\r\n").as_bytes())
            .await
            .is_ok()
    };
    if !reply("220 fake.test ESMTP").await {
        return;
    }
    let mut envelope = Received {
        mail_from: String::new(),
        rcpt_to: Vec::new(),
        data: String::new(),
    };
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line.get(..4).unwrap_or(&line).to_ascii_uppercase();
        let answer = match verb.as_str() {
            "EHLO" | "HELO" => "250 fake.test",
            "MAIL" => {
                let mut left = shared.refusals_left.lock().unwrap();
                if *left > 0 {
                    *left -= 1;
                    "451 4.3.0 try again later"
                } else {
                    envelope.mail_from = address(&line);
                    "250 2.1.0 ok"
                }
            }
            "RCPT" => {
                envelope.rcpt_to.push(address(&line));
                "250 2.1.5 ok"
            }
            "DATA" => {
                if !reply("354 end with <CRLF>.<CRLF>").await {
                    return;
                }
                let mut data = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if line == "." {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    data.push_str("\r\n");
                }
                envelope.data = data;
                shared.received.lock().unwrap().push(envelope.clone());
                "250 2.0.0 queued"
            }
            "RSET" | "NOOP" => "250 ok",
            "QUIT" => {
                reply("221 bye").await;
                return;
            }
            _ => "502 not implemented",
        };
        if !reply(answer).await {
            return;
        }
    }
}

/// `MAIL FROM:<a@b> SIZE=…` → `a@b`.
fn address(line: &str) -> String {
    let start = line.find('<').map_or(0, |i| i + 1);
    let end = line[start..].find('>').map_or(line.len(), |i| start + i);
    line[start..end].to_owned()
}
