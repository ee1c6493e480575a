//! What the citizen's and the clerk's request pages show alike: statuses as badges with their
//! name, the timeline (staff by role and department, never by name), delivery, catalogue names.

use crate::i18n::Lang;
use crate::pages::local_time::date_time;
use crate::pages::offices::{OfficeView, department_name};
use dimos_db::attachments::Attachment;
use dimos_db::catalogue::{Department, Office, Service};
use dimos_db::requests::Event;
use dimos_domain::{AssuranceLevel, AttachmentPurpose, Delivery, RequestStatus};

/// A postal address as the request pages show it.
pub struct Address {
    pub street: String,
    pub postal_code: String,
    pub city: String,
}

impl Address {
    /// Where a request is delivered by post; `None` when it is not.
    pub fn delivery_of(r: &dimos_db::requests::Request) -> Option<Address> {
        match (
            &r.delivery_street,
            &r.delivery_postal_code,
            &r.delivery_city,
        ) {
            (Some(street), Some(postal_code), Some(city)) => Some(Address {
                street: street.clone(),
                postal_code: postal_code.clone(),
                city: city.clone(),
            }),
            _ => None,
        }
    }
}

/// The catalogue, loaded once per page, to name services, departments and offices.
pub struct Catalogue {
    pub services: Vec<Service>,
    pub departments: Vec<Department>,
    pub offices: Vec<Office>,
}

impl Catalogue {
    pub async fn load(app: &dimos_app::App) -> Result<Catalogue, dimos_app::AppError> {
        let held = app.catalogue().await?;
        Ok(Catalogue {
            services: held.services.clone(),
            departments: held.departments.clone(),
            offices: held.offices.clone(),
        })
    }

    /// A service's name in the page language; its code if it left the catalogue.
    pub fn service_name(&self, code: &str, lang: Lang) -> String {
        self.services
            .iter()
            .find(|s| s.code == code)
            .map_or(code, |s| lang.pick(&s.name_el, &s.name_en))
            .to_owned()
    }

    pub fn department_name(&self, code: &str, lang: Lang) -> String {
        department_name(code, &self.departments, lang)
    }

    /// The office where a department serves citizens in person (the first that does).
    pub fn office_of_department(&self, department: &str) -> Option<&Office> {
        self.offices
            .iter()
            .find(|o| o.departments.iter().any(|d| d == department))
    }

    pub fn office(&self, code: &str) -> Option<&Office> {
        self.offices.iter().find(|o| o.code == code)
    }

    pub fn office_view(&self, office: &Office, lang: Lang) -> OfficeView {
        OfficeView::new(office, &self.departments, lang)
    }
}

/// A status as the pages show it: its name in words (the meaning is never in the colour
/// alone) and its code, which picks the badge's style.
pub struct StatusBadge {
    pub code: String,
    pub label: String,
}

impl StatusBadge {
    pub fn new(lang: Lang, status: RequestStatus) -> StatusBadge {
        StatusBadge {
            code: status.as_str().to_owned(),
            label: status_name(lang, status),
        }
    }
}

/// The name of a status in the page language.
pub fn status_name(lang: Lang, status: RequestStatus) -> String {
    let code = status.as_str();
    lang.try_t(&format!("request-status-{code}"))
        .unwrap_or_else(|| code.to_owned())
}

/// Every status as `(code, name)`, for the filters.
pub fn status_options(lang: Lang) -> Vec<(String, String)> {
    RequestStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), status_name(lang, *s)))
        .collect()
}

/// How the document reaches the citizen, in short.
pub fn delivery_name(lang: Lang, delivery: Delivery) -> String {
    let code = delivery.as_str();
    lang.try_t(&format!("request-delivery-{code}"))
        .unwrap_or_else(|| code.to_owned())
}

/// Whose eyes read the timeline: the citizen reads «you», the department «the citizen».
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Citizen,
    Staff,
}

