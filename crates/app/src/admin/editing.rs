//! Departments, offices and services are edited the same way, written once here: list them,
//! read one, add one from a form, edit one from a form, show or hide one. Each use case admits
//! admins only, checks the whole form before it writes, and writes the change, its audit entry
//! and the catalogue's new version in one transaction.

use super::{admin_entry, code_taken, commit_change, fields, require_admin};
use crate::staff::StaffPrincipal;
use crate::{App, AppError, ClientInfo, FieldCheck};
use dimos_db::admin::{self, Catalogued};
use dimos_db::staff::known_departments;
use serde_json::json;

/// What the audit entries of one kind of row say: their `target_kind` and actions.
pub struct Audit {
    pub kind: &'static str,
    pub created: &'static str,
    pub updated: &'static str,
    pub activated: &'static str,
    pub deactivated: &'static str,
}

/// The [`Audit`] of the rows of `kind`: `admin.<kind>_created`, `admin.<kind>_updated`,
/// `admin.<kind>_activated` and `admin.<kind>_deactivated`.
macro_rules! audit {
    ($kind:literal) => {
        $crate::admin::Audit {
            kind: $kind,
            created: concat!("admin.", $kind, "_created"),
            updated: concat!("admin.", $kind, "_updated"),
            activated: concat!("admin.", $kind, "_activated"),
            deactivated: concat!("admin.", $kind, "_deactivated"),
        }
    };
}
pub(super) use audit;

/// A kind of catalogue row the administration edits, and what its audit entries say.
pub trait Edited: Catalogued {
    const AUDIT: Audit;
    /// What the audit entry of an added or edited row records of it.
    fn details(&self) -> serde_json::Value;
}

/// A form that adds or edits one kind of row. On an edit the code is not changed (it is the
/// key that other rows refer to).
pub trait EditForm: Sync {
    type Record: Edited;
    /// Longest code of a new row.
    const CODE_MAX: usize;
    /// The code typed for a new row.
    fn code(&self) -> &str;
    /// Checks every other field (`departments`: the codes of the departments there are); the
    /// row to store, meaningful only when the check found nothing.
    fn record(&self, code: String, check: &mut FieldCheck, departments: &[String]) -> Self::Record;
}

impl App {
    /// Every row of a kind, active or not, in catalogue order.
    pub async fn admin_records<R: Edited>(
        &self,
        admin: &StaffPrincipal,
    ) -> Result<Vec<R>, AppError> {
        require_admin(admin)?;
        Ok(admin::records(self.db()).await?)
    }

    pub async fn admin_record<R: Edited>(
        &self,
        admin: &StaffPrincipal,
        code: &str,
    ) -> Result<R, AppError> {
        require_admin(admin)?;
        admin::record(self.db(), code)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Adds a row from its form (offices and departments start active; a service says).
    pub async fn create_record<F: EditForm>(
        &self,
        admin: &StaffPrincipal,
        form: &F,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        self.save_record(admin, None, form, client).await
    }

    /// Replaces what the form holds of the row `code`.
    pub async fn update_record<F: EditForm>(
        &self,
        admin: &StaffPrincipal,
        code: &str,
        form: &F,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        self.save_record(admin, Some(code), form, client).await
    }

    /// `code`: the row edited; `None` adds one under the code typed.
    async fn save_record<F: EditForm>(
        &self,
        admin: &StaffPrincipal,
        code: Option<&str>,
        form: &F,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        require_admin(admin)?;
        let mut check = FieldCheck::default();
        let typed = match code {
            Some(code) => code.to_owned(),
            None => fields::code(&mut check, "code", form.code(), F::CODE_MAX),
        };
        let departments = known_departments(self.db()).await?;
        let record = form.record(typed, &mut check, &departments);
        check.finish()?;
        let audit = <F::Record as Edited>::AUDIT;
        let mut tx = self.db().begin().await?;
        let action = if code.is_none() {
            admin::insert(&mut tx, &record).await.map_err(code_taken)?;
            audit.created
        } else if admin::update(&mut tx, &record).await? {
            audit.updated
        } else {
            return Err(AppError::NotFound);
        };
        let (code, _) = record.key();
        let entry = admin_entry(admin, action, audit.kind, code, record.details(), client);
        commit_change(tx, &entry, true).await
    }

    /// Shows (`active`) or hides a row: only active ones are offered to the public.
    pub async fn set_record_active<R: Edited>(
        &self,
        admin: &StaffPrincipal,
        code: &str,
        active: bool,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        require_admin(admin)?;
        let mut tx = self.db().begin().await?;
        if !admin::set_active::<R>(&mut tx, code, active).await? {
            return Err(AppError::NotFound);
        }
        let action = if active {
            R::AUDIT.activated
        } else {
            R::AUDIT.deactivated
        };
        let entry = admin_entry(admin, action, R::AUDIT.kind, code, json!({}), client);
        commit_change(tx, &entry, true).await
    }
}
