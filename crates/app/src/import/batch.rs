//! A batch of records over the API (`POST /api/v1/records/{kind}` with an integration key):
//! JSON objects with the columns of the import files as fields (amounts as integers), checked
//! like a file's rows; problems are reported per record index and field (`[3].tax_number`).

use super::UpsertCounts;
use super::rows::Batch;
use crate::api_keys::ApiKeyPrincipal;
use crate::{App, AppError, ClientInfo, FieldCheck};
use dimos_db::audit::{self, NewAuditEntry};
use dimos_db::clock::now;
use dimos_domain::{
    AuditActorKind, AuditOutcome, CentsError, FieldError, FieldProblem, MAX_RECORD_COLUMNS,
    RecordKind, Rule, check_record,
};
use serde_json::{Value, json};
use std::collections::HashSet;

/// Records one request may carry.
pub const MAX_BATCH_RECORDS: usize = 10_000;
/// Problems reported at most; past this the answer says `too_many_problems`.
const MAX_REPORTED: usize = 1_000;

/// A batch applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchImported {
    pub records: u64,
    pub counts: UpsertCounts,
}

/// Problems of a batch, keyed `[index].field`, counted so the answer stays small.
#[derive(Default)]
pub(crate) struct Problems {
    pub(crate) check: FieldCheck,
    pub(crate) count: usize,
}

impl Problems {
    fn add(&mut self, field: &str, code: &str) {
        self.count += 1;
        if self.count <= MAX_REPORTED {
            self.check.add(field, code);
        } else if self.count == MAX_REPORTED + 1 {
            self.check.add("body", "too_many_problems");
        }
    }
}

/// The JSON value of one field as the text a file would carry; an error when its type is wrong
/// (text fields are strings, amounts integers; absent or `null` is empty).
fn field_text(rule: Rule, value: Option<&Value>) -> Result<Option<String>, FieldError> {
    match (rule, value) {
        (_, None | Some(Value::Null)) => Ok(None),
        (Rule::Amount, Some(Value::Number(n))) => match n.as_i64() {
            Some(cents) => Ok(Some(cents.to_string())),
            None => Err(FieldError::Amount(CentsError::InvalidFormat)),
        },
        (Rule::Amount, Some(_)) => Err(FieldError::InvalidType),
        (_, Some(Value::String(text))) => Ok(Some(text.clone())),
        (_, Some(_)) => Err(FieldError::InvalidType),
    }
}

impl App {
    /// Imports a batch sent with an integration key: all of it or none of it. Audited as the
    /// key's action, applied or refused.
    pub async fn import_batch(
        &self,
        key: &ApiKeyPrincipal,
        kind: RecordKind,
        records: Vec<Value>,
        client: &ClientInfo,
    ) -> Result<BatchImported, AppError> {
        if !key.may_write(kind) {
            // A key is scoped to the kinds it was made for: a treasury key writes no fines.
            let mut entry = key_entry(key, kind, "records.import_rejected", client);
            entry.outcome = AuditOutcome::Denied;
            entry.details = json!({
                "kind": kind.as_str(),
                "source": "api",
                "key": key.name,
                "reason": "kind_not_allowed",
            })
            .to_string();
            audit::append_alone(self.db(), &entry).await?;
            return Err(AppError::Forbidden);
        }
        let departments = dimos_db::staff::known_departments(self.db()).await?;
        let (problems, batch) = check_batch(kind, &records, &departments);
        if problems.count > 0 {
            let mut entry = key_entry(key, kind, "records.import_rejected", client);
            entry.outcome = AuditOutcome::Failure;
            entry.details = json!({
                "kind": kind.as_str(),
                "source": "api",
                "key": key.name,
                "records": records.len(),
                "problems": problems.count,
            })
            .to_string();
            audit::append_alone(self.db(), &entry).await?;
            return Err(problems.check.finish().expect_err("problems were found"));
        }
        let entry = key_entry(key, kind, "records.imported", client);
        let source = json!({ "source": "api", "key": key.name });
        self.apply_batch(kind, batch, records.len(), entry, source)
            .await
    }

