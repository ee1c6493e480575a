//! The fixed frame around every document: municipality, number, verification code and QR code.

use dimos_domain::VerificationCode;

/// The engine's wrapper: sets the metadata, the page and its header and footer, then includes
/// the admin's template inside a block. Inside a block Typst refuses `set page(…)` and
/// `pagebreak()`, so a template cannot replace or drop the header and footer.
pub(crate) const FRAME_SOURCE: &str = include_str!("frame.typ");

/// The frame's words, in the document's language (the caller takes them from its Fluent
/// bundle; the engine has no words of its own).
#[derive(Debug, Clone)]
pub struct FrameLabels {
    /// The PDF's title, e.g. the service's name.
    pub title: String,
    /// «Αριθμός εγγράφου»
    pub number: String,
    /// «Κωδικός επαλήθευσης»
    pub code: String,
    /// «Επαληθεύστε στο»
    pub check_at: String,
    /// «Υπογεγραμμένο ηλεκτρονικά…»
    pub signed: String,
}

/// What the frame prints on every page and records in the PDF's metadata.
#[derive(Debug, Clone)]
pub struct Frame {
    pub municipality: String,
    pub number: String,
    pub code: VerificationCode,
    pub labels: FrameLabels,
    verify_url: String,
    qr_svg: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("a document number is 1 to 64 characters without spaces or commas")]
    InvalidNumber,
    #[error("the public URL must start with http:// or https://")]
    InvalidPublicUrl,
    #[error("the verify URL is too long for a QR code")]
    UrlTooLong,
}

/// The prefixes of the two words of the PDF's `/Keywords` that carry the number and the code.
pub(crate) const NUMBER_KEYWORD: &str = "dimos-number:";
pub(crate) const CODE_KEYWORD: &str = "dimos-code:";

impl Frame {
    /// `public_url` is `DIMOS_PUBLIC_URL`; the QR code holds `{public_url}/verify/{code}`.
    pub fn new(
        municipality: impl Into<String>,
        number: impl Into<String>,
        code: VerificationCode,
        public_url: &str,
        labels: FrameLabels,
    ) -> Result<Self, FrameError> {
        let number = number.into();
        if number.is_empty()
            || number.chars().count() > 64
            || number.chars().any(|c| c.is_whitespace() || c == ',')
        {
            return Err(FrameError::InvalidNumber);
        }
        if !(public_url.starts_with("https://") || public_url.starts_with("http://")) {
            return Err(FrameError::InvalidPublicUrl);
        }
        let verify_url = format!("{}/verify/{code}", public_url.trim_end_matches('/'));
        let qr_svg = crate::qr::qr_svg(&verify_url).ok_or(FrameError::UrlTooLong)?;
        Ok(Self {
            municipality: municipality.into(),
            number,
            code,
            labels,
            verify_url,
            qr_svg,
        })
    }

    /// `{public_url}/verify/{code}`, the QR code's content.
    pub fn verify_url(&self) -> &str {
        &self.verify_url
    }

    pub(crate) fn qr_svg(&self) -> &str {
        &self.qr_svg
    }

    /// The PDF's `/Keywords`: `dimos-number:{number} dimos-code:{code}`.
    pub(crate) fn keywords(&self) -> String {
        format!(
            "{NUMBER_KEYWORD}{} {CODE_KEYWORD}{}",
            self.number, self.code
        )
    }
}

/// The number and code read back from a PDF's `/Keywords`.
pub(crate) fn parse_keywords(keywords: &str) -> Option<(String, VerificationCode)> {
    let words = || keywords.split([' ', ',']).map(str::trim);
    let number = words().find_map(|w| w.strip_prefix(NUMBER_KEYWORD))?;
    let code = words().find_map(|w| w.strip_prefix(CODE_KEYWORD))?;
    if number.is_empty() {
        return None;
    }
    Some((number.to_owned(), VerificationCode::parse(code).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::sample_labels;

    fn code() -> VerificationCode {
        VerificationCode::from_bits(0x0123_4567_89AB_CDEF)
    }

    #[test]
    fn verify_url_joins_the_public_url_and_the_code() {
        for url in ["https://e.dimos.gr", "https://e.dimos.gr/"] {
            let frame = Frame::new("Δήμος", "2026/000001", code(), url, sample_labels()).unwrap();
            assert_eq!(
                frame.verify_url(),
                "https://e.dimos.gr/verify/28T5-CY4T-QKFF"
            );
        }
    }

    #[test]
    fn bad_numbers_and_urls_are_refused() {
        for number in ["", "2026 000001", "a,b", &"9".repeat(65)] {
            assert_eq!(
                Frame::new("Δήμος", number, code(), "https://x.gr", sample_labels()).err(),
                Some(FrameError::InvalidNumber),
                "{number}"
            );
        }
        assert_eq!(
            Frame::new("Δήμος", "1", code(), "e.dimos.gr", sample_labels()).err(),
            Some(FrameError::InvalidPublicUrl)
        );
        let long = format!("https://{}", "a".repeat(3000));
        assert_eq!(
            Frame::new("Δήμος", "1", code(), &long, sample_labels()).err(),
            Some(FrameError::UrlTooLong)
        );
    }

    #[test]
    fn keywords_round_trip() {
        let frame = Frame::new(
            "Δήμος",
            "ΒΕ-2026/17",
            code(),
            "https://x.gr",
            sample_labels(),
        )
        .unwrap();
        assert_eq!(
            parse_keywords(&frame.keywords()),
            Some(("ΒΕ-2026/17".to_owned(), code()))
        );
        assert_eq!(
            parse_keywords("dimos-number:7, dimos-code:28t5cy4tqkff"),
            Some(("7".to_owned(), code()))
        );
        assert_eq!(parse_keywords("dimos-number:7"), None);
        assert_eq!(parse_keywords("dimos-code:28T5-CY4T-QKFF"), None);
        assert_eq!(parse_keywords("dimos-number:7 dimos-code:nope"), None);
    }
}
