//! The service catalogue: every service (offered or withdrawn), a new one, editing one, and
//! offering or withdrawing one.

use super::editor::{Catalogue, department_choice, department_name, name_items};
use super::form::FormPairs;
use super::views::{Cell, Item, Section};
use crate::i18n::Lang;
use crate::pages::forms::FormErrors;
use crate::pages::inputs::{Choices, Input};
use dimos_app::admin::{ServiceForm, euro_input};
use dimos_db::admin::{DepartmentRecord, ServiceRecord};
use dimos_domain::euro;

impl Catalogue for ServiceRecord {
    type Form = ServiceForm;
    const NAMES: [&'static str; 2] = ["services", "service"];
    const STATUS: [&'static str; 2] = ["admin-status-offered", "admin-status-withdrawn"];
    const COLUMNS: &'static [&'static str] = &["department", "min-level", "delivery", "fee"];

    fn names(&self) -> (&str, &str) {
        (&self.name_el, &self.name_en)
    }

    fn cells(&self, lang: Lang, departments: &[DepartmentRecord]) -> Vec<Cell> {
        vec![
            Cell::text(department_name(lang, departments, &self.department_code)),
            Cell::text(self.min_level.as_str()),
            Cell::text(delivery(lang, self)),
            Cell::text(euro(self.fee_cents)),
        ]
    }

    fn read(pairs: &FormPairs) -> ServiceForm {
        let delivery = pairs.all("delivery");
        ServiceForm {
            code: pairs.get("code"),
            department: pairs.get("department"),
            name_el: pairs.get("name_el"),
            name_en: pairs.get("name_en"),
            description_el: pairs.get("description_el"),
            description_en: pairs.get("description_en"),
            min_level: pairs.get("min_level"),
            pickup: delivery.iter().any(|d| d == "pickup"),
            post: delivery.iter().any(|d| d == "post"),
            fee: pairs.get("fee"),
            processing_days: pairs.get("processing_days"),
            required_attachments: pairs.get("required_attachments"),
            active: pairs.checked("active"),
        }
    }

    fn stored(&self) -> ServiceForm {
        let s = self;
        ServiceForm {
            code: s.code.clone(),
            department: s.department_code.clone(),
            name_el: s.name_el.clone(),
            name_en: s.name_en.clone(),
            description_el: s.description_el.clone(),
            description_en: s.description_en.clone(),
            min_level: s.min_level.as_str().to_owned(),
            pickup: s.allows_pickup,
            post: s.allows_post,
            fee: euro_input(s.fee_cents),
            processing_days: s.processing_days.to_string(),
            required_attachments: s.required_attachments.join(", "),
            active: s.active,
        }
    }

    /// What a new service's form starts with: offered, Level A, collected in person, free.
    fn blank() -> ServiceForm {
        ServiceForm {
            min_level: "A".into(),
            pickup: true,
            fee: "0,00".into(),
            processing_days: "5".into(),
            active: true,
            ..ServiceForm::default()
        }
    }

    fn sections(
        lang: Lang,
        errors: &FormErrors,
        form: &ServiceForm,
        departments: &[DepartmentRecord],
    ) -> Vec<Section> {
        let text =
            |name: &str, key: &str, value: &str| Input::admin(lang, errors, name, key).value(value);
        let mut first = Vec::new();
        first.push(Item::Group(Choices::radios(
            lang,
            errors,
            "department",
            "admin-service-department-legend",
            departments
                .iter()
                .map(|d| (d.code.clone(), department_choice(lang, d)))
                .collect(),
            &form.department,
        )));
        first.extend(name_items(lang, errors, &form.name_el, &form.name_en));
        first.extend([
            Item::Text(
                text(
                    "description_el",
                    "admin-field-description-el",
                    &form.description_el,
                )
                .textarea(4, "admin-textarea")
                .optional(),
            ),
            Item::Text(
                text(
                    "description_en",
                    "admin-field-description-en",
                    &form.description_en,
                )
                .textarea(4, "admin-textarea")
                .optional(),
            ),
        ]);
        let levels = vec![
            ("A".to_owned(), lang.t("admin-level-a")),
            ("B".to_owned(), lang.t("admin-level-b")),
        ];
        let modes = vec![
            (
                "pickup".to_owned(),
                lang.t("admin-delivery-pickup"),
                form.pickup,
            ),
            ("post".to_owned(), lang.t("admin-delivery-post"), form.post),
        ];
        vec![
            Section::plain(first),
            Section::plain(vec![
                Item::Group(Choices::radios(
                    lang,
                    errors,
                    "min_level",
                    "admin-service-level-legend",
                    levels,
                    &form.min_level,
                )),
                Item::Group(
                    Choices::checkboxes(
                        lang,
                        errors,
                        "delivery",
                        "admin-service-delivery-legend",
                        modes,
                    )
                    .hint("admin-service-delivery-hint"),
                ),
                Item::Text(
                    text("fee", "admin-field-fee", &form.fee)
                        .hint("admin-euro-hint")
                        .plain(),
                ),
                Item::Text(
                    text(
                        "processing_days",
                        "admin-field-processing-days",
                        &form.processing_days,
                    )
                    .hint("admin-processing-days-hint")
                    .plain(),
                ),
                Item::Text(
                    text(
                        "required_attachments",
                        "admin-field-attachments",
                        &form.required_attachments,
                    )
                    .hint("admin-attachments-hint")
                    .plain()
                    .wide()
                    .optional(),
                ),
                Item::Group(Choices::flag(
                    lang,
                    errors,
                    "active",
                    "admin-service-active-legend",
                    "admin-service-active-label",
                    form.active,
                )),
            ]),
        ]
    }
}

fn delivery(lang: Lang, s: &ServiceRecord) -> String {
    let mut modes = Vec::new();
    if s.allows_pickup {
        modes.push(lang.t("admin-delivery-pickup"));
    }
    if s.allows_post {
        modes.push(lang.t("admin-delivery-post"));
    }
    modes.join(", ")
}
