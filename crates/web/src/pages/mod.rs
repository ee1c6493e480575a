//! Server-rendered pages: askama templates, Fluent strings, no JavaScript.

mod account;
mod activate;
mod activity;
mod attachments;
mod catalogue;
mod certification;
mod csrf;
pub(crate) mod date_input;
mod documents;
mod email_links;
mod forms;
mod inputs;
mod local_time;
mod login;
mod money;
mod notice;
mod offices;
mod public;
mod records;
mod register;
mod requests;
mod schedule;
mod staff;
pub mod visitor;

use crate::assets::asset_url;
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

pub fn routes() -> Router<AppState> {
    public::routes()
        .merge(activity::routes())
        .merge(login::routes())
        .merge(staff::routes())
        .merge(register::routes())
        .merge(activate::routes())
        .merge(email_links::routes())
        .merge(account::routes())
        .merge(records::routes())
        .merge(requests::routes())
        .merge(attachments::routes())
}

pub use csrf::guard as csrf_guard;

/// What every page's layout needs: the language, the municipality's name, where we are.
pub struct Chrome {
    pub lang: Lang,
    pub municipality: String,
    /// The current path (without query), for the language switch and the active menu item.
    pub path: String,
    /// The logged-in citizen's username, for the header.
    pub signed_in: Option<String>,
    /// The CSRF token for forms on the page (the header's logout button too).
    pub csrf: String,
    /// The logged-in member of staff's name, on staff pages.
    pub staff: Option<String>,
    /// The main menu: (path, Fluent key).
    pub nav: Vec<(&'static str, &'static str)>,
    /// Where the language switch leads: this page with its query, `lang=` aside.
    pub here: String,
    /// On staff pages of a fresh install: the seeded offices' details are still placeholders.
    pub setup_banner: Option<SetupBanner>,
}

/// Who reads the «complete the offices» banner: the admin, who can (with a link), or other
/// staff, who are told the administrator has not yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupBanner {
    Admin,
    OtherStaff,
}

/// The public menu.
const PUBLIC_NAV: [(&str, &str); 4] = [
    ("/", "nav-home"),
    ("/certification", "nav-certification"),
    ("/services", "nav-services"),
    ("/offices", "nav-offices"),
];

impl Chrome {
    pub fn new(state: &AppState, lang: Lang, path: &str) -> Chrome {
        let (el, en) = state.app.municipality_name();
        Chrome {
            lang,
            municipality: lang.pick(&el, &en).to_owned(),
            path: path.to_owned(),
            signed_in: None,
            csrf: String::new(),
            staff: None,
            nav: PUBLIC_NAV.to_vec(),
            here: path.to_owned(),
            setup_banner: None,
        }
    }

    /// The chrome for a visitor: their language, and whether and as whom they are logged in.
    pub fn for_visitor(state: &AppState, visitor: &visitor::Visitor, path: &str) -> Chrome {
        Chrome {
            signed_in: visitor.citizen.as_ref().map(|c| c.username.clone()),
            csrf: visitor.csrf.clone(),
            here: visitor.here.clone(),
            ..Chrome::new(state, visitor.lang, path)
        }
    }

