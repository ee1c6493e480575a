//! «Αλλαγή στοιχείων»: e-mail, phone and postal address; while Level A also the identity
//! details. Once certified (Level B) those are shown read-only: only the counter corrects them.

use super::super::csrf::CsrfForm;
use super::super::date_input::DateParts;
use super::super::forms::{FormErrors, field_form_errors};
use super::super::inputs::{Fieldset, Input, SummaryItem, error_summary, identity_inputs};
use super::super::local_time::iso_date;
use super::super::register::address_inputs;
use super::super::visitor::SignedIn;
use super::super::{Chrome, PageError, render};
use crate::client::Call;
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use dimos_app::citizens::{AddressInput, ContactInput};
use dimos_db::citizens::Citizen;
use dimos_domain::AssuranceLevel;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/account/details", get(form).post(submit))
}

/// The identity fields: the use case's name for each, and its label.
const IDENTITY: [(&str, &str); 5] = [
    ("given_name", "field-given-name"),
    ("family_name", "field-family-name"),
    ("father_name", "field-father-name"),
    ("birth_date", "field-birth-date"),
    ("tax_number", "field-tax-number"),
];

/// What the form sends; a field the page did not show is `None`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct DetailsForm {
    email: Option<String>,
    phone: Option<String>,
    street: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    current_password: Option<String>,
    given_name: Option<String>,
    family_name: Option<String>,
    father_name: Option<String>,
    /// The birth date's boxes (see [`DateParts`]).
    birth_date_day: Option<String>,
    birth_date_month: Option<String>,
    birth_date_year: Option<String>,
    tax_number: Option<String>,
}

impl DetailsForm {
    /// The form as first shown: what is stored.
    fn stored(c: &Citizen) -> DetailsForm {
        let stored_birth = DateParts::from_iso(&c.birth_date);
        DetailsForm {
            email: Some(c.email.clone()),
            phone: c.phone.clone(),
            street: Some(c.street.clone()),
            postal_code: Some(c.postal_code.clone()),
            city: Some(c.city.clone()),
            current_password: None,
            given_name: Some(c.given_name.clone()),
            family_name: Some(c.family_name.clone()),
            father_name: Some(c.father_name.clone()),
            birth_date_day: Some(stored_birth.day),
            birth_date_month: Some(stored_birth.month),
            birth_date_year: Some(stored_birth.year),
            tax_number: c.tax_number.clone(),
        }
    }

    /// The birth date's boxes as sent; `None` when the page did not show them.
    fn birth_date(&self) -> Option<DateParts> {
        let (Some(day), Some(month), Some(year)) = (
            &self.birth_date_day,
            &self.birth_date_month,
            &self.birth_date_year,
        ) else {
            return None;
        };
        Some(DateParts::new(day, month, year))
    }

    /// The change to ask for: only the fields sent that differ from what is stored, so that
    /// saving an untouched form changes (and audits) nothing. An empty phone or tax number
    /// clears it.
    fn changes(&self, c: &Citizen) -> ContactInput {
        let changed = |given: &Option<String>, stored: &str| {
            given
                .as_deref()
                .map(str::trim)
                .filter(|given| *given != stored)
                .map(str::to_owned)
        };
        let address = if self.street.is_none() && self.postal_code.is_none() && self.city.is_none()
        {
            None
        } else {
            let part = |given: &Option<String>, stored: &str| {
                given.as_deref().unwrap_or(stored).trim().to_owned()
            };
            let address = AddressInput {
                street: part(&self.street, &c.street),
                postal_code: part(&self.postal_code, &c.postal_code),
                city: part(&self.city, &c.city),
            };
            let same = address.street == c.street
                && address.postal_code == c.postal_code
                && address.city == c.city;
            (!same).then_some(address)
        };
        ContactInput {
            email: changed(&self.email, &c.email),
            phone: changed(&self.phone, c.phone.as_deref().unwrap_or("")),
            address,
            current_password: self.current_password.clone().filter(|p| !p.is_empty()),
            given_name: changed(&self.given_name, &c.given_name),
            family_name: changed(&self.family_name, &c.family_name),
            father_name: changed(&self.father_name, &c.father_name),
            birth_date: changed(&self.birth_date().map(|d| d.iso()), &c.birth_date),
            tax_number: changed(&self.tax_number, c.tax_number.as_deref().unwrap_or("")),
        }
    }
}

