//! Departments: create, rename, show or hide in the public catalogue, delete when unused.

use super::{
    Audit, EditForm, Edited, NAME_MAX, admin_entry, audit, commit_change, fields, require_admin,
};
use crate::staff::StaffPrincipal;
use crate::{App, AppError, ClientInfo, FieldCheck};
use dimos_db::admin::{self, DepartmentRecord, DepartmentUsage};
use serde_json::json;

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

impl Edited for DepartmentRecord {
    const AUDIT: Audit = audit!("department");

    fn details(&self) -> serde_json::Value {
        json!({ "name_el": self.name_el, "name_en": self.name_en })
    }
}

/// A new department is active; an edit renames it. Shown or hidden, a department is in the
/// public catalogue or not.
impl EditForm for DepartmentForm {
    type Record = DepartmentRecord;
    /// `[a-z][a-z0-9_]{1,31}`.
    const CODE_MAX: usize = 32;

    fn code(&self) -> &str {
        &self.code
    }

    fn record(&self, code: String, check: &mut FieldCheck, _: &[String]) -> DepartmentRecord {
        DepartmentRecord {
            code,
            name_el: fields::required_line(check, "name_el", &self.name_el, NAME_MAX),
            name_en: fields::required_line(check, "name_en", &self.name_en, NAME_MAX),
            active: true,
        }
    }
}

impl App {
    /// Deletes a department nothing refers to; otherwise refuses and says what still does
    /// (deactivating it is the way to retire a department with a history).
    pub async fn delete_department(
        &self,
        admin: &StaffPrincipal,
        code: &str,
        client: &ClientInfo,
    ) -> Result<DepartmentDeletion, AppError> {
        require_admin(admin)?;
        if admin::record::<DepartmentRecord>(self.db(), code)
            .await?
            .is_none()
        {
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
        commit_change(tx, &entry, true).await?;
        Ok(DepartmentDeletion::Deleted)
    }
}