    /// Imports records the portal itself brings through the feed's checks (`dimos demo`'s
    /// records): all or none, audited as the system's action with `source`.
    pub async fn import_system_batch(
        &self,
        kind: RecordKind,
        records: Vec<Value>,
        source: &str,
        client: &ClientInfo,
    ) -> Result<BatchImported, AppError> {
        let departments = dimos_db::staff::known_departments(self.db()).await?;
        let (problems, batch) = check_batch(kind, &records, &departments);
        if problems.count > 0 {
            return Err(problems.check.finish().expect_err("problems were found"));
        }
        let mut entry = NewAuditEntry::new(AuditActorKind::System, None, "records.imported");
        entry.target_kind = Some("records");
        entry.target_id = Some(kind.as_str().to_owned());
        entry.client_ip = client.ip.clone();
        self.apply_batch(
            kind,
            batch,
            records.len(),
            entry,
            json!({ "source": source }),
        )
        .await
    }

    /// Writes a checked batch and its audit entry (`source` adds to its details) in one
    /// transaction.
    async fn apply_batch(
        &self,
        kind: RecordKind,
        batch: Batch,
        records: usize,
        mut entry: NewAuditEntry,
        source: Value,
    ) -> Result<BatchImported, AppError> {
        let mut tx = self.db().begin().await?;
        let counts = batch.upsert(&mut tx, now()).await?;
        let mut details = json!({
            "kind": kind.as_str(),
            "records": records,
            "inserted": counts.inserted,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
        });
        if let (Some(details), Value::Object(source)) = (details.as_object_mut(), source) {
            details.extend(source);
        }
        entry.details = details.to_string();
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(BatchImported {
            records: records as u64,
            counts,
        })
    }
}

impl App {
    /// Audits a request with a live key whose body or path was refused before its records
    /// could be checked (not JSON, not an array, no such kind).
    pub async fn audit_batch_refused(
        &self,
        key: &ApiKeyPrincipal,
        kind: &str,
        reason: &str,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let mut entry = NewAuditEntry::new(
            AuditActorKind::ApiKey,
            Some(key.id.clone()),
            "records.import_rejected",
        );
        entry.outcome = AuditOutcome::Failure;
        entry.target_kind = Some("records");
        entry.target_id = Some(kind.chars().take(40).collect());
        entry.client_ip = client.ip.clone();
        entry.details = json!({ "source": "api", "key": key.name, "reason": reason }).to_string();
        audit::append_alone(self.db(), &entry).await?;
        Ok(())
    }
}

/// Checks a whole batch: the good records in a batch for the store, the problems of the others.
/// The batch is complete only when there are no problems.
pub(crate) fn check_batch(
    kind: RecordKind,
    records: &[Value],
    departments: &[String],
) -> (Problems, Batch) {
    let mut problems = Problems::default();
    if records.is_empty() {
        problems.add("body", "no_records");
    } else if records.len() > MAX_BATCH_RECORDS {
        problems.add("body", "too_many_records");
    }
    let mut batch = Batch::with_capacity(kind, records.len().min(MAX_BATCH_RECORDS));
    if problems.count == 0 {
        collect(kind, records, departments, &mut problems, &mut batch);
    }
    (problems, batch)
}

