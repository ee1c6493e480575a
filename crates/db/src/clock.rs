use dimos_domain::Timestamp;
use std::time::{SystemTime, UNIX_EPOCH};

/// Now as unix milliseconds, the way every time is stored.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Now, as the store keeps times.
pub fn now() -> Timestamp {
    Timestamp::from_millis(now_ms())
}
