//! `/offices`: where and when citizens are served in person.

use super::schedule::{ScheduleRow, weekly_schedule};
use super::visitor::Visitor;
use super::{Chrome, PageError, render};
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use dimos_db::catalogue::{Department, Office};

/// An office as the pages show it, in the page language.
pub struct OfficeView {
    /// The fragment that links to this office on `/offices`.
    pub anchor: String,
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub phone: String,
    pub phone_href: String,
    pub email: String,
    pub departments: Vec<String>,
    pub certifies_identity: bool,
    pub schedule: Vec<ScheduleRow>,
}

impl OfficeView {
    pub fn new(office: &Office, departments: &[Department], lang: Lang) -> OfficeView {
        OfficeView {
            anchor: anchor(&office.code),
            name: lang.pick(&office.name_el, &office.name_en).to_owned(),
            street: office.street.clone(),
            postal_code: postal_code(&office.postal_code),
            city: office.city.clone(),
            phone: phone(&office.phone),
            phone_href: format!(
                "tel:{}",
                office.phone.split_whitespace().collect::<String>()
            ),
            email: office.email.clone(),
            departments: office
                .departments
                .iter()
                .map(|code| department_name(code, departments, lang))
                .collect(),
            certifies_identity: office.certifies_identity,
            schedule: weekly_schedule(&office.hours, lang),
        }
    }
}

/// The id of an office's section on `/offices`.
pub fn anchor(office_code: &str) -> String {
    format!("office-{office_code}")
}

/// A department's name in the page language; its code if it is no longer in the catalogue.
pub fn department_name(code: &str, departments: &[Department], lang: Lang) -> String {
    departments
        .iter()
        .find(|d| d.code == code)
        .map_or(code, |d| lang.pick(&d.name_el, &d.name_en))
        .to_owned()
}

/// The offices that certify identity (where a Level A citizen becomes Level B), as the pages
/// show them.
pub fn certifying_offices(
    offices: &[Office],
    departments: &[Department],
    lang: Lang,
) -> Vec<OfficeView> {
    offices
        .iter()
        .filter(|o| o.certifies_identity)
        .map(|o| OfficeView::new(o, departments, lang))
        .collect()
}

/// An office's name in the page language; its code when it is gone from the catalogue.
pub fn office_name(offices: &[Office], code: &str, lang: Lang) -> String {
    offices
        .iter()
        .find(|o| o.code == code)
        .map_or(code, |o| lang.pick(&o.name_el, &o.name_en))
        .to_owned()
}

/// Greek postal codes are written `105 52`.
fn postal_code(code: &str) -> String {
    if code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()) {
        format!("{} {}", &code[..3], &code[3..])
    } else {
        code.to_owned()
    }
}

/// A Greek number in international form is easier to read grouped: `+30 210 000 0100`.
fn phone(number: &str) -> String {
    match number.strip_prefix("+30") {
        Some(rest) if rest.len() == 10 && rest.bytes().all(|b| b.is_ascii_digit()) => {
            format!("+30 {} {} {}", &rest[..3], &rest[3..6], &rest[6..])
        }
        _ => number.to_owned(),
    }
}

#[derive(Template)]
#[template(path = "pages/offices.html")]
struct OfficesPage {
    chrome: Chrome,
    offices: Vec<OfficeView>,
}

pub async fn page(State(state): State<AppState>, visitor: Visitor) -> Result<Response, PageError> {
    let lang = visitor.lang;
    let offices = state.app.offices().await?;
    let departments = state.app.departments().await?;
    let offices = offices
        .iter()
        .map(|o| OfficeView::new(o, &departments, lang))
        .collect();
    Ok(render(
        StatusCode::OK,
        &OfficesPage {
            chrome: Chrome::for_visitor(&state, &visitor, "/offices"),
            offices,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greek_postal_codes_and_phone_numbers_are_grouped() {
        assert_eq!(postal_code("10552"), "105 52");
        assert_eq!(postal_code("1055"), "1055");
        assert_eq!(phone("+302100000100"), "+30 210 000 0100");
        assert_eq!(phone("+4420"), "+4420");
        assert_eq!(phone("2100000100"), "2100000100");
    }

    #[test]
    fn unknown_departments_show_their_code() {
        let known = [Department {
            code: "registry".into(),
            name_el: "Δημοτολόγιο".into(),
            name_en: "Municipal Registry".into(),
        }];
        assert_eq!(
            department_name("registry", &known, Lang::En),
            "Municipal Registry"
        );
        assert_eq!(department_name("registry", &known, Lang::El), "Δημοτολόγιο");
        assert_eq!(department_name("archive", &known, Lang::El), "archive");
    }
}
