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

/// A mail about a citizen's account: which message it is, with what it says.
#[derive(Debug, Clone, Copy)]
pub(crate) enum AccountMail<'a> {
    /// The link that confirms an e-mail address.
    EmailConfirmation {
        link: &'a str,
    },
    /// The link that sets a new password for the account `username`.
    PasswordReset {
        username: &'a str,
        link: &'a str,
    },
    /// Something changed on the account: `what` is the message naming it (`mail-changed-email`,
    /// `mail-changed-address`).
    ContactChanged {
        what: &'static str,
    },
    PasswordChanged,
    /// The account is Level B now; `public_url` leads to it.
    Certified {
        public_url: &'a str,
    },
    /// The Level B certification was revoked, for `reason` (as the verifier wrote it).
    Revoked {
        reason: &'a str,
    },
    /// A walk-in registered at the counter: the activation code (also on the printed receipt)
    /// and where to use it.
    WalkInActivation {
        code: &'a str,
        public_url: &'a str,
    },
}

impl AccountMail<'_> {
    /// The message of the text; `-subject` after it, that of the subject.
    fn key(self) -> &'static str {
        match self {
            Self::EmailConfirmation { .. } => "mail-email-confirmation",
            Self::PasswordReset { .. } => "mail-password-reset",
            Self::ContactChanged { .. } | Self::PasswordChanged => "mail-contact-changed",
            Self::Certified { .. } => "mail-certified",
            Self::Revoked { .. } => "mail-revoked",
            Self::WalkInActivation { .. } => "mail-walk-in-activation",
        }
    }

    /// The Fluent variables of the mail in `lang`.
    fn args(self, lang: Lang) -> Args {
        let own = |pairs: &[(&'static str, &str)]| {
            pairs
                .iter()
                .map(|(name, value)| (*name, (*value).to_owned()))
                .collect()
        };
        match self {
            Self::EmailConfirmation { link } => own(&[("link", link)]),
            Self::PasswordReset { username, link } => {
                own(&[("username", username), ("link", link)])
            }
            Self::ContactChanged { what } => vec![("what", lang.t(what))],
            Self::PasswordChanged => vec![("what", lang.t("mail-changed-password"))],
            Self::Certified { public_url } => own(&[("public_url", public_url)]),
            Self::Revoked { reason } => own(&[("reason", reason)]),
            Self::WalkInActivation { code, public_url } => {
                own(&[("code", code), ("public_url", public_url)])
            }
        }
    }

    /// The mail to `to`, greeting `given_name`, from the municipality (Greek and English name).
    pub(crate) fn to(
        self,
        to: &str,
        given_name: &str,
        municipality: (&str, &str),
    ) -> Result<NewMail, AppError> {
        let key = self.key();
        let subject = format!("{key}-subject");
        bilingual(to, given_name, municipality, (&subject, key), |lang| {
            self.args(lang)
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! Every mail, rendered from Fluent, is byte for byte the text it was when it was written
    //! in Rust (the table below), Greek and English.
    use super::*;

    const TO: &str = "maria@example.org";
    const EL: &str = "Δήμος Δοκιμών";
    const EN: &str = "Municipality of Tests";
    const M: (&str, &str) = (EL, EN);

    /// The Greek or the English half of a bilingual mail to Maria from `M`: its part of the
    /// subject, and the greeting with the text. The two halves are the whole mail, with nothing
    /// else in it than the municipality, the separators and a final line break.
    pub(crate) fn half(mail: &NewMail, lang: Lang) -> (String, String) {
        let subject = mail
            .subject
            .strip_prefix(&format!("{EL}: "))
            .expect("the subject starts with the municipality");
        let (subject_el, subject_en) = subject.split_once(" / ").expect("Greek / English");
        let (body_el, body_en) = mail
            .body_text
            .split_once("\n\n----\n\n")
            .expect("Greek, ----, English");
        let body_en = body_en.strip_suffix('\n').expect("a final line break");
        assert!(
            !mail.body_text.contains(['\u{2068}', '\u{2069}']),
            "no bidi isolation marks"
        );
        let (subject, body) = match lang {
            Lang::El => (subject_el, body_el),
            Lang::En => (subject_en, body_en),
        };
        (subject.to_owned(), body.to_owned())
    }

    /// The greeting of a mail to Maria.
    pub(crate) fn dear(lang: Lang) -> &'static str {
        lang.pick("Αγαπητή/έ Μαρία,", "Dear Μαρία,")
    }

    #[test]
    fn every_mail_renders_as_before_in_both_languages() {
        use AccountMail::*;
        const LINK: &str = "https://dimos.example/confirm?t=abc";
        const URL: &str = "https://dimos.example";
        let (reason, code) = ("λάθος στοιχεία / wrong details", "ABCD-EFGH");
        let changed = |what_el: &str| {
            format!(
                "Στον λογαριασμό σας άλλαξε: {what_el}.\n\
                 Αν δεν έγινε από εσάς, αλλάξτε αμέσως το συνθηματικό σας και επικοινωνήστε με τον Δήμο."
            )
        };
        let changed_en = |what_en: &str| {
            format!(
                "On your account with {EN} this changed: {what_en}.\n\
                 If it was not you, change your password at once and contact the municipality."
            )
        };
        let (changed_el_subject, changed_en_subject) =
            ("αλλαγή στοιχείων λογαριασμού", "account details changed");
        let table: Vec<(AccountMail, Lang, &str, String)> = vec![
            (
                EmailConfirmation { link: LINK },
                Lang::El,
                "επιβεβαίωση e-mail",
                format!(
                    "Για να επιβεβαιώσετε τη διεύθυνση e-mail του λογαριασμού σας στις ηλεκτρονικές \
                     υπηρεσίες του φορέα «{EL}», ανοίξτε τον σύνδεσμο:\n\n{LINK}\n\n\
                     Ο σύνδεσμος ισχύει 48 ώρες και χρησιμοποιείται μία φορά. Αν δεν κάνατε εσείς την \
                     εγγραφή, αγνοήστε αυτό το μήνυμα."
                ),
            ),
            (
                EmailConfirmation { link: LINK },
                Lang::En,
                "e-mail confirmation",
                format!(
                    "To confirm the e-mail address of your account with the e-services of {EN}, open:\n\n\
                     {LINK}\n\n\
                     The link is valid for 48 hours and works once. If you did not register, ignore this \
                     message."
                ),
            ),
            (
                PasswordReset {
                    username: "maria_p",
                    link: LINK,
                },
                Lang::El,
                "νέο συνθηματικό",
                format!(
                    "Ζητήθηκε νέο συνθηματικό για τον λογαριασμό σας «maria_p». Για να ορίσετε νέο συνθηματικό, \
                     ανοίξτε τον σύνδεσμο:\n\n{LINK}\n\n\
                     Ο σύνδεσμος ισχύει 30 λεπτά και χρησιμοποιείται μία φορά. Αν δεν το ζητήσατε εσείς, \
                     αγνοήστε αυτό το μήνυμα· το συνθηματικό σας δεν αλλάζει."
                ),
            ),
            (
                PasswordReset {
                    username: "maria_p",
                    link: LINK,
                },
                Lang::En,
                "password reset",
                format!(
                    "A new password was asked for your account \"maria_p\" with {EN}. To set one, open:\n\n{LINK}\n\n\
                     The link is valid for 30 minutes and works once. If you did not ask for it, ignore \
                     this message; your password stays as it is."
                ),
            ),
            (
                ContactChanged {
                    what: "mail-changed-email",
                },
                Lang::El,
                changed_el_subject,
                changed("η διεύθυνση e-mail"),
            ),
            (
                ContactChanged {
                    what: "mail-changed-email",
                },
                Lang::En,
                changed_en_subject,
                changed_en("the e-mail address"),
            ),
            (
                ContactChanged {
                    what: "mail-changed-address",
                },
                Lang::El,
                changed_el_subject,
                changed("η ταχυδρομική διεύθυνση"),
            ),
            (
                ContactChanged {
                    what: "mail-changed-address",
                },
                Lang::En,
                changed_en_subject,
                changed_en("the postal address"),
            ),
            (
                PasswordChanged,
                Lang::El,
                changed_el_subject,
                changed("το συνθηματικό"),
            ),
            (
                PasswordChanged,
                Lang::En,
                changed_en_subject,
                changed_en("the password"),
            ),
            (
                Certified { public_url: URL },
                Lang::El,
                "πιστοποίηση Επιπέδου Β",
                format!(
                    "Η ταυτότητά σας πιστοποιήθηκε αυτοπροσώπως και ο λογαριασμός σας είναι πλέον Επιπέδου Β. \
                     Μπορείτε να λαμβάνετε έγγραφα ταχυδρομικώς (με αντικαταβολή) στη διεύθυνση που ορίσατε \
                     και να βλέπετε τις οφειλές, τις κλήσεις και τις εκκρεμότητές σας:\n\n{URL}/account\n\n\
                     Αν δεν επισκεφθήκατε εσείς το γραφείο του Δήμου, επικοινωνήστε αμέσως μαζί μας."
                ),
            ),
            (
                Certified { public_url: URL },
                Lang::En,
                "Level B certification",
                format!(
                    "Your identity was certified in person and your account with {EN} is now Level B. You can \
                     receive documents by post (cash on delivery) at the address you designated and see your \
                     debts, fines and pending matters:\n\n{URL}/account\n\n\
                     If you did not visit the municipality's office, contact us at once."
                ),
            ),
            (
                Revoked { reason },
                Lang::El,
                "ανάκληση πιστοποίησης",
                format!(
                    "Η πιστοποίηση Επιπέδου Β του λογαριασμού σας ανακλήθηκε. Αιτία: {reason}\n\
                     Ο λογαριασμός σας είναι πλέον Επιπέδου Α. Μπορείτε να πιστοποιηθείτε ξανά με επίσκεψη \
                     σε γραφείο του Δήμου, με την αστυνομική σας ταυτότητα ή το διαβατήριό σας."
                ),
            ),
            (
                Revoked { reason },
                Lang::En,
                "certification revoked",
                format!(
                    "The Level B certification of your account with {EN} was revoked. Reason: {reason}\n\
                     Your account is Level A again. You can be certified again by visiting a municipal office \
                     with your police ID card or passport."
                ),
            ),
            (
                WalkInActivation {
                    code,
                    public_url: URL,
                },
                Lang::El,
                "κωδικός ενεργοποίησης λογαριασμού",
                format!(
                    "Ο λογαριασμός σας στις ηλεκτρονικές υπηρεσίες του φορέα «{EL}» δημιουργήθηκε στο γκισέ, \
                     πιστοποιημένος σε Επίπεδο Β. Για να επιλέξετε όνομα χρήστη και συνθηματικό, ανοίξτε τη σελίδα\n\n\
                     {URL}/activate\n\n\
                     και πληκτρολογήστε τον κωδικό ενεργοποίησης:\n\n    {code}\n\n\
                     Ο κωδικός ισχύει 7 ημέρες και χρησιμοποιείται μία φορά. Αν δεν επισκεφθήκατε εσείς το \
                     γραφείο του Δήμου, επικοινωνήστε αμέσως μαζί μας. Θα λάβετε χωριστά και σύνδεσμο \
                     επιβεβαίωσης της διεύθυνσης e-mail."
                ),
            ),
            (
                WalkInActivation {
                    code,
                    public_url: URL,
                },
                Lang::En,
                "account activation code",
                format!(
                    "Your account with the e-services of {EN} was created at the counter, certified at Level B. \
                     To choose your username and password, open\n\n\
                     {URL}/activate\n\n\
                     and type the activation code:\n\n    {code}\n\n\
                     The code is valid for 7 days and works once. If you did not visit the municipality's \
                     office, contact us at once. A link to confirm your e-mail address follows separately."
                ),
            ),
        ];
        for (mail, lang, subject, text) in table {
            let rendered = mail.to(TO, "Μαρία", M).unwrap();
            assert_eq!(rendered.to.as_str(), TO);
            assert_eq!(
                half(&rendered, lang),
                (subject.to_owned(), format!("{}\n\n{text}", dear(lang))),
                "{mail:?} in {lang:?}"
            );
        }
    }
}
