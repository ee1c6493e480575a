//! Login and API load over HTTP (issue "Level A"):
//!
//! - successful logins/s while C clients log in at once, against the goal ≥ 0.8 × cores / t_hash;
//! - the latency of `GET /api/v1/me` during that flood (goal: p99 < 20 ms);
//! - the cost of a throttled login attempt (goal: < 2 % of t_hash).
//!
//! The real portal is started in this process the way the integration tests start it, on its
//! own tokio runtime (as `dimos serve` has), over a fresh SQLite database in a temp dir or, with
//! `DIMOS_BENCH_POSTGRES_URL`, a fresh PostgreSQL database created and dropped here. The client
//! (reqwest) runs on a second runtime in the same process: it shares the machine's cores with
//! the server, so figures are for server + client on one machine.
//!
//! ```sh
//! cargo bench --bench http_load
//! DIMOS_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo bench --bench http_load
//! ```
//!
//! Settings: `DIMOS_BENCH_CLIENTS` (16), `DIMOS_BENCH_ACCOUNTS` (32), `DIMOS_BENCH_SECONDS` (15,
//! the flood), `DIMOS_BENCH_T_HASH_MS` (default: measured here, median of 20 verifies).
//! Figures and how they were taken: `BENCHMARKS.md`.

mod common;

use common::{
    BenchDatabase, CLIENT_THREADS, Outcome, Portal, SERVER_THREADS, Summary, for_clients, loadavg,
    ms, runtimes, schedstat_ns,
};
use dimos_app::passwords::{HashParams, hash_blocking, verify_blocking};
use dimos_domain::Password;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const PASSWORD: &str = "Lemon trees by the Aegean 42";
/// A reader pauses this long between requests, as a person's client would; it also keeps the
/// reader from taking a core of its own away from the flood.
const READER_PAUSE: Duration = Duration::from_millis(5);

struct Settings {
    clients: usize,
    accounts: usize,
    flood: Duration,
    cores: usize,
}

