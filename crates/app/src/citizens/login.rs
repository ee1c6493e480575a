//! Logging in and out, throttling, and the sessions a citizen holds.

use super::citizen_audit;
use crate::passwords::Verification;
use crate::tokens::{random_handle, random_token, token_hash};
use crate::{App, AppError, CitizenPrincipal, ClientInfo};
use dimos_db::audit::{self, NewAuditEntry};
use dimos_db::clock::now;
use dimos_db::sessions::{self, Channel, NewSession, PrincipalKind};
use dimos_db::{citizens, throttle};
use dimos_domain::{AuditActorKind, AuditOutcome, Password, Timestamp, Username};

/// After this many consecutive failures of one account, each further failure blocks it for a
/// doubling delay (1 s, 2 s, 4 s, …) up to [`MAX_BLOCK_MS`]: slow for a guesser, never a lockout.
const ACCOUNT_FREE_FAILURES: i64 = 5;
/// The same per client address, more lenient (an office may share one address).
const ADDRESS_FREE_FAILURES: i64 = 20;
const MAX_BLOCK_MS: i64 = 15 * 60 * 1000;
/// A run of failures is forgotten after an hour without one.
pub(crate) const FORGET_AFTER_MS: i64 = 60 * 60 * 1000;

/// Only touch a session's idle expiry this often, so that reading pages is not a write each.
const TOUCH_EVERY_MS: i64 = 60 * 1000;

pub(crate) fn block_ms(failures: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = u32::try_from(failures - free).unwrap_or(u32::MAX).min(20);
    (1000_i64 << doublings).min(MAX_BLOCK_MS)
}

/// A new session, handed to the client once.
#[derive(Debug, Clone)]
pub struct LoginOutcome {
    /// The secret: a cookie value or a bearer token. Never stored, never logged.
    pub token: String,
    pub session_id: String,
    pub expires_at: Timestamp,
    pub level: dimos_domain::AssuranceLevel,
}

/// A session as the citizen sees it in «My sessions».
#[derive(Debug, Clone)]
pub struct SessionView {
    pub id: String,
    pub channel: Channel,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub client_ip: String,
    pub user_agent: String,
    pub current: bool,
}

/// The throttling key of a citizen's account: failed logins and failed current-password
/// checks count on it alike.
pub(super) fn account_key(username: &str) -> String {
    format!("citizen:{username}")
}

impl App {
    /// Counts a failed password of the account under `account_key` (see [`account_key`]).
    pub(super) async fn record_account_failure(
        &self,
        account_key: &str,
        now: Timestamp,
    ) -> Result<(), AppError> {
        throttle::record_failure(
            self.db(),
            account_key,
            now,
            now.minus_millis(FORGET_AFTER_MS),
            |f| block_ms(f, ACCOUNT_FREE_FAILURES),
        )
        .await?;
        Ok(())
    }

    /// Logs a citizen in: throttling first (so a flood costs no hashing), then the password,
    /// with the same answer and the same work for an unknown user as for a wrong password.
    pub async fn login_citizen(
        &self,
        username: &str,
        password: &str,
        channel: Channel,
        client: &ClientInfo,
    ) -> Result<LoginOutcome, AppError> {
        crate::error::require_credentials(username, password)?;
        let now = now();
        let key_username = Username::parse(username)
            .map(|u| u.as_str().to_owned())
            .unwrap_or_else(|_| username.trim().to_lowercase());
        let account_key = account_key(&key_username);
        let address_key = format!("ip:{}", client.ip);
        self.refuse_while_blocked(
            &[&account_key, &address_key],
            "citizen.login",
            &key_username,
            client,
        )
        .await?;

        let credentials = citizens::credentials(self.db(), &key_username).await?;
        let verification = match Password::parse(password) {
            Ok(password) => {
                let outcome = self
                    .settings()
                    .hasher
                    .verify(&password, credentials.as_ref().map(|(_, h)| h.as_str()))
                    .await;
                Some((password, outcome))
            }
            Err(_) => None,
        };
        let (citizen_id, password, needs_rehash) = match (credentials, verification) {
            (Some((id, _)), Some((password, Verification::Valid { needs_rehash }))) => {
                (id, password, needs_rehash)
            }
            (credentials, _) => {
                self.record_account_failure(&account_key, now).await?;
                throttle::record_failure(
                    self.db(),
                    &address_key,
                    now,
                    now.minus_millis(FORGET_AFTER_MS),
                    |f| block_ms(f, ADDRESS_FREE_FAILURES),
                )
                .await?;
                let mut entry =
                    NewAuditEntry::new(AuditActorKind::Anonymous, None, "citizen.login");
                entry.outcome = AuditOutcome::Failure;
                entry.client_ip = client.ip.clone();
                // Which account was tried is worth knowing; the password never is.
                entry.subject_citizen_id = credentials.map(|(id, _)| id);
                audit::append_alone(self.db(), &entry).await?;
                return Err(AppError::InvalidCredentials);
            }
        };
        throttle::reset(self.db(), &account_key).await?;
        let new_hash = if needs_rehash {
            Some(
                self.settings()
                    .hasher
                    .hash(&password)
                    .await
                    .map_err(|e| AppError::Internal(e.to_string()))?,
            )
        } else {
            None
        };

        let level_row = citizens::get(self.db(), &citizen_id)
            .await?
            .ok_or(AppError::InvalidCredentials)?;
        let mut tx = self.db().begin().await?;
        if let Some(hash) = &new_hash {
            citizens::set_password_hash(&mut tx, &citizen_id, hash).await?;
        }
        let (token, session_id, expires_at) = self
            .open_citizen_session(&mut tx, &citizen_id, channel, client, now)
            .await?;
        let mut entry = citizen_audit(&citizen_id, "citizen.login", client);
        entry.details = serde_json::json!({ "channel": channel.as_str() }).to_string();
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        let level = level_row.level;
        Ok(LoginOutcome {
            token,
            session_id,
            expires_at,
            level,
        })
    }

