## Τα μηνύματα σφάλματος του API (ο κωδικός μένει ίδιος, το κείμενο ακολουθεί τη γλώσσα).
api-error-invalid_json = Το αίτημα δεν ήταν δυνατό να διαβαστεί.
api-error-unauthenticated = Απαιτείται ταυτοποίηση.
api-error-invalid_credentials = Το όνομα χρήστη ή το συνθηματικό δεν είναι σωστό.
api-error-totp_required = Απαιτείται κωδικός μίας χρήσης (TOTP).
api-error-forbidden = Δεν έχετε δικαίωμα για αυτή την ενέργεια.
api-error-level_b_required = Χρειάζεται λογαριασμός Επιπέδου Β: πιστοποιήστε την ταυτότητά σας αυτοπροσώπως σε υπηρεσία του Δήμου.
api-error-email_unconfirmed = Επιβεβαιώστε πρώτα τη διεύθυνση e-mail σας.
api-error-not_found = Δεν βρέθηκε.
api-error-username_taken = Το όνομα χρήστη χρησιμοποιείται ήδη.
api-error-invalid_transition = Η αλλαγή αυτή δεν επιτρέπεται.
api-error-method_not_allowed = Η μέθοδος αυτή δεν επιτρέπεται σε αυτή τη διαδρομή.
api-error-payload_too_large = Το σώμα του αιτήματος είναι πολύ μεγάλο.
api-error-validation_failed = Κάποια πεδία δεν είναι έγκυρα.
api-error-too_many_attempts = Πάρα πολλές προσπάθειες· δοκιμάστε ξανά αργότερα.
api-error-timeout = Το αίτημα άργησε υπερβολικά.
api-error-busy = Η υπηρεσία είναι φορτωμένη· δεν άλλαξε τίποτα. Δοκιμάστε ξανά σε λίγο.
api-error-internal_error = Κάτι πήγε στραβά από τη δική μας πλευρά.
api-error-conflict = Η ενέργεια δεν είναι δυνατή στην τωρινή κατάσταση· δεν άλλαξε τίποτα.
## Why a request could not be read (follows api-error-invalid_json).
invalid-json-not_json = Το σώμα πρέπει να είναι JSON (Content-Type: application/json).
invalid-json-body = Το σώμα δεν παραλήφθηκε ολόκληρο.
invalid-json-syntax = Το σώμα δεν είναι έγκυρο JSON: το σφάλμα βρίσκεται στη γραμμή { $line }, στήλη { $column }.
invalid-json-parameter = Μια παράμετρος της διαδρομής ή του ερωτήματος δεν είναι έγκυρη.
invalid-json-multipart = Το σώμα multipart δεν ήταν δυνατό να διαβαστεί.
## Why a request could not move (follows api-error-invalid_transition; statuses in their words).
transition-no_such_move = Ένα αίτημα δεν μπορεί να περάσει από «{ $from }» σε «{ $to }».
transition-not_for_actor = Δεν μπορείτε να μεταφέρετε ένα αίτημα από «{ $from }» σε «{ $to }».
transition-not_for_delivery = { $delivery ->
    [pickup] Ένα αίτημα με παραλαβή από το γραφείο
    [post] Ένα αίτημα με αποστολή ταχυδρομικά
   *[other] Ένα αίτημα με αυτόν τον τρόπο παράδοσης
} δεν μπορεί να περάσει από «{ $from }» σε «{ $to }».
transition-changed = Το αίτημα άλλαξε στο μεταξύ και δεν είναι πλέον «{ $from }»· δεν άλλαξε τίποτα.
conflict-request_closed = Το αίτημα έχει κλείσει: δεν δέχεται πλέον αρχεία.

