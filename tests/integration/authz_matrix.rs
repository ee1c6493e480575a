//! The authorization matrix: every route of the portal (pages and API, method + path) × every
//! kind of principal, with the outcome each must meet — in one table, checked in one test.
//!
//! The table must name exactly the routes the router has: its list comes from the real router
//! (`dimos_web::route_table()`), so a route added without a row, or a row left behind for a route
//! that is gone, fails the test. Path parameters are filled with real ids from a fixture built
//! once at the start (a request of the Level B owner in the registry, its attachment, citizens,
//! a spare member of staff, spare catalogue entries, …), so an `ok` really reaches the handler.
//! Bodies are deliberately empty (`{}` on the API, only the CSRF token on a form), so an `ok`
//! is a validation error at most and changes nothing that later cells rely on — and a
//! validation error answered before the authorization check shows up as a wrong cell.
//! Each principal logs in once and goes down its column in its own task, so the cells also
//! put the portal under concurrent use.

use crate::support::accounts::PASSWORD;
use crate::support::accounts::{STAFF_PASSWORD, add_staff, code};
use crate::support::browser::hidden_value;
use crate::support::multipart::{content_type, multipart, pdf};
use crate::support::store::store;
use crate::support::{TestApp, spawn_app};
use dimos_app::ClientInfo;
use dimos_domain::{RecordKind, StaffRole};
use reqwest::{Client, Method, StatusCode, header};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

/// What a principal meets at a route.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Outcome {
    /// `ok`: past authorization — 2xx, a redirect elsewhere than a login page, or a 400/409/422
    /// about the (deliberately empty) body or the object's state.
    Allow,
    /// `lg`: not logged in as whom the route needs — API 401; a page redirects to its login page
    /// (`/staff/login` for staff pages, `/login` for the others).
    Login,
    /// `fb`: logged in, but not allowed — 403.
    Forbidden,
    /// `nf`: another person's object, or another department's request — 404, as if it did not
    /// exist.
    Hidden,
}

use Outcome::{Allow, Forbidden, Hidden, Login};

/// The principals, in the order of the table's columns.
const PRINCIPALS: [&str; 9] = [
    "anonymous",
    "Level A citizen",
    "Level B owner",
    "Level B other citizen",
    "clerk of the request's department",
    "clerk of another department",
    "verifier",
    "admin",
    "integration key",
];

