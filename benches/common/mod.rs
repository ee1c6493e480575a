//! What the HTTP benches share: the portal started in-process, their databases (a temp SQLite
//! file, a PostgreSQL database created and dropped, or a database given by URL), running C
//! clients for a while, outcomes by status and latency percentiles.
//!
//! Each bench includes it with `mod common;` and uses a part of it.
#![allow(dead_code)]

use sqlx::{AnyPool, Connection};
use std::collections::BTreeMap;
use std::future::Future;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::oneshot;

pub mod generate;
pub mod staff;

pub const SERVER_THREADS: &str = "dimos-server";
pub const CLIENT_THREADS: &str = "bench-client";

// --- the portal under test ----------------------------------------------------------------------

pub struct Portal {
    pub address: String,
    pub state: dimos_web::AppState,
    /// The benches' own connection to the same database.
    store: dimos_db::Db,
    _shutdown: oneshot::Sender<()>,
}

impl Portal {
    /// Prepares the portal as `dimos serve` does (migrations, catalogue seed) over
    /// `database.url` and serves it on a free port of 127.0.0.1. The mail worker is not
    /// started: mails wait in the outbox.
    pub async fn start(database: &BenchDatabase) -> Portal {
        let data_dir = database.dir.path().join("data").display().to_string();
        let env = [
            ("DIMOS_DATABASE_URL", database.url.clone()),
            ("DIMOS_DATA_DIR", data_dir),
            ("DIMOS_LISTEN", "127.0.0.1:0".to_owned()),
            // Every bench client is 127.0.0.1: the per-address allowance of registrations would
            // turn the load into 429s (the throttle has its own tests).
            ("DIMOS_MAIL_FORMS_PER_CLIENT", "100000".to_owned()),
        ];
        let config = dimos::config::Config::load_with(None, |var| {
            env.iter().find(|(k, _)| *k == var).map(|(_, v)| v.clone())
        })
        .expect("configuration");
        let prepared = dimos::serve::prepare(&config)
            .await
            .expect("portal prepares");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = format!("http://{}", listener.local_addr().unwrap());
        let (shutdown, stopped) = oneshot::channel::<()>();
        let state = prepared.state;
        tokio::spawn(dimos_web::serve(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        let store = dimos_db::Db::connect(&database.url)
            .await
            .expect("open the portal's database");
        Portal {
            address,
            state,
            store,
            _shutdown: shutdown,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// The benches' own connection to the portal's database (the app keeps its store private).
    pub fn pool(&self) -> &AnyPool {
        self.store.pool()
    }

    pub fn backend(&self) -> dimos_db::Backend {
        self.store.backend()
    }
}

pub struct BenchDatabase {
    pub url: String,
    pub dir: tempfile::TempDir,
    /// On PostgreSQL: (server URL, database name) to drop afterwards.
    pub postgres: Option<(String, String)>,
    /// A database given by URL: kept afterwards.
    pub given: bool,
}

impl BenchDatabase {
    /// A fresh database: a SQLite file in a temp dir, or with `server` the PostgreSQL
    /// database `name` (dropped first if it exists, and dropped again by `drop_database`).
    pub async fn create(server: Option<&str>, name: &str) -> BenchDatabase {
        let dir = tempfile::tempdir().expect("temp dir");
        let Some(server) = server else {
            let url = format!("sqlite://{}", dir.path().join("dimos.db").display());
            return BenchDatabase {
                url,
                dir,
                postgres: None,
                given: false,
            };
        };
        let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        admin_sql(server, &drop).await;
        admin_sql(server, &format!("CREATE DATABASE {name}")).await;
        BenchDatabase {
            url: with_database(server, name),
            dir,
            postgres: Some((server.to_owned(), name.to_owned())),
            given: false,
        }
    }

    /// A database given by URL (`sqlite://…` or `postgres://…`), used as it is and kept.
    pub fn given(url: &str) -> BenchDatabase {
        BenchDatabase {
            url: url.to_owned(),
            dir: tempfile::tempdir().expect("temp dir"),
            postgres: None,
            given: true,
        }
    }

    pub fn label(&self) -> &'static str {
        if self.postgres.is_some() || self.url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    }

    /// The SQLite file of the database (None on PostgreSQL).
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        let rest = self.url.strip_prefix("sqlite:")?;
        let path = rest.trim_start_matches("//");
        Some(std::path::PathBuf::from(path.split('?').next()?))
    }

    pub async fn drop_database(&self) {
        if let Some((server, name)) = &self.postgres {
            admin_sql(
                server,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await;
        }
    }
}

pub async fn admin_sql(server: &str, sql: &str) {
    let mut admin = sqlx::PgConnection::connect(server)
        .await
        .expect("connect to PostgreSQL");
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    admin.close().await.ok();
}

/// `server` with its database name replaced by `name` (query string kept).
pub fn with_database(server: &str, name: &str) -> String {
    let (base, query) = server
        .split_once('?')
        .map_or((server, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

// --- clients --------------------------------------------------------------------------------------

/// Runs `clients` copies of `task` until `duration` has passed; returns their results and the
/// time until the last one finished its request in flight.
pub async fn for_clients<T, F, Fut>(
    clients: usize,
    duration: Duration,
    task: F,
) -> (Vec<T>, Duration)
where
    T: Send + 'static,
    F: Fn(usize, Instant) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
{
    let start = Instant::now();
    let deadline = start + duration;
    let handles: Vec<_> = (0..clients)
        .map(|i| tokio::spawn(task(i, deadline)))
        .collect();
    let mut results = Vec::with_capacity(clients);
    for handle in handles {
        results.push(handle.await.expect("client task"));
    }
    (results, start.elapsed())
}

/// A cookie-keeping client logged in through a login page (`/login` or `/staff/login`): it
/// fetches the form for its CSRF token, sends `fields` with it, and checks that the portal
/// answered by landing on `lands_on`.
pub async fn page_login(
    portal: &Portal,
    path: &str,
    fields: &[(&str, &str)],
    lands_on: &str,
) -> reqwest::Client {
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let form = browser
        .get(portal.url(path))
        .send()
        .await
        .expect("login page")
        .text()
        .await
        .expect("login page body");
    let csrf = hidden_value(&form, "csrf_token").expect("a csrf_token on the login page");
    let mut form_fields = fields.to_vec();
    form_fields.push(("csrf_token", &csrf));
    let response = browser
        .post(portal.url(path))
        .header("origin", &portal.address)
        .form(&form_fields)
        .send()
        .await
        .expect("login form sent");
    assert_eq!(response.status(), 200, "login at {path}");
    assert_eq!(
        response.url().path(),
        lands_on,
        "login at {path} landed on {}",
        response.url()
    );
    browser
}

/// A clerk of `department` made by [`staff::add_staff`]; returns their TOTP secret.
pub async fn add_clerk(portal: &Portal, username: &str, department: &str) -> Vec<u8> {
    let clerk = [dimos_domain::StaffRole::Clerk];
    staff::add_staff(&portal.state, username, "bench", &clerk, &[department]).await
}

/// The bearer token of a member of staff made by [`staff::add_staff`] (whose TOTP secret is
/// `secret`), logged in over the API.
pub async fn staff_api_login(portal: &Portal, username: &str, secret: &[u8]) -> String {
    let response = reqwest::Client::new()
        .post(portal.url("/api/v1/staff/sessions"))
        .json(&serde_json::json!({
            "username": username,
            "password": staff::STAFF_PASSWORD,
            "totp": dimos_app::staff::totp::code_at(secret, now_secs()),
        }))
        .send()
        .await
        .expect("staff login");
    assert_eq!(response.status(), 201, "staff login of {username}");
    let body: serde_json::Value = response.json().await.expect("staff login body");
    body["token"].as_str().expect("token").to_owned()
}

/// The portal's runtime and the clients' runtime, their threads named so that the benches can
/// tell the server's CPU from the clients'.
pub fn runtimes() -> (tokio::runtime::Runtime, tokio::runtime::Runtime) {
    let build = |name: &str, what: &str| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name(name)
            .build()
            .unwrap_or_else(|e| panic!("{what} runtime: {e}"))
    };
    (
        build(SERVER_THREADS, "server"),
        build(CLIENT_THREADS, "client"),
    )
}

/// CPU time (ns) spent so far by the task whose `schedstat` this is (first field: time on a
/// CPU, in nanoseconds, unlike the 10 ms ticks of `stat`).
pub fn schedstat_ns(path: &std::path::Path) -> Option<u64> {
    std::fs::read_to_string(path)
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The value of the first `<input type="hidden" name="{name}" value="…">` on the page.
pub fn hidden_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..].split('"').next()?.to_owned())
}

// --- outcomes -------------------------------------------------------------------------------------

/// Latencies of the answers, by status, and a count of requests that got no answer.
#[derive(Default)]
pub struct Outcome {
    pub by_status: BTreeMap<u16, Vec<Duration>>,
    pub failed: usize,
}

impl Outcome {
    pub fn record(&mut self, status: reqwest::StatusCode, latency: Duration) {
        self.by_status
            .entry(status.as_u16())
            .or_default()
            .push(latency);
    }

    pub fn count(&self) -> usize {
        self.by_status.values().map(Vec::len).sum::<usize>() + self.failed
    }

    pub fn merge(all: Vec<Outcome>) -> Outcome {
        let mut merged = Outcome::default();
        for outcome in all {
            merged.failed += outcome.failed;
            for (status, latencies) in outcome.by_status {
                merged
                    .by_status
                    .entry(status)
                    .or_default()
                    .extend(latencies);
            }
        }
        merged
    }

    pub fn with(&self, status: u16) -> &[Duration] {
        self.by_status.get(&status).map_or(&[], Vec::as_slice)
    }

    /// Answers with another status than `expected`, and requests without an answer.
    pub fn unexpected(&self, expected: u16) -> usize {
        self.count() - self.with(expected).len()
    }

    pub fn others(&self, expected: u16) -> String {
        let mut parts: Vec<String> = self
            .by_status
            .iter()
            .filter(|(status, _)| **status != expected)
            .map(|(status, v)| format!("{} × {status}", v.len()))
            .collect();
        if self.failed > 0 {
            parts.push(format!("{} × no answer", self.failed));
        }
        if parts.is_empty() {
            "none".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Percentiles of a set of latencies (nearest rank).
pub struct Summary {
    pub n: usize,
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub max: Duration,
}

impl Summary {
    pub fn of(latencies: &[Duration]) -> Summary {
        let mut sorted = latencies.to_vec();
        sorted.sort();
        let at = |q: f64| {
            let rank = (q * sorted.len() as f64).ceil() as usize;
            sorted
                .get(rank.clamp(1, sorted.len().max(1)) - 1)
                .copied()
                .unwrap_or_default()
        };
        Summary {
            n: sorted.len(),
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
            max: sorted.last().copied().unwrap_or_default(),
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "n={:>6}  p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms",
            self.n,
            ms(self.p50),
            ms(self.p95),
            ms(self.p99),
            ms(self.max)
        )
    }
}

// --- the machine ----------------------------------------------------------------------------------

pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A positive number from the environment, or `default`.
pub fn env_number<T: std::str::FromStr>(var: &str, default: T) -> T {
    std::env::var(var)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| {
            v.trim()
                .parse()
                .unwrap_or_else(|_| panic!("{var}: not a number"))
        })
        .unwrap_or(default)
}
