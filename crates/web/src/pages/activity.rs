//! «Ποιος είδε τα στοιχεία μου»: a citizen's own account activity and every access by staff to
//! their profile or personal data — who (name), when, why.

use super::local_time::date_time;
use super::visitor::SignedIn;
use super::{Chrome, PageError, render};
use crate::client::Call;
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use dimos_app::audit_log::AuditView;
use dimos_domain::is_audit_action;
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new().route("/account/activity", get(page))
}

#[derive(Deserialize)]
struct Before {
    #[serde(default)]
    before: i64,
}

/// One line of the list, in the citizen's words.
struct Line {
    when: String,
    who: String,
    what: String,
    why: String,
    outcome_failed: bool,
}

#[derive(Template)]
#[template(path = "pages/account_activity.html")]
struct ActivityPage {
    chrome: Chrome,
    staff_lines: Vec<Line>,
    own_lines: Vec<Line>,
    next_link: Option<String>,
}

/// Names of the catalogue's codes (offices, services) in the page's language.
struct CatalogueNames {
    offices: HashMap<String, String>,
    services: HashMap<String, String>,
}

impl CatalogueNames {
    async fn load(state: &AppState, lang: Lang) -> CatalogueNames {
        // Names are a nicety: without the catalogue the codes themselves are shown.
        let catalogue = state.app.catalogue().await.ok();
        let offices = catalogue
            .iter()
            .flat_map(|c| &c.offices)
            .map(|o| (o.code.clone(), lang.pick(&o.name_el, &o.name_en).to_owned()));
        let services = catalogue
            .iter()
            .flat_map(|c| &c.services)
            .map(|s| (s.code.clone(), lang.pick(&s.name_el, &s.name_en).to_owned()));
        CatalogueNames {
            offices: offices.collect(),
            services: services.collect(),
        }
    }
}

/// What staff stored as the reason of a look at a request, before reasons were worded.
const PROCESSING_REQUEST: &str = "processing request ";

/// The sentence of an entry: its action's words with the entry's details (protocol number,
/// service, office, masked document …); an action without words gets a generic sentence.
fn what(lang: Lang, names: &CatalogueNames, action: &str, details: &serde_json::Value) -> String {
    let text = |key: &str| details.get(key).and_then(|v| v.as_str()).unwrap_or("");
    let reason = text("reason");
    let protocol = match text("protocol_number") {
        "" => reason.strip_prefix(PROCESSING_REQUEST).unwrap_or(""),
        number => number,
    };
    let protocol = if protocol.is_empty() {
        lang.t("history-no-number")
    } else {
        protocol.to_owned()
    };
    let named = |map: &HashMap<String, String>, code: &str| {
        map.get(code).cloned().unwrap_or_else(|| code.to_owned())
    };
    let worded = |prefix: &str, code: &str| {
        lang.try_t(&format!("{prefix}{code}"))
            .unwrap_or_else(|| code.to_owned())
    };
    let args = [
        ("protocol", protocol),
        ("service", named(&names.services, text("service"))),
        ("office", named(&names.offices, text("office"))),
        ("document", text("document").to_owned()),
        (
            "document_type",
            worded("history-document-", text("document_type")),
        ),
        ("to", worded("request-status-", text("to"))),
        ("kind", worded("history-kind-", text("kind"))),
    ];
    Some(action)
        .filter(|a| is_audit_action(a))
        .and_then(|a| lang.try_t_args(&format!("history-{}", a.replace('.', "-")), &args))
        .unwrap_or_else(|| lang.t("history-unknown"))
}

/// The reason of an entry in the page's language: a reason stored as «Ελληνικά / English» is
/// shown in one of them.
fn why(lang: Lang, details: &serde_json::Value) -> String {
    let reason = details.get("reason").and_then(|r| r.as_str()).unwrap_or("");
    if let Some(protocol) = reason.strip_prefix(PROCESSING_REQUEST) {
        return lang.t_args(
            "history-processing-request",
            &[("protocol", protocol.to_owned())],
        );
    }
    match reason.split_once(" / ") {
        Some((el, en)) => lang.pick(el.trim(), en.trim()).to_owned(),
        None => reason.to_owned(),
    }
}

fn line(chrome: &Chrome, names: &CatalogueNames, e: &AuditView) -> Line {
    let lang = chrome.lang;
    let details: serde_json::Value = serde_json::from_str(&e.details).unwrap_or_default();
    let office = details.get("office").and_then(|r| r.as_str()).unwrap_or("");
    let who = match e.actor_kind.as_str() {
        "citizen" => chrome.t("activity-you"),
        "staff" if office.is_empty() => e.actor.clone(),
        "staff" => format!(
            "{} — {}",
            e.actor,
            names.offices.get(office).map_or(office, String::as_str)
        ),
        "anonymous" => chrome.t("activity-someone"),
        _ => chrome.t("activity-system"),
    };
    Line {
        when: date_time(e.at),
        who,
        what: what(lang, names, &e.action, &details),
        why: why(lang, &details),
        outcome_failed: e.outcome != "success",
    }
}

