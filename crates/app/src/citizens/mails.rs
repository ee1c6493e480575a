//! The mails citizens receive: plain text, Greek first, then English, both from the Fluent
//! catalogue (`mail.ftl`). Subject `«municipality»: Greek / English`; body: the greeting and
//! the text in Greek, a `----` line, the same in English.

use crate::AppError;
use crate::mail::NewMail;
use dimos_domain::Email;
use dimos_i18n::Lang;

/// A stored address was validated when it was stored; failing here is a bug, not user input.
fn address(to: &str) -> Result<Email, AppError> {
    Email::parse(to)
        .map_err(|_| AppError::Internal("a stored e-mail address does not parse".into()))
}

/// The Fluent variables of a mail in one language.
pub(crate) type Args = Vec<(&'static str, String)>;

/// The mail `key` (`key` the body, `key-subject` the subject) to `given_name`.
fn compose(
    to: &str,
    given_name: &str,
    municipality: (&str, &str),
    key: &str,
    args: impl Fn(Lang) -> Args,
) -> Result<NewMail, AppError> {
    let subject = format!("{key}-subject");
    bilingual(to, given_name, municipality, (&subject, key), args)
}

/// The mail with the messages `subject` and `body` to `given_name`, in both languages; `args`
/// gives each language's variables (`$municipality` is added: the name in that language).
pub(crate) fn bilingual(
    to: &str,
    given_name: &str,
    municipality: (&str, &str),
    (subject, key): (&str, &str),
    args: impl Fn(Lang) -> Args,
) -> Result<NewMail, AppError> {
    let text = |lang: Lang| {
        let mut args = args(lang);
        args.push((
            "municipality",
            lang.pick(municipality.0, municipality.1).to_owned(),
        ));
        (
            lang.t_args(subject, &args),
            lang.t_args(key, &args),
            lang.t_args("mail-greeting", &[("name", given_name.to_owned())]),
        )
    };
    let (subject_el, el, dear_el) = text(Lang::El);
    let (subject_en, en, dear_en) = text(Lang::En);
    Ok(NewMail {
        to: address(to)?,
        subject: format!("{}: {subject_el} / {subject_en}", municipality.0),
        body_text: format!("{dear_el}\n\n{el}\n\n----\n\n{dear_en}\n\n{en}\n"),
    })
}

pub(super) fn email_confirmation(
    to: &str,
    given_name: &str,
    link: &str,
    municipality: (&str, &str),
) -> Result<NewMail, AppError> {
    compose(
        to,
        given_name,
        municipality,
        "mail-email-confirmation",
        |_| vec![("link", link.to_owned())],
    )
}

pub(super) fn password_reset(
    to: &str,
    given_name: &str,
    username: &str,
    link: &str,
    municipality: (&str, &str),
) -> Result<NewMail, AppError> {
    compose(to, given_name, municipality, "mail-password-reset", |_| {
        vec![("username", username.to_owned()), ("link", link.to_owned())]
    })
}

/// What changed on the account: `what` is the message naming it (`mail-changed-email`, …).
pub(super) fn contact_changed(
    to: &str,
    given_name: &str,
    what: &str,
    municipality: (&str, &str),
) -> Result<NewMail, AppError> {
    compose(
        to,
        given_name,
        municipality,
        "mail-contact-changed",
        |lang| vec![("what", lang.t(what))],
    )
}

pub(super) fn password_changed(
    to: &str,
    given_name: &str,
    municipality: (&str, &str),
) -> Result<NewMail, AppError> {
    contact_changed(to, given_name, "mail-changed-password", municipality)
}

pub(crate) fn certified(
    to: &str,
    given_name: &str,
    public_url: &str,
    municipality: (&str, &str),
) -> Result<NewMail, AppError> {
    compose(to, given_name, municipality, "mail-certified", |_| {
        vec![("public_url", public_url.to_owned())]
    })
}

pub(crate) fn revoked(
    to: &str,
    given_name: &str,
    reason: &str,
    municipality: (&str, &str),
) -> Result<NewMail, AppError> {
    compose(to, given_name, municipality, "mail-revoked", |_| {
        vec![("reason", reason.to_owned())]
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
    compose(
        to,
        given_name,
        municipality,
        "mail-walk-in-activation",
        |_| {
            vec![
                ("code", code.to_owned()),
                ("public_url", public_url.to_owned()),
            ]
        },
    )
}

#[cfg(test)]
pub(crate) mod tests {
    //! Every mail, rendered from Fluent, is byte for byte the text it was when it was written
    //! in Rust (kept below as the expectation), Greek and English.
    use super::*;

    const TO: &str = "maria@example.org";
    const M: (&str, &str) = ("Δήμος Δοκιμών", "Municipality of Tests");

    fn same(new: Result<NewMail, AppError>, old: Result<NewMail, AppError>) {
        let (new, old) = (new.unwrap(), old.unwrap());
        assert_eq!(new.subject, old.subject);
        assert_eq!(new.body_text, old.body_text);
        assert_eq!(new.to.as_str(), old.to.as_str());
        assert!(
            !new.body_text.contains(['\u{2068}', '\u{2069}']),
            "no bidi isolation marks"
        );
    }

    #[test]
    fn every_mail_renders_as_before_in_both_languages() {
        let link = "https://dimos.example/confirm?t=abc";
        let url = "https://dimos.example";
        same(
            email_confirmation(TO, "Μαρία", link, M),
            legacy::email_confirmation(TO, "Μαρία", link, M),
        );
        same(
            password_reset(TO, "Μαρία", "maria_p", link, M),
            legacy::password_reset(TO, "Μαρία", "maria_p", link, M),
        );
        for (key, el, en) in [
            (
                "mail-changed-email",
                "η διεύθυνση e-mail",
                "the e-mail address",
            ),
            (
                "mail-changed-address",
                "η ταχυδρομική διεύθυνση",
                "the postal address",
            ),
        ] {
            same(
                contact_changed(TO, "Μαρία", key, M),
                legacy::contact_changed(TO, "Μαρία", el, en, M),
            );
        }
        same(
            password_changed(TO, "Μαρία", M),
            legacy::password_changed(TO, "Μαρία", M),
        );
        same(
            certified(TO, "Μαρία", url, M),
            legacy::certified(TO, "Μαρία", url, M),
        );
        same(
            revoked(TO, "Μαρία", "λάθος στοιχεία / wrong details", M),
            legacy::revoked(TO, "Μαρία", "λάθος στοιχεία / wrong details", M),
        );
        same(
            walk_in_activation(TO, "Μαρία", "ABCD-EFGH", url, M),
            legacy::walk_in_activation(TO, "Μαρία", "ABCD-EFGH", url, M),
        );
    }

    /// The texts as they were written in Rust before they moved to `mail.ftl`.
    pub(crate) mod legacy {
        use super::*;

        pub(crate) fn email_confirmation(
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

        pub(crate) fn password_reset(
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

        pub(crate) fn contact_changed(
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

        pub(crate) fn password_changed(
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
                subject: format!(
                    "{el}: κωδικός ενεργοποίησης λογαριασμού / account activation code"
                ),
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
    }
}
