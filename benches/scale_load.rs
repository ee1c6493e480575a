//! The portal at municipal scale (issue «Proof from outside»): 1,000,000 citizens, 5,000,000
//! requests (with their events) and 2,000,000 debts, made by SQL (`benches/common/generate.rs`),
//! then C clients at once (16 by default) for a fixed time (10 s by default) per scenario:
//!
//! - the home page `/` (anonymous);
//! - logging in over the API (`POST /api/v1/sessions`);
//! - the citizen's dashboard page `/account`;
//! - the citizen's requests: the page `/requests` and `GET /api/v1/requests`;
//! - the debts of a Level B citizen who has some: the page `/account/debts` and
//!   `GET /api/v1/me/debts`;
//! - submitting a request (`POST /api/v1/requests`);
//! - the clerk's queue: the page `/staff/requests` and `GET /api/v1/staff/requests`;
//!
//! and the home page once more with `wrk` (`/usr/bin/wrk`, same connections and time) from
//! outside the process. Each scenario expects one status; any other answer (or none) makes the
//! bench exit non-zero after its report.
//!
//! The portal runs in this process as the integration tests start it (`dimos::serve::prepare`
//! and `dimos_web::serve`, on its own tokio runtime), the reqwest clients on a second runtime:
//! a figure is for server + client (+ PostgreSQL) on one machine.
//!
//! ```sh
//! cargo bench --bench scale_load                                    # SQLite, temp dir
//! DIMOS_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo bench --bench scale_load
//! # fill a database for trials (kept; generation is skipped if it already has citizens):
//! DIMOS_BENCH_DATABASE_URL=sqlite:///srv/trial/dimos.db cargo bench --bench scale_load -- --generate-only
//! DIMOS_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/trial cargo bench --bench scale_load -- --generate-only
//! # and measure over it later:
//! DIMOS_BENCH_DATABASE_URL=sqlite:///srv/trial/dimos.db cargo bench --bench scale_load
//! ```
//!
//! Settings: `DIMOS_BENCH_SCALE` (1.0 = the sizes above; 0.001 = 1,000 citizens …),
//! `DIMOS_BENCH_CLIENTS` (16), `DIMOS_BENCH_SECONDS` (10, per scenario),
//! `DIMOS_BENCH_POSTGRES_URL` (a server: the database `dimos_bench_scale` is created and
//! dropped), `DIMOS_BENCH_DATABASE_URL` (a database used as it is and kept),
//! `DIMOS_BENCH_WRK` (`/usr/bin/wrk`; empty: skip). Figures: `BENCHMARKS.md`.

mod common;

use common::generate::{self, PASSWORD, Sizes};
use common::staff::STAFF_PASSWORD;
use common::{
    BenchDatabase, Outcome, Portal, Summary, add_clerk, env_number, for_clients, loadavg, ms,
    now_ms, now_secs, page_login, runtimes, staff_api_login,
};
use dimos_app::passwords::{HashParams, hash_blocking, verify_blocking};
use dimos_app::staff::totp;
use dimos_db::Backend;
use dimos_domain::Password;
use reqwest::{Client, RequestBuilder};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

const DATABASE_NAME: &str = "dimos_bench_scale";
/// The clerk's department (the registry has the most services, so the most requests).
const DEPARTMENT: &str = "registry";
/// Reads should answer like `/api/v1/me` (issue «Level A»: p99 < 20 ms).
const READ_P99_GOAL: Duration = Duration::from_millis(20);

struct Settings {
    scale: f64,
    clients: usize,
    seconds: Duration,
    wrk: Option<String>,
    generate_only: bool,
}

impl Settings {
    fn from_env() -> Settings {
        let wrk = std::env::var("DIMOS_BENCH_WRK").unwrap_or_else(|_| "/usr/bin/wrk".to_owned());
        Settings {
            scale: env_number("DIMOS_BENCH_SCALE", 1.0),
            clients: env_number("DIMOS_BENCH_CLIENTS", 16usize).max(1),
            seconds: Duration::from_secs_f64(env_number("DIMOS_BENCH_SECONDS", 10.0)),
            wrk: Some(wrk).filter(|w| !w.trim().is_empty()),
            generate_only: std::env::args().any(|a| a == "--generate-only"),
        }
    }
}

