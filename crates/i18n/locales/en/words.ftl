## The API's error messages (the code stays the same, the text follows the language).
api-error-invalid_json = The request could not be read.
api-error-unauthenticated = Authentication is required.
api-error-invalid_credentials = The username or password is not correct.
api-error-totp_required = A one-time code (TOTP) is required.
api-error-forbidden = You are not allowed to do this.
api-error-level_b_required = This needs a Level B account: have your identity certified in person at a municipal office.
api-error-email_unconfirmed = Confirm your e-mail address first.
api-error-not_found = Not found.
api-error-username_taken = This username is taken.
api-error-invalid_transition = This change is not allowed.
api-error-method_not_allowed = This method is not allowed on this path.
api-error-payload_too_large = The request body is too large.
api-error-validation_failed = Some fields are not valid.
api-error-too_many_attempts = Too many attempts; try again later.
api-error-timeout = The request took too long.
api-error-busy = The service is busy; nothing was changed. Try again shortly.
api-error-internal_error = Something went wrong on our side.
api-error-conflict = This cannot be done in the current state; nothing was changed.
## Why a request could not be read (follows api-error-invalid_json).
invalid-json-not_json = The body must be JSON (Content-Type: application/json).
invalid-json-body = The body was not received whole.
invalid-json-syntax = The body is not valid JSON: the error is at line { $line }, column { $column }.
invalid-json-parameter = A path or query parameter is not valid.
invalid-json-multipart = The multipart body could not be read.
## Why a request could not move (follows api-error-invalid_transition; statuses in their words).
transition-no_such_move = A request cannot go from “{ $from }” to “{ $to }”.
transition-not_for_actor = You cannot move a request from “{ $from }” to “{ $to }”.
transition-not_for_delivery = { $delivery ->
    [pickup] A request collected in person
    [post] A request sent by post
   *[other] A request with this delivery mode
} cannot go from “{ $from }” to “{ $to }”.
transition-changed = The request changed in the meantime and is no longer “{ $from }”; nothing was changed.
conflict-request_closed = The request is closed: files can no longer be added to it.

## Fresh install: offices still hold the seeded catalogue's example details.
setup-banner-admin = The installation is not complete: offices of the municipality still hold the example addresses, phones and e-mails of the initial catalogue. Until you complete them, mails to citizens leave them out.
setup-banner-admin-link = Complete the offices' details
setup-banner-staff = The administrator has not yet completed the details of the municipality's offices (addresses, phones, e-mails); until then, mails to citizens leave them out.

## The account's history in words: one sentence for every action of the audit log.
history-unknown = An action concerning your account.
history-no-number = (no number)
history-processing-request = Processing request { $protocol }
# Reasons the audit log keeps in both languages («Ελληνικά / English»).
audit-reason-counter-certification = identity certification at the counter
audit-reason-renewed-document = renewed identity document
history-document-id_card = police ID card
history-document-passport = passport
history-document-foreign_passport = foreign passport
history-kind-debts = your debts
history-kind-fines = your fines
history-kind-pending = your pending matters
history-admin-department_activated = A department of the municipality was activated.
history-admin-department_created = A department of the municipality was created.
history-admin-department_deactivated = A department of the municipality was deactivated.
history-admin-department_deleted = A department of the municipality was deleted.
history-admin-department_updated = A department's details were changed.
history-admin-office_activated = An office of the municipality was activated.
history-admin-office_created = An office of the municipality was created.
history-admin-office_deactivated = An office of the municipality was deactivated.
history-admin-office_updated = An office's details were changed.
history-admin-service_activated = An e-service was activated.
history-admin-service_created = An e-service was created.
history-admin-service_deactivated = An e-service was deactivated.
history-admin-service_updated = An e-service's details were changed.
history-admin-settings_updated = The municipality's settings were changed.
history-admin-staff_sessions_ended = A member of staff's sessions were ended.
history-api_key-created = A system integration key was created.
history-api_key-refused = A system integration key was refused.
history-api_key-revoked = A system integration key was revoked.
history-attachment-uploaded = A file was added to request { $protocol }.
history-audit-searched = The audit log was searched.
history-authorization-denied = Access to something not allowed was refused.
history-citizen-data_exported = You downloaded a copy of your data.
history-citizen-email_confirmed = You confirmed your e-mail address.
history-citizen-login = You logged in to your account.
history-citizen-logout = You logged out.
history-citizen-password_changed = You changed your password.
history-citizen-password_reset = You set a new password through the link we sent you.
history-citizen-password_reset_requested = A link for a new password was requested.
history-citizen-profile_changed = You changed your contact details.
history-citizen-records_viewed = You looked at { $kind }.
history-citizen-register = You created your account.
history-citizen-session_ended = You ended one of your sessions.
history-citizen-sessions_ended = You ended your other sessions.
history-records-import_rejected = A file of records from the municipality's systems was refused.
history-records-imported = Your records were updated from the municipality's systems.
history-request-answered = You answered the department's question on request { $protocol }.
history-request-cancelled = You cancelled request { $protocol }.
history-request-submitted = You submitted request { $protocol } ({ $service }).
history-request-transition = Request { $protocol } moved to «{ $to }».
history-staff-attachment_viewed = Opened a file of your request { $protocol }.
history-staff-citizen_search = Searched for citizens.
history-staff-citizen_viewed = Looked at your account's details at the counter.
history-staff-created = A staff account was created.
history-staff-disabled = A staff account was disabled.
history-staff-dispatch_list_viewed = Looked at the list of postal dispatches.
history-staff-enabled = A staff account was enabled.
history-staff-login = A member of staff logged in.
history-staff-logout = A member of staff logged out.
history-staff-records_viewed = Looked at { $kind }.
history-staff-request_viewed = Looked at your request { $protocol }.
history-staff-roles_changed = A member of staff's roles were changed.
history-staff-totp_reset = A member of staff got a new one-time code.
history-verification-certified = Certified your identity (Level B) with a { $document_type } { $document }.
history-verification-revoked = Revoked the certification of your identity; your account is Level A again.
history-citizen-activated = You activated your account with the activation code and chose a username and password.
history-citizen-activation = An activation code was refused.
history-citizen-confirmation_resent = You asked for a new e-mail confirmation link.
history-citizen-password_check = A wrong current password was given to change your account's details.
history-citizen-walk_in_registered = Your account was created at the counter with your identity certified (Level B), by { $document_type } { $document }.
history-staff-password_change = A member of staff's password change was refused.
history-staff-password_changed = A member of staff changed their password.
history-verification-document_renewed = Your renewed identity document was recorded ({ $document_type } { $document }); your certification (Level B) stands.
# The municipality's name until the operator or an admin sets it.
municipality-default = Municipality
