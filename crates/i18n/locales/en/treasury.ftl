# Paying debts and fines: with the treasury's payment reference, or at its counter.
treasury-col-payment = Payment
treasury-pay-at-counter = At the Treasury cash desk
treasury-pay-heading = Paying at the Treasury
treasury-pay-text = Where no payment reference is shown, the Treasury has not issued one for paying at a bank. Pay in person at its cash desk, bringing your police ID card or passport and your tax number.
treasury-pay-no-office = The municipality's catalogue does not name a Treasury office yet.
treasury-offices-link = See the offices and their opening hours
