//! Staff login: password and a one-time code, always; throttled like citizens' logins.

use super::{StaffPrincipal, staff_audit, totp};
use crate::passwords::Verification;
use crate::tokens::{random_handle, random_token, token_hash};
use crate::{App, AppError, ClientInfo};
use dimos_db::audit::{self, NewAuditEntry};
use dimos_db::clock::now;
use dimos_db::sessions::{self, Channel, NewSession, PrincipalKind};
use dimos_db::{staff, throttle};
use dimos_domain::{AuditActorKind, AuditOutcome, Password, Timestamp, Username};

/// Staff sessions are shorter than citizens': 15 minutes idle, 10 hours at most.
const IDLE_MS: i64 = 15 * 60 * 1000;
const MAX_MS: i64 = 10 * 60 * 60 * 1000;
const TOUCH_EVERY_MS: i64 = 60 * 1000;
const FREE_FAILURES: i64 = 5;
const MAX_BLOCK_MS: i64 = 15 * 60 * 1000;
const FORGET_AFTER_MS: i64 = 60 * 60 * 1000;

fn block_ms(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = u32::try_from(failures - FREE_FAILURES)
        .unwrap_or(u32::MAX)
        .min(20);
    (1000_i64 << doublings).min(MAX_BLOCK_MS)
}

/// A member of staff whose password and code were right.
pub(super) struct CheckedStaff {
    pub id: String,
    /// The password, when its stored hash was made with older parameters.
    pub rehash: Option<Password>,
}

#[derive(Debug, Clone)]
pub struct StaffLoginOutcome {
    pub token: String,
    pub expires_at: Timestamp,
    pub roles: Vec<String>,
}

