//! Settings the use cases need, decided at start-up.

use crate::passwords::PasswordHasher;
use crate::secret_box::SecretBox;
use dimos_i18n::Lang;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone)]
pub struct AppSettings {
    /// Public base URL (no trailing slash): links in e-mails are built from it only.
    pub public_url: String,
    pub municipality_el: String,
    pub municipality_en: String,
    /// A citizen's session ends after this long without activity …
    pub session_idle: Duration,
    /// … and at the latest this long after login.
    pub session_max: Duration,
    pub hasher: PasswordHasher,
    /// Seals secrets stored in the database (TOTP secrets, document numbers).
    pub secrets: SecretBox,
    /// Where files are kept: attachments, generated documents (`DIMOS_DATA_DIR`).
    pub data_dir: PathBuf,
    /// Mail-sending forms (registration, password reset, a new confirmation link) one client
    /// address may use in 10 minutes (`DIMOS_MAIL_FORMS_PER_CLIENT`).
    pub mail_forms_per_client: u32,
}

impl AppSettings {
    /// The municipality's name, Greek and English, until the operator or an admin sets it.
    pub fn default_municipality() -> (String, String) {
        let name = |lang: Lang| lang.t("municipality-default");
        (name(Lang::El), name(Lang::En))
    }

    pub fn new(public_url: &str, hasher: PasswordHasher, secrets: SecretBox) -> AppSettings {
        let (municipality_el, municipality_en) = Self::default_municipality();
        AppSettings {
            public_url: public_url.trim_end_matches('/').to_owned(),
            municipality_el,
            municipality_en,
            session_idle: Duration::from_secs(30 * 60),
            session_max: Duration::from_secs(12 * 60 * 60),
            hasher,
            secrets,
            data_dir: PathBuf::from("data"),
            mail_forms_per_client: 5,
        }
    }
}

impl std::fmt::Debug for AppSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppSettings")
            .field("public_url", &self.public_url)
            .field("session_idle", &self.session_idle)
            .field("session_max", &self.session_max)
            .finish_non_exhaustive()
    }
}
