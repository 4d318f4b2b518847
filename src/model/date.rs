//! Dates known to the year, the month or the day, as data files and thesis files write them.

use std::fmt;

/// A date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let parts: Vec<&str> = text.split('-').collect();
        let number = |part: &str, digits: usize| {
            (part.len() == digits && part.bytes().all(|byte| byte.is_ascii_digit()))
                .then(|| part.parse::<u16>().ok())
                .flatten()
        };
        let year = number(parts.first()?, 4)?;
        let month = match parts.get(1) {
            Some(part) => Some(u8::try_from(number(part, 2)?).ok()?),
            None => None,
        };
        let day = match parts.get(2) {
            Some(part) => Some(u8::try_from(number(part, 2)?).ok()?),
            None => None,
        };
        let valid = parts.len() <= 3
            && month.is_none_or(|month| (1..=12).contains(&month))
            && day.is_none_or(|day| day >= 1 && day <= days_in_month(year, month.unwrap_or(1)));
        valid.then_some(PartialDate { year, month, day })
    }

    /// Parses a full date, `YYYY-MM-DD`.
    pub fn parse_day(text: &str) -> Option<PartialDate> {
        PartialDate::parse(text).filter(|date| date.day.is_some())
    }

    /// The first day of the period the date names, as (year, month, day).
    fn first_day(self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Whether the whole period lies after `other`: `2015-07` is after 2015-06-30, `2015` is not.
    pub fn is_after(self, other: PartialDate) -> bool {
        self.first_day() > other.first_day()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::PartialDate;

    #[test]
    fn a_partial_date_is_after_another_only_when_its_whole_period_is() {
        let as_of = PartialDate::parse("2015-06-30").unwrap();
        let after = |text: &str| PartialDate::parse(text).unwrap().is_after(as_of);
        assert!(after("2015-07"));
        assert!(after("2016"));
        assert!(!after("2015"));
        assert!(!after("2015-06"));
        assert!(!after("2015-06-30"));
        for bad in [
            "15",
            "2015-6",
            "2015-13",
            "2015-06-32",
            "2015-02-29",
            "1900-02-29",
            "2015-04-31",
            "2015-06-30-1",
            "soon",
        ] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_leap_day_is_a_date_only_in_a_leap_year() {
        assert!(PartialDate::parse_day("2016-02-29").is_some());
        assert!(PartialDate::parse_day("2000-02-29").is_some());
        assert!(PartialDate::parse_day("2015-06").is_none());
    }
}
