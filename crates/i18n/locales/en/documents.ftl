# Foreign passports, certification without a tax number, renewed documents (issue 12).

counter-document-foreign-passport = Foreign passport
counter-field-issuing-country = Issuing country (foreign passport only)
counter-field-issuing-country-hint = The ISO 3166-1 two-letter code of the country that issued the passport, e.g. DE for Germany, AL for Albania. Leave it empty for Greek documents.
counter-error-issuing_country-required = Enter the country that issued the foreign passport, by its two-letter code (e.g. DE).
counter-error-issuing_country-unknown_country = There is no country with this code. Enter the ISO 3166-1 two-letter code, e.g. DE for Germany.
counter-renew-heading = Renewed document
counter-renew-intro = The citizen brought a new document (e.g. a renewed ID card): record it in place of the old one. The account stays Level B; the old document is kept in the history and pickups are now checked against the new one.
counter-renew-submit = Record the new document
counter-notice-document-renewed = The new document was recorded in place of the old one. The account stays Level B.
conflict-conflict = The certification changed meanwhile (revoked, or another document recorded). Nothing was changed; reload the page and try again.
queue-field-document-country = Issuing country (foreign passport only)
queue-field-document-country-hint = ISO 3166-1 two-letter code, e.g. DE. For a Level B citizen the recorded country is enough.
field-error-id_document_country-required = Enter the country that issued the foreign passport (e.g. DE).
field-error-id_document_country-unknown_country = There is no country with this code (e.g. DE for Germany).
records-no-tax-number-heading = No tax number recorded
records-no-tax-number-text = The municipality's services keep debts, fines and pending matters by tax number (ΑΦΜ). Your account was certified without a tax number, so there is nothing to show here — this does not mean you have no debts or fines.
records-no-tax-number-visit = To add a tax number, visit a certifying office with your identity document and a document showing your tax number.
records-no-tax-number-offices = The municipality's offices
counter-renew-all-required = All fields are required, except the issuing country (foreign passports only).
