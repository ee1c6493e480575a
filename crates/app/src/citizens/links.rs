//! Single-use links by e-mail: confirming the address (48 h) and resetting the password (30 min).
//! Links are built from the configured public URL only, never from the request's Host.

use super::citizen_audit;
use super::mails::AccountMail;
use crate::mail::queue;
use crate::tokens::{random_token, token_hash};
use crate::{App, AppError, ClientInfo, FieldCheck};
use dimos_db::audit::{self, NewAuditEntry};
use dimos_db::citizens::{self, TokenPurpose};
use dimos_db::clock::now;
use dimos_db::sessions::{self, PrincipalKind};
use dimos_domain::{AuditActorKind, Email, Password};
use sqlx::AnyConnection;

const CONFIRMATION_VALIDITY_MS: i64 = 48 * 60 * 60 * 1000;
/// At most this many link mails per address (or account) an hour, so the forms cannot be used
/// to flood someone's inbox; beyond it the answer stays the same and nothing is sent.
const LINK_MAILS_PER_HOUR: i64 = 3;
const HOUR_MS: i64 = 60 * 60 * 1000;
const RESET_VALIDITY_MS: i64 = 30 * 60 * 1000;

impl App {
    pub(crate) fn municipality(&self) -> (&str, &str) {
        (
            &self.settings().municipality_el,
            &self.settings().municipality_en,
        )
    }

    /// Makes a confirmation link for `email` and queues the mail, in the caller's transaction.
    pub(crate) async fn queue_email_confirmation(
        &self,
        conn: &mut AnyConnection,
        citizen_id: &str,
        email: &str,
        given_name: &str,
    ) -> Result<(), AppError> {
        let token = random_token();
        let expires_at = now().plus_millis(CONFIRMATION_VALIDITY_MS);
        citizens::insert_token(
            conn,
            &token_hash(&token),
            citizen_id,
            TokenPurpose::ConfirmEmail,
            email,
            expires_at,
        )
        .await?;
        let link = format!("{}/confirm-email?token={token}", self.settings().public_url);
        queue(
            conn,
            &AccountMail::EmailConfirmation { link: &link }.to(
                email,
                given_name,
                self.municipality(),
            )?,
        )
        .await?;
        Ok(())
    }

