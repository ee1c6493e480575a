//! The municipality's calendar: dates are Athens dates.

use jiff::civil::Date;
use jiff::tz::TimeZone;

/// Today in Europe/Athens.
pub fn today() -> Date {
    let tz = TimeZone::get("Europe/Athens").unwrap_or(TimeZone::UTC);
    jiff::Timestamp::now().to_zoned_datetime(tz).date()
}
