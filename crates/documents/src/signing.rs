//! The municipality's signing certificate and PAdES signing.
//!
//! The signature is made by `underskrift` (pure Rust, RustCrypto): an incremental update that adds
//! a signature field and widget to the AcroForm, `/Filter /Adobe.PPKLite`,
//! `/SubFilter /ETSI.CAdES.detached`, `/ByteRange` over the whole file but `/Contents`, and in
//! `/Contents` a CMS SignedData (SHA-256) with the ESS signing-certificate-v2 attribute and
//! without a signing-time attribute — PAdES baseline B-B.

use std::path::{Path, PathBuf};

use der::Decode;
use underskrift::{CryptoSigner, PadesLevel, PdfSigner, SigningOptions, SoftwareSigner, SubFilter};

/// The settings that name the certificate, for the messages.
pub const P12_SETTING: &str = "DIMOS_SIGNING_P12";
pub const P12_PASSWORD_SETTING: &str = "DIMOS_SIGNING_P12_PASSWORD";
pub const DATA_DIR_SETTING: &str = "DIMOS_DATA_DIR";

/// The self-signed certificate's file under the data dir (PKCS#12).
pub const SELF_SIGNED_FILE: &str = "signing/self-signed.p12";
/// Its password: the file is protected by its permissions (0600), as the rest of the data dir.
const SELF_SIGNED_PASSWORD: &str = "dimos-self-signed";

/// Why the signing certificate cannot be used: one line naming the setting.
#[derive(Debug, thiserror::Error)]
pub enum SignerError {
    #[error("{P12_SETTING}: cannot read {}: {error}", path.display())]
    MissingFile {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{P12_PASSWORD_SETTING}: wrong password for {}", path.display())]
    WrongPassword { path: PathBuf },
    #[error("{P12_SETTING}: the certificate in {} expired on {not_after}", path.display())]
    Expired {
        path: PathBuf,
        not_after: jiff::Timestamp,
    },
    #[error("{P12_SETTING}: {} is not a usable PKCS#12 file: {detail}", path.display())]
    Invalid { path: PathBuf, detail: String },
    #[error("{DATA_DIR_SETTING}: the self-signed certificate {} cannot be made: {detail}", path.display())]
    SelfSigned { path: PathBuf, detail: String },
}

/// A document could not be signed (a PDF the engine made always can be; this is for the rest).
#[derive(Debug, thiserror::Error)]
#[error("the PDF could not be signed: {0}")]
pub struct SignError(String);

/// The key and certificate documents are signed with.
pub struct DocumentSigner {
    signer: SoftwareSigner,
    certificate_der: Vec<u8>,
    self_signed: bool,
}

impl std::fmt::Debug for DocumentSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentSigner")
            .field("self_signed", &self.self_signed)
            .finish_non_exhaustive()
    }
}

impl DocumentSigner {
    /// The signer the settings name: `DIMOS_SIGNING_P12` (+ `_PASSWORD`) when set, else the
    /// self-signed certificate under the data dir, made on first use.
    pub fn from_settings(
        p12: Option<&Path>,
        password: Option<&str>,
        data_dir: &Path,
        municipality: &str,
        now: jiff::Timestamp,
    ) -> Result<Self, SignerError> {
        match p12 {
            Some(path) => Self::from_pkcs12_file(path, password.unwrap_or(""), now),
            None => Self::self_signed(data_dir, municipality, now),
        }
    }

    /// The certificate and key of a PKCS#12 file. Its certificate must be valid at `now`.
    pub fn from_pkcs12_file(
        path: &Path,
        password: &str,
        now: jiff::Timestamp,
    ) -> Result<Self, SignerError> {
        let bytes = std::fs::read(path).map_err(|error| SignerError::MissingFile {
            path: path.to_owned(),
            error,
        })?;
        Self::from_pkcs12(&bytes, password, now, path)
    }

