//! «Εγγραφείτε με μια απλή επίσκεψη στο Δήμο»: a verifier registers a person at the counter
//! from their document, Level B at once, and hands over an activation code; with it the
//! citizen chooses their own username and password.
//!
//! The e-mail address given at the counter was typed by staff, so it counts as unconfirmed:
//! the usual confirmation link is mailed along with the activation code. A person registered
//! without an address has nothing to confirm and may submit requests once activated.

use crate::citizens::login::{FORGET_AFTER_MS, LoginOutcome, block_ms};
use crate::citizens::mails::AccountMail;
use crate::citizens::register::address_line;
use crate::citizens::{AddressInput, citizen_audit};
use crate::passwords::{PasswordContext, check_policy};
use crate::staff::StaffPrincipal;
use crate::tokens::token_hash;
use crate::verification::{DocumentInput, check_document, may_certify, tax_conflict};
use crate::{App, AppError, ClientInfo, FieldCheck};
use dimos_db::audit::{self, NewAuditEntry};
use dimos_db::citizens::{self, NewCitizen};
use dimos_db::clock::now;
use dimos_db::sessions::Channel;
use dimos_db::{activations, catalogue, throttle};
use dimos_domain::{
    AuditActorKind, AuditOutcome, BirthDate, Email, Password, PersonName, PhoneNumber, PostalCode,
    TaxNumber, Timestamp, Username, fold_for_search,
};
use serde::Deserialize;

/// An activation code is good for this long.
pub const ACTIVATION_VALIDITY_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// Refused activations from one client address before each further one is delayed (doubling,
/// as for logins).
const ADDRESS_FREE_FAILURES: i64 = 10;
/// Letters and digits that cannot be mistaken for one another on paper (Crockford's base 32).
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_CHARS: usize = 12;
/// The password hash of an account not yet activated: it parses as no hash, so no password
/// ever matches it.
const NO_PASSWORD: &str = "!not-activated";

/// What the verifier types from the person's document and what the person tells, unparsed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WalkIn {
    pub given_name: String,
    pub family_name: String,
    pub father_name: String,
    /// `YYYY-MM-DD`
    pub birth_date: String,
    #[serde(default)]
    pub tax_number: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    pub address: AddressInput,
    pub document_type: String,
    pub document_number: String,
    pub issuing_authority: String,
    /// ISO 3166-1 alpha-2, for a foreign passport.
    #[serde(default)]
    pub issuing_country: Option<String>,
    /// `YYYY-MM-DD`
    pub expires_on: String,
    /// The office code.
    pub office: String,
}

/// A walk-in registered: the account and the code handed to the person (shown once).
#[derive(Debug, Clone)]
pub struct WalkInRegistered {
    pub id: String,
    pub activation_code: String,
}

/// What the citizen types to activate their account, unparsed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Activation {
    pub code: String,
    pub username: String,
    pub password: String,
}

/// The username a walk-in account has until the citizen chooses theirs.
fn placeholder_username(id: &str) -> String {
    format!("{PLACEHOLDER_PREFIX}{id}")
}
const PLACEHOLDER_PREFIX: &str = "walk-in:";

