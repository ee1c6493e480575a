//! The texts of the mails citizens receive: Greek first, then English, plain text.

use crate::AppError;
use crate::mail::NewMail;
use dimos_domain::Email;

/// A stored address was validated when it was stored; failing here is a bug, not user input.
fn address(to: &str) -> Result<Email, AppError> {
    Email::parse(to)
        .map_err(|_| AppError::Internal("a stored e-mail address does not parse".into()))
}

pub(super) fn email_confirmation(
    to: &str,
    given_name: &str,
    link: &str,
    municipality: (&str, &str),
) -> Result<NewMail, AppError> {
    let (el, en) = municipality;
    Ok(NewMail {
        to: address(to)?,
        subject: format!("{el}: επιβεβαίωση e-mail / e-mail confirmation"),
        body_text: format!(
            "Αγαπητή/έ {given_name},\n\n\
             Για να επιβεβαιώσετε τη διεύθυνση e-mail του λογαριασμού σας στις ηλεκτρονικές \
             υπηρεσίες του φορέα «{el}», ανοίξτε τον σύνδεσμο:\n\n{link}\n\n\
             Ο σύνδεσμος ισχύει 48 ώρες και χρησιμοποιείται μία φορά. Αν δεν κάνατε εσείς την \
             εγγραφή, αγνοήστε αυτό το μήνυμα.\n\n\
             ----\n\n\
             Dear {given_name},\n\n\
             To confirm the e-mail address of your account with the e-services of {en}, open:\n\n\
             {link}\n\n\
             The link is valid for 48 hours and works once. If you did not register, ignore this \
             message.\n"
        ),
    })
}

pub(super) fn password_reset(
    to: &str,
    given_name: &str,
    username: &str,
    link: &str,
    municipality: (&str, &str),
) -> Result<NewMail, AppError> {
    let (el, en) = municipality;
    Ok(NewMail {
        to: address(to)?,
        subject: format!("{el}: νέο συνθηματικό / password reset"),
        body_text: format!(
            "Αγαπητή/έ {given_name},\n\n\
             Ζητήθηκε νέο συνθηματικό για τον λογαριασμό σας «{username}». Για να ορίσετε νέο συνθηματικό, \
             ανοίξτε τον σύνδεσμο:\n\n{link}\n\n\
             Ο σύνδεσμος ισχύει 30 λεπτά και χρησιμοποιείται μία φορά. Αν δεν το ζητήσατε εσείς, \
             αγνοήστε αυτό το μήνυμα· το συνθηματικό σας δεν αλλάζει.\n\n\
             ----\n\n\
             Dear {given_name},\n\n\
             A new password was asked for your account \"{username}\" with {en}. To set one, open:\n\n{link}\n\n\
             The link is valid for 30 minutes and works once. If you did not ask for it, ignore \
             this message; your password stays as it is.\n"
        ),
    })
}

pub(super) fn contact_changed(
    to: &str,
    given_name: &str,
    what_el: &str,
    what_en: &str,
    municipality: (&str, &str),
) -> Result<NewMail, AppError> {
    let (el, en) = municipality;
    Ok(NewMail {
        to: address(to)?,
        subject: format!("{el}: αλλαγή στοιχείων λογαριασμού / account details changed"),
        body_text: format!(
            "Αγαπητή/έ {given_name},\n\n\
             Στον λογαριασμό σας άλλαξε: {what_el}.\n\
             Αν δεν έγινε από εσάς, αλλάξτε αμέσως το συνθηματικό σας και επικοινωνήστε με τον Δήμο.\n\n\
             ----\n\n\
             Dear {given_name},\n\n\
             On your account with {en} this changed: {what_en}.\n\
             If it was not you, change your password at once and contact the municipality.\n"
        ),
    })
}

pub(super) fn password_changed(
    to: &str,
    given_name: &str,
    municipality: (&str, &str),
) -> Result<NewMail, AppError> {
    contact_changed(
        to,
        given_name,
        "το συνθηματικό",
        "the password",
        municipality,
    )
}

