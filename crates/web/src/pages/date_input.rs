//! A date a person types — a birth date, a document's expiry — as three labelled boxes, day,
//! month and year, in the Greek order (the GOV.UK date-input pattern). A browser's own date box
//! shows the order of the browser's locale (mm/dd/yyyy on many phones) whatever the page says,
//! and typing a Greek date into it silently made another one.
//!
//! A form sends `<field>_day`, `<field>_month`, `<field>_year`; [`DateParts::iso`] turns them
//! into the `YYYY-MM-DD` the use cases (and the API) take, and [`DateParts::refine`] names the
//! box that is wrong when the use case refuses the date. The page draws them with
//! `Input::new(lang, "<field>", "<label key>").date(&parts)` inside `partials/input.html`
//! (or `partials/date_input.html` with that `input` in scope).

use dimos_app::AppError;

/// The three boxes of a date, as typed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DateParts {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateParts {
    pub fn new(day: &str, month: &str, year: &str) -> DateParts {
        DateParts {
            day: day.trim().to_owned(),
            month: month.trim().to_owned(),
            year: year.trim().to_owned(),
        }
    }

    /// A stored `YYYY-MM-DD` date in the boxes (day and month without a leading zero, as people
    /// write them); empty boxes for anything else.
    pub fn from_iso(iso: &str) -> DateParts {
        let mut parts = iso.trim().splitn(3, '-');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(year), Some(month), Some(day))
                if year.len() == 4 && [year, month, day].iter().all(|p| digits(p)) =>
            {
                let short = |p: &str| p.trim_start_matches('0').to_owned();
                DateParts {
                    day: short(day),
                    month: short(month),
                    year: year.to_owned(),
                }
            }
            _ => DateParts::default(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.day.is_empty() && self.month.is_empty() && self.year.is_empty()
    }

    /// The date as the use cases take it: `YYYY-MM-DD` when each box holds a number of the
    /// right length (the use case then checks the calendar: 31/04 does not exist), empty when
    /// all are empty, and otherwise the boxes joined as typed, which no use case accepts.
    pub fn iso(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let short = |p: &str| digits(p) && p.len() <= 2;
        if short(&self.day) && short(&self.month) && digits(&self.year) && self.year.len() == 4 {
            return format!("{}-{:0>2}-{:0>2}", self.year, self.month, self.day);
        }
        format!("{}-{}-{}", self.year, self.month, self.day)
    }

    /// What is wrong with the boxes themselves, as an error code naming the box
    /// (`day_missing`, `month_invalid`, `year_invalid`, …); `None` when each holds a plausible
    /// number, or all are empty (then the use case says the date is required).
    pub fn problem(&self) -> Option<&'static str> {
        if self.is_empty() {
            return None;
        }
        let number = |p: &str| p.parse::<u32>().ok().filter(|_| digits(p));
        if self.day.is_empty() {
            Some("day_missing")
        } else if !number(&self.day).is_some_and(|d| (1..=31).contains(&d)) {
            Some("day_invalid")
        } else if self.month.is_empty() {
            Some("month_missing")
        } else if !number(&self.month).is_some_and(|m| (1..=12).contains(&m)) {
            Some("month_invalid")
        } else if self.year.is_empty() {
            Some("year_missing")
        } else if !(digits(&self.year) && self.year.len() == 4) {
            Some("year_invalid")
        } else {
            None
        }
    }

    /// The box that holds the problem, for `aria-invalid`: `day`, `month` or `year`; `None`
    /// when the date as a whole is wrong (no such day, in the future, …).
    pub fn problem_box(&self) -> Option<&'static str> {
        self.problem()
            .and_then(|code| code.split('_').next())
            .and_then(|b| ["day", "month", "year"].into_iter().find(|n| *n == b))
    }

    /// A use case's refusal with `field`'s problem told by box: a date refused because its
    /// month box said 13 says so, rather than «no such date».
    pub fn refine(&self, error: AppError, field: &str) -> AppError {
        match (error, self.problem()) {
            (AppError::Validation(mut fields), Some(code)) if fields.contains_key(field) => {
                fields.insert(field.to_owned(), vec![code.to_owned()]);
                AppError::Validation(fields)
            }
            (error, _) => error,
        }
    }
}

fn digits(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use dimos_app::FieldErrors;
    use dimos_domain::BirthDate;
    use jiff::civil::date;

    #[test]
    fn the_greek_order_makes_the_iso_date_the_domain_takes() {
        let parts = DateParts::new(" 2 ", "5", "1991");
        assert_eq!(parts.iso(), "1991-05-02");
        assert_eq!(parts.problem(), None);
        let today = date(2026, 12, 3);
        assert_eq!(
            BirthDate::parse(&parts.iso(), today).unwrap().date(),
            date(1991, 5, 2)
        );
        assert_eq!(DateParts::new("12", "04", "1985").iso(), "1985-04-12");
        assert_eq!(DateParts::default().iso(), "");
    }

    #[test]
    fn what_the_domain_would_take_for_another_date_is_refused_box_by_box() {
        // Typed as 02/05/91990 was, once: never a date.
        let typed = DateParts::new("02", "05", "91990");
        assert_eq!(typed.problem(), Some("year_invalid"));
        assert_eq!(typed.problem_box(), Some("year"));
        assert!(BirthDate::parse(&typed.iso(), date(2026, 12, 3)).is_err());
        let cases = [
            (("", "4", "1985"), "day_missing"),
            (("0", "4", "1985"), "day_invalid"),
            (("32", "4", "1985"), "day_invalid"),
            (("1a", "4", "1985"), "day_invalid"),
            (("12", "", "1985"), "month_missing"),
            (("12", "13", "1985"), "month_invalid"),
            (("12", "4", ""), "year_missing"),
            (("12", "4", "85"), "year_invalid"),
        ];
        for ((d, m, y), code) in cases {
            let parts = DateParts::new(d, m, y);
            assert_eq!(parts.problem(), Some(code), "{d}/{m}/{y}");
            assert!(
                BirthDate::parse(&parts.iso(), date(2026, 12, 3)).is_err(),
                "{d}/{m}/{y}: {}",
                parts.iso()
            );
        }
        // Plausible boxes, no such day: the use case says so.
        let april = DateParts::new("31", "4", "1985");
        assert_eq!(april.problem(), None);
        assert_eq!(april.problem_box(), None);
        assert!(BirthDate::parse(&april.iso(), date(2026, 12, 3)).is_err());
    }

    #[test]
    fn stored_dates_fill_the_boxes() {
        assert_eq!(
            DateParts::from_iso("1985-04-02"),
            DateParts::new("2", "4", "1985")
        );
        assert_eq!(DateParts::from_iso("not a date"), DateParts::default());
        assert_eq!(DateParts::from_iso("1985-04-02").iso(), "1985-04-02");
    }

    #[test]
    fn a_refusal_names_the_box() {
        let mut fields = FieldErrors::new();
        fields.insert("birth_date".into(), vec!["invalid_format".into()]);
        fields.insert("email".into(), vec!["required".into()]);
        let refined =
            DateParts::new("12", "13", "1985").refine(AppError::Validation(fields), "birth_date");
        let AppError::Validation(fields) = refined else {
            panic!("still a validation error")
        };
        assert_eq!(fields["birth_date"], ["month_invalid"]);
        assert_eq!(fields["email"], ["required"]);
    }
}
