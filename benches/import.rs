//! Importing a file of debts (issue "Records"): the goal is 1,000,000 rows in under 30 s on
//! SQLite on the project's machine (2 cores).
//!
//! Generates N debt rows (default 1,000,000) into a temp CSV and imports it through the same
//! code path as `dimos import debts FILE.csv` (`App::import_file`, both passes, one transaction),
//! three times: into an empty table (all inserted), the same file again (all unchanged), and a
//! file with every tenth row changed (updated). Over a fresh SQLite database in a temp dir or,
//! with `DIMOS_BENCH_POSTGRES_URL`, a fresh PostgreSQL database created and dropped here.
//!
//! ```sh
//! cargo bench --bench import
//! DIMOS_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo bench --bench import
//! ```
//!
//! Settings: `DIMOS_BENCH_ROWS` (1000000). Figures and how they were taken: `BENCHMARKS.md`.

use dimos_app::import::{FileImported, ImportPhase, ImportProgress};
use dimos_app::{App, ClientInfo};
use dimos_domain::RecordKind;
use sqlx::Connection;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const GOAL: Duration = Duration::from_secs(30);

fn main() {
    let rows: usize = std::env::var("DIMOS_BENCH_ROWS")
        .ok()
        .map(|v| v.parse().expect("DIMOS_BENCH_ROWS: a number"))
        .unwrap_or(1_000_000);
    let server = std::env::var("DIMOS_BENCH_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = BenchDatabase::create(server.as_deref(), dir.path()).await;
        let app = open_app(&database.url, &dir.path().join("data")).await;

        let started = Instant::now();
        let original = dir.path().join("debts.csv");
        let changed = dir.path().join("debts-changed.csv");
        write_debts(&original, rows, 0);
        write_debts(&changed, rows, 10);
        let size = std::fs::metadata(&original).map_or(0, |m| m.len());
        println!(
            "import bench on {}: {rows} debt rows, {:.1} MB CSV (generated in {:.1} s), {} cores",
            database.label(),
            size as f64 / 1e6,
            started.elapsed().as_secs_f64(),
            std::thread::available_parallelism().map_or(1, |n| n.get()),
        );

        let first = run(&app, &original, "into an empty table").await;
        run(&app, &original, "the same file again").await;
        run(&app, &changed, "every 10th row changed").await;
        println!("peak memory of the process (VmHWM): {}", peak_memory());
        let met = first <= GOAL;
        println!(
            "goal: {rows} rows in under {} s on the first import: {:.1} s — {}",
            GOAL.as_secs(),
            first.as_secs_f64(),
            if met { "MET" } else { "MISSED" }
        );
        app.close().await;
        database.drop_database().await;
    });
}

/// Times of each pass, as the import reports them.
#[derive(Default)]
struct Phases {
    checking: Option<Instant>,
    applying: Option<Instant>,
    finished: Option<Instant>,
}

struct Clock(Mutex<Phases>);

impl ImportProgress for Clock {
    fn phase(&self, phase: ImportPhase, _total_bytes: u64) {
        let mut p = self.0.lock().unwrap();
        match phase {
            ImportPhase::Checking => p.checking = Some(Instant::now()),
            ImportPhase::Applying => p.applying = Some(Instant::now()),
        }
    }

    fn finish(&self) {
        self.0.lock().unwrap().finished = Some(Instant::now());
    }
}

