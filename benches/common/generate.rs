//! Data at municipal scale, made by SQL (`INSERT … SELECT` over a generated series: recursive
//! CTEs on SQLite, `generate_series` on PostgreSQL), on a migrated dimos database (catalogue
//! seeded).
//!
//! At scale 1.0: 1,000,000 citizens, 5,000,000 requests with their events, 2,000,000 debts.
//!
//! - **Citizens** `k = 0 … N-1`: username `citizen.{k}`, e-mail `citizen{k}@example.gr`, all
//!   with the same password ([`PASSWORD`], one Argon2id hash made once); `k % 10 < 3` are
//!   Level B (30 %) with a verified tax number (a valid Greek ΑΦΜ made from `k`), `3 ≤ k % 10 < 6`
//!   gave a tax number that is not verified, `k % 10 = 9` never confirmed their e-mail (10 %).
//! - **Requests**, created over the last 6 years (longer above 4,800,000 requests, so that no
//!   year needs more than 999,999 protocol numbers), oldest first, spread over every service
//!   (so every department); delivery by what the service allows (post only for Level B),
//!   statuses as the years of work leave them (the last two weeks open work; older ones mostly
//!   collected, delivered, rejected, cancelled or returned, 2.5 % left open, so overdue);
//!   protocol numbers `YYYY/NNNNNN` gap-free per (Athens) year, `protocol_sequences` set to the
//!   last ones. Half of the requests come from a fifth of the citizens. Services and deliveries
//!   that need Level B go to Level B citizens, the rest to citizens with a confirmed e-mail.
//!   Each request has its `submitted` event by the citizen and, unless still submitted, one
//!   event to its present status (by staff; by the citizen for a cancellation).
//! - **Debts**, keyed by the verified tax numbers of two thirds of the Level B citizens: the
//!   first tenth of them have about 55 debts each, the others about 5; 60 % open.
//!
//! Ids are fixed-width and ordered: citizens `00000000-0000-7000-9000-{k:012}`, requests
//! `00000000-0000-7000-8000-{i:012}` (i = 1 … R, oldest first), their events `…-7001-…`
//! and `…-7002-…`.

use dimos_db::Backend;
use sqlx::AnyPool;
use std::time::{Duration, Instant};

/// The password of every generated citizen.
pub const PASSWORD: &str = "Lemon trees by the Aegean 42";
const DAY_MS: i64 = 86_400_000;
/// Rows per `INSERT … SELECT`, each in its own transaction.
const BATCH: i64 = 100_000;
const CITIZEN_ID: &str = "00000000-0000-7000-9000-";
const REQUEST_ID: &str = "00000000-0000-7000-8000-";

/// How many rows of each.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    pub citizens: i64,
    pub requests: i64,
    pub debts: i64,
}

impl Sizes {
    /// 1.0 → 1,000,000 citizens, 5,000,000 requests, 2,000,000 debts (at least 400 citizens,
    /// so that the bench finds the accounts it uses).
    pub fn at(scale: f64) -> Sizes {
        assert!(scale > 0.0, "the scale must be positive");
        let of = |full: f64| (full * scale).round() as i64;
        Sizes {
            citizens: of(1_000_000.0).max(400),
            requests: of(5_000_000.0).max(1),
            debts: of(2_000_000.0).max(1),
        }
    }

    /// Level B citizens: k % 10 < 3.
    pub fn level_b(&self) -> i64 {
        self.citizens / 10 * 3 + (self.citizens % 10).min(3)
    }

    /// Level B citizens with debts: b = 0 … debtors-1 (the b-th Level B citizen).
    pub fn debtors(&self) -> i64 {
        (self.level_b() * 2 / 3).max(1)
    }

    /// The first tenth of the debtors, who carry half of the debts.
    pub fn heavy_debtors(&self) -> i64 {
        (self.debtors() / 10).max(1)
    }
}

/// The citizen `k`'s username.
pub fn username(k: i64) -> String {
    format!("citizen.{k}")
}

/// The m-th Level A citizen with a confirmed e-mail address (one of the busier ones).
pub fn level_a(m: i64) -> i64 {
    10 * m + 5
}

/// A second set of Level A citizens with confirmed addresses (for logins).
pub fn level_a_other(m: i64) -> i64 {
    10 * m + 4
}

