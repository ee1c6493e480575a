# The mails citizens receive (plain text). Every mail is bilingual: the code puts the Greek
# text first, then the English (crates/app/src/citizens/mails.rs).
# Subject: "{ municipality }: { Greek subject } / { English subject }".

mail-greeting = Dear { $name },

mail-email-confirmation-subject = e-mail confirmation
mail-email-confirmation =
    To confirm the e-mail address of your account with the e-services of { $municipality }, open:

    { $link }

    The link is valid for 48 hours and works once. If you did not register, ignore this message.

mail-password-reset-subject = password reset
mail-password-reset =
    A new password was asked for your account "{ $username }" with { $municipality }. To set one, open:

    { $link }

    The link is valid for 30 minutes and works once. If you did not ask for it, ignore this message; your password stays as it is.

mail-contact-changed-subject = account details changed
mail-contact-changed =
    On your account with { $municipality } this changed: { $what }.
    If it was not you, change your password at once and contact the municipality.
mail-changed-password = the password
mail-changed-email = the e-mail address
mail-changed-address = the postal address

mail-certified-subject = Level B certification
mail-certified =
    Your identity was certified in person and your account with { $municipality } is now Level B. You can receive documents by post (cash on delivery) at the address you designated and see your debts, fines and pending matters:

    { $public_url }/account

    If you did not visit the municipality's office, contact us at once.

mail-revoked-subject = certification revoked
mail-revoked =
    The Level B certification of your account with { $municipality } was revoked. Reason: { $reason }
    Your account is Level A again. You can be certified again by visiting a municipal office with your police ID card or passport.

mail-walk-in-activation-subject = account activation code
mail-walk-in-activation =
    Your account with the e-services of { $municipality } was created at the counter, certified at Level B. To choose your username and password, open

    { $public_url }/activate

    and type the activation code:

    {"    "}{ $code }

    The code is valid for 7 days and works once. If you did not visit the municipality's office, contact us at once. A link to confirm your e-mail address follows separately.

## Mails about a request: the subject says what happened, so that the inbox alone tells.

mail-request-submitted-subject = We received your request { $protocol }
mail-request-submitted =
    We received your request "{ $service }" with protocol number { $protocol }. We will tell you of every step.
    { $link }
mail-request-in-progress-subject = Your request { $protocol } is being processed
mail-request-in-progress =
    Request { $protocol } is being processed.
    { $link }
mail-request-needs-info-subject = Your request { $protocol } needs information from you
mail-request-needs-info =
    The department needs more information for request { $protocol }:

    { $reason }

    Answer here: { $link }
mail-request-ready-for-pickup-subject = Your request { $protocol } is ready to collect
mail-request-ready-for-pickup = Request { $protocol } is ready to collect from the municipality's competent office. See on the portal where and when to collect it, and bring your police ID card or passport: { $link }
# $contacts: empty, or " (tel. …, e-mail …)".
mail-request-ready-at-office = Request { $protocol } is ready to collect at: { $office }, { $street }, { $postal_code } { $city }{ $contacts }. Bring your police ID card or passport. Opening hours: { $link }
mail-office-phone = tel.
mail-request-collected-subject = You collected the document of request { $protocol }
mail-request-collected =
    You collected the document of request { $protocol }.
    { $link }
mail-request-dispatched-subject = Your request { $protocol } was sent by post
mail-request-dispatched =
    Request { $protocol } was sent by post, cash on delivery { $amount }. Tracking number: { $tracking }.
    { $link }
mail-request-delivered-subject = Your request { $protocol } was delivered
mail-request-delivered =
    Request { $protocol } was delivered.
    { $link }
mail-request-returned-subject = The mailing of your request { $protocol } came back
mail-request-returned =
    The mailing of request { $protocol } came back to the municipality. Please contact us.
    { $link }
mail-request-rejected-subject = Your request { $protocol } was rejected
mail-request-rejected =
    Request { $protocol } was rejected. Reason: { $reason }
    { $link }