async fn run(app: &App, file: &Path, label: &str) -> Duration {
    let clock = Arc::new(Clock(Mutex::new(Phases::default())));
    let started = Instant::now();
    let outcome = app
        .import_file(
            RecordKind::Debts,
            file,
            Arc::clone(&clock) as Arc<dyn ImportProgress>,
            &ClientInfo::default(),
        )
        .await;
    let elapsed = started.elapsed();
    let FileImported { records, counts } = match outcome {
        Ok(done) => done,
        Err(e) => panic!("the import failed: {e:?}"),
    };
    let phases = clock.0.lock().unwrap();
    let (check, apply) = match (phases.checking, phases.applying, phases.finished) {
        (Some(c), Some(a), Some(f)) => (a - c, f - a),
        _ => (Duration::ZERO, Duration::ZERO),
    };
    println!(
        "  {label:<24} {:>6.1} s  ({:>9.0} rows/s; check {:.1} s, apply {:.1} s) \
         {records} records: {} inserted, {} updated, {} unchanged",
        elapsed.as_secs_f64(),
        records as f64 / elapsed.as_secs_f64(),
        check.as_secs_f64(),
        apply.as_secs_f64(),
        counts.inserted,
        counts.updated,
        counts.unchanged,
    );
    elapsed
}

/// A valid tax number for `body` (8 digits): the check digit appended.
fn tax_number(body: u32) -> String {
    let body = format!("{:08}", body % 100_000_000);
    let weighted: u32 = body
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') << (8 - i))
        .sum();
    format!("{body}{}", weighted % 11 % 10)
}

/// `rows` debts of 50,000 citizens; with `change_every` > 0, every so many rows differ in
/// amount and status.
fn write_debts(path: &Path, rows: usize, change_every: usize) {
    const CATEGORIES: [&str; 4] = [
        "Τέλη καθαριότητας και φωτισμού",
        "Τέλος ακίνητης περιουσίας",
        "Τέλη ύδρευσης",
        "Μισθώματα κοινοχρήστων χώρων",
    ];
    let taxes: Vec<String> = (0..50_000)
        .map(|i| tax_number(10_000_000 + i * 7))
        .collect();
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    writeln!(
        out,
        "external_id,tax_number,category,description,amount_cents,due_date,status"
    )
    .unwrap();
    for i in 0..rows {
        let changed = change_every > 0 && i % change_every == 0;
        let amount = (i * 37) % 250_000 + usize::from(changed);
        let status = if (i % 3 == 0) != changed {
            "paid"
        } else {
            "open"
        };
        writeln!(
            out,
            "DEBT-{i:08},{},{},\"Ακίνητο {}, περίοδος {}\",{amount},2025-{:02}-{:02},{status}",
            taxes[i % taxes.len()],
            CATEGORIES[i % CATEGORIES.len()],
            i % 9_973,
            2020 + i % 6,
            1 + i % 12,
            1 + i % 28,
        )
        .unwrap();
    }
    out.flush().unwrap();
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

async fn open_app(url: &str, data_dir: &Path) -> App {
    let env = [
        ("DIMOS_DATABASE_URL", url.to_owned()),
        ("DIMOS_DATA_DIR", data_dir.display().to_string()),
    ];
    let config = dimos::config::Config::load_with(None, |var| {
        env.iter().find(|(k, _)| *k == var).map(|(_, v)| v.clone())
    })
    .expect("configuration");
    dimos::serve::prepare(&config)
        .await
        .expect("portal prepares")
        .state
        .app
}

struct BenchDatabase {
    url: String,
    /// On PostgreSQL: (server URL, database name) to drop afterwards.
    postgres: Option<(String, String)>,
}

impl BenchDatabase {
    async fn create(server: Option<&str>, dir: &Path) -> BenchDatabase {
        let Some(server) = server else {
            return BenchDatabase {
                url: format!("sqlite://{}", dir.join("dimos.db").display()),
                postgres: None,
            };
        };
        let name = format!("dimos_bench_import_{}", std::process::id());
        admin_sql(
            server,
            &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        )
        .await;
        admin_sql(server, &format!("CREATE DATABASE {name}")).await;
        BenchDatabase {
            url: with_database(server, &name),
            postgres: Some((server.to_owned(), name)),
        }
    }

    fn label(&self) -> &'static str {
        if self.postgres.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    }

    async fn drop_database(&self) {
        if let Some((server, name)) = &self.postgres {
            admin_sql(
                server,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await;
        }
    }
}

async fn admin_sql(server: &str, sql: &str) {
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
fn with_database(server: &str, name: &str) -> String {
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
