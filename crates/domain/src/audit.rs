//! The audit log's tamper evidence: every entry carries the SHA-256 of its own content chained
//! to the previous entry's hash, so editing, removing or reordering any entry breaks the chain
//! from there on.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

use crate::{ParseCodeError, Timestamp};

/// Who did it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditActorKind {
    Anonymous,
    Citizen,
    Staff,
    System,
    ApiKey,
}

impl AuditActorKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Anonymous => "anonymous",
            Self::Citizen => "citizen",
            Self::Staff => "staff",
            Self::System => "system",
            Self::ApiKey => "api_key",
        }
    }
}

impl FromStr for AuditActorKind {
    type Err = ParseCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Self::Anonymous,
            Self::Citizen,
            Self::Staff,
            Self::System,
            Self::ApiKey,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| ParseCodeError {
            kind: "audit actor",
            value: s.to_owned(),
        })
    }
}

/// How it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    Success,
    Failure,
    /// Refused by an authorization rule.
    Denied,
}

impl AuditOutcome {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Failure => "failure",
            Self::Denied => "denied",
        }
    }
}

impl FromStr for AuditOutcome {
    type Err = ParseCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Self::Success, Self::Failure, Self::Denied]
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| ParseCodeError {
                kind: "audit outcome",
                value: s.to_owned(),
            })
    }
}

impl fmt::Display for AuditOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The recorded content of one entry, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: Timestamp,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub subject_citizen_id: Option<String>,
    pub outcome: String,
    pub client_ip: String,
    pub details: String,
}

impl AuditRecord {
    /// The hash of this entry chained to `prev_hash` (hex, lower case). Each field is
    /// length-prefixed so that no two different entries encode the same bytes.
    pub fn chain_hash(&self, prev_hash: &str) -> String {
        let mut h = Sha256::new();
        let mut field = |value: &str| {
            h.update((value.len() as u64).to_be_bytes());
            h.update(value.as_bytes());
        };
        field(prev_hash);
        field(&self.seq.to_string());
        field(&self.at.to_string());
        field(&self.actor_kind);
        field(self.actor_id.as_deref().unwrap_or("\u{0}"));
        field(&self.action);
        field(self.target_kind.as_deref().unwrap_or("\u{0}"));
        field(self.target_id.as_deref().unwrap_or("\u{0}"));
        field(self.subject_citizen_id.as_deref().unwrap_or("\u{0}"));
        field(&self.outcome);
        field(&self.client_ip);
        field(&self.details);
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> AuditRecord {
        AuditRecord {
            seq: 1,
            at: Timestamp::from_millis(1_700_000_000_000),
            actor_kind: "citizen".into(),
            actor_id: Some("c1".into()),
            action: "login".into(),
            target_kind: None,
            target_id: None,
            subject_citizen_id: Some("c1".into()),
            outcome: "success".into(),
            client_ip: "127.0.0.1".into(),
            details: "{}".into(),
        }
    }

    #[test]
    fn the_hash_depends_on_every_field_and_on_the_previous_hash() {
        let base = record().chain_hash("");
        assert_eq!(base.len(), 64);
        assert_eq!(base, record().chain_hash(""), "deterministic");
        assert_ne!(base, record().chain_hash("00"));
        let variants: Vec<AuditRecord> = vec![
            AuditRecord { seq: 2, ..record() },
            AuditRecord {
                at: Timestamp::from_millis(1),
                ..record()
            },
            AuditRecord {
                actor_kind: "staff".into(),
                ..record()
            },
            AuditRecord {
                actor_id: None,
                ..record()
            },
            AuditRecord {
                action: "logout".into(),
                ..record()
            },
            AuditRecord {
                target_kind: Some("x".into()),
                ..record()
            },
            AuditRecord {
                target_id: Some("x".into()),
                ..record()
            },
            AuditRecord {
                subject_citizen_id: None,
                ..record()
            },
            AuditRecord {
                outcome: "failure".into(),
                ..record()
            },
            AuditRecord {
                client_ip: "10.0.0.1".into(),
                ..record()
            },
            AuditRecord {
                details: "{\"a\":1}".into(),
                ..record()
            },
        ];
        for v in variants {
            assert_ne!(v.chain_hash(""), base, "{v:?}");
        }
    }

    #[test]
    fn fields_cannot_be_shifted_into_each_other() {
        let a = AuditRecord {
            action: "ab".into(),
            client_ip: "c".into(),
            ..record()
        };
        let b = AuditRecord {
            action: "a".into(),
            client_ip: "bc".into(),
            ..record()
        };
        assert_ne!(a.chain_hash(""), b.chain_hash(""));
        let none = AuditRecord {
            actor_id: None,
            ..record()
        };
        let empty = AuditRecord {
            actor_id: Some(String::new()),
            ..record()
        };
        assert_ne!(none.chain_hash(""), empty.chain_hash(""));
    }

    #[test]
    fn codes_round_trip() {
        for k in ["anonymous", "citizen", "staff", "system", "api_key"] {
            assert_eq!(k.parse::<AuditActorKind>().unwrap().as_str(), k);
        }
        for o in ["success", "failure", "denied"] {
            assert_eq!(o.parse::<AuditOutcome>().unwrap().as_str(), o);
        }
        assert!("root".parse::<AuditActorKind>().is_err());
        assert!("ok".parse::<AuditOutcome>().is_err());
    }
}
