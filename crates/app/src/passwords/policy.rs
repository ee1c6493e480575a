//! What a new password must satisfy beyond its length: not common, not personal, not guessable.

use super::common;
use dimos_domain::{ErrorCode, Password, fold_for_search};
use zxcvbn::{Score, zxcvbn};

/// Who the password is for, so it can be refused for containing their own details.
#[derive(Debug, Clone, Copy)]
pub struct PasswordContext<'a> {
    pub username: &'a str,
    pub given_name: &'a str,
    pub family_name: &'a str,
    pub email: &'a str,
    pub tax_number: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordPolicyError {
    #[error("this password is among the most common or breached passwords")]
    TooCommon,
    #[error("a password must not contain your username, name, email or tax number")]
    ContainsPersonalInfo,
    #[error("this password is too easy to guess")]
    TooWeak,
}

impl PasswordPolicyError {
    /// Stable snake_case code of this error, for API clients and form messages.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::TooCommon => "too_common",
            Self::ContainsPersonalInfo => "contains_personal_info",
            Self::TooWeak => "too_weak",
        }
    }
}

impl ErrorCode for PasswordPolicyError {
    fn code(&self) -> &'static str {
        PasswordPolicyError::code(self)
    }
}

/// zxcvbn's "safely unguessable" band (over 10^8 guesses): enough against online guessing,
/// which is throttled, and against an offline attack on an Argon2id hash.
const MIN_SCORE: Score = Score::Three;

/// Shorter fragments ("Jo", "Li") turn up in too many unrelated passphrases to refuse them.
const MIN_PART_CHARS: usize = 3;

/// Checks a new password against the policy; the first rule it breaks is reported.
pub fn check_policy(password: &Password, ctx: &PasswordContext) -> Result<(), PasswordPolicyError> {
    if common::is_common(password) {
        return Err(PasswordPolicyError::TooCommon);
    }
    let folded = fold_for_search(password.as_str());
    if personal_parts(ctx).any(|part| folded.contains(&part)) {
        return Err(PasswordPolicyError::ContainsPersonalInfo);
    }
    let mut user_inputs = vec![ctx.username, ctx.given_name, ctx.family_name, ctx.email];
    user_inputs.extend(ctx.tax_number);
    if zxcvbn(password.as_str(), &user_inputs).score() < MIN_SCORE {
        return Err(PasswordPolicyError::TooWeak);
    }
    Ok(())
}

/// The person's details, folded like the password is, so case and accents make no difference
/// ("ΠΑΠΑΔΟΠΟΥΛΟΥ" contains "Παπαδοπούλου"). Names count word by word: "Μαρία-Ελένη" is refused
/// for "ελενη" alone.
fn personal_parts<'a>(ctx: &'a PasswordContext) -> impl Iterator<Item = String> + 'a {
    let local_part = ctx.email.rsplit_once('@').map(|(local, _)| local);
    let whole = [
        Some(ctx.username),
        Some(ctx.email),
        local_part,
        ctx.tax_number,
    ]
    .into_iter()
    .flatten()
    .map(fold_for_search);
    let name_words = [ctx.given_name, ctx.family_name]
        .into_iter()
        .map(fold_for_search)
        .flat_map(|name| {
            name.split(|c: char| c.is_whitespace() || c == '-' || c == '\'')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        });
    whole
        .chain(name_words)
        .filter(|part| part.chars().count() >= MIN_PART_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARIA: PasswordContext<'static> = PasswordContext {
        username: "mpapad77",
        given_name: "Μαρία-Ελένη",
        family_name: "Παπαδοπούλου",
        email: "kitsos.blue@example.gr",
        tax_number: Some("090000045"),
    };

    fn check(password: &str, ctx: &PasswordContext) -> Result<(), &'static str> {
        check_policy(&Password::parse(password).unwrap(), ctx).map_err(|error| error.code())
    }

    #[test]
    fn a_strong_passphrase_is_accepted() {
        assert_eq!(check("ο γάτος τρώει πορτοκάλια τη νύχτα", &MARIA), Ok(()));
        assert_eq!(check("violet kettle drums under 9 bridges", &MARIA), Ok(()));
    }

    #[test]
    fn common_passwords_are_refused_in_any_case() {
        assert_eq!(check("1qaz2wsx3edc", &MARIA), Err("too_common"));
        assert_eq!(check("LeaveMeAlone", &MARIA), Err("too_common"));
    }

    #[test]
    fn the_username_is_refused_in_any_case() {
        assert_eq!(
            check("MPAPAD77 walks the violet bridges", &MARIA),
            Err("contains_personal_info")
        );
    }

    #[test]
    fn names_are_refused_with_or_without_accents() {
        for password in [
            "Παπαδοπούλου στη θάλασσα 1987",
            "ΠΑΠΑΔΟΠΟΥΛΟΥ στη θαλασσα 1987",
            "παπαδοπουλου στη θάλασσα 1987",
            "η ελένη πάει για ψάρεμα",
        ] {
            assert_eq!(
                check(password, &MARIA),
                Err("contains_personal_info"),
                "{password}"
            );
        }
    }

    #[test]
    fn the_email_is_refused_by_its_local_part() {
        assert_eq!(
            check("Kitsos.Blue rides a red tram", &MARIA),
            Err("contains_personal_info")
        );
        let plain = PasswordContext {
            email: "zebra-moon@example.gr",
            ..MARIA
        };
        assert_eq!(
            check("my zebra-moon@example.gr inbox", &plain),
            Err("contains_personal_info")
        );
    }

    #[test]
    fn the_tax_number_is_refused() {
        assert_eq!(
            check("violet kettle 090000045 drums", &MARIA),
            Err("contains_personal_info")
        );
        let without = PasswordContext {
            tax_number: None,
            ..MARIA
        };
        assert_eq!(check("violet kettle 090000045 drums", &without), Ok(()));
    }

    #[test]
    fn parts_shorter_than_three_characters_are_ignored() {
        let jo = PasswordContext {
            given_name: "Jo",
            family_name: "Li",
            ..MARIA
        };
        assert_eq!(check("jo and li paint violet kettles", &jo), Ok(()));
    }

    #[test]
    fn a_guessable_password_not_on_the_list_is_too_weak() {
        assert_eq!(check("qwertyuiop123456", &MARIA), Err("too_weak"));
        assert_eq!(check("iloveyouiloveyou", &MARIA), Err("too_weak"));
        assert_eq!(check("monkeymonkey12", &MARIA), Err("too_weak"));
    }

    #[test]
    fn zxcvbn_counts_personal_details_as_guessable() {
        // Backwards the username is no substring, but zxcvbn still finds it.
        let kostas = PasswordContext {
            username: "kostas1987",
            ..MARIA
        };
        assert_eq!(check("7891satsok!!!", &kostas), Err("too_weak"));
        assert_eq!(check("7891satsok!!!", &MARIA), Ok(()));
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(PasswordPolicyError::TooCommon.code(), "too_common");
        assert_eq!(
            PasswordPolicyError::ContainsPersonalInfo.code(),
            "contains_personal_info"
        );
        assert_eq!(PasswordPolicyError::TooWeak.code(), "too_weak");
    }
}
