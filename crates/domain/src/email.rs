use crate::error_code::error_codes;
use crate::text_value::text_value;

/// An e-mail address of the common `local@domain.tld` shape, domain lowercased.
///
/// The local part is kept as given: some mail servers treat it case-sensitively.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("an e-mail address is required")]
    Empty,
    #[error("an e-mail address has at most {} characters", Email::MAX_LEN)]
    TooLong,
    #[error("an e-mail address has exactly one '@'")]
    NotOneAt,
    #[error("the part before '@' is empty")]
    EmptyLocalPart,
    #[error("the part before '@' has at most {} characters", Email::MAX_LOCAL_LEN)]
    LocalPartTooLong,
    #[error("the part before '@' contains characters that are not allowed there")]
    InvalidLocalPart,
    #[error("the domain needs a dot, as in example.gr")]
    DomainWithoutDot,
    #[error("the domain is not a valid domain name")]
    InvalidDomain,
}

error_codes!(EmailError {
    Empty => "required",
    TooLong => "too_long",
    NotOneAt => "invalid_format",
    EmptyLocalPart => "empty_local_part",
    LocalPartTooLong => "local_part_too_long",
    InvalidLocalPart => "invalid_local_part",
    DomainWithoutDot => "domain_without_dot",
    InvalidDomain => "invalid_domain",
});

impl Email {
    /// Limits of RFC 5321, in octets.
    pub const MAX_LEN: usize = 254;
    pub const MAX_LOCAL_LEN: usize = 64;

    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(EmailError::Empty);
        }
        if input.len() > Self::MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let Some((local, domain)) = input.split_once('@') else {
            return Err(EmailError::NotOneAt);
        };
        if domain.contains('@') {
            return Err(EmailError::NotOneAt);
        }
        check_local_part(local)?;
        let domain = domain.to_ascii_lowercase();
        check_domain(&domain)?;
        Ok(Self(format!("{local}@{domain}")))
    }

    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or("", |(local, _)| local)
    }

    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, domain)| domain)
    }
}

/// Only the unquoted dot-atom form: quoted local parts are legal but no citizen needs one, and
/// they are a favourite of header-injection tricks.
fn check_local_part(local: &str) -> Result<(), EmailError> {
    if local.is_empty() {
        return Err(EmailError::EmptyLocalPart);
    }
    if local.len() > Email::MAX_LOCAL_LEN {
        return Err(EmailError::LocalPartTooLong);
    }
    let bad_char = |c: char| c.is_whitespace() || c.is_control() || "\"(),:;<>[\\]".contains(c);
    if local.chars().any(bad_char)
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
    {
        return Err(EmailError::InvalidLocalPart);
    }
    Ok(())
}