## Νέα εγκατάσταση: τα γραφεία έχουν ακόμη τα ενδεικτικά στοιχεία του αρχικού καταλόγου.
setup-banner-admin = Η εγκατάσταση δεν έχει ολοκληρωθεί: γραφεία του Δήμου έχουν ακόμη τις ενδεικτικές διευθύνσεις, τηλέφωνα και e-mail του αρχικού καταλόγου. Μέχρι να τα συμπληρώσετε, τα μηνύματα προς τους πολίτες δεν τα αναφέρουν.
setup-banner-admin-link = Συμπληρώστε τα στοιχεία των γραφείων
setup-banner-staff = Ο διαχειριστής δεν έχει ολοκληρώσει ακόμη τα στοιχεία των γραφείων του Δήμου (διευθύνσεις, τηλέφωνα, e-mail)· μέχρι τότε τα μηνύματα προς τους πολίτες δεν τα αναφέρουν.

## Το ιστορικό του λογαριασμού σε λέξεις: μία πρόταση για κάθε ενέργεια του αρχείου καταγραφής.
history-unknown = Μια ενέργεια που αφορά τον λογαριασμό σας.
history-no-number = (χωρίς αριθμό)
history-processing-request = Διεκπεραίωση του αιτήματος { $protocol }
# Reasons the audit log keeps in both languages («Ελληνικά / English»).
audit-reason-counter-certification = Πιστοποίηση ταυτότητας στο γκισέ
audit-reason-renewed-document = Ανανεωμένο έγγραφο ταυτοποίησης
history-document-id_card = αστυνομική ταυτότητα
history-document-passport = διαβατήριο
history-document-foreign_passport = ξένο διαβατήριο
history-kind-debts = τις οφειλές σας
history-kind-fines = τις κλήσεις σας
history-kind-pending = τις εκκρεμότητές σας
history-admin-department_activated = Ενεργοποιήθηκε μια υπηρεσία του Δήμου.
history-admin-department_created = Δημιουργήθηκε μια υπηρεσία του Δήμου.
history-admin-department_deactivated = Απενεργοποιήθηκε μια υπηρεσία του Δήμου.
history-admin-department_deleted = Διαγράφηκε μια υπηρεσία του Δήμου.
history-admin-department_updated = Άλλαξαν τα στοιχεία μιας υπηρεσίας του Δήμου.
history-admin-office_activated = Ενεργοποιήθηκε ένα γραφείο του Δήμου.
history-admin-office_created = Δημιουργήθηκε ένα γραφείο του Δήμου.
history-admin-office_deactivated = Απενεργοποιήθηκε ένα γραφείο του Δήμου.
history-admin-office_updated = Άλλαξαν τα στοιχεία ενός γραφείου του Δήμου.
history-admin-service_activated = Ενεργοποιήθηκε μια ηλεκτρονική υπηρεσία.
history-admin-service_created = Δημιουργήθηκε μια ηλεκτρονική υπηρεσία.
history-admin-service_deactivated = Απενεργοποιήθηκε μια ηλεκτρονική υπηρεσία.
history-admin-service_updated = Άλλαξαν τα στοιχεία μιας ηλεκτρονικής υπηρεσίας.
history-admin-settings_updated = Άλλαξαν οι ρυθμίσεις του Δήμου.
history-admin-staff_sessions_ended = Τερματίστηκαν οι συνεδρίες ενός υπαλλήλου.
history-api_key-created = Δημιουργήθηκε κλειδί διασύνδεσης συστήματος.
history-api_key-refused = Απορρίφθηκε κλειδί διασύνδεσης συστήματος.
history-api_key-revoked = Ανακλήθηκε κλειδί διασύνδεσης συστήματος.
history-attachment-uploaded = Προστέθηκε αρχείο στο αίτημα { $protocol }.
history-audit-searched = Έγινε αναζήτηση στο αρχείο καταγραφής.
history-authorization-denied = Αρνήθηκε η πρόσβαση σε κάτι που δεν επιτρεπόταν.
history-citizen-data_exported = Κατεβάσατε αντίγραφο των δεδομένων σας.
history-citizen-email_confirmed = Επιβεβαιώσατε τη διεύθυνση e-mail σας.
history-citizen-login = Συνδεθήκατε στον λογαριασμό σας.
history-citizen-logout = Αποσυνδεθήκατε.
history-citizen-password_changed = Αλλάξατε το συνθηματικό σας.
history-citizen-password_reset = Ορίσατε νέο συνθηματικό μέσω του συνδέσμου που σας στείλαμε.
history-citizen-password_reset_requested = Ζητήθηκε σύνδεσμος για νέο συνθηματικό.
history-citizen-profile_changed = Αλλάξατε τα στοιχεία επικοινωνίας σας.
history-citizen-records_viewed = Είδατε { $kind }.
history-citizen-register = Δημιουργήσατε τον λογαριασμό σας.
history-citizen-session_ended = Τερματίσατε μια συνεδρία σας.
history-citizen-sessions_ended = Τερματίσατε τις άλλες συνεδρίες σας.
history-records-import_rejected = Απορρίφθηκε αρχείο εγγραφών από τα συστήματα του Δήμου.
history-records-imported = Ενημερώθηκαν οι εγγραφές σας από τα συστήματα του Δήμου.
history-request-answered = Απαντήσατε στην ερώτηση της υπηρεσίας για το αίτημα { $protocol }.
history-request-cancelled = Ακυρώσατε το αίτημα { $protocol }.
history-request-submitted = Υποβάλατε το αίτημα { $protocol } ({ $service }).
history-request-transition = Το αίτημα { $protocol } πέρασε στην κατάσταση «{ $to }».
history-staff-attachment_viewed = Άνοιξε ένα αρχείο του αιτήματός σας { $protocol }.
history-staff-citizen_search = Αναζήτησε πολίτες.
history-staff-citizen_viewed = Είδε τα στοιχεία του λογαριασμού σας στο γκισέ.
history-staff-created = Δημιουργήθηκε λογαριασμός υπαλλήλου.
history-staff-disabled = Απενεργοποιήθηκε λογαριασμός υπαλλήλου.
history-staff-dispatch_list_viewed = Είδε τη λίστα ταχυδρομικών αποστολών.
history-staff-enabled = Ενεργοποιήθηκε λογαριασμός υπαλλήλου.
history-staff-login = Συνδέθηκε υπάλληλος.
history-staff-logout = Αποσυνδέθηκε υπάλληλος.
history-staff-records_viewed = Είδε { $kind }.
history-staff-request_viewed = Είδε το αίτημά σας { $protocol }.
history-staff-roles_changed = Άλλαξαν οι ρόλοι ενός υπαλλήλου.
history-staff-totp_reset = Ορίστηκε νέος κωδικός μίας χρήσης για υπάλληλο.
history-verification-certified = Πιστοποίησε την ταυτότητά σας (Επίπεδο Β) με { $document_type } { $document }.
history-verification-revoked = Ανακάλεσε την πιστοποίηση της ταυτότητάς σας· ο λογαριασμός σας είναι πλέον Επιπέδου Α.
history-citizen-activated = Ενεργοποιήσατε τον λογαριασμό σας με τον κωδικό ενεργοποίησης και ορίσατε όνομα χρήστη και συνθηματικό.
history-citizen-activation = Απορρίφθηκε κωδικός ενεργοποίησης.
history-citizen-confirmation_resent = Ζητήσατε νέο σύνδεσμο επιβεβαίωσης του e-mail σας.
history-citizen-password_check = Δόθηκε λάθος τρέχον συνθηματικό σε αλλαγή στοιχείων του λογαριασμού σας.
history-citizen-walk_in_registered = Ο λογαριασμός σας δημιουργήθηκε στο γκισέ, με πιστοποιημένη ταυτότητα (Επίπεδο Β), με { $document_type } { $document }.
history-staff-password_change = Απορρίφθηκε αλλαγή συνθηματικού υπαλλήλου.
history-staff-password_changed = Υπάλληλος άλλαξε το συνθηματικό του.
history-verification-document_renewed = Καταχωρίστηκε το ανανεωμένο έγγραφο ταυτότητάς σας ({ $document_type } { $document })· η πιστοποίησή σας (Επίπεδο Β) ισχύει.
# The municipality's name until the operator or an admin sets it.
municipality-default = Δήμος
