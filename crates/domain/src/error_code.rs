/// An error that the web layer reports by a stable snake_case code (in a 422 `fields` map or as
/// the `error.code` of a response). The codes are part of the outside contract: never rename one.
pub trait ErrorCode {
    fn code(&self) -> &'static str;
}

/// Gives an error enum an inherent `code()` (so callers need no trait import) and the
/// [`ErrorCode`] impl (so the web layer can be generic over field errors).
macro_rules! error_codes {
    ($error:ty { $($variant:ident => $code:literal),+ $(,)? }) => {
        impl $error {
            /// Stable snake_case code of this error, for API clients and form messages.
            pub const fn code(&self) -> &'static str {
                match self {
                    $(Self::$variant { .. } => $code,)+
                }
            }
        }

        impl $crate::ErrorCode for $error {
            fn code(&self) -> &'static str {
                <$error>::code(self)
            }
        }
    };
}

pub(crate) use error_codes;