fn check_domain(domain: &str) -> Result<(), EmailError> {
    if !domain.contains('.') {
        return Err(EmailError::DomainWithoutDot);
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    let top_level_has_letter = domain
        .rsplit('.')
        .next()
        .is_some_and(|tld| tld.chars().any(|c| c.is_ascii_alphabetic()));
    if !domain.split('.').all(label_ok) || !top_level_has_letter {
        return Err(EmailError::InvalidDomain);
    }
    Ok(())
}

text_value!(Email, EmailError);

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(input: &str) -> String {
        Email::parse(input).unwrap().as_str().to_owned()
    }

    #[test]
    fn domain_is_lowercased_and_local_part_kept() {
        assert_eq!(
            parsed("  Maria.Papadopoulou@Example.GR "),
            "Maria.Papadopoulou@example.gr"
        );
        assert_eq!(parsed("a@b.co"), "a@b.co");
        assert_eq!(
            parsed("first+tag@mail.dimos-athinaion.gov.gr"),
            "first+tag@mail.dimos-athinaion.gov.gr"
        );
        assert_eq!(parsed("user@xn--hxargifdar.gr"), "user@xn--hxargifdar.gr");
    }

    #[test]
    fn parts_are_readable() {
        let email = Email::parse("Nikos@Dimos.GR").unwrap();
        assert_eq!(email.local_part(), "Nikos");
        assert_eq!(email.domain(), "dimos.gr");
    }

    #[test]
    fn exactly_one_at_sign() {
        assert_eq!(Email::parse("maria.example.gr"), Err(EmailError::NotOneAt));
        assert_eq!(
            Email::parse("maria@x@example.gr"),
            Err(EmailError::NotOneAt)
        );
        assert_eq!(Email::parse(""), Err(EmailError::Empty));
        assert_eq!(Email::parse("  "), Err(EmailError::Empty));
    }

    #[test]
    fn local_part_rules() {
        assert_eq!(Email::parse("@example.gr"), Err(EmailError::EmptyLocalPart));
        assert_eq!(
            parsed(&format!("{}@example.gr", "a".repeat(64))),
            format!("{}@example.gr", "a".repeat(64))
        );
        assert_eq!(
            Email::parse(&format!("{}@example.gr", "a".repeat(65))),
            Err(EmailError::LocalPartTooLong)
        );
        for bad in [
            "ma ria@example.gr",
            "\"maria\"@example.gr",
            "maria<x>@example.gr",
            ".maria@example.gr",
            "maria.@example.gr",
            "ma..ria@example.gr",
            "ma\nria@example.gr",
        ] {
            assert_eq!(
                Email::parse(bad),
                Err(EmailError::InvalidLocalPart),
                "{bad}"
            );
        }
    }

    #[test]
    fn domain_rules() {
        assert_eq!(
            Email::parse("maria@localhost"),
            Err(EmailError::DomainWithoutDot)
        );
        assert_eq!(Email::parse("maria@"), Err(EmailError::DomainWithoutDot));
        for bad in [
            "maria@-example.gr",
            "maria@example-.gr",
            "maria@exa_mple.gr",
            "maria@example..gr",
            "maria@.example.gr",
            "maria@example.gr.",
            "maria@δήμος.gr",
            "maria@10.0.0.1",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::InvalidDomain), "{bad}");
        }
        let long_label = "a".repeat(64);
        assert_eq!(
            Email::parse(&format!("maria@{long_label}.gr")),
            Err(EmailError::InvalidDomain)
        );
    }

    #[test]
    fn total_length_is_bounded() {
        let domain = format!(
            "{}.{}.{}.gr",
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(60)
        );
        let fits = format!("{}@{domain}", "m".repeat(254 - 1 - domain.len()));
        assert_eq!(fits.len(), 254);
        assert_eq!(parsed(&fits), fits);
        assert_eq!(Email::parse(&format!("m{fits}")), Err(EmailError::TooLong));
    }

    #[test]
    fn codes_are_stable() {
        let codes = [
            (EmailError::Empty, "required"),
            (EmailError::TooLong, "too_long"),
            (EmailError::NotOneAt, "invalid_format"),
            (EmailError::EmptyLocalPart, "empty_local_part"),
            (EmailError::LocalPartTooLong, "local_part_too_long"),
            (EmailError::InvalidLocalPart, "invalid_local_part"),
            (EmailError::DomainWithoutDot, "domain_without_dot"),
            (EmailError::InvalidDomain, "invalid_domain"),
        ];
        for (error, code) in codes {
            assert_eq!(error.code(), code);
        }
    }

    #[test]
    fn serde_is_the_plain_string() {
        let email = Email::parse("Maria@Example.gr").unwrap();
        assert_eq!(
            serde_json::to_string(&email).unwrap(),
            r#""Maria@example.gr""#
        );
        assert_eq!(
            serde_json::from_str::<Email>(r#""Maria@EXAMPLE.gr""#).unwrap(),
            email
        );
        assert!(serde_json::from_str::<Email>(r#""maria""#).is_err());
    }
}