/// The b-th Level B citizen (b < `Sizes::debtors`: one with debts).
pub fn level_b_citizen(b: i64) -> i64 {
    b / 3 * 10 + b % 3
}

/// The valid ΑΦΜ (Greek tax number) the generator gives citizen `k`.
pub fn tax_number(k: i64) -> String {
    let n = 10_000_000 + k;
    let digits: Vec<i64> = format!("{n:08}")
        .bytes()
        .map(|b| i64::from(b - b'0'))
        .collect();
    let weighted: i64 = digits.iter().enumerate().map(|(i, d)| d << (8 - i)).sum();
    format!("{n}{}", weighted % 11 % 10)
}

/// How long each part took.
pub struct Generated {
    pub sizes: Sizes,
    pub parts: Vec<(&'static str, i64, Duration)>,
    pub total: Duration,
}

impl std::fmt::Display for Generated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts = self
            .parts
            .iter()
            .map(|(what, rows, took)| format!("{what} {rows} in {:.1} s", took.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(", ");
        write!(f, "{parts}; total {:.1} s", self.total.as_secs_f64())
    }
}

/// SQL for one backend.
struct Sql {
    backend: Backend,
}

impl Sql {
    /// `WITH RECURSIVE seq(i) AS (…)`: the integers from..=to (PostgreSQL accepts `RECURSIVE`
    /// before CTEs that are not).
    fn series(&self, from: i64, to: i64) -> String {
        match self.backend {
            Backend::Sqlite => format!(
                "WITH RECURSIVE seq(i) AS (SELECT {from} UNION ALL SELECT i + 1 FROM seq WHERE i < {to})"
            ),
            Backend::Postgres => format!(
                "WITH RECURSIVE seq(i) AS (SELECT generate_series({from}::BIGINT, {to}::BIGINT))"
            ),
        }
    }

    /// `expr` as text, zero-padded to `width` digits.
    fn pad(&self, expr: &str, width: usize) -> String {
        match self.backend {
            Backend::Sqlite => format!("printf('%0{width}d', {expr})"),
            Backend::Postgres => format!("lpad(CAST({expr} AS TEXT), {width}, '0')"),
        }
    }

    /// The ΑΦΜ of citizen `k` (see [`tax_number`]).
    fn tax_number(&self, k: &str) -> String {
        let n = format!("(10000000 + {k})");
        let weighted = (0..8)
            .map(|i| {
                let divisor = 10_i64.pow(7 - i);
                format!("(({n} / {divisor}) % 10) * {}", 1 << (8 - i))
            })
            .collect::<Vec<_>>()
            .join(" + ");
        format!("CAST({n} AS TEXT) || CAST((({weighted}) % 11) % 10 AS TEXT)")
    }
}

/// `CASE expr % n WHEN 0 THEN 'a' …`: one of `values` by `expr`.
fn pick(expr: &str, values: &[&str]) -> String {
    let arms = values
        .iter()
        .enumerate()
        .map(|(n, v)| {
            assert!(!v.contains('\''), "a plain literal");
            format!("WHEN {n} THEN '{v}'")
        })
        .collect::<Vec<_>>()
        .join(" ");
    format!("CASE ({expr}) % {} {arms} END", values.len())
}

/// A SQL string literal of a catalogue code.
fn literal(value: &str) -> String {
    assert!(
        value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
        "not a plain code: {value}"
    );
    format!("'{value}'")
}

async fn run(pool: &AnyPool, backend: Backend, statements: &[String]) {
    use sqlx::Connection as _;
    let mut conn = pool.acquire().await.expect("a connection");
    // Index upkeep with random keys (a request's citizen) over millions of rows: on SQLite a
    // page cache of 256 MiB while generating instead of the connection's own (set back after).
    let cache_size = match backend {
        Backend::Sqlite => {
            let before: i64 = sqlx::query_scalar("PRAGMA cache_size")
                .fetch_one(&mut *conn)
                .await
                .expect("cache_size");
            sqlx::raw_sql("PRAGMA cache_size = -262144")
                .execute(&mut *conn)
                .await
                .expect("cache_size");
            Some(before)
        }
        Backend::Postgres => None,
    };
    let mut tx = conn.begin().await.expect("begin");
    for sql in statements {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.clone()))
            .execute(&mut *tx)
            .await
            .unwrap_or_else(|e| panic!("{e}: {}", &sql[..sql.len().min(600)]));
    }
    tx.commit().await.expect("commit");
    if let Some(before) = cache_size {
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("PRAGMA cache_size = {before}")))
            .execute(&mut *conn)
            .await
            .expect("cache_size");
    }
}

