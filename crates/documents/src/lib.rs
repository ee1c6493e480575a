//! Issued documents: the municipality's Typst templates rendered to PDF inside a fixed frame
//! (municipality, document number, verification code, QR code of the verify URL), signed
//! PAdES baseline B-B with the municipality's certificate, and verified offline.
//!
//! # Parts
//! - [`check_template`]: a template as the admin saves it, compiled with a complete set of
//!   sample values ([`sample`]); a syntax error or an unknown placeholder comes back as a
//!   [`TemplateError`] with the line and column in the template.
//! - [`render_pdf`]: a template and a [`DocumentData`] inside a [`Frame`] to an unsigned PDF whose
//!   `/Keywords` carry the number and the code.
//! - [`DocumentSigner`]: the certificate from `DIMOS_SIGNING_P12` / `DIMOS_SIGNING_P12_PASSWORD`,
//!   or a self-signed one made once under the data dir; [`DocumentSigner::sign`] signs a PDF.
//! - [`verify_pdf`]: a file and our certificate → the number and code, or why not.
//! - [`DocumentEngine`]: render + sign, the one call issuing needs.
//!
//! # The seam with the application
//! Typst is a large dependency, and `crates/app` is also built by the fuzz workspace, so `app`
//! does not depend on this crate. `app` will declare the port it needs, in its own types:
//!
//! ```text
//! // crates/app
//! pub trait DocumentMaker: Send + Sync {
//!     fn check_template(&self, source: &str) -> Result<(), TemplateProblem>; // line, column, message
//!     fn issue(&self, template: &str, data: &DocumentValues, frame: &FrameValues) -> Result<Vec<u8>, IssueProblem>;
//!     fn verify(&self, pdf: &[u8]) -> Result<(String, VerificationCode), VerifyProblem>;
//! }
//! ```
//!
//! and the binary (`src/`), which already depends on every crate, implements it with a
//! [`DocumentEngine`] and injects it where it builds the application's state, as it does for
//! the mail transport. Tests of `app` and `web` use a fake maker. The verification code is
//! [`dimos_domain::VerificationCode`] on both sides.

mod frame;
mod qr;
mod render;
pub mod sample;
mod signing;
mod verify;

pub use frame::{Frame, FrameError, FrameLabels};
pub use render::{
    DocumentData, FONT_FAMILY, Holder, OfficeData, RequestData, TemplateError, check_template,
    font_covers, render_pdf,
};
pub use signing::{
    DATA_DIR_SETTING, DocumentSigner, P12_PASSWORD_SETTING, P12_SETTING, SELF_SIGNED_FILE,
    SignError, SignerError,
};
pub use verify::{MAX_PDF_BYTES, Verified, VerifyError, fuzz_verify, verify_pdf};

/// Rendering and signing together.
#[derive(Debug)]
pub struct DocumentEngine {
    signer: DocumentSigner,
}

/// Issuing failed: the template (with its place) or the signature.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Sign(#[from] SignError),
}

impl DocumentEngine {
    pub fn new(signer: DocumentSigner) -> Self {
        Self { signer }
    }

    pub fn signer(&self) -> &DocumentSigner {
        &self.signer
    }

    /// The signed PDF of a template with these values inside the frame.
    pub fn issue(
        &self,
        template: &str,
        data: &DocumentData,
        frame: &Frame,
    ) -> Result<Vec<u8>, IssueError> {
        let pdf = render_pdf(template, data, frame)?;
        Ok(self.signer.sign(&pdf)?)
    }

    /// [`verify_pdf`] against this engine's certificate.
    pub fn verify(&self, pdf: &[u8]) -> Result<Verified, VerifyError> {
        verify_pdf(pdf, self.signer.certificate_der())
    }
}

#[cfg(test)]
mod tests;
