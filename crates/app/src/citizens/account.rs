//! The citizen's own account: the profile, changing details and the password.

use super::citizen_audit;
use super::mails::AccountMail;
use super::register::address_line;
use crate::mail::queue;
use crate::passwords::{PasswordContext, Verification, check_policy};
use crate::{App, AppError, CitizenPrincipal, ClientInfo, FieldCheck};
use dimos_db::audit;
use dimos_db::citizens::{self, Citizen, ContactChange, IdentityChange};
use dimos_db::sessions::{self, PrincipalKind};
use dimos_db::verifications::{self, VerificationSummary};
use dimos_domain::{
    AssuranceLevel, BirthDate, Email, Password, PersonName, PhoneNumber, PostalCode, TaxNumber,
    fold_for_search,
};

/// Everything the account page and `GET /api/v1/me` show.
#[derive(Debug, Clone)]
pub struct Profile {
    pub citizen: Citizen,
    pub level: AssuranceLevel,
    pub verification: Option<VerificationSummary>,
}

/// A change a citizen asks for; `None` leaves a field as it is. E-mail and address changes
/// need the current password.
#[derive(Debug, Clone, Default)]
pub struct ContactInput {
    pub email: Option<String>,
    /// `Some("")` clears the phone number.
    pub phone: Option<String>,
    pub address: Option<super::AddressInput>,
    pub current_password: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub father_name: Option<String>,
    pub birth_date: Option<String>,
    /// `Some("")` clears the tax number.
    pub tax_number: Option<String>,
}

impl ContactInput {
    fn touches_identity(&self) -> bool {
        self.given_name.is_some()
            || self.family_name.is_some()
            || self.father_name.is_some()
            || self.birth_date.is_some()
            || self.tax_number.is_some()
    }
}

