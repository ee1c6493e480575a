//! Time-based one-time codes for staff (RFC 6238: SHA-1, 6 digits, 30 s steps, ±1 step).

use totp_rs::{Algorithm, Builder, Totp};

const STEP_SECONDS: u64 = 30;

/// A fresh 160-bit secret (RFC 4226 recommends 160 bits).
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0_u8; 20];
    getrandom::fill(&mut secret).expect("the operating system's random source failed");
    secret
}

fn totp(secret: &[u8], issuer: &str, account: &str) -> Option<Totp> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(STEP_SECONDS)
        .with_secret(secret.to_vec())
        .with_issuer(Some(issuer.replace(':', " ")))
        .with_account_name(account.replace(':', " "))
        .build()
        .ok()
}

/// The `otpauth://` URI an authenticator app imports (shown once, when the secret is made).
pub fn provisioning_uri(secret: &[u8], issuer: &str, account: &str) -> Option<String> {
    totp(secret, issuer, account)?.to_url().ok()
}

/// The time step a code matches at `unix_seconds` (the current step ±1), if any.
pub fn matching_step(secret: &[u8], code: &str, unix_seconds: u64) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let step = totp(secret, "dimos", "staff")?.check(&code, unix_seconds)?;
    i64::try_from(step).ok()
}

/// The code for `unix_seconds` (for tests and the demo).
pub fn code_at(secret: &[u8], unix_seconds: u64) -> String {
    totp(secret, "dimos", "staff")
        .map(|t| t.generate(unix_seconds).to_string())
        .unwrap_or_default()
}

/// The secret inside an `otpauth://` URI (what an authenticator app reads from it).
pub fn secret_from_uri(uri: &str) -> Option<Vec<u8>> {
    let totp = Totp::from_url_unchecked(uri).ok()?;
    Some(totp.secret().as_ref().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, truncated to 6 digits.
    #[test]
    fn codes_follow_rfc_6238() {
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59), "287082");
        assert_eq!(code_at(secret, 1_111_111_109), "081804");
        assert_eq!(code_at(secret, 2_000_000_000), "279037");
    }

    #[test]
    fn a_code_matches_its_step_and_the_neighbours_only() {
        let secret = new_secret();
        let now = 1_700_000_000;
        let code = code_at(&secret, now);
        let step = i64::try_from(now / 30).unwrap();
        assert_eq!(matching_step(&secret, &code, now), Some(step));
        assert_eq!(
            matching_step(&secret, &code, now + 30),
            Some(step),
            "one step late is fine"
        );
        assert_eq!(
            matching_step(&secret, &code, now + 90),
            None,
            "three steps late is not"
        );
        assert_eq!(
            matching_step(&secret, &format!("{} {}", &code[..3], &code[3..]), now),
            Some(step)
        );
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step(&secret, "abcdef", now), None);
    }

    #[test]
    fn the_uri_names_the_issuer_and_account() {
        let secret = new_secret();
        let uri = provisioning_uri(&secret, "Δήμος", "anna").unwrap();
        assert_eq!(secret_from_uri(&uri), Some(secret));
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(uri.contains("secret="), "{uri}");
        assert!(uri.contains("anna"), "{uri}");
    }
}
