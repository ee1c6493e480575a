//! The engine end to end: templates, frame, signature, verification.

use std::sync::LazyLock;

use crate::sample::{RESIDENCE_TEMPLATE, sample};
use crate::*;

fn now() -> jiff::Timestamp {
    crate::signing::tests::now()
}

/// One self-signed engine for the tests (key generation and file once).
static ENGINE: LazyLock<(tempfile::TempDir, DocumentEngine)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let signer = DocumentSigner::self_signed(dir.path(), "Δήμος Αθηναίων", now()).unwrap();
    (dir, DocumentEngine::new(signer))
});

static SIGNED: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let (data, frame) = sample();
    ENGINE.1.issue(RESIDENCE_TEMPLATE, &data, &frame).unwrap()
});

fn engine() -> &'static DocumentEngine {
    &ENGINE.1
}

fn position(template: &str) -> (Option<(usize, usize)>, String) {
    let error = check_template(template).unwrap_err();
    (error.position, error.message)
}

#[test]
fn the_sample_template_checks() {
    check_template(RESIDENCE_TEMPLATE).unwrap();
}

#[test]
fn an_unknown_placeholder_is_refused_at_its_line_and_column() {
    let (at, message) = position("Πρώτη γραμμή\n\nΤρίτη: #d.holder.nickname\n");
    assert_eq!(at, Some((3, 18)), "{message}");
    assert!(message.contains("nickname"), "{message}");

    let (at, message) = position("#d.fields.purpose\n  #d.fields.colour");
    assert_eq!(at, Some((2, 13)), "{message}");
    assert!(message.contains("colour"), "{message}");

    let (at, message) = position("#unknown_function(1)");
    assert_eq!(at, Some((1, 2)), "{message}");
    assert!(message.contains("unknown variable"), "{message}");
}

#[test]
fn a_syntax_error_is_refused_at_its_line_and_column() {
    let (at, message) = position("Γεια σου\n#let x = (1, 2\nτέλος");
    assert!(matches!(at, Some((2 | 3, _))), "{at:?} {message}");
    let (at, message) = position("ένα\nδύο #{ 1 + }\n");
    assert_eq!(at, Some((2, 11)), "{message}");
    let error = check_template("ένα\nδύο #{ 1 + }\n").unwrap_err();
    assert_eq!((error.line(), error.column()), (Some(2), Some(11)));
    assert!(
        error.to_string().starts_with("line 2, column 11: "),
        "{error}"
    );
}

#[test]
fn a_template_reaches_no_file_no_package_and_cannot_drop_the_frame() {
    for (template, line) in [
        ("#read(\"/etc/passwd\")", 1),
        ("\n#image(\"/logo.png\")", 2),
        ("#import \"@preview/example:0.1.0\": *", 1),
        ("#include \"/frame.typ\"", 1),
        ("Κείμενο\n#set page(header: none, footer: none)", 2),
        ("#pagebreak()", 1),
    ] {
        let error = check_template(template).unwrap_err();
        assert_eq!(error.line(), Some(line), "{template}: {error}");
    }
}

#[test]
fn the_font_covers_greek() {
    assert!(font_covers(
        "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ αβγδεζηθικλμνξοπρσςτυφχψω άέήίόύώ ϊϋΐΰ ΆΈΉΊΌΎΏ «» €"
    ));
    assert!(!font_covers("中文"), "the check can fail");
}

#[test]
fn a_signed_document_verifies_and_gives_its_number_and_code() {
    let (_, frame) = sample();
    let verified = engine().verify(&SIGNED).unwrap();
    assert_eq!(verified.number, "2026/000042");
    assert_eq!(verified.code, frame.code);
    let tail = String::from_utf8_lossy(&SIGNED[SIGNED.len() - 20_000.min(SIGNED.len())..]);
    assert!(tail.contains("/ETSI.CAdES.detached"), "PAdES sub-filter");
    assert!(tail.contains("/Adobe.PPKLite"));
}

/// The CMS in /Contents: ESS signing-certificate-v2, no signing-time attribute.
#[test]
fn the_cms_has_signing_certificate_v2_and_no_signing_time() {
    let text = String::from_utf8_lossy(&SIGNED);
    let start = text.rfind("/Contents <").expect("a /Contents") + "/Contents <".len();
    let end = start + text[start..].find('>').unwrap();
    let hex = &text[start..end];
    let cms: Vec<u8> = (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let contains = |needle: &[u8]| cms.windows(needle.len()).any(|w| w == needle);
    // id-aa-signingCertificateV2, 1.2.840.113549.1.9.16.2.47
    assert!(contains(&[
        0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x10, 0x02, 0x2F
    ]));
    // id-signingTime, 1.2.840.113549.1.9.5
    assert!(!contains(&[
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x05
    ]));
}

#[test]
fn an_altered_byte_is_not_valid() {
    // A byte of the page content (inside the signed range) and one of the appended update.
    for at in [SIGNED.len() / 3, SIGNED.len() - 40] {
        let mut altered = SIGNED.clone();
        altered[at] ^= 0x01;
        assert!(engine().verify(&altered).is_err(), "byte {at}");
    }
    // Bytes appended after the signature: the signature no longer covers the whole file.
    let mut appended = SIGNED.clone();
    appended.extend_from_slice(b"\n% appended\n");
    assert!(matches!(
        engine().verify(&appended),
        Err(VerifyError::Altered(_))
    ));
}

#[test]
fn another_certificate_is_not_ours() {
    let dir = tempfile::tempdir().unwrap();
    let other = DocumentSigner::self_signed(dir.path(), "Άλλος Δήμος", now()).unwrap();
    assert_eq!(
        verify_pdf(&SIGNED, other.certificate_der()),
        Err(VerifyError::NotOurs)
    );
}

#[test]
fn bad_files_get_a_clear_error_never_a_panic() {
    let ours = engine().signer().certificate_der();
    assert_eq!(verify_pdf(b"hello", ours), Err(VerifyError::NotPdf));
    assert_eq!(verify_pdf(b"", ours), Err(VerifyError::NotPdf));
    assert_eq!(
        verify_pdf(&vec![b'%'; MAX_PDF_BYTES + 1], ours),
        Err(VerifyError::TooLarge)
    );
    let (data, frame) = sample();
    let unsigned = render_pdf(RESIDENCE_TEMPLATE, &data, &frame).unwrap();
    assert_eq!(verify_pdf(&unsigned, ours), Err(VerifyError::NotSigned));
    for cut in [10, SIGNED.len() / 2, SIGNED.len() - 100, SIGNED.len() - 1] {
        let error = verify_pdf(&SIGNED[..cut], ours).unwrap_err();
        assert!(!error.to_string().is_empty(), "{cut}");
    }
    // A cheap mutation run: no input may panic.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..40 {
        let mut mutated = SIGNED.clone();
        for _ in 0..8 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let at = (state % mutated.len() as u64) as usize;
            mutated[at] = (state >> 32) as u8;
        }
        fuzz_verify(&mutated);
    }
}