/// Every route × every principal. Columns: anonymous, Level A citizen, the Level B owner of the
/// request/record addressed, another Level B citizen, a clerk of the request's department
/// (registry), a clerk of another department (treasury), a verifier, an admin, an integration
/// API key. `ok` Allow, `lg` Login, `fb` Forbidden (403), `nf` Hidden (404).
///
/// Principles: citizens and staff are separate realms — a staff session does not open a citizen
/// route nor the other way round (`lg`); an API key opens the record feeds only, and pages never;
/// another person's object is not found; Level A is refused (403) what needs Level B; a clerk
/// sees their own departments' requests only (another department's are not found); debts are
/// the treasury's to look at for a citizen.
const MATRIX: &str = "
# method route                                                   anon A  own oth clk clk2 ver adm key
# --- public pages and files
GET    /                                                         ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /certification                                            ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /services                                                 ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /offices                                                  ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /healthz                                                  ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /readyz                                                   ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /favicon.ico                                              ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /assets/{file}                                            ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /api/openapi.json                                         ok  ok  ok  ok  ok  ok  ok  ok  ok
# --- public forms: login, registration, e-mail links (a form carries whoever's token)
GET    /login                                                    ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /login                                                    ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /register                                                 ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /register                                                 ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /activate                                                 ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /activate                                                 ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /confirm-email                                            ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /confirm-email                                            ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /confirm-email/done                                       ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /password-reset                                           ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /password-reset                                           ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /password-reset/sent                                      ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /password-reset/confirm                                   ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /password-reset/confirm                                   ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /password-reset/done                                      ok  ok  ok  ok  ok  ok  ok  ok  ok
GET    /staff/login                                              ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /staff/login                                              ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /logout                                                   ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /staff/logout                                             ok  ok  ok  ok  ok  ok  ok  ok  ok
# --- the citizen's account (any level)
GET    /account                                                  lg  ok  ok  ok  lg  lg  lg  lg  lg
GET    /account/activity                                         lg  ok  ok  ok  lg  lg  lg  lg  lg
GET    /account/details                                          lg  ok  ok  ok  lg  lg  lg  lg  lg
POST   /account/details                                          lg  ok  ok  ok  lg  lg  lg  lg  lg
GET    /account/password                                         lg  ok  ok  ok  lg  lg  lg  lg  lg
POST   /account/password                                         lg  ok  ok  ok  lg  lg  lg  lg  lg
POST   /account/resend-confirmation                              lg  ok  ok  ok  lg  lg  lg  lg  lg
GET    /account/sessions                                         lg  ok  ok  ok  lg  lg  lg  lg  lg
POST   /account/sessions/end-others                              lg  ok  ok  ok  lg  lg  lg  lg  lg
POST   /account/sessions/{id}/end                                lg  nf  ok  nf  lg  lg  lg  lg  lg
GET    /account/export                                           lg  ok  ok  ok  lg  lg  lg  lg  lg
GET    /account/export.json                                      lg  ok  ok  ok  lg  lg  lg  lg  lg
# --- personal data: Level B only
GET    /account/debts                                            lg  fb  ok  ok  lg  lg  lg  lg  lg
GET    /account/fines                                            lg  fb  ok  ok  lg  lg  lg  lg  lg
GET    /account/pending                                          lg  fb  ok  ok  lg  lg  lg  lg  lg
# --- the citizen's requests
GET    /requests                                                 lg  ok  ok  ok  lg  lg  lg  lg  lg
GET    /requests/new                                             lg  ok  ok  ok  lg  lg  lg  lg  lg
POST   /requests/new                                             lg  ok  ok  ok  lg  lg  lg  lg  lg
GET    /requests/{id}                                            lg  nf  ok  nf  lg  lg  lg  lg  lg
GET    /requests/{id}/cancel                                     lg  nf  ok  nf  lg  lg  lg  lg  lg
POST   /requests/{id}/cancel                                     lg  nf  ok  nf  lg  lg  lg  lg  lg
POST   /requests/{id}/answer                                     lg  nf  ok  nf  lg  lg  lg  lg  lg
POST   /requests/{id}/attachments                                lg  nf  ok  nf  lg  lg  lg  lg  lg
GET    /requests/{id}/attachments/{attachment_id}                lg  nf  ok  nf  lg  lg  lg  lg  lg
# --- staff pages
GET    /staff                                                    lg  lg  lg  lg  ok  ok  ok  ok  lg
GET    /staff/account/password                                   lg  lg  lg  lg  ok  ok  ok  ok  lg
POST   /staff/account/password                                   lg  lg  lg  lg  ok  ok  ok  ok  lg
GET    /staff/requests                                           lg  lg  lg  lg  ok  ok  fb  ok  lg
GET    /staff/requests/dispatch                                  lg  lg  lg  lg  ok  ok  fb  ok  lg
POST   /staff/requests/dispatch                                  lg  lg  lg  lg  ok  ok  fb  ok  lg
GET    /staff/requests/{id}                                      lg  lg  lg  lg  ok  nf  fb  ok  lg
POST   /staff/requests/{id}/transition                           lg  lg  lg  lg  ok  nf  fb  ok  lg
POST   /staff/requests/{id}/attachments                          lg  lg  lg  lg  ok  nf  fb  ok  lg
GET    /staff/requests/{id}/attachments/{attachment_id}          lg  lg  lg  lg  ok  nf  fb  ok  lg
GET    /staff/citizens                                           lg  lg  lg  lg  fb  fb  ok  ok  lg
GET    /staff/citizens/new                                       lg  lg  lg  lg  fb  fb  ok  ok  lg
POST   /staff/citizens/new                                       lg  lg  lg  lg  fb  fb  ok  ok  lg
GET    /staff/citizens/{id}                                      lg  lg  lg  lg  fb  fb  ok  ok  lg
POST   /staff/citizens/{id}/certify                              lg  lg  lg  lg  fb  fb  ok  ok  lg
POST   /staff/citizens/{id}/revoke                               lg  lg  lg  lg  fb  fb  ok  ok  lg
POST   /staff/citizens/{id}/document                             lg  lg  lg  lg  fb  fb  ok  ok  lg
GET    /staff/citizens/{id}/receipt                              lg  lg  lg  lg  fb  fb  ok  ok  lg
GET    /staff/citizens/{id}/records                              lg  lg  lg  lg  fb  ok  fb  ok  lg
GET    /staff/audit                                              lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin                                              lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin/settings                                     lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/settings                                     lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin/departments                                  lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin/departments/new                              lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/departments/new                              lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin/departments/{code}                           lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/departments/{code}                           lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/departments/{code}/active                    lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/departments/{code}/delete                    lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin/offices                                      lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin/offices/new                                  lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/offices/new                                  lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin/offices/{code}                               lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/offices/{code}                               lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/offices/{code}/active                        lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin/services                                     lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin/services/new                                 lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/services/new                                 lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin/services/{code}                              lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/services/{code}                              lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/services/{code}/active                       lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin/staff                                        lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin/staff/new                                    lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/staff/new                                    lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin/staff/{id}                                   lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/staff/{id}                                   lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/staff/{id}/disabled                          lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/staff/{id}/reset-totp                        lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/staff/{id}/end-sessions                      lg  lg  lg  lg  fb  fb  fb  ok  lg
GET    /staff/admin/api-keys                                     lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/api-keys                                     lg  lg  lg  lg  fb  fb  fb  ok  lg
POST   /staff/admin/api-keys/{id}/revoke                         lg  lg  lg  lg  fb  fb  fb  ok  lg
# --- API: public
GET    /api/v1/services                                          ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /api/v1/citizens                                          ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /api/v1/email-confirmations                               ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /api/v1/sessions                                          ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /api/v1/password-resets                                   ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /api/v1/password-resets/confirm                           ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /api/v1/staff/sessions                                    ok  ok  ok  ok  ok  ok  ok  ok  ok
POST   /api/v1/activations                                       ok  ok  ok  ok  ok  ok  ok  ok  ok
# --- API: the citizen
DELETE /api/v1/sessions/current                                  lg  ok  ok  ok  lg  lg  lg  lg  lg
GET    /api/v1/me                                                lg  ok  ok  ok  lg  lg  lg  lg  lg
PATCH  /api/v1/me                                                lg  ok  ok  ok  lg  lg  lg  lg  lg
PUT    /api/v1/me/password                                       lg  ok  ok  ok  lg  lg  lg  lg  lg
GET    /api/v1/me/sessions                                       lg  ok  ok  ok  lg  lg  lg  lg  lg
DELETE /api/v1/me/sessions/{id}                                  lg  nf  ok  nf  lg  lg  lg  lg  lg
GET    /api/v1/me/export                                         lg  ok  ok  ok  lg  lg  lg  lg  lg
GET    /api/v1/me/debts                                          lg  fb  ok  ok  lg  lg  lg  lg  lg
GET    /api/v1/me/fines                                          lg  fb  ok  ok  lg  lg  lg  lg  lg
GET    /api/v1/me/pending                                        lg  fb  ok  ok  lg  lg  lg  lg  lg
GET    /api/v1/requests                                          lg  ok  ok  ok  lg  lg  lg  lg  lg
POST   /api/v1/requests                                          lg  ok  ok  ok  lg  lg  lg  lg  lg
GET    /api/v1/requests/{id}                                     lg  nf  ok  nf  lg  lg  lg  lg  lg
POST   /api/v1/requests/{id}/cancel                              lg  nf  ok  nf  lg  lg  lg  lg  lg
POST   /api/v1/requests/{id}/answer                              lg  nf  ok  nf  lg  lg  lg  lg  lg
GET    /api/v1/requests/{id}/attachments                         lg  nf  ok  nf  lg  lg  lg  lg  lg
POST   /api/v1/requests/{id}/attachments                         lg  nf  ok  nf  lg  lg  lg  lg  lg
GET    /api/v1/requests/{id}/attachments/{attachment_id}         lg  nf  ok  nf  lg  lg  lg  lg  lg
# --- API: staff
DELETE /api/v1/staff/sessions/current                            lg  lg  lg  lg  ok  ok  ok  ok  lg
PUT    /api/v1/staff/me/password                                 lg  lg  lg  lg  ok  ok  ok  ok  lg
GET    /api/v1/staff/requests                                    lg  lg  lg  lg  ok  ok  fb  ok  lg
GET    /api/v1/staff/requests/{id}                               lg  lg  lg  lg  ok  nf  fb  ok  lg
POST   /api/v1/staff/requests/{id}/transition                    lg  lg  lg  lg  ok  nf  fb  ok  lg
GET    /api/v1/staff/requests/{id}/attachments                   lg  lg  lg  lg  ok  nf  fb  ok  lg
POST   /api/v1/staff/requests/{id}/attachments                   lg  lg  lg  lg  ok  nf  fb  ok  lg
GET    /api/v1/staff/requests/{id}/attachments/{attachment_id}   lg  lg  lg  lg  ok  nf  fb  ok  lg
GET    /api/v1/staff/citizens                                    lg  lg  lg  lg  fb  fb  ok  ok  lg
POST   /api/v1/staff/citizens                                    lg  lg  lg  lg  fb  fb  ok  ok  lg
GET    /api/v1/staff/citizens/{id}                               lg  lg  lg  lg  fb  fb  ok  ok  lg
POST   /api/v1/staff/citizens/{id}/verification                  lg  lg  lg  lg  fb  fb  ok  ok  lg
DELETE /api/v1/staff/citizens/{id}/verification                  lg  lg  lg  lg  fb  fb  ok  ok  lg
PUT    /api/v1/staff/citizens/{id}/verification/document         lg  lg  lg  lg  fb  fb  ok  ok  lg
GET    /api/v1/staff/citizens/{id}/records/{kind}                lg  lg  lg  lg  fb  ok  fb  ok  lg
# --- API: back-office feeds
POST   /api/v1/records/{kind}                                    lg  lg  lg  lg  lg  lg  lg  lg  ok
";