    fn from_pkcs12(
        bytes: &[u8],
        password: &str,
        now: jiff::Timestamp,
        path: &Path,
    ) -> Result<Self, SignerError> {
        let invalid = |detail: String| SignerError::Invalid {
            path: path.to_owned(),
            detail,
        };
        let pfx = p12::PFX::parse(bytes).map_err(|e| invalid(format!("{e:?}")))?;
        // The reader knows the legacy format only (SHA-1 MAC, 3DES/RC2); OpenSSL 3's default
        // (SHA-256 MAC, AES) would fail its MAC check as if the password were wrong.
        if pfx
            .mac_data
            .as_ref()
            .is_some_and(|mac| mac.mac.digest_algorithm != p12::AlgorithmIdentifier::Sha1)
        {
            return Err(invalid(
                "not in the legacy PKCS#12 format this reader knows (SHA-1 MAC, 3DES); \
                 convert it with `openssl pkcs12 -export -legacy`"
                    .into(),
            ));
        }
        if !pfx.verify_mac(password) {
            return Err(SignerError::WrongPassword {
                path: path.to_owned(),
            });
        }
        let certificates = pfx
            .cert_x509_bags(password)
            .map_err(|e| invalid(format!("{e:?}")))?;
        let certificate_der = certificates
            .first()
            .ok_or_else(|| invalid("no certificate in it".into()))?
            .clone();
        let certificate = x509_cert::Certificate::from_der(&certificate_der)
            .map_err(|e| invalid(format!("its certificate: {e}")))?;
        let not_after = certificate
            .tbs_certificate
            .validity
            .not_after
            .to_unix_duration();
        let not_after = jiff::Timestamp::from_second(not_after.as_secs() as i64)
            .map_err(|e| invalid(format!("its certificate's end date: {e}")))?;
        if not_after <= now {
            return Err(SignerError::Expired {
                path: path.to_owned(),
                not_after,
            });
        }
        let signer = SoftwareSigner::from_pkcs12_data(bytes, password)
            .map_err(|e| invalid(e.to_string()))?;
        // underskrift 0.1.4 writes ECDSA signatures that neither it nor poppler accept.
        if signer.signature_algorithm() != underskrift::SignatureAlgorithm::RsaPkcs1v15 {
            return Err(invalid(
                "its key is not RSA (only RSA keys are supported)".into(),
            ));
        }
        Ok(Self {
            signer,
            certificate_der,
            self_signed: false,
        })
    }

    /// The self-signed certificate under `data_dir`, made (RSA-2048, ten years) the first
    /// time and read back afterwards.
    pub fn self_signed(
        data_dir: &Path,
        municipality: &str,
        now: jiff::Timestamp,
    ) -> Result<Self, SignerError> {
        let path = data_dir.join(SELF_SIGNED_FILE);
        let failed = |detail: String| SignerError::SelfSigned {
            path: path.clone(),
            detail,
        };
        if !path.exists() {
            let bytes = make_self_signed(municipality, now).map_err(failed)?;
            write_private(&path, &bytes).map_err(|e| failed(e.to_string()))?;
        }
        let bytes = std::fs::read(&path).map_err(|e| failed(e.to_string()))?;
        let signer = Self::from_pkcs12(&bytes, SELF_SIGNED_PASSWORD, now, &path)
            .map_err(|e| failed(e.to_string()))?;
        Ok(Self {
            self_signed: true,
            ..signer
        })
    }

    /// The signing certificate (DER): what the verifier compares a signer with.
    pub fn certificate_der(&self) -> &[u8] {
        &self.certificate_der
    }

    /// Whether this is the self-signed certificate made under the data dir.
    pub fn is_self_signed(&self) -> bool {
        self.self_signed
    }

    /// Signs a PDF: PAdES baseline B-B as an incremental update.
    pub fn sign(&self, pdf: &[u8]) -> Result<Vec<u8>, SignError> {
        let options = SigningOptions {
            sub_filter: SubFilter::Pades,
            pades_level: PadesLevel::BB,
            field_name: "dimos-signature".into(),
            // The CMS holds one certificate (≤ 2 KB for RSA-4096) and one signature.
            content_size: 8192,
            cms_signing_time: None,
            ..SigningOptions::default()
        };
        let signer = PdfSigner::new().options(options);
        block_on(signer.sign(pdf, &self.signer)).map_err(|e| SignError(e.to_string()))
    }
}

/// `underskrift`'s signing is `async` for its time-stamp client; B-B makes no request, so the
/// future is ready on its first poll.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::yield_now();
    }
}

