//! Attempts refused by throttling are audited in aggregate: counted in memory and written as
//! one entry per account and address every few seconds. A flood of refused attempts then costs
//! no database write each — the point of refusing them before any hashing.

use crate::{App, AppError};
use dimos_db::audit::{self, NewAuditEntry};
use dimos_domain::{AuditActorKind, AuditOutcome, Timestamp};
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug, Default)]
pub(crate) struct ThrottledAttempts {
    tallies: Mutex<HashMap<(&'static str, String, String), Tally>>,
}

#[derive(Debug, Clone, Copy)]
struct Tally {
    attempts: u64,
    first_at: Timestamp,
    last_at: Timestamp,
}

impl App {
    /// Counts a refused attempt of `action` (e.g. `citizen.login`) on `account` from `ip`.
    pub(crate) fn count_throttled(
        &self,
        action: &'static str,
        account: &str,
        ip: &str,
        now: Timestamp,
    ) {
        let mut tallies = self
            .throttled()
            .tallies
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let tally = tallies
            .entry((action, account.to_owned(), ip.to_owned()))
            .or_insert(Tally {
                attempts: 0,
                first_at: now,
                last_at: now,
            });
        tally.attempts += 1;
        tally.last_at = now;
    }

    /// Writes the counted refusals to the audit log, one entry per action, account and
    /// address; returns how many entries were written. `dimos serve` calls it every few seconds
    /// and at shutdown.
    pub async fn flush_throttled_audit(&self) -> Result<usize, AppError> {
        let drained: Vec<_> = {
            let mut tallies = self
                .throttled()
                .tallies
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            tallies.drain().collect()
        };
        let written = drained.len();
        for ((action, account, ip), tally) in drained {
            let mut entry = NewAuditEntry::new(AuditActorKind::Anonymous, None, action);
            entry.outcome = AuditOutcome::Denied;
            entry.client_ip = ip;
            entry.details = serde_json::json!({
                "reason": "throttled",
                "account": account,
                "attempts": tally.attempts,
                "first_at": tally.first_at,
                "last_at": tally.last_at,
            })
            .to_string();
            audit::append_alone(self.db(), &entry).await?;
        }
        Ok(written)
    }
}