/// Routes that end a session of the principal who calls them: they run after all the others, in
/// this order (the API session first: ending the page's other sessions would end it too).
const LAST: [(&str, &str); 5] = [
    ("DELETE", "/api/v1/sessions/current"),
    ("DELETE", "/api/v1/staff/sessions/current"),
    ("POST", "/account/sessions/end-others"),
    ("POST", "/logout"),
    ("POST", "/staff/logout"),
];

struct Row {
    method: String,
    route: String,
    cells: [Outcome; 9],
}

fn parse_matrix() -> Vec<Row> {
    MATRIX
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(words.len(), 11, "a matrix row has 11 words: {line}");
            let cells = std::array::from_fn(|i| match words[2 + i] {
                "ok" => Allow,
                "lg" => Login,
                "fb" => Forbidden,
                "nf" => Hidden,
                other => panic!("unknown cell {other:?} in: {line}"),
            });
            Row {
                method: words[0].to_owned(),
                route: words[1].to_owned(),
                cells,
            }
        })
        .collect()
}

/// One principal: a cookie jar for the pages (with their session, if any), the token their
/// forms carry, and the bearer token the API gets (the integration key for the key holder).
struct Principal {
    name: &'static str,
    client: Client,
    csrf: String,
    bearer: Option<String>,
    /// Whether the bearer goes to pages too (the key holder's: it must open nothing there).
    bearer_on_pages: bool,
}

