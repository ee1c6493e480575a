## Layout

language-name = English
site-name = e-Services
skip-to-content = Skip to content
nav-account-label = Account
nav-language-label = Language
nav-main-label = Main menu
nav-footer-label = About this site
nav-login = Log in
nav-register = Register
nav-home = Home
nav-certification = Certification levels
nav-services = Services
nav-offices = Service offices
footer-about = The municipality's online services for its citizens: apply for certificates and see your records without queueing.

## Shared wording

level-a = Level A
level-b = Level B

## Home

home-title = Citizen e-Services
home-intro = Ask the municipality for certificates from home, follow your requests as they progress and — once your identity is certified — see your debts, fines and pending matters.
home-start-text = New here? Registering online takes a few minutes. Already have an account? Log in with your username and password.
home-levels-heading = Two levels of access
home-levels-text = What you can do depends on your account's certification level.
home-level-a-title = Level A — registered user
home-level-a-how = You register yourself, online.
home-level-a-can-submit = You submit requests for certificates.
home-level-a-can-pickup = You collect documents in person, showing your ID card or passport.
home-level-b-title = Level B — certified user
home-level-b-how = You certify your identity once, at a municipal office.
home-level-b-can-post = You receive documents by post, cash on delivery.
home-level-b-can-data = You see your debts, fines and pending matters.
home-levels-link = User certification levels: all about Level A and Level B
home-steps-heading = How it works
home-step-register = Register with your personal details and choose a username and password.
home-step-request = Submit a request for the document you need; you get a protocol number at once.
home-step-receive = Collect the document at the municipal office or, at Level B, have it posted to your address, cash on delivery.
home-more-heading = Useful information
home-services-link = Service catalogue
home-services-text = Which certificates you can ask for, which level each requires and how many days it takes.
home-offices-link = The municipality's service offices
home-offices-text = Addresses, phone numbers and opening hours, and which offices certify identity.

## Certification levels

cert-title = User certification levels
cert-intro = So that you are served quickly and without needless visits, the municipality offers two levels of access to its online services. Every citizen can obtain both: Level A by simply registering online, and Level B with a short visit to a municipal office.
cert-contents-label = On this page
cert-how-heading = How you get it
cert-can-heading = What you can do
cert-a-heading = Level A: registered user
cert-a-how = You register yourself, online: you fill in your personal details and choose a username and a password. You do not need to visit any office.
cert-a-login = From then on you log in with the username and password you chose.
cert-a-can-submit = Submit requests for certificates, attestations and other municipal documents offered at Level A.
cert-a-can-track = Follow the progress of your requests.
cert-a-pickup = You collect the issued documents yourself, in person, at the competent municipal office, showing your police ID card or passport.
cert-b-heading = Level B: certified user
cert-b-how = You visit, once and in person, a municipal office that certifies identity, and show your police ID card or passport. A member of staff checks the document and upgrades your account.
cert-b-login = You keep logging in with the same username and password.
cert-b-can-submit = Submit requests, as at Level A, including the services that require Level B.
cert-b-can-post = Receive certificates and documents by post, at the address you gave us. They are sent cash on delivery: you pay the postage when they are delivered.
cert-b-can-data = See the personal records the municipality holds about you: debts, fines and summonses, pending matters.
cert-b-pickup = If you prefer, you can still collect documents in person.
cert-compare-heading = The two levels at a glance
cert-compare-caption = What applies at each certification level
cert-compare-what = Topic
cert-row-how = How you get it
cert-row-login = Logging in
cert-row-requests = Submitting requests
cert-row-pickup = Collection in person
cert-row-post = Delivery by post, cash on delivery
cert-row-data = Debts, fines, pending matters
cert-cell-how-a = Online registration, by yourself
cert-cell-how-b = A visit to a municipal office with your police ID card or passport
cert-cell-login = Username and password
cert-cell-requests-a = Yes, for Level A services
cert-cell-requests-b = Yes, for all services
cert-cell-pickup = Yes, showing your ID card or passport
cert-cell-post-b = Yes, to the address you gave us
cert-cell-data-b = Yes, you see them online
cert-cell-no = No
cert-upgrade-heading = From Level A to Level B
cert-upgrade-intro = Any Level A user can become a Level B user whenever they wish. Certification is short and is done once.
cert-upgrade-step-register = Register online, if you have not already.
cert-upgrade-step-visit = Visit one of the offices that certify identity, during its opening hours.
cert-upgrade-step-show = Show your police ID card or passport and give your username. Once the member of staff has checked your details, your account becomes Level B.
cert-bring-heading = What to bring
cert-bring-id = A valid police ID card or passport.
cert-bring-username = Your account's username.
cert-offices-heading = Where certification is done
cert-offices-none = No office certifies identity at the moment. Please contact the municipality.
cert-offices-all = All the municipality's service offices
cert-register-heading = Start by registering
cert-register-text = After registering you will receive a confirmation e-mail. Once you have confirmed your address, you can submit requests.