/// One step of a request's history.
pub struct TimelineEntry {
    pub when: String,
    pub status: StatusBadge,
    /// Who made the step: the citizen, or staff by role and department — never a name.
    pub actor: String,
    /// What the message is (notes, the department's question, a reason, an answer).
    pub message_label: String,
    pub message: String,
}

/// A request's timeline, oldest first, as `reader` reads it.
pub fn timeline(
    events: &[Event],
    catalogue: &Catalogue,
    lang: Lang,
    reader: Reader,
) -> Vec<TimelineEntry> {
    events
        .iter()
        .map(|e| TimelineEntry {
            when: date_time(e.at),
            status: StatusBadge::new(lang, e.to_status),
            actor: actor(e, catalogue, lang, reader),
            message_label: message_label(e, lang, reader),
            message: e.message.clone(),
        })
        .collect()
}

/// `clerk:registry` → «Department clerk, Municipal Registry (Citizen Service Centre)».
fn actor(event: &Event, catalogue: &Catalogue, lang: Lang, reader: Reader) -> String {
    match (event.actor_kind.as_str(), reader) {
        ("citizen", Reader::Citizen) => lang.t("request-actor-you"),
        ("citizen", Reader::Staff) => lang.t("request-actor-citizen"),
        ("staff", _) => {
            let (role, department) = event.actor_label.split_once(':').unwrap_or(("clerk", ""));
            let role = match role {
                "admin" => lang.t("request-actor-admin"),
                _ => lang.t("request-actor-clerk"),
            };
            if department.is_empty() {
                return role;
            }
            let mut text = format!("{role}, {}", catalogue.department_name(department, lang));
            if let Some(office) = catalogue.office_of_department(department) {
                text.push_str(&format!(
                    " ({})",
                    lang.pick(&office.name_el, &office.name_en)
                ));
            }
            text
        }
        _ => lang.t("request-actor-system"),
    }
}

fn message_label(event: &Event, lang: Lang, reader: Reader) -> String {
    let key = match (event.to_status.as_str(), event.actor_kind.as_str()) {
        ("submitted", _) => "request-message-notes",
        ("needs_info", _) => "request-message-question",
        ("rejected", _) => "request-message-reason",
        ("in_progress", "citizen") if reader == Reader::Citizen => "request-message-your-answer",
        ("in_progress", "citizen") => "request-message-answer",
        _ => "request-message-other",
    };
    lang.t(key)
}

/// The department's latest question, while it waits for the citizen's answer.
pub fn open_question(events: &[Event]) -> Option<String> {
    events
        .iter()
        .rev()
        .find(|e| e.to_status == RequestStatus::NeedsInfo)
        .map(|e| e.message.clone())
}

/// The message of an upload the attachments' handler refused (`?upload_error=<code>`), if the
/// code is one it has words for.
pub fn upload_error(lang: Lang, code: &str) -> Option<String> {
    let code = code.trim();
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    lang.try_t(&format!("upload-error-{code}"))
}

/// A file attached to a request, as its page lists it.
pub struct AttachmentView {
    /// The download link; none for a result the owner collects in person.
    pub href: Option<String>,
    pub name: String,
    pub size: String,
    pub when: String,
    pub by: String,
    /// What it is for, in words.
    pub purpose: String,
    /// The office where a result the owner may not download waits to be collected.
    pub waits_at: Option<String>,
}

impl AttachmentView {
    /// `base` is the request page's path; files are downloaded under it.
    pub fn new(a: &Attachment, base: &str, lang: Lang, reader: Reader) -> AttachmentView {
        let by = match (a.uploaded_by.as_str(), reader) {
            ("citizen", Reader::Citizen) => lang.t("request-actor-you"),
            ("citizen", Reader::Staff) => lang.t("request-actor-citizen"),
            _ => lang.t("request-attachment-by-department"),
        };
        AttachmentView {
            href: Some(format!(
                "{base}/attachments/{}",
                crate::pages::visitor::encode(&a.id).replace('/', "%2F")
            )),
            name: a.file_name.clone(),
            size: file_size(a.size_bytes, lang),
            when: date_time(a.created_at),
            by,
            purpose: purpose_name(lang, a.purpose),
            waits_at: None,
        }
    }

