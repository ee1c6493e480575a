## Security: throttles and refusals

error-too-many-title = Too many attempts
error-too-many-text = There were too many attempts from this connection in a short time. Please wait a few minutes and try again.
activity-action-citizen-password_check = Wrong current password when changing details
api-keys-field-kinds = What the key may send
api-keys-kind-debts = Debts
api-keys-kind-fines = Fines
api-keys-kind-pending = Pending matters
api-keys-col-kinds = Allowed
api-keys-field-kinds-hint = A key that sends only debts cannot write fines. If you tick none, the key may send all three.
