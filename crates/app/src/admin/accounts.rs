//! Staff accounts from the administration pages: the command line's use cases (creating,
//! disabling, resetting the one-time-code secret) behind the admin check, and ending a member's
//! sessions.

use super::{admin_entry, commit_change, require_admin};
use crate::staff::{NewStaffMember, StaffCreated, StaffPrincipal};
use crate::{App, AppError, ClientInfo};
use dimos_db::sessions::{self, PrincipalKind};
use dimos_db::staff::{self, StaffMember};
use serde_json::json;

impl App {
    pub async fn admin_staff_member(
        &self,
        admin: &StaffPrincipal,
        id: &str,
    ) -> Result<StaffMember, AppError> {
        require_admin(admin)?;
        staff::get(self.db(), id).await?.ok_or(AppError::NotFound)
    }

    /// Creates an account; the TOTP provisioning URI in the answer is shown once.
    pub async fn create_staff_member(
        &self,
        admin: &StaffPrincipal,
        new: &NewStaffMember,
        client: &ClientInfo,
    ) -> Result<StaffCreated, AppError> {
        require_admin(admin)?;
        self.add_staff(Some(admin), new, client).await
    }

    /// Disables (ending every session at once) or re-enables an account. An admin cannot
    /// disable themselves.
    pub async fn set_staff_member_disabled(
        &self,
        admin: &StaffPrincipal,
        id: &str,
        disabled: bool,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let member = self.admin_staff_member(admin, id).await?;
        self.set_staff_disabled(Some(admin), &member.username, disabled, client)
            .await
    }

    /// A new one-time-code secret for a member who lost their device (their sessions end);
    /// returns the provisioning URI, shown once.
    pub async fn reset_staff_member_totp(
        &self,
        admin: &StaffPrincipal,
        id: &str,
        client: &ClientInfo,
    ) -> Result<String, AppError> {
        let member = self.admin_staff_member(admin, id).await?;
        self.reset_staff_totp(Some(admin), &member.username, client)
            .await
    }

    /// Ends every session of a member (pages and API); an admin ending their own keeps the one
    /// they act from. Returns how many ended.
    pub async fn end_staff_sessions(
        &self,
        admin: &StaffPrincipal,
        id: &str,
        client: &ClientInfo,
    ) -> Result<u64, AppError> {
        let member = self.admin_staff_member(admin, id).await?;
        let keep = (member.id == admin.id).then_some(admin.session_id.as_str());
        let mut tx = self.db().begin().await?;
        let ended =
            sessions::delete_all_but(&mut tx, PrincipalKind::Staff, &member.id, keep).await?;
        let entry = admin_entry(
            admin,
            "admin.staff_sessions_ended",
            "staff",
            &member.id,
            json!({ "username": member.username, "sessions": ended }),
            client,
        );
        commit_change(tx, &entry, false).await?;
        Ok(ended)
    }
}