#[derive(Template)]
#[template(path = "pages/account_details.html")]
struct DetailsPage {
    chrome: Chrome,
    summary: Vec<SummaryItem>,
    fieldsets: Vec<Fieldset>,
    /// Level B: the certified identity, `(label, value)`, shown read-only.
    certified: Vec<(String, String)>,
    current_password: Input,
}

impl DetailsPage {
    fn new(
        chrome: Chrome,
        citizen: &Citizen,
        form: &DetailsForm,
        errors: &FormErrors,
    ) -> DetailsPage {
        let lang = chrome.lang;
        let level_a = citizen.level == AssuranceLevel::A;
        let value = |v: &Option<String>| v.clone().unwrap_or_default();
        let address = [
            value(&form.street),
            value(&form.postal_code),
            value(&form.city),
        ];
        let mut fieldsets = vec![
            Fieldset::new(
                lang,
                "contact-hint",
                "register-contact-legend",
                None,
                vec![
                    Input::email(lang, &value(&form.email))
                        .hint("account-details-email-hint")
                        .errors(errors),
                    Input::phone(lang, &value(&form.phone))
                        .hint("account-details-phone-hint")
                        .errors(errors),
                ],
            ),
            Fieldset::new(
                lang,
                "address-hint",
                "register-address-legend",
                Some("register-address-hint"),
                address_inputs(lang, address.each_ref().map(String::as_str), errors),
            ),
        ];
        if level_a {
            let names = [
                value(&form.given_name),
                value(&form.family_name),
                value(&form.father_name),
                value(&form.tax_number),
            ];
            let birth_date = form.birth_date().unwrap_or_default();
            fieldsets.push(Fieldset::new(
                lang,
                "personal-hint",
                "register-personal-legend",
                Some("account-details-personal-hint"),
                identity_inputs(
                    lang,
                    names.each_ref().map(String::as_str),
                    &birth_date,
                    errors,
                ),
            ));
        }
        let current_password = Input::password(
            lang,
            "current_password",
            "field-current-password",
            "current-password",
        )
        .needed_when("account-details-password-hint")
        .errors(errors);
        let mut summary = error_summary(
            fieldsets
                .iter()
                .flat_map(|f| &f.inputs)
                .chain([&current_password]),
        );
        let certified = if level_a {
            Vec::new()
        } else {
            certified_identity(lang, citizen)
        };
        if !level_a {
            // Certified details cannot be changed here; a form sent anyway says why.
            for (field, label) in IDENTITY {
                for message in errors.messages(field) {
                    summary.push(SummaryItem {
                        href: "#certified".into(),
                        text: format!("{}: {message}", lang.t(label)),
                    });
                }
            }
        }
        DetailsPage {
            chrome,
            summary,
            fieldsets,
            certified,
            current_password,
        }
    }
}

fn certified_identity(lang: Lang, c: &Citizen) -> Vec<(String, String)> {
    let tax_number = c
        .verified_tax_number
        .clone()
        .or_else(|| c.tax_number.clone())
        .unwrap_or_else(|| lang.t("account-not-given"));
    let values = [
        c.given_name.clone(),
        c.family_name.clone(),
        c.father_name.clone(),
        iso_date(&c.birth_date),
        tax_number,
    ];
    IDENTITY
        .iter()
        .zip(values)
        .map(|((_, label), value)| (lang.t(label), value))
        .collect()
}

