//! Whole requests through the whole portal: the router with every layer (body limits, CSRF
//! guard, language, timeouts) over a fresh SQLite database in /dev/shm, with a citizen and an
//! admin logged in over the API. The input is
//!
//! ```text
//! METHOD /path?query
//! Name: value            (any number of headers; `{citizen}` and `{staff}` in a value become
//!                         the bearer tokens of the two sessions)
//!
//! body
//! ```
//!
//! Whatever comes, the answer is never a 5xx (bad input is the client's error) and never a
//! panic.
#![no_main]

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request};
use dimos_app::passwords::PasswordHasher;
use dimos_app::secret_box::SecretBox;
use dimos_app::staff::NewStaffMember;
use dimos_app::{App, AppSettings, ClientInfo};
use dimos_db::Db;
use dimos_db::sessions::Channel;
use dimos_domain::StaffRole;
use dimos_web::fuzzing::block_on;
use dimos_web::{AppState, SiteConfig};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;
use tower::ServiceExt;

struct Portal {
    router: axum::Router,
    citizen: String,
    staff: String,
}

fn portal() -> &'static Portal {
    static PORTAL: OnceLock<Portal> = OnceLock::new();
    PORTAL.get_or_init(|| block_on(open()))
}

async fn open() -> Portal {
    let base = if std::path::Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("dimos-fuzz-http-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a folder for the database");
    let db = Db::connect(&format!("sqlite://{}", dir.join("dimos.db").display()))
        .await
        .expect("the database opens");
    db.migrate().await.expect("migrations");
    let mut settings = AppSettings::new(
        "http://localhost:8080",
        PasswordHasher::with_params(8, 1, 1, 2),
        SecretBox::from_key([7; 32]),
    );
    settings.data_dir = dir.join("data");
    let app = App::new(db, settings);
    app.seed_standard_catalogue().await.expect("catalogue");
    let client = ClientInfo {
        ip: "127.0.0.1".into(),
        user_agent: "fuzz".into(),
    };

    let registration = dimos_app::citizens::Registration {
        username: "maria.p".into(),
        password: "a long and unusual passphrase 2026".into(),
        email: "maria@example.gr".into(),
        given_name: "Μαρία".into(),
        family_name: "Παπαδοπούλου".into(),
        father_name: "Γιώργος".into(),
        birth_date: "1985-03-15".into(),
        tax_number: Some("090000045".into()),
        address: dimos_app::citizens::AddressInput {
            street: "Οδός Αθηνάς 1".into(),
            postal_code: "10431".into(),
            city: "Αθήνα".into(),
        },
        ..Default::default()
    };
    app.register_citizen(&registration, &client)
        .await
        .expect("a citizen registers");
    let citizen = app
        .login_citizen(
            &registration.username,
            &registration.password,
            Channel::Api,
            &client,
        )
        .await
        .expect("the citizen logs in")
        .token;

    let admin = NewStaffMember {
        username: "admin.fuzz".into(),
        display_name: "Admin".into(),
        password: "another long and unusual passphrase".into(),
        roles: vec![StaffRole::Admin],
        departments: Vec::new(),
    };
    let created = app
        .add_staff(None, &admin, &client)
        .await
        .expect("an admin is created");
    let secret = dimos_app::staff::totp::secret_from_uri(&created.otpauth_uri).expect("secret");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let code = dimos_app::staff::totp::code_at(&secret, now);
    let staff = app
        .login_staff(
            &admin.username,
            &admin.password,
            Some(&code),
            Channel::Api,
            &client,
        )
        .await
        .expect("the admin logs in")
        .token;

    let site = SiteConfig {
        municipality_el: "Δήμος".into(),
        municipality_en: "Municipality".into(),
        public_url: "http://localhost:8080".into(),
        secure_cookies: false,
        body_limit: SiteConfig::DEFAULT_BODY_LIMIT,
        request_timeout: Duration::from_secs(30),
        trust_forwarded_for: true,
    };
    Portal {
        router: dimos_web::router(AppState::new(app, site)),
        citizen,
        staff,
    }
}

fuzz_target!(|data: &[u8]| {
    let portal = portal();
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &[][..]),
    };
    let mut lines = head.split(|&b| b == b'\n');
    let first = lines.next().unwrap_or_default();
    let mut words = first.splitn(2, |&b| b == b' ');
    let Ok(method) = Method::from_bytes(words.next().unwrap_or_default()) else {
        return;
    };
    let Ok(target) = std::str::from_utf8(words.next().unwrap_or_default()) else {
        return;
    };
    // Logging out would end the sessions the other inputs use.
    if target.contains("sessions/current") {
        return;
    }
    let mut request = Request::builder().method(method).uri(target);
    for line in lines {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let value = String::from_utf8_lossy(line[colon + 1..].trim_ascii())
            .replace("{citizen}", &portal.citizen)
            .replace("{staff}", &portal.staff);
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(&line[..colon]),
            HeaderValue::from_str(&value),
        ) {
            request = request.header(name, value);
        }
    }
    let Ok(request) = request.body(Body::from(body.to_vec())) else {
        return;
    };
    let description = format!("{} {}", request.method(), request.uri());
    block_on(async {
        let response = portal
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        if std::env::var_os("DIMOS_FUZZ_SHOW").is_some() {
            eprintln!("{description} -> {status}");
        }
        let answer = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("the body is read");
        assert!(
            !status.is_server_error(),
            "{description} answered {status}: {}",
            String::from_utf8_lossy(&answer)
        );
    });
});
