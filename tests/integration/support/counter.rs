//! The counter's forms: the certification form, its date boxes, a certifying office.

use crate::support::TestApp;
use crate::support::pages::MARIA;

/// The code of the first office that certifies identity.
pub async fn certifying_office(app: &TestApp) -> String {
    let offices = app.state.app.offices().await.unwrap();
    offices
        .into_iter()
        .find(|o| o.certifies_identity)
        .expect("the standard catalogue has a certifying office")
        .code
}

/// An expiry date a few years from now.
pub fn valid_until() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    format!("{}-06-30", 1970 + secs / 31_557_600 + 5)
}

/// The certification form as the verifier sends it: the document, the office, and the
/// identity fields as prefilled from the registration.
pub fn certification<'a>(office: &'a str, expires_on: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("document_type", "id_card"),
        ("document_number", "ΑΚ 123456"),
        ("issuing_authority", "Τ.Α. Καλλιθέας"),
    ];
    form.extend(date_boxes("expires_on", expires_on));
    form.push(("office", office));
    form.extend(MARIA);
    form
}

/// A date as the three boxes of the field `name` (`expires_on` or `birth_date`) send it, as
/// typed: day, month, year.
pub fn date_boxes<'a>(name: &str, iso: &'a str) -> [(&'static str, &'a str); 3] {
    let (year, rest) = iso.split_once('-').expect("an ISO date");
    let (month, day) = rest.split_once('-').expect("an ISO date");
    match name {
        "expires_on" => [
            ("expires_on_day", day),
            ("expires_on_month", month),
            ("expires_on_year", year),
        ],
        "birth_date" => [
            ("birth_date_day", day),
            ("birth_date_month", month),
            ("birth_date_year", year),
        ],
        other => panic!("no date field {other}"),
    }
}

pub fn with<'a>(
    mut fields: Vec<(&'a str, &'a str)>,
    name: &str,
    value: &'a str,
) -> Vec<(&'a str, &'a str)> {
    for field in &mut fields {
        if field.0 == name {
            field.1 = value;
        }
    }
    fields
}
