//! `/staff/requests/dispatch?department=…`: the postal desk's daily list for a department —
//! requests by post being prepared, with recipient, address, protocol number and the
//! cash-on-delivery amount — printable, and with one tracking-number box per line: one submit
//! dispatches every line that has a number, and says which did and which did not.

use super::{own_departments, staff_request_path};
use crate::client::Call;
use crate::i18n::Lang;
use crate::pages::csrf::CsrfForm;
use crate::pages::forms::request_problems;
use crate::pages::inputs::Input;
use crate::pages::local_time::day;
use crate::pages::requests::views::Catalogue;
use crate::pages::staff::{Clerk, StaffPage, denied};
use crate::pages::{Chrome, PageError, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use dimos_app::requests::{DispatchLine, TransitionInput};
use dimos_app::{AppError, ClientInfo};
use dimos_domain::{RequestStatus, euro};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The prefix of a line's tracking-number field; the request's id follows.
const TRACKING: &str = "tracking-";

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DispatchQuery {
    department: String,
}

struct Line {
    href: String,
    protocol_number: String,
    recipient: String,
    street: String,
    postal_code: String,
    city: String,
    cod_amount: String,
    /// The tracking number box, named after the request, with its problems.
    tracking: Input,
}

/// What became of one line of a bulk dispatch.
struct LineResult {
    protocol_number: String,
    tracking: String,
    dispatched: bool,
    problem: String,
}

#[derive(Template)]
#[template(path = "staff/requests/dispatch.html")]
struct DispatchPage {
    chrome: Chrome,
    departments: Vec<(String, String)>,
    department: String,
    department_name: String,
    today: String,
    alert: Option<String>,
    results: Vec<LineResult>,
    lines: Vec<Line>,
}

impl DispatchPage {
    /// The choice of department, the one shown chosen.
    fn department_input(&self) -> Input {
        Input::new(self.chrome.lang, "department", "dispatch-department")
            .select(
                self.departments.iter().cloned(),
                &self.department,
                "req-select",
            )
            .may_be_empty()
    }

    fn dispatched(&self) -> usize {
        self.results.iter().filter(|r| r.dispatched).count()
    }

    fn failed(&self) -> usize {
        self.results.len() - self.dispatched()
    }
}

/// The typed tracking numbers and the problems of the lines that failed, by request id.
type Retry = BTreeMap<String, (String, Vec<String>)>;

fn lines(lang: Lang, list: &[DispatchLine], retry: &Retry) -> Vec<Line> {
    list.iter()
        .map(|l| {
            let r = &l.request;
            let (tracking, errors) = retry.get(&r.id).cloned().unwrap_or_default();
            let label = format!(
                "{} {}",
                lang.t("request-tracking-number"),
                r.protocol_number
            );
            let tracking = Input::new(
                lang,
                &format!("{TRACKING}{}", r.id),
                "request-tracking-number",
            )
            .in_cell()
            .label_text(label)
            .value(&tracking)
            .class("req-tracking")
            .code()
            .may_be_empty()
            .problems(errors);
            Line {
                href: staff_request_path(&r.id, ""),
                protocol_number: r.protocol_number.clone(),
                recipient: l.recipient.clone(),
                street: r.delivery_street.clone().unwrap_or_default(),
                postal_code: r.delivery_postal_code.clone().unwrap_or_default(),
                city: r.delivery_city.clone().unwrap_or_default(),
                cod_amount: euro(l.cod_amount_cents),
                tracking,
            }
        })
        .collect()
}

/// The department asked for, if this member serves it; a department they do not serve is a
/// tampered form or link: refused as not found, and audited.
async fn allowed_department(
    state: &AppState,
    page: &StaffPage<Clerk>,
    client: &ClientInfo,
    department: &str,
) -> Result<(), PageError> {
    if page.who.serves_department(department) {
        return Ok(());
    }
    let what = format!("dispatch list of department {department:?}");
    Err(denied(state, &page.who, &what, client, StatusCode::NOT_FOUND).await)
}

struct Shown {
    department: String,
    alert: Option<String>,
    results: Vec<LineResult>,
    retry: Retry,
}

async fn show(
    state: &AppState,
    page: &StaffPage<Clerk>,
    client: &ClientInfo,
    status: StatusCode,
    shown: Shown,
) -> Result<Response, PageError> {
    let lang = page.visitor.lang;
    let catalogue = Catalogue::load(&state.app).await?;
    let departments = own_departments(&page.who, &catalogue, lang);
    let department = match shown.department.trim() {
        "" if departments.len() == 1 => departments[0].0.clone(),
        chosen => chosen.to_owned(),
    };
    let list = if department.is_empty() {
        Vec::new()
    } else {
        allowed_department(state, page, client, &department).await?;
        state
            .app
            .dispatch_list(&page.who, &department, client)
            .await?
    };
    let view = DispatchPage {
        chrome: page.chrome(state, "/staff/requests/dispatch"),
        department_name: catalogue.department_name(&department, lang),
        departments,
        department,
        today: day(state.app.now()),
        alert: shown.alert,
        results: shown.results,
        lines: lines(lang, &list, &shown.retry),
    };
    Ok(render(status, &view))
}

pub async fn page(
    Call(state, client, page): Call<StaffPage<Clerk>>,
    Query(query): Query<DispatchQuery>,
) -> Result<Response, PageError> {
    let shown = Shown {
        department: query.department,
        alert: None,
        results: Vec::new(),
        retry: Retry::new(),
    };
    show(&state, &page, &client, StatusCode::OK, shown).await
}

/// Why a line was not dispatched, in the clerk's words.
fn problem(lang: Lang, error: &AppError) -> Vec<String> {
    match error {
        AppError::NotFound => vec![lang.t("dispatch-line-not-found")],
        AppError::InvalidTransition(_) => vec![lang.t("dispatch-line-changed")],
        error => match request_problems(lang, error) {
            Some(problems) => {
                let mut messages = problems.messages("tracking_number");
                messages.extend(problems.others(&["tracking_number"]));
                messages
            }
            None => vec![lang.t("dispatch-line-failed")],
        },
    }
}

pub async fn dispatch(
    Call(state, client, page): Call<StaffPage<Clerk>>,
    CsrfForm { form, .. }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = page.visitor.lang;
    let department = form
        .iter()
        .find(|(k, _)| k == "department")
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    // No department is an incomplete form (answered like one with nothing typed), not a
    // department this member does not serve.
    if !department.is_empty() {
        allowed_department(&state, &page, &client, &department).await?;
    }
    let asked: Vec<(String, String)> = form
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix(TRACKING)?.to_owned(), v.trim().to_owned())))
        .filter(|(_, tracking)| !tracking.is_empty())
        .collect();
    if department.is_empty() || asked.is_empty() {
        let shown = Shown {
            department,
            alert: Some(lang.t("dispatch-none-typed")),
            results: Vec::new(),
            retry: Retry::new(),
        };
        return show(
            &state,
            &page,
            &client,
            StatusCode::UNPROCESSABLE_ENTITY,
            shown,
        )
        .await;
    }
    let protocol_numbers: BTreeMap<String, String> = state
        .app
        .dispatch_list(&page.who, &department, &client)
        .await?
        .into_iter()
        .map(|l| (l.request.id, l.request.protocol_number))
        .collect();
    let mut results = Vec::new();
    let mut retry = Retry::new();
    for (id, tracking) in asked {
        let input = TransitionInput {
            to: RequestStatus::Dispatched.as_str().to_owned(),
            tracking_number: tracking.clone(),
            ..TransitionInput::default()
        };
        let protocol_number = protocol_numbers
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "—".to_owned());
        match state
            .app
            .transition_request(&page.who, &id, &input, &client)
            .await
        {
            Ok(detail) => results.push(LineResult {
                protocol_number: detail.request.protocol_number,
                tracking,
                dispatched: true,
                problem: String::new(),
            }),
            Err(error) => {
                let messages = problem(lang, &error);
                results.push(LineResult {
                    protocol_number,
                    tracking: tracking.clone(),
                    dispatched: false,
                    problem: messages.join(" "),
                });
                retry.insert(id, (tracking, messages));
            }
        }
    }
    let status = if retry.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let shown = Shown {
        department,
        alert: None,
        results,
        retry,
    };
    show(&state, &page, &client, status, shown).await
}
