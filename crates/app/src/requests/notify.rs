//! Telling the citizen: a mail (through the outbox, in the change's transaction) for every
//! change they should know about, linking to the request.

use crate::{App, AppError};
use dimos_db::catalogue::{self, Service};
use dimos_db::citizens::Citizen;
use dimos_db::requests::Request;
use dimos_domain::{Cents, RequestStatus};
use sqlx::AnyConnection;

fn link(app: &App, request: &Request) -> String {
    format!("{}/requests/{}", app.settings().public_url, request.id)
}

fn euros(cents: i64) -> String {
    Cents::new(cents)
        .map(|c| c.to_string())
        .unwrap_or_else(|_| format!("{cents} cents"))
}

/// What the mail about request `p` reaching `status` says in its subject, Greek and English
/// (`Submitted`: it was received); `None` for a status that sends no mail. Each status its own,
/// so that the inbox alone tells what happened.
fn subject(status: RequestStatus, p: &str) -> Option<(String, String)> {
    Some(match status {
        RequestStatus::Submitted => (
            format!("Λάβαμε το αίτημά σας {p}"),
            format!("We received your request {p}"),
        ),
        RequestStatus::InProgress => (
            format!("Το αίτημά σας {p} είναι σε επεξεργασία"),
            format!("Your request {p} is being processed"),
        ),
        RequestStatus::NeedsInfo => (
            format!("Το αίτημά σας {p} χρειάζεται στοιχεία από εσάς"),
            format!("Your request {p} needs information from you"),
        ),
        RequestStatus::ReadyForPickup => (
            format!("Το αίτημά σας {p} είναι έτοιμο για παραλαβή"),
            format!("Your request {p} is ready to collect"),
        ),
        RequestStatus::Collected => (
            format!("Παραλάβατε το έγγραφο του αιτήματος {p}"),
            format!("You collected the document of request {p}"),
        ),
        RequestStatus::Dispatched => (
            format!("Το αίτημά σας {p} στάλθηκε ταχυδρομικώς"),
            format!("Your request {p} was sent by post"),
        ),
        RequestStatus::Delivered => (
            format!("Το αίτημά σας {p} παραδόθηκε"),
            format!("Your request {p} was delivered"),
        ),
        RequestStatus::Returned => (
            format!("Η αποστολή του αιτήματός σας {p} επιστράφηκε"),
            format!("The mailing of your request {p} came back"),
        ),
        RequestStatus::Rejected => (
            format!("Το αίτημά σας {p} απορρίφθηκε"),
            format!("Your request {p} was rejected"),
        ),
        RequestStatus::Cancelled => return None,
    })
}

async fn send(
    app: &App,
    conn: &mut AnyConnection,
    citizen: &Citizen,
    (subject_el, subject_en): (String, String),
    el: &str,
    en: &str,
) -> Result<(), AppError> {
    if citizen.email.is_empty() {
        // A walk-in registered without an address: nobody to mail.
        return Ok(());
    }
    // The name in force (the admin's), as on the pages.
    let (m_el, _) = app.municipality_name();
    let mail = crate::citizens::mails::request_update(
        &citizen.email,
        &citizen.given_name,
        &format!("{m_el}: {subject_el} / {subject_en}"),
        el,
        en,
    )?;
    crate::mail::queue(conn, &mail).await?;
    Ok(())
}

