//! Level B: certifying a citizen's identity in person at the counter, and revoking it.

use crate::CitizenPrincipal;
use crate::citizens::mails::AccountMail;
use crate::staff::{StaffPrincipal, staff_audit};
use crate::{App, AppError, ClientInfo, FieldCheck};
use dimos_db::audit;
use dimos_db::catalogue;
use dimos_db::citizens::{self, CertifiedIdentity, CitizenLookup, CitizenSummary};
use dimos_db::clock::now;
use dimos_db::verifications::{self, NewVerification};
use dimos_domain::{
    AssuranceLevel, BirthDate, Country, DocumentNumber, DocumentType, PersonName, StaffRole,
    TaxNumber, Timestamp, fold_for_search,
};
use dimos_i18n::Lang;
use jiff::civil::Date;

/// What the verifier records at the counter, unparsed. Identity fields left `None` keep the
/// value the citizen registered; given ones correct it against the document.
#[derive(Debug, Clone, Default)]
pub struct CertificationInput {
    pub document_type: String,
    pub document_number: String,
    pub issuing_authority: String,
    /// `YYYY-MM-DD`
    pub expires_on: String,
    /// The office code.
    pub office: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub father_name: Option<String>,
    pub birth_date: Option<String>,
    /// Optional: a person without a Greek tax number can be certified (their personal records,
    /// kept by tax number, stay empty until one is added at the counter).
    pub tax_number: Option<String>,
    /// ISO 3166-1 alpha-2; required with a `foreign_passport`.
    pub issuing_country: Option<String>,
}

impl CertificationInput {
    /// The document part of the certification, for [`check_document`].
    pub fn document(&self) -> DocumentInput {
        DocumentInput {
            document_type: self.document_type.clone(),
            document_number: self.document_number.clone(),
            issuing_authority: self.issuing_authority.clone(),
            issuing_country: self.issuing_country.clone(),
            expires_on: self.expires_on.clone(),
            office: self.office.clone(),
        }
    }
}

/// An identity document seen at the counter, unparsed: at certification, at a walk-in
/// registration, and when a certified citizen's renewed document replaces the recorded one.
#[derive(Debug, Clone, Default)]
pub struct DocumentInput {
    pub document_type: String,
    pub document_number: String,
    pub issuing_authority: String,
    /// ISO 3166-1 alpha-2; required with a `foreign_passport`, ignored with a Greek document.
    pub issuing_country: Option<String>,
    /// `YYYY-MM-DD`
    pub expires_on: String,
    /// The office code where the document was seen.
    pub office: String,
}

/// A document that passed [`check_document`].
#[derive(Debug, Clone)]
pub struct CheckedDocument {
    pub document_type: DocumentType,
    pub number: DocumentNumber,
    pub issuing_authority: String,
    /// A foreign passport's issuing country; `None` for a Greek document.
    pub issuing_country: Option<Country>,
    /// Not expired on the day it was checked.
    pub expires_on: Date,
    /// The code of an office that certifies identities.
    pub office: String,
}

/// Reads a document type sent in `field`: `required` when empty, `unknown_value` otherwise.
pub(crate) fn parse_document_type(
    text: &str,
    field: &str,
    check: &mut FieldCheck,
) -> Option<DocumentType> {
    let text = text.trim();
    match text.parse::<DocumentType>() {
        Ok(t) => Some(t),
        Err(_) => {
            check.add(
                field,
                if text.is_empty() {
                    "required"
                } else {
                    "unknown_value"
                },
            );
            None
        }
    }
}

/// The issuing country sent in `field` for a document of type `document_type`: required and
/// checked against ISO 3166-1 for a foreign passport, `None` (and ignored) otherwise. `Err(())`
/// when it failed (the error is in `check`).
/// The longest issuing authority of a document.
pub const AUTHORITY_MAX: usize = 100;
/// The longest reason for revoking a certification.
pub const REVOCATION_REASON_MAX: usize = 500;

pub(crate) fn check_issuing_country(
    document_type: Option<DocumentType>,
    text: Option<&str>,
    field: &str,
    check: &mut FieldCheck,
) -> Result<Option<Country>, ()> {
    if !document_type.is_some_and(DocumentType::needs_issuing_country) {
        return Ok(None);
    }
    check
        .take(field, Country::parse(text.unwrap_or("")))
        .map(Some)
        .ok_or(())
}

