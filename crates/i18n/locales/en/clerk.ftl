# What a file the department attaches is for
clerk-attachment-purpose-legend = What the file is
clerk-attachment-purpose-hint = A result (the certificate itself) can be downloaded by a Level B citizen only; a Level A citizen collects it in person at the office.
clerk-attachment-purpose-information = Information (forms, explanations)
clerk-attachment-purpose-result = Result of the request
clerk-attachment-result-waits = The document waits for you to collect it in person at the office
clerk-attachment-result-bring-id = Bring your police ID card or passport.
upload-error-unknown_purpose = Choose whether the file is information or the result of the request.

# A member of staff changes their password
clerk-staff-password-link = Change password
clerk-staff-password-title = Change password
clerk-staff-password-intro = Enter your current password, the new one, and the one-time code of your authenticator app. Your other sessions end; this one stays.
clerk-staff-password-submit = Change password
clerk-staff-password-changed = Your password was changed. Your other sessions have ended.

clerk-request-attachments-legend = Supporting documents
clerk-request-attachments-hint = The department needs these files with the request: PDF, JPEG or PNG, up to 10 MiB each. If the form comes back with an error, choose the files again.
clerk-request-attachment-label = Document
request-error-attachment-required = Choose the file; the department requires it with the request.
request-error-attachment-unsupported_type = The file is not a PDF, JPEG or PNG.
request-error-attachment-too_many = A request can have at most 5 files.
