//! Integration keys for the back-office feeds (`POST /api/v1/records/…`): created by an admin
//! (page) or the operator (`dimos apikey add`), shown once, stored as their SHA-256 only,
//! revocable; each use is audited as the key's action.

use crate::staff::{StaffPrincipal, staff_audit};
use crate::tokens::{random_token, token_hash};
use crate::{App, AppError, ClientInfo, FieldCheck};
use dimos_db::api_keys::{self, ApiKeyRecord, NewApiKey};
use dimos_db::audit::{self, NewAuditEntry};
use dimos_domain::{AuditActorKind, AuditOutcome, RecordKind};
use serde_json::json;

/// What every key starts with, so a leaked one is recognisable (and scanners can find it).
pub const KEY_PREFIX: &str = "dimos_";
/// Characters of a key kept in the clear to tell keys apart: the prefix and 8 more.
const SHOWN_PREFIX_LEN: usize = KEY_PREFIX.len() + 8;
const NAME_MAX: usize = 100;

/// A caller authenticated by a live integration key.
#[derive(Debug, Clone)]
pub struct ApiKeyPrincipal {
    pub id: String,
    pub name: String,
    /// The record kinds this key may write.
    pub kinds: Vec<RecordKind>,
}

impl ApiKeyPrincipal {
    pub fn may_write(&self, kind: RecordKind) -> bool {
        self.kinds.contains(&kind)
    }
}

/// The kinds of a stored scope (`debts,fines`); unknown names are ignored.
pub fn parse_kinds(stored: &str) -> Vec<RecordKind> {
    RecordKind::ALL
        .into_iter()
        .filter(|k| stored.split(',').any(|s| s.trim() == k.as_str()))
        .collect()
}

fn kinds_text(kinds: &[RecordKind]) -> String {
    RecordKind::ALL
        .into_iter()
        .filter(|k| kinds.contains(k))
        .map(RecordKind::as_str)
        .collect::<Vec<_>>()
        .join(",")
}

/// A key just created: the secret is here once and never again.
#[derive(Debug, Clone)]
pub struct CreatedApiKey {
    pub id: String,
    pub name: String,
    pub key: String,
}

/// Who manages keys: an admin on the pages, or the operator on the command line.
fn manager_entry(
    by: Option<&StaffPrincipal>,
    action: &'static str,
    client: &ClientInfo,
) -> Result<NewAuditEntry, AppError> {
    match by {
        Some(admin) if admin.is_admin() => Ok(staff_audit(&admin.id, action, client)),
        Some(_) => Err(AppError::Forbidden),
        None => {
            let mut entry = NewAuditEntry::new(AuditActorKind::System, None, action);
            entry.client_ip = client.ip.clone();
            Ok(entry)
        }
    }
}

impl App {
    /// Creates a key named `name` (what system uses it) that may write the record `kinds` (at
    /// least one). The answer carries the key itself.
    pub async fn create_api_key(
        &self,
        by: Option<&StaffPrincipal>,
        name: &str,
        kinds: &[RecordKind],
        client: &ClientInfo,
    ) -> Result<CreatedApiKey, AppError> {
        let mut entry = manager_entry(by, "api_key.created", client)?;
        let name = name.trim();
        let mut check = FieldCheck::default();
        if name.is_empty() {
            check.add("name", "required");
        } else if name.chars().count() > NAME_MAX {
            check.add("name", "too_long");
        } else if name.chars().any(char::is_control) {
            check.add("name", "invalid_character");
        }
        if kinds.is_empty() {
            check.add("kinds", "required");
        }
        check.finish()?;
        let kinds = kinds_text(kinds);
        let id = uuid::Uuid::now_v7().to_string();
        let key = format!("{KEY_PREFIX}{}", random_token());
        let mut tx = self.db().begin().await?;
        api_keys::insert(
            &mut tx,
            &NewApiKey {
                id: &id,
                name,
                key_prefix: &key[..SHOWN_PREFIX_LEN],
                key_hash: &token_hash(&key),
                created_by: by.map(|s| s.id.as_str()),
                kinds: &kinds,
            },
        )
        .await?;
        entry.target_kind = Some("api_key");
        entry.target_id = Some(id.clone());
        entry.details = json!({ "name": name, "kinds": kinds }).to_string();
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(CreatedApiKey {
            id,
            name: name.to_owned(),
            key,
        })
    }

    /// Every key, live ones first (admins, or the operator).
    pub async fn api_keys(
        &self,
        by: Option<&StaffPrincipal>,
    ) -> Result<Vec<ApiKeyRecord>, AppError> {
        if by.is_some_and(|s| !s.is_admin()) {
            return Err(AppError::Forbidden);
        }
        Ok(api_keys::list(self.db()).await?)
    }

    /// Revokes a key at once. `NotFound` for no such key; revoking a revoked key changes nothing
    /// (`Ok(false)`).
    pub async fn revoke_api_key(
        &self,
        by: Option<&StaffPrincipal>,
        id: &str,
        client: &ClientInfo,
    ) -> Result<bool, AppError> {
        let mut entry = manager_entry(by, "api_key.revoked", client)?;
        let key = api_keys::get(self.db(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut tx = self.db().begin().await?;
        if !api_keys::revoke(&mut tx, &key.id).await? {
            return Ok(false);
        }
        entry.target_kind = Some("api_key");
        entry.target_id = Some(key.id.clone());
        entry.details = json!({ "name": key.name }).to_string();
        audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The caller behind a bearer key, if the key is live; notes its use. A revoked key's
    /// attempt is audited (refused); an unknown string is not (it names no one).
    pub async fn api_key_principal(
        &self,
        key: &str,
        client: &ClientInfo,
    ) -> Result<Option<ApiKeyPrincipal>, AppError> {
        if !key.starts_with(KEY_PREFIX) || key.len() > 200 {
            return Ok(None);
        }
        let Some(found) = api_keys::find_by_hash(self.db(), &token_hash(key)).await? else {
            return Ok(None);
        };
        if found.revoked_at.is_some() {
            let mut entry = NewAuditEntry::new(
                AuditActorKind::ApiKey,
                Some(found.id.clone()),
                "api_key.refused",
            );
            entry.outcome = AuditOutcome::Denied;
            entry.client_ip = client.ip.clone();
            entry.details = json!({ "reason": "revoked" }).to_string();
            audit::append_alone(self.db(), &entry).await?;
            return Ok(None);
        }
        api_keys::touch(self.db(), &found.id).await?;
        Ok(Some(ApiKeyPrincipal {
            kinds: parse_kinds(&found.kinds),
            id: found.id,
            name: found.name,
        }))
    }
}
