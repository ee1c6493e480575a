//! `/services`: the catalogue, grouped by the competent department.

use super::money::fee;
use super::offices::{anchor, department_name};
use super::visitor::{Visitor, encode};
use super::{Chrome, PageError, render};
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use dimos_db::catalogue::{Department, Office, Service};
use dimos_domain::{AssuranceLevel, Delivery};

/// The services of one department, and the offices where it serves citizens in person.
struct DepartmentGroup {
    name: String,
    offices: Vec<OfficeLink>,
    services: Vec<ServiceView>,
}

struct OfficeLink {
    href: String,
    name: String,
}

struct ServiceView {
    name: String,
    /// The new-request page with this service chosen.
    apply_href: String,
    /// Level B is needed and the signed-in citizen is Level A: no apply link, but the way to
    /// Level B.
    needs_certification: bool,
    description: String,
    department: String,
    level_b: bool,
    /// The translated explanation of each delivery mode the service offers.
    delivery: Vec<String>,
    fee: String,
    processing: String,
}

impl ServiceView {
    fn new(
        service: &Service,
        departments: &[Department],
        lang: Lang,
        viewer: Option<AssuranceLevel>,
    ) -> ServiceView {
        let level_b = service.min_level == AssuranceLevel::B;
        let delivery = service
            .delivery_modes
            .iter()
            .map(|mode| match mode {
                Delivery::Pickup => lang.t("delivery-pickup"),
                // Posting is for Level B only, whatever the service says; say so where a
                // Level A citizen could otherwise read it as open to them.
                Delivery::Post if level_b => lang.t("delivery-post"),
                Delivery::Post => lang.t("delivery-post-level-b-only"),
            })
            .collect();
        ServiceView {
            name: lang.pick(&service.name_el, &service.name_en).to_owned(),
            apply_href: format!("/requests/new?service={}", encode(&service.code)),
            needs_certification: level_b && viewer == Some(AssuranceLevel::A),
            description: lang
                .pick(&service.description_el, &service.description_en)
                .to_owned(),
            department: department_name(&service.department_code, departments, lang),
            level_b,
            delivery,
            fee: fee(lang, service.fee_cents),
            processing: processing_time(service.processing_days, lang),
        }
    }
}

/// «Έως 3 εργάσιμες ημέρες».
fn processing_time(days: i64, lang: Lang) -> String {
    match days {
        ..=0 => lang.t("services-processing-same-day"),
        1 => lang.t("services-processing-one-day"),
        _ => lang.t_args("services-processing-days", &[("days", days.to_string())]),
    }
}

/// Services grouped by department in catalogue order; services of a department that is not
/// (or no longer) in the catalogue come last, under a group of their own. `viewer` is the
/// signed-in citizen's level, if any.
fn group(
    services: &[Service],
    departments: &[Department],
    offices: &[Office],
    lang: Lang,
    viewer: Option<AssuranceLevel>,
) -> Vec<DepartmentGroup> {
    let mut groups: Vec<DepartmentGroup> = departments
        .iter()
        .map(|d| DepartmentGroup {
            name: lang.pick(&d.name_el, &d.name_en).to_owned(),
            offices: offices
                .iter()
                .filter(|o| o.departments.contains(&d.code))
                .map(|o| OfficeLink {
                    href: format!("/offices#{}", anchor(&o.code)),
                    name: lang.pick(&o.name_el, &o.name_en).to_owned(),
                })
                .collect(),
            services: services
                .iter()
                .filter(|s| s.department_code == d.code)
                .map(|s| ServiceView::new(s, departments, lang, viewer))
                .collect(),
        })
        .collect();
    let orphans: Vec<ServiceView> = services
        .iter()
        .filter(|s| !departments.iter().any(|d| d.code == s.department_code))
        .map(|s| ServiceView::new(s, departments, lang, viewer))
        .collect();
    groups.push(DepartmentGroup {
        name: lang.t("services-other"),
        offices: Vec::new(),
        services: orphans,
    });
    groups.retain(|g| !g.services.is_empty());
    groups
}

