//! What the administration pages change: departments, offices, the service catalogue and the
//! municipality's settings. Staff accounts are in [`crate::staff`]; what the public sees of the
//! catalogue (active rows only) is in [`crate::catalogue`].

mod departments;
mod offices;
mod services;
mod settings;

pub use departments::{
    DepartmentRecord, DepartmentUsage, delete_department, department, department_usage,
    departments, insert_department, rename_department, set_department_active,
};
pub use offices::{
    OfficeRecord, insert_office, office, offices, placeholder_codes, set_office_active,
    update_office,
};
pub use services::{
    ServiceRecord, insert_service, service, services, set_service_active, update_service,
};
pub use settings::{put_setting, settings};

fn flag(value: bool) -> i64 {
    i64::from(value)
}