/// Fills an empty, migrated dimos database. `password_hash`: the PHC string every citizen
/// gets; `now`: unix ms that the data is "as of".
pub async fn generate(
    pool: &AnyPool,
    backend: Backend,
    sizes: Sizes,
    password_hash: &str,
    now: i64,
    progress: bool,
) -> Generated {
    assert!(!password_hash.contains('\''), "a PHC string has no quotes");
    let sql = Sql { backend };
    let started = Instant::now();
    let mut parts = Vec::new();
    let say = |what: &str, done: i64, of: i64, since: Instant| {
        if progress {
            println!(
                "   generating {what}: {done}/{of} ({:.0} s)",
                since.elapsed().as_secs_f64()
            );
        }
    };

    // --- citizens ---
    let part = Instant::now();
    let n = sizes.citizens;
    let given = pick(
        "i",
        &[
            "Μαρία",
            "Γεώργιος",
            "Ελένη",
            "Ιωάννης",
            "Αικατερίνη",
            "Κωνσταντίνος",
            "Βασιλική",
            "Δημήτριος",
        ],
    );
    let families: [(&str, &str); 8] = [
        ("Παπαδοπούλου", "παπαδοπουλου"),
        ("Παπαδόπουλος", "παπαδοπουλος"),
        ("Νικολάου", "νικολαου"),
        ("Γεωργίου", "γεωργιου"),
        ("Οικονόμου", "οικονομου"),
        ("Καραγιάννης", "καραγιαννης"),
        ("Βασιλείου", "βασιλειου"),
        ("Αθανασίου", "αθανασιου"),
    ];
    let family = pick("i / 8", &families.iter().map(|f| f.0).collect::<Vec<_>>());
    let folded = pick("i / 8", &families.iter().map(|f| f.1).collect::<Vec<_>>());
    let father = pick(
        "i / 64",
        &["Γεώργιος", "Νικόλαος", "Ιωάννης", "Παναγιώτης", "Χρήστος"],
    );
    let street = pick(
        "i",
        &[
            "Ερμού",
            "Αθηνάς",
            "Σταδίου",
            "Πανεπιστημίου",
            "Πατησίων",
            "Αχαρνών",
            "Σόλωνος",
        ],
    );
    let tax = sql.tax_number("i");
    // Accounts made over the last 5 years.
    let citizens_from = now - 5 * 365 * DAY_MS;
    let mut from = 0;
    while from < n {
        let to = (from + BATCH - 1).min(n - 1);
        let statement = format!(
            "{series}
             INSERT INTO citizens (id, username, password_hash, email, email_confirmed_at, given_name,
                 family_name, father_name, family_name_folded, birth_date, tax_number,
                 verified_tax_number, social_security_number, phone, street, postal_code, city, level,
                 created_at, updated_at)
             SELECT '{CITIZEN_ID}' || {id}, 'citizen.' || CAST(i AS TEXT), '{password_hash}',
                 'citizen' || CAST(i AS TEXT) || '@example.gr',
                 CASE WHEN i % 10 = 9 THEN NULL ELSE created + 3600000 END,
                 {given}, {family}, {father}, {folded},
                 CAST(1940 + i % 65 AS TEXT) || '-' || {month} || '-' || {day},
                 CASE WHEN i % 10 < 6 THEN {tax} END,
                 CASE WHEN i % 10 < 3 THEN {tax} END,
                 NULL, '69' || {phone},
                 {street} || ' ' || CAST(1 + i % 150 AS TEXT),
                 '1' || {postal_head} || ' ' || {postal_tail}, 'Αθήνα',
                 CASE WHEN i % 10 < 3 THEN 'B' ELSE 'A' END, created, created
             FROM (SELECT i, {citizens_from} + (i * 2654435761) % {span} AS created FROM seq) s",
            series = sql.series(from, to),
            id = sql.pad("i", 12),
            month = sql.pad("1 + i % 12", 2),
            day = sql.pad("1 + i % 28", 2),
            phone = sql.pad("i % 100000000", 8),
            postal_head = sql.pad("10 + i % 89", 2),
            postal_tail = sql.pad("i % 100", 2),
            span = 5 * 365 * DAY_MS - DAY_MS,
        );
        run(pool, backend, &[statement]).await;
        from = to + 1;
        say("citizens", from, n, part);
    }
    parts.push(("citizens", n, part.elapsed()));

    // --- requests and their events ---
    let part = Instant::now();
    let rows = sizes.requests;
    let services = services(pool).await;
    let service_values = services
        .iter()
        .enumerate()
        .map(|(k, s)| {
            format!(
                "({k}, {}, {}, {}, {}, {}, {}, {}, {})",
                literal(&s.code),
                literal(&s.department),
                s.office.as_deref().map_or("NULL".to_owned(), literal),
                s.fee,
                s.due,
                i64::from(s.level_b),
                i64::from(s.pickup),
                i64::from(s.post)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let span_days = (6 * 365).max(rows * 365 / 800_000);
    let start = now - span_days * DAY_MS;
    let span = span_days * DAY_MS - 3_600_000;
    let created = |i: i64| start + (i - 1) * span / rows;
    let recent = now - 14 * DAY_MS;
    // Gap-free protocol numbers per Athens year (1 January 00:00 EET = 22:00 UTC the day before).
    let years = years(created(1), created(rows));
    let mut first_of_year: Vec<(i64, i64)> = Vec::new();
    for (year, begins) in years {
        // The first i created at or after `begins` (created is non-decreasing in i).
        let (mut lo, mut hi) = (1, rows + 1);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if created(mid) >= begins {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if lo <= rows {
            first_of_year.push((year, lo.max(1)));
        }
    }
    first_of_year.dedup_by_key(|(_, first)| *first);
    let mut sequences = Vec::new();
    for (at, (year, first)) in first_of_year.iter().enumerate() {
        let next = first_of_year.get(at + 1).map_or(rows + 1, |(_, f)| *f);
        let count = next - first;
        if count > 0 {
            assert!(count <= 999_999, "year {year}: {count} requests");
            sequences.push((*year, *first, count));
        }
    }
    let protocol = format!(
        "CASE {} END",
        sequences
            .iter()
            .rev()
            .map(|(year, first, _)| format!(
                "WHEN i >= {first} THEN '{year}/' || {}",
                sql.pad(&format!("i - {first} + 1"), 6)
            ))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let hot = (n / 5).max(1);
    let open_or = |pickup: &str, post: &str| {
        format!("CASE WHEN delivery = 'post' THEN '{post}' ELSE '{pickup}' END")
    };
    let mut from = 1;
    while from <= rows {
        let to = (from + BATCH - 1).min(rows);
        let requests = format!(
            "{series},
             svc(k, code, department, office, fee, due, level_b, pickup, post) AS (VALUES {service_values}),
             base AS (
               SELECT i, {start} + (i - 1) * {span} / {rows} AS created,
                 (i * 2654435761) % 1000 AS h, (i * 40503) % 1000 AS h2
               FROM seq
             ),
             chosen AS (
               SELECT b.i, b.created, b.h, b.h2, svc.code, svc.department, svc.office, svc.fee,
                 svc.due, svc.level_b,
                 CASE WHEN svc.post = 1 AND (svc.pickup = 0 OR (b.i / 10) % 5 = 0) THEN 'post'
                      ELSE 'pickup' END AS delivery
               FROM base b JOIN svc ON svc.k = b.i % {service_count}
             ),
             shaped AS (
               SELECT c.*,
                 CASE WHEN created >= {recent} THEN
                   CASE WHEN h < 400 THEN 'submitted' WHEN h < 650 THEN 'in_progress'
                        WHEN h < 750 THEN 'needs_info' WHEN h < 950 THEN {ready}
                        WHEN h < 980 THEN {done} ELSE 'cancelled' END
                 ELSE
                   CASE WHEN h < 5 THEN 'submitted' WHEN h < 15 THEN 'in_progress'
                        WHEN h < 20 THEN 'needs_info' WHEN h < 25 THEN {ready}
                        WHEN h < 750 THEN {done} WHEN h < 760 THEN {returned}
                        WHEN h < 880 THEN 'rejected' ELSE 'cancelled' END
                 END AS status,
                 CASE WHEN h2 < 500 THEN (i * 7919) % {hot} ELSE (i * 104729) % {n} END AS raw
               FROM chosen c
             ),
             placed AS (
               SELECT s.*,
                 CASE WHEN s.level_b = 1 OR s.delivery = 'post' THEN s.raw / 10 * 10 + s.raw % 3
                      WHEN s.raw % 10 = 9 THEN s.raw - 1 ELSE s.raw END AS k,
                 CASE WHEN s.created + (1 + s.h2 % 20) * {DAY_MS} > {now} THEN {now}
                      ELSE s.created + (1 + s.h2 % 20) * {DAY_MS} END AS moved
               FROM shaped s
             )
             INSERT INTO requests (id, protocol_number, citizen_id, service_code, department_code,
                 delivery, status, notes, delivery_street, delivery_postal_code, delivery_city,
                 pickup_office_code, fee_cents, due_at, created_at, updated_at)
             SELECT '{REQUEST_ID}' || {id}, {protocol}, '{CITIZEN_ID}' || {citizen}, code, department,
                 delivery, status, '',
                 CASE WHEN delivery = 'post' THEN 'Ερμού 10' END,
                 CASE WHEN delivery = 'post' THEN '105 57' END,
                 CASE WHEN delivery = 'post' THEN 'Αθήνα' END,
                 CASE WHEN delivery = 'pickup' THEN office END,
                 fee, created + due, created,
                 CASE WHEN status = 'submitted' THEN created ELSE moved END
             FROM placed ORDER BY i",
            series = sql.series(from, to),
            service_count = services.len(),
            ready = open_or("ready_for_pickup", "dispatched"),
            done = open_or("collected", "delivered"),
            returned = open_or("collected", "returned"),
            id = sql.pad("i", 12),
            citizen = sql.pad("k", 12),
        );
        let (lo, hi) = (
            format!("{REQUEST_ID}{from:012}"),
            format!("{REQUEST_ID}{to:012}"),
        );
        let submitted = format!(
            "INSERT INTO request_events (id, request_id, at, actor_kind, actor_id, actor_label,
                 from_status, to_status, message)
             SELECT '00000000-0000-7001-8000-' || substr(id, 25), id, created_at, 'citizen',
                 citizen_id, '', NULL, 'submitted', ''
             FROM requests WHERE id BETWEEN '{lo}' AND '{hi}'"
        );
        let moved = format!(
            "INSERT INTO request_events (id, request_id, at, actor_kind, actor_id, actor_label,
                 from_status, to_status, message)
             SELECT '00000000-0000-7002-8000-' || substr(id, 25), id, updated_at,
                 CASE WHEN status = 'cancelled' THEN 'citizen' ELSE 'staff' END,
                 CASE WHEN status = 'cancelled' THEN citizen_id END,
                 CASE WHEN status = 'cancelled' THEN '' ELSE 'Υπάλληλος, Δημαρχείο' END,
                 'submitted', status, ''
             FROM requests WHERE id BETWEEN '{lo}' AND '{hi}' AND status <> 'submitted'"
        );
        run(pool, backend, &[requests, submitted, moved]).await;
        from = to + 1;
        say("requests", from - 1, rows, part);
    }
    let upserts: Vec<String> = sequences
        .iter()
        .map(|(year, _, count)| {
            format!(
                "INSERT INTO protocol_sequences (year, last_value) VALUES ({year}, {count})
                 ON CONFLICT (year) DO UPDATE SET last_value = excluded.last_value"
            )
        })
        .collect();
    run(pool, backend, &upserts).await;
    parts.push(("requests (with events)", rows, part.elapsed()));

    // --- debts ---
    let part = Instant::now();
    let debts = sizes.debts;
    let category = pick(
        "h",
        &[
            "property_fee",
            "water",
            "cleaning_lighting",
            "rent",
            "market_stall",
        ],
    );
    let description = pick(
        "h",
        &[
            "ΤΑΠ ακινήτου",
            "Λογαριασμός ύδρευσης",
            "Τέλη καθαριότητας και φωτισμού",
            "Μίσθωμα δημοτικού καταστήματος",
            "Τέλος λαϊκής αγοράς",
        ],
    );
    let mut from = 0;
    while from < debts {
        let to = (from + BATCH - 1).min(debts - 1);
        let statement = format!(
            "{series},
             d AS (
               SELECT i, (i * 2654435761) % 1000 AS h,
                 CASE WHEN i % 2 = 0 THEN (i / 2) % {debtors} ELSE (i / 2) % {heavy} END AS b
               FROM seq
             ),
             c AS (SELECT i, h, b / 3 * 10 + b % 3 AS k FROM d)
             INSERT INTO debts (external_id, tax_number, category, description, amount_cents,
                 due_date, status, row_hash, created_at, updated_at)
             SELECT 'GEN-' || {id}, {tax}, {category}, {description},
                 1000 + (i * 7919) % 250000,
                 CAST(2021 + i % 6 AS TEXT) || '-' || {month} || '-' || {day},
                 CASE WHEN h < 600 THEN 'open' ELSE 'paid' END, '', {now}, {now}
             FROM c",
            series = sql.series(from, to),
            debtors = sizes.debtors(),
            heavy = sizes.heavy_debtors(),
            id = sql.pad("i", 9),
            tax = sql.tax_number("k"),
            month = sql.pad("1 + h % 12", 2),
            day = sql.pad("1 + i % 28", 2),
        );
        run(pool, backend, &[statement]).await;
        from = to + 1;
        say("debts", from, debts, part);
    }
    parts.push(("debts", debts, part.elapsed()));

    // PostgreSQL's autovacuum would analyse these tables within a minute; done at once here so
    // that what follows runs with statistics. dimos never runs ANALYZE on SQLite.
    if backend == Backend::Postgres {
        let part = Instant::now();
        sqlx::raw_sql("ANALYZE citizens; ANALYZE requests; ANALYZE request_events; ANALYZE debts")
            .execute(pool)
            .await
            .expect("ANALYZE");
        parts.push(("ANALYZE", 0, part.elapsed()));
    }
    Generated {
        sizes,
        parts,
        total: started.elapsed(),
    }
}

struct Service {
    code: String,
    department: String,
    office: Option<String>,
    fee: i64,
    /// Processing days as calendar milliseconds (7 per 5 working days).
    due: i64,
    level_b: bool,
    pickup: bool,
    post: bool,
}

async fn services(pool: &AnyPool) -> Vec<Service> {
    use sqlx::Row;
    let rows = sqlx::query(
        "SELECT s.code, s.department_code, s.fee_cents, s.processing_days, s.min_level,
             s.allows_pickup, s.allows_post,
             (SELECT MIN(od.office_code) FROM office_departments od
               WHERE od.department_code = s.department_code) AS office
         FROM services s WHERE s.active = 1 ORDER BY s.code",
    )
    .fetch_all(pool)
    .await
    .expect("services");
    assert!(!rows.is_empty(), "no services in the catalogue");
    rows.iter()
        .map(|r| Service {
            code: r.get("code"),
            department: r.get("department_code"),
            office: r.get("office"),
            fee: r.get("fee_cents"),
            due: r.get::<i64, _>("processing_days") * DAY_MS * 7 / 5,
            level_b: r.get::<String, _>("min_level") == "B",
            pickup: r.get::<i64, _>("allows_pickup") == 1,
            post: r.get::<i64, _>("allows_post") == 1,
        })
        .collect()
}

/// The Athens years from `from` to `to` (unix ms), each with the instant it begins (its
/// 1 January 00:00 in EET, UTC+2; the first year's start is clamped to `from`).
fn years(from: i64, to: i64) -> Vec<(i64, i64)> {
    let year_of = |ms: i64| {
        let mut year = 1970 + (ms + 2 * 3_600_000) / (365 * DAY_MS + DAY_MS / 4);
        while begins(year + 1) <= ms {
            year += 1;
        }
        while begins(year) > ms {
            year -= 1;
        }
        year
    };
    (year_of(from)..=year_of(to))
        .map(|year| (year, begins(year).max(from)))
        .collect()
}

/// 1 January of `year`, 00:00 at UTC+2, in unix ms.
fn begins(year: i64) -> i64 {
    // Days from 1970-01-01 to year-01-01 (proleptic Gregorian).
    let y = year - 1;
    let days =
        365 * (year - 1970) + (y / 4 - y / 100 + y / 400) - (1969 / 4 - 1969 / 100 + 1969 / 400);
    days * DAY_MS - 2 * 3_600_000
}