impl Settings {
    fn from_env() -> Settings {
        let number = |var: &str, default: usize| {
            std::env::var(var)
                .ok()
                .map(|v| v.parse().unwrap_or_else(|_| panic!("{var}: not a number")))
                .unwrap_or(default)
        };
        Settings {
            clients: number("DIMOS_BENCH_CLIENTS", 16),
            accounts: number("DIMOS_BENCH_ACCOUNTS", 32),
            flood: Duration::from_secs(number("DIMOS_BENCH_SECONDS", 15) as u64),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

fn main() {
    // `cargo test --all-targets` runs bench targets without `--bench`: nothing to do then.
    if !std::env::args().any(|a| a == "--bench") {
        println!("http_load: a benchmark; run it with `cargo bench --bench http_load`");
        return;
    }
    let settings = Settings::from_env();
    let postgres = std::env::var("DIMOS_BENCH_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty());
    let t_hash = t_hash();

    let (server_rt, client_rt) = runtimes();

    let name = format!("dimos_bench_{}", std::process::id());
    POSTGRES_DATABASE.set(name.clone()).expect("one database");
    let database = server_rt.block_on(BenchDatabase::create(postgres.as_deref(), &name));
    let portal = server_rt.block_on(Portal::start(&database));
    let report = client_rt.block_on(run(&portal, &settings));
    drop(portal);
    server_rt.block_on(database.drop_database());
    report.print(&settings, database.label(), &t_hash);
}

/// t_hash: one Argon2id verify with the production parameters on one core, the work of a login.
struct THash {
    /// What the goals are computed with: `DIMOS_BENCH_T_HASH_MS` if set (criterion's figure),
    /// else the median wall time of a verify here (the median shrugs off most preemptions).
    used: Duration,
    /// Mean CPU time of a verify here: compared with the CPU a login costs under the same load.
    cpu: Duration,
}

fn t_hash() -> THash {
    const VERIFIES: u32 = 20;
    let params = HashParams::OWASP;
    let password = Password::parse(PASSWORD).unwrap();
    let stored = hash_blocking(&password, &params).unwrap();
    let thread = std::path::Path::new("/proc/thread-self/schedstat");
    let cpu_before = schedstat_ns(thread).unwrap_or(0);
    let mut times: Vec<Duration> = (0..VERIFIES)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(verify_blocking(&password, &stored, &params));
            start.elapsed()
        })
        .collect();
    let cpu = Duration::from_nanos(schedstat_ns(thread).unwrap_or(0) - cpu_before) / VERIFIES;
    times.sort();
    let used = match std::env::var("DIMOS_BENCH_T_HASH_MS") {
        Ok(ms) => Duration::from_secs_f64(
            ms.parse::<f64>().expect("DIMOS_BENCH_T_HASH_MS: a number") / 1000.0,
        ),
        Err(_) => times[times.len() / 2],
    };
    THash { used, cpu }
}

// --- the load ---------------------------------------------------------------------------------

fn registration(i: usize) -> Value {
    json!({
        "username": format!("bench.citizen.{i}"),
        "password": PASSWORD,
        "email": format!("bench{i}@example.gr"),
        "given_name": "Μαρία",
        "family_name": "Παπαδοπούλου",
        "father_name": "Γεώργιος",
        "birth_date": "1985-04-12",
        "phone": "6912345678",
        "address": {"street": "Ερμού 10", "postal_code": "105 57", "city": "Αθήνα"}
    })
}

fn credentials(username: &str, password: &str) -> Value {
    json!({ "username": username, "password": password })
}

async fn run(portal: &Portal, settings: &Settings) -> Report {
    let client = Client::builder()
        .pool_max_idle_per_host(settings.clients * 2)
        .build()
        .unwrap();
    let load_start = loadavg();

    // Accounts: one per slot of the flood, one for the reader, one to be throttled.
    let started = Instant::now();
    let total = settings.accounts + 2;
    let (_, _) = for_clients(4, Duration::ZERO, |worker, _| {
        let (client, url) = (client.clone(), portal.url("/api/v1/citizens"));
        async move {
            for i in (worker..total).step_by(4) {
                let response = client.post(&url).json(&registration(i)).send().await;
                let response = response.expect("register");
                let status = response.status();
                assert_eq!(status, 201, "register: {:?}", response.text().await);
            }
        }
    })
    .await;
    let registering = started.elapsed();
    let reader = format!("bench.citizen.{}", settings.accounts);
    let blocked = format!("bench.citizen.{}", settings.accounts + 1);
    let token = login(&client, portal, &reader).await;

    // 0. The reader alone, for comparison.
    let me_idle = read_me(&client, portal, &token, Duration::from_secs(3)).await;

    // 1 + 2. The login flood, with the reader alongside.
    let flood_done = Arc::new(AtomicBool::new(false));
    let reader_task = {
        let (client, url, token) = (client.clone(), portal.url("/api/v1/me"), token.clone());
        let flood_done = Arc::clone(&flood_done);
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            while !flood_done.load(Ordering::Relaxed) {
                let sent = Instant::now();
                let response = client.get(&url).bearer_auth(&token).send().await;
                let response = response.expect("GET /api/v1/me");
                assert_eq!(response.status(), 200);
                response.bytes().await.expect("body");
                latencies.push(sent.elapsed());
                tokio::time::sleep(READER_PAUSE).await;
            }
            latencies
        })
    };
    let cpu_before = CpuSnapshot::take();
    let accounts = settings.accounts;
    let (results, flood_elapsed) = for_clients(settings.clients, settings.flood, |i, deadline| {
        let (client, url) = (client.clone(), portal.url("/api/v1/sessions"));
        let clients = settings.clients;
        async move {
            let mut outcome = Outcome::default();
            let mut account = i;
            while Instant::now() < deadline {
                let body = credentials(&format!("bench.citizen.{}", account % accounts), PASSWORD);
                let sent = Instant::now();
                let response = client.post(&url).json(&body).send().await;
                match response {
                    Ok(response) => {
                        let status = response.status();
                        let _ = response.bytes().await;
                        outcome.record(status, sent.elapsed());
                    }
                    Err(_) => outcome.failed += 1,
                }
                account += clients;
            }
            outcome
        }
    })
    .await;
    let cpu = CpuSnapshot::take().since(&cpu_before);
    flood_done.store(true, Ordering::Relaxed);
    let me_flood = reader_task.await.expect("reader");
    let flood = Outcome::merge(results);

