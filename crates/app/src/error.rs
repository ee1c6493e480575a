use dimos_db::DbError;
use dimos_domain::{RequestStatus, TransitionError};
use std::collections::BTreeMap;

/// Field name → codes of what is wrong with it (`too_short`, `invalid_check_digit`, …).
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// Why a request could not move (409 `invalid_transition`): the words for people are Fluent's
/// `transition-…`, looked up where the answer is made (page or API).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionRefused {
    /// The state machine has no such move for this actor and delivery mode.
    #[error(transparent)]
    Rule(#[from] TransitionError),
    /// Another change came first: the request is no longer in `from`.
    #[error("the request is no longer {from}")]
    Changed { from: RequestStatus },
}

/// Why a use case did not happen. The web layer maps each variant to a status and a stable code.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validation failed: {0:?}")]
    Validation(FieldErrors),
    #[error("authentication required")]
    Unauthenticated,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("a one-time code is required")]
    TotpRequired,
    #[error("too many attempts; retry in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("forbidden")]
    Forbidden,
    #[error("level B required")]
    LevelBRequired,
    #[error("e-mail not confirmed")]
    EmailUnconfirmed,
    #[error("not found")]
    NotFound,
    #[error("username taken")]
    UsernameTaken,
    /// A state that forbids the change (409), with a stable code; the words for people are
    /// Fluent's `conflict-<code>`, looked up where the answer is made (page or API).
    #[error("conflict: {code}")]
    Conflict { code: &'static str },
    #[error("invalid transition: {0}")]
    InvalidTransition(TransitionRefused),
    #[error("storage failure: {0}")]
    Db(#[from] DbError),
    #[error("internal failure: {0}")]
    Internal(String),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> AppError {
        AppError::Db(DbError::from(e))
    }
}

impl AppError {
    /// The same error with a field reported under another name (a form's own naming).
    pub fn renamed_field(self, from: &str, to: &str) -> AppError {
        match self {
            AppError::Validation(mut fields) => {
                if let Some(codes) = fields.remove(from) {
                    fields.insert(to.to_owned(), codes);
                }
                AppError::Validation(fields)
            }
            other => other,
        }
    }

    /// A validation failure of one field.
    pub fn field(field: &str, code: &str) -> AppError {
        let mut fields = FieldErrors::new();
        fields.insert(field.to_owned(), vec![code.to_owned()]);
        AppError::Validation(fields)
    }
}

/// A login form with the username or the password left empty: a validation error, answered
/// before any throttling or hashing — an empty form is not a guess at a password, so it must
/// neither cost the work of one nor count towards locking the account or the address out.
pub fn require_credentials(username: &str, password: &str) -> Result<(), AppError> {
    let mut check = FieldCheck::default();
    if username.trim().is_empty() {
        check.add("username", "required");
    }
    if password.is_empty() {
        check.add("password", "required");
    }
    check.finish()
}

/// Collects field errors while a form is parsed, then fails once with all of them.
#[derive(Debug, Default)]
pub struct FieldCheck {
    errors: FieldErrors,
}

impl FieldCheck {
    /// Parses one field, remembering its error code; `None` when it failed.
    pub fn take<T, E: dimos_domain::ErrorCode>(
        &mut self,
        field: &str,
        parsed: Result<T, E>,
    ) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(e) => {
                self.add(field, e.code());
                None
            }
        }
    }

    pub fn add(&mut self, field: &str, code: &str) {
        self.errors
            .entry(field.to_owned())
            .or_default()
            .push(code.to_owned());
    }

    pub fn has(&self, field: &str) -> bool {
        self.errors.contains_key(field)
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok` when nothing failed, else the validation error with every field.
    pub fn finish(self) -> Result<(), AppError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.errors))
        }
    }
}
