use dimos_app::App;
use std::sync::Arc;
use std::time::Duration;

/// What the web layer needs to know about the site it serves.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The municipality's name, in Greek and in English, shown in every page's header.
    pub municipality_el: String,
    pub municipality_en: String,
    /// Public base URL, used in links in e-mails and documents.
    pub public_url: String,
    /// `Secure` + `__Host-` cookies and HSTS.
    pub secure_cookies: bool,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Longest a request may take before it is answered with a timeout.
    pub request_timeout: Duration,
    /// Take the client's address from `X-Forwarded-For` (only behind a trusted load balancer).
    pub trust_forwarded_for: bool,
}

impl SiteConfig {
    pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;
}

/// Shared by every handler: the application and the site's configuration.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub site: Arc<SiteConfig>,
}

impl AppState {
    pub fn new(app: App, site: SiteConfig) -> AppState {
        AppState {
            app,
            site: Arc::new(site),
        }
    }
}
