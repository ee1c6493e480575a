//! Encryption at rest for secrets the portal must read back (staff TOTP secrets, document
//! numbers): ChaCha20-Poly1305 with a key from `DIMOS_SECRET_KEY` or a key file in the data dir.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use std::path::Path;
use std::sync::Arc;

#[derive(Clone)]
pub struct SecretBox {
    cipher: Arc<ChaCha20Poly1305>,
}

#[derive(Debug, thiserror::Error)]
pub enum SecretKeyError {
    #[error("DIMOS_SECRET_KEY: must be 32 bytes in base64 (e.g. from `openssl rand -base64 32`)")]
    BadKey,
    #[error("the key file {0}: {1}")]
    File(String, std::io::Error),
    #[error("the key file {0} does not hold a 32-byte base64 key")]
    BadFile(String),
}

impl SecretBox {
    /// The key from `configured` (base64 of 32 bytes) or else from `<data_dir>/secret.key`,
    /// created (readable by the owner only) on first start. Instances that share a database
    /// must share the key.
    pub fn load(configured: Option<&str>, data_dir: &Path) -> Result<SecretBox, SecretKeyError> {
        if let Some(encoded) = configured {
            return decode_key(encoded)
                .map(SecretBox::from_key)
                .ok_or(SecretKeyError::BadKey);
        }
        let path = data_dir.join("secret.key");
        let shown = path.display().to_string();
        let read = |path: &Path| {
            std::fs::read_to_string(path).map(|text| {
                decode_key(text.trim())
                    .map(SecretBox::from_key)
                    .ok_or(SecretKeyError::BadFile(shown.clone()))
            })
        };
        match read(&path) {
            Ok(key) => key,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0_u8; 32];
                getrandom::fill(&mut key).expect("the operating system's random source failed");
                match create_private(&path, &STANDARD.encode(key)) {
                    Ok(()) => {
                        tracing::info!(file = %path.display(), "created a new secret key; back it up with the database");
                        Ok(SecretBox::from_key(key))
                    }
                    // Another instance sharing the data dir made it at the same moment: theirs.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        read(&path).unwrap_or_else(|e| Err(SecretKeyError::File(shown.clone(), e)))
                    }
                    Err(e) => Err(SecretKeyError::File(shown, e)),
                }
            }
            Err(e) => Err(SecretKeyError::File(shown, e)),
        }
    }

    pub fn from_key(key: [u8; 32]) -> SecretBox {
        SecretBox {
            cipher: Arc::new(ChaCha20Poly1305::new(&Key::from(key))),
        }
    }

    /// `base64(nonce ‖ ciphertext)` of `plain`.
    pub fn seal(&self, plain: &[u8]) -> String {
        let mut nonce = [0_u8; 12];
        getrandom::fill(&mut nonce).expect("the operating system's random source failed");
        let sealed = self
            .cipher
            .encrypt(&Nonce::from(nonce), plain)
            .expect("encryption cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        STANDARD.encode(out)
    }

    /// The plain bytes of a sealed value; `None` if it was sealed with another key or altered.
    pub fn open(&self, sealed: &str) -> Option<Vec<u8>> {
        let bytes = STANDARD.decode(sealed).ok()?;
        if bytes.len() < 12 + 16 {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().ok()?;
        self.cipher.decrypt(&Nonce::from(nonce), ciphertext).ok()
    }
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(***)")
    }
}

fn decode_key(encoded: &str) -> Option<[u8; 32]> {
    STANDARD.decode(encoded.trim()).ok()?.try_into().ok()
}

/// Creates `path` holding `text`, readable by the owner only, or fails with `AlreadyExists`.
/// The file appears whole or not at all: the text is written and synced under a temporary name
/// first and then linked to `path` (which fails if it exists). So an instance starting at the
/// same moment never reads a half-written key, and a crash never leaves an empty key file that
/// would keep the portal from starting.
fn create_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let temporary = folder.join(format!(".secret.key.{}.tmp", uuid::Uuid::now_v7()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let linked = options
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        })
        .and_then(|()| std::fs::hard_link(&temporary, path));
    let _ = std::fs::remove_file(&temporary);
    linked?;
    if let Ok(folder) = std::fs::File::open(folder) {
        let _ = folder.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_with_the_same_key_only() {
        let a = SecretBox::from_key([7; 32]);
        let b = SecretBox::from_key([8; 32]);
        let sealed = a.seal(b"JBSWY3DPEHPK3PXP");
        assert_ne!(
            sealed,
            a.seal(b"JBSWY3DPEHPK3PXP"),
            "a fresh nonce each time"
        );
        assert_eq!(a.open(&sealed).unwrap(), b"JBSWY3DPEHPK3PXP");
        assert_eq!(b.open(&sealed), None);
        let mut tampered = STANDARD.decode(&sealed).unwrap();
        *tampered.last_mut().unwrap() ^= 1;
        assert_eq!(a.open(&STANDARD.encode(tampered)), None);
        assert_eq!(a.open("not base64!"), None);
    }

    #[test]
    fn a_key_file_is_created_once_and_reused() {
        let dir = std::env::temp_dir().join(format!("dimos-key-{}", std::process::id()));
        let first = SecretBox::load(None, &dir).unwrap();
        let sealed = first.seal(b"x");
        let again = SecretBox::load(None, &dir).unwrap();
        assert_eq!(again.open(&sealed).unwrap(), b"x");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("secret.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
        let configured = STANDARD.encode([1_u8; 32]);
        assert!(SecretBox::load(Some(&configured), &dir).is_ok());
        assert!(matches!(
            SecretBox::load(Some("short"), &dir),
            Err(SecretKeyError::BadKey)
        ));
        assert!(!dir.exists(), "a configured key writes no file");
    }

    #[test]
    fn instances_starting_at_once_on_one_data_dir_share_one_key() {
        let dir = std::env::temp_dir().join(format!("dimos-key-race-{}", std::process::id()));
        let loads: Vec<_> = (0..8)
            .map(|_| {
                let dir = dir.clone();
                std::thread::spawn(move || SecretBox::load(None, &dir).unwrap())
            })
            .collect();
        let boxes: Vec<SecretBox> = loads.into_iter().map(|t| t.join().unwrap()).collect();
        let sealed = boxes[0].seal(b"x");
        for other in &boxes {
            assert_eq!(other.open(&sealed).unwrap(), b"x", "one key for all");
        }
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["secret.key"], "no temporaries left");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