    /// The file as its owner at `level` sees it: a result that level may not download keeps
    /// no link and is said to wait at `office` (Level A collects results in person).
    pub fn for_owner(mut self, a: &Attachment, level: AssuranceLevel, office: &str) -> Self {
        if !a.purpose.downloadable_by(level) {
            self.href = None;
            self.waits_at = Some(office.to_owned());
        }
        self
    }
}

/// What a file is for, in words.
pub fn purpose_name(lang: Lang, purpose: AttachmentPurpose) -> String {
    match purpose {
        AttachmentPurpose::Information => lang.t("clerk-attachment-purpose-information"),
        AttachmentPurpose::Result => lang.t("clerk-attachment-purpose-result"),
    }
}

/// «2,4 MB», «180 KB».
fn file_size(bytes: i64, lang: Lang) -> String {
    const KB: i64 = 1024;
    if bytes < KB * KB {
        format!("{} KB", (bytes + KB - 1) / KB)
    } else {
        let tenths = (bytes * 10 + KB * KB / 2) / (KB * KB);
        let separator = if lang == Lang::El { ',' } else { '.' };
        format!("{}{separator}{} MB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(actor_kind: &str, actor_label: &str, to: &str) -> Event {
        Event {
            id: "e".into(),
            at: dimos_domain::Timestamp::from_millis(1_751_362_200_000),
            actor_kind: actor_kind.into(),
            actor_label: actor_label.into(),
            from_status: None,
            to_status: to.parse().expect("a status code"),
            message: String::new(),
        }
    }

    fn catalogue() -> Catalogue {
        let c = dimos_app::catalogue::standard_catalogue();
        Catalogue {
            services: c.services,
            departments: c.departments,
            offices: c.offices,
        }
    }

    #[test]
    fn staff_appear_by_role_and_department_never_by_name() {
        let c = catalogue();
        let entries = timeline(
            &[
                event("citizen", "", "submitted"),
                event("staff", "clerk:registry", "in_progress"),
                event("staff", "admin:treasury", "rejected"),
            ],
            &c,
            Lang::En,
            Reader::Citizen,
        );
        assert_eq!(entries[0].actor, Lang::En.t("request-actor-you"));
        assert!(
            entries[1]
                .actor
                .starts_with(&Lang::En.t("request-actor-clerk"))
        );
        assert!(entries[1].actor.contains("Municipal Registry"));
        assert!(
            entries[2]
                .actor
                .starts_with(&Lang::En.t("request-actor-admin"))
        );
        assert_eq!(
            entries[2].status.label,
            Lang::En.t("request-status-rejected")
        );
        let staff = timeline(
            &[event("citizen", "", "submitted")],
            &c,
            Lang::El,
            Reader::Staff,
        );
        assert_eq!(staff[0].actor, Lang::El.t("request-actor-citizen"));
    }

    #[test]
    fn every_status_and_delivery_has_a_name() {
        for (code, name) in status_options(Lang::El) {
            assert_ne!(code, name);
        }
        for delivery in [Delivery::Post, Delivery::Pickup] {
            for lang in [Lang::El, Lang::En] {
                assert_ne!(delivery_name(lang, delivery), delivery.as_str());
            }
        }
    }

    #[test]
    fn file_sizes_read_well() {
        assert_eq!(file_size(1, Lang::En), "1 KB");
        assert_eq!(file_size(180 * 1024, Lang::En), "180 KB");
        assert_eq!(file_size(2_516_582, Lang::El), "2,4 MB");
        assert_eq!(file_size(2_516_582, Lang::En), "2.4 MB");
    }

    #[test]
    fn the_open_question_is_the_latest() {
        let mut first = event("staff", "clerk:registry", "needs_info");
        first.message = "first".into();
        let mut second = first.clone();
        second.message = "second".into();
        assert_eq!(
            open_question(&[first, event("citizen", "", "in_progress"), second]).as_deref(),
            Some("second")
        );
        assert_eq!(open_question(&[]), None);
    }
}
