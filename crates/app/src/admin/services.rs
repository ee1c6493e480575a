//! The service catalogue: what citizens may ask for, from which department, at which level,
//! delivered how, for what fee, within how many days, with which attachments.

use super::euro::parse_euro;
use super::{Audit, EditForm, Edited, NAME_MAX, audit, fields};
use crate::FieldCheck;
use dimos_db::admin::ServiceRecord;
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

impl Edited for ServiceRecord {
    const AUDIT: Audit = audit!("service");

    fn details(&self) -> serde_json::Value {
        json!({
            "department": self.department_code,
            "name_el": self.name_el,
            "name_en": self.name_en,
            "min_level": self.min_level.as_str(),
            "pickup": self.allows_pickup,
            "post": self.allows_post,
            "fee_cents": self.fee_cents,
            "processing_days": self.processing_days,
            "required_attachments": self.required_attachments,
            "active": self.active,
        })
    }
}

/// An edit replaces everything about a service but its code. Only active services are listed
/// and can be asked for.
impl EditForm for ServiceForm {
    type Record = ServiceRecord;
    const CODE_MAX: usize = CODE_MAX;

    fn code(&self) -> &str {
        &self.code
    }

    fn record(&self, code: String, check: &mut FieldCheck, known: &[String]) -> ServiceRecord {
        let form = self;
        let department = form.department.trim();
        if department.is_empty() {
            check.add("department", "required");
        } else if !known.iter().any(|d| d == department) {
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
        ServiceRecord {
            code,
            department_code: department.to_owned(),
            name_el,
            name_en,
            description_el,
            description_en,
            min_level: min_level.unwrap_or(AssuranceLevel::A),
            allows_pickup: form.pickup,
            allows_post: form.post,
            fee_cents: fee_cents.unwrap_or_default(),
            processing_days,
            required_attachments,
            active: form.active,
        }
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
