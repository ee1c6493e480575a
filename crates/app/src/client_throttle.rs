//! Throttles beyond the login: mail-sending forms per client address, and the current-password
//! checks of a logged-in citizen, which count on the login's own per-account counter.

use crate::{App, AppError, ClientInfo};
use dimos_db::clock::now;
use dimos_db::throttle;
use dimos_domain::Timestamp;

/// The window of the per-address allowance of mail-sending forms.
const MAIL_FORM_WINDOW_MS: i64 = 10 * 60 * 1000;

/// Whole seconds until `blocked_until` (at least one), for `Retry-After`.
pub(crate) fn retry_after_secs(blocked_until: Timestamp, now: Timestamp) -> u64 {
    u64::try_from((blocked_until.millis_since(now) + 999) / 1000)
        .unwrap_or(1)
        .max(1)
}

impl App {
    /// Refuses with [`AppError::TooManyAttempts`] while any of `keys` is blocked; the refusal
    /// is audited in aggregate as `action` on `account`.
    pub(crate) async fn refuse_while_blocked(
        &self,
        keys: &[&str],
        action: &'static str,
        account: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let now = now();
        let blocked_until = throttle::blocked_until(self.db(), keys).await?;
        if blocked_until > now {
            self.count_throttled(action, account, &client.ip, now);
            return Err(AppError::TooManyAttempts {
                retry_after_secs: retry_after_secs(blocked_until, now),
            });
        }
        Ok(())
    }

    /// Before a form that sends mail (registration, password reset, a new confirmation link):
    /// refused while this client address has used up its allowance
    /// (`DIMOS_MAIL_FORMS_PER_CLIENT` in 10 minutes).
    pub(crate) async fn mail_form_allowed(
        &self,
        action: &'static str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let key = mail_form_key(client);
        self.refuse_while_blocked(&[&key], action, "", client).await
    }

    /// Counts one mail-sending form for this client address; the last one of the allowance
    /// blocks the address for the rest of the window.
    pub(crate) async fn count_mail_form(&self, client: &ClientInfo) -> Result<(), AppError> {
        let now = now();
        let allowance = i64::from(self.settings().mail_forms_per_client.max(1));
        throttle::record_failure(
            self.db(),
            &mail_form_key(client),
            now,
            now.minus_millis(MAIL_FORM_WINDOW_MS),
            |sent| {
                if sent >= allowance {
                    MAIL_FORM_WINDOW_MS
                } else {
                    0
                }
            },
        )
        .await?;
        Ok(())
    }
}

fn mail_form_key(client: &ClientInfo) -> String {
    format!("mail-ip:{}", client.ip)
}