    // 3. Throttled attempts: wrong passwords until the account is blocked.
    let mut wrong_before_block = 0;
    loop {
        let response = client
            .post(portal.url("/api/v1/sessions"))
            .json(&credentials(&blocked, "not the password at all"))
            .send()
            .await
            .expect("login");
        match response.status() {
            StatusCode::UNAUTHORIZED => wrong_before_block += 1,
            StatusCode::TOO_MANY_REQUESTS => break,
            other => panic!("a wrong password answered {other}"),
        }
        assert!(wrong_before_block < 20, "the account is never blocked");
    }
    // The real block lasts 1 s and doubles per further failure; stretch it over the measurement
    // so that no attempt falls between two blocks (the path measured is the same).
    sqlx::query("UPDATE login_throttle SET blocked_until = $1 WHERE key = $2")
        .bind(i64::MAX / 2)
        .bind(format!("citizen:{blocked}"))
        .execute(portal.pool())
        .await
        .expect("stretch the block");
    let throttled_sequential = {
        let (results, _) = for_clients(1, Duration::from_secs(3), |_, deadline| {
            throttled_attempts(
                client.clone(),
                portal.url("/api/v1/sessions"),
                blocked.clone(),
                deadline,
            )
        })
        .await;
        Outcome::merge(results)
    };
    let throttled_cpu_before = CpuSnapshot::take();
    let (results, throttled_elapsed) =
        for_clients(settings.clients, Duration::from_secs(5), |_, deadline| {
            throttled_attempts(
                client.clone(),
                portal.url("/api/v1/sessions"),
                blocked.clone(),
                deadline,
            )
        })
        .await;
    let throttled_concurrent = Outcome::merge(results);
    let throttled_cpu = CpuSnapshot::take().since(&throttled_cpu_before);

    Report {
        load_start,
        load_end: loadavg(),
        registered: total,
        registering,
        me_idle,
        flood,
        flood_elapsed,
        cpu,
        me_flood,
        wrong_before_block,
        throttled_sequential,
        throttled_concurrent,
        throttled_elapsed,
        throttled_cpu,
    }
}

async fn login(client: &Client, portal: &Portal, username: &str) -> String {
    let response = client
        .post(portal.url("/api/v1/sessions"))
        .json(&credentials(username, PASSWORD))
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.expect("login body");
    body["token"].as_str().expect("token").to_owned()
}

async fn read_me(
    client: &Client,
    portal: &Portal,
    token: &str,
    duration: Duration,
) -> Vec<Duration> {
    let deadline = Instant::now() + duration;
    let mut latencies = Vec::new();
    while Instant::now() < deadline {
        let sent = Instant::now();
        let response = client
            .get(portal.url("/api/v1/me"))
            .bearer_auth(token)
            .send()
            .await
            .expect("GET /api/v1/me");
        assert_eq!(response.status(), 200);
        response.bytes().await.expect("body");
        latencies.push(sent.elapsed());
        tokio::time::sleep(READER_PAUSE).await;
    }
    latencies
}

async fn throttled_attempts(
    client: Client,
    url: String,
    username: String,
    deadline: Instant,
) -> Outcome {
    let mut outcome = Outcome::default();
    let body = credentials(&username, "not the password at all");
    while Instant::now() < deadline {
        let sent = Instant::now();
        match client.post(&url).json(&body).send().await {
            Ok(response) => {
                let status = response.status();
                let _ = response.bytes().await;
                outcome.record(status, sent.elapsed());
            }
            Err(_) => outcome.failed += 1,
        }
    }
    outcome
}

// --- where the CPU went -----------------------------------------------------------------------

/// CPU time of the machine, of this process's threads by group, and of PostgreSQL's processes.
struct CpuSnapshot {
    at: Instant,
    machine_busy_ticks: u64,
    machine_total_ticks: u64,
    /// Nanoseconds by group.
    groups: BTreeMap<&'static str, u64>,
}

/// CPU use over one interval.
struct CpuUse {
    seconds: f64,
    /// Core-seconds the whole machine was busy, whoever for.
    machine_busy: f64,
    /// Core-seconds by group: this process's threads, and PostgreSQL's server processes.
    groups: BTreeMap<&'static str, f64>,
}

const SERVER_GROUP: &str = "server runtime: async workers + blocking pool (Argon2)";
const CLIENT_GROUP: &str = "client runtime (reqwest)";
const SQLITE_GROUP: &str = "SQLite worker threads (sqlx)";
const POSTGRES_GROUP: &str = "PostgreSQL backends of the bench database";
/// The bench's PostgreSQL database, whose backends' CPU is counted as the benchmark's.
static POSTGRES_DATABASE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
const OTHER_GROUP: &str = "other threads of this process";

fn thread_group(name: &str) -> &'static str {
    if name.starts_with(SERVER_THREADS) {
        SERVER_GROUP
    } else if name.starts_with(CLIENT_THREADS) {
        CLIENT_GROUP
    } else if name.starts_with("sqlx-sqlite") {
        SQLITE_GROUP
    } else {
        OTHER_GROUP
    }
}

