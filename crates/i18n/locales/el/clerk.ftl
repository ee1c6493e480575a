# Σκοπός των αρχείων που επισυνάπτει η υπηρεσία
clerk-attachment-purpose-legend = Τι είναι το αρχείο
clerk-attachment-purpose-hint = Το αποτέλεσμα (το ίδιο το πιστοποιητικό) το κατεβάζει μόνο πολίτης Επιπέδου Β· ο πολίτης Επιπέδου Α το παραλαμβάνει αυτοπροσώπως στο γραφείο.
clerk-attachment-purpose-information = Ενημέρωση (έντυπα, διευκρινίσεις)
clerk-attachment-purpose-result = Αποτέλεσμα του αιτήματος
clerk-attachment-result-waits = Το έγγραφο σας περιμένει για παραλαβή αυτοπροσώπως στο γραφείο
clerk-attachment-result-bring-id = Φέρτε μαζί σας την αστυνομική ταυτότητα ή το διαβατήριό σας.
upload-error-unknown_purpose = Επιλέξτε αν το αρχείο είναι ενημέρωση ή αποτέλεσμα του αιτήματος.

# Αλλαγή συνθηματικού υπαλλήλου
clerk-staff-password-link = Αλλαγή συνθηματικού
clerk-staff-password-title = Αλλαγή συνθηματικού
clerk-staff-password-intro = Συμπληρώστε το τωρινό σας συνθηματικό, το νέο, και τον κωδικό μίας χρήσης της εφαρμογής ταυτοποίησης. Οι άλλες συνδέσεις σας τερματίζονται· αυτή παραμένει.
clerk-staff-password-submit = Αλλαγή συνθηματικού
clerk-staff-password-changed = Το συνθηματικό σας άλλαξε. Οι άλλες συνδέσεις σας τερματίστηκαν.

clerk-request-attachments-legend = Δικαιολογητικά
clerk-request-attachments-hint = Η υπηρεσία ζητά τα παρακάτω αρχεία μαζί με την αίτηση: PDF, JPEG ή PNG, έως 10 MiB το καθένα. Αν η φόρμα επιστρέψει με λάθος, επιλέξτε τα αρχεία ξανά.
clerk-request-attachment-label = Δικαιολογητικό
request-error-attachment-required = Επιλέξτε το αρχείο· η υπηρεσία το απαιτεί για την αίτηση.
request-error-attachment-unsupported_type = Το αρχείο δεν είναι PDF, JPEG ή PNG.
request-error-attachment-too_many = Μια αίτηση μπορεί να έχει έως 5 αρχεία.