fn main() {
    // `cargo test --all-targets` runs bench targets without `--bench`: nothing to do then.
    let args: Vec<String> = std::env::args().collect();
    if !args
        .iter()
        .any(|a| a == "--bench" || a == "--generate-only")
    {
        println!("scale_load: a benchmark; run it with `cargo bench --bench scale_load`");
        return;
    }
    let settings = Settings::from_env();
    let given = std::env::var("DIMOS_BENCH_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty());
    let postgres = std::env::var("DIMOS_BENCH_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty());
    if settings.generate_only && given.is_none() {
        eprintln!("--generate-only needs DIMOS_BENCH_DATABASE_URL: the database to fill (kept)");
        std::process::exit(2);
    }
    let (server_rt, client_rt) = runtimes();

    let started = Instant::now();
    let database = match &given {
        Some(url) => BenchDatabase::given(url),
        None => server_rt.block_on(BenchDatabase::create(postgres.as_deref(), DATABASE_NAME)),
    };
    let portal = server_rt.block_on(Portal::start(&database));
    let sizes = Sizes::at(settings.scale);
    println!(
        "== scale_load on {}: scale {} ({} citizens, {} requests, {} debts), {} clients, {:.0} s a scenario; {} cores, load average {} ==",
        database.label(),
        settings.scale,
        sizes.citizens,
        sizes.requests,
        sizes.debts,
        settings.clients,
        settings.seconds.as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        loadavg()
    );
    let data = server_rt.block_on(fill(&portal, sizes));
    let size = server_rt.block_on(database_size(&portal, &database));
    println!("-- database size: {:.1} MB", size as f64 / 1e6);
    if settings.generate_only {
        println!("-- generated; the database is kept: {}", database.url);
        return;
    }

    let t_hash = t_hash();
    let mut report = client_rt.block_on(run(&portal, &settings, data.sizes));
    if let Some(wrk) = &settings.wrk {
        report.wrk = Some(run_wrk(wrk, &portal.url("/"), &settings));
    }
    drop(portal);
    server_rt.block_on(database.drop_database());
    let failed = report.print(&database, &settings, &data, size, t_hash, started.elapsed());
    if failed {
        eprintln!("scale_load: some scenario got unexpected answers (see above)");
        std::process::exit(1);
    }
}

// --- the data -----------------------------------------------------------------------------------

struct Data {
    sizes: Sizes,
    generated: Option<generate::Generated>,
    load_start: String,
    load_end: String,
}

/// Generates the data unless the database already has citizens (a database given by URL that
/// was filled before: then its sizes are read back).
async fn fill(portal: &Portal, sizes: Sizes) -> Data {
    let count = |table: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(portal.pool())
            .await
            .expect("count")
    };
    let load_start = loadavg();
    let existing = count("citizens").await;
    if existing > 0 {
        let found = Sizes {
            citizens: existing,
            requests: count("requests").await,
            debts: count("debts").await,
        };
        println!(
            "-- the database has data already ({} citizens, {} requests, {} debts): not generating",
            found.citizens, found.requests, found.debts
        );
        return Data {
            sizes: found,
            generated: None,
            load_start: load_start.clone(),
            load_end: load_start,
        };
    }
    let password = Password::parse(PASSWORD).expect("a valid password");
    let hash = tokio::task::spawn_blocking(move || {
        hash_blocking(&password, &HashParams::OWASP).expect("hash")
    })
    .await
    .expect("hash task");
    let progress = sizes.requests >= 500_000;
    let generated = generate::generate(
        portal.pool(),
        portal.backend(),
        sizes,
        &hash,
        now_ms(),
        progress,
    )
    .await;
    println!(
        "-- generated: {generated}; load average {load_start} → {}",
        loadavg()
    );
    Data {
        sizes,
        generated: Some(generated),
        load_start,
        load_end: loadavg(),
    }
}

/// Bytes on disk: the SQLite file with its WAL, or PostgreSQL's `pg_database_size`.
async fn database_size(portal: &Portal, database: &BenchDatabase) -> u64 {
    match portal.backend() {
        Backend::Sqlite => {
            let Some(file) = database.sqlite_file() else {
                return 0;
            };
            ["", "-wal"]
                .iter()
                .filter_map(|suffix| {
                    let mut name = file.clone().into_os_string();
                    name.push(suffix);
                    std::fs::metadata(name).ok()
                })
                .map(|m| m.len())
                .sum()
        }
        Backend::Postgres => sqlx::query_scalar::<_, i64>(
            "SELECT CAST(pg_database_size(current_database()) AS BIGINT)",
        )
        .fetch_one(portal.pool())
        .await
        .map_or(0, |b| b as u64),
    }
}

/// t_hash: the median wall time of 20 Argon2id verifies on one core (the work of a login).
fn t_hash() -> Duration {
    let password = Password::parse(PASSWORD).unwrap();
    let stored = hash_blocking(&password, &HashParams::OWASP).unwrap();
    let mut times: Vec<Duration> = (0..20)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(verify_blocking(&password, &stored, &HashParams::OWASP));
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

// --- sessions ---------------------------------------------------------------------------------

/// A citizen logged in twice: over the API (bearer token) and at `/login` (cookie client).
struct Citizen {
    token: String,
    browser: Client,
}

async fn log_in_citizen(portal: &Portal, client: &Client, username: &str) -> Citizen {
    let response = client
        .post(portal.url("/api/v1/sessions"))
        .json(&json!({"username": username, "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), 201, "API login of {username}");
    let body: Value = response.json().await.expect("login body");
    let token = body["token"].as_str().expect("token").to_owned();

    let browser = page_login(
        portal,
        "/login",
        &[("username", username), ("password", PASSWORD)],
        "/account",
    )
    .await;
    Citizen { token, browser }
}

/// A clerk of the department, logged in over the API and at `/staff/login` (two accounts: a
/// one-time code is accepted once per account).
struct Clerk {
    token: String,
    browser: Client,
}

async fn log_in_clerk(portal: &Portal) -> Clerk {
    // Unique names: a database given by URL may have clerks of an earlier run.
    let suffix = now_ms();
    let api_name = format!("clerk.api.{suffix}");
    let page_name = format!("clerk.page.{suffix}");
    let api_secret = add_clerk(portal, &api_name, DEPARTMENT).await;
    let page_secret = add_clerk(portal, &page_name, DEPARTMENT).await;
    let token = staff_api_login(portal, &api_name, &api_secret).await;

    let browser = page_login(
        portal,
        "/staff/login",
        &[
            ("username", page_name.as_str()),
            ("password", STAFF_PASSWORD),
            ("totp", &totp::code_at(&page_secret, now_secs())),
        ],
        "/staff",
    )
    .await;
    Clerk { token, browser }
}

// --- scenarios --------------------------------------------------------------------------------

/// Makes client `c`'s n-th request.
type MakeRequest = Arc<dyn Fn(usize, usize) -> RequestBuilder + Send + Sync>;

struct Scenario {
    label: &'static str,
    method_path: &'static str,
    expected: u16,
    goal: Goal,
    make: MakeRequest,
}

#[derive(Clone, Copy)]
enum Goal {
    /// p99 under this.
    P99(Duration),
    /// Logins/s at least 0.8 × cores / t_hash.
    Logins,
    /// No goal was set; compared with the figure of the issue «Requests».
    Submissions,
}

struct ScenarioResult {
    label: &'static str,
    method_path: &'static str,
    expected: u16,
    goal: Goal,
    /// Each client's first request, unmeasured.
    warm_up: Outcome,
    /// One client alone, back to back.
    alone: Outcome,
    outcome: Outcome,
    elapsed: Duration,
    load_start: String,
    load_end: String,
}

impl ScenarioResult {
    fn rate(&self) -> f64 {
        self.outcome.with(self.expected).len() as f64 / self.elapsed.as_secs_f64()
    }
}

/// `clients` clients send `make`'s requests back to back for `duration`.
async fn drive(make: &MakeRequest, clients: usize, duration: Duration) -> (Outcome, Duration) {
    let (outcomes, elapsed) = for_clients(clients, duration, |c, deadline| {
        let make = Arc::clone(make);
        async move {
            let mut outcome = Outcome::default();
            let mut n = 0;
            while Instant::now() < deadline {
                let sent = Instant::now();
                match make(c, n).send().await {
                    Ok(response) => {
                        let status = response.status();
                        let _ = response.bytes().await;
                        outcome.record(status, sent.elapsed());
                    }
                    Err(_) => outcome.failed += 1,
                }
                n += 1;
            }
            outcome
        }
    })
    .await;
    (Outcome::merge(outcomes), elapsed)
}

/// Each client once (unmeasured: connections, caches, prepared statements), then one client
/// alone for a quarter of `duration` (the latency of the request itself), then `clients` at
/// once for `duration`.
async fn measure(scenario: &Scenario, clients: usize, duration: Duration) -> ScenarioResult {
    let mut warm_up = Outcome::default();
    for c in 0..clients {
        let sent = Instant::now();
        match (scenario.make)(c, usize::MAX).send().await {
            Ok(response) => warm_up.record(response.status(), sent.elapsed()),
            Err(_) => warm_up.failed += 1,
        }
    }
    let (alone, _) = drive(&scenario.make, 1, duration / 4).await;
    let load_start = loadavg();
    let (outcome, elapsed) = drive(&scenario.make, clients, duration).await;
    let result = ScenarioResult {
        label: scenario.label,
        method_path: scenario.method_path,
        expected: scenario.expected,
        goal: scenario.goal,
        warm_up,
        alone,
        outcome,
        elapsed,
        load_start,
        load_end: loadavg(),
    };
    println!(
        "-- {:<34} {:>8.1}/s  {}  others: {}; load {} → {}",
        result.label,
        result.rate(),
        Summary::of(result.outcome.with(result.expected)),
        result.outcome.others(result.expected),
        result.load_start,
        result.load_end
    );
    println!(
        "   {:<34} one client alone: {}  others: {}; warm-up others: {}",
        "",
        Summary::of(result.alone.with(result.expected)),
        result.alone.others(result.expected),
        result.warm_up.others(result.expected),
    );
    result
}

#[derive(Default)]
struct Report {
    scenarios: Vec<ScenarioResult>,
    wrk: Option<Wrk>,
    sample: String,
}

async fn run(portal: &Portal, settings: &Settings, sizes: Sizes) -> Report {
    let clients = settings.clients;
    let client = Client::builder()
        .pool_max_idle_per_host(clients * 4)
        .build()
        .unwrap();
    let started = Instant::now();
    let people = |m: i64| m.min((sizes.citizens / 10 - 1).max(0));
    // Readers: Level A citizens with a confirmed address and some requests (k % 10 = 7; the
    // submitters below are k % 10 = 5, so that over a database kept between runs the readers'
    // lists stay as generated). Asked of the database: which citizens have requests follows
    // from the generator's arithmetic.
    let readers: Vec<String> = sqlx::query_scalar(
        "SELECT c.username FROM citizens c
         WHERE c.level = 'A' AND c.email_confirmed_at IS NOT NULL AND substr(c.id, 36, 1) = '7'
           AND EXISTS (SELECT 1 FROM requests r WHERE r.citizen_id = c.id)
         ORDER BY c.id LIMIT $1",
    )
    .bind(clients as i64)
    .fetch_all(portal.pool())
    .await
    .expect("readers");
    assert!(!readers.is_empty(), "no Level A citizen has requests");
    let mut level_a = Vec::new();
    let mut level_b = Vec::new();
    for c in 0..clients as i64 {
        let a = &readers[c as usize % readers.len()];
        level_a.push(log_in_citizen(portal, &client, a).await);
        let b = generate::username(generate::level_b_citizen(c % sizes.debtors()));
        level_b.push(log_in_citizen(portal, &client, &b).await);
    }
    // Submitters: other Level A citizens, so that the readers' lists stay as generated (also
    // over a database kept between runs).
    let mut submitters = Vec::new();
    for c in 0..clients as i64 {
        let name = generate::username(generate::level_a(people(clients as i64 + c)));
        let response = client
            .post(portal.url("/api/v1/sessions"))
            .json(&json!({"username": name, "password": PASSWORD}))
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), 201, "API login of {name}");
        let body: Value = response.json().await.expect("login body");
        submitters.push(body["token"].as_str().expect("token").to_owned());
    }
    let clerk = log_in_clerk(portal).await;
    println!(
        "-- {} citizens logged in (API and page), {} more over the API, and a clerk ({:.1} s)",
        clients * 2,
        clients,
        started.elapsed().as_secs_f64()
    );

    // What the sessions see (checked once: the lists are not empty).
    // `GET /api/v1/requests` answers an array; the others `{items: […], …}`.
    let items = |body: &Value| {
        body.as_array()
            .or_else(|| body["items"].as_array())
            .map_or(0, Vec::len)
    };
    let get_json = |url: String, token: String| {
        let client = client.clone();
        async move {
            let response = client
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .expect("GET");
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.expect("JSON")
        }
    };
    let requests = get_json(portal.url("/api/v1/requests"), level_a[0].token.clone()).await;
    let debts = get_json(portal.url("/api/v1/me/debts"), level_b[0].token.clone()).await;
    let queue = get_json(portal.url("/api/v1/staff/requests"), clerk.token.clone()).await;
    let sample = format!(
        "{} has {} requests on its first page, {} has {} debts, the clerk's first page {} requests",
        readers[0],
        items(&requests),
        generate::username(generate::level_b_citizen(0)),
        items(&debts),
        items(&queue)
    );
    println!("-- {sample}");
    assert!(items(&requests) > 0, "the citizen has no requests");
    assert!(items(&debts) > 0, "the Level B citizen has no debts");
    assert!(items(&queue) > 0, "the clerk's queue is empty");

    let url = |path: &str| portal.url(path);
    let tokens_a: Arc<Vec<String>> = Arc::new(level_a.iter().map(|c| c.token.clone()).collect());
    let tokens_b: Arc<Vec<String>> = Arc::new(level_b.iter().map(|c| c.token.clone()).collect());
    let browsers_a: Arc<Vec<Client>> =
        Arc::new(level_a.iter().map(|c| c.browser.clone()).collect());
    let browsers_b: Arc<Vec<Client>> =
        Arc::new(level_b.iter().map(|c| c.browser.clone()).collect());
    let page = |browsers: &Arc<Vec<Client>>, path: &str| -> MakeRequest {
        let (browsers, url) = (Arc::clone(browsers), url(path));
        Arc::new(move |c: usize, _: usize| browsers[c % browsers.len()].get(&url))
    };
    let api = |tokens: &Arc<Vec<String>>, path: &str| -> MakeRequest {
        let (tokens, url, client) = (Arc::clone(tokens), url(path), client.clone());
        Arc::new(move |c: usize, _: usize| client.get(&url).bearer_auth(&tokens[c % tokens.len()]))
    };
    let read = Goal::P99(READ_P99_GOAL);
    let logins: MakeRequest = {
        let (client, url) = (client.clone(), url("/api/v1/sessions"));
        // 64 accounts, each client going through its own.
        let accounts: Vec<String> = (0..64)
            .map(|m| generate::username(generate::level_a_other(people(m))))
            .collect();
        Arc::new(move |c: usize, n: usize| {
            let account = &accounts[(c + n.wrapping_mul(clients)) % accounts.len()];
            client
                .post(&url)
                .json(&json!({"username": account, "password": PASSWORD}))
        })
    };
    let submit: MakeRequest = {
        let (client, url, tokens) = (
            client.clone(),
            url("/api/v1/requests"),
            Arc::new(submitters),
        );
        Arc::new(move |c: usize, _: usize| {
            client
                .post(&url)
                .bearer_auth(&tokens[c % tokens.len()])
                .json(&json!({"service": "residence_certificate"}))
        })
    };
    let home: MakeRequest = {
        let (client, url) = (client.clone(), url("/"));
        Arc::new(move |_: usize, _: usize| client.get(&url))
    };
    let clerk_page: MakeRequest = {
        let (browser, url) = (clerk.browser.clone(), url("/staff/requests"));
        Arc::new(move |_: usize, _: usize| browser.get(&url))
    };
    let clerk_api: MakeRequest = {
        let (client, url, token) = (
            client.clone(),
            url("/api/v1/staff/requests"),
            clerk.token.clone(),
        );
        Arc::new(move |_: usize, _: usize| client.get(&url).bearer_auth(&token))
    };
    let scenarios = [
        Scenario {
            label: "home page",
            method_path: "GET /",
            expected: 200,
            goal: read,
            make: home,
        },
        Scenario {
            label: "login (API)",
            method_path: "POST /api/v1/sessions",
            expected: 201,
            goal: Goal::Logins,
            make: logins,
        },
        Scenario {
            label: "dashboard page",
            method_path: "GET /account",
            expected: 200,
            goal: read,
            make: page(&browsers_a, "/account"),
        },
        Scenario {
            label: "requests page",
            method_path: "GET /requests",
            expected: 200,
            goal: read,
            make: page(&browsers_a, "/requests"),
        },
        Scenario {
            label: "requests (API)",
            method_path: "GET /api/v1/requests",
            expected: 200,
            goal: read,
            make: api(&tokens_a, "/api/v1/requests"),
        },
        Scenario {
            label: "debts page (Level B)",
            method_path: "GET /account/debts",
            expected: 200,
            goal: read,
            make: page(&browsers_b, "/account/debts"),
        },
        Scenario {
            label: "debts (API, Level B)",
            method_path: "GET /api/v1/me/debts",
            expected: 200,
            goal: read,
            make: api(&tokens_b, "/api/v1/me/debts"),
        },
        Scenario {
            label: "submission (API)",
            method_path: "POST /api/v1/requests",
            expected: 201,
            goal: Goal::Submissions,
            make: submit,
        },
        Scenario {
            label: "clerk's queue page",
            method_path: "GET /staff/requests",
            expected: 200,
            goal: read,
            make: clerk_page,
        },
        Scenario {
            label: "clerk's queue (API)",
            method_path: "GET /api/v1/staff/requests",
            expected: 200,
            goal: read,
            make: clerk_api,
        },
    ];
    let mut report = Report {
        sample,
        ..Report::default()
    };
    for scenario in &scenarios {
        report
            .scenarios
            .push(measure(scenario, clients, settings.seconds).await);
    }
    report
}

// --- wrk ----------------------------------------------------------------------------------------

struct Wrk {
    command: String,
    requests_per_s: Option<f64>,
    p50: Option<f64>,
    p99: Option<f64>,
    non_2xx: u64,
    errors: String,
    ok: bool,
    load_start: String,
    load_end: String,
}

/// `wrk --latency` against `url` with the bench's connections and time, two threads.
fn run_wrk(wrk: &str, url: &str, settings: &Settings) -> Wrk {
    let seconds = settings.seconds.as_secs().max(1);
    let args = [
        "-t2".to_owned(),
        format!("-c{}", settings.clients),
        format!("-d{seconds}s"),
        "--latency".to_owned(),
        url.to_owned(),
    ];
    let command = format!("{wrk} {}", args.join(" "));
    let load_start = loadavg();
    let output = std::process::Command::new(wrk).args(&args).output();
    let load_end = loadavg();
    let Ok(output) = output else {
        println!("-- wrk: cannot run {wrk}; skipped");
        return Wrk {
            command,
            requests_per_s: None,
            p50: None,
            p99: None,
            non_2xx: 0,
            errors: "wrk not found".to_owned(),
            ok: true,
            load_start,
            load_end,
        };
    };
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    println!("-- {command}\n{text}");
    let field = |prefix: &str| {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .map(|l| l[prefix.len()..].trim().to_owned())
    };
    let duration_ms = |s: String| {
        let s = s.trim();
        let (number, unit) =
            s.split_at(s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len()));
        let value: f64 = number.parse().ok()?;
        Some(match unit {
            "us" => value / 1000.0,
            "ms" => value,
            "s" => value * 1000.0,
            "m" => value * 60_000.0,
            _ => return None,
        })
    };
    let non_2xx = field("Non-2xx or 3xx responses:")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let errors = field("Socket errors:").unwrap_or_default();
    let requests_per_s = field("Requests/sec:").and_then(|r| r.parse().ok());
    Wrk {
        command,
        requests_per_s,
        p50: field("50%").and_then(duration_ms),
        p99: field("99%").and_then(duration_ms),
        non_2xx,
        ok: output.status.success() && non_2xx == 0 && requests_per_s.is_some(),
        errors,
        load_start,
        load_end,
    }
}

// --- the report ---------------------------------------------------------------------------------

impl Report {
    /// Prints the summary; true if a scenario got unexpected answers.
    fn print(
        &self,
        database: &BenchDatabase,
        settings: &Settings,
        data: &Data,
        size: u64,
        t_hash: Duration,
        total: Duration,
    ) -> bool {
        let backend = database.label();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let login_goal = 0.8 * cores as f64 / t_hash.as_secs_f64();
        println!();
        println!(
            "== scale_load on {backend}: summary (whole run {:.0} s) ==",
            total.as_secs_f64()
        );
        println!();
        println!(
            "data: {} citizens, {} requests, {} debts; {}",
            data.sizes.citizens,
            data.sizes.requests,
            data.sizes.debts,
            match &data.generated {
                Some(g) => format!(
                    "generated: {g} (load average {} → {})",
                    data.load_start, data.load_end
                ),
                None => "found in the database (not generated in this run)".to_owned(),
            }
        );
        println!("database size: {:.1} MB", size as f64 / 1e6);
        println!("{}", self.sample);
        println!(
            "t_hash (median of 20 verifies, one core): {:.1} ms → login goal ≥ 0.8 × {cores} / t_hash = {login_goal:.1}/s",
            ms(t_hash)
        );
        println!();
        println!(
            "{} clients at once, {:.0} s a scenario:",
            settings.clients,
            settings.seconds.as_secs_f64()
        );
        println!();
        println!(
            "| scenario | request | req/s | p50 ms | p99 ms | max ms | n | alone: p50 / p99 ms | unexpected answers | load avg (start → end) | goal | verdict ({} clients; alone) |",
            settings.clients
        );
        println!("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |");
        let mut failed = false;
        for r in &self.scenarios {
            let s = Summary::of(r.outcome.with(r.expected));
            let alone = Summary::of(r.alone.with(r.expected));
            let met = |yes: bool| if yes { "met" } else { "**not met**" };
            let (goal, verdict) = match r.goal {
                Goal::P99(limit) => (
                    format!("p99 < {:.0} ms", ms(limit)),
                    format!("{}; {}", met(s.p99 < limit), met(alone.p99 < limit)),
                ),
                Goal::Logins => (
                    format!("≥ {login_goal:.0}/s"),
                    if r.rate() >= login_goal {
                        "met".to_owned()
                    } else {
                        format!("**not met** ({:.0} %)", r.rate() / login_goal * 100.0)
                    },
                ),
                Goal::Submissions => (
                    "none set (issue «Requests»: 563/s SQLite, 246/s PostgreSQL with 1,000,000 requests, 8 clients)".to_owned(),
                    "—".to_owned(),
                ),
            };
            let unexpected = r.outcome.unexpected(r.expected)
                + r.alone.unexpected(r.expected)
                + r.warm_up.unexpected(r.expected);
            if unexpected > 0 || s.n == 0 {
                failed = true;
            }
            let mut others = r.outcome.others(r.expected);
            for (what, outcome) in [("alone", &r.alone), ("warm-up", &r.warm_up)] {
                if outcome.unexpected(r.expected) > 0 {
                    others.push_str(&format!("; {what}: {}", outcome.others(r.expected)));
                }
            }
            println!(
                "| {} | `{}` → {} | {:.1} | {:.2} | {:.2} | {:.1} | {} | {:.2} / {:.2} | {others} | {} → {} | {goal} | {verdict} |",
                r.label,
                r.method_path,
                r.expected,
                r.rate(),
                ms(s.p50),
                ms(s.p99),
                ms(s.max),
                s.n,
                ms(alone.p50),
                ms(alone.p99),
                r.load_start,
                r.load_end
            );
        }
        if let Some(wrk) = &self.wrk {
            let opt = |v: Option<f64>, digits: usize| {
                v.map_or("?".to_owned(), |v| format!("{v:.digits$}"))
            };
            let verdict = match wrk.p99 {
                Some(p99) if p99 < ms(READ_P99_GOAL) => "met",
                Some(_) => "**not met**",
                None => "?",
            };
            println!(
                "| home page, wrk | `GET /` → 2xx | {} | {} | {} | | | | {} non-2xx{} | {} → {} | p99 < {:.0} ms | {verdict} |",
                opt(wrk.requests_per_s, 1),
                opt(wrk.p50, 2),
                opt(wrk.p99, 2),
                wrk.non_2xx,
                if wrk.errors.is_empty() {
                    String::new()
                } else {
                    format!("; socket errors: {}", wrk.errors)
                },
                wrk.load_start,
                wrk.load_end,
                ms(READ_P99_GOAL)
            );
            println!();
            println!("wrk: `{}`", wrk.command);
            if !wrk.ok {
                failed = true;
            }
        }
        failed
    }
}
