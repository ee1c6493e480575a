//! Viewing the back office's records of a person — debts, fines and summonses, pending
//! matters: a certified (Level B) citizen their own, a clerk of the competent department a
//! citizen's with a reason. Only a VERIFIED tax number opens records: one the citizen merely
//! typed at registration never does. Every view is audited.

use crate::staff::{StaffPrincipal, staff_audit};
use crate::{App, AppError, CitizenPrincipal, ClientInfo, FieldCheck};
use dimos_db::audit::{self, NewAuditEntry};
use dimos_db::citizens;
use dimos_db::records::{self, Debt, Fine, PendingMatter};
use dimos_domain::{AssuranceLevel, AuditActorKind, AuditOutcome, Cents};
use jiff::civil::Date;

/// The department whose clerks may look up debts.
pub const DEBTS_DEPARTMENT: &str = "treasury";
/// The department whose clerks may look up fines and summonses.
pub const FINES_DEPARTMENT: &str = "municipal_police";
/// The longest reason a member of staff may give.
pub const REASON_MAX: usize = 500;

pub use dimos_domain::RecordKind;

/// A kind as a form sends it: a field error (`required`, `unknown_value`) otherwise.
pub fn parse_kind(text: &str) -> Result<RecordKind, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::field("kind", "required"));
    }
    text.parse()
        .map_err(|e: dimos_domain::ParseCodeError| AppError::field("kind", e.code()))
}

/// A debt with its days to the due date. Its payment reference (`debt.rf_reference`) is the
/// treasury's, when it gave one: the portal never makes one up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtLine {
    pub debt: Debt,
    /// Whole Athens days from today to the due date: negative once past.
    pub days_to_due: Option<i64>,
}

impl DebtLine {
    pub fn is_open(&self) -> bool {
        self.debt.status == "open"
    }

    /// Open and past its due date.
    pub fn is_overdue(&self) -> bool {
        self.is_open() && self.days_to_due.is_some_and(|d| d < 0)
    }
}

/// A fine with the days left to appeal it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FineLine {
    pub fine: Fine,
    /// Whole Athens days from today to the appeal deadline: 0 on its last day, negative once
    /// past; `None` when the source gave no readable date.
    pub days_to_appeal: Option<i64>,
}

impl FineLine {
    pub fn is_open(&self) -> bool {
        self.fine.status == "open"
    }
}

/// A person's debts, open ones first, the soonest due first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DebtList {
    pub items: Vec<DebtLine>,
    /// What is still to be paid.
    pub open_cents: Cents,
    pub paid_cents: Cents,
}

/// A person's fines, open ones first, the nearest appeal deadline first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FineList {
    pub items: Vec<FineLine>,
    /// What is still to be paid (open fines only).
    pub open_cents: Cents,
    /// Paid, appealed or cancelled.
    pub closed_cents: Cents,
}

/// A person's pending matters, the oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PendingList {
    pub items: Vec<PendingMatter>,
}

/// The records of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Records {
    Debts(DebtList),
    Fines(FineList),
    Pending(PendingList),
}

