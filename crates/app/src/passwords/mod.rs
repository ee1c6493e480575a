//! Password policy (NIST SP 800-63B) and Argon2id hashing on the blocking pool.
//!
//! Length and Unicode normalisation are already settled by [`dimos_domain::Password`]; this
//! module adds what needs data or CPU: the shipped list of common passwords, the personal-info
//! and zxcvbn checks, and hashing that cannot starve the async runtime.

mod common;
mod hashing;
mod policy;

pub use hashing::{
    HashParams, PasswordHashError, PasswordHasher, Verification, hash_blocking, verify_blocking,
};
pub use policy::{PasswordContext, PasswordPolicyError, check_policy};

impl crate::App {
    /// A fresh hash of `password` with the current parameters, on the blocking pool.
    pub(crate) async fn hash_password(
        &self,
        password: &dimos_domain::Password,
    ) -> Result<String, crate::AppError> {
        self.settings()
            .hasher
            .hash(password)
            .await
            .map_err(|e| crate::AppError::Internal(e.to_string()))
    }
}
