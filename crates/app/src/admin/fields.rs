//! The plain fields of the admin forms: codes and texts, checked into a [`FieldCheck`].

use crate::FieldCheck;
use dimos_domain::ErrorCode;

/// A catalogue code: a lower-case letter, then lower-case letters, digits or `_`; `max` long
/// at most. Returns the trimmed code (meaningful only when the check found nothing).
pub fn code(check: &mut FieldCheck, field: &str, value: &str, max: usize) -> String {
    let value = value.trim();
    if value.is_empty() {
        check.add(field, "required");
    } else if !is_code(value) {
        check.add(field, "invalid_code");
    } else if value.len() < 2 {
        check.add(field, "too_short");
    } else if value.len() > max {
        check.add(field, "too_long");
    }
    value.to_owned()
}

/// `[a-z][a-z0-9_]*`.
pub fn is_code(value: &str) -> bool {
    let mut bytes = value.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A one-line text that must be given: trimmed, at most `max` characters, no control characters.
pub fn required_line(check: &mut FieldCheck, field: &str, value: &str, max: usize) -> String {
    let value = value.trim();
    if value.is_empty() {
        check.add(field, "required");
    }
    line(check, field, value, max)
}

/// A one-line text that may be empty.
pub fn optional_line(check: &mut FieldCheck, field: &str, value: &str, max: usize) -> String {
    line(check, field, value.trim(), max)
}

fn line(check: &mut FieldCheck, field: &str, value: &str, max: usize) -> String {
    if value.chars().any(char::is_control) {
        check.add(field, "invalid_character");
    } else if value.chars().count() > max {
        check.add(field, "too_long");
    }
    value.to_owned()
}

/// A value that may be left empty (then ""), else what `parse` makes of it, as text (a phone
/// number, an e-mail address).
pub fn optional<T: Into<String>, E: ErrorCode>(
    check: &mut FieldCheck,
    field: &str,
    value: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> String {
    if value.trim().is_empty() {
        return String::new();
    }
    check
        .take(field, parse(value))
        .map(Into::into)
        .unwrap_or_default()
}

/// A longer text (a description): line breaks allowed, at most `max` characters.
pub fn paragraph(check: &mut FieldCheck, field: &str, value: &str, max: usize) -> String {
    let value = value.trim().replace("\r\n", "\n");
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        check.add(field, "invalid_character");
    } else if value.chars().count() > max {
        check.add(field, "too_long");
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_problem(value: &str, max: usize) -> Option<String> {
        let mut check = FieldCheck::default();
        code(&mut check, "code", value, max);
        match check.finish() {
            Ok(()) => None,
            Err(crate::AppError::Validation(fields)) => Some(fields["code"][0].clone()),
            Err(other) => panic!("{other}"),
        }
    }

    #[test]
    fn codes_are_lower_case_snake_case() {
        assert_eq!(code_problem("registry", 32), None);
        assert_eq!(code_problem("civil_status2", 32), None);
        assert_eq!(code_problem(" ab ", 32), None);
        assert_eq!(code_problem("", 32).as_deref(), Some("required"));
        assert_eq!(code_problem("a", 32).as_deref(), Some("too_short"));
        for bad in ["Registry", "2fast", "_x", "civil-status", "δήμος", "a b"] {
            assert_eq!(
                code_problem(bad, 32).as_deref(),
                Some("invalid_code"),
                "{bad}"
            );
        }
        assert_eq!(code_problem(&"a".repeat(32), 32), None);
        assert_eq!(
            code_problem(&"a".repeat(33), 32).as_deref(),
            Some("too_long")
        );
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        let mut check = FieldCheck::default();
        assert_eq!(required_line(&mut check, "name", "  Ταμείο ", 10), "Ταμείο");
        assert!(check.is_empty());
        required_line(&mut check, "empty", " ", 10);
        required_line(&mut check, "long", "αβγδεζηθικλ", 10);
        optional_line(&mut check, "tab", "a\tb", 10);
        assert_eq!(paragraph(&mut check, "text", "one\r\ntwo", 100), "one\ntwo");
        assert!(check.has("empty") && check.has("long") && check.has("tab"));
        assert!(!check.has("text"));
    }
}
