//! The schemas of the API's typed text: the enums and patterns are the domain's own (its `ALL`
//! lists, its `PATTERN`s, its length limits), and the app's limits, so the document cannot drift
//! from what the server accepts. Fields name them with `#[schema(value_type = …)]` (bodies) or
//! `#[param(value_type = …)]` (queries); each is a named component of the document.

use dimos_app::citizens::ADDRESS_LINE_MAX;
use dimos_app::import::MAX_BATCH_RECORDS;
use dimos_app::requests::{NOTES_MAX, QUEUE_LIMIT_MAX, REASON_MAX, TRACKING_NUMBER_MAX};
use dimos_app::verification::{AUTHORITY_MAX, REVOCATION_REASON_MAX};
use dimos_domain::{
    AssuranceLevel, AttachmentPurpose, Country, DEBT_STATUSES, Delivery, DocumentType,
    EXTERNAL_ID_MAX, Email, FINE_STATUSES, Password, PersonName, PhoneNumber, PostalCode,
    ProtocolNumber, RecordKind, RequestStatus, Rule, SocialSecurityNumber, StaffRole, TaxNumber,
    Username,
};
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, Schema,
    SchemaFormat, Type,
};
use utoipa::openapi::{Ref, RefOr};

/// A string schema with `description`.
fn text(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
}

/// One of `values`.
fn one_of<'a>(description: &str, values: impl IntoIterator<Item = &'a str>) -> ObjectBuilder {
    text(description).enum_values(Some(values))
}

/// Free text of 1 to `max` characters (surrounding spaces are not counted by the server).
fn bounded(description: &str, max: usize) -> ObjectBuilder {
    text(description).min_length(Some(1)).max_length(Some(max))
}