impl App {
    /// Logs a member of staff in. A missing code is `TotpRequired` before anything else is
    /// checked; a wrong password or code, an unknown or disabled account are all the same
    /// `InvalidCredentials`, and count towards throttling.
    pub async fn login_staff(
        &self,
        username: &str,
        password: &str,
        code: Option<&str>,
        channel: Channel,
        client: &ClientInfo,
    ) -> Result<StaffLoginOutcome, AppError> {
        crate::error::require_credentials(username, password)?;
        let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
            return Err(AppError::TotpRequired);
        };
        let now = now();
        let key_username = Username::parse(username)
            .map(|u| u.as_str().to_owned())
            .unwrap_or_else(|_| username.trim().to_lowercase());
        let checked = self
            .check_staff_credentials(&key_username, password, code, "staff.login", client, now)
            .await?;
        let member = staff::get(self.db(), &checked.id)
            .await?
            .ok_or(AppError::InvalidCredentials)?;
        // Hashes made with older parameters are replaced on a good login, as citizens' are.
        let new_hash = match &checked.rehash {
            Some(password) => Some(self.hash_password(password).await?),
            None => None,
        };
        let token = random_token();
        let expires_at = now.plus_millis(MAX_MS);
        let mut tx = self.db().begin().await?;
        if let Some(hash) = &new_hash {
            staff::set_password_hash(&mut tx, &member.id, hash).await?;
        }
        sessions::insert(
            &mut tx,
            &NewSession {
                token_hash: &token_hash(&token),
                id: &random_handle(),
                principal_kind: PrincipalKind::Staff,
                principal_id: &member.id,
                channel,
                csrf_token: &random_token(),
                now,
                idle_expires_at: now.plus_millis(IDLE_MS),
                expires_at,
                client_ip: &client.ip,
                user_agent: &client.user_agent.chars().take(200).collect::<String>(),
            },
        )
        .await?;
        let mut entry = staff_audit(&member.id, "staff.login", client);
        entry.details = serde_json::json!({ "channel": channel.as_str() }).to_string();
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(StaffLoginOutcome {
            token,
            expires_at,
            roles: member.roles.iter().map(|r| r.as_str().to_owned()).collect(),
        })
    }

    /// Checks a member of staff's password and one-time code as a login does: throttled per
    /// account and per address (429), a code good once, and a wrong password, a wrong or
    /// replayed code, an unknown or disabled account all the same `InvalidCredentials`,
    /// counted towards throttling and audited as a failed `action`.
    pub(super) async fn check_staff_credentials(
        &self,
        key_username: &str,
        password: &str,
        code: &str,
        action: &'static str,
        client: &ClientInfo,
        now: Timestamp,
    ) -> Result<CheckedStaff, AppError> {
        let account_key = format!("staff:{key_username}");
        let address_key = format!("ip:{}", client.ip);
        self.refuse_while_blocked(&[&account_key, &address_key], action, key_username, client)
            .await?;
        let credentials = staff::credentials(self.db(), key_username).await?;
        let (password_ok, rehash) = match Password::parse(password) {
            Ok(p) => match self
                .settings()
                .hasher
                .verify(&p, credentials.as_ref().map(|c| c.password_hash.as_str()))
                .await
            {
                Verification::Valid { needs_rehash } => (true, needs_rehash.then_some(p)),
                _ => (false, None),
            },
            Err(_) => (false, None),
        };
        let accepted = match &credentials {
            Some(c) if password_ok && !c.disabled => {
                let secret = self.settings().secrets.open(&c.totp_secret_enc);
                let step = secret.and_then(|s| {
                    totp::matching_step(
                        &s,
                        code,
                        u64::try_from(now.as_millis() / 1000).unwrap_or(0),
                    )
                });
                // Accepting the step is atomic: a replayed code (here or on another instance) fails.
                match step {
                    Some(step) => staff::accept_totp_step(self.db(), &c.id, step).await?,
                    None => false,
                }
            }
            _ => false,
        };
        let Some(credentials) = credentials.filter(|_| accepted) else {
            throttle::record_failure(
                self.db(),
                &account_key,
                now,
                now.minus_millis(FORGET_AFTER_MS),
                block_ms,
            )
            .await?;
            throttle::record_failure(
                self.db(),
                &address_key,
                now,
                now.minus_millis(FORGET_AFTER_MS),
                |f| {
                    if f < 20 { 0 } else { block_ms(f - 15) }
                },
            )
            .await?;
            let mut entry = NewAuditEntry::new(AuditActorKind::Anonymous, None, action);
            entry.outcome = AuditOutcome::Failure;
            entry.client_ip = client.ip.clone();
            entry.details = serde_json::json!({ "username": key_username }).to_string();
            audit::append_alone(self.db(), &entry).await?;
            return Err(AppError::InvalidCredentials);
        };
        throttle::reset(self.db(), &account_key).await?;
        Ok(CheckedStaff {
            id: credentials.id,
            rehash,
        })
    }

    /// The member of staff behind a session token, if the session is live and the account
    /// enabled; keeps the session alive.
    pub async fn staff_session(
        &self,
        token: &str,
        channel: Channel,
    ) -> Result<Option<StaffPrincipal>, AppError> {
        let now = now();
        let Some(session) = sessions::find_live(
            self.db(),
            &token_hash(token),
            PrincipalKind::Staff,
            channel,
            now,
        )
        .await?
        else {
            return Ok(None);
        };
        let Some(member) = staff::get(self.db(), &session.principal_id).await? else {
            return Ok(None);
        };
        if member.disabled_at.is_some() {
            return Ok(None);
        }
        if now.millis_since(session.last_seen_at) > TOUCH_EVERY_MS {
            sessions::touch(self.db(), &session.id, now, now.plus_millis(IDLE_MS)).await?;
        }
        Ok(Some(StaffPrincipal {
            roles: member.roles,
            id: member.id,
            username: member.username,
            display_name: member.display_name,
            departments: member.departments,
            session_id: session.id,
            csrf_token: session.csrf_token,
        }))
    }

    pub async fn logout_staff(
        &self,
        who: &StaffPrincipal,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let mut tx = self.db().begin().await?;
        sessions::delete(&mut tx, PrincipalKind::Staff, &who.id, &who.session_id).await?;
        audit::append(&mut tx, &staff_audit(&who.id, "staff.logout", client)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a refused access (an authorization failure) in the audit log.
    pub async fn audit_denied(
        &self,
        who: &StaffPrincipal,
        what: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let mut entry = staff_audit(&who.id, "authorization.denied", client);
        entry.outcome = AuditOutcome::Denied;
        entry.details = serde_json::json!({ "what": what }).to_string();
        audit::append_alone(self.db(), &entry).await?;
        tracing::warn!(staff = %who.id, what, "authorization refused");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_throttling_doubles_from_the_fifth_failure() {
        assert_eq!(block_ms(4), 0);
        assert_eq!(block_ms(5), 1000);
        assert_eq!(block_ms(7), 4000);
        assert_eq!(block_ms(60), MAX_BLOCK_MS);
    }
}