pub(crate) fn certified(
    to: &str,
    given_name: &str,
    public_url: &str,
    municipality: (&str, &str),
) -> Result<NewMail, AppError> {
    let (el, en) = municipality;
    Ok(NewMail {
        to: address(to)?,
        subject: format!("{el}: πιστοποίηση Επιπέδου Β / Level B certification"),
        body_text: format!(
            "Αγαπητή/έ {given_name},\n\n\
             Η ταυτότητά σας πιστοποιήθηκε αυτοπροσώπως και ο λογαριασμός σας είναι πλέον Επιπέδου Β. \
             Μπορείτε να λαμβάνετε έγγραφα ταχυδρομικώς (με αντικαταβολή) στη διεύθυνση που ορίσατε \
             και να βλέπετε τις οφειλές, τις κλήσεις και τις εκκρεμότητές σας:\n\n{public_url}/account\n\n\
             Αν δεν επισκεφθήκατε εσείς το γραφείο του Δήμου, επικοινωνήστε αμέσως μαζί μας.\n\n\
             ----\n\n\
             Dear {given_name},\n\n\
             Your identity was certified in person and your account with {en} is now Level B. You can \
             receive documents by post (cash on delivery) at the address you designated and see your \
             debts, fines and pending matters:\n\n{public_url}/account\n\n\
             If you did not visit the municipality's office, contact us at once.\n"
        ),
    })
}

pub(crate) fn revoked(
    to: &str,
    given_name: &str,
    reason: &str,
    municipality: (&str, &str),
) -> Result<NewMail, AppError> {
    let (el, en) = municipality;
    Ok(NewMail {
        to: address(to)?,
        subject: format!("{el}: ανάκληση πιστοποίησης / certification revoked"),
        body_text: format!(
            "Αγαπητή/έ {given_name},\n\n\
             Η πιστοποίηση Επιπέδου Β του λογαριασμού σας ανακλήθηκε. Αιτία: {reason}\n\
             Ο λογαριασμός σας είναι πλέον Επιπέδου Α. Μπορείτε να πιστοποιηθείτε ξανά με επίσκεψη \
             σε γραφείο του Δήμου, με την αστυνομική σας ταυτότητα ή το διαβατήριό σας.\n\n\
             ----\n\n\
             Dear {given_name},\n\n\
             The Level B certification of your account with {en} was revoked. Reason: {reason}\n\
             Your account is Level A again. You can be certified again by visiting a municipal office \
             with your police ID card or passport.\n"
        ),
    })
}

/// A message about a request, Greek then English.
pub(crate) fn request_update(
    to: &str,
    given_name: &str,
    subject: &str,
    el: &str,
    en: &str,
) -> Result<NewMail, AppError> {
    Ok(NewMail {
        to: address(to)?,
        subject: subject.to_owned(),
        body_text: format!(
            "Αγαπητή/έ {given_name},\n\n{el}\n\n----\n\nDear {given_name},\n\n{en}\n"
        ),
    })
}

/// A walk-in registered at the counter: the activation code (also on the printed receipt) and
/// where to use it.
pub(crate) fn walk_in_activation(
    to: &str,
    given_name: &str,
    code: &str,
    public_url: &str,
    municipality: (&str, &str),
) -> Result<NewMail, AppError> {
    let (el, en) = municipality;
    Ok(NewMail {
        to: address(to)?,
        subject: format!("{el}: κωδικός ενεργοποίησης λογαριασμού / account activation code"),
        body_text: format!(
            "Αγαπητή/έ {given_name},\n\n\
             Ο λογαριασμός σας στις ηλεκτρονικές υπηρεσίες του φορέα «{el}» δημιουργήθηκε στο γκισέ, \
             πιστοποιημένος σε Επίπεδο Β. Για να επιλέξετε όνομα χρήστη και συνθηματικό, ανοίξτε τη σελίδα\n\n\
             {public_url}/activate\n\n\
             και πληκτρολογήστε τον κωδικό ενεργοποίησης:\n\n    {code}\n\n\
             Ο κωδικός ισχύει 7 ημέρες και χρησιμοποιείται μία φορά. Αν δεν επισκεφθήκατε εσείς το \
             γραφείο του Δήμου, επικοινωνήστε αμέσως μαζί μας. Θα λάβετε χωριστά και σύνδεσμο \
             επιβεβαίωσης της διεύθυνσης e-mail.\n\n\
             ----\n\n\
             Dear {given_name},\n\n\
             Your account with the e-services of {en} was created at the counter, certified at Level B. \
             To choose your username and password, open\n\n\
             {public_url}/activate\n\n\
             and type the activation code:\n\n    {code}\n\n\
             The code is valid for 7 days and works once. If you did not visit the municipality's \
             office, contact us at once. A link to confirm your e-mail address follows separately.\n"
        ),
    })
}
