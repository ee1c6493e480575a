//! The binary as an operator meets it.

use std::process::Command;

fn dimos() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dimos"));
    for (key, _) in std::env::vars() {
        if key.starts_with("DIMOS_") {
            command.env_remove(key);
        }
    }
    command
}

#[test]
fn help_is_there_on_every_level() {
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["migrate", "--help"],
    ] {
        let out = dimos().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Usage: dimos"), "{args:?}: {text}");
    }
    let top = String::from_utf8(dimos().arg("--help").output().unwrap().stdout).unwrap();
    assert!(top.contains("serve") && top.contains("migrate"));
}

#[test]
fn bad_configuration_is_one_line_and_exit_code_2() {
    let cases = [
        ("DIMOS_LISTEN", "not-an-address"),
        ("DIMOS_DATABASE_URL", "mysql://localhost/dimos"),
        ("DIMOS_PUBLIC_URL", "example.org"),
        ("DIMOS_SECURE_COOKIES", "perhaps"),
        ("DIMOS_SMTP_URL", "mail.example.org"),
    ];
    for (key, value) in cases {
        let out = dimos().arg("migrate").env(key, value).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{key}={value}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.trim_end().lines().count(), 1, "{key}: {stderr}");
        assert!(stderr.contains(key), "{key}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn a_malformed_config_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dimos.toml");
    std::fs::write(&file, "listen = [1, 2\n").unwrap();
    let out = dimos()
        .arg("migrate")
        .arg("--config")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("dimos.toml"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}

#[test]
fn migrate_creates_the_sqlite_database_with_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nested").join("dimos.db");
    let out = dimos()
        .arg("migrate")
        .env("DIMOS_DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("DIMOS_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(db.is_file());
    // Twice is fine: nothing is pending the second time.
    let again = dimos()
        .arg("migrate")
        .env("DIMOS_DATABASE_URL", format!("sqlite://{}", db.display()))
        .output()
        .unwrap();
    assert!(again.status.success());
}

#[test]
fn an_unreachable_database_is_a_clear_error_not_a_panic() {
    let out = dimos()
        .arg("migrate")
        .env("DIMOS_DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("cannot open the database"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn demo_seeds_citizens_and_staff_once_and_prints_their_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        dimos()
            .arg("demo")
            .current_dir(dir.path())
            .env("DIMOS_LOG", "warn")
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let out = String::from_utf8(first.stdout).unwrap();
    for expected in [
        "demo.a",
        "demo.b",
        "Level B",
        "demo.verifier",
        "otpauth://totp/",
    ] {
        assert!(out.contains(expected), "{expected} missing in {out}");
    }
    let second = run();
    assert!(second.status.success());
    assert!(
        String::from_utf8(second.stdout)
            .unwrap()
            .contains("already there")
    );
}
