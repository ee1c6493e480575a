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
