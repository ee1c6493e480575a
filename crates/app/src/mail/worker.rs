//! The background worker that drains the outbox: claim due mails under a lease, send each,
//! record the outcome, back off exponentially on failure.

use super::compose::compose;
use super::{MailConfigError, SendError, Transport};
use dimos_db::clock::now;
use dimos_db::outbox::{self, GIVEN_UP, OutgoingMail};
use dimos_db::{Db, DbError};
use dimos_domain::Timestamp;
use lettre::message::Mailbox;
use std::future::Future;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Timings of a worker. The defaults suit production; tests shorten them.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    /// Sleep between polls when nothing was due.
    pub poll_interval: Duration,
    /// How long a claim keeps other workers away from a mail.
    pub lease: Duration,
    /// Mails claimed per pass.
    pub batch_size: i64,
    /// Longest one send may take; kept below the lease (see [`MailWorker::with_settings`]).
    pub send_timeout: Duration,
    /// Wait after the first failure; doubles with each further failure up to `backoff_cap`.
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Failures after which a mail is given up (left in the outbox for an operator).
    pub max_attempts: i64,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        WorkerSettings {
            poll_interval: Duration::from_secs(2),
            lease: Duration::from_secs(60),
            batch_size: 10,
            send_timeout: Duration::from_secs(25),
            backoff_base: Duration::from_secs(30),
            backoff_cap: Duration::from_secs(3600),
            max_attempts: 10,
        }
    }
}

impl WorkerSettings {
    /// The wait before the next try of a mail that had failed `failed_before` times and has
    /// just failed again: base × 2^failed_before, capped. With the defaults the ten tries
    /// span about three hours.
    pub fn backoff(&self, failed_before: i64) -> Duration {
        let doublings = u32::try_from(failed_before.clamp(0, 30)).unwrap_or(30);
        self.backoff_base
            .checked_mul(1 << doublings)
            .map_or(self.backoff_cap, |d| d.min(self.backoff_cap))
    }
}

/// What one pass over the outbox did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub failed: usize,
    pub given_up: usize,
    /// Claimed but handed back unsent (stopping, or too little lease left).
    pub released: usize,
}

impl Pass {
    pub fn claimed(&self) -> usize {
        self.sent + self.failed + self.given_up + self.released
    }
}

pub struct MailWorker {
    db: Db,
    transport: Transport,
    from: Mailbox,
    id: String,
    settings: WorkerSettings,
}

impl MailWorker {
    /// `from` is a mailbox such as `Δήμος Παραδείγματος <noreply@dimos.example>`.
    pub fn new(db: Db, transport: Transport, from: &str) -> Result<MailWorker, MailConfigError> {
        let from = from
            .parse()
            .map_err(|_| MailConfigError::From(from.to_owned()))?;
        Ok(MailWorker {
            db,
            transport,
            from,
            id: uuid::Uuid::now_v7().to_string(),
            settings: WorkerSettings::default(),
        })
    }

    /// Replaces the timings. A send timeout not shorter than the lease is cut to half the
    /// lease: a send outliving its lease could be repeated by another worker.
    pub fn with_settings(mut self, mut settings: WorkerSettings) -> MailWorker {
        if settings.send_timeout >= settings.lease {
            settings.send_timeout = settings.lease / 2;
        }
        self.settings = settings;
        self
    }

    /// The id this worker claims mail under (a UUIDv7, new for every worker).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Runs until `shutdown` resolves. The mail being sent then is finished (within the send
    /// timeout) and the rest of the batch handed back, so nothing waits for a lease to expire.
    pub fn spawn(self, shutdown: impl Future<Output = ()> + Send + 'static) -> JoinHandle<()> {
        let (stop, stopping) = watch::channel(false);
        tokio::spawn(async move {
            let signal = tokio::spawn(async move {
                shutdown.await;
                let _ = stop.send(true);
            });
            self.run(stopping).await;
            signal.abort();
        })
    }

