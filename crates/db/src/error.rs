/// A failure of the store. Its text is for logs, never for users.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database URL: {0}")]
    Url(String),
    #[error("could not prepare the database location: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
}

impl DbError {
    /// Whether this is a violation of a unique constraint (on either backend).
    pub fn is_unique_violation(&self) -> bool {
        match self {
            DbError::Sqlx(sqlx::Error::Database(e)) => e.is_unique_violation(),
            _ => false,
        }
    }

    /// Whether the database was too busy to take this on in time, so that nothing was written
    /// and the same request may simply be tried again: no pooled connection came free within
    /// the wait (a burst larger than the pool can serve), SQLite's write lock stayed taken past
    /// the busy timeout, or PostgreSQL gave up on a lock (deadlock, serialization, lock wait).
    pub fn is_busy(&self) -> bool {
        match self {
            DbError::Sqlx(sqlx::Error::PoolTimedOut) => true,
            DbError::Sqlx(sqlx::Error::Database(e)) => e.code().is_some_and(|code| {
                matches!(
                    code.as_ref(),
                    // SQLite: SQLITE_BUSY and its extended codes (snapshot, timeout).
                    "5" | "261" | "517" | "773"
                    // PostgreSQL: serialization failure, deadlock, lock not available.
                    | "40001" | "40P01" | "55P03"
                )
            }),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_that_had_no_connection_free_in_time_is_busy() {
        assert!(DbError::Sqlx(sqlx::Error::PoolTimedOut).is_busy());
        assert!(!DbError::Sqlx(sqlx::Error::RowNotFound).is_busy());
        assert!(!DbError::Url("x".into()).is_busy());
    }
}