    /// A new session for the citizen, in the caller's transaction: the token (handed to the
    /// client once, only its hash stored), the session's public id, and when it ends.
    pub(crate) async fn open_citizen_session(
        &self,
        conn: &mut sqlx::AnyConnection,
        citizen_id: &str,
        channel: Channel,
        client: &ClientInfo,
        now: Timestamp,
    ) -> Result<(String, String, Timestamp), AppError> {
        let token = random_token();
        let session_id = random_handle();
        let expires_at = now.plus_millis(duration_ms(self.settings().session_max));
        sessions::insert(
            conn,
            &NewSession {
                token_hash: &token_hash(&token),
                id: &session_id,
                principal_kind: PrincipalKind::Citizen,
                principal_id: citizen_id,
                channel,
                csrf_token: &random_token(),
                now,
                idle_expires_at: now
                    .plus_millis(duration_ms(self.settings().session_idle))
                    .min(expires_at),
                expires_at,
                client_ip: &client.ip,
                user_agent: &truncate(&client.user_agent, 200),
            },
        )
        .await?;
        Ok((token, session_id, expires_at))
    }

    /// The citizen behind a session token, if the session is live; keeps it alive.
    pub async fn citizen_session(
        &self,
        token: &str,
        channel: Channel,
    ) -> Result<Option<CitizenPrincipal>, AppError> {
        let now = now();
        let Some(session) = sessions::find_live(
            self.db(),
            &token_hash(token),
            PrincipalKind::Citizen,
            channel,
            now,
        )
        .await?
        else {
            return Ok(None);
        };
        let Some(citizen) = citizens::get(self.db(), &session.principal_id).await? else {
            return Ok(None);
        };
        if now.millis_since(session.last_seen_at) > TOUCH_EVERY_MS {
            sessions::touch(
                self.db(),
                &session.id,
                now,
                now.plus_millis(duration_ms(self.settings().session_idle)),
            )
            .await?;
        }
        Ok(Some(CitizenPrincipal {
            id: citizen.id,
            username: citizen.username,
            level: citizen.level,
            // A walk-in registered without an address has nothing to confirm.
            email_confirmed: citizen.email_confirmed_at.is_some() || citizen.email.is_empty(),
            session_id: session.id,
            csrf_token: session.csrf_token,
        }))
    }

    /// Ends the session the request came with; its token stops working at once.
    pub async fn logout_citizen(
        &self,
        who: &CitizenPrincipal,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let mut tx = self.db().begin().await?;
        sessions::delete(&mut tx, PrincipalKind::Citizen, &who.id, &who.session_id).await?;
        audit::append(&mut tx, &citizen_audit(&who.id, "citizen.logout", client)).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn citizen_sessions(
        &self,
        who: &CitizenPrincipal,
    ) -> Result<Vec<SessionView>, AppError> {
        let list = sessions::list_live(self.db(), PrincipalKind::Citizen, &who.id, now()).await?;
        Ok(list
            .into_iter()
            .map(|s| SessionView {
                current: s.id == who.session_id,
                id: s.id,
                channel: s.channel,
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                client_ip: s.client_ip,
                user_agent: s.user_agent,
            })
            .collect())
    }

    /// Ends one of the citizen's own sessions (another citizen's id is simply not found).
    pub async fn end_citizen_session(
        &self,
        who: &CitizenPrincipal,
        session_id: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let mut tx = self.db().begin().await?;
        if !sessions::delete(&mut tx, PrincipalKind::Citizen, &who.id, session_id).await? {
            return Err(AppError::NotFound);
        }
        audit::append(
            &mut tx,
            &citizen_audit(&who.id, "citizen.session_ended", client),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends every session of the citizen but the current one; returns how many ended.
    pub async fn end_other_citizen_sessions(
        &self,
        who: &CitizenPrincipal,
        client: &ClientInfo,
    ) -> Result<u64, AppError> {
        let mut tx = self.db().begin().await?;
        let ended = sessions::delete_all_but(
            &mut tx,
            PrincipalKind::Citizen,
            &who.id,
            Some(&who.session_id),
        )
        .await?;
        let mut entry = citizen_audit(&who.id, "citizen.sessions_ended", client);
        entry.details = serde_json::json!({ "ended": ended }).to_string();
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(ended)
    }
}

pub(super) fn duration_ms(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn truncate(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_the_free_failures_double_and_are_capped() {
        assert_eq!(block_ms(4, 5), 0);
        assert_eq!(block_ms(5, 5), 1000);
        assert_eq!(block_ms(6, 5), 2000);
        assert_eq!(block_ms(9, 5), 16_000);
        assert_eq!(block_ms(100, 5), MAX_BLOCK_MS);
        assert_eq!(block_ms(19, 20), 0);
        assert_eq!(block_ms(20, 20), 1000);
    }
}
