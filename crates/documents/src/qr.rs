//! The QR code of the verify URL, as SVG for Typst.

use qrcode::{EcLevel, QrCode};

/// The QR code of `content` (error correction M, with its quiet zone) as an SVG document, or
/// `None` when it is too long for a QR code.
pub(crate) fn qr_svg(content: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(content.as_bytes(), EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_an_svg_and_refuses_what_does_not_fit() {
        let svg = super::qr_svg("https://e.dimos.gr/verify/28T5-CY4T-QKFF").unwrap();
        assert!(svg.starts_with("<?xml") && svg.contains("<svg"), "{svg}");
        assert!(super::qr_svg(&"a".repeat(5000)).is_none());
    }
}
