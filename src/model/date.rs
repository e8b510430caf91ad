//! Dates with an honest precision: an event known only to the year is stored as a year, not as
//! the 1st of January. Written in the case file as an ISO 8601 prefix in UTC: `2023`, `2023-12`,
//! `2023-12-25`, `2023-12-25T14:30Z`.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use std::fmt;
use std::str::FromStr;

/// How much of a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatePrecision {
    Year,
    Month,
    Day,
    Minute,
}

impl DatePrecision {
    pub const ALL: &'static [DatePrecision] = &[
        DatePrecision::Year,
        DatePrecision::Month,
        DatePrecision::Day,
        DatePrecision::Minute,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DatePrecision::Year => "year",
            DatePrecision::Month => "month",
            DatePrecision::Day => "day",
            DatePrecision::Minute => "minute",
        }
    }
}

/// A point in time known to some precision, in UTC. Fields finer than the precision are zero
/// (month and day are 1), so two equal dates are equal field by field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartialDate {
    start: NaiveDateTime,
    precision: DatePrecision,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{text}` is not a date: {reason} (write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MMZ, in UTC)"
)]
pub struct DateError {
    pub text: String,
    pub reason: &'static str,
}

impl PartialDate {
    /// The earliest year accepted.
    pub const MIN_YEAR: i32 = 1000;
    /// The latest year accepted.
    pub const MAX_YEAR: i32 = 9999;

    pub fn year(year: i32) -> Option<Self> {
        Self::new(year, 1, 1, 0, 0, DatePrecision::Year)
    }

    pub fn month(year: i32, month: u32) -> Option<Self> {
        Self::new(year, month, 1, 0, 0, DatePrecision::Month)
    }

    pub fn day(year: i32, month: u32, day: u32) -> Option<Self> {
        Self::new(year, month, day, 0, 0, DatePrecision::Day)
    }

    pub fn minute(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> Option<Self> {
        Self::new(year, month, day, hour, minute, DatePrecision::Minute)
    }

    fn new(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        precision: DatePrecision,
    ) -> Option<Self> {
        if !(Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year) {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(year, month, day)?;
        let time = NaiveTime::from_hms_opt(hour, minute, 0)?;
        Some(PartialDate {
            start: NaiveDateTime::new(date, time),
            precision,
        })
    }

    /// The same instant known to a coarser or finer precision (finer fields become zero).
    pub fn with_precision(self, precision: DatePrecision) -> Self {
        let s = self.start;
        let (month, day, hour, minute) = match precision {
            DatePrecision::Year => (1, 1, 0, 0),
            DatePrecision::Month => (s.month(), 1, 0, 0),
            DatePrecision::Day => (s.month(), s.day(), 0, 0),
            DatePrecision::Minute => (s.month(), s.day(), s.hour(), s.minute()),
        };
        Self::new(s.year(), month, day, hour, minute, precision).unwrap_or(self)
    }

    pub fn precision(self) -> DatePrecision {
        self.precision
    }

    /// The first instant the date can mean.
    pub fn start(self) -> chrono::DateTime<Utc> {
        Utc.from_utc_datetime(&self.start)
    }

    /// The instant just after the last one the date can mean: a date known to the month covers
    /// the whole month.
    pub fn end_exclusive(self) -> chrono::DateTime<Utc> {
        let s = self.start;
        let next = match self.precision {
            DatePrecision::Year => {
                NaiveDate::from_ymd_opt(s.year() + 1, 1, 1).map(|d| d.and_time(NaiveTime::MIN))
            }
            DatePrecision::Month => {
                let (y, m) = if s.month() == 12 {
                    (s.year() + 1, 1)
                } else {
                    (s.year(), s.month() + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1).map(|d| d.and_time(NaiveTime::MIN))
            }
            DatePrecision::Day => s.checked_add_signed(chrono::TimeDelta::days(1)),
            DatePrecision::Minute => s.checked_add_signed(chrono::TimeDelta::minutes(1)),
        };
        Utc.from_utc_datetime(&next.unwrap_or(s))
    }

    /// A date for "now", to the minute.
    pub fn now_to_minute() -> Self {
        let now = Utc::now().naive_utc();
        Self::new(
            now.year(),
            now.month(),
            now.day(),
            now.hour(),
            now.minute(),
            DatePrecision::Minute,
        )
        .unwrap_or(PartialDate {
            start: now,
            precision: DatePrecision::Minute,
        })
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.start
            .cmp(&other.start)
            .then(self.precision.cmp(&other.precision))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.start;
        match self.precision {
            DatePrecision::Year => write!(f, "{:04}", s.year()),
            DatePrecision::Month => write!(f, "{:04}-{:02}", s.year(), s.month()),
            DatePrecision::Day => write!(f, "{:04}-{:02}-{:02}", s.year(), s.month(), s.day()),
            DatePrecision::Minute => write!(
                f,
                "{:04}-{:02}-{:02}T{:02}:{:02}Z",
                s.year(),
                s.month(),
                s.day(),
                s.hour(),
                s.minute()
            ),
        }
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, DateError> {
        let fail = |reason| DateError {
            text: text.chars().take(40).collect(),
            reason,
        };
        if text.len() > 17 || !text.is_ascii() {
            return Err(fail("it has the wrong form"));
        }
        let number = |part: &str, width: usize| -> Result<u32, DateError> {
            if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(fail("it has the wrong form"));
            }
            part.parse().map_err(|_| fail("it has the wrong form"))
        };
        let (date_part, time_part) = match text.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (text, None),
        };
        let pieces: Vec<&str> = date_part.split('-').collect();
        let year = number(pieces[0], 4)? as i32;
        let out_of_range = || fail("the year must be between 1000 and 9999");
        if !(Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year) {
            return Err(out_of_range());
        }
        match (pieces.as_slice(), time_part) {
            ([_], None) => Self::year(year).ok_or_else(out_of_range),
            ([_, m], None) => {
                Self::month(year, number(m, 2)?).ok_or_else(|| fail("the month does not exist"))
            }
            ([_, m, d], None) => Self::day(year, number(m, 2)?, number(d, 2)?)
                .ok_or_else(|| fail("that day does not exist")),
            ([_, m, d], Some(time)) => {
                let time = time
                    .strip_suffix('Z')
                    .ok_or_else(|| fail("a time must end in Z (UTC)"))?;
                let (h, min) = time
                    .split_once(':')
                    .ok_or_else(|| fail("a time is written HH:MM"))?;
                Self::minute(
                    year,
                    number(m, 2)?,
                    number(d, 2)?,
                    number(h, 2)?,
                    number(min, 2)?,
                )
                .ok_or_else(|| fail("that date or time does not exist"))
            }
            _ => Err(fail("it has the wrong form")),
        }
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl serde::de::Visitor<'_> for DateVisitor {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date string such as \"2023\", \"2023-12\", \"2023-12-25\" or \"2023-12-25T14:30Z\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PartialDate, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_precision_round_trips_through_text() {
        for text in [
            "2013",
            "2022-07",
            "2023-12-25",
            "2023-12-25T14:30Z",
            "2024-02-29",
        ] {
            let date: PartialDate = text.parse().unwrap();
            assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn precision_is_kept() {
        let d: PartialDate = "2022-07".parse().unwrap();
        assert_eq!(d.precision(), DatePrecision::Month);
        assert_eq!(d.start().to_rfc3339(), "2022-07-01T00:00:00+00:00");
        assert_eq!(d.end_exclusive().to_rfc3339(), "2022-08-01T00:00:00+00:00");
        let y: PartialDate = "2023".parse().unwrap();
        assert_eq!(y.end_exclusive().to_rfc3339(), "2024-01-01T00:00:00+00:00");
        let dec: PartialDate = "2023-12".parse().unwrap();
        assert_eq!(
            dec.end_exclusive().to_rfc3339(),
            "2024-01-01T00:00:00+00:00"
        );
    }

    #[test]
    fn bad_dates_are_refused_with_a_reason() {
        for bad in [
            "",
            "23",
            "2023-13",
            "2023-02-30",
            "2023-12-25T25:00Z",
            "2023-12-25T10:00",
            "2023-1-05",
            "0999",
            "10000",
            "2023/12/25",
            "２０２３",
            "2023-12-25T10:00:00Z",
            "-2023",
        ] {
            let err = bad.parse::<PartialDate>().unwrap_err();
            assert!(!err.to_string().is_empty(), "{bad}");
        }
        let err = "2023-02-30".parse::<PartialDate>().unwrap_err();
        assert_eq!(err.reason, "that day does not exist");
    }

    #[test]
    fn ordering_follows_time_then_precision() {
        let y: PartialDate = "2023".parse().unwrap();
        let d: PartialDate = "2023-01-01".parse().unwrap();
        let later: PartialDate = "2023-06".parse().unwrap();
        assert!(y < d && d < later);
        assert_eq!(later.with_precision(DatePrecision::Year), y);
    }
}