/// The real ids the routes' parameters are filled with.
struct Fixture {
    /// The Level B owner's request in the registry, with an attachment.
    request: String,
    attachment: String,
    /// Another request of the owner's, for the cancel routes (a cancel is not undone).
    cancellable: String,
    /// The owner: a citizen to look at.
    owner_id: String,
    /// A Level A citizen who is certified and revoked (with empty bodies: refused).
    spare_citizen: String,
    /// The owner's spare sessions, one for the page's "end" button and one for the API.
    page_session: String,
    api_session: String,
    spare_staff: String,
    spare_key: String,
    department: String,
    doomed_department: String,
    office: String,
    service: String,
    asset: String,
}

impl Fixture {
    /// The concrete path for `route`, its parameters filled.
    fn path(&self, route: &str) -> String {
        let id = if route.contains("/requests/{id}/cancel") {
            &self.cancellable
        } else if route.contains("/requests/{id}") {
            &self.request
        } else if route.starts_with("/api/v1/me/sessions/") {
            &self.api_session
        } else if route.starts_with("/account/sessions/") {
            &self.page_session
        } else if route.contains("/verification")
            || route.ends_with("/certify")
            || (route.ends_with("/revoke") && route.starts_with("/staff/citizens"))
        {
            &self.spare_citizen
        } else if route.contains("/citizens/{id}") {
            &self.owner_id
        } else if route.starts_with("/staff/admin/staff/") {
            &self.spare_staff
        } else if route.starts_with("/staff/admin/api-keys/") {
            &self.spare_key
        } else {
            ""
        };
        let code = if route.ends_with("/delete") {
            &self.doomed_department
        } else if route.starts_with("/staff/admin/departments/") {
            &self.department
        } else if route.starts_with("/staff/admin/offices/") {
            &self.office
        } else {
            &self.service
        };
        let path = route
            .replace("{id}", id)
            .replace("{attachment_id}", &self.attachment)
            .replace("{code}", code)
            .replace("{kind}", "debts")
            .replace("{file}", &self.asset);
        assert!(!path.contains('{'), "unfilled parameter in {route}");
        if route == "/staff/citizens/{id}/records" {
            format!("{path}?kind=debts")
        } else {
            path
        }
    }
}