    async fn run(self, mut stopping: watch::Receiver<bool>) {
        tracing::info!(worker = %self.id, transport = %self.transport.describe(), "mail worker started");
        while !*stopping.borrow() {
            let idle = match self.pass(now(), || *stopping.borrow()).await {
                Ok(pass) => pass.claimed() == 0,
                Err(e) => {
                    tracing::error!(worker = %self.id, error = %e, "mail outbox unavailable");
                    true
                }
            };
            if idle {
                tokio::select! {
                    // A signal that is gone can never say stop: take that as a stop, not spin.
                    changed = stopping.changed() => if changed.is_err() { break },
                    () = tokio::time::sleep(self.settings.poll_interval) => {}
                }
            }
        }
        tracing::info!(worker = %self.id, "mail worker stopped");
    }

    /// One pass at the time `now`: claim what is due, send it, record each outcome. Public so
    /// tests can drive the worker step by step on a clock of their own.
    pub async fn run_pass(&self, now: Timestamp) -> Result<Pass, DbError> {
        self.pass(now, || false).await
    }

    async fn pass(&self, now: Timestamp, stopping: impl Fn() -> bool) -> Result<Pass, DbError> {
        let lease_ms = millis(self.settings.lease);
        let claimed =
            outbox::claim_due(&self.db, &self.id, now, lease_ms, self.settings.batch_size).await?;
        let started = Instant::now();
        let mut pass = Pass::default();
        for mail in claimed {
            // A send must end inside the lease, or another worker may take the mail over and
            // send it again.
            if stopping() || started.elapsed() + self.settings.send_timeout >= self.settings.lease {
                outbox::release(&self.db, &mail.id, &self.id).await?;
                pass.released += 1;
                continue;
            }
            match self.deliver(&mail, now).await? {
                Outcome::Sent => pass.sent += 1,
                Outcome::Failed => pass.failed += 1,
                Outcome::GivenUp => pass.given_up += 1,
            }
        }
        Ok(pass)
    }

    async fn deliver(&self, mail: &OutgoingMail, now: Timestamp) -> Result<Outcome, DbError> {
        let to_domain = mail.to.rsplit_once('@').map_or("", |(_, domain)| domain);
        let attempt = match compose(mail, &self.from) {
            // A message that cannot be built now never can: no retry.
            Err(e) => Err((SendError(e.to_string()), false)),
            Ok(message) => {
                let sending = self.transport.send(&mail.id, mail.created_at, message);
                match tokio::time::timeout(self.settings.send_timeout, sending).await {
                    Ok(sent) => sent.map_err(|e| (e, true)),
                    Err(_) => Err((SendError("timed out".to_owned()), true)),
                }
            }
        };
        let (error, retryable) = match attempt {
            Ok(()) => {
                if outbox::mark_sent(&self.db, &mail.id, &self.id).await? {
                    tracing::info!(mail = %mail.id, to_domain, attempt = mail.attempts + 1, "mail sent");
                } else {
                    tracing::warn!(mail = %mail.id, "mail sent after its claim was taken over; it may arrive twice");
                }
                return Ok(Outcome::Sent);
            }
            Err(failure) => failure,
        };
        let failures = mail.attempts + 1;
        let give_up = !retryable || failures >= self.settings.max_attempts;
        let wait = self.settings.backoff(mail.attempts);
        let next_try_at = if give_up {
            GIVEN_UP
        } else {
            now.plus_millis(millis(wait))
        };
        outbox::mark_failed(&self.db, &mail.id, &self.id, &error.0, next_try_at).await?;
        // Server replies often quote the address; the log keeps only its domain.
        let error = error.0.replace(&mail.to, &format!("…@{to_domain}"));
        if give_up {
            tracing::error!(mail = %mail.id, to_domain, attempts = failures, %error, "mail given up; it stays unsent in the outbox");
            Ok(Outcome::GivenUp)
        } else {
            tracing::warn!(mail = %mail.id, to_domain, attempts = failures, retry_in_s = wait.as_secs(), %error, "mail not sent; will retry");
            Ok(Outcome::Failed)
        }
    }
}

enum Outcome {
    Sent,
    Failed,
    GivenUp,
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_up_to_an_hour() {
        let s = WorkerSettings::default();
        let secs: Vec<u64> = (0..10).map(|n| s.backoff(n).as_secs()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
        assert_eq!(s.backoff(-1).as_secs(), 30);
        assert_eq!(s.backoff(i64::MAX), s.backoff_cap);
    }

    #[test]
    fn defaults_leave_a_send_room_inside_its_lease() {
        let s = WorkerSettings::default();
        assert!(s.send_timeout < s.lease);
    }
}