    /// Confirms the address a link was sent to. A used, expired or unknown token is a field error.
    pub async fn confirm_email(&self, token: &str, client: &ClientInfo) -> Result<(), AppError> {
        let mut tx = self.db().begin().await?;
        let Some((citizen_id, email)) = citizens::use_token(
            &mut tx,
            &token_hash(token.trim()),
            TokenPurpose::ConfirmEmail,
        )
        .await?
        else {
            return Err(AppError::field("token", "invalid_or_expired"));
        };
        if !citizens::confirm_email(&mut tx, &citizen_id, &email).await? {
            // The account's address changed since the link was sent.
            return Err(AppError::field("token", "invalid_or_expired"));
        }
        audit::append(
            &mut tx,
            &citizen_audit(&citizen_id, "citizen.email_confirmed", client),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sends a fresh confirmation link to the account's current address. Throttled per client address like every mail-sending form.
    pub async fn resend_email_confirmation(
        &self,
        citizen_id: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let citizen = citizens::get(self.db(), citizen_id)
            .await?
            .ok_or(AppError::NotFound)?;
        // Confirmed already, or a walk-in without an address: nothing to send.
        if citizen.email_confirmed_at.is_some() || citizen.email.is_empty() {
            return Ok(());
        }
        self.mail_form_allowed("citizen.confirmation_resent", client)
            .await?;
        let mut tx = self.db().begin().await?;
        self.queue_email_confirmation(&mut tx, &citizen.id, &citizen.email, &citizen.given_name)
            .await?;
        tx.commit().await?;
        self.count_mail_form(client).await?;
        Ok(())
    }

    /// Mails a reset link to every account with this address. The answer is the same whether
    /// or not there is one, so it tells nobody which addresses are registered.
    pub async fn request_password_reset(
        &self,
        email: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let Ok(email) = Email::parse(email) else {
            return Err(AppError::field("email", "invalid_format"));
        };
        // Per client address first (a 429 tells nothing about the address asked for), then
        // per e-mail address (silently: the answer stays the same).
        self.mail_form_allowed("citizen.password_reset_requested", client)
            .await?;
        self.count_mail_form(client).await?;
        if self
            .link_mails_exhausted(&format!("mail:reset:{}", email.as_str().to_lowercase()))
            .await?
        {
            let mut entry = NewAuditEntry::new(
                AuditActorKind::Anonymous,
                None,
                "citizen.password_reset_requested",
            );
            entry.outcome = dimos_domain::AuditOutcome::Denied;
            entry.client_ip = client.ip.clone();
            entry.details = serde_json::json!({ "reason": "throttled" }).to_string();
            audit::append_alone(self.db(), &entry).await?;
            return Ok(());
        }
        let ids = citizens::ids_by_email(self.db(), email.as_str()).await?;
        let mut tx = self.db().begin().await?;
        for id in &ids {
            let Some(citizen) = citizens::get(self.db(), id).await? else {
                continue;
            };
            let token = random_token();
            citizens::insert_token(
                &mut tx,
                &token_hash(&token),
                id,
                TokenPurpose::ResetPassword,
                &citizen.email,
                now().plus_millis(RESET_VALIDITY_MS),
            )
            .await?;
            let link = format!(
                "{}/password-reset/confirm?token={token}",
                self.settings().public_url
            );
            queue(
                &mut tx,
                &AccountMail::PasswordReset {
                    username: &citizen.username,
                    link: &link,
                }
                .to(&citizen.email, &citizen.given_name, self.municipality())?,
            )
            .await?;
            audit::append(
                &mut tx,
                &citizen_audit(id, "citizen.password_reset_requested", client),
            )
            .await?;
        }
        if ids.is_empty() {
            let mut entry = NewAuditEntry::new(
                AuditActorKind::Anonymous,
                None,
                "citizen.password_reset_requested",
            );
            entry.outcome = dimos_domain::AuditOutcome::Failure;
            entry.client_ip = client.ip.clone();
            audit::append(&mut tx, &entry).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Counts one more link mail for `key`; whether the hourly allowance is used up.
    async fn link_mails_exhausted(&self, key: &str) -> Result<bool, AppError> {
        let now = now();
        let sent = dimos_db::throttle::record_failure(
            self.db(),
            key,
            now,
            now.minus_millis(HOUR_MS),
            |_| 0,
        )
        .await?;
        Ok(sent > LINK_MAILS_PER_HOUR)
    }

    /// Sets a new password with a reset link; ends every session of the account.
    pub async fn reset_password(
        &self,
        token: &str,
        new_password: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let mut check = FieldCheck::default();
        let password = check.take("new_password", Password::parse(new_password));
        check.finish()?;
        let password = password.expect("parsed when the check passed");
        // Look first, use last: a password the policy refuses must not burn the link, and the
        // slow hashing must not hold a transaction open.
        let hash = token_hash(token.trim());
        let Some(citizen_id) =
            citizens::peek_token(self.db(), &hash, TokenPurpose::ResetPassword).await?
        else {
            return Err(AppError::field("token", "invalid_or_expired"));
        };
        let citizen = citizens::get(self.db(), &citizen_id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.check_password_policy(&password, &citizen)
            .map_err(|e| e.renamed_field("password", "new_password"))?;
        let password_hash = self
            .settings()
            .hasher
            .hash(&password)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let mut tx = self.db().begin().await?;
        if citizens::use_token(&mut tx, &hash, TokenPurpose::ResetPassword)
            .await?
            .is_none()
        {
            return Err(AppError::field("token", "invalid_or_expired"));
        }
        citizens::set_password_hash(&mut tx, &citizen_id, &password_hash).await?;
        sessions::delete_all_but(&mut tx, PrincipalKind::Citizen, &citizen_id, None).await?;
        audit::append(
            &mut tx,
            &citizen_audit(&citizen_id, "citizen.password_reset", client),
        )
        .await?;
        queue(
            &mut tx,
            &AccountMail::PasswordChanged.to(
                &citizen.email,
                &citizen.given_name,
                self.municipality(),
            )?,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
