//! Passwords as registration and password changes take them: `Password::parse`, then the
//! policy (common passwords, personal information, zxcvbn) against a context. The input is
//! `password \x1f name`; the name stands for the username and given name.
#![no_main]

use dimos_domain::Password;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (password, name) = text.split_once('\u{1f}').unwrap_or((&text, ""));
    if let Ok(password) = Password::parse(password) {
        let again = Password::parse(password.as_str());
        assert!(
            again.is_ok_and(|p| p.as_str() == password.as_str()),
            "a password does not parse back to itself"
        );
        let context = dimos_app::passwords::PasswordContext {
            username: name,
            given_name: name,
            family_name: "Παπαδόπουλος",
            email: "maria@example.gr",
            tax_number: Some("090000045"),
        };
        let _ = dimos_app::passwords::check_policy(&password, &context);
    }
});