## Service catalogue

services-title = Service catalogue
services-intro = The certificates and attestations you can request online, by competent municipal department. To submit a request, log in to your account.
services-levels-note = Each service states the minimum certification level it requires.
services-levels-link = What Level A and Level B mean
services-post-note = Delivery by post is available to Level B users only, cash on delivery: the recipient pays the postage, which is not part of the service's fee.
services-empty = No services are available at the moment.
services-served-at = Served in person at:
services-other = Other services
services-department = Department
services-min-level = Minimum level
services-level-a = Level A — online registration is enough
services-level-b = Level B — certification required
services-delivery = Delivery
services-fee = Fee
services-fee-free = Free
services-processing = Processing time
services-processing-same-day = Same day
services-processing-one-day = Up to 1 working day
services-processing-up-to = Up to
services-processing-working-days = working days
delivery-pickup = Collection in person, showing your ID card or passport
delivery-post = By post, cash on delivery
delivery-post-level-b-only = By post, cash on delivery — Level B users only

## Offices

offices-title = Service offices
offices-intro = Where and when you are served in person: to collect your documents, or to certify your identity and become a Level B user.
offices-certification-link = What you need for identity certification
offices-empty = No offices are listed at the moment.
office-address = Address
office-phone = Phone
office-email = E-mail
office-departments = Departments served
office-certifies = Certifies identity (Level B)
office-no-certification = Identity is not certified at this office.
office-hours = Opening hours
office-hours-days = Days
office-hours-times = Hours
office-closed = Closed
office-no-hours = Opening hours have not been published yet.
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday

## Errors

error-not-found-title = Page not found
error-not-found-text = The page you asked for does not exist or has moved. If you typed the address, check that it is correct.
error-too-large-title = The request is too large
error-too-large-text = What you sent is larger than allowed. If you attached a file, try a smaller one.
error-timeout-title = The answer took too long
error-timeout-text = The request took too long. Please try again shortly.
error-internal-title = Something went wrong
error-internal-text = An error occurred on our side. Please try again shortly.
error-help = You can carry on from here:
error-back-home = Back to the home page
error-services = The service catalogue
error-offices = The municipality's service offices
error-code = Error code

## Login and forms
nav-account = My account
nav-logout = Log out
login-title = Log in to the e-services
login-submit = Log in
login-forgot = Forgot your password?
login-no-account = No account yet?
field-username = Username
field-password = Password
form-error-invalid-credentials = The username or password is not correct.
form-error-too-many-attempts = There were too many failed attempts. For your security, please try again later
unit-minutes = minutes
field-error-invalid = This value is not valid.
error-forbidden-title = This action is not allowed
error-forbidden-text = The form expired or was sent from another site. Open the page again and retry.
error-bad-request-title = Bad request
error-bad-request-text = The form's data was incomplete. Open the page again and retry.

## Staff
nav-staff = Staff
nav-staff-home = Staff home
nav-staff-citizens = Citizen certification
nav-staff-requests = Requests
nav-staff-admin = Administration
nav-staff-audit = Audit log
staff-login-title = Staff login
staff-login-intro = For the municipality's staff. You need your password and the six-digit code of your authenticator app.
staff-login-totp-required = Enter the six-digit code of your authenticator app.
field-totp = One-time code
field-totp-hint = The six-digit code your authenticator app shows right now.
staff-dashboard-title = My work
staff-dashboard-citizens = Find a citizen and certify their identity at the counter (Level B).
staff-dashboard-requests = The request queue of your departments.
staff-dashboard-admin = Departments, offices, catalogue, staff and the municipality's settings.
staff-dashboard-audit = Search the audit log.
staff-role-admin = Administrator
staff-role-clerk = Department clerk
staff-role-verifier = Identity verifier