/// What came back, as one of the outcomes or as itself.
enum Got {
    Outcome(Outcome),
    Other(String),
}

impl fmt::Display for Got {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Got::Outcome(o) => write!(f, "{o:?}"),
            Got::Other(s) => f.write_str(s),
        }
    }
}

fn classify(route: &str, status: StatusCode, location: Option<&str>) -> Got {
    let api = route.starts_with("/api/");
    let login_page = if route.starts_with("/staff") {
        "/staff/login"
    } else {
        "/login"
    };
    if route.ends_with("/logout") && status.is_redirection() {
        // Logged out (or already out): sent on, to the login page for staff.
        return Got::Outcome(Allow);
    }
    let outcome = match status.as_u16() {
        401 if api => Login,
        403 => Forbidden,
        404 => Hidden,
        400 | 409 | 422 => Allow,
        _ if status.is_success() => Allow,
        _ if status.is_redirection() && !api => {
            let to = location.unwrap_or("");
            let bare = to.split('?').next().unwrap_or("");
            if bare == login_page {
                Login
            } else if bare == "/login" || bare == "/staff/login" {
                return Got::Other(format!("{} to the wrong login page {to}", status.as_u16()));
            } else {
                Allow
            }
        }
        _ => {
            return Got::Other(format!(
                "{}{}",
                status.as_u16(),
                location.map(|l| format!(" → {l}")).unwrap_or_default()
            ));
        }
    };
    Got::Outcome(outcome)
}

const BOUNDARY: &str = "dimos-test-boundary-0f9e8d7c6b5a";

/// Sends `method route` (filled in) as `who`, with a deliberately empty body.
async fn call(
    base: &str,
    fx: &Fixture,
    who: &Principal,
    csrf: &str,
    method: &str,
    route: &str,
) -> Got {
    let path = fx.path(route);
    let method: Method = method.parse().unwrap();
    let api = route.starts_with("/api/");
    let mut request = who
        .client
        .request(method.clone(), format!("{base}{path}"))
        .header(header::ORIGIN, base);
    if let Some(bearer) = &who.bearer
        && (api || who.bearer_on_pages)
    {
        request = request.bearer_auth(bearer);
    }
    let upload = method == Method::POST && route.ends_with("/attachments");
    if method != Method::GET {
        request = match (api, upload) {
            // No file part: the allowed get a 422, nothing is stored.
            (true, true) => request
                .header(header::CONTENT_TYPE, content_type())
                .body(format!("--{BOUNDARY}--\r\n")),
            (true, false) if route.starts_with("/api/v1/records/") => request.json(&json!([])),
            (true, false) => request.json(&json!({})),
            // The form's token comes first; no file chosen.
            (false, true) => request
                .header(header::CONTENT_TYPE, content_type())
                .body(multipart(&[("csrf_token", None, csrf.as_bytes())])),
            (false, false) => request.form(&[("csrf_token", csrf)]),
        };
    }
    let response = request.send().await.expect("request failed");
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    classify(route, response.status(), location.as_deref())
}

/// A Greek tax number with a valid check digit, from eight digits.
fn tax_number(first_eight: u32) -> String {
    let digits = format!("{first_eight:08}");
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') << (8 - i))
        .sum();
    format!("{digits}{}", sum % 11 % 10)
}