#[derive(Template)]
#[template(path = "pages/services.html")]
struct ServicesPage {
    chrome: Chrome,
    groups: Vec<DepartmentGroup>,
}

pub async fn page(State(state): State<AppState>, visitor: Visitor) -> Result<Response, PageError> {
    let lang = visitor.lang;
    let services = state.app.services().await?;
    let departments = state.app.departments().await?;
    let offices = state.app.offices().await?;
    let viewer = visitor.citizen.as_ref().map(|c| c.level);
    let groups = group(&services, &departments, &offices, lang, viewer);
    Ok(render(
        StatusCode::OK,
        &ServicesPage {
            chrome: Chrome::for_visitor(&state, &visitor, "/services"),
            groups,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dimos_app::catalogue::standard_catalogue;

    #[test]
    fn the_standard_catalogue_groups_by_department_and_explains_itself() {
        let c = standard_catalogue();
        let groups = group(&c.services, &c.departments, &c.offices, Lang::El, None);
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Δημοτολόγιο",
                "Ληξιαρχείο",
                "Ταμειακή Υπηρεσία",
                "Δημοτική Αστυνομία"
            ]
        );
        assert_eq!(groups[0].services.len(), 3);
        assert_eq!(
            groups[0].offices[0].href,
            "/offices#office-citizen_service_centre"
        );
        let birth = &groups[0].services[2];
        assert!(!birth.level_b);
        assert_eq!(birth.fee, "Δωρεάν");
        assert_eq!(birth.processing, "Έως 3 εργάσιμες ημέρες");
        assert!(birth.delivery[1].contains("μόνο για χρήστες Επιπέδου Β"));
        let no_debt = &groups[2].services[0];
        assert!(no_debt.level_b);
        assert!(!no_debt.delivery[1].contains("μόνο"));
    }

    #[test]
    fn every_service_links_to_its_application_and_level_a_is_shown_the_way_to_level_b() {
        let c = standard_catalogue();
        let level_a = group(
            &c.services,
            &c.departments,
            &c.offices,
            Lang::El,
            Some(AssuranceLevel::A),
        );
        let birth = &level_a[0].services[2];
        assert!(birth.apply_href.starts_with("/requests/new?service="));
        assert!(!birth.needs_certification);
        let no_debt = &level_a[2].services[0];
        assert!(
            no_debt.needs_certification,
            "Level B service, Level A citizen"
        );
        for viewer in [None, Some(AssuranceLevel::B)] {
            let groups = group(&c.services, &c.departments, &c.offices, Lang::El, viewer);
            assert!(
                groups
                    .iter()
                    .flat_map(|g| &g.services)
                    .all(|s| !s.needs_certification)
            );
        }
    }

    #[test]
    fn fees_processing_times_and_orphans() {
        let mut c = standard_catalogue();
        c.services[0].fee_cents = dimos_domain::Cents::new(123_456).unwrap();
        c.services[0].processing_days = 1;
        c.services[1].processing_days = 0;
        c.services[2].department_code = "archive".into();
        let groups = group(&c.services, &c.departments, &c.offices, Lang::En, None);
        assert_eq!(groups[0].services[0].fee, "1.234,56 €");
        assert_eq!(groups[0].services[0].processing, "Up to 1 working day");
        assert_eq!(groups[0].services[1].fee, "Free");
        assert_eq!(groups[0].services[1].processing, "Same day");
        let last = groups.last().unwrap();
        assert_eq!(last.name, "Other services");
        assert_eq!(last.services[0].department, "archive");
        assert_eq!(processing_time(12, Lang::En), "Up to 12 working days");
        assert_eq!(processing_time(12, Lang::El), "Έως 12 εργάσιμες ημέρες");
    }
}