/// Checks every record, adding the good ones to `batch` and naming the problems of the others.
fn collect(
    kind: RecordKind,
    records: &[Value],
    departments: &[String],
    problems: &mut Problems,
    batch: &mut Batch,
) {
    let columns = kind.columns();
    let mut seen: HashSet<String> = HashSet::with_capacity(records.len());
    let mut field_problems: Vec<FieldProblem> = Vec::new();
    for (index, record) in records.iter().enumerate() {
        let Some(object) = record.as_object() else {
            problems.add(&format!("[{index}]"), "invalid_type");
            continue;
        };
        for name in object.keys() {
            if kind.column_index(name).is_none() {
                problems.add(
                    &format!("[{index}].{name}"),
                    FieldError::UnknownField.code(),
                );
            }
        }
        let mut texts: [Option<String>; MAX_RECORD_COLUMNS] = Default::default();
        let mut wrong_type = [false; MAX_RECORD_COLUMNS];
        for (i, column) in columns.iter().enumerate() {
            match field_text(column.rule, object.get(column.name)) {
                Ok(text) => texts[i] = text,
                Err(error) => {
                    wrong_type[i] = true;
                    problems.add(&format!("[{index}].{}", column.name), error.code());
                }
            }
        }
        let mut raw = [""; MAX_RECORD_COLUMNS];
        for (slot, text) in raw.iter_mut().zip(&texts) {
            *slot = text.as_deref().unwrap_or("");
        }
        field_problems.clear();
        let checked = check_record(
            kind,
            &raw[..columns.len()],
            departments,
            &mut field_problems,
        );
        let mut id_ok = !wrong_type[0];
        for p in &field_problems {
            id_ok &= p.column != 0;
            if !wrong_type[p.column] {
                problems.add(
                    &format!("[{index}].{}", columns[p.column].name),
                    p.error.code(),
                );
            }
        }
        if id_ok {
            let id = raw[0].trim().to_owned();
            if !seen.insert(id) {
                problems.add(
                    &format!("[{index}].external_id"),
                    FieldError::Duplicate.code(),
                );
                continue;
            }
        }
        if let Some(checked) = checked
            && problems.count == 0
        {
            batch.push(&checked);
        }
    }
}

fn key_entry(
    key: &ApiKeyPrincipal,
    kind: RecordKind,
    action: &'static str,
    client: &ClientInfo,
) -> NewAuditEntry {
    let mut entry = NewAuditEntry::new(AuditActorKind::ApiKey, Some(key.id.clone()), action);
    entry.target_kind = Some("records");
    entry.target_id = Some(kind.as_str().to_owned());
    entry.client_ip = client.ip.clone();
    entry
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems_of(kind: RecordKind, records: Value) -> Vec<(String, Vec<String>)> {
        let records = records.as_array().unwrap().clone();
        let mut problems = Problems::default();
        let mut batch = Batch::with_capacity(kind, records.len());
        collect(
            kind,
            &records,
            &["registry".to_owned()],
            &mut problems,
            &mut batch,
        );
        match problems.check.finish() {
            Ok(()) => Vec::new(),
            Err(AppError::Validation(fields)) => fields.into_iter().collect(),
            Err(other) => panic!("{other}"),
        }
    }

    fn debt(id: &str) -> Value {
        json!({"external_id": id, "tax_number": "090000045", "category": "ΤΑΠ",
               "description": "", "amount_cents": 1250, "due_date": "2025-06-30", "status": "open"})
    }

    #[test]
    fn good_records_pass() {
        assert!(problems_of(RecordKind::Debts, json!([debt("a"), debt("b")])).is_empty());
    }

    #[test]
    fn problems_are_named_by_index_and_field() {
        let mut bad = debt("c");
        bad["tax_number"] = json!("090000046");
        bad["amount_cents"] = json!("1250");
        bad["colour"] = json!("red");
        let mut float = debt("d");
        float["amount_cents"] = json!(12.5);
        let found = problems_of(
            RecordKind::Debts,
            json!([debt("a"), debt("a"), bad, float, 7]),
        );
        let expected: Vec<(String, Vec<String>)> = [
            ("[1].external_id", "duplicate"),
            ("[2].amount_cents", "invalid_type"),
            ("[2].colour", "unknown_field"),
            ("[2].tax_number", "invalid_check_digit"),
            ("[3].amount_cents", "invalid_format"),
            ("[4]", "invalid_type"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), vec![(*v).to_owned()]))
        .collect();
        assert_eq!(found, expected);
    }
}
