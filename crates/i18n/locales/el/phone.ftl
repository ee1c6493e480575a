## The citizen's pages on a phone (issue 12, point 9)

nav-my-requests = Τα αιτήματά μου

services-apply = Υποβολή αίτησης
services-level-b-required = Απαιτείται Επίπεδο Β.
services-level-b-how = Πώς γίνεστε χρήστης Επιπέδου Β
request-new-unavailable-level-b = Δεν είναι διαθέσιμη για τον λογαριασμό σας: απαιτεί Επίπεδο Β, δηλαδή ταυτότητα πιστοποιημένη αυτοπροσώπως σε γραφείο του Δήμου.

request-cancel-confirm-title = Ακύρωση αιτήματος
request-cancel-confirm-question = Είστε βέβαιοι ότι θέλετε να ακυρώσετε αυτό το αίτημα;
request-cancel-confirm-text = Η ακύρωση δεν αναιρείται: η υπηρεσία σταματά την επεξεργασία και, αν χρειάζεστε ξανά το έγγραφο, θα υποβάλετε νέο αίτημα.
request-cancel-confirm-submit = Ναι, ακύρωση του αιτήματος
request-cancel-confirm-keep = Όχι, να μείνει το αίτημα
request-cancel-confirm-back = Επιστροφή στο αίτημα
request-cancel-confirm-too-late = Αυτό το αίτημα δεν μπορεί πλέον να ακυρωθεί: η υπηρεσία έχει ήδη προχωρήσει την επεξεργασία του ή έχει ολοκληρωθεί.

## A date in three boxes (partials/date_input.html)

date-input-day = Ημέρα
date-input-month = Μήνας
date-input-year = Έτος
field-error-day_missing = Γράψτε την ημέρα.
field-error-day_invalid = Η ημέρα είναι αριθμός από 1 έως 31.
field-error-month_missing = Γράψτε τον μήνα.
field-error-month_invalid = Ο μήνας είναι αριθμός από 1 έως 12.
field-error-year_missing = Γράψτε το έτος.
field-error-year_invalid = Γράψτε το έτος με τέσσερα ψηφία, π.χ. 1985.
