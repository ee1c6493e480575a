//! The service catalogue: what citizens may ask for, from which department, at which level,
//! delivered how, for what fee, within how many days, with which attachments.

use super::euro::parse_euro;
use super::{NAME_MAX, admin_entry, code_taken, fields, require_admin};
use crate::staff::StaffPrincipal;
use crate::{App, AppError, ClientInfo, FieldCheck};
use dimos_db::admin::{self, ServiceRecord};
use dimos_db::audit;
use dimos_db::catalogue;
use dimos_db::staff::known_departments;
use dimos_domain::AssuranceLevel;
use serde_json::json;

const CODE_MAX: usize = 64;
const DESCRIPTION_MAX: usize = 4000;
const PROCESSING_DAYS_MAX: i64 = 365;

/// A service as the form sends it. On an edit the code is not changed.
#[derive(Debug, Clone, Default)]
pub struct ServiceForm {
    pub code: String,
    pub department: String,
    pub name_el: String,
    pub name_en: String,
    pub description_el: String,
    pub description_en: String,
    /// `A` or `B`.
    pub min_level: String,
    pub pickup: bool,
    pub post: bool,
    /// Euro, as typed: "3,50" or "3.50".
    pub fee: String,
    pub processing_days: String,
    /// Comma-separated attachment codes.
    pub required_attachments: String,
    pub active: bool,
}

impl App {
    /// Every service, active or not.
    pub async fn admin_services(
        &self,
        admin: &StaffPrincipal,
    ) -> Result<Vec<ServiceRecord>, AppError> {
        require_admin(admin)?;
        Ok(admin::services(self.db()).await?)
    }

    pub async fn admin_service(
        &self,
        admin: &StaffPrincipal,
        code: &str,
    ) -> Result<ServiceRecord, AppError> {
        require_admin(admin)?;
        admin::service(self.db(), code)
            .await?
            .ok_or(AppError::NotFound)
    }

    async fn service_record(
        &self,
        code: String,
        check: &mut FieldCheck,
        form: &ServiceForm,
    ) -> Result<ServiceRecord, AppError> {
        let department = form.department.trim();
        if department.is_empty() {
            check.add("department", "required");
        } else if !known_departments(self.db())
            .await?
            .iter()
            .any(|d| d == department)
        {
            check.add("department", "unknown_department");
        }
        let name_el = fields::required_line(check, "name_el", &form.name_el, NAME_MAX);
        let name_en = fields::required_line(check, "name_en", &form.name_en, NAME_MAX);
        let description_el = fields::paragraph(
            check,
            "description_el",
            &form.description_el,
            DESCRIPTION_MAX,
        );
        let description_en = fields::paragraph(
            check,
            "description_en",
            &form.description_en,
            DESCRIPTION_MAX,
        );
        let min_level = if form.min_level.trim().is_empty() {
            check.add("min_level", "required");
            None
        } else {
            check.take("min_level", form.min_level.trim().parse::<AssuranceLevel>())
        };
        if !form.pickup && !form.post {
            check.add("delivery", "required");
        }
        let fee_cents = check.take("fee", parse_euro(&form.fee));
        let processing_days = processing_days(check, &form.processing_days);
        let required_attachments = attachments(check, &form.required_attachments);
        Ok(ServiceRecord {
            code,
            department_code: department.to_owned(),
            name_el,
            name_en,
            description_el,
            description_en,
            min_level: min_level.unwrap_or(AssuranceLevel::A),
            allows_pickup: form.pickup,
            allows_post: form.post,
            fee_cents: fee_cents.unwrap_or(0),
            processing_days,
            required_attachments,
            active: form.active,
        })
    }

