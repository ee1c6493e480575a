## Security: throttles and refusals

error-too-many-title = Πάρα πολλές προσπάθειες
error-too-many-text = Έγιναν πάρα πολλές προσπάθειες από αυτή τη σύνδεση σε λίγο χρόνο. Περιμένετε λίγα λεπτά και δοκιμάστε ξανά.
activity-action-citizen-password_check = Λάθος τρέχον συνθηματικό σε αλλαγή στοιχείων
api-keys-field-kinds = Τι μπορεί να στέλνει το κλειδί
api-keys-kind-debts = Οφειλές
api-keys-kind-fines = Κλήσεις
api-keys-kind-pending = Εκκρεμότητες
api-keys-col-kinds = Επιτρέπεται
api-keys-field-kinds-hint = Ένα κλειδί που στέλνει μόνο οφειλές δεν μπορεί να γράψει κλήσεις. Αν δεν επιλέξετε κανένα είδος, το κλειδί μπορεί να στέλνει και τα τρία.