/// The checks of a document seen at the counter, shared by every use case that records one:
/// its type and number, the issuing authority, an expiry not yet passed, and an office that
/// certifies identities. Field errors go into `check` (under the input's field names); `None`
/// when any failed.
pub(crate) fn check_document(
    input: &DocumentInput,
    offices: &[catalogue::Office],
    today: Date,
    check: &mut FieldCheck,
) -> Option<CheckedDocument> {
    let document_type = parse_document_type(&input.document_type, "document_type", check);
    let issuing_country = check_issuing_country(
        document_type,
        input.issuing_country.as_deref(),
        "issuing_country",
        check,
    );
    let number = document_type.and_then(|t| {
        check.take(
            "document_number",
            DocumentNumber::parse(t, &input.document_number),
        )
    });
    let authority = input.issuing_authority.trim();
    let authority_ok = match authority.chars().count() {
        0 => {
            check.add("issuing_authority", "required");
            false
        }
        n if n > AUTHORITY_MAX => {
            check.add("issuing_authority", "too_long");
            false
        }
        _ => true,
    };
    let expires_on = match input.expires_on.trim() {
        "" => {
            check.add("expires_on", "required");
            None
        }
        s => match s.parse::<Date>() {
            Ok(d) if d < today => {
                check.add("expires_on", "expired");
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                check.add("expires_on", "invalid_format");
                None
            }
        },
    };
    let office_code = input.office.trim();
    let office_ok = match offices.iter().find(|o| o.code == office_code) {
        None => {
            check.add(
                "office",
                if office_code.is_empty() {
                    "required"
                } else {
                    "unknown_office"
                },
            );
            false
        }
        Some(o) if !o.certifies_identity => {
            check.add("office", "does_not_certify");
            false
        }
        Some(_) => true,
    };
    match (number, issuing_country, expires_on, authority_ok, office_ok) {
        (Some(number), Ok(issuing_country), Some(expires_on), true, true) => {
            Some(CheckedDocument {
                document_type: number.document_type(),
                number,
                issuing_authority: authority.to_owned(),
                issuing_country,
                expires_on,
                office: office_code.to_owned(),
            })
        }
        _ => None,
    }
}