    pub async fn create_service(
        &self,
        admin: &StaffPrincipal,
        form: &ServiceForm,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        require_admin(admin)?;
        let mut check = FieldCheck::default();
        let code = fields::code(&mut check, "code", &form.code, CODE_MAX);
        let record = self.service_record(code, &mut check, form).await?;
        check.finish()?;
        let mut tx = self.db().begin().await?;
        admin::insert_service(&mut tx, &record)
            .await
            .map_err(code_taken)?;
        let entry = admin_entry(
            admin,
            "admin.service_created",
            "service",
            &record.code,
            details(&record),
            client,
        );
        audit::append(&mut tx, &entry).await?;
        catalogue::changed(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces everything about a service but its code.
    pub async fn update_service(
        &self,
        admin: &StaffPrincipal,
        code: &str,
        form: &ServiceForm,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        require_admin(admin)?;
        let mut check = FieldCheck::default();
        let record = self
            .service_record(code.to_owned(), &mut check, form)
            .await?;
        check.finish()?;
        let mut tx = self.db().begin().await?;
        if !admin::update_service(&mut tx, &record).await? {
            return Err(AppError::NotFound);
        }
        let entry = admin_entry(
            admin,
            "admin.service_updated",
            "service",
            code,
            details(&record),
            client,
        );
        audit::append(&mut tx, &entry).await?;
        catalogue::changed(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Offers (`active`) or withdraws a service: only active ones are listed and can be asked for.
    pub async fn set_service_active(
        &self,
        admin: &StaffPrincipal,
        code: &str,
        active: bool,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        require_admin(admin)?;
        let mut tx = self.db().begin().await?;
        if !admin::set_service_active(&mut tx, code, active).await? {
            return Err(AppError::NotFound);
        }
        let action = if active {
            "admin.service_activated"
        } else {
            "admin.service_deactivated"
        };
        let entry = admin_entry(admin, action, "service", code, json!({}), client);
        audit::append(&mut tx, &entry).await?;
        catalogue::changed(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

fn processing_days(check: &mut FieldCheck, typed: &str) -> i64 {
    let typed = typed.trim();
    if typed.is_empty() {
        check.add("processing_days", "required");
        return 0;
    }
    match typed.parse::<i64>() {
        Ok(days) if (0..=PROCESSING_DAYS_MAX).contains(&days) => days,
        Ok(_) => {
            check.add("processing_days", "out_of_range");
            0
        }
        Err(_) => {
            check.add("processing_days", "not_a_number");
            0
        }
    }
}

/// "id_copy, photo" → `["id_copy", "photo"]`; each a code, none twice.
fn attachments(check: &mut FieldCheck, typed: &str) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for code in typed.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        if !fields::is_code(code) {
            check.add("required_attachments", "invalid_code");
            break;
        }
        if code.len() > CODE_MAX {
            check.add("required_attachments", "too_long");
            break;
        }
        if !codes.iter().any(|c| c == code) {
            codes.push(code.to_owned());
        }
    }
    codes
}

fn details(s: &ServiceRecord) -> serde_json::Value {
    json!({
        "department": s.department_code,
        "name_el": s.name_el,
        "name_en": s.name_en,
        "min_level": s.min_level.as_str(),
        "pickup": s.allows_pickup,
        "post": s.allows_post,
        "fee_cents": s.fee_cents,
        "processing_days": s.processing_days,
        "required_attachments": s.required_attachments,
        "active": s.active,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processing_days_are_a_number_from_0_to_365() {
        let mut check = FieldCheck::default();
        assert_eq!(processing_days(&mut check, " 5 "), 5);
        assert_eq!(processing_days(&mut check, "0"), 0);
        assert_eq!(processing_days(&mut check, "365"), 365);
        assert!(check.is_empty());
        for bad in ["", "366", "-1", "five", "2.5"] {
            let mut check = FieldCheck::default();
            processing_days(&mut check, bad);
            assert!(check.has("processing_days"), "{bad}");
        }
    }

    #[test]
    fn attachments_are_codes_listed_once() {
        let mut check = FieldCheck::default();
        assert_eq!(
            attachments(&mut check, " id_copy, photo,,id_copy "),
            ["id_copy", "photo"]
        );
        assert!(attachments(&mut check, "").is_empty());
        assert!(check.is_empty());
        attachments(&mut check, "id copy");
        assert!(check.has("required_attachments"));
    }
}
