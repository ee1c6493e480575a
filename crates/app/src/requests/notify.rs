//! Telling the citizen: a mail (through the outbox, in the change's transaction) for every
//! change they should know about, linking to the request.

use crate::citizens::mails::{self, Args};
use crate::mail::NewMail;
use crate::{App, AppError};
use dimos_db::catalogue::{self, Service};
use dimos_db::citizens::Citizen;
use dimos_db::requests::Request;
use dimos_domain::{Cents, RequestStatus, euro};
use dimos_i18n::Lang;
use sqlx::AnyConnection;

fn link(app: &App, request: &Request) -> String {
    format!("{}/requests/{}", app.settings().public_url, request.id)
}

/// The messages of the mail about a request reaching `status` (`Submitted`: it was received):
/// `key-subject` its subject, `key` its text; `None` for a status that sends no mail. Each
/// status its own subject, so that the inbox alone tells what happened.
fn key(status: RequestStatus) -> Option<&'static str> {
    Some(match status {
        RequestStatus::Submitted => "mail-request-submitted",
        RequestStatus::InProgress => "mail-request-in-progress",
        RequestStatus::NeedsInfo => "mail-request-needs-info",
        RequestStatus::ReadyForPickup => "mail-request-ready-for-pickup",
        RequestStatus::Collected => "mail-request-collected",
        RequestStatus::Dispatched => "mail-request-dispatched",
        RequestStatus::Delivered => "mail-request-delivered",
        RequestStatus::Returned => "mail-request-returned",
        RequestStatus::Rejected => "mail-request-rejected",
        RequestStatus::Cancelled => return None,
    })
}

/// Mails the citizen the message `body` under the subject of `status`; `args` the variables of
/// each language, besides `$protocol` and `$link`.
async fn send(
    app: &App,
    conn: &mut AnyConnection,
    citizen: &Citizen,
    request: &Request,
    status: (RequestStatus, Option<&str>),
    args: impl Fn(Lang) -> Args,
) -> Result<(), AppError> {
    if citizen.email.is_empty() {
        // A walk-in registered without an address: nobody to mail.
        return Ok(());
    }
    let link = link(app, request);
    // The name in force (the admin's), as on the pages.
    let names = (citizen.email.as_str(), citizen.given_name.as_str());
    let (m_el, m_en) = app.municipality_name();
    let about = (request.protocol_number.as_str(), link.as_str());
    if let Some(mail) = compose(names, (&m_el, &m_en), about, status, args) {
        crate::mail::queue(conn, &mail?).await?;
    }
    Ok(())
}

/// The mail to `(address, given name)` about request `(protocol, link)`; `None` for a status
/// that sends no mail.
fn compose(
    (to, given_name): (&str, &str),
    municipality: (&str, &str),
    (protocol, link): (&str, &str),
    (status, body): (RequestStatus, Option<&str>),
    args: impl Fn(Lang) -> Args,
) -> Option<Result<NewMail, AppError>> {
    let key = key(status)?;
    Some(mails::bilingual(
        to,
        given_name,
        municipality,
        (&format!("{key}-subject"), body.unwrap_or(key)),
        |lang| {
            let mut args = args(lang);
            args.push(("protocol", protocol.to_owned()));
            args.push(("link", link.to_owned()));
            args
        },
    ))
}

