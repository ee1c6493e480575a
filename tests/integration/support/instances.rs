//! The portal as separate `dimos serve` processes (the real binary), for what one process cannot
//! show: several instances on one database, and a server killed with SIGKILL. Also a tiny SMTP
//! server that keeps every message it is given, so a test can count deliveries.

use crate::support::FreshDatabase;
use crate::support::accounts::PASSWORD;
use crate::support::api::Portal;
use crate::support::mailbox::{Mail, parse_mail};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// A `dimos serve` process; killed (SIGKILL) when dropped.
pub struct Server {
    child: Child,
    /// The address (once it serves) and the HTTP client, with the calls every portal answers.
    pub portal: Portal,
    pub log: PathBuf,
}

impl std::ops::Deref for Server {
    type Target = Portal;

    fn deref(&self) -> &Portal {
        &self.portal
    }
}

static STARTED: AtomicUsize = AtomicUsize::new(0);

/// `dimos` with none of the `DIMOS_*` settings of the test's own environment.
pub fn dimos_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dimos"));
    for (key, _) in std::env::vars() {
        if key.starts_with("DIMOS_") {
            command.env_remove(key);
        }
    }
    command
        .env("DIMOS_LOG", "info,sqlx=warn")
        .env("DIMOS_LOG_FORMAT", "json");
    command
}