/// Declares a schema of the document named after the marker type, built by `$schema` (anything
/// that makes a [`Schema`]).
macro_rules! schemas {
    ($($(#[$doc:meta])* $name:ident => $schema:expr;)*) => {
        $(
            $(#[$doc])*
            pub struct $name;

            impl utoipa::PartialSchema for $name {
                fn schema() -> RefOr<Schema> {
                    Schema::from($schema).into()
                }
            }

            impl utoipa::ToSchema for $name {}
        )*

        /// Every schema of this module, for the document's components.
        pub fn all() -> Vec<(String, RefOr<Schema>)> {
            use utoipa::{PartialSchema, ToSchema};
            vec![$(($name::name().into_owned(), $name::schema())),*]
        }
    };
}

/// Characters [`Rule::Line`] refuses: control characters.
const LINE: &str = "^[^\\x00-\\x1f\\x7f-\\x9f]*$";
/// Characters [`Rule::Text`] refuses: control characters but tab and line breaks.
const TEXT: &str = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$";

/// The schema of a record of `kind` sent to `POST /records/{kind}`, from its columns' rules (the
/// checks of the import), and whether the column must be given.
fn record(kind: RecordKind, description: &str) -> ObjectBuilder {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(description))
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    for column in kind.columns() {
        let (schema, required): (RefOr<Schema>, bool) = match column.rule {
            Rule::ExternalId => (
                bounded("The source system's key", EXTERNAL_ID_MAX)
                    .pattern(Some(LINE))
                    .into(),
                true,
            ),
            Rule::TaxNumber => (Ref::from_schema_name("TaxNumberText").into(), true),
            Rule::Line { required, max } => (
                text("One line of text")
                    .min_length(Some(usize::from(required)))
                    .max_length(Some(max))
                    .pattern(Some(LINE))
                    .into(),
                required,
            ),
            Rule::Text { required, max } => (
                text("Text; line breaks allowed")
                    .min_length(Some(usize::from(required)))
                    .max_length(Some(max))
                    .pattern(Some(TEXT))
                    .into(),
                required,
            ),
            Rule::Amount => (
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .description(Some("Euro cents"))
                    .minimum(Some(0))
                    .into(),
                true,
            ),
            Rule::Date => (Ref::from_schema_name("Day").into(), true),
            Rule::Status(codes) => (
                Schema::from(one_of("The record's state", codes.iter().copied())).into(),
                true,
            ),
            Rule::Department => (
                Schema::from(text("A department's code, e.g. `registry`").min_length(Some(1)))
                    .into(),
                true,
            ),
            Rule::RfReference => (
                text("The treasury's ISO 11649 payment reference, when it issued one: `RF`, two check digits and 1–21 letters or digits, mod 97 = 1 (spaces and lower case are accepted and normalised, e.g. `RF18 5390 0754 7034`). Absent or `null`: none")
                    .into(),
                false,
            ),
        };
        object = object.property(column.name, schema);
        if required {
            object = object.required(column.name);
        }
    }
    object
}

schemas! {
    /// A request's state (`RequestStatus::ALL`).
    RequestStatusCode => one_of(
        "A request's state",
        RequestStatus::ALL.iter().map(|s| s.as_str()),
    );
    /// How a document reaches the citizen (`Delivery::ALL`).
    DeliveryMode => one_of(
        "`pickup` at the office, or `post` (cash on delivery; Level B only)",
        Delivery::ALL.iter().map(|d| d.as_str()),
    );
    /// An identity document's type (`DocumentType::ALL`).
    DocumentTypeCode => one_of(
        "`id_card` or `passport` (Greek), or `foreign_passport`",
        DocumentType::ALL.iter().map(|t| t.as_str()),
    );
    /// An assurance level.
    Level => one_of(
        "`A` (registered online) or `B` (identity certified in person)",
        [AssuranceLevel::A, AssuranceLevel::B].iter().map(|l| l.as_str()),
    );
    /// A kind of back-office records (`RecordKind::ALL`).
    RecordKindCode => one_of(
        "A kind of back-office records",
        RecordKind::ALL.iter().map(|k| k.as_str()),
    );
    /// Why a file is attached (`AttachmentPurpose::ALL`).
    AttachmentPurposeCode => one_of(
        "`information` (any owner may download it) or `result` (the document itself: a Level B owner only)",
        AttachmentPurpose::ALL.iter().map(|p| p.as_str()),
    );
    /// A role of staff (`StaffRole::ALL`).
    StaffRoleCode => one_of("A role of staff", StaffRole::ALL.iter().map(|r| r.as_str()));
    /// A country by its ISO 3166-1 alpha-2 code (the domain's list).
    CountryCode => {
        let codes: Vec<&str> = Country::all().map(Country::code).collect();
        one_of("ISO 3166-1 alpha-2 code of a country", codes)
    };
    /// A Greek tax number (ΑΦΜ).
    TaxNumberText => text("ΑΦΜ: 9 digits, the last a check digit")
        .pattern(Some(TaxNumber::PATTERN));
    /// A Greek social security number (ΑΜΚΑ).
    SocialSecurityNumberText => text("ΑΜΚΑ: 11 digits, the first six the birth date (DDMMYY), the last a check digit")
        .pattern(Some(SocialSecurityNumber::PATTERN));
    /// A phone number.
    PhoneNumberText => text("E.164 (`+306912345678`), or a Greek number of 10 digits (+30 assumed); spaces and hyphens ignored")
        .pattern(Some(PhoneNumber::PATTERN));
    /// A debt's state (`DEBT_STATUSES`).
    DebtStatus => one_of("A debt's state", DEBT_STATUSES.iter().copied());
    /// A fine's state (`FINE_STATUSES`).
    FineStatus => one_of("A fine's state", FINE_STATUSES.iter().copied());
    /// A debt as sent to `POST /records/debts`.
    DebtRecord => record(RecordKind::Debts, "A debt (amounts in euro cents)");
    /// A fine as sent to `POST /records/fines`.
    FineRecord => record(RecordKind::Fines, "A fine or summons (amounts in euro cents)");
    /// A pending matter as sent to `POST /records/pending`.
    PendingRecord => record(RecordKind::Pending, "A pending matter");
    /// A batch of records of the kind in the path.
    RecordBatch => ArrayBuilder::new()
        .items(
            OneOfBuilder::new()
                .item(Ref::from_schema_name("DebtRecord"))
                .item(Ref::from_schema_name("FineRecord"))
                .item(Ref::from_schema_name("PendingRecord")),
        )
        .min_items(Some(1))
        .max_items(Some(MAX_BATCH_RECORDS))
        .description(Some("Records of the kind in the path, with the columns of the import files as fields"));
    /// A page size of the queue.
    QueueLimit => ObjectBuilder::new()
        .schema_type(Type::Integer)
        .description(Some("At most this many items (default 50)"))
        .minimum(Some(1))
        .maximum(Some(QUEUE_LIMIT_MAX));
    /// A Greek postal code.
    PostalCodeText => text("5 digits, the first 1–8; `105 57` or `10557`")
        .pattern(Some(PostalCode::PATTERN));
    /// A request's protocol number.
    ProtocolNumberText => text("`YYYY/NNNNNN`, gap-free per year")
        .pattern(Some(ProtocolNumber::PATTERN));
    /// A citizen's username (any case; stored in lower case).
    UsernameText => text("3–32 of `a-z 0-9 . _ -` (case-insensitive), starting and ending with a letter or digit")
        .min_length(Some(Username::MIN_CHARS))
        .max_length(Some(Username::MAX_CHARS))
        .pattern(Some(Username::PATTERN));
    /// A new password.
    NewPassword => text("Not a common password, not containing your names, e-mail or tax number")
        .min_length(Some(Password::MIN_CHARS))
        .max_length(Some(Password::MAX_CHARS));
    /// A name of a person.
    PersonNameText => text("Letters, spaces, hyphens and apostrophes; starting and ending with a letter")
        .min_length(Some(1))
        .max_length(Some(PersonName::MAX_CHARS));
    /// An e-mail address.
    EmailAddress => text("An e-mail address")
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
        .max_length(Some(Email::MAX_LEN));
    /// A calendar day.
    Day => text("`YYYY-MM-DD`")
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)));
    /// A one-time code of an authenticator app.
    OneTimeCode => text("The 6-digit code of the authenticator app").pattern(Some("^[0-9]{6}$"));
    /// A street or a city.
    AddressLine => bounded("Street or city", ADDRESS_LINE_MAX);
    /// The notes of a submission, or an answer to the department.
    Notes => text("Free text").max_length(Some(NOTES_MAX));
    /// The citizen's answer to the department's question.
    Answer => bounded("The answer", NOTES_MAX);
    /// A clerk's reason with a transition.
    TransitionReason => text("Required for `rejected` and `needs_info`").max_length(Some(REASON_MAX));
    /// A tracking number of the post.
    TrackingNumber => text("Letters, digits and `-`; required for `dispatched`")
        .pattern(Some(format!("^[A-Za-z0-9-]{{1,{TRACKING_NUMBER_MAX}}}$")));
    /// The authority that issued a document.
    IssuingAuthority => bounded("The authority that issued the document", AUTHORITY_MAX);
    /// Why a certification is revoked.
    RevocationReason => bounded("Why the certification is revoked", REVOCATION_REASON_MAX);
    /// Why a clerk looks at a citizen's records.
    RecordsReason => bounded(
        "Why the records are looked at (shown to the citizen)",
        dimos_app::records::REASON_MAX,
    );
}

