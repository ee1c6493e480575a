//! «Ο λογαριασμός μου»: what a logged-in citizen sees of their own account — the profile, the
//! certification level and how to reach Level B — and the pages that change it.

mod details;
mod password;
mod sessions;

use super::csrf::CsrfForm;
use super::local_time::{day, iso_date};
use super::notice::NoticeQuery;
use super::offices::{OfficeView, certifying_offices, office_name};
use super::visitor::SignedIn;
use super::{Chrome, PageError, render};
use crate::client::Call;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use dimos_db::citizens::Citizen;
use dimos_domain::{AssuranceLevel, DocumentType};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account", get(overview))
        .route("/account/resend-confirmation", post(resend_confirmation))
        .merge(details::routes())
        .merge(password::routes())
        .merge(sessions::routes())
}

/// A form with no fields but the CSRF token: a button.
#[derive(Deserialize)]
struct Button {}

/// What `/account?notice=…` may announce after a change, and the message of each.
const NOTICES: [(&str, &str); 4] = [
    ("details_saved", "account-notice-details-saved"),
    ("email_changed", "account-notice-email-changed"),
    ("password_changed", "account-notice-password-changed"),
    ("confirmation_sent", "account-notice-confirmation-sent"),
];

/// A citizen's profile as the pages show it: the account page, and the counter's page of the
/// citizen (which adds whether the tax number is verified and when they registered).
pub(crate) struct ProfileView {
    pub username: String,
    pub given_name: String,
    pub family_name: String,
    pub father_name: String,
    pub birth_date: String,
    pub tax_number: Option<String>,
    /// The tax number shown is the one checked against a document.
    pub tax_verified: bool,
    pub social_security_number: Option<String>,
    pub email: String,
    pub email_confirmed: bool,
    pub phone: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub registered_on: String,
}

impl ProfileView {
    /// The profile as the citizen gave it.
    pub(crate) fn new(c: &Citizen) -> ProfileView {
        ProfileView {
            username: c.username.clone(),
            given_name: c.given_name.clone(),
            family_name: c.family_name.clone(),
            father_name: c.father_name.clone(),
            birth_date: iso_date(&c.birth_date),
            tax_number: c.tax_number.clone(),
            tax_verified: false,
            social_security_number: c.social_security_number.clone(),
            email: c.email.clone(),
            email_confirmed: c.email_confirmed_at.is_some(),
            phone: c.phone.clone(),
            street: c.street.clone(),
            postal_code: c.postal_code.clone(),
            city: c.city.clone(),
            registered_on: day(c.created_at),
        }
    }

    /// The profile as the counter reads it: the verified tax number where there is one.
    pub(crate) fn verified(c: &Citizen) -> ProfileView {
        ProfileView {
            tax_number: c.verified_tax_number.clone().or(c.tax_number.clone()),
            tax_verified: c.verified_tax_number.is_some(),
            ..ProfileView::new(c)
        }
    }
}

/// A Level B citizen's certification: when, where, with what.
struct VerificationView {
    day: String,
    office: String,
    document: String,
}

#[derive(Template)]
#[template(path = "pages/account.html")]
struct AccountPage {
    chrome: Chrome,
    /// Announcements after a change (role=status).
    notices: Vec<String>,
    profile: ProfileView,
    level_b: bool,
    verification: Option<VerificationView>,
    /// Level A: where to go to become Level B.
    certifying_offices: Vec<OfficeView>,
}

/// `?welcome` right after the account is made.
#[derive(Deserialize)]
struct WelcomeQuery {
    welcome: Option<String>,
}

async fn overview(
    Call(state, _, SignedIn { visitor, who }): Call<SignedIn>,
    Query(query): Query<NoticeQuery>,
    Query(WelcomeQuery { welcome }): Query<WelcomeQuery>,
) -> Result<Response, PageError> {
    let lang = visitor.lang;
    let profile = state.app.citizen_profile(&who).await?;
    let offices = state.app.offices().await?;
    let departments = state.app.departments().await?;
    let level_b = profile.level == AssuranceLevel::B;
    let mut notices = Vec::new();
    if welcome.is_some() {
        notices.push(lang.t("account-welcome"));
    }
    notices.extend(query.message(lang, &NOTICES));
    let verification = profile.verification.as_ref().map(|v| VerificationView {
        day: day(v.verified_at),
        office: office_name(&offices, &v.office_code, lang),
        document: lang.t(match v.document_type {
            DocumentType::Passport => "account-document-passport",
            _ => "account-document-id-card",
        }),
    });
    let certifying_offices = if level_b {
        Vec::new()
    } else {
        certifying_offices(&offices, &departments, lang)
    };
    let page = AccountPage {
        chrome: Chrome::for_visitor(&state, &visitor, "/account"),
        notices,
        profile: ProfileView::new(&profile.citizen),
        level_b,
        verification,
        certifying_offices,
    };
    Ok(render(StatusCode::OK, &page))
}

/// Sends a fresh confirmation link to the account's address.
async fn resend_confirmation(
    Call(state, client, SignedIn { who, .. }): Call<SignedIn>,
    _: CsrfForm<Button>,
) -> Result<Response, PageError> {
    if who.email_confirmed {
        return Ok(Redirect::to("/account").into_response());
    }
    state
        .app
        .resend_email_confirmation(&who.id, &client)
        .await?;
    Ok(Redirect::to("/account?notice=confirmation_sent").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::pages::notice::notice;

    #[test]
    fn only_known_notices_are_shown() {
        assert!(notice(Lang::El, Some("details_saved"), &NOTICES).is_some());
        assert_eq!(notice(Lang::El, Some("<script>"), &NOTICES), None);
        assert_eq!(notice(Lang::El, None, &NOTICES), None);
    }
}