pub(super) async fn submitted(
    app: &App,
    conn: &mut AnyConnection,
    citizen: &Citizen,
    request: &Request,
    service: &Service,
) -> Result<(), AppError> {
    let status = (RequestStatus::Submitted, None);
    send(app, conn, citizen, request, status, |lang| {
        vec![(
            "service",
            lang.pick(&service.name_el, &service.name_en).to_owned(),
        )]
    })
    .await
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn moved(
    app: &App,
    conn: &mut AnyConnection,
    citizen: &Citizen,
    request: &Request,
    to: RequestStatus,
    reason: &str,
    tracking: &str,
    cod: Option<Cents>,
) -> Result<(), AppError> {
    if to == RequestStatus::Submitted {
        // Only `submitted` tells of a new request.
        return Ok(());
    }
    if to == RequestStatus::ReadyForPickup {
        let offices = catalogue::offices(app.db()).await?;
        let placeholders = app.placeholder_offices().await?;
        let office = offices
            .iter()
            .find(|o| Some(&o.code) == request.pickup_office_code.as_ref())
            // A seeded office's address and contacts are examples: never mail them.
            .filter(|o| !placeholders.contains(&o.code));
        if let Some(o) = office {
            let status = (to, Some("mail-request-ready-at-office"));
            return send(app, conn, citizen, request, status, |lang| {
                let phone = lang.t("mail-office-phone");
                // "e-mail" is the label in both languages.
                let contacts = [(phone.as_str(), &o.phone), ("e-mail", &o.email)]
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(label, v)| format!("{label} {v}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let contacts = if contacts.is_empty() {
                    contacts
                } else {
                    format!(" ({contacts})")
                };
                vec![
                    ("office", lang.pick(&o.name_el, &o.name_en).to_owned()),
                    ("street", o.street.clone()),
                    ("postal_code", o.postal_code.clone()),
                    ("city", o.city.clone()),
                    ("contacts", contacts),
                ]
            })
            .await;
        }
    }
    let amount = euro(cod.unwrap_or(Cents::ZERO));
    send(app, conn, citizen, request, (to, None), |_| {
        vec![
            ("reason", reason.to_owned()),
            ("tracking", tracking.to_owned()),
            ("amount", amount.clone()),
        ]
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::citizens::mails::tests::{dear, half};

    fn subject(status: RequestStatus, p: &str) -> Option<(String, String)> {
        let key = format!("{}-subject", key(status)?);
        let args = [("protocol", p.to_owned())];
        Some((Lang::El.t_args(&key, &args), Lang::En.t_args(&key, &args)))
    }

    #[test]
    fn every_status_mail_has_a_subject_of_its_own_in_both_languages() {
        let p = "2026/000123";
        let mut seen = std::collections::BTreeSet::new();
        for status in RequestStatus::ALL {
            let Some((el, en)) = subject(status, p) else {
                assert_eq!(
                    status,
                    RequestStatus::Cancelled,
                    "only cancelling sends no mail"
                );
                continue;
            };
            assert!(
                el.contains(p) && en.contains(p),
                "{status:?} names the request"
            );
            assert!(
                seen.insert(el.clone()),
                "{status:?}: the Greek subject is another's"
            );
            assert!(
                seen.insert(en.clone()),
                "{status:?}: the English subject is another's"
            );
        }
        assert_eq!(
            subject(RequestStatus::ReadyForPickup, p).unwrap().0,
            "Το αίτημά σας 2026/000123 είναι έτοιμο για παραλαβή"
        );
    }

    /// Every request mail, rendered from Fluent, is byte for byte the text it was when it was
    /// written in Rust (the expectations below), Greek and English.
    #[test]
    fn every_request_mail_renders_as_before_in_both_languages() {
        const M: (&str, &str) = ("Δήμος Δοκιμών", "Municipality of Tests");
        let (to, name) = ("maria@example.org", "Μαρία");
        let (p, link) = ("2026/000123", "https://dimos.example/requests/42");
        let (reason, tracking, amount) = (
            "Λείπει η σελίδα 2.",
            "RR123456789GR",
            euro(Cents::new(350).unwrap()),
        );
        let same = |status: RequestStatus,
                    body: Option<&str>,
                    args: &dyn Fn(Lang) -> Args,
                    (el, en): (String, String)| {
            let new = compose((to, name), M, (p, link), (status, body), args)
                .expect("a mail")
                .unwrap();
            let (s_el, s_en) = subject(status, p).unwrap();
            assert_eq!(new.to.as_str(), to);
            for (lang, subject, text) in [(Lang::El, s_el, el), (Lang::En, s_en, en)] {
                let expected = (subject, format!("{}\n\n{text}", dear(lang)));
                assert_eq!(half(&new, lang), expected, "{status:?} in {lang:?}");
            }
        };
        let plain = |_: Lang| {
            vec![
                ("reason", reason.to_owned()),
                ("tracking", tracking.to_owned()),
                ("amount", amount.clone()),
            ]
        };
        same(
            RequestStatus::Submitted,
            None,
            &|lang: Lang| vec![("service", lang.pick("Βεβαίωση", "Certificate").to_owned())],
            (
                format!(
                    "Λάβαμε το αίτημά σας «Βεβαίωση» με αριθμό πρωτοκόλλου {p}. Θα σας ενημερώσουμε για κάθε εξέλιξη.\n{link}"
                ),
                format!(
                    "We received your request \"Certificate\" with protocol number {p}. We will tell you of every step.\n{link}"
                ),
            ),
        );
        same(
            RequestStatus::NeedsInfo,
            None,
            &plain,
            (
                format!(
                    "Η υπηρεσία χρειάζεται περισσότερα στοιχεία για το αίτημα {p}:\n\n{reason}\n\nΑπαντήστε εδώ: {link}"
                ),
                format!(
                    "The department needs more information for request {p}:\n\n{reason}\n\nAnswer here: {link}"
                ),
            ),
        );
        same(
            RequestStatus::ReadyForPickup,
            None,
            &plain,
            (
                format!(
                    "Το αίτημα {p} είναι έτοιμο για παραλαβή από την αρμόδια υπηρεσία του Δήμου. Δείτε στην πύλη πού και πότε θα το παραλάβετε, και φέρτε την αστυνομική σας ταυτότητα ή το διαβατήριό σας: {link}"
                ),
                format!(
                    "Request {p} is ready to collect from the municipality's competent office. See on the portal where and when to collect it, and bring your police ID card or passport: {link}"
                ),
            ),
        );
        for (c_el, c_en) in [
            ("", ""),
            (
                " (τηλ. 210 1234567, e-mail kep@example.org)",
                " (tel. 210 1234567, e-mail kep@example.org)",
            ),
        ] {
            same(
                RequestStatus::ReadyForPickup,
                Some("mail-request-ready-at-office"),
                &|lang: Lang| {
                    vec![
                        ("office", lang.pick("ΚΕΠ Κέντρου", "Centre KEP").to_owned()),
                        ("street", "Οδός 1".to_owned()),
                        ("postal_code", "10431".to_owned()),
                        ("city", "Αθήνα".to_owned()),
                        ("contacts", lang.pick(c_el, c_en).to_owned()),
                    ]
                },
                (
                    format!(
                        "Το αίτημα {p} είναι έτοιμο για παραλαβή: ΚΕΠ Κέντρου, Οδός 1, 10431 Αθήνα{c_el}. Φέρτε την αστυνομική σας ταυτότητα ή το διαβατήριό σας. Ωράριο: {link}"
                    ),
                    format!(
                        "Request {p} is ready to collect at: Centre KEP, Οδός 1, 10431 Αθήνα{c_en}. Bring your police ID card or passport. Opening hours: {link}"
                    ),
                ),
            );
        }
        let cases = [
            (
                RequestStatus::Dispatched,
                format!(
                    "Το αίτημα {p} στάλθηκε ταχυδρομικώς με αντικαταβολή {amount}. Αριθμός αποστολής: {tracking}.\n{link}"
                ),
                format!(
                    "Request {p} was sent by post, cash on delivery {amount}. Tracking number: {tracking}.\n{link}"
                ),
            ),
            (
                RequestStatus::Delivered,
                format!("Το αίτημα {p} παραδόθηκε.\n{link}"),
                format!("Request {p} was delivered.\n{link}"),
            ),
            (
                RequestStatus::Returned,
                format!(
                    "Η αποστολή του αιτήματος {p} επιστράφηκε στον Δήμο. Επικοινωνήστε μαζί μας.\n{link}"
                ),
                format!(
                    "The mailing of request {p} came back to the municipality. Please contact us.\n{link}"
                ),
            ),
            (
                RequestStatus::Rejected,
                format!("Το αίτημα {p} απορρίφθηκε. Αιτία: {reason}\n{link}"),
                format!("Request {p} was rejected. Reason: {reason}\n{link}"),
            ),
            (
                RequestStatus::InProgress,
                format!("Το αίτημα {p} βρίσκεται σε επεξεργασία.\n{link}"),
                format!("Request {p} is being processed.\n{link}"),
            ),
            (
                RequestStatus::Collected,
                format!("Παραλάβατε το έγγραφο του αιτήματος {p}.\n{link}"),
                format!("You collected the document of request {p}.\n{link}"),
            ),
        ];
        for (status, el, en) in cases {
            same(status, None, &plain, (el, en));
        }
        assert!(
            compose(
                (to, name),
                M,
                (p, link),
                (RequestStatus::Cancelled, None),
                plain
            )
            .is_none()
        );
    }
}
