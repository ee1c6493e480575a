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

async fn send(
    app: &App,
    conn: &mut AnyConnection,
    citizen: &Citizen,
    subject: (&str, &str),
    el: &str,
    en: &str,
) -> Result<(), AppError> {
    if citizen.email.is_empty() {
        // A walk-in registered without an address: nobody to mail.
        return Ok(());
    }
    let (m_el, _) = app.municipality();
    let mail = crate::citizens::mails::request_update(
        &citizen.email,
        &citizen.given_name,
        &format!("{m_el}: {} / {}", subject.0, subject.1),
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
    send(
        app,
        conn,
        citizen,
        (&format!("αίτημα {p}"), &format!("request {p}")),
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
            format!("Παραλάβατε το αίτημα {p}.\n{link}"),
            format!("You collected request {p}.\n{link}"),
        ),
        RequestStatus::Submitted | RequestStatus::Cancelled => return Ok(()),
    };
    send(
        app,
        conn,
        citizen,
        (&format!("αίτημα {p}"), &format!("request {p}")),
        &el,
        &en,
    )
    .await
}
