//! Offline verification of an issued document: the file alone and our certificate.

use dimos_domain::VerificationCode;
use underskrift::SignatureVerifier;
use underskrift::trust::TrustStoreSet;

/// The largest file the verifier reads (an issued document is far smaller).
pub const MAX_PDF_BYTES: usize = 10 * 1024 * 1024;

/// What a valid document of ours says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub number: String,
    pub code: VerificationCode,
}

/// Why a file is not a valid document of ours; each a clear sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("the file is not a PDF")]
    NotPdf,
    #[error("the file is larger than {} MB", MAX_PDF_BYTES / (1024 * 1024))]
    TooLarge,
    #[error("the PDF cannot be read: {0}")]
    Unreadable(String),
    #[error("the PDF is not signed")]
    NotSigned,
    #[error("the PDF was changed after it was signed: {0}")]
    Altered(String),
    #[error("the signature is not valid: {0}")]
    BadSignature(String),
    #[error("the PDF was signed with another certificate than this portal's")]
    NotOurs,
    #[error("the PDF carries no document number and verification code")]
    NoMetadata,
}

/// Checks a file offline: it is a PDF, its last signature covers the whole file but its
/// `/Contents`, the CMS signature is valid, the signer is `our_certificate_der`, and its
/// metadata names a number and a code. Never panics (a panic in a parser is caught and reported
/// as an unreadable PDF).
pub fn verify_pdf(pdf: &[u8], our_certificate_der: &[u8]) -> Result<Verified, VerifyError> {
    std::panic::catch_unwind(|| verify_unguarded(pdf, our_certificate_der)).unwrap_or_else(|_| {
        Err(VerifyError::Unreadable(
            "the parser gave up on this file".into(),
        ))
    })
}

/// [`verify_pdf`] without catching panics, for a fuzz target: any input must return.
pub fn fuzz_verify(pdf: &[u8]) {
    let _ = verify_unguarded(pdf, b"");
}

fn verify_unguarded(pdf: &[u8], our_certificate_der: &[u8]) -> Result<Verified, VerifyError> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(VerifyError::TooLarge);
    }
    if !pdf.starts_with(b"%PDF-") {
        return Err(VerifyError::NotPdf);
    }
    let trust = TrustStoreSet::new();
    let report = SignatureVerifier::new(&trust)
        .allow_online(false)
        .verify_pdf(pdf)
        .map_err(|e| match e.to_string() {
            message if message.contains("no signature") || message.contains("No signature") => {
                VerifyError::NotSigned
            }
            message => VerifyError::Unreadable(message),
        })?;
    let signature = report.signatures.last().ok_or(VerifyError::NotSigned)?;
    if !signature.integrity_ok || !signature.digest_matches {
        return Err(VerifyError::Altered(issues(&signature.integrity_issues)));
    }
    if !signature.covers_whole_document || report.document_modified {
        return Err(VerifyError::Altered(
            "the signature does not cover the whole file".into(),
        ));
    }
    match &signature.cryptographic_validity {
        underskrift::verify::report::CryptoValidity::Valid => {}
        underskrift::verify::report::CryptoValidity::Invalid(why)
        | underskrift::verify::report::CryptoValidity::UnknownAlgorithm(why) => {
            return Err(VerifyError::BadSignature(why.clone()));
        }
    }
    if signature.signer_cert_der.as_deref() != Some(our_certificate_der) {
        return Err(VerifyError::NotOurs);
    }
    read_keywords(pdf)
}

fn issues(issues: &[String]) -> String {
    if issues.is_empty() {
        "the signed bytes do not match the signature".into()
    } else {
        issues.join("; ")
    }
}

/// The number and code from the Info dictionary's `/Keywords`.
///
/// underskrift's incremental update writes a trailer without `/Info`, so the Info dictionary is
/// found as the one dictionary with `/Keywords` of ours; every byte of the file is covered by the
/// signature (checked before), so no one but the signer can have added another.
fn read_keywords(pdf: &[u8]) -> Result<Verified, VerifyError> {
    let document =
        lopdf::Document::load_mem(pdf).map_err(|e| VerifyError::Unreadable(e.to_string()))?;
    let mut found = document
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter_map(|dict| dict.get(b"Keywords").ok()?.as_str().ok())
        .filter_map(|keywords| crate::frame::parse_keywords(&decode_text_string(keywords)));
    let (number, code) = found.next().ok_or(VerifyError::NoMetadata)?;
    if found.any(|other| other != (number.clone(), code)) {
        return Err(VerifyError::NoMetadata);
    }
    Ok(Verified { number, code })
}

/// A PDF text string: UTF-16BE with its byte order mark, or (for what we write) ASCII/Latin-1.
fn decode_text_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => match std::str::from_utf8(bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes))
        {
            Ok(text) => text.to_owned(),
            Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
        },
    }
}
