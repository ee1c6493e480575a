//! Argon2id hashing, run on tokio's blocking pool behind a semaphore: each hash holds one core
//! for ~17 ms (`benches/password_hash.rs`) and 19 MiB, so a burst of logins must queue rather
//! than stall the async workers or exhaust memory.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{self, PasswordHasher as _, PasswordVerifier as _};
use argon2::{ARGON2ID_IDENT, Algorithm, Argon2, Params, Version};
use dimos_domain::Password;
use std::num::NonZero;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Argon2id cost parameters. Changing them upgrades stored hashes at each user's next login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashParams {
    pub m_cost_kib: u32,
    pub t_cost: u32,
    pub p_cost: u32,
}

impl HashParams {
    /// OWASP Password Storage Cheat Sheet's Argon2id choice: 19 MiB, 2 passes, 1 lane.
    pub const OWASP: HashParams = HashParams {
        m_cost_kib: 19 * 1024,
        t_cost: 2,
        p_cost: 1,
    };

    fn argon2(&self) -> Result<Argon2<'static>, PasswordHashError> {
        let params = Params::new(self.m_cost_kib, self.t_cost, self.p_cost, None)
            .map_err(password_hash::Error::from)?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }

    /// Whether `hash` was made with exactly these parameters, so needs no upgrade.
    fn made(&self, hash: &PasswordHash) -> bool {
        let Ok(params) = Params::try_from(hash) else {
            return false;
        };
        hash.algorithm == ARGON2ID_IDENT
            && hash.version == Some(Version::V0x13.into())
            && params.m_cost() == self.m_cost_kib
            && params.t_cost() == self.t_cost
            && params.p_cost() == self.p_cost
            && params.output_len() == Some(Params::DEFAULT_OUTPUT_LEN)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordHashError {
    #[error("argon2: {0}")]
    Argon2(#[from] password_hash::Error),
    #[error("the hashing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// The outcome of checking a password. There is no "unknown user": that is `Invalid` too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    /// The password is right; with `needs_rehash` the caller should store a fresh [`hash`]
    /// (made with the current parameters) while it has the password in hand.
    ///
    /// [`hash`]: PasswordHasher::hash
    Valid {
        needs_rehash: bool,
    },
    Invalid,
}

/// Hashes and verifies passwords without blocking the async runtime. Cheap to clone.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    params: HashParams,
    permits: Arc<Semaphore>,
    /// Verified against when the username is unknown, so that answer takes as long as a wrong
    /// password for a real user.
    dummy_hash: Arc<str>,
}

impl PasswordHasher {
    /// A hasher with the OWASP parameters running at most `max_concurrent` hashes at once;
    /// 0 means one per core.
    ///
    /// Computes one hash (the dummy) before it returns: call it at start-up, not per request.
    pub fn new(max_concurrent: usize) -> Self {
        let HashParams {
            m_cost_kib,
            t_cost,
            p_cost,
        } = HashParams::OWASP;
        Self::with_params(m_cost_kib, t_cost, p_cost, max_concurrent)
    }

    /// A hasher with other parameters, mainly so tests can use cheap ones.
    ///
    /// # Panics
    /// If Argon2 refuses the parameters (for instance under 8 KiB of memory).
    pub fn with_params(m_cost_kib: u32, t_cost: u32, p_cost: u32, max_concurrent: usize) -> Self {
        let params = HashParams {
            m_cost_kib,
            t_cost,
            p_cost,
        };
        let dummy_password = Password::parse("no user has this password").expect("long enough");
        let dummy_hash = hash_blocking(&dummy_password, &params)
            .unwrap_or_else(|error| panic!("Argon2 refused {params:?}: {error}"));
        let max_concurrent = match max_concurrent {
            0 => std::thread::available_parallelism().map_or(1, NonZero::get),
            n => n,
        };
        Self {
            params,
            permits: Arc::new(Semaphore::new(max_concurrent)),
            dummy_hash: dummy_hash.into(),
        }
    }

    /// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) with a fresh random salt.
    pub async fn hash(&self, password: &Password) -> Result<String, PasswordHashError> {
        let (password, params) = (password.clone(), self.params);
        self.run_blocking(move || hash_blocking(&password, &params))
            .await?
    }

    /// Checks `password` against the `stored` hash, or against the dummy hash when there is
    /// no such user (`None`), which is `Invalid` but costs the same time.
    pub async fn verify(&self, password: &Password, stored: Option<&str>) -> Verification {
        let known_user = stored.is_some();
        let stored: Arc<str> = stored.map_or_else(|| Arc::clone(&self.dummy_hash), Arc::from);
        let (password, params) = (password.clone(), self.params);
        let outcome = self
            .run_blocking(move || verify_blocking(&password, &stored, &params))
            .await;
        match outcome {
            Ok(verification) if known_user => verification,
            Ok(_) => Verification::Invalid,
            Err(error) => {
                tracing::error!(%error, "password verification did not run");
                Verification::Invalid
            }
        }
    }

    async fn run_blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PasswordHashError> {
        // Owned, and moved into the task: if the request is dropped mid-hash the work goes on,
        // and must go on holding its permit or the bound would not hold.
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let result = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await?;
        Ok(result)
    }
}

/// Hashes on the calling thread; [`PasswordHasher::hash`] is the one to call from async code.
pub fn hash_blocking(
    password: &Password,
    params: &HashParams,
) -> Result<String, PasswordHashError> {
    let hash = params
        .argon2()?
        .hash_password(password.as_str().as_bytes())?;
    Ok(hash.to_string())
}

/// Verifies on the calling thread; [`PasswordHasher::verify`] is the one to call from async
/// code. The cost is the one recorded in `stored`; `current` only decides `needs_rehash`.
pub fn verify_blocking(password: &Password, stored: &str, current: &HashParams) -> Verification {
    let hash = match PasswordHash::new(stored) {
        Ok(hash) => hash,
        Err(error) => {
            tracing::warn!(%error, "stored password hash does not parse");
            return Verification::Invalid;
        }
    };
    match Argon2::default().verify_password(password.as_str().as_bytes(), &hash) {
        Ok(()) => Verification::Valid {
            needs_rehash: !current.made(&hash),
        },
        Err(password_hash::Error::PasswordInvalid) => Verification::Invalid,
        Err(error) => {
            tracing::warn!(%error, "stored password hash cannot be verified");
            Verification::Invalid
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1 MiB, one pass: fast enough for tests, and unlike OWASP so upgrades can be seen.
    fn cheap(max_concurrent: usize) -> PasswordHasher {
        PasswordHasher::with_params(1024, 1, 1, max_concurrent)
    }

    fn password(text: &str) -> Password {
        Password::parse(text).unwrap()
    }

    #[tokio::test]
    async fn a_hash_verifies_its_own_password_only() {
        let hasher = cheap(2);
        let right = password("violet kettle drums under bridges");
        let stored = hasher.hash(&right).await.unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"),
            "{stored}"
        );
        assert_eq!(
            hasher.verify(&right, Some(&stored)).await,
            Verification::Valid {
                needs_rehash: false
            }
        );
        let wrong = password("violet kettle drums under bridge");
        assert_eq!(
            hasher.verify(&wrong, Some(&stored)).await,
            Verification::Invalid
        );
    }

    #[tokio::test]
    async fn each_hash_has_its_own_salt() {
        let hasher = cheap(2);
        let same = password("violet kettle drums under bridges");
        assert_ne!(
            hasher.hash(&same).await.unwrap(),
            hasher.hash(&same).await.unwrap()
        );
    }

    #[tokio::test]
    async fn an_unknown_user_is_invalid_even_with_the_dummy_password() {
        let hasher = cheap(1);
        let dummy = password("no user has this password");
        assert_eq!(hasher.verify(&dummy, None).await, Verification::Invalid);
        assert_eq!(
            hasher.verify(&password("anything else at all"), None).await,
            Verification::Invalid
        );
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does() {
        let hasher = cheap(1);
        let dummy = PasswordHash::new(&hasher.dummy_hash).unwrap();
        assert!(hasher.params.made(&dummy));
    }

    #[tokio::test]
    async fn a_hash_with_other_parameters_is_valid_but_needs_rehash() {
        let old = PasswordHasher::with_params(512, 2, 1, 1);
        let right = password("violet kettle drums under bridges");
        let stored = old.hash(&right).await.unwrap();
        let current = cheap(1);
        assert_eq!(
            current.verify(&right, Some(&stored)).await,
            Verification::Valid { needs_rehash: true }
        );
        let rehashed = current.hash(&right).await.unwrap();
        assert_eq!(
            current.verify(&right, Some(&rehashed)).await,
            Verification::Valid {
                needs_rehash: false
            }
        );
    }

    #[tokio::test]
    async fn an_argon2i_hash_is_upgraded_to_argon2id() {
        let right = password("violet kettle drums under bridges");
        let params = Params::new(1024, 1, 1, None).unwrap();
        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x13, params)
            .hash_password(right.as_str().as_bytes())
            .unwrap()
            .to_string();
        assert_eq!(
            cheap(1).verify(&right, Some(&argon2i)).await,
            Verification::Valid { needs_rehash: true }
        );
    }

    #[tokio::test]
    async fn a_garbage_stored_hash_is_invalid() {
        let hasher = cheap(1);
        let right = password("violet kettle drums under bridges");
        for garbage in [
            "",
            "not a hash",
            "$argon2id$v=19$m=abc$$",
            "$2b$12$abcdefghijk",
        ] {
            assert_eq!(
                hasher.verify(&right, Some(garbage)).await,
                Verification::Invalid,
                "{garbage:?}"
            );
        }
    }

    #[test]
    fn zero_concurrency_means_one_per_core() {
        let cores = std::thread::available_parallelism().unwrap().get();
        assert_eq!(cheap(0).permits.available_permits(), cores);
        assert_eq!(cheap(3).permits.available_permits(), 3);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_hash_waits_while_every_permit_is_taken() {
        let hasher = cheap(1);
        let only_permit = Arc::clone(&hasher.permits).acquire_owned().await.unwrap();
        let waiting = tokio::spawn({
            let hasher = hasher.clone();
            async move {
                let right = password("violet kettle drums under bridges");
                hasher.hash(&right).await
            }
        });
        // A 1 MiB hash takes about a millisecond; a hundred pass without it if it is held back.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert!(!waiting.is_finished());
        drop(only_permit);
        assert!(waiting.await.unwrap().is_ok());
    }
}
