//! Columns decoded into the domain's types, once, when a row is read; and SQL lists written
//! from the domain's codes, so no statement restates a rule of the domain.

use dimos_domain::{
    AssuranceLevel, AttachmentPurpose, Cents, Delivery, DocumentType, RequestStatus, StaffRole,
    Timestamp,
};
use sqlx::any::AnyRow;
use sqlx::error::BoxDynError;
use sqlx::{Any, Row};

/// A domain type stored in one column: read as the column's type, then checked. A stored
/// value that is not a valid one is a corrupt row, answered as the column's decode error
/// (a [`crate::DbError`]), never a panic.
pub(crate) trait Column: Sized {
    type Raw: for<'r> sqlx::Decode<'r, Any> + sqlx::Type<Any>;
    fn convert(raw: Self::Raw) -> Result<Self, BoxDynError>;
}

/// Reads `column` of `row` as a `T` (an `Option<T>` for a nullable column).
pub(crate) fn decode<T: Column>(row: &AnyRow, column: &str) -> Result<T, sqlx::Error> {
    let raw: T::Raw = row.try_get(column)?;
    T::convert(raw).map_err(|source| sqlx::Error::ColumnDecode {
        index: format!("{column:?}"),
        source,
    })
}

impl<T: Column> Column for Option<T> {
    type Raw = Option<T::Raw>;
    fn convert(raw: Self::Raw) -> Result<Self, BoxDynError> {
        raw.map(T::convert).transpose()
    }
}

/// Times are `BIGINT` Unix milliseconds; every value is a moment.
impl Column for Timestamp {
    type Raw = i64;
    fn convert(raw: i64) -> Result<Self, BoxDynError> {
        Ok(Timestamp::from_millis(raw))
    }
}

/// Money is `BIGINT` euro cents, never negative.
impl Column for Cents {
    type Raw = i64;
    fn convert(raw: i64) -> Result<Self, BoxDynError> {
        Ok(Cents::new(raw)?)
    }
}

/// Codes are `TEXT`, parsed by the domain type.
macro_rules! code_columns {
    ($($ty:ty),* $(,)?) => {$(
        impl Column for $ty {
            type Raw = String;
            fn convert(raw: String) -> Result<Self, BoxDynError> {
                Ok(raw.parse::<$ty>()?)
            }
        }
    )*};
}

code_columns!(
    RequestStatus,
    Delivery,
    AssuranceLevel,
    DocumentType,
    AttachmentPurpose,
    StaffRole,
);

/// Codes of the store's own enums (their `ALL` and `as_str`).
macro_rules! listed_columns {
    ($($ty:ty => $kind:literal),* $(,)?) => {$(
        impl Column for $ty {
            type Raw = String;
            fn convert(raw: String) -> Result<Self, BoxDynError> {
                <$ty>::ALL
                    .into_iter()
                    .find(|value| value.as_str() == raw)
                    .ok_or_else(|| format!("unknown {} `{raw}`", $kind).into())
            }
        }
    )*};
}

listed_columns!(
    crate::sessions::PrincipalKind => "principal kind",
    crate::sessions::Channel => "channel",
);

/// An SQL list of codes, `('a', 'b')`, to write into a statement. The codes are the domain's
/// own constants (`as_str`), never user input.
pub(crate) fn sql_list(codes: impl IntoIterator<Item = &'static str>) -> String {
    let quoted: Vec<String> = codes
        .into_iter()
        .map(|code| {
            assert!(
                code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
                "a code written into SQL is a plain word: {code:?}"
            );
            format!("'{code}'")
        })
        .collect();
    format!("({})", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_quote_each_code() {
        assert_eq!(sql_list(["a", "b_c"]), "('a', 'b_c')");
    }

    #[test]
    fn bad_values_are_refused_not_panicked_on() {
        assert!(RequestStatus::convert("shipped".to_owned()).is_err());
        assert!(Cents::convert(-1).is_err());
        assert!(AssuranceLevel::convert("C".to_owned()).is_err());
        assert_eq!(
            Option::<Delivery>::convert(Some("post".to_owned())).unwrap(),
            Some(Delivery::Post)
        );
        assert_eq!(Option::<Timestamp>::convert(None).unwrap(), None);
        assert_eq!(Timestamp::convert(5).unwrap(), Timestamp::from_millis(5));
    }
}
