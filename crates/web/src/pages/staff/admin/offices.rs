//! Offices: the list, a new one, editing one (address, contact details, departments served,
//! identity certification, weekly opening hours), and showing or hiding one.

use super::editor::{Catalogue, contact_items, department_choice, department_name, name_items};
use super::form::FormPairs;
use super::views::{Cell, Item, Section};
use crate::i18n::Lang;
use crate::pages::forms::FormErrors;
use crate::pages::inputs::{Choices, Input};
use dimos_app::admin::{HoursField, OfficeForm, hours_field, interval_input};
use dimos_db::admin::{DepartmentRecord, OfficeRecord};

const SLOTS: [u8; 2] = [1, 2];

impl Catalogue for OfficeRecord {
    type Form = OfficeForm;
    const NAMES: [&'static str; 2] = ["offices", "office"];
    const COLUMNS: &'static [&'static str] = &["departments", "certifies"];

    fn names(&self) -> (&str, &str) {
        (&self.office.name_el, &self.office.name_en)
    }

    fn cells(&self, lang: Lang, departments: &[DepartmentRecord]) -> Vec<Cell> {
        let served: Vec<String> = self
            .office
            .departments
            .iter()
            .map(|d| department_name(lang, departments, d))
            .collect();
        let certifies = if self.office.certifies_identity {
            "admin-yes"
        } else {
            "admin-no"
        };
        vec![Cell::text(served.join(", ")), Cell::text(lang.t(certifies))]
    }

    fn read(pairs: &FormPairs) -> OfficeForm {
        let hours = (1..=7)
            .flat_map(|weekday| {
                SLOTS.into_iter().map(move |slot| HoursField {
                    weekday,
                    slot,
                    value: pairs.get(&hours_field(weekday, slot)),
                })
            })
            .filter(|f| !f.value.trim().is_empty())
            .collect();
        OfficeForm {
            code: pairs.get("code"),
            name_el: pairs.get("name_el"),
            name_en: pairs.get("name_en"),
            street: pairs.get("street"),
            postal_code: pairs.get("postal_code"),
            city: pairs.get("city"),
            phone: pairs.get("phone"),
            email: pairs.get("email"),
            certifies_identity: pairs.checked("certifies_identity"),
            departments: pairs.all("departments"),
            hours,
        }
    }

    fn stored(&self) -> OfficeForm {
        let o = &self.office;
        let mut hours = Vec::new();
        for weekday in 1..=7 {
            for (slot, h) in (1..).zip(
                o.hours
                    .iter()
                    .filter(|h| h.weekday == weekday)
                    .take(SLOTS.len()),
            ) {
                hours.push(HoursField {
                    weekday,
                    slot,
                    value: interval_input(&h.opens_at, &h.closes_at),
                });
            }
        }
        OfficeForm {
            code: o.code.clone(),
            name_el: o.name_el.clone(),
            name_en: o.name_en.clone(),
            street: o.street.clone(),
            postal_code: o.postal_code.clone(),
            city: o.city.clone(),
            phone: o.phone.clone(),
            email: o.email.clone(),
            certifies_identity: o.certifies_identity,
            departments: o.departments.clone(),
            hours,
        }
    }

    fn blank() -> OfficeForm {
        OfficeForm::default()
    }

    fn sections(
        lang: Lang,
        errors: &FormErrors,
        form: &OfficeForm,
        departments: &[DepartmentRecord],
    ) -> Vec<Section> {
        let text =
            |name: &str, key: &str, value: &str| Input::admin(lang, errors, name, key).value(value);
        let department_choices = departments
            .iter()
            .map(|d| {
                (
                    d.code.clone(),
                    department_choice(lang, d),
                    form.departments.contains(&d.code),
                )
            })
            .collect();
        let mut sections = vec![
            Section::plain(name_items(lang, errors, &form.name_el, &form.name_en).into()),
            Section::fieldset(
                "address",
                lang.t("admin-office-address-legend"),
                vec![
                    Item::Text(
                        text("street", "admin-field-street", &form.street).autocomplete("off"),
                    ),
                    Item::Text(
                        text("postal_code", "admin-field-postal-code", &form.postal_code)
                            .hint("admin-postal-code-hint")
                            .plain(),
                    ),
                    Item::Text(text("city", "admin-field-city", &form.city)),
                ],
            ),
            Section::fieldset(
                "contact",
                lang.t("admin-office-contact-legend"),
                contact_items(lang, errors, &form.phone, &form.email).into(),
            ),
            Section::plain(vec![
                Item::Group(
                    Choices::flag(
                        lang,
                        errors,
                        "certifies_identity",
                        "admin-office-certifies-legend",
                        "admin-office-certifies-label",
                        form.certifies_identity,
                    )
                    .hint("admin-office-certifies-hint"),
                ),
                Item::Group(Choices::checkboxes(
                    lang,
                    errors,
                    "departments",
                    "admin-office-departments-legend",
                    department_choices,
                )),
            ]),
            Section::heading(
                "hours",
                lang.t("admin-office-hours-heading"),
                Some(lang.t("admin-office-hours-hint")),
            ),
        ];
        for weekday in 1..=7 {
            let fields = SLOTS
                .into_iter()
                .map(|slot| {
                    let name = hours_field(weekday, slot);
                    let value = form
                        .hours
                        .iter()
                        .find(|h| h.weekday == weekday && h.slot == slot)
                        .map_or("", |h| h.value.as_str());
                    let label = if slot == 1 {
                        "admin-office-hours-first"
                    } else {
                        "admin-office-hours-second"
                    };
                    Item::Text(
                        Input::admin(lang, errors, &name, label)
                            .value(value)
                            .plain()
                            .optional(),
                    )
                })
                .collect();
            sections.push(Section::fieldset(
                &format!("day-{weekday}"),
                lang.t(&format!("weekday-{weekday}")),
                fields,
            ));
        }
        sections
    }
}
