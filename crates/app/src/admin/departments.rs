//! Departments: create, rename, show or hide in the public catalogue, delete when unused.

use super::{NAME_MAX, admin_entry, code_taken, fields, require_admin};
use crate::staff::StaffPrincipal;
use crate::{App, AppError, ClientInfo, FieldCheck};
use dimos_db::admin::{self, DepartmentRecord, DepartmentUsage};
use dimos_db::audit;
use dimos_db::catalogue;
use serde_json::json;

/// Longest department code: `[a-z][a-z0-9_]{1,31}`.
const CODE_MAX: usize = 32;

/// A department as the form sends it. On an edit the code is not changed (it is the key that
/// requests, services, offices and staff refer to).
#[derive(Debug, Clone, Default)]
pub struct DepartmentForm {
    pub code: String,
    pub name_el: String,
    pub name_en: String,
}

/// What became of a request to delete a department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DepartmentDeletion {
    Deleted,
    /// Still referred to; nothing was changed.
    Refused(DepartmentUsage),
}

fn names(check: &mut FieldCheck, form: &DepartmentForm) -> (String, String) {
    (
        fields::required_line(check, "name_el", &form.name_el, NAME_MAX),
        fields::required_line(check, "name_en", &form.name_en, NAME_MAX),
    )
}

impl App {
    /// Every department, active or not.
    pub async fn admin_departments(
        &self,
        admin: &StaffPrincipal,
    ) -> Result<Vec<DepartmentRecord>, AppError> {
        require_admin(admin)?;
        Ok(admin::departments(self.db()).await?)
    }

    pub async fn admin_department(
        &self,
        admin: &StaffPrincipal,
        code: &str,
    ) -> Result<DepartmentRecord, AppError> {
        require_admin(admin)?;
        admin::department(self.db(), code)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Adds an active department.
    pub async fn create_department(
        &self,
        admin: &StaffPrincipal,
        form: &DepartmentForm,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        require_admin(admin)?;
        let mut check = FieldCheck::default();
        let code = fields::code(&mut check, "code", &form.code, CODE_MAX);
        let (name_el, name_en) = names(&mut check, form);
        check.finish()?;
        let record = DepartmentRecord {
            code,
            name_el,
            name_en,
            active: true,
        };
        let mut tx = self.db().begin().await?;
        admin::insert_department(&mut tx, &record)
            .await
            .map_err(code_taken)?;
        let details = json!({ "name_el": record.name_el, "name_en": record.name_en });
        let entry = admin_entry(
            admin,
            "admin.department_created",
            "department",
            &record.code,
            details,
            client,
        );
        audit::append(&mut tx, &entry).await?;
        catalogue::changed(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Renames a department (its code stays).
    pub async fn update_department(
        &self,
        admin: &StaffPrincipal,
        code: &str,
        form: &DepartmentForm,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        require_admin(admin)?;
        let mut check = FieldCheck::default();
        let (name_el, name_en) = names(&mut check, form);
        check.finish()?;
        let mut tx = self.db().begin().await?;
        if !admin::rename_department(&mut tx, code, &name_el, &name_en).await? {
            return Err(AppError::NotFound);
        }
        let details = json!({ "name_el": name_el, "name_en": name_en });
        let entry = admin_entry(
            admin,
            "admin.department_updated",
            "department",
            code,
            details,
            client,
        );
        audit::append(&mut tx, &entry).await?;
        catalogue::changed(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Shows (`active`) or hides a department in the public catalogue.
    pub async fn set_department_active(
        &self,
        admin: &StaffPrincipal,
        code: &str,
        active: bool,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        require_admin(admin)?;
        let mut tx = self.db().begin().await?;
        if !admin::set_department_active(&mut tx, code, active).await? {
            return Err(AppError::NotFound);
        }
        let action = if active {
            "admin.department_activated"
        } else {
            "admin.department_deactivated"
        };
        let entry = admin_entry(admin, action, "department", code, json!({}), client);
        audit::append(&mut tx, &entry).await?;
        catalogue::changed(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a department nothing refers to; otherwise refuses and says what still does
    /// (deactivating it is the way to retire a department with a history).
    pub async fn delete_department(
        &self,
        admin: &StaffPrincipal,
        code: &str,
        client: &ClientInfo,
    ) -> Result<DepartmentDeletion, AppError> {
        require_admin(admin)?;
        if admin::department(self.db(), code).await?.is_none() {
            return Err(AppError::NotFound);
        }
        let mut tx = self.db().begin().await?;
        let usage = admin::department_usage(&mut tx, code).await?;
        if !usage.is_unused() {
            return Ok(DepartmentDeletion::Refused(usage));
        }
        admin::delete_department(&mut tx, code).await?;
        let entry = admin_entry(
            admin,
            "admin.department_deleted",
            "department",
            code,
            json!({}),
            client,
        );
        audit::append(&mut tx, &entry).await?;
        catalogue::changed(&mut tx).await?;
        tx.commit().await?;
        Ok(DepartmentDeletion::Deleted)
    }
}
