use dimos_db::DbError;

/// Why a use case did not happen. The web layer maps each variant to a status and a stable code.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("storage failure: {0}")]
    Db(#[from] DbError),
}
