//! `/staff/requests`: the queue of the clerk's departments (admins: all), oldest first, with
//! filters, paging and the overdue ones marked.

use super::{own_departments, q, staff_request_path};
use crate::client::Call;
use crate::pages::forms::{filtered, request_problems};
use crate::pages::inputs::Input;
use crate::pages::local_time::{date_time, day};
use crate::pages::requests::views::{Catalogue, StatusBadge, delivery_name, status_options};
use crate::pages::staff::{Clerk, StaffPage};
use crate::pages::{Chrome, PageError, render};
use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use dimos_app::requests::QueueInput;
use serde::Deserialize;

const PAGE_SIZE: i64 = 50;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct QueueQuery {
    status: String,
    service: String,
    from: String,
    until: String,
    overdue: String,
    cursor: String,
}

impl QueueQuery {
    fn overdue_only(&self) -> bool {
        !self.overdue.trim().is_empty()
    }

    /// This query's link with another cursor (empty: the first page).
    fn link(&self, cursor: &str) -> String {
        let mut link = format!(
            "/staff/requests?status={}&service={}&from={}&until={}",
            q(&self.status),
            q(&self.service),
            q(&self.from),
            q(&self.until)
        );
        if self.overdue_only() {
            link.push_str("&overdue=1");
        }
        if !cursor.is_empty() {
            link.push_str(&format!("&cursor={}", q(cursor)));
        }
        link
    }
}

struct Row {
    href: String,
    protocol_number: String,
    service: String,
    department: String,
    delivery: String,
    status: StatusBadge,
    submitted: String,
    due: String,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "staff/requests/queue.html")]
struct QueuePage {
    chrome: Chrome,
    /// The status, service, from and until filters, with their problems, and the overdue box.
    filters: Vec<Input>,
    other_errors: Vec<String>,
    rows: Vec<Row>,
    next_link: Option<String>,
    first_link: Option<String>,
    dispatch_links: Vec<(String, String)>,
}

impl QueuePage {
    /// Whether the status filter was refused (the title says so).
    fn status_refused(&self) -> bool {
        self.filters
            .iter()
            .any(|f| f.name == "status" && f.invalid())
    }
}

pub async fn page(
    Call(state, _, page): Call<StaffPage<Clerk>>,
    Query(query): Query<QueueQuery>,
) -> Result<Response, PageError> {
    let lang = page.visitor.lang;
    let catalogue = Catalogue::load(&state.app).await?;
    let input = QueueInput {
        status: query.status.clone(),
        service: query.service.clone(),
        from: query.from.clone(),
        until: query.until.clone(),
        overdue_only: query.overdue_only(),
        cursor: query.cursor.clone(),
        limit: PAGE_SIZE,
    };
    let found = state.app.request_queue(&page.who, &input).await;
    let (code, found, problems) = filtered(lang, found, request_problems)?;
    let (items, next) = found.map_or((Vec::new(), None), |f| (f.items, f.next_cursor));
    let rows = items
        .iter()
        .map(|(r, overdue)| Row {
            href: staff_request_path(&r.id, ""),
            protocol_number: r.protocol_number.clone(),
            service: catalogue.service_name(&r.service_code, lang),
            department: catalogue.department_name(&r.department_code, lang),
            delivery: delivery_name(lang, r.delivery),
            status: StatusBadge::new(lang, r.status),
            submitted: date_time(r.created_at),
            due: day(r.due_at),
            overdue: *overdue,
        })
        .collect();
    let departments = own_departments(&page.who, &catalogue, lang);
    let services: Vec<(String, String)> = catalogue
        .services
        .iter()
        .filter(|s| {
            departments
                .iter()
                .any(|(code, _)| *code == s.department_code)
        })
        .map(|s| (s.code.clone(), lang.pick(&s.name_el, &s.name_en).to_owned()))
        .collect();
    let any = || (String::new(), lang.t("queue-filter-any"));
    let filters = vec![
        Input::new(lang, "status", "queue-filter-status")
            .select(
                std::iter::once(any()).chain(status_options(lang)),
                query.status.trim(),
                "req-select",
            )
            .may_be_empty()
            .errors(&problems),
        Input::new(lang, "service", "queue-filter-service")
            .select(
                std::iter::once(any()).chain(services),
                query.service.trim(),
                "req-select",
            )
            .may_be_empty(),
        Input::new(lang, "from", "queue-filter-from")
            .kind("date")
            .value(&query.from)
            .may_be_empty()
            .errors(&problems),
        Input::new(lang, "until", "queue-filter-until")
            .kind("date")
            .value(&query.until)
            .may_be_empty()
            .errors(&problems),
        Input::new(lang, "overdue", "queue-filter-overdue").checkbox(
            "1",
            query.overdue_only(),
            "req-check",
        ),
    ];
    let view = QueuePage {
        chrome: page.chrome(&state, "/staff/requests"),
        filters,
        other_errors: problems.others(&["status", "from", "until"]),
        rows,
        next_link: next.map(|cursor| query.link(&cursor)),
        first_link: (!query.cursor.is_empty()).then(|| query.link("")),
        dispatch_links: departments
            .into_iter()
            .map(|(code, name)| {
                (
                    format!("/staff/requests/dispatch?department={}", q(&code)),
                    name,
                )
            })
            .collect(),
    };
    Ok(render(code, &view))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_links_keep_the_filters() {
        let query = QueueQuery {
            status: "in_progress".into(),
            from: "2025-07-01".into(),
            overdue: "1".into(),
            ..QueueQuery::default()
        };
        assert_eq!(
            query.link("1751.0198/x"),
            "/staff/requests?status=in_progress&service=&from=2025-07-01&until=&overdue=1&cursor=1751.0198%2Fx"
        );
        assert!(!QueueQuery::default().link("").contains("overdue"));
    }
}