fn make_self_signed(municipality: &str, now: jiff::Timestamp) -> Result<Vec<u8>, String> {
    // RSA: ECDSA signatures made by underskrift 0.1.4 do not verify (see `from_pkcs12`).
    use rsa::pkcs8::EncodePrivateKey;
    let rsa_key =
        rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).map_err(|e| e.to_string())?;
    let key_der = rsa_key.to_pkcs8_der().map_err(|e| e.to_string())?;
    let key = rcgen::KeyPair::try_from(key_der.as_bytes()).map_err(|e| e.to_string())?;
    let mut params =
        rcgen::CertificateParams::new(Vec::<String>::new()).map_err(|e| e.to_string())?;
    params.distinguished_name.push(
        rcgen::DnType::CommonName,
        format!("{municipality} (self-signed, dimos)"),
    );
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, municipality);
    let today = jiff::tz::TimeZone::UTC.to_datetime(now).date();
    params.not_before =
        rcgen::date_time_ymd(today.year().into(), today.month() as u8, today.day() as u8);
    params.not_after = rcgen::date_time_ymd(
        i32::from(today.year()) + 10,
        today.month() as u8,
        today.day().min(28) as u8,
    );
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::DigitalSignature,
        rcgen::KeyUsagePurpose::ContentCommitment,
    ];
    let certificate = params.self_signed(&key).map_err(|e| e.to_string())?;
    let pfx = p12::PFX::new(
        certificate.der(),
        &key.serialize_der(),
        None,
        SELF_SIGNED_PASSWORD,
        municipality,
    )
    .ok_or("the PKCS#12 file could not be made")?;
    Ok(pfx.to_der())
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn now() -> jiff::Timestamp {
        "2026-12-03T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn the_self_signed_certificate_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let first =
            DocumentSigner::from_settings(None, None, dir.path(), "Δήμος Αθηναίων", now()).unwrap();
        assert!(first.is_self_signed());
        let again = DocumentSigner::self_signed(dir.path(), "Δήμος Αθηναίων", now()).unwrap();
        assert_eq!(first.certificate_der(), again.certificate_der());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(SELF_SIGNED_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // The same file given as DIMOS_SIGNING_P12 is not labelled self-signed.
        let as_p12 = DocumentSigner::from_pkcs12_file(
            &dir.path().join(SELF_SIGNED_FILE),
            SELF_SIGNED_PASSWORD,
            now(),
        )
        .unwrap();
        assert!(!as_p12.is_self_signed());
    }

    #[test]
    fn loading_errors_are_typed_and_name_the_setting() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.p12");
        let error = DocumentSigner::from_pkcs12_file(&missing, "x", now()).unwrap_err();
        assert!(matches!(error, SignerError::MissingFile { .. }), "{error}");
        assert!(
            error.to_string().starts_with("DIMOS_SIGNING_P12: "),
            "{error}"
        );

        DocumentSigner::self_signed(dir.path(), "Δήμος", now()).unwrap();
        let p12 = dir.path().join(SELF_SIGNED_FILE);
        let error = DocumentSigner::from_pkcs12_file(&p12, "wrong", now()).unwrap_err();
        assert!(
            matches!(error, SignerError::WrongPassword { .. }),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .starts_with("DIMOS_SIGNING_P12_PASSWORD: "),
            "{error}"
        );

        let in_eleven_years = "2037-12-31T00:00:00Z".parse().unwrap();
        let error = DocumentSigner::from_pkcs12_file(&p12, SELF_SIGNED_PASSWORD, in_eleven_years)
            .unwrap_err();
        assert!(matches!(error, SignerError::Expired { .. }), "{error}");
        assert!(
            error.to_string().contains("expired on 2036-12-03"),
            "{error}"
        );

        let garbage = dir.path().join("garbage.p12");
        std::fs::write(&garbage, b"not a pkcs12 file").unwrap();
        let error = DocumentSigner::from_pkcs12_file(&garbage, "x", now()).unwrap_err();
        assert!(matches!(error, SignerError::Invalid { .. }), "{error}");
        assert!(!error.to_string().contains('\n'), "{error}");
    }
}