impl Records {
    pub fn kind(&self) -> RecordKind {
        match self {
            Records::Debts(_) => RecordKind::Debts,
            Records::Fines(_) => RecordKind::Fines,
            Records::Pending(_) => RecordKind::Pending,
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Records::Debts(l) => l.items.len(),
            Records::Fines(l) => l.items.len(),
            Records::Pending(l) => l.items.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A citizen's records as a member of staff looked them up.
#[derive(Debug, Clone)]
pub struct StaffRecords {
    pub citizen_id: String,
    pub username: String,
    pub given_name: String,
    pub family_name: String,
    pub level: AssuranceLevel,
    /// The verified tax number the records were looked up by; `None`: nothing can be shown.
    pub verified_tax_number: Option<String>,
    pub records: Records,
}

/// Days from `today` to a date written `YYYY-MM-DD` (a due date, an appeal deadline).
pub fn days_until(deadline: &str, today: Date) -> Option<i64> {
    let deadline = deadline.trim().parse::<Date>().ok()?;
    today
        .until(deadline)
        .ok()
        .map(|span| i64::from(span.get_days()))
}

fn sum(amounts: impl Iterator<Item = Cents>) -> Cents {
    amounts.fold(Cents::ZERO, Cents::saturating_add)
}

/// The debts of a verified tax number, with their totals.
async fn load_debts(app: &App, tax_number: Option<&str>) -> Result<DebtList, AppError> {
    let Some(tax_number) = tax_number else {
        return Ok(DebtList::default());
    };
    let today = crate::clock::today();
    let items: Vec<DebtLine> = records::debts(app.db(), tax_number)
        .await?
        .into_iter()
        .map(|debt| DebtLine {
            days_to_due: days_until(&debt.due_date, today),
            debt,
        })
        .collect();
    Ok(DebtList {
        open_cents: sum(items
            .iter()
            .filter(|l| l.is_open())
            .map(|l| l.debt.amount_cents)),
        paid_cents: sum(items
            .iter()
            .filter(|l| !l.is_open())
            .map(|l| l.debt.amount_cents)),
        items,
    })
}

async fn load_fines(app: &App, tax_number: Option<&str>) -> Result<FineList, AppError> {
    let Some(tax_number) = tax_number else {
        return Ok(FineList::default());
    };
    let today = crate::clock::today();
    let items: Vec<FineLine> = records::fines(app.db(), tax_number)
        .await?
        .into_iter()
        .map(|fine| FineLine {
            days_to_appeal: days_until(&fine.appeal_until, today),
            fine,
        })
        .collect();
    Ok(FineList {
        open_cents: sum(items
            .iter()
            .filter(|l| l.is_open())
            .map(|l| l.fine.amount_cents)),
        closed_cents: sum(items
            .iter()
            .filter(|l| !l.is_open())
            .map(|l| l.fine.amount_cents)),
        items,
    })
}

/// Pending matters of a verified tax number; `departments: None` for every department.
async fn load_pending(
    app: &App,
    tax_number: Option<&str>,
    departments: Option<&[String]>,
) -> Result<PendingList, AppError> {
    let Some(tax_number) = tax_number else {
        return Ok(PendingList::default());
    };
    let items = records::pending(app.db(), tax_number, "")
        .await?
        .into_iter()
        .filter(|m| departments.is_none_or(|ds| ds.contains(&m.department)))
        .collect();
    Ok(PendingList { items })
}

/// The records of one kind for a verified tax number; `departments` limits pending matters.
pub(crate) async fn load(
    app: &App,
    kind: RecordKind,
    tax_number: Option<&str>,
    departments: Option<&[String]>,
) -> Result<Records, AppError> {
    Ok(match kind {
        RecordKind::Debts => Records::Debts(load_debts(app, tax_number).await?),
        RecordKind::Fines => Records::Fines(load_fines(app, tax_number).await?),
        RecordKind::Pending => Records::Pending(load_pending(app, tax_number, departments).await?),
    })
}

/// The kinds of records a member of staff may look up: debts for the treasury's clerks, fines
/// for the municipal police's, pending matters for any clerk (those of their departments);
/// admins everything. Verifiers as such none: certifying an identity needs no records.
pub fn staff_record_kinds(who: &StaffPrincipal) -> Vec<RecordKind> {
    RecordKind::ALL
        .into_iter()
        .filter(|k| staff_may_see(who, *k))
        .collect()
}

fn staff_may_see(who: &StaffPrincipal, kind: RecordKind) -> bool {
    match kind {
        RecordKind::Debts => who.serves_department(DEBTS_DEPARTMENT),
        RecordKind::Fines => who.serves_department(FINES_DEPARTMENT),
        RecordKind::Pending => who.department_scope().is_none_or(|own| !own.is_empty()),
    }
}

impl App {
    /// The verified tax number of a Level B citizen (read afresh: a revocation hides the
    /// records at once); a Level A citizen is refused.
    async fn own_verified_tax_number(
        &self,
        who: &CitizenPrincipal,
    ) -> Result<Option<String>, AppError> {
        if !who.level.may_see_personal_data() {
            return Err(AppError::LevelBRequired);
        }
        let citizen = citizens::get(self.db(), &who.id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !citizen.level.may_see_personal_data() {
            return Err(AppError::LevelBRequired);
        }
        Ok(citizen.verified_tax_number)
    }

    /// A Level B citizen's own records of one kind, by their verified tax number; audited.
    pub async fn my_records(
        &self,
        who: &CitizenPrincipal,
        kind: RecordKind,
        client: &ClientInfo,
    ) -> Result<Records, AppError> {
        let tax_number = self.own_verified_tax_number(who).await?;
        let found = load(self, kind, tax_number.as_deref(), None).await?;
        let mut entry = NewAuditEntry::new(
            AuditActorKind::Citizen,
            Some(who.id.clone()),
            "citizen.records_viewed",
        );
        entry.subject_citizen_id = Some(who.id.clone());
        entry.target_kind = Some("citizen");
        entry.target_id = Some(who.id.clone());
        entry.client_ip = client.ip.clone();
        entry.details =
            serde_json::json!({ "kind": kind.as_str(), "count": found.len() }).to_string();
        audit::append_alone(self.db(), &entry).await?;
        Ok(found)
    }

    /// A Level B citizen's own debts (open first, the soonest due first).
    pub async fn my_debts(
        &self,
        who: &CitizenPrincipal,
        client: &ClientInfo,
    ) -> Result<DebtList, AppError> {
        match self.my_records(who, RecordKind::Debts, client).await? {
            Records::Debts(list) => Ok(list),
            _ => unreachable!("asked for debts"),
        }
    }

    /// A Level B citizen's own fines (open first, the nearest appeal deadline first).
    pub async fn my_fines(
        &self,
        who: &CitizenPrincipal,
        client: &ClientInfo,
    ) -> Result<FineList, AppError> {
        match self.my_records(who, RecordKind::Fines, client).await? {
            Records::Fines(list) => Ok(list),
            _ => unreachable!("asked for fines"),
        }
    }

    /// A Level B citizen's own pending matters (the oldest first).
    pub async fn my_pending(
        &self,
        who: &CitizenPrincipal,
        client: &ClientInfo,
    ) -> Result<PendingList, AppError> {
        match self.my_records(who, RecordKind::Pending, client).await? {
            Records::Pending(list) => Ok(list),
            _ => unreachable!("asked for pending matters"),
        }
    }

    /// A citizen's records of one kind as a clerk of the competent department looks them up,
    /// with a reason (required). A refusal is audited; so is every look, with the reason, on
    /// the citizen's «who accessed my data».
    pub async fn staff_citizen_records(
        &self,
        who: &StaffPrincipal,
        citizen_id: &str,
        kind: RecordKind,
        reason: &str,
        client: &ClientInfo,
    ) -> Result<StaffRecords, AppError> {
        if !staff_may_see(who, kind) {
            let mut entry = staff_audit(&who.id, "authorization.denied", client);
            entry.outcome = AuditOutcome::Denied;
            entry.target_kind = Some("citizen");
            entry.target_id = Some(citizen_id.to_owned());
            entry.details = serde_json::json!({
                "what": format!("{} records of a citizen", kind.as_str()),
                "kind": kind.as_str(),
            })
            .to_string();
            audit::append_alone(self.db(), &entry).await?;
            tracing::warn!(staff = %who.id, kind = kind.as_str(), "records refused");
            return Err(AppError::Forbidden);
        }
        let reason = reason.trim();
        let mut check = FieldCheck::default();
        match reason.chars().count() {
            0 => check.add("reason", "required"),
            n if n > REASON_MAX => check.add("reason", "too_long"),
            _ => {}
        }
        check.finish()?;
        let citizen = citizens::get(self.db(), citizen_id)
            .await?
            .ok_or(AppError::NotFound)?;
        // Only a certified account's verified tax number: never a self-declared one.
        let tax_number = citizen
            .verified_tax_number
            .clone()
            .filter(|_| citizen.level.may_see_personal_data());
        let found = load(self, kind, tax_number.as_deref(), who.department_scope()).await?;
        let mut entry = staff_audit(&who.id, "staff.records_viewed", client);
        entry.subject_citizen_id = Some(citizen.id.clone());
        entry.target_kind = Some("citizen");
        entry.target_id = Some(citizen.id.clone());
        entry.details = serde_json::json!({
            "kind": kind.as_str(),
            "reason": reason,
            "count": found.len(),
        })
        .to_string();
        audit::append_alone(self.db(), &entry).await?;
        Ok(StaffRecords {
            citizen_id: citizen.id,
            username: citizen.username,
            given_name: citizen.given_name,
            family_name: citizen.family_name,
            level: citizen.level,
            verified_tax_number: tax_number,
            records: found,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dimos_domain::StaffRole;

    fn member(roles: &[StaffRole], departments: &[&str]) -> StaffPrincipal {
        StaffPrincipal {
            id: "s1".into(),
            username: "s".into(),
            display_name: "S".into(),
            roles: roles.to_vec(),
            departments: departments.iter().map(|d| (*d).to_owned()).collect(),
            session_id: String::new(),
            csrf_token: String::new(),
        }
    }

    #[test]
    fn each_department_sees_its_own_kind_only() {
        use RecordKind::*;
        let treasury = member(&[StaffRole::Clerk], &["treasury"]);
        assert_eq!(staff_record_kinds(&treasury), vec![Debts, Pending]);
        let police = member(&[StaffRole::Clerk], &["municipal_police"]);
        assert_eq!(staff_record_kinds(&police), vec![Fines, Pending]);
        let registry = member(&[StaffRole::Clerk], &["registry"]);
        assert_eq!(staff_record_kinds(&registry), vec![Pending]);
        let verifier = member(&[StaffRole::Verifier], &["treasury"]);
        assert!(staff_record_kinds(&verifier).is_empty());
        let admin = member(&[StaffRole::Admin], &[]);
        assert_eq!(staff_record_kinds(&admin), RecordKind::ALL.to_vec());
    }

    #[test]
    fn days_to_appeal_count_athens_days_and_go_negative_when_past() {
        let today: Date = "2025-03-10".parse().unwrap();
        assert_eq!(days_until("2025-03-10", today), Some(0));
        assert_eq!(days_until("2025-03-31", today), Some(21));
        assert_eq!(days_until("2025-03-09", today), Some(-1));
        assert_eq!(days_until("2026-03-10", today), Some(365));
        assert_eq!(days_until("soon", today), None);
    }

    #[test]
    fn kinds_from_a_form_are_field_errors_when_missing_or_unknown() {
        for k in RecordKind::ALL {
            assert_eq!(parse_kind(&format!(" {k} ")).unwrap(), k);
        }
        let code = |text: &str| match parse_kind(text) {
            Err(AppError::Validation(fields)) => fields["kind"][0].clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(code("gossip"), "unknown_value");
        assert_eq!(code("  "), "required");
    }
}
