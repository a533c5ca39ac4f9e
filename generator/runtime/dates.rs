use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// A value the document describes both as a date and as a timestamp
/// (`format: date-time`, documented as "ISO 8601 date format", example
/// `1989-04-11`). Decoding accepts either; encoding sends the form you built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateOrDateTime {
    /// A calendar date, sent as `YYYY-MM-DD`.
    Date(NaiveDate),
    /// A timestamp with its offset, sent as RFC 3339.
    DateTime(DateTime<FixedOffset>),
}

impl DateOrDateTime {
    /// The calendar date (of the timestamp, in its own offset).
    pub fn date(&self) -> NaiveDate {
        match self {
            Self::Date(date) => *date,
            Self::DateTime(time) => time.date_naive(),
        }
    }

    /// Parses `YYYY-MM-DD`, an RFC 3339 timestamp, or a timestamp without an
    /// offset (taken as UTC).
    pub fn parse(text: &str) -> Option<Self> {
        if let Ok(time) = DateTime::parse_from_rfc3339(text) {
            return Some(Self::DateTime(time));
        }
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(Self::Date(date));
        }
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
            .ok()
            .map(|naive| Self::DateTime(naive.and_utc().fixed_offset()))
    }
}

impl fmt::Display for DateOrDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Date(date) => write!(f, "{}", date.format("%Y-%m-%d")),
            Self::DateTime(time) => f.write_str(&time.to_rfc3339()),
        }
    }
}

impl From<NaiveDate> for DateOrDateTime {
    fn from(date: NaiveDate) -> Self {
        Self::Date(date)
    }
}

impl From<DateTime<FixedOffset>> for DateOrDateTime {
    fn from(time: DateTime<FixedOffset>) -> Self {
        Self::DateTime(time)
    }
}

impl Serialize for DateOrDateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateOrDateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| de::Error::custom("expected a date or a timestamp"))
    }
}

/// `format: date` fields decode a timestamp too (its date is kept), since
/// servers send one where a date was documented.
pub(crate) fn lenient_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(deserializer)?;
    DateOrDateTime::parse(&text).map(|value| value.date()).ok_or_else(|| de::Error::custom("expected a date"))
}

/// [`lenient_date`] for optional or nullable fields.
pub(crate) fn lenient_option_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) => DateOrDateTime::parse(&text)
            .map(|value| Some(value.date()))
            .ok_or_else(|| de::Error::custom("expected a date")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_date_and_a_timestamp_and_encodes_what_it_holds() {
        let date: DateOrDateTime = serde_json::from_str(r#""1989-04-11""#).expect("date");
        assert_eq!(serde_json::to_string(&date).expect("encodes"), r#""1989-04-11""#);
        let time: DateOrDateTime = serde_json::from_str(r#""1989-04-11T10:00:00+01:00""#).expect("timestamp");
        assert_eq!(serde_json::to_string(&time).expect("encodes"), r#""1989-04-11T10:00:00+01:00""#);
        assert_eq!(date.date(), time.date());
        let naive: DateOrDateTime = serde_json::from_str(r#""1989-04-11T10:00:00.000""#).expect("no offset");
        assert_eq!(naive.date(), date.date());
        assert!(serde_json::from_str::<DateOrDateTime>(r#""11/04/1989""#).is_err());
    }
}