fn jar() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The token of the first form on `path` as `client` sees it.
async fn csrf_of(app: &TestApp, client: &Client, path: &str) -> String {
    csrf_at(&app.address, client, path).await
}

async fn csrf_at(base: &str, client: &Client, path: &str) -> String {
    let html = client
        .get(format!("{base}{path}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    hidden_value(&html, "csrf_token").unwrap_or_else(|| panic!("no form token on {path}"))
}

/// Posts a form from `client` with its token; returns the status and the redirect target.
async fn post_form(
    app: &TestApp,
    client: &Client,
    csrf: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf_token", csrf));
    let response = client
        .post(app.url(path))
        .header(header::ORIGIN, &app.address)
        .form(&form)
        .send()
        .await
        .unwrap();
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (response.status().as_u16(), location)
}

async fn anonymous(app: &TestApp, name: &'static str, bearer: Option<String>) -> Principal {
    let client = jar();
    let csrf = csrf_of(app, &client, "/login").await;
    Principal {
        name,
        client,
        csrf,
        bearer_on_pages: bearer.is_some(),
        bearer,
    }
}

/// A confirmed citizen (certified by `verifier` when a token is given), logged in on the API
/// and on the pages. Returns the principal and the citizen's id.
async fn citizen(
    app: &TestApp,
    name: &'static str,
    username: &str,
    n: u32,
    verifier: Option<&str>,
) -> (Principal, String) {
    let email = format!("{username}@example.gr");
    let mut body = crate::support::accounts::registration(username, &email);
    body["tax_number"] = json!(tax_number(10_000_000 + n));
    let response = app.post_json("/api/v1/citizens", &body).await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    let id = response.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mail = app.wait_for_mail(&email, 1).await;
    let token = mail.token("http://127.0.0.1:8080/confirm-email?token=");
    let confirmed = app
        .post_json("/api/v1/email-confirmations", &json!({ "token": token }))
        .await;
    assert_eq!(confirmed.status(), 204);
    if let Some(verifier) = verifier {
        let certified = app
            .client
            .post(app.url(&format!("/api/v1/staff/citizens/{id}/verification")))
            .bearer_auth(verifier)
            .json(&json!({
                "document_type": "id_card",
                "document_number": format!("ΑΚ 91827{n}"),
                "issuing_authority": "Τ.Α. Αθηνών",
                "expires_on": "2035-01-31",
                "office": "citizen_service_centre"
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(certified.status(), 200, "{:?}", certified.text().await);
    }
    let bearer = app.login(username, PASSWORD).await;
    let client = jar();
    let anon = csrf_of(app, &client, "/login").await;
    let (status, _) = post_form(
        app,
        &client,
        &anon,
        "/login",
        &[("username", username), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(status, 303, "page login of {username}");
    let csrf = csrf_of(app, &client, "/account").await;
    let principal = Principal {
        name,
        client,
        csrf,
        bearer: Some(bearer),
        bearer_on_pages: false,
    };
    (principal, id)
}

/// A member of staff logged in on the API and on the pages.
async fn staff(
    app: &TestApp,
    name: &'static str,
    username: &str,
    role: StaffRole,
    departments: &[&str],
) -> Principal {
    let secret = add_staff(app, username, &[role], departments).await;
    let bearer = app.staff_login(username, &secret).await;
    let client = jar();
    let anon = csrf_of(app, &client, "/staff/login").await;
    // A code is accepted once: the API login took this step's, the page takes the next one's.
    let (status, _) = post_form(
        app,
        &client,
        &anon,
        "/staff/login",
        &[
            ("username", username),
            ("password", STAFF_PASSWORD),
            ("totp", &code(&secret, 1)),
        ],
    )
    .await;
    assert_eq!(status, 303, "page login of {username}");
    let csrf = csrf_of(app, &client, "/staff").await;
    Principal {
        name,
        client,
        csrf,
        bearer: Some(bearer),
        bearer_on_pages: false,
    }
}

async fn staff_id(app: &TestApp, username: &str) -> String {
    sqlx::query_scalar("SELECT id FROM staff WHERE username = $1")
        .bind(username)
        .fetch_one(store(app).await.pool())
        .await
        .unwrap()
}

/// A new API session of the citizen whose bearer is `token`; returns its id.
async fn extra_session(app: &TestApp, username: &str, token: &str) -> String {
    let ids = |list: Value| -> BTreeSet<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let before = ids(app.get_json("/api/v1/me/sessions", token).await);
    app.login(username, PASSWORD).await;
    let after = ids(app.get_json("/api/v1/me/sessions", token).await);
    let new: Vec<&String> = after.difference(&before).collect();
    assert_eq!(new.len(), 1, "one new session");
    new[0].clone()
}

async fn submit(app: &TestApp, token: &str, service: &str) -> String {
    let response = app
        .submit(token, &json!({"service": service, "delivery": "pickup"}))
        .await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    response.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Everyone and everything the matrix needs, made through the portal's own surfaces.
async fn fixture(app: &TestApp) -> (Vec<Principal>, Fixture) {
    let clerk = staff(app, PRINCIPALS[4], "clara", StaffRole::Clerk, &["registry"]).await;
    let other_clerk = staff(app, PRINCIPALS[5], "theo", StaffRole::Clerk, &["treasury"]).await;
    let verifier = staff(app, PRINCIPALS[6], "vera", StaffRole::Verifier, &[]).await;
    let admin = staff(app, PRINCIPALS[7], "ada", StaffRole::Admin, &[]).await;
    add_staff(app, "spare.staff", &[StaffRole::Clerk], &["registry"]).await;
    let vera = verifier.bearer.clone().unwrap();

    let (level_a, _) = citizen(app, PRINCIPALS[1], "alice.a", 1, None).await;
    let (owner, owner_id) = citizen(app, PRINCIPALS[2], "owen.b", 2, Some(&vera)).await;
    let (other, _) = citizen(app, PRINCIPALS[3], "olga.b", 3, Some(&vera)).await;
    let spare_citizen = app.register("spare.a", "spare@example.gr").await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let owner_token = owner.bearer.clone().unwrap();
    let request = submit(app, &owner_token, "residence_certificate").await;
    let cancellable = submit(app, &owner_token, "birth_certificate").await;
    let uploaded = app
        .client
        .post(app.url(&format!("/api/v1/requests/{request}/attachments")))
        .bearer_auth(&owner_token)
        .header(header::CONTENT_TYPE, content_type())
        .body(multipart(&[("file", Some("id.pdf"), &pdf())]))
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 201, "{:?}", uploaded.text().await);
    let attachment = uploaded.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let page_session = extra_session(app, "owen.b", &owner_token).await;
    let api_session = extra_session(app, "owen.b", &owner_token).await;

    let client = ClientInfo::default();
    let key = app
        .state
        .app
        .create_api_key(None, "back office", &RecordKind::ALL, &client)
        .await
        .unwrap();
    let spare_key = app
        .state
        .app
        .create_api_key(None, "spare", &RecordKind::ALL, &client)
        .await
        .unwrap()
        .id;

    // Spare catalogue entries, so the admin's empty forms (which may deactivate or delete)
    // touch nothing the other cells use.
    for (path, fields) in [
        (
            "/staff/admin/departments/new",
            vec![
                ("code", "spare"),
                ("name_el", "Εφεδρικό"),
                ("name_en", "Spare"),
            ],
        ),
        (
            "/staff/admin/departments/new",
            vec![
                ("code", "doomed"),
                ("name_el", "Προς διαγραφή"),
                ("name_en", "Doomed"),
            ],
        ),
        (
            "/staff/admin/offices/new",
            vec![
                ("code", "harbour"),
                ("name_el", "Λιμάνι"),
                ("name_en", "Harbour"),
                ("street", "Ακτή 1"),
                ("postal_code", "18531"),
                ("city", "Πειραιάς"),
            ],
        ),
        (
            "/staff/admin/services/new",
            vec![
                ("code", "dog_licence"),
                ("department", "registry"),
                ("name_el", "Άδεια"),
                ("name_en", "Licence"),
                ("min_level", "A"),
                ("delivery", "pickup"),
                ("fee", "1"),
                ("processing_days", "1"),
                ("active", "1"),
            ],
        ),
    ] {
        let (status, location) = post_form(app, &admin.client, &admin.csrf, path, &fields).await;
        assert_eq!(status, 303, "{path} → {location}");
    }

    let home = app.get("/").await.text().await.unwrap();
    let asset = home
        .split("/assets/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the home page links an asset")
        .to_owned();

    let principals = vec![
        anonymous(app, PRINCIPALS[0], None).await,
        level_a,
        owner,
        other,
        clerk,
        other_clerk,
        verifier,
        admin,
        anonymous(app, PRINCIPALS[8], Some(key.key)).await,
    ];
    let fixture = Fixture {
        request,
        attachment,
        cancellable,
        owner_id,
        spare_citizen,
        page_session,
        api_session,
        spare_staff: staff_id(app, "spare.staff").await,
        spare_key,
        department: "spare".into(),
        doomed_department: "doomed".into(),
        office: "harbour".into(),
        service: "dog_licence".into(),
        asset,
    };
    (principals, fixture)
}

#[tokio::test]
async fn every_route_meets_every_principal_as_the_matrix_says() {
    let rows = parse_matrix();
    let mut problems = Vec::new();

    // Completeness: the table names exactly the router's routes.
    let mut named = BTreeMap::new();
    for row in &rows {
        if named
            .insert((row.method.clone(), row.route.clone()), ())
            .is_some()
        {
            problems.push(format!("{} {}: two rows", row.method, row.route));
        }
    }
    let routed: BTreeSet<(String, String)> = dimos_web::route_table().into_iter().collect();
    assert!(
        routed.len() > 100,
        "the route table looks empty: {routed:?}"
    );
    for (method, route) in &routed {
        if !named.contains_key(&(method.clone(), route.clone())) {
            problems.push(format!(
                "{method} {route}: a route without a row in the matrix"
            ));
        }
    }
    for (method, route) in named.keys() {
        if !routed.contains(&(method.clone(), route.clone())) {
            problems.push(format!(
                "{method} {route}: a row for a route the router does not have"
            ));
        }
    }

    let app = spawn_app().await;
    let (principals, fx) = fixture(&app).await;
    let mut rows = rows;
    let last = |row: &Row| {
        LAST.iter()
            .position(|(m, r)| *m == row.method && *r == row.route)
    };
    // A stable sort: the table's order, with the session-ending routes last, in LAST's order.
    rows.sort_by_key(last);
    let closing = rows.iter().filter(|row| last(row).is_none()).count();

    // One task per principal, each going down its column in order: the principals touch
    // disjoint state (their own sessions, spare objects), so only the order within a column
    // matters, and the columns overlap their waits for the database.
    let rows = Arc::new(rows);
    let fx = Arc::new(fx);
    let base = Arc::<str>::from(app.address.as_str());
    let mut columns = tokio::task::JoinSet::new();
    for (column, who) in principals.into_iter().enumerate() {
        let (rows, fx, base) = (rows.clone(), fx.clone(), base.clone());
        columns.spawn(async move {
            let mut wrong = Vec::new();
            for (at, row) in rows.iter().enumerate() {
                // After a logout the session's token is gone: the form carries the one shown now.
                let csrf = if at >= closing {
                    csrf_at(&base, &who.client, "/password-reset").await
                } else {
                    who.csrf.clone()
                };
                let got = call(&base, &fx, &who, &csrf, &row.method, &row.route).await;
                let expected = row.cells[column];
                if !matches!(got, Got::Outcome(o) if o == expected) {
                    let line = format!(
                        "{} {} as {}: expected {expected:?}, got {got}",
                        row.method, row.route, who.name
                    );
                    wrong.push(((at, column), line));
                }
            }
            (rows.len(), wrong)
        });
    }
    let mut cells = 0;
    let mut wrong_cells = Vec::new();
    while let Some(done) = columns.join_next().await {
        let (checked, wrong) = done.expect("a column of the matrix panicked");
        cells += checked;
        wrong_cells.extend(wrong);
    }
    // Row by row, in the table's column order.
    wrong_cells.sort();
    problems.extend(wrong_cells.into_iter().map(|(_, line)| line));
    assert_eq!(cells, rows.len() * PRINCIPALS.len());
    assert!(
        problems.is_empty(),
        "{} problems in the matrix of {} routes × {} principals ({cells} cells):\n{}",
        problems.len(),
        rows.len(),
        PRINCIPALS.len(),
        problems.join("\n")
    );
}