/// The name (`comm`) of a process or thread from its `stat`.
fn comm(dir: &std::path::Path) -> Option<String> {
    let stat = std::fs::read_to_string(dir.join("stat")).ok()?;
    let (open, close) = (stat.find('(')?, stat.rfind(')')?);
    Some(stat[open + 1..close].to_owned())
}

impl CpuSnapshot {
    fn take() -> CpuSnapshot {
        // Linux's USER_HZ is 100 everywhere; only the ratio busy/total is used.
        let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
        let ticks: Vec<u64> = stat
            .lines()
            .next()
            .unwrap_or("")
            .split_whitespace()
            .skip(1)
            .take(8) // user nice system idle iowait irq softirq steal
            .filter_map(|f| f.parse().ok())
            .collect();
        let idle = ticks.get(3).copied().unwrap_or(0) + ticks.get(4).copied().unwrap_or(0);
        let total: u64 = ticks.iter().sum();
        let mut groups = BTreeMap::new();
        for task in std::fs::read_dir("/proc/self/task")
            .into_iter()
            .flatten()
            .flatten()
        {
            let (Some(name), Some(ns)) = (
                comm(&task.path()),
                schedstat_ns(&task.path().join("schedstat")),
            ) else {
                continue;
            };
            *groups.entry(thread_group(&name)).or_insert(0) += ns;
        }
        if let Some(database) = POSTGRES_DATABASE.get() {
            // A backend's command line names its database: "postgres: USER DATABASE HOST …".
            let ours = format!(" {database} ");
            for process in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
                let path = process.path();
                let serves_us = std::fs::read(path.join("cmdline"))
                    .is_ok_and(|line| String::from_utf8_lossy(&line).contains(&ours));
                if serves_us
                    && comm(&path).as_deref() == Some("postgres")
                    && let Some(ns) = schedstat_ns(&path.join("schedstat"))
                {
                    *groups.entry(POSTGRES_GROUP).or_insert(0) += ns;
                }
            }
        }
        CpuSnapshot {
            at: Instant::now(),
            machine_busy_ticks: total - idle,
            machine_total_ticks: total,
            groups,
        }
    }

    /// Threads and processes that ended in between are missed; the runtimes' threads and the
    /// pool's PostgreSQL connections live through a phase.
    fn since(&self, before: &CpuSnapshot) -> CpuUse {
        let seconds = self.at.duration_since(before.at).as_secs_f64();
        let total = self
            .machine_total_ticks
            .saturating_sub(before.machine_total_ticks)
            .max(1);
        let busy = self
            .machine_busy_ticks
            .saturating_sub(before.machine_busy_ticks);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
        let groups = self
            .groups
            .iter()
            .map(|(name, &ns)| {
                let earlier = before.groups.get(name).copied().unwrap_or(0);
                (*name, ns.saturating_sub(earlier) as f64 / 1e9)
            })
            .collect();
        CpuUse {
            seconds,
            machine_busy: busy as f64 / total as f64 * seconds * cores,
            groups,
        }
    }
}

impl CpuUse {
    /// Core-seconds of this benchmark: its process and, on PostgreSQL, the database server.
    fn ours(&self) -> f64 {
        self.groups.values().sum()
    }

    fn print(&self, cores: f64) {
        println!(
            "   CPU over {:.1} s ({:.1} core-s on {cores} cores): machine busy {:.1} core-s, \
             of which this benchmark {:.1} and other processes (others' builds…) {:.1}",
            self.seconds,
            self.seconds * cores,
            self.machine_busy,
            self.ours(),
            (self.machine_busy - self.ours()).max(0.0)
        );
        for (group, seconds) in &self.groups {
            if *seconds >= 0.05 {
                println!("     {seconds:>7.2} core-s  {group}");
            }
        }
    }
}

// --- the report -------------------------------------------------------------------------------

struct Report {
    load_start: String,
    load_end: String,
    registered: usize,
    registering: Duration,
    me_idle: Vec<Duration>,
    flood: Outcome,
    flood_elapsed: Duration,
    cpu: CpuUse,
    me_flood: Vec<Duration>,
    wrong_before_block: usize,
    throttled_sequential: Outcome,
    throttled_concurrent: Outcome,
    throttled_elapsed: Duration,
    throttled_cpu: CpuUse,
}

