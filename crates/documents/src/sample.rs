//! A complete set of sample values (every placeholder filled), with which a template is checked,
//! and a sample template: a certificate of residence in Greek.

use std::collections::BTreeMap;

use dimos_domain::{PersonName, ProtocolNumber, TaxNumber, VerificationCode};
use jiff::civil::date;

use crate::frame::{Frame, FrameLabels};
use crate::render::{DocumentData, Holder, OfficeData, RequestData};

/// The clerk's fields the sample values carry (`d.fields.<name>`); a template naming another
/// field fails its check.
pub const SAMPLE_FIELDS: [&str; 3] = ["purpose", "address", "household_members"];

/// Greek labels for tests and the bench (the application takes them from Fluent).
pub fn sample_labels() -> FrameLabels {
    FrameLabels {
        title: "Βεβαίωση μόνιμης κατοικίας".into(),
        number: "Αριθμός εγγράφου".into(),
        code: "Κωδικός επαλήθευσης".into(),
        check_at: "Επαληθεύστε στο".into(),
        signed: "Υπογεγραμμένο ηλεκτρονικά από τον Δήμο".into(),
    }
}

fn name(text: &str) -> PersonName {
    PersonName::parse(text).expect("a valid sample name")
}

/// Sample values for every placeholder, and a frame around them.
pub fn sample() -> (DocumentData, Frame) {
    let data = DocumentData {
        holder: Holder {
            given_name: name("Μαρία"),
            family_name: name("Παπαδοπούλου"),
            father_name: Some(name("Γεώργιος")),
            tax_number: Some(TaxNumber::parse("094014201").expect("a valid sample tax number")),
        },
        request: RequestData {
            protocol_number: ProtocolNumber::new(2026, 1234).expect("a valid protocol number"),
            service: "Βεβαίωση μόνιμης κατοικίας".into(),
            submitted_on: date(2026, 12, 1),
        },
        office: OfficeData {
            name: "ΚΕΠ Δημαρχείου".into(),
            address: "Πλατεία Δημαρχείου 1, 10000 Αθήνα".into(),
        },
        fields: BTreeMap::from([
            ("purpose".into(), "Για κάθε νόμιμη χρήση".into()),
            ("address".into(), "Οδός Ερμού 10, 10563 Αθήνα".into()),
            ("household_members".into(), "3".into()),
        ]),
        issued_on: date(2026, 12, 3),
    };
    let frame = Frame::new(
        "Δήμος Αθηναίων",
        "2026/000042",
        VerificationCode::from_bits(0x0123_4567_89AB_CDEF),
        "https://e.dimos.gr",
        sample_labels(),
    )
    .expect("a valid sample frame");
    (data, frame)
}

/// A certificate of residence, as an admin would write it.
pub const RESIDENCE_TEMPLATE: &str = r#"#align(center, text(size: 16pt, weight: "bold")[ΒΕΒΑΙΩΣΗ ΜΟΝΙΜΗΣ ΚΑΤΟΙΚΙΑΣ])

#v(1em)
Αριθμός πρωτοκόλλου αίτησης: *#d.request.protocol_number* (#d.request.submitted_on)

Βεβαιώνεται ότι ο/η *#d.holder.given_name #d.holder.family_name* του #d.holder.father_name,
με ΑΦΜ #d.holder.tax_number, είναι δημότης και μόνιμος κάτοικος του Δήμου, στη διεύθυνση
#d.fields.address, με #d.fields.household_members μέλη νοικοκυριού.

Η βεβαίωση χορηγείται: #d.fields.purpose.

#v(2em)
#align(right)[#d.office.name \ #d.office.address \ #d.issued_on]
"#;