pub(super) async fn submitted(
    app: &App,
    conn: &mut AnyConnection,
    citizen: &Citizen,
    request: &Request,
    service: &Service,
) -> Result<(), AppError> {
    let link = link(app, request);
    let p = &request.protocol_number;
    let Some(subject) = subject(RequestStatus::Submitted, p) else {
        return Ok(());
    };
    send(
        app,
        conn,
        citizen,
        subject,
        &format!("Λάβαμε το αίτημά σας «{}» με αριθμό πρωτοκόλλου {p}. Θα σας ενημερώσουμε για κάθε εξέλιξη.\n{link}", service.name_el),
        &format!("We received your request \"{}\" with protocol number {p}. We will tell you of every step.\n{link}", service.name_en),
    )
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
    cod: Option<i64>,
) -> Result<(), AppError> {
    let link = link(app, request);
    let p = &request.protocol_number;
    let Some(subject) = subject(to, p) else {
        return Ok(());
    };
    let (el, en) = match to {
        RequestStatus::NeedsInfo => (
            format!(
                "Η υπηρεσία χρειάζεται περισσότερα στοιχεία για το αίτημα {p}:\n\n{reason}\n\nΑπαντήστε εδώ: {link}"
            ),
            format!(
                "The department needs more information for request {p}:\n\n{reason}\n\nAnswer here: {link}"
            ),
        ),
        RequestStatus::ReadyForPickup => {
            let offices = catalogue::offices(app.db()).await?;
            let placeholders = app.placeholder_offices().await?;
            let office = offices
                .iter()
                .find(|o| Some(&o.code) == request.pickup_office_code.as_ref())
                // A seeded office's address and contacts are examples: never mail them.
                .filter(|o| !placeholders.contains(&o.code));
            match office {
                Some(o) => {
                    let contacts = |phone: &str, email: &str| {
                        [(phone, &o.phone), (email, &o.email)]
                            .iter()
                            .filter(|(_, v)| !v.is_empty())
                            .map(|(label, v)| format!("{label} {v}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    let (c_el, c_en) = (contacts("τηλ.", "e-mail"), contacts("tel.", "e-mail"));
                    let wrap = |c: String| if c.is_empty() { c } else { format!(" ({c})") };
                    (
                        format!(
                            "Το αίτημα {p} είναι έτοιμο για παραλαβή: {}, {}, {} {}{}. Φέρτε την αστυνομική σας ταυτότητα ή το διαβατήριό σας. Ωράριο: {link}",
                            o.name_el,
                            o.street,
                            o.postal_code,
                            o.city,
                            wrap(c_el)
                        ),
                        format!(
                            "Request {p} is ready to collect at: {}, {}, {} {}{}. Bring your police ID card or passport. Opening hours: {link}",
                            o.name_en,
                            o.street,
                            o.postal_code,
                            o.city,
                            wrap(c_en)
                        ),
                    )
                }
                None => (
                    format!(
                        "Το αίτημα {p} είναι έτοιμο για παραλαβή από την αρμόδια υπηρεσία του Δήμου. Δείτε στην πύλη πού και πότε θα το παραλάβετε, και φέρτε την αστυνομική σας ταυτότητα ή το διαβατήριό σας: {link}"
                    ),
                    format!(
                        "Request {p} is ready to collect from the municipality's competent office. See on the portal where and when to collect it, and bring your police ID card or passport: {link}"
                    ),
                ),
            }
        }
        RequestStatus::Dispatched => {
            let amount = euros(cod.unwrap_or(0));
            (
                format!(
                    "Το αίτημα {p} στάλθηκε ταχυδρομικώς με αντικαταβολή {amount}. Αριθμός αποστολής: {tracking}.\n{link}"
                ),
                format!(
                    "Request {p} was sent by post, cash on delivery {amount}. Tracking number: {tracking}.\n{link}"
                ),
            )
        }
        RequestStatus::Delivered => (
            format!("Το αίτημα {p} παραδόθηκε.\n{link}"),
            format!("Request {p} was delivered.\n{link}"),
        ),
        RequestStatus::Returned => (
            format!(
                "Η αποστολή του αιτήματος {p} επιστράφηκε στον Δήμο. Επικοινωνήστε μαζί μας.\n{link}"
            ),
            format!(
                "The mailing of request {p} came back to the municipality. Please contact us.\n{link}"
            ),
        ),
        RequestStatus::Rejected => (
            format!("Το αίτημα {p} απορρίφθηκε. Αιτία: {reason}\n{link}"),
            format!("Request {p} was rejected. Reason: {reason}\n{link}"),
        ),
        RequestStatus::InProgress => (
            format!("Το αίτημα {p} βρίσκεται σε επεξεργασία.\n{link}"),
            format!("Request {p} is being processed.\n{link}"),
        ),
        RequestStatus::Collected => (
            format!("Παραλάβατε το έγγραφο του αιτήματος {p}.\n{link}"),
            format!("You collected the document of request {p}.\n{link}"),
        ),
        RequestStatus::Submitted | RequestStatus::Cancelled => return Ok(()),
    };
    send(app, conn, citizen, subject, &el, &en).await
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