#[cfg(test)]
mod tests {
    use dimos_domain::{
        PhoneNumber, PostalCode, ProtocolNumber, SocialSecurityNumber, TaxNumber, Username,
    };

    /// A pattern of the document accepts every value the domain accepts as people write it
    /// (so a client that follows the document is not misled), and refuses what the domain
    /// refuses for its form.
    #[test]
    fn the_patterns_agree_with_the_domain() {
        type Parses = fn(&str) -> bool;
        let cases: [(&str, Parses, &[&str], &[&str]); 6] = [
            (
                TaxNumber::PATTERN,
                |s| TaxNumber::parse(s).is_ok(),
                &["090000045", "123456783", "094014201"],
                &["09000004", "0900000451", "09000004a"],
            ),
            (
                PostalCode::PATTERN,
                |s| PostalCode::parse(s).is_ok(),
                &["10557", "105 57", "85100"],
                &["1055", "05557", "1055 7", "105-57"],
            ),
            (
                ProtocolNumber::PATTERN,
                |s| ProtocolNumber::parse(s).is_ok(),
                &["2026/000001", "2026/999999"],
                &["2026/1", "26/000001", "2026-000001"],
            ),
            (
                Username::PATTERN,
                |s| Username::parse(s).is_ok(),
                &["maria.p", "Maria_P-2", "abc"],
                &[".maria", "maria.", "mar ia", "μαρία"],
            ),
            (
                SocialSecurityNumber::PATTERN,
                |s| SocialSecurityNumber::parse(s).is_ok(),
                &["15038501233", "01019000122"],
                &["1204851234", "1204851234x"],
            ),
            (
                PhoneNumber::PATTERN,
                |s| PhoneNumber::parse(s).is_ok(),
                &[
                    "6912345678",
                    "+306912345678",
                    "0030 691 234 5678",
                    "+49 30 1234567",
                ],
                &["phone", "+", "69x12345678"],
            ),
        ];
        for (pattern, parses, valid, invalid) in cases {
            let regex = regex::Regex::new(pattern).unwrap();
            for value in valid {
                assert!(parses(value), "the domain refuses {value}");
                assert!(regex.is_match(value), "{pattern} refuses {value}");
            }
            for value in invalid {
                assert!(!parses(value), "the domain accepts {value}");
                assert!(!regex.is_match(value), "{pattern} accepts {value}");
            }
        }
    }
}
