//! Dates and times as a citizen in Greece reads them: `dd/mm/yyyy HH:MM`, Athens time.

use dimos_domain::{Timestamp, athens_time};
use jiff::civil::Date;

/// A moment in Europe/Athens local time, `dd/mm/yyyy HH:MM`.
pub fn date_time(at: Timestamp) -> String {
    athens_time(at).map_or_else(String::new, |z| z.strftime("%d/%m/%Y %H:%M").to_string())
}

/// The Athens calendar day of a moment, `dd/mm/yyyy`.
pub fn day(at: Timestamp) -> String {
    athens_time(at).map_or_else(String::new, |z| z.strftime("%d/%m/%Y").to_string())
}

/// A stored `YYYY-MM-DD` date as `dd/mm/yyyy`; anything else as it is.
pub fn iso_date(iso: &str) -> String {
    iso.parse::<Date>()
        .map_or_else(|_| iso.to_owned(), |d| d.strftime("%d/%m/%Y").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_athens_summer_and_winter() {
        // 2025-07-01 09:30 UTC is 12:30 in Athens (EEST, +3).
        let at = Timestamp::from_millis;
        assert_eq!(date_time(at(1_751_362_200_000)), "01/07/2025 12:30");
        // 2025-01-15 22:15 UTC is already the 16th in Athens (EET, +2).
        assert_eq!(date_time(at(1_736_979_300_000)), "16/01/2025 00:15");
        assert_eq!(day(at(1_736_979_300_000)), "16/01/2025");
    }

    #[test]
    fn stored_dates_are_turned_around() {
        assert_eq!(iso_date("1985-04-12"), "12/04/1985");
        assert_eq!(iso_date("not a date"), "not a date");
    }
}