async fn form(
    Call(state, _, SignedIn { visitor, who }): Call<SignedIn>,
) -> Result<Response, PageError> {
    let lang = visitor.lang;
    let profile = state.app.citizen_profile(&who).await?;
    let chrome = Chrome::for_visitor(&state, &visitor, "/account/details");
    let form = DetailsForm::stored(&profile.citizen);
    Ok(render(
        StatusCode::OK,
        &DetailsPage::new(chrome, &profile.citizen, &form, &FormErrors::none(lang)),
    ))
}

async fn submit(
    Call(state, client, SignedIn { who, .. }): Call<SignedIn>,
    CsrfForm { visitor, form }: CsrfForm<DetailsForm>,
) -> Result<Response, PageError> {
    let lang = visitor.lang;
    let profile = state.app.citizen_profile(&who).await?;
    let changes = form.changes(&profile.citizen);
    let notice = if changes.email.is_some() {
        "email_changed"
    } else {
        "details_saved"
    };
    let error = match state.app.update_citizen(&who, &changes, &client).await {
        Ok(_) => return Ok(Redirect::to(&format!("/account?notice={notice}")).into_response()),
        Err(error) => refine_birth_date(&form, error),
    };
    match field_form_errors(lang, &error) {
        Some(errors) => {
            let chrome = Chrome::for_visitor(&state, &visitor, "/account/details");
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &DetailsPage::new(chrome, &profile.citizen, &form, &errors),
            ))
        }
        None => Err(error.into()),
    }
}

/// The use case's refusal with the birth date's problem told by box, when it was sent.
fn refine_birth_date(form: &DetailsForm, error: dimos_app::AppError) -> dimos_app::AppError {
    match form.birth_date() {
        Some(parts) => parts.refine(error, "birth_date"),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dimos_domain::Timestamp;

    fn maria() -> Citizen {
        Citizen {
            id: "1".into(),
            username: "maria.p".into(),
            email: "maria@example.gr".into(),
            email_confirmed_at: None,
            given_name: "Μαρία".into(),
            family_name: "Παπαδοπούλου".into(),
            father_name: "Γεώργιος".into(),
            birth_date: "1985-04-12".into(),
            tax_number: None,
            verified_tax_number: None,
            social_security_number: None,
            phone: Some("+306912345678".into()),
            street: "Ερμού 10".into(),
            postal_code: "10557".into(),
            city: "Αθήνα".into(),
            level: AssuranceLevel::A,
            created_at: Timestamp::EPOCH,
        }
    }

    #[test]
    fn an_untouched_form_asks_for_no_change() {
        let c = maria();
        let changes = DetailsForm::stored(&c).changes(&c);
        assert!(changes.email.is_none() && changes.phone.is_none() && changes.address.is_none());
        assert!(
            changes.given_name.is_none()
                && changes.birth_date.is_none()
                && changes.tax_number.is_none()
        );
    }

    #[test]
    fn only_what_differs_is_asked_for_and_an_empty_phone_clears_it() {
        let c = maria();
        let form = DetailsForm {
            phone: Some(String::new()),
            city: Some(" Πειραιάς ".into()),
            current_password: Some(String::new()),
            ..DetailsForm::stored(&c)
        };
        let changes = form.changes(&c);
        assert_eq!(changes.phone.as_deref(), Some(""));
        let address = changes.address.expect("the city changed");
        assert_eq!(
            (address.street.as_str(), address.city.as_str()),
            ("Ερμού 10", "Πειραιάς")
        );
        assert!(
            changes.current_password.is_none(),
            "an empty password is no password"
        );
        assert!(changes.email.is_none());
    }

    #[test]
    fn fields_the_page_did_not_show_are_left_alone() {
        let changes = DetailsForm {
            email: Some("new@example.gr".into()),
            ..DetailsForm::default()
        }
        .changes(&maria());
        assert_eq!(changes.email.as_deref(), Some("new@example.gr"));
        assert!(
            changes.phone.is_none() && changes.address.is_none() && changes.given_name.is_none()
        );
    }
}