impl App {
    pub async fn citizen_profile(&self, who: &CitizenPrincipal) -> Result<Profile, AppError> {
        let citizen = citizens::get(self.db(), &who.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let level = citizen.level;
        let verification = verifications::current(self.db(), &who.id).await?;
        Ok(Profile {
            citizen,
            level,
            verification,
        })
    }

    /// Whether a password passes the policy for this citizen; a field error if not.
    pub(super) fn check_password_policy(
        &self,
        password: &Password,
        citizen: &Citizen,
    ) -> Result<(), AppError> {
        let context = PasswordContext {
            username: &citizen.username,
            given_name: &citizen.given_name,
            family_name: &citizen.family_name,
            email: &citizen.email,
            tax_number: citizen.tax_number.as_deref(),
        };
        check_policy(password, &context).map_err(|e| AppError::field("password", e.code()))
    }

    /// Re-authentication for sensitive changes: the current password, checked like a login and
    /// counted on the login's per-account throttle (someone holding a stolen session must not
    /// be able to guess the password here either).
    async fn confirm_password(
        &self,
        citizen: &Citizen,
        field: &str,
        given: Option<&str>,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let Some(given) = given.filter(|p| !p.is_empty()) else {
            return Err(AppError::field(field, "required"));
        };
        let account_key = super::login::account_key(&citizen.username);
        self.refuse_while_blocked(
            &[&account_key],
            "citizen.password_check",
            &citizen.username,
            client,
        )
        .await?;
        let stored = citizens::password_hash(self.db(), &citizen.id).await?;
        let valid = match Password::parse(given) {
            Ok(p) => matches!(
                self.settings().hasher.verify(&p, stored.as_deref()).await,
                Verification::Valid { .. }
            ),
            Err(_) => false,
        };
        if valid {
            Ok(())
        } else {
            self.record_account_failure(&account_key, dimos_db::clock::now())
                .await?;
            let mut entry = citizen_audit(&citizen.id, "citizen.password_check", client);
            entry.outcome = dimos_domain::AuditOutcome::Failure;
            audit::append_alone(self.db(), &entry).await?;
            Err(AppError::field(field, "incorrect"))
        }
    }

    /// Changes contact details (and, while Level A, identity details). A changed e-mail must be
    /// confirmed again; the old address is told of e-mail and address changes.
    pub async fn update_citizen(
        &self,
        who: &CitizenPrincipal,
        input: &ContactInput,
        client: &ClientInfo,
    ) -> Result<Profile, AppError> {
        let before = citizens::get(self.db(), &who.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let today = crate::clock::today();
        let mut check = FieldCheck::default();
        let email = input
            .email
            .as_deref()
            .and_then(|v| check.take("email", Email::parse(v)));
        let phone = match input.phone.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(v) => check
                .take("phone", PhoneNumber::parse(v))
                .map(|p| Some(p.as_str().to_owned())),
        };
        let address = input.address.as_ref().and_then(|a| {
            let street = address_line(&mut check, "address.street", &a.street);
            let postal = check.take("address.postal_code", PostalCode::parse(&a.postal_code));
            let city = address_line(&mut check, "address.city", &a.city);
            Some((street?, postal?.as_str().to_owned(), city?))
        });
        let identity = if input.touches_identity() {
            if before.level != AssuranceLevel::A {
                for (field, given) in [
                    ("given_name", &input.given_name),
                    ("family_name", &input.family_name),
                    ("father_name", &input.father_name),
                    ("birth_date", &input.birth_date),
                    ("tax_number", &input.tax_number),
                ] {
                    if given.is_some() {
                        check.add(field, "locked_after_certification");
                    }
                }
                None
            } else {
                Some(IdentityChange {
                    given_name: input
                        .given_name
                        .as_deref()
                        .and_then(|v| check.take("given_name", PersonName::parse(v)))
                        .map(|n| n.as_str().to_owned()),
                    family_name: input
                        .family_name
                        .as_deref()
                        .and_then(|v| check.take("family_name", PersonName::parse(v)))
                        .map(|n| (n.as_str().to_owned(), fold_for_search(n.as_str()))),
                    father_name: input
                        .father_name
                        .as_deref()
                        .and_then(|v| check.take("father_name", PersonName::parse(v)))
                        .map(|n| n.as_str().to_owned()),
                    birth_date: input
                        .birth_date
                        .as_deref()
                        .and_then(|v| check.take("birth_date", BirthDate::parse(v, today)))
                        .map(|d| d.to_string()),
                    tax_number: match input.tax_number.as_deref().map(str::trim) {
                        None => None,
                        Some("") => Some(None),
                        Some(v) => check
                            .take("tax_number", TaxNumber::parse(v))
                            .map(|t| Some(t.as_str().to_owned())),
                    },
                })
            }
        } else {
            None
        };
        check.finish()?;
        let email_changes = email.as_ref().is_some_and(|e| e.as_str() != before.email);
        let address_changes = address.as_ref().is_some_and(|(s, p, c)| {
            (s, p, c) != (&before.street, &before.postal_code, &before.city)
        });
        if email_changes || address_changes {
            self.confirm_password(
                &before,
                "current_password",
                input.current_password.as_deref(),
                client,
            )
            .await?;
        }
        let change = ContactChange {
            email: email
                .filter(|_| email_changes)
                .map(|e| e.as_str().to_owned()),
            phone,
            address: address.filter(|_| address_changes),
            identity,
        };
        let mut changed: Vec<&str> = Vec::new();
        if change.email.is_some() {
            changed.push("email");
        }
        if change.phone.is_some() {
            changed.push("phone");
        }
        if change.address.is_some() {
            changed.push("address");
        }
        if change.identity.is_some() {
            changed.push("identity");
        }
        let mut tx = self.db().begin().await?;
        citizens::update_contact(&mut tx, &who.id, &change).await?;
        if !changed.is_empty() {
            let mut entry = citizen_audit(&who.id, "citizen.profile_changed", client);
            entry.details = serde_json::json!({ "changed": changed }).to_string();
            audit::append(&mut tx, &entry).await?;
        }
        let municipality = (
            self.settings().municipality_el.as_str(),
            self.settings().municipality_en.as_str(),
        );
        // A walk-in registered without an address has no old address to tell.
        let has_address = !before.email.is_empty();
        if let Some(new_email) = &change.email {
            if has_address {
                queue(
                    &mut tx,
                    &AccountMail::ContactChanged {
                        what: "mail-changed-email",
                    }
                    .to(&before.email, &before.given_name, municipality)?,
                )
                .await?;
            }
            self.queue_email_confirmation(&mut tx, &who.id, new_email, &before.given_name)
                .await?;
        }
        if change.address.is_some() && has_address {
            queue(
                &mut tx,
                &AccountMail::ContactChanged {
                    what: "mail-changed-address",
                }
                .to(&before.email, &before.given_name, municipality)?,
            )
            .await?;
        }
        tx.commit().await?;
        self.citizen_profile(who).await
    }

    /// Changes the password (the current one is required); ends every other session.
    pub async fn change_citizen_password(
        &self,
        who: &CitizenPrincipal,
        current: &str,
        new: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let citizen = citizens::get(self.db(), &who.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut check = FieldCheck::default();
        let password = check.take("new_password", Password::parse(new));
        check.finish()?;
        let password = password.expect("parsed when the check passed");
        self.check_password_policy(&password, &citizen)
            .map_err(|e| e.renamed_field("password", "new_password"))?;
        self.confirm_password(&citizen, "current_password", Some(current), client)
            .await?;
        let hash = self
            .settings()
            .hasher
            .hash(&password)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let mut tx = self.db().begin().await?;
        citizens::set_password_hash(&mut tx, &who.id, &hash).await?;
        sessions::delete_all_but(
            &mut tx,
            PrincipalKind::Citizen,
            &who.id,
            Some(&who.session_id),
        )
        .await?;
        audit::append(
            &mut tx,
            &citizen_audit(&who.id, "citizen.password_changed", client),
        )
        .await?;
        let municipality = (
            self.settings().municipality_el.as_str(),
            self.settings().municipality_en.as_str(),
        );
        if !citizen.email.is_empty() {
            queue(
                &mut tx,
                &AccountMail::PasswordChanged.to(
                    &citizen.email,
                    &citizen.given_name,
                    municipality,
                )?,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
