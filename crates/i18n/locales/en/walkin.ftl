# Registering in one visit to the municipality (counter), and activating the account with a code.

walkin-link = Register a walk-in citizen
walkin-title = Register a citizen at the counter
walkin-intro = Enter the citizen's details from the identity document they show. The account is certified at Level B at once; the citizen takes a printed receipt with an activation code and chooses their own username and password.
walkin-identity-hint = As written on the identity document.
walkin-tax-number-hint = Optional. If given, it is recorded as the verified tax number; a tax number is certified on one account only.
walkin-contact-legend = Contact details and address
walkin-contact-hint = The postal address is where documents will be sent.
walkin-email-hint = Optional. The activation code is sent there too, with a link to confirm the address.
walkin-submit = Register and issue the receipt
walkin-username-pending = Not chosen yet (with the activation code)
walkin-receipt-activation-heading = Activation code
walkin-receipt-activation-text = With this code you choose your username and password. It is valid for 7 days and works once. Do not give it to anyone.
walkin-receipt-activation-where = Type it in at

activate-title = Activate your account
activate-intro = Registered at a municipal office? Type the activation code from the receipt you were given (or from the e-mail) and choose a username and password.
activate-legend = Code and sign-in details
activate-field-code = Activation code
activate-field-code-hint = 12 characters, e.g. 7KQM-2XWD-9BHT; case and dashes do not matter.
activate-submit = Activate and sign in
activate-error-code = The activation code is not valid: it is wrong, already used, or expired. If it expired, ask for a new one at a municipal office.
activate-no-code = No code?
activate-offices-link = See the municipality's offices
activate-have-code = Registered at a municipal office?
activate-link = Activate your account with your code
