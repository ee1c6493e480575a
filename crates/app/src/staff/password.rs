//! A member of staff changes their own password: the current password and a one-time code,
//! checked and throttled as at login; the new one through the policy.

use super::{StaffPrincipal, staff_audit};
use crate::passwords::{PasswordContext, check_policy};
use crate::{App, AppError, ClientInfo, FieldCheck};
use dimos_db::audit;
use dimos_db::sessions::{self, PrincipalKind};
use dimos_db::staff;
use dimos_domain::Password;

/// A change of one's own password, unparsed.
#[derive(Debug, Clone, Default)]
pub struct StaffPasswordChange {
    pub current_password: String,
    pub new_password: String,
    pub totp: String,
}

impl App {
    /// Changes `who`'s password. The new one must pass the policy (422 `new_password`); the
    /// current password and a fresh one-time code are checked as at login (401
    /// `InvalidCredentials`, counted towards the account's throttling; 429 once blocked). Every
    /// other session of the member ends; the current one stays. Audited.
    pub async fn change_staff_password(
        &self,
        who: &StaffPrincipal,
        change: &StaffPasswordChange,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let mut check = FieldCheck::default();
        if change.current_password.is_empty() {
            check.add("current_password", "required");
        }
        if change.totp.trim().is_empty() {
            check.add("totp", "required");
        }
        let password = check.take("new_password", Password::parse(&change.new_password));
        if let Some(password) = &password {
            let context = PasswordContext {
                username: &who.username,
                given_name: &who.display_name,
                family_name: "",
                email: "",
                tax_number: None,
            };
            if let Err(e) = check_policy(password, &context) {
                check.add("new_password", e.code());
            }
        }
        check.finish()?;
        let password = password.expect("parsed when the check passed");
        let now = dimos_db::clock::now();
        self.check_staff_credentials(
            &who.username,
            &change.current_password,
            change.totp.trim(),
            "staff.password_change",
            client,
            now,
        )
        .await?;
        let hash = self.hash_password(&password).await?;
        let mut tx = self.db().begin().await?;
        staff::set_password_hash(&mut tx, &who.id, &hash).await?;
        let ended = sessions::delete_all_but(
            &mut tx,
            PrincipalKind::Staff,
            &who.id,
            Some(&who.session_id),
        )
        .await?;
        let mut entry = staff_audit(&who.id, "staff.password_changed", client);
        entry.details = serde_json::json!({ "other_sessions_ended": ended }).to_string();
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(())
    }
}