fn verdict(met: bool) -> &'static str {
    if met { "MET" } else { "NOT MET" }
}

impl Report {
    fn print(&self, settings: &Settings, backend: &str, t_hash: &THash) {
        let cores = settings.cores as f64;
        let t = t_hash.used.as_secs_f64();
        let ideal = cores / t;
        let goal = 0.8 * ideal;
        let logins = self.flood.with(201);
        let rate = logins.len() as f64 / self.flood_elapsed.as_secs_f64();
        println!();
        println!("== http_load on {backend} ==");
        println!(
            "{} cores, {} login clients, {} accounts, flood {} s; load average {} at start, {} at end",
            settings.cores,
            settings.clients,
            settings.accounts,
            settings.flood.as_secs(),
            self.load_start,
            self.load_end
        );
        println!(
            "t_hash = {:.2} ms (Argon2id OWASP verify on one core{}; CPU per verify here: {:.2} ms); \
             {} registrations took {:.2} s",
            ms(t_hash.used),
            if std::env::var_os("DIMOS_BENCH_T_HASH_MS").is_some() {
                ", from DIMOS_BENCH_T_HASH_MS"
            } else {
                ", median of 20 here"
            },
            ms(t_hash.cpu),
            self.registered,
            self.registering.as_secs_f64()
        );
        println!();
        println!("1. login flood (POST /api/v1/sessions, correct passwords)");
        println!(
            "   {} successful logins in {:.2} s = {rate:.1} logins/s; other answers: {}",
            logins.len(),
            self.flood_elapsed.as_secs_f64(),
            self.flood.others(201)
        );
        println!(
            "   goal ≥ 0.8 × {cores} / t_hash = {goal:.1} logins/s: {} ({:.0} % of {cores} / t_hash = {ideal:.1}/s)",
            verdict(rate >= goal),
            100.0 * rate / ideal,
        );
        println!("   login latency          {}", Summary::of(logins));
        self.cpu.print(cores);
        // What a login costs relative to its hash, both in CPU time under the same load, is what
        // the portal would reach with every core to itself.
        let per_login = self.cpu.ours() / logins.len().max(1) as f64;
        let overhead = per_login / t_hash.cpu.as_secs_f64();
        println!(
            "   per login: {:.2} ms of CPU = {overhead:.2} × the CPU of a verify here; with every \
             core for the portal that projects to {:.1} logins/s ({})",
            1000.0 * per_login,
            ideal / overhead,
            verdict(ideal / overhead >= goal)
        );
        println!();
        println!(
            "2. GET /api/v1/me, one reader pausing {} ms between requests",
            READER_PAUSE.as_millis()
        );
        println!("   alone                  {}", Summary::of(&self.me_idle));
        let me = Summary::of(&self.me_flood);
        println!("   during the login flood {me}");
        println!(
            "   goal p99 < 20 ms during the flood: {}",
            verdict(me.n > 0 && me.p99 < Duration::from_millis(20))
        );
        println!();
        println!(
            "3. throttled attempts (429 before any hashing; blocked after {} wrong passwords)",
            self.wrong_before_block
        );
        let sequential = Summary::of(self.throttled_sequential.with(429));
        println!("   one client             {sequential}");
        println!(
            "   latency p50 = {:.2} % of t_hash (p99: {:.2} %); other answers: {}",
            100.0 * sequential.p50.as_secs_f64() / t,
            100.0 * sequential.p99.as_secs_f64() / t,
            self.throttled_sequential.others(429)
        );
        let concurrent = self.throttled_concurrent.with(429);
        println!(
            "   {} clients             {}; other answers: {}",
            settings.clients,
            Summary::of(concurrent),
            self.throttled_concurrent.others(429)
        );
        println!(
            "   {:.0} throttled attempts/s",
            concurrent.len() as f64 / self.throttled_elapsed.as_secs_f64()
        );
        self.throttled_cpu.print(cores);
        let cost = self.throttled_cpu.ours() / concurrent.len().max(1) as f64;
        let share = cost / t_hash.cpu.as_secs_f64();
        let via = if backend == "PostgreSQL" {
            " + PostgreSQL"
        } else {
            ""
        };
        println!(
            "   CPU per throttled attempt (server + client{via}): {:.3} ms = {:.2} % of the CPU of a \
             verify here ({:.2} % of t_hash); goal < 2 %: {}",
            cost * 1000.0,
            100.0 * share,
            100.0 * cost / t,
            verdict(!concurrent.is_empty() && share < 0.02)
        );
    }
}
