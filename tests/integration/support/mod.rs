//! `spawn_app()`: the portal as users meet it, started through the same wiring as `dimos serve`.
//!
//! Every helper more than one test module uses lives below here, never in a test module:
//! `accounts` (citizens and staff, their passwords, one-time codes, staff logged in through the
//! page), `api` (the API as the tests drive it), `browser` (a cookie-keeping client for the
//! pages), `chromium` (the browser journeys), `cli` (the `dimos` binary, the feeds), `counter`
//! (the counter's forms), `instances` (`dimos serve` processes), `mailbox` (the mail sent),
//! `multipart`, `pages` (forms as a citizen fills them in), `store` (SQL for assertions).

pub mod accounts;
pub mod api;
pub mod browser;
pub mod chromium;
pub mod cli;
pub mod counter;
pub mod instances;
pub mod mailbox;
pub mod multipart;
pub mod pages;
/// Staff made as the command line makes them: the benches' code, shared.
#[path = "../../../benches/common/staff.rs"]
pub mod staff;
pub mod store;

use api::Portal;
use dimos::config::Config;
use sqlx::Connection;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{OnceCell, oneshot};

pub struct TestApp {
    /// The address and the HTTP client, with the calls every portal answers.
    pub portal: Portal,
    pub data_dir: PathBuf,
    /// The running portal's state, to reach behind the HTTP surface where a test must.
    pub state: dimos_web::AppState,
    _dir: tempfile::TempDir,
    _shutdown: oneshot::Sender<()>,
    _stop_mail: oneshot::Sender<()>,
    /// Dropped last: a PostgreSQL test database is dropped with it.
    _database: TestDatabase,
}

impl std::ops::Deref for TestApp {
    type Target = Portal;

    fn deref(&self) -> &Portal {
        &self.portal
    }
}

impl TestApp {
    /// The URL of this test's database (for running the `dimos` binary against it).
    pub fn database_url(&self) -> &str {
        &self._database.url
    }
}

