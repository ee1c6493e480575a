//! The municipality's settings: its name (shown in every page's header), contact details, and
//! the cash-on-delivery fee of a posted document. Stored one key per row; what was never saved
//! falls back to the configuration.

use super::euro::parse_euro;
use super::{NAME_MAX, admin_entry, commit_change, fields, require_admin};
use crate::staff::StaffPrincipal;
use crate::{App, AppError, ClientInfo, FieldCheck};
use dimos_db::admin;
use dimos_domain::{Cents, Email, PhoneNumber};
use serde_json::json;

const NAME_EL: &str = "municipality.name_el";
const NAME_EN: &str = "municipality.name_en";
const PHONE: &str = "municipality.phone";
const EMAIL: &str = "municipality.email";
const ADDRESS: &str = "municipality.address";
/// The same key the requests' cash-on-delivery amount is read from.
const COD_FEE: &str = "postal_cod_fee_cents";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MunicipalitySettings {
    pub name_el: String,
    pub name_en: String,
    /// Empty when not given.
    pub phone: String,
    pub email: String,
    pub address: String,
    /// What the post office collects for sending a document cash on delivery.
    pub cod_fee_cents: Cents,
}

/// The settings as the form sends them.
#[derive(Debug, Clone, Default)]
pub struct MunicipalitySettingsForm {
    pub name_el: String,
    pub name_en: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// Euro, as typed: "3,50" or "3.50".
    pub cod_fee: String,
}

impl App {
    /// The settings as stored, with the configured name where none was saved. Public: every
    /// page's header shows the name.
    pub async fn municipality_settings(&self) -> Result<MunicipalitySettings, AppError> {
        let stored = admin::settings(self.db()).await?;
        let get = |key: &str| {
            stored
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        Ok(MunicipalitySettings {
            name_el: get(NAME_EL).unwrap_or_else(|| self.settings().municipality_el.clone()),
            name_en: get(NAME_EN).unwrap_or_else(|| self.settings().municipality_en.clone()),
            phone: get(PHONE).unwrap_or_default(),
            email: get(EMAIL).unwrap_or_default(),
            address: get(ADDRESS).unwrap_or_default(),
            cod_fee_cents: crate::requests::stored_postal_fee(get(COD_FEE).as_deref()),
        })
    }

    /// Saves the whole settings form; returns what is now in force.
    pub async fn update_municipality_settings(
        &self,
        admin: &StaffPrincipal,
        form: &MunicipalitySettingsForm,
        client: &ClientInfo,
    ) -> Result<MunicipalitySettings, AppError> {
        require_admin(admin)?;
        let mut check = FieldCheck::default();
        let name_el = fields::required_line(&mut check, "name_el", &form.name_el, NAME_MAX);
        let name_en = fields::required_line(&mut check, "name_en", &form.name_en, NAME_MAX);
        let phone = fields::optional(&mut check, "phone", &form.phone, PhoneNumber::parse);
        let email = fields::optional(&mut check, "email", &form.email, Email::parse);
        let address = fields::optional_line(&mut check, "address", &form.address, 300);
        let cod_fee_cents = check.take("cod_fee", parse_euro(&form.cod_fee));
        check.finish()?;
        let saved = MunicipalitySettings {
            name_el,
            name_en,
            phone,
            email,
            address,
            cod_fee_cents: cod_fee_cents.unwrap_or(Cents::ZERO),
        };
        let cod_fee = saved.cod_fee_cents.get().to_string();
        let values = [
            (NAME_EL, saved.name_el.as_str()),
            (NAME_EN, saved.name_en.as_str()),
            (PHONE, saved.phone.as_str()),
            (EMAIL, saved.email.as_str()),
            (ADDRESS, saved.address.as_str()),
            (COD_FEE, cod_fee.as_str()),
        ];
        let mut tx = self.db().begin().await?;
        for (key, value) in values {
            admin::put_setting(&mut tx, key, value).await?;
        }
        let details: serde_json::Map<String, serde_json::Value> = values
            .iter()
            .map(|(k, v)| ((*k).to_owned(), json!(v)))
            .collect();
        let entry = admin_entry(
            admin,
            "admin.settings_updated",
            "settings",
            "municipality",
            serde_json::Value::Object(details),
            client,
        );
        commit_change(tx, &entry, false).await?;
        self.refresh_municipality_name().await?;
        Ok(saved)
    }
}
