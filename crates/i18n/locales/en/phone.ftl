## The citizen's pages on a phone (issue 12, point 9)

nav-my-requests = My requests

services-apply = Apply
services-level-b-required = Level B required.
services-level-b-how = How to become a Level B user
request-new-unavailable-level-b = Not available to your account: it needs Level B, an identity certified in person at a municipal office.

request-cancel-confirm-title = Cancel request
request-cancel-confirm-question = Are you sure you want to cancel this request?
request-cancel-confirm-text = Cancelling cannot be undone: the department stops working on it and, should you need the document again, you will submit a new request.
request-cancel-confirm-submit = Yes, cancel the request
request-cancel-confirm-keep = No, keep the request
request-cancel-confirm-back = Back to the request
request-cancel-confirm-too-late = This request can no longer be cancelled: the department has already moved it on, or it is finished.

## A date in three boxes (partials/date_input.html)

date-input-day = Day
date-input-month = Month
date-input-year = Year
field-error-day_missing = Enter the day.
field-error-day_invalid = The day is a number from 1 to 31.
field-error-month_missing = Enter the month.
field-error-month_invalid = The month is a number from 1 to 12.
field-error-year_missing = Enter the year.
field-error-year_invalid = Enter the year with four digits, for example 1985.
