//! Reading the audit log: the admin's search, and a citizen's own «who accessed my data».

use crate::staff::{StaffPrincipal, staff_audit};
use crate::{App, AppError, CitizenPrincipal, ClientInfo, FieldCheck};
use dimos_db::audit::{self, AuditFilter};
use dimos_db::{citizens, staff};
use dimos_domain::{AuditRecord, Timestamp};
use std::collections::HashMap;

/// The admin's search form, unparsed.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// A staff or citizen username.
    pub actor: String,
    /// The citizen the entries are about (username).
    pub citizen: String,
    /// An action (`citizen.login`) or a prefix (`staff.`).
    pub action: String,
    /// `YYYY-MM-DD`, Athens days, inclusive.
    pub from: String,
    pub until: String,
    pub before_seq: i64,
}

/// One entry with names instead of ids.
#[derive(Debug, Clone)]
pub struct AuditView {
    pub seq: i64,
    pub at: Timestamp,
    pub actor_kind: String,
    /// The actor's username and name, when the actor is a person.
    pub actor: String,
    pub action: String,
    pub target: String,
    /// The username of the citizen the entry is about.
    pub citizen: String,
    pub outcome: String,
    pub client_ip: String,
    pub details: String,
}

/// A page of results and where the next page starts.
#[derive(Debug, Clone)]
pub struct AuditPage {
    pub entries: Vec<AuditView>,
    pub next_before_seq: Option<i64>,
}

const PAGE: i64 = 100;

/// Names for the ids in a page of entries, looked up once each.
#[derive(Default)]
struct Names {
    /// Staff id → (display name, username).
    staff: HashMap<String, (String, String)>,
    citizens: HashMap<String, String>,
    /// Show staff by display name only (for citizens), else "name (username)".
    display_only: bool,
}

impl Names {
    async fn staff(&mut self, app: &App, id: &str) -> Result<String, AppError> {
        if !self.staff.contains_key(id) {
            let names = match staff::get(app.db(), id).await? {
                Some(m) => (m.display_name, m.username),
                None => (id.to_owned(), id.to_owned()),
            };
            self.staff.insert(id.to_owned(), names);
        }
        let (display, username) = &self.staff[id];
        Ok(if self.display_only {
            display.clone()
        } else {
            format!("{display} ({username})")
        })
    }

    async fn citizen(&mut self, app: &App, id: &str) -> Result<String, AppError> {
        if let Some(name) = self.citizens.get(id) {
            return Ok(name.clone());
        }
        let name = citizens::get(app.db(), id)
            .await?
            .map_or_else(|| id.to_owned(), |c| c.username);
        self.citizens.insert(id.to_owned(), name.clone());
        Ok(name)
    }

    async fn view(&mut self, app: &App, r: AuditRecord) -> Result<AuditView, AppError> {
        let actor = match (r.actor_kind.as_str(), &r.actor_id) {
            ("staff", Some(id)) => self.staff(app, id).await?,
            ("citizen", Some(id)) => self.citizen(app, id).await?,
            (_, Some(id)) => id.clone(),
            (_, None) => String::new(),
        };
        let citizen = match &r.subject_citizen_id {
            Some(id) => self.citizen(app, id).await?,
            None => String::new(),
        };
        let target = match (&r.target_kind, &r.target_id) {
            (Some(kind), Some(id)) if kind == "staff" => {
                format!("staff {}", self.staff(app, id).await?)
            }
            (Some(kind), Some(id)) if kind == "citizen" => {
                format!("citizen {}", self.citizen(app, id).await?)
            }
            (Some(kind), Some(id)) => format!("{kind} {id}"),
            _ => String::new(),
        };
        Ok(AuditView {
            seq: r.seq,
            at: r.at,
            actor_kind: r.actor_kind,
            actor,
            action: r.action,
            target,
            citizen,
            outcome: r.outcome,
            client_ip: r.client_ip,
            details: r.details,
        })
    }
}

impl App {
    /// Searches the audit log (admins only); the search itself is audited.
    pub async fn search_audit(
        &self,
        admin: &StaffPrincipal,
        q: &AuditQuery,
        client: &ClientInfo,
    ) -> Result<AuditPage, AppError> {
        if !admin.is_admin() {
            return Err(AppError::Forbidden);
        }
        let mut check = FieldCheck::default();
        let (from, until) = (q.from.trim(), q.until.trim());
        let (from_at, until_at) = crate::clock::day_range(&mut check, from, until);
        let actor = q.actor.trim().to_lowercase();
        let actor_id = if actor.is_empty() {
            String::new()
        } else if let Some(member) = staff::find_by_username(self.db(), &actor).await? {
            member.id
        } else if let Some((id, _)) = citizens::credentials(self.db(), &actor).await? {
            id
        } else {
            check.add("actor", "unknown_user");
            String::new()
        };
        let citizen = q.citizen.trim().to_lowercase();
        let subject_citizen_id = if citizen.is_empty() {
            String::new()
        } else {
            match citizens::credentials(self.db(), &citizen).await? {
                Some((id, _)) => id,
                None => {
                    check.add("citizen", "unknown_user");
                    String::new()
                }
            }
        };
        let action = q.action.trim();
        if !action
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
        {
            check.add("action", "invalid_character");
        }
        check.finish()?;
        let filter = AuditFilter {
            actor_id,
            subject_citizen_id,
            action: action.to_owned(),
            from: from_at,
            until: until_at,
            before_seq: q.before_seq.max(0),
            limit: PAGE,
        };
        let records = audit::search(self.db(), &filter).await?;
        let next_before_seq = (records.len() as i64 == PAGE)
            .then(|| records.last().map(|r| r.seq))
            .flatten();
        let mut names = Names::default();
        let mut entries = Vec::with_capacity(records.len());
        for r in records {
            entries.push(names.view(self, r).await?);
        }
        let mut entry = staff_audit(&admin.id, "audit.searched", client);
        entry.details = serde_json::json!({ "actor": actor, "citizen": citizen, "action": action, "from": from, "until": until }).to_string();
        audit::append_alone(self.db(), &entry).await?;
        Ok(AuditPage {
            entries,
            next_before_seq,
        })
    }

    /// A citizen's own activity and every access by staff to their data, newest first.
    pub async fn citizen_activity(
        &self,
        who: &CitizenPrincipal,
        before_seq: i64,
    ) -> Result<AuditPage, AppError> {
        let filter = AuditFilter {
            subject_citizen_id: who.id.clone(),
            before_seq: before_seq.max(0),
            limit: PAGE,
            ..AuditFilter::default()
        };
        let records = audit::search(self.db(), &filter).await?;
        let next_before_seq = (records.len() as i64 == PAGE)
            .then(|| records.last().map(|r| r.seq))
            .flatten();
        // A citizen sees staff by name (and office), never by username.
        let mut names = Names {
            display_only: true,
            ..Names::default()
        };
        let mut entries = Vec::with_capacity(records.len());
        for r in records {
            // The citizen's own look at their records is audited, but only staff looks belong
            // on this page.
            if r.actor_kind == "citizen" && r.action == "citizen.records_viewed" {
                continue;
            }
            entries.push(names.view(self, r).await?);
        }
        Ok(AuditPage {
            entries,
            next_before_seq,
        })
    }
}