    /// The translated text of a Fluent message.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The banner's sentence, and the link to the offices admin for an admin.
    pub fn setup_banner_text(&self) -> Option<(String, Option<String>)> {
        match self.setup_banner? {
            SetupBanner::Admin => Some((
                self.t("setup-banner-admin"),
                Some(self.t("setup-banner-admin-link")),
            )),
            SetupBanner::OtherStaff => Some((self.t("setup-banner-staff"), None)),
        }
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// The other languages, with the link that switches to each.
    pub fn other_languages(&self) -> Vec<(&'static str, String, String)> {
        Lang::ALL
            .into_iter()
            .filter(|l| *l != self.lang)
            .map(|l| {
                (
                    l.code(),
                    format!(
                        "{}{}lang={}",
                        self.here,
                        if self.here.contains('?') { '&' } else { '?' },
                        l.code()
                    ),
                    l.t("language-name"),
                )
            })
            .collect()
    }

    pub fn css_url(&self) -> String {
        asset_url("site.css")
    }

    pub fn icon_url(&self) -> String {
        asset_url("favicon.svg")
    }

    /// `aria-current="page"` belongs on the menu link of the page we are on.
    /// A section's item is current on its sub-pages too (but home on itself only).
    pub fn is_current(&self, path: &str) -> bool {
        self.path == path
            || (path != "/" && path != "/staff" && self.path.starts_with(&format!("{path}/")))
    }
}

/// Renders a template into an HTML answer with the given status.
pub fn render(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, [(header::CACHE_CONTROL, "no-cache")], Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "pages/error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    title_key: &'static str,
    text_key: &'static str,
}

/// A friendly page for an error status.
pub fn error_page(state: &AppState, lang: Lang, status: StatusCode) -> Response {
    let (title_key, text_key) = match status {
        StatusCode::NOT_FOUND => ("error-not-found-title", "error-not-found-text"),
        StatusCode::PAYLOAD_TOO_LARGE => ("error-too-large-title", "error-too-large-text"),
        StatusCode::REQUEST_TIMEOUT => ("error-timeout-title", "error-timeout-text"),
        StatusCode::FORBIDDEN => ("error-forbidden-title", "error-forbidden-text"),
        StatusCode::BAD_REQUEST => ("error-bad-request-title", "error-bad-request-text"),
        StatusCode::SERVICE_UNAVAILABLE => ("error-busy-title", "error-busy-text"),
        StatusCode::TOO_MANY_REQUESTS => ("error-too-many-title", "error-too-many-text"),
        _ => ("error-internal-title", "error-internal-text"),
    };
    // No path: the language switch then links to `?lang=…` of whatever URL failed, and no menu
    // item claims to be the current page.
    let page = ErrorPage {
        chrome: Chrome::new(state, lang, ""),
        status: status.as_u16(),
        title_key,
        text_key,
    };
    render(status, &page)
}

/// Why a page handler could not answer: it renders itself as the friendly error page, so page
/// handlers return `Result<Response, PageError>` and use `?` on use cases.
///
/// A use case's failure answers 429 with `Retry-After` for a throttle,
/// 503 with `Retry-After` when the database was only too busy, 404 for `NotFound`, 403 for
/// `Forbidden`, else the logged 500. The page itself is drawn by the `error_pages` layer, which
/// knows the portal and the visitor's language.
#[derive(Debug)]
pub enum PageError {
    /// A use case refused or failed.
    App(dimos_app::AppError),
    /// A plain status page (404, 403, 400 …).
    Status(StatusCode),
}

impl From<dimos_app::AppError> for PageError {
    fn from(error: dimos_app::AppError) -> PageError {
        PageError::App(error)
    }
}

/// Marks a bare answer that the `error_pages` layer must draw as the friendly error page.
#[derive(Debug, Clone, Copy)]
pub struct DrawErrorPage;

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::Status(status) => drawn_error_page(status, None),
            PageError::App(error) => PageError::answer(&error),
        }
    }
}

impl PageError {
    /// The answer to a use case's failure that the caller only borrows, as `?` answers it.
    pub fn answer(error: &dimos_app::AppError) -> Response {
        let (status, retry_after) = page_status(error);
        drawn_error_page(status, retry_after)
    }
}

/// A bare `status` (with `Retry-After`) that the `error_pages` layer draws as the error page.
fn drawn_error_page(status: StatusCode, retry_after: Option<u64>) -> Response {
    let mut response = status.into_response();
    response.extensions_mut().insert(DrawErrorPage);
    if let Some(secs) = retry_after {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(secs),
        );
    }
    response
}

/// The status (and `Retry-After`) a use case's failure answers with on a page; logs the
/// failures that are ours.
fn page_status(error: &dimos_app::AppError) -> (StatusCode, Option<u64>) {
    use dimos_app::AppError;
    match error {
        AppError::TooManyAttempts { retry_after_secs } => (
            StatusCode::TOO_MANY_REQUESTS,
            Some((*retry_after_secs).max(1)),
        ),
        AppError::Db(e) if e.is_busy() => {
            tracing::warn!(error = %e, "the database is too busy: answered 503");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Some(crate::error::BUSY_RETRY_AFTER_SECS),
            )
        }
        AppError::NotFound => (StatusCode::NOT_FOUND, None),
        AppError::Forbidden => (StatusCode::FORBIDDEN, None),
        other => {
            tracing::error!(error = %other, "page data could not be loaded");
            (StatusCode::INTERNAL_SERVER_ERROR, None)
        }
    }
}

/// A refused cross-origin form post.
fn forbidden_page(state: &AppState, request: &axum::extract::Request) -> Response {
    error_page(
        state,
        crate::i18n::negotiate(request.uri(), request.headers()),
        StatusCode::FORBIDDEN,
    )
}

/// Unknown paths: a JSON `not_found` under `/api/`, the friendly 404 page elsewhere.
pub async fn not_found_fallback(
    State(state): State<AppState>,
    lang: Lang,
    OriginalUri(uri): OriginalUri,
) -> Response {
    if uri.path().starts_with("/api/") {
        crate::error::ApiError::NotFound.into_response()
    } else {
        error_page(&state, lang, StatusCode::NOT_FOUND)
    }
}
