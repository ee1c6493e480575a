//! Every value parser of the domain (and the few parsers of `dimos-app` that are pure), chosen by
//! the first byte; the rest is the input. Besides "no panic", cheap properties: a parsed value
//! parses again to itself from the form it is stored or shown in; a masked number never shows
//! the whole number; an RF reference the portal makes is valid. The password policy, slow by
//! design (zxcvbn), has a target of its own: `password`.
#![no_main]

use dimos_domain::{
    Actor, AssuranceLevel, AuditActorKind, AuditOutcome, BirthDate, Cents, Delivery,
    DocumentNumber, DocumentType, Email, Password, PersonName, PhoneNumber, PostalCode,
    ProtocolNumber, RecordKind, RequestStatus, RfReference, SocialSecurityNumber, StaffRole, TaxNumber,
    Username, check_record, fold_for_search, transition,
};
use libfuzzer_sys::fuzz_target;
use std::fmt::Debug;
use std::str::FromStr;

/// `parse(x) = v` implies `parse(shown(v)) = v`.
fn round_trip<T: PartialEq + Debug, E>(
    input: &str,
    parse: impl Fn(&str) -> Result<T, E>,
    shown: impl Fn(&T) -> String,
) {
    if let Ok(value) = parse(input) {
        let again = parse(&shown(&value));
        assert!(
            again.as_ref().is_ok_and(|v| *v == value),
            "{value:?} shown as {:?} does not parse back to itself",
            shown(&value)
        );
    }
}

/// Codes of closed sets: `from_str(as_str(v)) = v`.
fn code<T: FromStr + PartialEq + Debug + ToString>(input: &str) {
    round_trip(input, T::from_str, T::to_string);
}

fn today(seed: u8) -> jiff::civil::Date {
    jiff::civil::date(2020, 1, 1)
        .checked_add(jiff::Span::new().days(i64::from(seed) * 97))
        .expect("a date near 2020")
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let s = text.as_ref();
    match which % 23 {
        0 => round_trip(s, Username::parse, |v| v.as_str().to_owned()),
        1 => {
            if let Ok(password) = Password::parse(s) {
                let again = Password::parse(password.as_str());
                assert!(
                    again.is_ok_and(|p| p.as_str() == password.as_str()),
                    "a password does not parse back to itself"
                );
            }
        }
        2 => round_trip(s, Email::parse, |v| v.as_str().to_owned()),
        3 => round_trip(s, TaxNumber::parse, |v| v.as_str().to_owned()),
        4 => round_trip(s, SocialSecurityNumber::parse, |v| v.as_str().to_owned()),
        5 => round_trip(s, PostalCode::parse, |v| v.as_str().to_owned()),
        6 => round_trip(s, PhoneNumber::parse, |v| {
            let _ = v.is_greek();
            v.as_str().to_owned()
        }),
        7 => {
            round_trip(s, PersonName::parse, |v| v.as_str().to_owned());
            // Folding is a key: folding it again changes nothing.
            let folded = fold_for_search(s);
            assert_eq!(fold_for_search(&folded), folded, "folding {s:?} twice");
        }
        8 => {
            let (seed, date) = rest
                .split_first()
                .map_or((0, ""), |(b, r)| (*b, std::str::from_utf8(r).unwrap_or("")));
            let today = today(seed);
            round_trip(date, |d| BirthDate::parse(d, today), |v| v.to_string());
            if let Ok(birth) = BirthDate::parse(date, today) {
                assert!(birth.age_on(today) >= 0);
                let _ = SocialSecurityNumber::parse("01018012345")
                    .map(|ssn| ssn.matches_birth_date(birth.date()));
            }
        }
        9 => {
            round_trip(s, Cents::from_str, |v| v.get().to_string());
            if let Ok(cents) = Cents::from_str(s) {
                let shown = cents.to_string();
                assert!(shown.ends_with(" €"), "{shown:?}");
                let _ = Cents::checked_sum([cents, cents, cents]);
            }
        }
        10 => {
            for t in [DocumentType::IdCard, DocumentType::Passport] {
                round_trip(
                    s,
                    |n| DocumentNumber::parse(t, n),
                    |v| v.as_str().to_owned(),
                );
                if let Ok(number) = DocumentNumber::parse(t, s) {
                    let masked = number.masked();
                    assert!(
                        !masked.contains(number.as_str()),
                        "{masked:?} shows {:?}",
                        number.as_str()
                    );
                    let _ = number.to_string();
                }
            }
            code::<DocumentType>(s);
        }
        11 => round_trip(s, ProtocolNumber::parse, ProtocolNumber::to_string),
        12 => {
            // A reference that parses is compact, at most 25 characters, and reads back the
            // same from its printed groups.
            if let Ok(reference) = RfReference::parse(s) {
                assert!(reference.as_str().len() <= 25, "{reference:?}");
                assert!(reference.as_str().starts_with("RF"));
                assert_eq!(RfReference::parse(&reference.grouped()), Ok(reference.clone()));
                assert_eq!(RfReference::parse(&reference.as_str().to_lowercase()), Ok(reference));
            }
        }
        13 => code::<RequestStatus>(s),
        14 => code::<Actor>(s),
        15 => code::<StaffRole>(s),
        16 => code::<AssuranceLevel>(s),
        17 => code::<Delivery>(s),
        18 => code::<RecordKind>(s),
        19 => {
            round_trip(s, AuditActorKind::from_str, |v| v.as_str().to_owned());
            code::<AuditOutcome>(s);
        }
        20 => {
            // A status move: from, to, actor, delivery as words.
            let mut words = s.split(' ');
            let mut next = || words.next().unwrap_or("");
            if let (Ok(from), Ok(to), Ok(actor), Ok(delivery)) = (
                next().parse::<RequestStatus>(),
                next().parse::<RequestStatus>(),
                next().parse::<Actor>(),
                next().parse::<Delivery>(),
            ) {
                let allowed = transition(from, to, actor, delivery).is_ok();
                let offered = from.next_statuses(actor, delivery).contains(&to);
                assert_eq!(
                    allowed, offered,
                    "{from:?} -> {to:?} by {actor:?} ({delivery:?})"
                );
            }
        }
        21 => {
            // One record of each kind, fields separated by U+001F.
            let fields: Vec<&str> = s.split('\u{1f}').collect();
            let departments = ["tech".to_owned(), "finance".to_owned()];
            for kind in [RecordKind::Debts, RecordKind::Fines, RecordKind::Pending] {
                let n = kind.columns().len();
                let raw: Vec<&str> = (0..n)
                    .map(|i| fields.get(i).copied().unwrap_or(""))
                    .collect();
                let mut problems = Vec::new();
                let checked = check_record(kind, &raw, &departments[..], &mut problems);
                assert_eq!(checked.is_some(), problems.is_empty());
                if let Some(record) = checked {
                    if kind != RecordKind::Pending {
                        assert!(record.amount_cents().get() >= 0);
                    }
                    assert!(!record.external_id().is_empty());
                }
                for p in &problems {
                    assert!(p.column < n);
                }
            }
        }
        _ => {
            // A staff member's one-time code against a secret.
            let (secret, code) = rest.split_at(rest.len().min(20));
            let code = String::from_utf8_lossy(code);
            if let Some(step) = dimos_app::staff::totp::matching_step(secret, &code, 1_700_000_000)
            {
                assert!((step - 1_700_000_000 / 30).abs() <= 1);
            }
            let _ = dimos_app::staff::totp::secret_from_uri(s);
        }
    }
});
