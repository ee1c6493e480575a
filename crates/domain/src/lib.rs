//! The domain of dimos: pure types and rules, no I/O.
//!
//! Values from outside become domain types only by parsing (`FromStr` / `parse`), so a value of
//! one of these types is valid by construction. Every parse error has a stable snake_case
//! [`ErrorCode`], which the web layer reports per field.

mod error_code;
mod text_value;

mod attachment_purpose;
mod audit;
mod audit_actions;
mod birth_date;
mod calendar;
mod cents;
mod country;
mod document;
mod email;
mod level;
mod password;
mod person_name;
mod phone_number;
mod postal_code;
mod protocol_number;
mod records;
mod request_status;
mod rf_reference;
mod social_security_number;
mod staff_role;
mod tax_number;
mod timestamp;
mod username;
mod verification_code;

pub use attachment_purpose::AttachmentPurpose;
pub use audit::{AuditActorKind, AuditOutcome, AuditRecord};
pub use audit_actions::{AUDIT_ACTIONS, is_audit_action};
pub use birth_date::{BirthDate, BirthDateError};
pub use calendar::{
    add_working_days, athens, athens_day_start, athens_time, is_past_deadline, is_public_holiday,
    is_working_day, orthodox_easter,
};
pub use cents::{Cents, CentsError, euro, euro_input};
pub use country::{Country, CountryError};
pub use document::{DocumentNumber, DocumentNumberError, DocumentType};
pub use email::{Email, EmailError};
pub use error_code::ErrorCode;
pub use level::{AssuranceLevel, Delivery, ParseCodeError};
pub use password::{Password, PasswordError};
pub use person_name::{PersonName, PersonNameError, fold_for_search};
pub use phone_number::{PhoneNumber, PhoneNumberError};
pub use postal_code::{PostalCode, PostalCodeError};
pub use protocol_number::{ProtocolNumber, ProtocolNumberError};
pub use records::{
    CheckedRecord, Column, DEBT_STATUSES, Departments, EXTERNAL_ID_MAX, FINE_STATUSES, FieldError,
    FieldProblem, MAX_RECORD_COLUMNS, RecordKind, RowHasher, Rule, check_field, check_record,
};
pub use request_status::{Actor, RequestStatus, TransitionError, transition};
pub use rf_reference::{RfReference, RfReferenceError};
pub use social_security_number::{SocialSecurityNumber, SocialSecurityNumberError};
pub use staff_role::StaffRole;
pub use tax_number::{TaxNumber, TaxNumberError};
pub use timestamp::Timestamp;
pub use username::{Username, UsernameError};
pub use verification_code::{VerificationCode, VerificationCodeError};