async fn page(
    Call(state, _, signed_in): Call<SignedIn>,
    Query(q): Query<Before>,
) -> Result<Response, PageError> {
    let SignedIn { visitor, who } = signed_in;
    let chrome = Chrome::for_visitor(&state, &visitor, "/account/activity");
    let result = state.app.citizen_activity(&who, q.before).await?;
    let (staff, own): (Vec<_>, Vec<_>) =
        result.entries.iter().partition(|e| e.actor_kind == "staff");
    let names = CatalogueNames::load(&state, chrome.lang).await;
    let staff_lines = staff
        .into_iter()
        .map(|e| line(&chrome, &names, e))
        .collect();
    let own_lines = own.into_iter().map(|e| line(&chrome, &names, e)).collect();
    let next_link = result
        .next_before_seq
        .map(|seq| format!("/account/activity?before={seq}"));
    Ok(render(
        StatusCode::OK,
        &ActivityPage {
            chrome,
            staff_lines,
            own_lines,
            next_link,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dimos_domain::AUDIT_ACTIONS;
    use serde_json::json;

    fn names() -> CatalogueNames {
        CatalogueNames {
            offices: [("kep".to_owned(), "ΚΕΠ".to_owned())].into(),
            services: [("birth".to_owned(), "Πιστοποιητικό γέννησης".to_owned())].into(),
        }
    }

    /// Every action the app writes (one list, in the domain) has a sentence in both languages,
    /// with every variable it uses supplied: a new action fails here until it has words.
    #[test]
    fn every_audit_action_has_words_in_greek_and_english() {
        let details = json!({ "protocol_number": "2026/000001", "service": "birth",
            "office": "kep", "document": "ΑΒ***56", "document_type": "id_card",
            "to": "in_progress", "kind": "debts" });
        for action in AUDIT_ACTIONS {
            let key = format!("history-{}", action.replace('.', "-"));
            for lang in Lang::ALL {
                let sentence = what(lang, &names(), action, &details);
                assert_ne!(
                    sentence,
                    lang.t("history-unknown"),
                    "{key}: no {lang:?} words"
                );
                assert!(!sentence.contains('{'), "{key} in {lang:?}: {sentence}");
                assert!(!sentence.contains(action), "{key}: a raw code");
            }
            let el = what(Lang::El, &names(), action, &details);
            let en = what(Lang::En, &names(), action, &details);
            assert_ne!(el, en, "{key} is not translated");
        }
    }

    #[test]
    fn details_are_worded_and_unknown_actions_get_a_generic_sentence() {
        let d = json!({ "protocol_number": "2026/000007", "service": "birth" });
        assert_eq!(
            what(Lang::El, &names(), "request.submitted", &d),
            "Υποβάλατε το αίτημα 2026/000007 (Πιστοποιητικό γέννησης)."
        );
        let d = json!({ "office": "kep", "document": "ΑΒ***56", "document_type": "passport" });
        let certified = what(Lang::En, &names(), "verification.certified", &d);
        assert_eq!(
            certified,
            "Certified your identity (Level B) with a passport ΑΒ***56."
        );
        let d = json!({ "to": "ready_for_pickup", "protocol_number": "2026/000001" });
        assert!(!what(Lang::En, &names(), "request.transition", &d).contains("ready_for_pickup"));
        for lang in Lang::ALL {
            let future = what(lang, &names(), "request.teleported", &json!({}));
            assert_eq!(future, lang.t("history-unknown"));
        }
    }

    #[test]
    fn bilingual_and_old_english_reasons_follow_the_page() {
        let d = json!({ "reason": "Πιστοποίηση στο γκισέ / certification at the counter" });
        assert_eq!(why(Lang::El, &d), "Πιστοποίηση στο γκισέ");
        assert_eq!(why(Lang::En, &d), "certification at the counter");
        let d = json!({ "reason": "processing request 2026/000003" });
        assert_eq!(why(Lang::El, &d), "Διεκπεραίωση του αιτήματος 2026/000003");
        assert_eq!(why(Lang::En, &d), "Processing request 2026/000003");
        let d = json!({ "reason": "Ο πολίτης το ζήτησε" });
        assert_eq!(
            why(Lang::En, &d),
            "Ο πολίτης το ζήτησε",
            "free text stays as written"
        );
    }
}
