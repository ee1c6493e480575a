use super::citizen_audit;
use crate::passwords::{PasswordContext, check_policy};
use crate::{App, AppError, ClientInfo, FieldCheck};
use dimos_db::citizens::{self, NewCitizen};
use dimos_domain::{
    BirthDate, Email, Password, PersonName, PhoneNumber, PostalCode, SocialSecurityNumber,
    TaxNumber, Username, fold_for_search,
};
use serde::Deserialize;

/// What a citizen types into the registration form, unparsed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Registration {
    pub username: String,
    pub password: String,
    pub email: String,
    pub given_name: String,
    pub family_name: String,
    pub father_name: String,
    pub birth_date: String,
    #[serde(default)]
    pub tax_number: Option<String>,
    #[serde(default)]
    pub social_security_number: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    pub address: AddressInput,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AddressInput {
    pub street: String,
    pub postal_code: String,
    pub city: String,
}

#[derive(Debug, Clone)]
pub struct Registered {
    pub id: String,
    pub username: String,
}

/// Optional fields: blank means absent.
fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The longest street or city.
pub const ADDRESS_LINE_MAX: usize = 120;

/// Street and city: free text, but not empty and of a sane length.
pub(crate) fn address_line(check: &mut FieldCheck, field: &str, value: &str) -> Option<String> {
    let value = value.trim();
    match value.chars().count() {
        0 => check.add(field, "required"),
        n if n > ADDRESS_LINE_MAX => check.add(field, "too_long"),
        _ if value.chars().any(char::is_control) => check.add(field, "invalid_character"),
        _ => return Some(value.to_owned()),
    }
    None
}

/// A registration's fields, each parsed when it could be; the problems are in the check.
#[derive(Debug)]
pub(crate) struct RegistrationFields {
    pub(crate) username: Option<Username>,
    pub(crate) email: Option<Email>,
    pub(crate) given_name: Option<PersonName>,
    pub(crate) family_name: Option<PersonName>,
    pub(crate) father_name: Option<PersonName>,
    pub(crate) birth_date: Option<BirthDate>,
    pub(crate) tax_number: Option<TaxNumber>,
    pub(crate) ssn: Option<SocialSecurityNumber>,
    pub(crate) phone: Option<PhoneNumber>,
    pub(crate) street: Option<String>,
    pub(crate) postal_code: Option<PostalCode>,
    pub(crate) city: Option<String>,
    pub(crate) password: Option<Password>,
}

/// Every check of a registration that needs no store: each field, and the password policy.
pub(crate) fn check_registration(
    input: &Registration,
    today: jiff::civil::Date,
) -> (FieldCheck, RegistrationFields) {
    let mut check = FieldCheck::default();
    let username = check.take("username", Username::parse(&input.username));
    let email = check.take("email", Email::parse(&input.email));
    let given_name = check.take("given_name", PersonName::parse(&input.given_name));
    let family_name = check.take("family_name", PersonName::parse(&input.family_name));
    let father_name = check.take("father_name", PersonName::parse(&input.father_name));
    let birth_date = check.take("birth_date", BirthDate::parse(&input.birth_date, today));
    let tax_number =
        present(&input.tax_number).and_then(|v| check.take("tax_number", TaxNumber::parse(v)));
    let ssn = present(&input.social_security_number)
        .and_then(|v| check.take("social_security_number", SocialSecurityNumber::parse(v)));
    if let (Some(ssn), Some(birth)) = (&ssn, &birth_date)
        && !ssn.matches_birth_date(birth.date())
    {
        check.add("social_security_number", "birth_date_mismatch");
    }
    let phone = present(&input.phone).and_then(|v| check.take("phone", PhoneNumber::parse(v)));
    let street = address_line(&mut check, "address.street", &input.address.street);
    let postal_code = check.take(
        "address.postal_code",
        PostalCode::parse(&input.address.postal_code),
    );
    let city = address_line(&mut check, "address.city", &input.address.city);
    let password = check.take("password", Password::parse(&input.password));
    if let Some(password) = &password {
        let context = PasswordContext {
            username: username
                .as_ref()
                .map_or(input.username.as_str(), |u| u.as_str()),
            given_name: &input.given_name,
            family_name: &input.family_name,
            email: &input.email,
            tax_number: present(&input.tax_number),
        };
        if let Err(e) = check_policy(password, &context) {
            check.add("password", e.code());
        }
    }
    let fields = RegistrationFields {
        username,
        email,
        given_name,
        family_name,
        father_name,
        birth_date,
        tax_number,
        ssn,
        phone,
        street,
        postal_code,
        city,
        password,
    };
    (check, fields)
}

impl App {
    /// Registers a Level A citizen, queues the confirmation mail, audits. Every field is checked
    /// and every problem reported at once.
    pub async fn register_citizen(
        &self,
        input: &Registration,
        client: &ClientInfo,
    ) -> Result<Registered, AppError> {
        // Each registration mails a confirmation link: throttled per client address.
        self.mail_form_allowed("citizen.register", client).await?;
        let (mut check, fields) = check_registration(input, crate::clock::today());
        let RegistrationFields {
            username,
            email,
            given_name,
            family_name,
            father_name,
            birth_date,
            tax_number,
            ssn,
            phone,
            street,
            postal_code,
            city,
            password,
        } = fields;
        if let Some(username) = &username
            && !check.has("username")
            && citizens::username_exists(self.db(), username.as_str()).await?
        {
            // Alone it is a conflict (409); among other problems, one more field error.
            if check.is_empty() {
                return Err(AppError::UsernameTaken);
            }
            check.add("username", "taken");
        }
        check.finish()?;
        let (Some(username), Some(email), Some(given_name), Some(family_name), Some(father_name)) =
            (username, email, given_name, family_name, father_name)
        else {
            unreachable!("every field parsed when the check passed")
        };
        let (Some(birth_date), Some(street), Some(postal_code), Some(city), Some(password)) =
            (birth_date, street, postal_code, city, password)
        else {
            unreachable!("every field parsed when the check passed")
        };

        let password_hash = self
            .settings()
            .hasher
            .hash(&password)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let citizen = NewCitizen {
            id: uuid::Uuid::now_v7().to_string(),
            username: username.as_str().to_owned(),
            password_hash,
            email: email.as_str().to_owned(),
            given_name: given_name.as_str().to_owned(),
            family_name: family_name.as_str().to_owned(),
            family_name_folded: fold_for_search(family_name.as_str()),
            father_name: father_name.as_str().to_owned(),
            birth_date: birth_date.to_string(),
            tax_number: tax_number.map(|t| t.as_str().to_owned()),
            social_security_number: ssn.map(|s| s.as_str().to_owned()),
            phone: phone.map(|p| p.as_str().to_owned()),
            street,
            postal_code: postal_code.as_str().to_owned(),
            city,
        };
        let mut tx = self.db().begin().await?;
        match citizens::insert(&mut tx, &citizen).await {
            Err(e) if e.is_unique_violation() => return Err(AppError::UsernameTaken),
            other => other?,
        }
        dimos_db::audit::append(
            &mut tx,
            &citizen_audit(&citizen.id, "citizen.register", client),
        )
        .await?;
        self.queue_email_confirmation(&mut tx, &citizen.id, &citizen.email, &citizen.given_name)
            .await?;
        tx.commit().await?;
        self.count_mail_form(client).await?;
        tracing::info!(citizen = %citizen.id, "citizen registered");
        Ok(Registered {
            id: citizen.id,
            username: citizen.username,
        })
    }
}