impl Server {
    /// Starts `dimos serve` on a port of its choosing over `database` and its data dir, with
    /// the extra `DIMOS_*` settings given; returns once `/readyz` answers 200.
    pub async fn start(database: &FreshDatabase, settings: &[(&str, &str)]) -> Server {
        let log = database.dir.path().join(format!(
            "serve-{}.log",
            STARTED.fetch_add(1, Ordering::SeqCst)
        ));
        let out = std::fs::File::create(&log).unwrap();
        let mut command = dimos_command();
        command
            .arg("serve")
            .env("DIMOS_DATABASE_URL", &database.url)
            .env("DIMOS_DATA_DIR", &database.data_dir)
            .env("DIMOS_LISTEN", "127.0.0.1:0")
            // Port 0 says nothing about where the portal is: the mails' links keep one address.
            .env("DIMOS_PUBLIC_URL", "http://127.0.0.1:8080")
            // The tests register many citizens from 127.0.0.1, as `spawn_app` allows.
            .env("DIMOS_MAIL_FORMS_PER_CLIENT", "100000")
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out);
        for (key, value) in settings {
            command.env(key, value);
        }
        let child = command.spawn().expect("dimos serve starts");
        let mut server = Server {
            child,
            portal: Portal::at(String::new()),
            log,
        };
        server.portal.address = format!("http://{}", server.wait_for_address().await);
        server.wait_until_ready().await;
        server
    }

    /// The address from the log line `serving`, once it is there.
    async fn wait_for_address(&mut self) -> String {
        for _ in 0..1200 {
            let text = std::fs::read_to_string(&self.log).unwrap_or_default();
            if let Some(address) = text.lines().find_map(serving_address) {
                return address;
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("dimos serve exited ({status}) before serving:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "dimos serve did not start within a minute:\n{}",
            self.log_text()
        );
    }

    async fn wait_until_ready(&self) {
        for _ in 0..600 {
            if let Ok(r) = self.client.get(self.url("/readyz")).send().await
                && r.status() == 200
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("/readyz never answered 200:\n{}", self.log_text());
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// `kill -9`: the process ends at once, in the middle of whatever it was doing.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let status = self.child.wait().unwrap();
        assert!(status.code().is_none(), "killed by a signal: {status}");
    }

    /// Confirms an e-mail address with the token of its confirmation mail.
    pub async fn confirm(&self, mail: &Mail) {
        let token = mail.token("http://127.0.0.1:8080/confirm-email?token=");
        let response = self
            .post_json("/api/v1/email-confirmations", &json!({ "token": token }))
            .await;
        assert_eq!(response.status(), 204, "{:?}", response.text().await);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // A failing test shows what went wrong inside the server.
        if std::thread::panicking() {
            let log = self.log_text();
            let lines = |level: &str| {
                let marker = format!("\"level\":\"{level}\"");
                log.lines()
                    .filter(|l| l.contains(&marker))
                    .take(10)
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            };
            let mut problems = lines("ERROR");
            problems.extend(lines("WARN"));
            eprintln!(
                "{} — errors and warnings:\n{}",
                self.address,
                problems.join("\n")
            );
        }
    }
}

/// `127.0.0.1:PORT` out of the JSON log line `{"message":"serving","address":…}`.
fn serving_address(line: &str) -> Option<String> {
    let event: Value = serde_json::from_str(line).ok()?;
    (event["message"] == "serving").then(|| event["address"].as_str().map(str::to_owned))?
}

/// A registered citizen with a confirmed e-mail address, logged in over the API.
pub async fn confirmed_citizen(
    at: &Server,
    confirm_at: &Server,
    sink: &SmtpSink,
    username: &str,
) -> String {
    let email = format!("{username}@example.gr");
    at.register(username, &email).await;
    let mail = sink.wait_for(&email, 1).await;
    confirm_at.confirm(&mail).await;
    at.login(username, PASSWORD).await
}

/// The transport for a sink: plain SMTP to loopback.
pub fn smtp_settings(sink: &SmtpSink) -> [(&'static str, &str); 1] {
    [("DIMOS_SMTP_URL", sink.url.as_str())]
}

/// A mail server that accepts everything and keeps each message as it came (a message sent
/// twice is kept twice).
pub struct SmtpSink {
    pub url: String,
    received: Arc<Mutex<Vec<Vec<u8>>>>,
    task: tokio::task::JoinHandle<()>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("smtp://{}?tls=none", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&received);
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let kept = Arc::clone(&kept);
                tokio::spawn(async move {
                    let _ = smtp_session(socket, &kept).await;
                });
            }
        });
        SmtpSink {
            url,
            received,
            task,
        }
    }

    /// Every message received so far, in order of arrival.
    pub fn mails(&self) -> Vec<Mail> {
        let raw = self.received.lock().unwrap().clone();
        raw.iter().map(|m| parse_mail(m)).collect()
    }

    /// Waits (up to 30 s) for the `n`-th message (1-based) to `to`.
    pub async fn wait_for(&self, to: &str, n: usize) -> Mail {
        for _ in 0..600 {
            let mine: Vec<Mail> = self.mails().into_iter().filter(|m| m.to == to).collect();
            if mine.len() >= n {
                return mine[n - 1].clone();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no mail #{n} to {to} arrived");
    }

    /// Waits (up to 60 s) until at least `n` messages arrived; returns them all.
    pub async fn wait_for_count(&self, n: usize) -> Vec<Mail> {
        for _ in 0..1200 {
            let mails = self.mails();
            if mails.len() >= n {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{} of {n} mails arrived", self.mails().len());
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One SMTP conversation: say yes to everything, keep what comes after DATA.
async fn smtp_session(
    socket: tokio::net::TcpStream,
    kept: &Mutex<Vec<Vec<u8>>>,
) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut read = BufReader::new(read);
    write.write_all(b"220 sink ESMTP\r\n").await?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if read.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let command = String::from_utf8_lossy(&line).to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if command.starts_with("DATA") {
            write.write_all(b"354 go on\r\n").await?;
            let mut message = Vec::new();
            loop {
                line.clear();
                if read.read_until(b'\n', &mut line).await? == 0 {
                    return Ok(());
                }
                if line == b".\r\n" {
                    break;
                }
                // Undo dot-stuffing.
                let start = usize::from(line.starts_with(b".."));
                message.extend_from_slice(&line[start..]);
            }
            kept.lock().unwrap().push(message);
            b"250 kept\r\n"
        } else if command.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            b"250 ok\r\n"
        };
        write.write_all(reply).await?;
    }
}

/// A connection to the test's database, to check what the instances left there.
pub async fn open_database(url: &str) -> dimos_db::Db {
    dimos_db::Db::connect(url).await.expect("open the database")
}

/// The size of a file, 0 when it is not there.
pub fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}