/// Whether an account is a walk-in's that has not been activated yet (its username is still
/// the placeholder, which no one can choose).
pub fn awaits_activation(username: &str) -> bool {
    username.starts_with(PLACEHOLDER_PREFIX)
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A fresh code of 60 random bits, grouped for reading aloud: `7KQM-2XWD-9BHT`.
pub fn new_activation_code() -> String {
    let mut bytes = [0_u8; CODE_CHARS];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(b % 32)]))
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A code as typed: case, spaces and dashes do not matter, and the letters O, I and L read as
/// the digits they look like.
pub fn normalize_activation_code(typed: &str) -> String {
    typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

impl App {
    /// Registers a person at the counter from their document (verifiers and admins): Level B
    /// at once, a verification recorded as certification records it, one certified account per
    /// tax number. Returns the activation code, which is stored only as a hash.
    pub async fn register_walk_in(
        &self,
        who: &StaffPrincipal,
        input: &WalkIn,
        client: &ClientInfo,
    ) -> Result<WalkInRegistered, AppError> {
        may_certify(who)?;
        let today = crate::clock::today();
        let mut check = FieldCheck::default();
        let offices = catalogue::offices(self.db()).await?;
        let document = check_document(
            &DocumentInput {
                document_type: input.document_type.clone(),
                document_number: input.document_number.clone(),
                issuing_authority: input.issuing_authority.clone(),
                issuing_country: input.issuing_country.clone(),
                expires_on: input.expires_on.clone(),
                office: input.office.clone(),
            },
            &offices,
            today,
            &mut check,
        );
        let given_name = check.take("given_name", PersonName::parse(&input.given_name));
        let family_name = check.take("family_name", PersonName::parse(&input.family_name));
        let father_name = check.take("father_name", PersonName::parse(&input.father_name));
        let birth_date = check.take("birth_date", BirthDate::parse(&input.birth_date, today));
        let tax_number =
            present(&input.tax_number).and_then(|v| check.take("tax_number", TaxNumber::parse(v)));
        let email = present(&input.email).and_then(|v| check.take("email", Email::parse(v)));
        let phone = present(&input.phone).and_then(|v| check.take("phone", PhoneNumber::parse(v)));
        let street = address_line(&mut check, "address.street", &input.address.street);
        let postal_code = check.take(
            "address.postal_code",
            PostalCode::parse(&input.address.postal_code),
        );
        let city = address_line(&mut check, "address.city", &input.address.city);
        check.finish()?;
        let (Some(document), Some(given), Some(family), Some(father), Some(birth)) =
            (document, given_name, family_name, father_name, birth_date)
        else {
            unreachable!("every field parsed when the check passed")
        };
        let (Some(street), Some(postal_code), Some(city)) = (street, postal_code, city) else {
            unreachable!("every field parsed when the check passed")
        };
        let id = uuid::Uuid::now_v7().to_string();
        if let Some(tax) = &tax_number
            && citizens::tax_number_verified_elsewhere(self.db(), tax.as_str(), &id).await?
        {
            return Err(tax_conflict());
        }
        let citizen = NewCitizen {
            // Not a username anyone can type (a colon is never allowed): the citizen chooses
            // theirs at activation.
            username: placeholder_username(&id),
            id,
            password_hash: NO_PASSWORD.to_owned(),
            email: email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            given_name: given.as_str().to_owned(),
            family_name: family.as_str().to_owned(),
            family_name_folded: fold_for_search(family.as_str()),
            father_name: father.as_str().to_owned(),
            birth_date: birth.to_string(),
            tax_number: tax_number.as_ref().map(|t| t.as_str().to_owned()),
            social_security_number: None,
            phone: phone.map(|p| p.as_str().to_owned()),
            street,
            postal_code: postal_code.as_str().to_owned(),
            city,
        };
        let code = new_activation_code();
        let now = now();
        let mut tx = self.db().begin().await?;
        citizens::insert(&mut tx, &citizen).await?;
        match citizens::certify_walk_in(
            &mut tx,
            &citizen.id,
            tax_number.as_ref().map(TaxNumber::as_str),
        )
        .await
        {
            Err(e) if e.is_unique_violation() => return Err(tax_conflict()),
            other => other?,
        }
        self.insert_verification(&mut tx, &citizen.id, &who.id, &document, now)
            .await?;
        activations::insert(
            &mut tx,
            &token_hash(&normalize_activation_code(&code)),
            &citizen.id,
            &who.id,
            now,
            now.plus_millis(ACTIVATION_VALIDITY_MS),
        )
        .await?;
        let mut entry = crate::verification::citizen_audit(
            who,
            "citizen.walk_in_registered",
            client,
            &citizen.id,
        );
        entry.details = serde_json::json!({
            "office": document.office,
            "document_type": document.document_type.as_str(),
            "issuing_country": document.issuing_country.map(dimos_domain::Country::code),
            "document": document.number.masked(),
            "email_given": !citizen.email.is_empty(),
        })
        .to_string();
        audit::append(&mut tx, &entry).await?;
        if !citizen.email.is_empty() {
            let mail = AccountMail::WalkInActivation {
                code: &code,
                public_url: &self.settings().public_url,
            }
            .to(&citizen.email, &citizen.given_name, self.municipality())?;
            crate::mail::queue(&mut tx, &mail).await?;
            self.queue_email_confirmation(
                &mut tx,
                &citizen.id,
                &citizen.email,
                &citizen.given_name,
            )
            .await?;
        }
        tx.commit().await?;
        tracing::info!(citizen = %citizen.id, "walk-in registered at the counter");
        Ok(WalkInRegistered {
            id: citizen.id,
            activation_code: code,
        })
    }

    /// Activates a walk-in account with its code: the citizen's own username and password, and
    /// a session. A reused, expired or unknown code gets the same refusal, and each counts
    /// against the client's address as a failed login does. A taken username leaves the code
    /// good.
    pub async fn activate_citizen(
        &self,
        input: &Activation,
        channel: Channel,
        client: &ClientInfo,
    ) -> Result<LoginOutcome, AppError> {
        let mut check = FieldCheck::default();
        for (field, value) in [
            ("code", input.code.trim()),
            ("username", input.username.trim()),
            ("password", input.password.as_str()),
        ] {
            if value.is_empty() {
                check.add(field, "required");
            }
        }
        check.finish()?;
        let now = now();
        let address_key = format!("activation-ip:{}", client.ip);
        let blocked_until = throttle::blocked_until(self.db(), &[&address_key]).await?;
        if blocked_until > now {
            self.count_throttled("citizen.activation", "", &client.ip, now);
            return Err(AppError::TooManyAttempts {
                retry_after_secs: crate::client_throttle::retry_after_secs(blocked_until, now),
            });
        }
        let code_hash = token_hash(&normalize_activation_code(&input.code));
        let Some(citizen_id) = activations::peek(self.db(), &code_hash, now).await? else {
            return Err(self.refuse_activation(&address_key, client, now).await?);
        };
        let citizen = citizens::get(self.db(), &citizen_id)
            .await?
            .ok_or(AppError::InvalidCredentials)?;
        let mut check = FieldCheck::default();
        let username = check.take("username", Username::parse(&input.username));
        let password = check.take("password", Password::parse(&input.password));
        if let Some(password) = &password {
            let context = PasswordContext {
                username: username
                    .as_ref()
                    .map_or(input.username.as_str(), |u| u.as_str()),
                given_name: &citizen.given_name,
                family_name: &citizen.family_name,
                email: &citizen.email,
                tax_number: citizen.tax_number.as_deref(),
            };
            if let Err(e) = check_policy(password, &context) {
                check.add("password", e.code());
            }
        }
        check.finish()?;
        let (Some(username), Some(password)) = (username, password) else {
            unreachable!("both parsed when the check passed")
        };
        if citizens::username_exists(self.db(), username.as_str()).await? {
            return Err(AppError::UsernameTaken);
        }
        let password_hash = self
            .settings()
            .hasher
            .hash(&password)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let mut tx = self.db().begin().await?;
        let Some(citizen_id) = activations::use_code(&mut tx, &code_hash, now).await? else {
            // Used meanwhile by a concurrent activation.
            drop(tx);
            return Err(self.refuse_activation(&address_key, client, now).await?);
        };
        match citizens::set_credentials(&mut tx, &citizen_id, username.as_str(), &password_hash)
            .await
        {
            Err(e) if e.is_unique_violation() => return Err(AppError::UsernameTaken),
            other => other?,
        }
        let (token, session_id, expires_at) = self
            .open_citizen_session(&mut tx, &citizen_id, channel, client, now)
            .await?;
        let mut entry = citizen_audit(&citizen_id, "citizen.activated", client);
        entry.details = serde_json::json!({ "channel": channel.as_str() }).to_string();
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        let level = citizen.level;
        Ok(LoginOutcome {
            token,
            session_id,
            expires_at,
            level,
        })
    }

    /// Counts a refused code against the address, audits it, and answers as a wrong password.
    async fn refuse_activation(
        &self,
        address_key: &str,
        client: &ClientInfo,
        now: Timestamp,
    ) -> Result<AppError, AppError> {
        throttle::record_failure(
            self.db(),
            address_key,
            now,
            now.minus_millis(FORGET_AFTER_MS),
            |f| block_ms(f, ADDRESS_FREE_FAILURES),
        )
        .await?;
        let mut entry = NewAuditEntry::new(AuditActorKind::Anonymous, None, "citizen.activation");
        entry.outcome = AuditOutcome::Failure;
        entry.client_ip = client.ip.clone();
        audit::append_alone(self.db(), &entry).await?;
        Ok(AppError::InvalidCredentials)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_random_grouped_and_unambiguous() {
        let a = new_activation_code();
        assert_ne!(a, new_activation_code());
        assert_eq!(a.len(), 14);
        assert_eq!(a.matches('-').count(), 2);
        assert!(
            a.chars()
                .all(|c| c == '-' || CODE_ALPHABET.contains(&(c as u8)))
        );
        assert!(!a.contains(['I', 'L', 'O', 'U']));
    }

    #[test]
    fn a_code_reads_the_same_however_it_is_typed() {
        assert_eq!(normalize_activation_code("7kqm-2xwd 9bht"), "7KQM2XWD9BHT");
        assert_eq!(normalize_activation_code(" oIl1-"), "0111");
        assert_eq!(
            normalize_activation_code("7KQM-2XWD-9BHT"),
            normalize_activation_code("7kqm2xwd9bht")
        );
    }
}
