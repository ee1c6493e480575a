//! Offices: address and contact details, the departments they serve, whether they certify
//! identity, and their weekly opening hours.

use super::hours::{Interval, parse_interval};
use super::{Audit, EditForm, Edited, NAME_MAX, audit, fields};
use crate::{App, AppError, FieldCheck};
use dimos_db::admin::{self, OfficeRecord};
use dimos_db::catalogue::{Office, OpeningHours};
use dimos_domain::{Email, PhoneNumber, PostalCode};
use serde_json::json;

/// Open intervals a day may have.
pub const INTERVALS_PER_DAY: u8 = 2;

/// An office as the form sends it. On an edit the code is not changed.
#[derive(Debug, Clone, Default)]
pub struct OfficeForm {
    pub code: String,
    pub name_el: String,
    pub name_en: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// Optional.
    pub phone: String,
    /// Optional.
    pub email: String,
    pub certifies_identity: bool,
    pub departments: Vec<String>,
    /// The opening-hours fields that were filled in; a day without any is closed.
    pub hours: Vec<HoursField>,
}

/// One interval field of the weekly schedule: weekday 1 (Monday) … 7, interval 1 or 2, and what
/// was typed ("08:00–15:00", or nothing).
#[derive(Debug, Clone, Default)]
pub struct HoursField {
    pub weekday: i64,
    pub slot: u8,
    pub value: String,
}

/// The name under which an interval field's problems are reported: `hours_<weekday>_<slot>`.
pub fn hours_field(weekday: i64, slot: u8) -> String {
    format!("hours_{weekday}_{slot}")
}

impl App {
    /// The offices whose address, phone and e-mail are still the seeded examples (codes): a
    /// fresh install asks the admin to complete them, and mails leave them out.
    pub async fn placeholder_offices(&self) -> Result<Vec<String>, AppError> {
        Ok(admin::placeholder_codes(self.db()).await?)
    }
}

impl Edited for OfficeRecord {
    const AUDIT: Audit = audit!("office");

    fn details(&self) -> serde_json::Value {
        json!({
            "name_el": self.office.name_el,
            "name_en": self.office.name_en,
            "certifies_identity": self.office.certifies_identity,
            "departments": self.office.departments,
            "hours": self.office.hours.iter().map(|h| format!("{} {}-{}", h.weekday, h.opens_at, h.closes_at)).collect::<Vec<_>>(),
        })
    }
}

/// A new office is active; an edit replaces its details, departments and hours (its code and
/// whether it is active stay).
impl EditForm for OfficeForm {
    type Record = OfficeRecord;
    const CODE_MAX: usize = 64;

    fn code(&self) -> &str {
        &self.code
    }

    fn record(&self, code: String, check: &mut FieldCheck, known: &[String]) -> OfficeRecord {
        let form = self;
        let name_el = fields::required_line(check, "name_el", &form.name_el, NAME_MAX);
        let name_en = fields::required_line(check, "name_en", &form.name_en, NAME_MAX);
        let street = fields::required_line(check, "street", &form.street, NAME_MAX);
        let postal_code = check.take("postal_code", PostalCode::parse(&form.postal_code));
        let city = fields::required_line(check, "city", &form.city, 100);
        let phone = fields::optional(check, "phone", &form.phone, PhoneNumber::parse);
        let email = fields::optional(check, "email", &form.email, Email::parse);
        let mut departments: Vec<String> = Vec::new();
        for department in &form.departments {
            if !known.contains(department) {
                check.add("departments", "unknown_department");
            } else if !departments.contains(department) {
                departments.push(department.clone());
            }
        }
        let hours = opening_hours(check, &form.hours);
        let office = Office {
            code,
            name_el,
            name_en,
            street,
            postal_code: postal_code.map(String::from).unwrap_or_default(),
            city,
            phone,
            email,
            certifies_identity: form.certifies_identity,
            departments,
            hours,
        };
        OfficeRecord {
            office,
            active: true,
        }
    }
}

/// The week's intervals, each field checked on its own and against the day's other interval.
fn opening_hours(check: &mut FieldCheck, fields: &[HoursField]) -> Vec<OpeningHours> {
    let mut hours = Vec::new();
    for weekday in 1..=7 {
        let mut day: Vec<Interval> = Vec::new();
        for slot in 1..=INTERVALS_PER_DAY {
            let name = hours_field(weekday, slot);
            let typed = fields
                .iter()
                .filter(|f| f.weekday == weekday && f.slot == slot)
                .map(|f| f.value.as_str())
                .next()
                .unwrap_or("");
            let Some(Some(interval)) = check.take(&name, parse_interval(typed)) else {
                continue;
            };
            if day.iter().any(|other| other.overlaps(&interval)) {
                check.add(&name, "overlapping");
                continue;
            }
            day.push(interval);
        }
        day.sort();
        hours.extend(day.into_iter().map(|i| OpeningHours {
            weekday,
            opens_at: i.opens_at,
            closes_at: i.closes_at,
        }));
    }
    if fields
        .iter()
        .any(|f| !(1..=7).contains(&f.weekday) || !(1..=INTERVALS_PER_DAY).contains(&f.slot))
    {
        check.add("hours", "unknown_day");
    }
    hours
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(weekday: i64, slot: u8, value: &str) -> HoursField {
        HoursField {
            weekday,
            slot,
            value: value.into(),
        }
    }

    #[test]
    fn a_week_of_intervals_is_checked_field_by_field() {
        let mut check = FieldCheck::default();
        let hours = opening_hours(
            &mut check,
            &[
                field(1, 1, "08:00–15:00"),
                field(1, 2, "17:00–19:00"),
                field(2, 2, "09:00-13:00"),
                field(3, 1, "15:00–08:00"),
                field(4, 1, "08:00–15:00"),
                field(4, 2, "14:00–16:00"),
            ],
        );
        assert!(check.has("hours_3_1"), "closes before it opens");
        assert!(check.has("hours_4_2"), "overlaps the first interval");
        assert!(!check.has("hours_1_1") && !check.has("hours_1_2") && !check.has("hours_2_2"));
        let kept: Vec<String> = hours
            .iter()
            .map(|h| format!("{} {}-{}", h.weekday, h.opens_at, h.closes_at))
            .collect();
        assert_eq!(
            kept,
            [
                "1 08:00-15:00",
                "1 17:00-19:00",
                "2 09:00-13:00",
                "4 08:00-15:00"
            ]
        );
    }

    #[test]
    fn a_second_interval_before_the_first_is_put_in_order() {
        let mut check = FieldCheck::default();
        let hours = opening_hours(
            &mut check,
            &[field(5, 1, "17:00–19:00"), field(5, 2, "08:00–12:00")],
        );
        assert!(check.is_empty());
        assert_eq!(hours[0].opens_at, "08:00");
        assert_eq!(hours[1].opens_at, "17:00");
    }
}