/// Starts the portal on 127.0.0.1:0 over a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Like [`spawn_app`], with extra `DIMOS_*` settings.
pub async fn spawn_app_with(settings: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("data");
    let database = TestDatabase::create(&dir).await;
    let mut env: Vec<(String, String)> = vec![
        ("DIMOS_DATABASE_URL".into(), database.url.clone()),
        ("DIMOS_DATA_DIR".into(), data_dir.display().to_string()),
        ("DIMOS_LISTEN".into(), "127.0.0.1:0".into()),
        // Port 0 says nothing about where the portal is: the mails' links keep one address.
        ("DIMOS_PUBLIC_URL".into(), "http://127.0.0.1:8080".into()),
        // Tests register many citizens from 127.0.0.1; the throttle's own tests lower it again.
        ("DIMOS_MAIL_FORMS_PER_CLIENT".into(), "100000".into()),
    ];
    env.extend(
        settings
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let config = Config::load_with(None, |var| {
        env.iter()
            .rev()
            .find(|(k, _)| k == var)
            .map(|(_, v)| v.clone())
    })
    .expect("test configuration");
    let prepared = dimos::serve::prepare(&config)
        .await
        .expect("portal prepares");
    let state = prepared.state;
    // Mail is delivered within a moment, so tests can read it.
    let mail_settings = dimos_app::mail::WorkerSettings {
        poll_interval: std::time::Duration::from_millis(50),
        ..Default::default()
    };
    let (stop_mail, mail_stopped) = oneshot::channel::<()>();
    prepared
        .mail
        .with_settings(mail_settings)
        .spawn(async move {
            let _ = mail_stopped.await;
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let (shutdown, stopped) = oneshot::channel::<()>();
    let served = state.clone();
    tokio::spawn(async move {
        dimos_web::serve(listener, served, async {
            let _ = stopped.await;
        })
        .await
        .expect("server runs");
    });
    TestApp {
        portal: Portal::at(address),
        data_dir,
        state,
        _dir: dir,
        _shutdown: shutdown,
        _stop_mail: stop_mail,
        _database: database,
    }
}

/// Whether this run is against PostgreSQL.
pub fn postgres_url() -> Option<String> {
    std::env::var("DIMOS_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// A fresh database of its own (migrated and seeded on PostgreSQL, an empty file on SQLite)
/// with a data dir next to it, for running `dimos` processes against: nothing is started.
pub struct FreshDatabase {
    pub url: String,
    pub data_dir: PathBuf,
    /// The test's temporary folder (the SQLite file and the data dir are in it).
    pub dir: tempfile::TempDir,
    /// Dropped last: a PostgreSQL test database is dropped with it.
    _database: TestDatabase,
}

/// A fresh database, as [`spawn_app`] would use, without a portal on it.
pub async fn fresh_database() -> FreshDatabase {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = TestDatabase::create(&dir).await;
    FreshDatabase {
        url: database.url.clone(),
        data_dir: dir.path().join("data"),
        dir,
        _database: database,
    }
}

/// Like [`fresh_database`], but empty on PostgreSQL too (no migrations, no catalogue): what a
/// first start meets.
pub async fn empty_database() -> FreshDatabase {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = TestDatabase::create_empty(&dir).await;
    FreshDatabase {
        url: database.url.clone(),
        data_dir: dir.path().join("data"),
        dir,
        _database: database,
    }
}

struct TestDatabase {
    url: String,
    /// On PostgreSQL: (server URL, database name) to drop afterwards.
    postgres: Option<(String, String)>,
}

static TEMPLATE: OnceCell<String> = OnceCell::const_new();
static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TestDatabase {
    async fn create(dir: &tempfile::TempDir) -> TestDatabase {
        let Some(server) = postgres_url() else {
            return TestDatabase::sqlite(dir);
        };
        let template = TEMPLATE.get_or_init(|| make_template(&server)).await;
        TestDatabase::postgres(server, &format!("TEMPLATE {template}")).await
    }

    async fn create_empty(dir: &tempfile::TempDir) -> TestDatabase {
        match postgres_url() {
            None => TestDatabase::sqlite(dir),
            Some(server) => TestDatabase::postgres(server, "").await,
        }
    }

    fn sqlite(dir: &tempfile::TempDir) -> TestDatabase {
        let url = format!("sqlite://{}", dir.path().join("dimos.db").display());
        TestDatabase {
            url,
            postgres: None,
        }
    }

    /// A new database on the server, made with `options` (e.g. `TEMPLATE …`).
    async fn postgres(server: String, options: &str) -> TestDatabase {
        let name = format!(
            "dimos_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin = sqlx::PgConnection::connect(&server)
            .await
            .expect("connect to PostgreSQL");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE {name} {options}"
        )))
        .execute(&mut admin)
        .await
        .expect("create test database");
        admin.close().await.ok();
        TestDatabase {
            url: with_database(&server, &name),
            postgres: Some((server, name)),
        }
    }
}

/// One migrated, seeded database per test process; each test clones it (fast), as crates.io does.
async fn make_template(server: &str) -> String {
    sqlx::any::install_default_drivers();
    let name = format!("dimos_tpl_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(server)
        .await
        .expect("connect to PostgreSQL");
    drop_leftovers(&mut admin).await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create template database");
    admin.close().await.ok();
    let db = dimos_db::Db::connect(&with_database(server, &name))
        .await
        .expect("connect template");
    db.migrate().await.expect("migrate template");
    let settings = dimos_app::AppSettings::new(
        "http://127.0.0.1",
        dimos_app::passwords::PasswordHasher::new(1),
        dimos_app::secret_box::SecretBox::from_key([0; 32]),
    );
    dimos_app::App::new(db.clone(), settings)
        .seed_standard_catalogue()
        .await
        .expect("seed template");
    db.close().await;
    name
}

/// Drops the databases of earlier test processes that are no longer running.
async fn drop_leftovers(admin: &mut sqlx::PgConnection) {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT datname FROM pg_database WHERE datname LIKE 'dimos\\_test\\_%' OR datname LIKE 'dimos\\_tpl\\_%'",
    )
    .fetch_all(&mut *admin)
    .await
    .unwrap_or_default();
    for name in names {
        let pid = name
            .trim_start_matches("dimos_test_")
            .trim_start_matches("dimos_tpl_");
        let pid = pid.split('_').next().unwrap_or("");
        if !pid.is_empty() && !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut *admin)
            .await;
        }
    }
}

fn with_database(server: &str, name: &str) -> String {
    let (base, query) = server
        .split_once('?')
        .map_or((server, None), |(b, q)| (b, Some(q)));
    let base = match base.rsplit_once('/') {
        Some((prefix, _))
            if prefix.contains("://") && prefix.len() > prefix.find("://").unwrap() + 3 =>
        {
            prefix
        }
        _ => base.trim_end_matches('/'),
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((server, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs outside any runtime we may block; a short-lived thread does the async work.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(mut admin) = sqlx::PgConnection::connect(&server).await {
                    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(&mut admin)
                    .await;
                }
            });
        })
        .join();
    }
}