pub(crate) fn may_certify(who: &StaffPrincipal) -> Result<(), AppError> {
    if who.is_admin() || who.has(StaffRole::Verifier) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// How the counter's search box is read: a tax number, an e-mail, a family name with a birth
/// date, or else a username.
pub fn parse_lookup(q: &str) -> Option<CitizenLookup> {
    let q = q.trim();
    if q.is_empty() {
        return None;
    }
    if let Ok(t) = TaxNumber::parse(q) {
        return Some(CitizenLookup::TaxNumber(t.as_str().to_owned()));
    }
    if q.contains('@') {
        return Some(CitizenLookup::Email(q.to_owned()));
    }
    let words: Vec<&str> = q.split_whitespace().collect();
    if words.len() >= 2 {
        let (date, name): (Vec<&str>, Vec<&str>) =
            words.iter().partition(|w| parse_date(w).is_some());
        if let (Some(date), false) = (date.first().and_then(|d| parse_date(d)), name.is_empty()) {
            return Some(CitizenLookup::NameAndBirthDate(
                fold_for_search(&name.join(" ")),
                date.to_string(),
            ));
        }
    }
    Some(CitizenLookup::Username(q.to_lowercase()))
}

/// `YYYY-MM-DD` or the Greek `dd/mm/yyyy`.
fn parse_date(s: &str) -> Option<Date> {
    if let Ok(d) = s.parse::<Date>() {
        return Some(d);
    }
    let parts: Vec<&str> = s.split('/').collect();
    if let [d, m, y] = parts[..] {
        return Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok();
    }
    None
}

impl App {
    /// The counter's search (verifiers and admins); audited.
    pub async fn search_citizens(
        &self,
        who: &StaffPrincipal,
        q: &str,
        client: &ClientInfo,
    ) -> Result<Vec<CitizenSummary>, AppError> {
        may_certify(who)?;
        let Some(lookup) = parse_lookup(q) else {
            return Err(AppError::field("q", "required"));
        };
        let found = citizens::search(self.db(), &lookup, 20).await?;
        let mut entry = staff_audit(&who.id, "staff.citizen_search", client);
        entry.details = serde_json::json!({ "results": found.len() }).to_string();
        audit::append_alone(self.db(), &entry).await?;
        Ok(found)
    }

    /// A citizen's profile as the counter sees it; every opening is audited.
    pub async fn citizen_for_counter(
        &self,
        who: &StaffPrincipal,
        citizen_id: &str,
        client: &ClientInfo,
    ) -> Result<crate::citizens::Profile, AppError> {
        may_certify(who)?;
        let citizen = citizens::get(self.db(), citizen_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut entry = citizen_audit(who, "staff.citizen_viewed", client, &citizen.id);
        entry.details =
            serde_json::json!({ "reason": bilingual_reason("audit-reason-counter-certification") })
                .to_string();
        audit::append_alone(self.db(), &entry).await?;
        let level = citizen.level;
        let verification = verifications::current(self.db(), citizen_id).await?;
        Ok(crate::citizens::Profile {
            citizen,
            level,
            verification,
        })
    }

    /// Certifies a Level A citizen's identity: the document seen, the identity confirmed or
    /// corrected, the tax number verified. One certified account per tax number.
    pub async fn certify_identity(
        &self,
        who: &StaffPrincipal,
        citizen_id: &str,
        input: &CertificationInput,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        may_certify(who)?;
        let citizen = citizens::get(self.db(), citizen_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if citizen.level == AssuranceLevel::B {
            return Err(AppError::Conflict {
                code: "already_certified",
            });
        }
        let today = crate::clock::today();
        let mut check = FieldCheck::default();
        let offices = catalogue::offices(self.db()).await?;
        let document = check_document(&input.document(), &offices, today, &mut check);
        let pick = |given: &Option<String>, registered: &str| -> String {
            given
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .unwrap_or(registered)
                .to_owned()
        };
        let given_name = check.take(
            "given_name",
            PersonName::parse(&pick(&input.given_name, &citizen.given_name)),
        );
        let family_name = check.take(
            "family_name",
            PersonName::parse(&pick(&input.family_name, &citizen.family_name)),
        );
        let father_name = check.take(
            "father_name",
            PersonName::parse(&pick(&input.father_name, &citizen.father_name)),
        );
        let birth_date = check.take(
            "birth_date",
            BirthDate::parse(&pick(&input.birth_date, &citizen.birth_date), today),
        );
        let tax_text = pick(
            &input.tax_number,
            citizen.tax_number.as_deref().unwrap_or(""),
        );
        // No tax number: certified all the same (e.g. a foreign national without one).
        let tax_number = if tax_text.is_empty() {
            Ok(None)
        } else {
            check
                .take("tax_number", TaxNumber::parse(&tax_text))
                .map(Some)
                .ok_or(())
        };
        check.finish()?;
        let (Some(document), Some(given), Some(family), Some(father), Some(birth), Ok(tax)) = (
            document,
            given_name,
            family_name,
            father_name,
            birth_date,
            tax_number,
        ) else {
            unreachable!("checked")
        };
        if let Some(tax) = &tax
            && citizens::tax_number_verified_elsewhere(self.db(), tax.as_str(), &citizen.id).await?
        {
            return Err(tax_conflict());
        }
        let now = now();
        let mut tx = self.db().begin().await?;
        let certified = citizens::certify(
            &mut tx,
            &citizen.id,
            &CertifiedIdentity {
                given_name: given.as_str(),
                family_name: family.as_str(),
                family_name_folded: &fold_for_search(family.as_str()),
                father_name: father.as_str(),
                birth_date: &birth.to_string(),
                tax_number: tax.as_ref().map(TaxNumber::as_str),
            },
        )
        .await;
        match certified {
            Err(e) if e.is_unique_violation() => return Err(tax_conflict()),
            Ok(false) => {
                return Err(AppError::Conflict {
                    code: "already_certified",
                });
            }
            other => {
                other?;
            }
        }
        self.insert_verification(&mut tx, &citizen.id, &who.id, &document, now)
            .await?;
        let mut entry = citizen_audit(who, "verification.certified", client, &citizen.id);
        entry.details = serde_json::json!({
            "office": document.office,
            "document_type": document.document_type.as_str(),
            "issuing_country": document.issuing_country.map(Country::code),
            "document": document.number.masked(),
            "tax_number_recorded": tax.is_some(),
            "reason": bilingual_reason("audit-reason-counter-certification"),
        })
        .to_string();
        audit::append(&mut tx, &entry).await?;
        // A walk-in registered without an address has nobody to mail.
        if !citizen.email.is_empty() {
            let mail = AccountMail::Certified {
                public_url: &self.settings().public_url,
            }
            .to(&citizen.email, given.as_str(), self.municipality())?;
            crate::mail::queue(&mut tx, &mail).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records a certified citizen's renewed document in place of the one on record, without
    /// revoking Level B; the old document is kept in the history (`replaced_documents`). A Level
    /// A citizen → 409 `not_certified`; an expired or malformed document → 422. Audited
    /// (`verification.document_renewed`). Pickup then checks the document shown against it.
    pub async fn renew_document(
        &self,
        who: &StaffPrincipal,
        citizen_id: &str,
        input: &DocumentInput,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        may_certify(who)?;
        let citizen = citizens::get(self.db(), citizen_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let not_certified = AppError::Conflict {
            code: "not_certified",
        };
        let Some(current) = verifications::current_full(self.db(), &citizen.id).await? else {
            return Err(not_certified);
        };
        if citizen.level != AssuranceLevel::B {
            return Err(not_certified);
        }
        let offices = catalogue::offices(self.db()).await?;
        let mut check = FieldCheck::default();
        let document = check_document(input, &offices, crate::clock::today(), &mut check);
        check.finish()?;
        let Some(document) = document else {
            unreachable!("checked")
        };
        let mut tx = self.db().begin().await?;
        let replaced = verifications::replace_document(
            &mut tx,
            &current,
            &verifications::RenewedDocument {
                history_id: &uuid::Uuid::now_v7().to_string(),
                document_type: document.document_type,
                issuing_country: document.issuing_country.map(Country::code),
                document_number_enc: &self
                    .settings()
                    .secrets
                    .seal(document.number.as_str().as_bytes()),
                document_number_masked: &document.number.masked(),
                issuing_authority: &document.issuing_authority,
                expires_on: &document.expires_on.to_string(),
                office_code: &document.office,
                replaced_by: &who.id,
                at: now(),
            },
        )
        .await?;
        if !replaced {
            return Err(AppError::Conflict { code: "conflict" });
        }
        let mut entry = citizen_audit(who, "verification.document_renewed", client, &citizen.id);
        entry.details = serde_json::json!({
            "office": document.office,
            "document_type": document.document_type.as_str(),
            "issuing_country": document.issuing_country.map(Country::code),
            "document": document.number.masked(),
            "replaced_document_type": current.document_type,
            "replaced_document": current.document_number_masked,
            "reason": bilingual_reason("audit-reason-renewed-document"),
        })
        .to_string();
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether a certified citizen's personal records cannot be shown because no tax number was
    /// recorded at certification (records are kept by tax number): they are empty for that
    /// reason, and the pages and the API say so.
    pub async fn records_lack_tax_number(&self, who: &CitizenPrincipal) -> Result<bool, AppError> {
        let citizen = citizens::get(self.db(), &who.id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(citizen.level == AssuranceLevel::B && citizen.verified_tax_number.is_none())
    }

    /// Revokes a certification: back to Level A at once, personal data hidden; audited, mailed.
    pub async fn revoke_certification(
        &self,
        who: &StaffPrincipal,
        citizen_id: &str,
        reason: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        may_certify(who)?;
        let citizen = citizens::get(self.db(), citizen_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let reason = reason.trim();
        let mut check = FieldCheck::default();
        match reason.chars().count() {
            0 => check.add("reason", "required"),
            n if n > REVOCATION_REASON_MAX => check.add("reason", "too_long"),
            _ => {}
        }
        check.finish()?;
        let mut tx = self.db().begin().await?;
        if !citizens::decertify(&mut tx, &citizen.id).await? {
            return Err(AppError::Conflict {
                code: "not_certified",
            });
        }
        verifications::revoke(&mut tx, &citizen.id, &who.id, reason, now()).await?;
        let mut entry = citizen_audit(who, "verification.revoked", client, &citizen.id);
        entry.details = serde_json::json!({ "reason": reason }).to_string();
        audit::append(&mut tx, &entry).await?;
        if !citizen.email.is_empty() {
            let mail = AccountMail::Revoked { reason }.to(
                &citizen.email,
                &citizen.given_name,
                self.municipality(),
            )?;
            crate::mail::queue(&mut tx, &mail).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records the document a verifier saw as the citizen's certification: at certification
    /// and at a walk-in registration. The number is sealed at rest; only its mask is readable.
    pub(crate) async fn insert_verification(
        &self,
        conn: &mut sqlx::AnyConnection,
        citizen_id: &str,
        verifier_id: &str,
        document: &CheckedDocument,
        now: Timestamp,
    ) -> Result<(), AppError> {
        verifications::insert(
            conn,
            &NewVerification {
                id: &uuid::Uuid::now_v7().to_string(),
                citizen_id,
                verifier_id,
                office_code: &document.office,
                document_type: document.document_type,
                issuing_country: document.issuing_country.map(Country::code),
                document_number_enc: &self
                    .settings()
                    .secrets
                    .seal(document.number.as_str().as_bytes()),
                document_number_masked: &document.number.masked(),
                issuing_authority: &document.issuing_authority,
                expires_on: &document.expires_on.to_string(),
                verified_at: now,
            },
        )
        .await?;
        Ok(())
    }

    /// The certification in force, shown on the counter's profile page (opening the profile
    /// is audited already).
    pub async fn current_certification(
        &self,
        who: &StaffPrincipal,
        citizen_id: &str,
    ) -> Result<verifications::Verification, AppError> {
        may_certify(who)?;
        verifications::current_full(self.db(), citizen_id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// The certification in force, for the printable receipt at the counter.
    pub async fn certification_receipt(
        &self,
        who: &StaffPrincipal,
        citizen_id: &str,
    ) -> Result<(citizens::Citizen, verifications::Verification), AppError> {
        may_certify(who)?;
        let citizen = citizens::get(self.db(), citizen_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let verification = verifications::current_full(self.db(), citizen_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((citizen, verification))
    }
}

/// An audit entry of `who` about the citizen `citizen_id` (its subject and target).
pub(crate) fn citizen_audit(
    who: &StaffPrincipal,
    action: &'static str,
    client: &ClientInfo,
    citizen_id: &str,
) -> audit::NewAuditEntry {
    let mut entry = staff_audit(&who.id, action, client);
    entry.subject_citizen_id = Some(citizen_id.to_owned());
    entry.target_kind = Some("citizen");
    entry.target_id = Some(citizen_id.to_owned());
    entry
}

/// A reason the audit log keeps in both languages, «Ελληνικά / English»: the citizen's activity
/// page shows the half in theirs.
fn bilingual_reason(key: &str) -> String {
    format!("{} / {}", Lang::El.t(key), Lang::En.t(key))
}

pub(crate) fn tax_conflict() -> AppError {
    AppError::Conflict {
        code: "tax_number_already_certified",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_log_keeps_its_reasons_in_both_languages_as_before() {
        assert_eq!(
            bilingual_reason("audit-reason-counter-certification"),
            "Πιστοποίηση ταυτότητας στο γκισέ / identity certification at the counter"
        );
        assert_eq!(
            bilingual_reason("audit-reason-renewed-document"),
            "Ανανεωμένο έγγραφο ταυτοποίησης / renewed identity document"
        );
    }

    #[test]
    fn the_search_box_is_read_by_shape() {
        assert!(matches!(
            parse_lookup("090000045"),
            Some(CitizenLookup::TaxNumber(_))
        ));
        assert!(matches!(
            parse_lookup("Maria@Example.gr"),
            Some(CitizenLookup::Email(_))
        ));
        match parse_lookup("Παπαδοπούλου 12/04/1985") {
            Some(CitizenLookup::NameAndBirthDate(name, date)) => {
                assert_eq!(name, "παπαδοπουλου");
                assert_eq!(date, "1985-04-12");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_lookup("1985-04-12 papadopoulou"),
            Some(CitizenLookup::NameAndBirthDate(..))
        ));
        assert!(
            matches!(parse_lookup("Maria.P"), Some(CitizenLookup::Username(u)) if u == "maria.p")
        );
        assert!(parse_lookup("  ").is_none());
    }
}
