//! Creating and managing staff accounts (from the command line and the admin pages).

use super::{StaffPrincipal, staff_audit, totp};
use crate::passwords::{PasswordContext, check_policy};
use crate::{App, AppError, ClientInfo, FieldCheck};
use dimos_db::audit::{self, NewAuditEntry};
use dimos_db::sessions::{self, PrincipalKind};
use dimos_db::staff::{self, NewStaff};
use dimos_domain::{AuditActorKind, Password, StaffRole, Username};

/// A new member of staff as asked for.
#[derive(Debug, Clone)]
pub struct NewStaffMember {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub roles: Vec<StaffRole>,
    pub departments: Vec<String>,
}

/// A created account and its TOTP provisioning URI, shown once.
#[derive(Debug, Clone)]
pub struct StaffCreated {
    pub id: String,
    pub otpauth_uri: String,
}

/// Who asks for an account change: the command line (the operator at the server) or an admin.
fn actor_entry(
    by: Option<&StaffPrincipal>,
    action: &'static str,
    client: &ClientInfo,
) -> NewAuditEntry {
    match by {
        Some(admin) => staff_audit(&admin.id, action, client),
        None => NewAuditEntry::new(AuditActorKind::System, Some("cli".into()), action),
    }
}

/// The command line may do anything; a member of staff only if they are an admin.
fn may_manage(by: Option<&StaffPrincipal>) -> Result<(), AppError> {
    match by {
        Some(who) if !who.is_admin() => Err(AppError::Forbidden),
        _ => Ok(()),
    }
}

impl App {
    fn issuer(&self) -> String {
        format!("{} dimos", self.settings().municipality_el)
    }

    /// Checks roles against departments: a clerk needs at least one, and every code must exist.
    async fn check_assignment(
        &self,
        check: &mut FieldCheck,
        roles: &[StaffRole],
        departments: &[String],
    ) -> Result<(), AppError> {
        if roles.is_empty() {
            check.add("roles", "required");
        }
        let known = staff::known_departments(self.db()).await?;
        if departments.iter().any(|d| !known.contains(d)) {
            check.add("departments", "unknown_department");
        }
        if roles.contains(&StaffRole::Clerk) && departments.is_empty() {
            check.add("departments", "required_for_clerk");
        }
        Ok(())
    }

    /// Creates a staff account with a fresh TOTP secret. `by` is the admin, or `None` for the
    /// command line. Nothing is created unless everything is valid.
    pub async fn add_staff(
        &self,
        by: Option<&StaffPrincipal>,
        new: &NewStaffMember,
        client: &ClientInfo,
    ) -> Result<StaffCreated, AppError> {
        may_manage(by)?;
        let mut check = FieldCheck::default();
        let username = check.take("username", Username::parse(&new.username));
        let password = check.take("password", Password::parse(&new.password));
        let display_name = new.display_name.trim();
        if display_name.chars().count() > 100 {
            check.add("display_name", "too_long");
        }
        if let (Some(username), Some(password)) = (&username, &password) {
            let context = PasswordContext {
                username: username.as_str(),
                given_name: display_name,
                family_name: "",
                email: "",
                tax_number: None,
            };
            if let Err(e) = check_policy(password, &context) {
                check.add("password", e.code());
            }
        }
        self.check_assignment(&mut check, &new.roles, &new.departments)
            .await?;
        check.finish()?;
        let (Some(username), Some(password)) = (username, password) else {
            unreachable!("checked")
        };
        if staff::find_by_username(self.db(), username.as_str())
            .await?
            .is_some()
        {
            return Err(AppError::UsernameTaken);
        }
        let hash = self.hash_password(&password).await?;
        let secret = totp::new_secret();
        let id = uuid::Uuid::now_v7().to_string();
        let roles: Vec<String> = new.roles.iter().map(|r| r.as_str().to_owned()).collect();
        let mut tx = self.db().begin().await?;
        let inserted = staff::insert(
            &mut tx,
            &NewStaff {
                id: &id,
                username: username.as_str(),
                display_name: if display_name.is_empty() {
                    username.as_str()
                } else {
                    display_name
                },
                password_hash: &hash,
                totp_secret_enc: &self.settings().secrets.seal(&secret),
                roles: &roles,
                departments: &new.departments,
            },
        )
        .await;
        match inserted {
            Err(e) if e.is_unique_violation() => return Err(AppError::UsernameTaken),
            other => other?,
        }
        let mut entry = actor_entry(by, "staff.created", client);
        entry.target_kind = Some("staff");
        entry.target_id = Some(id.clone());
        entry.details = serde_json::json!({ "username": username.as_str(), "roles": roles, "departments": new.departments }).to_string();
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        let otpauth_uri = totp::provisioning_uri(&secret, &self.issuer(), username.as_str())
            .ok_or_else(|| AppError::Internal("cannot build the otpauth URI".into()))?;
        Ok(StaffCreated { id, otpauth_uri })
    }

