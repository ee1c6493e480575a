use std::fmt;

/// A moment in time as Unix milliseconds (UTC), the way every time is stored (`BIGINT`
/// columns). Any `i64` is a valid moment, so a stored time always decodes; the type says what
/// the number means, so a time cannot be mixed up with an amount or a count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The Unix epoch, 1970-01-01T00:00:00Z.
    pub const EPOCH: Timestamp = Timestamp(0);

    pub const fn from_millis(ms: i64) -> Self {
        Self(ms)
    }

    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// This moment plus `ms` milliseconds (saturating).
    pub const fn plus_millis(self, ms: i64) -> Self {
        Self(self.0.saturating_add(ms))
    }

    /// This moment minus `ms` milliseconds (saturating).
    pub const fn minus_millis(self, ms: i64) -> Self {
        Self(self.0.saturating_sub(ms))
    }

    /// The milliseconds from `earlier` to this moment (negative when `earlier` is later),
    /// saturating.
    pub const fn millis_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl From<Timestamp> for i64 {
    fn from(t: Timestamp) -> i64 {
        t.0
    }
}

/// The milliseconds, as stored.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The plain integer of milliseconds, as the API has always answered.
impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i64::deserialize(deserializer).map(Timestamp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milliseconds_round_trip_and_order() {
        let t = Timestamp::from_millis(1_764_000_000_000);
        assert_eq!(t.as_millis(), 1_764_000_000_000);
        assert_eq!(i64::from(t), 1_764_000_000_000);
        assert!(Timestamp::EPOCH < t);
        assert_eq!(t.plus_millis(1).as_millis(), 1_764_000_000_001);
        assert_eq!(
            Timestamp::from_millis(i64::MAX).plus_millis(1).as_millis(),
            i64::MAX
        );
        assert_eq!(t.to_string(), "1764000000000");
        assert_eq!(t.minus_millis(1).as_millis(), 1_763_999_999_999);
        assert_eq!(t.plus_millis(1500).millis_since(t), 1500);
        assert_eq!(t.millis_since(t.plus_millis(1500)), -1500);
        assert_eq!(
            Timestamp::from_millis(i64::MIN).minus_millis(1).as_millis(),
            i64::MIN
        );
    }

    #[test]
    fn serde_is_the_plain_integer() {
        let t = Timestamp::from_millis(42);
        assert_eq!(serde_json::to_string(&t).unwrap(), "42");
        assert_eq!(serde_json::from_str::<Timestamp>("42").unwrap(), t);
    }
}
