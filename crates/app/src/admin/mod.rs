//! Administration: departments, offices, the service catalogue, staff accounts and the
//! municipality's settings. Every use case here admits admins only (and says so itself, whatever
//! the web layer checked), validates the whole form before it writes, and writes the change and
//! its audit entry in one transaction.

mod accounts;
mod departments;
mod editing;
mod euro;
mod fields;
mod hours;
mod offices;
mod services;
mod settings;

pub use departments::{DepartmentDeletion, DepartmentForm};
use editing::audit;
pub use editing::{Audit, EditForm, Edited};
pub use euro::{EuroError, euro_input, parse_euro};
pub use hours::{Interval, IntervalError, interval_input, parse_interval};
pub use offices::{HoursField, OfficeForm, hours_field};
pub use services::ServiceForm;
pub use settings::{MunicipalitySettings, MunicipalitySettingsForm};

use crate::staff::{StaffPrincipal, staff_audit};
use crate::{AppError, ClientInfo};
use dimos_db::audit::{self, NewAuditEntry};
use dimos_db::catalogue;

/// Longest name of a department, office or service, in characters.
const NAME_MAX: usize = 200;

fn require_admin(admin: &StaffPrincipal) -> Result<(), AppError> {
    if admin.is_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The audit entry of an admin's change to one thing.
fn admin_entry(
    admin: &StaffPrincipal,
    action: &'static str,
    target_kind: &'static str,
    target_id: &str,
    details: serde_json::Value,
    client: &ClientInfo,
) -> NewAuditEntry {
    let mut entry = staff_audit(&admin.id, action, client);
    entry.target_kind = Some(target_kind);
    entry.target_id = Some(target_id.to_owned());
    entry.details = details.to_string();
    entry
}

/// A unique-constraint violation on a new row's code is the form's `code` field being taken.
fn code_taken(e: dimos_db::DbError) -> AppError {
    if e.is_unique_violation() {
        AppError::field("code", "taken")
    } else {
        AppError::Db(e)
    }
}

/// Writes an admin's change's audit entry in the change's transaction, gives the catalogue a
/// new version when the change is to the catalogue (what the public pages cache), and commits.
async fn commit_change(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    entry: &NewAuditEntry,
    catalogue_changed: bool,
) -> Result<(), AppError> {
    audit::append(&mut tx, entry).await?;
    if catalogue_changed {
        catalogue::changed(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