    /// Disables (or re-enables) an account; disabling ends its sessions at once.
    pub async fn set_staff_disabled(
        &self,
        by: Option<&StaffPrincipal>,
        username: &str,
        disabled: bool,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        may_manage(by)?;
        let member = staff::find_by_username(self.db(), username.trim())
            .await?
            .ok_or(AppError::NotFound)?;
        if by.is_some_and(|admin| admin.id == member.id) && disabled {
            return Err(AppError::field("username", "cannot_disable_self"));
        }
        let mut tx = self.db().begin().await?;
        staff::set_disabled(&mut tx, &member.id, disabled).await?;
        if disabled {
            sessions::delete_all_but(&mut tx, PrincipalKind::Staff, &member.id, None).await?;
        }
        let mut entry = actor_entry(
            by,
            if disabled {
                "staff.disabled"
            } else {
                "staff.enabled"
            },
            client,
        );
        entry.target_kind = Some("staff");
        entry.target_id = Some(member.id.clone());
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A new TOTP secret for a member who lost their device; ends their sessions. Returns the
    /// new provisioning URI, shown once.
    pub async fn reset_staff_totp(
        &self,
        by: Option<&StaffPrincipal>,
        username: &str,
        client: &ClientInfo,
    ) -> Result<String, AppError> {
        may_manage(by)?;
        let member = staff::find_by_username(self.db(), username.trim())
            .await?
            .ok_or(AppError::NotFound)?;
        let secret = totp::new_secret();
        let mut tx = self.db().begin().await?;
        staff::set_totp_secret(&mut tx, &member.id, &self.settings().secrets.seal(&secret)).await?;
        sessions::delete_all_but(&mut tx, PrincipalKind::Staff, &member.id, None).await?;
        let mut entry = actor_entry(by, "staff.totp_reset", client);
        entry.target_kind = Some("staff");
        entry.target_id = Some(member.id.clone());
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        totp::provisioning_uri(&secret, &self.issuer(), &member.username)
            .ok_or_else(|| AppError::Internal("cannot build the otpauth URI".into()))
    }

    /// Replaces a member's roles and departments (admins only).
    pub async fn set_staff_roles(
        &self,
        admin: &StaffPrincipal,
        staff_id: &str,
        roles: &[StaffRole],
        departments: &[String],
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        if !admin.is_admin() {
            return Err(AppError::Forbidden);
        }
        let member = staff::get(self.db(), staff_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut check = FieldCheck::default();
        self.check_assignment(&mut check, roles, departments)
            .await?;
        if admin.id == member.id && !roles.contains(&StaffRole::Admin) {
            check.add("roles", "cannot_drop_own_admin");
        }
        check.finish()?;
        let roles: Vec<String> = roles.iter().map(|r| r.as_str().to_owned()).collect();
        let mut tx = self.db().begin().await?;
        staff::set_roles(&mut tx, &member.id, &roles, departments).await?;
        let mut entry = staff_audit(&admin.id, "staff.roles_changed", client);
        entry.target_kind = Some("staff");
        entry.target_id = Some(member.id.clone());
        entry.details =
            serde_json::json!({ "roles": roles, "departments": departments }).to_string();
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn staff_members(
        &self,
        admin: &StaffPrincipal,
    ) -> Result<Vec<staff::StaffMember>, AppError> {
        if !admin.is_admin() {
            return Err(AppError::Forbidden);
        }
        Ok(staff::list(self.db()).await?)
    }
}
