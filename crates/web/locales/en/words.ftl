## The API's error messages (the code stays the same, the text follows the language).
api-error-invalid_json = The body is not valid JSON:
api-error-unauthenticated = Authentication is required.
api-error-invalid_credentials = The username or password is not correct.
api-error-totp_required = A one-time code (TOTP) is required.
api-error-forbidden = You are not allowed to do this.
api-error-level_b_required = This needs a Level B account: have your identity certified in person at a municipal office.
api-error-email_unconfirmed = Confirm your e-mail address first.
api-error-not_found = Not found.
api-error-username_taken = This username is taken.
api-error-invalid_transition = This change is not allowed:
api-error-payload_too_large = The request body is too large.
api-error-validation_failed = Some fields are not valid.
api-error-too_many_attempts = Too many attempts; try again later.
api-error-timeout = The request took too long.
api-error-busy = The service is busy; nothing was changed. Try again shortly.
api-error-internal_error = Something went wrong on our side.
api-error-conflict = This cannot be done in the current state; nothing was changed.
conflict-request_closed = The request is closed: files can no longer be added to it.

## Fresh install: offices still hold the seeded catalogue's example details.
setup-banner-admin = The installation is not complete: offices of the municipality still hold the example addresses, phones and e-mails of the initial catalogue. Until you complete them, mails to citizens leave them out.
setup-banner-admin-link = Complete the offices' details
setup-banner-staff = The administrator has not yet completed the details of the municipality's offices (addresses, phones, e-mails); until then, mails to citizens leave them out.
