// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.

//! Dates and timestamps as servers write them, not only as RFC 3339 says.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// The forms a decode error names, so a caller knows what was expected.
const EXPECTED: &str = "RFC 3339 such as 2018-01-02T03:04:05Z (the offset, seconds and fraction may be left out, \
                        a space or a lowercase t may stand for T), a bare date, or RFC 2822";

/// A `format: date-time` value exactly as the server wrote it.
///
/// Servers send more than RFC 3339: no offset (`2018-01-02T03:04:05`), a space
/// for the `T`, lowercase `t`/`z`, any number of fraction digits, a bare date,
/// RFC 2822 (`Tue, 2 Jan 2018 03:04:05 +0000`). All of them decode. A value
/// without an offset is not silently taken as UTC: [`offset`](Self::offset)
/// is `None` and you choose ([`assume_utc`](Self::assume_utc),
/// [`assume_offset`](Self::assume_offset)). Sent back, a decoded value is
/// its original text byte for byte; one you build from a `chrono` value is
/// sent as RFC 3339. Two values are equal when they name the same date, time
/// and offset, however they were written.
///
/// It holds only the text (16 bytes, as small as a `String`'s pointer and
/// length), checked when it was made; the accessors read it again.
#[derive(Clone)]
pub struct Timestamp {
    text: Box<str>,
}

/// Date, wall-clock time (`None`: a bare date) and offset (`None`: none written).
type Parts = (NaiveDate, Option<NaiveTime>, Option<FixedOffset>);

/// Why a text is not a timestamp (or a date). It never quotes the text,
/// which may be personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError {
    /// `timestamp` or `date`.
    what: &'static str,
    reason: &'static str,
    /// Byte offset into the text where reading stopped.
    position: usize,
    expected: &'static str,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a {}: {} at character {}; expected {}", self.what, self.reason, self.position, self.expected)
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// Reads any of the forms described on the type.
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        parse_parts(text).map(|_| Self { text: text.into() })
    }

    fn parts(&self) -> Parts {
        // Checked when the value was made; never fails.
        parse_parts(&self.text).unwrap_or((NaiveDate::MIN, None, None))
    }

    /// The text as received, or as this crate writes a value you built.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The calendar date, in the value's own offset.
    pub fn date_naive(&self) -> NaiveDate {
        self.parts().0
    }

    /// The wall-clock time, `None` for a bare date.
    pub fn time(&self) -> Option<NaiveTime> {
        self.parts().1
    }

    /// Date and wall-clock time as written (a bare date at midnight).
    pub fn naive(&self) -> NaiveDateTime {
        let (date, time, _) = self.parts();
        date.and_time(time.unwrap_or(NaiveTime::MIN))
    }

    /// The offset the server wrote, `None` when it wrote none.
    pub fn offset(&self) -> Option<FixedOffset> {
        self.parts().2
    }

    /// The instant, when the server said which offset it meant.
    pub fn to_date_time(&self) -> Option<DateTime<FixedOffset>> {
        self.offset().and_then(|offset| offset.from_local_datetime(&self.naive()).single())
    }

    /// The instant, taking `offset` where the server wrote none.
    pub fn assume_offset(&self, offset: FixedOffset) -> DateTime<FixedOffset> {
        let offset = self.offset().unwrap_or(offset);
        offset.from_local_datetime(&self.naive()).single().unwrap_or_else(|| self.naive().and_utc().fixed_offset())
    }

    /// The instant in UTC, taking UTC where the server wrote no offset.
    pub fn assume_utc(&self) -> DateTime<Utc> {
        match self.to_date_time() {
            Some(time) => time.with_timezone(&Utc),
            None => self.naive().and_utc(),
        }
    }
}

fn parse_parts(text: &str) -> Result<Parts, TimestampError> {
    parse_iso(text).or_else(|iso_error| match DateTime::parse_from_rfc2822(text.trim()) {
        Ok(parsed) => Ok((parsed.date_naive(), Some(parsed.time()), Some(*parsed.offset()))),
        // The ISO reading says best where the text went wrong.
        Err(_) => Err(iso_error),
    })
}

/// `YYYY-MM-DD`, then optionally a separator, `HH:MM[:SS[.fraction]]` and an
/// offset (`Z`, `+HH:MM`, `+HHMM`, `+HH`, `UTC`, `GMT`, maybe after a space).
fn parse_iso(text: &str) -> Result<(NaiveDate, Option<NaiveTime>, Option<FixedOffset>), TimestampError> {
    let mut reader = Reader { bytes: text.trim().as_bytes(), position: 0 };
    let year = reader.year()?;
    reader.expect(b'-', "a '-' after the year")?;
    let month = reader.digits(2, "a two-digit month")?;
    reader.expect(b'-', "a '-' after the month")?;
    let day = reader.digits(2, "a two-digit day")?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(reader.error("no such date"))?;
    if reader.at_end() {
        return Ok((date, None, None));
    }
    if !matches!(reader.next(), Some(b'T' | b't' | b' ')) {
        return Err(reader.error("a 'T' or a space after the date"));
    }
    let hour = reader.digits(2, "a two-digit hour")?;
    reader.expect(b':', "a ':' after the hour")?;
    let minute = reader.digits(2, "two-digit minutes")?;
    let (mut second, mut nanos) = (0, 0);
    if reader.peek() == Some(b':') {
        reader.next();
        second = reader.digits(2, "two-digit seconds")?;
        if matches!(reader.peek(), Some(b'.' | b',')) {
            reader.next();
            nanos = reader.fraction()?;
        }
    }
    // A leap second is the 60th second of its minute.
    if second == 60 {
        second = 59;
        nanos += 1_000_000_000;
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos).ok_or(reader.error("no such time"))?;
    let offset = reader.offset()?;
    if !reader.at_end() {
        return Err(reader.error("nothing after the offset"));
    }
    Ok((date, Some(time), offset))
}

struct Reader<'t> {
    bytes: &'t [u8],
    position: usize,
}

impl Reader<'_> {
    fn error(&self, reason: &'static str) -> TimestampError {
        TimestampError { what: "timestamp", reason, position: self.position, expected: EXPECTED }
    }

    fn at_end(&self) -> bool {
        self.position >= self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek();
        self.position += usize::from(byte.is_some());
        byte
    }

    fn expect(&mut self, wanted: u8, reason: &'static str) -> Result<(), TimestampError> {
        if self.peek() == Some(wanted) {
            self.position += 1;
            Ok(())
        } else {
            Err(self.error(reason))
        }
    }

    /// Exactly `count` digits; an error points at the first of them.
    fn digits(&mut self, count: usize, reason: &'static str) -> Result<u32, TimestampError> {
        let start = self.position;
        let mut value = 0;
        for _ in 0..count {
            match self.peek() {
                Some(digit @ b'0'..=b'9') => {
                    value = value * 10 + u32::from(digit - b'0');
                    self.position += 1;
                }
                _ => {
                    self.position = start;
                    return Err(self.error(reason));
                }
            }
        }
        Ok(value)
    }

    /// Four digits, or a sign and more (as chrono writes years past 9999).
    fn year(&mut self) -> Result<i32, TimestampError> {
        let sign = match self.peek() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return self.digits(4, "a four-digit year").map(|year| year as i32),
        };
        self.next();
        let start = self.position;
        let mut year: i32 = 0;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            year = year.saturating_mul(10).saturating_add(i32::from(digit - b'0'));
            self.position += 1;
        }
        if self.position - start < 4 {
            self.position = start;
            return Err(self.error("a four-digit year"));
        }
        Ok(sign * year)
    }

    /// Any number of digits; those past nanoseconds are kept in the text only.
    fn fraction(&mut self) -> Result<u32, TimestampError> {
        let start = self.position;
        let mut nanos = 0;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            if self.position - start < 9 {
                nanos = nanos * 10 + u32::from(digit - b'0');
            }
            self.position += 1;
        }
        match self.position - start {
            0 => Err(self.error("digits after the decimal point")),
            read => Ok(nanos * 10u32.pow(9usize.saturating_sub(read) as u32)),
        }
    }

    fn offset(&mut self) -> Result<Option<FixedOffset>, TimestampError> {
        if self.peek() == Some(b' ') {
            self.next();
        }
        let rest = &self.bytes[self.position.min(self.bytes.len())..];
        if rest.is_empty() {
            return Ok(None);
        }
        if rest.eq_ignore_ascii_case(b"Z") || rest.eq_ignore_ascii_case(b"UTC") || rest.eq_ignore_ascii_case(b"GMT") {
            self.position += rest.len();
            return Ok(FixedOffset::east_opt(0));
        }
        let sign = match self.next() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Err(self.error("an offset (Z, +HH:MM or -HH:MM)")),
        };
        let hours = self.digits(2, "two-digit offset hours")?;
        let mut minutes = 0;
        if self.peek() == Some(b':') {
            self.next();
            minutes = self.digits(2, "two-digit offset minutes")?;
        } else if self.peek().is_some_and(|b| b.is_ascii_digit()) {
            minutes = self.digits(2, "two-digit offset minutes")?;
        }
        // Go's default layout appends the zone's abbreviation (`+0000 UTC`).
        if self.peek() == Some(b' ') && self.bytes[self.position + 1..].iter().all(u8::is_ascii_alphabetic) {
            self.position = self.bytes.len();
        }
        let seconds = sign * (hours * 3600 + minutes * 60) as i32;
        FixedOffset::east_opt(seconds).map(Some).ok_or(self.error("an offset below 24 hours"))
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text || self.parts() == other.parts()
    }
}

impl Eq for Timestamp {}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let (date, time, offset) = self.parts();
        (date, time, offset.map(|offset| offset.local_minus_utc())).hash(state);
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Timestamp").field(&self.text).finish()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl<Tz: TimeZone> From<DateTime<Tz>> for Timestamp {
    /// Sent as RFC 3339 (`Z` for UTC).
    fn from(time: DateTime<Tz>) -> Self {
        Self { text: time.fixed_offset().to_rfc3339_opts(SecondsFormat::AutoSi, true).into() }
    }
}

impl From<NaiveDateTime> for Timestamp {
    /// Sent without an offset, as the API's own local time.
    fn from(time: NaiveDateTime) -> Self {
        Self { text: time.format("%Y-%m-%dT%H:%M:%S%.f").to_string().into() }
    }
}

impl From<NaiveDate> for Timestamp {
    /// Sent as `YYYY-MM-DD`, for APIs that take a date where they document a timestamp.
    fn from(date: NaiveDate) -> Self {
        Self { text: date.format("%Y-%m-%d").to_string().into() }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

struct TextVisitor(&'static str);

impl Visitor<'_> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.to_owned())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = deserializer.deserialize_str(TextVisitor("a timestamp as a string"))?;
        Self::parse(&text).map_err(de::Error::custom)
    }
}

const EXPECTED_DATE: &str = "a date such as 2018-01-02 (a timestamp's date is taken too)";

fn parse_date(text: &str) -> Result<NaiveDate, TimestampError> {
    Timestamp::parse(text).map(|value| value.date_naive()).map_err(|error| TimestampError {
        what: "date",
        expected: EXPECTED_DATE,
        ..error
    })
}

/// `format: date` fields decode a timestamp too (its date is kept), since
/// servers send one where a date was documented.
pub(crate) fn lenient_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = deserializer.deserialize_str(TextVisitor("a date as a string"))?;
    parse_date(&text).map_err(de::Error::custom)
}

/// [`lenient_date`] for optional or nullable fields.
pub(crate) fn lenient_option_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) => parse_date(&text).map(Some).map_err(de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> Result<Timestamp, String> {
        serde_json::from_value(serde_json::Value::from(text)).map_err(|error| error.to_string())
    }

    #[test]
    fn every_form_servers_send_decodes_and_is_sent_back_byte_for_byte() {
        let forms = [
            "2018-01-02T03:04:05Z",
            "2018-01-02T03:04:05",
            "2018-01-02 03:04:05",
            "2018-01-02t03:04:05z",
            "2018-01-02T03:04:05.1",
            "2018-01-02T03:04:05.123456789123+01:00",
            "2018-01-02T03:04:05,5-0530",
            "2018-01-02T03:04+02",
            "2018-01-02 03:04:05.999999 +0000 UTC",
            "2018-01-02",
            "Tue, 2 Jan 2018 03:04:05 +0000",
            "Tue, 02 Jan 2018 03:04:05 GMT",
        ];
        for form in forms {
            let value = decode(form).unwrap_or_else(|error| panic!("{form}: {error}"));
            assert_eq!(value.date_naive(), NaiveDate::from_ymd_opt(2018, 1, 2).expect("date"), "{form}");
            assert_eq!(serde_json::to_value(&value).expect("encodes"), serde_json::Value::from(form));
        }
    }

    #[test]
    fn a_timestamp_without_an_offset_is_not_called_utc() {
        let value = decode("2018-01-02T03:04:05").expect("decodes");
        assert_eq!(value.offset(), None);
        assert_eq!(value.to_date_time(), None);
        let paris = FixedOffset::east_opt(3600).expect("offset");
        assert_eq!(value.assume_offset(paris).to_rfc3339(), "2018-01-02T03:04:05+01:00");
        assert_eq!(value.assume_utc().to_rfc3339(), "2018-01-02T03:04:05+00:00");
        let with_offset = decode("2018-01-02T03:04:05-05:00").expect("decodes");
        assert_eq!(with_offset.assume_utc().to_rfc3339(), "2018-01-02T08:04:05+00:00");
        assert_eq!(with_offset.assume_offset(paris).offset(), &FixedOffset::west_opt(5 * 3600).expect("offset"));
    }

    #[test]
    fn fractions_keep_nanoseconds_and_leap_seconds_decode() {
        let value = decode("2018-01-02T03:04:05.123456789999Z").expect("decodes");
        assert_eq!(value.time().map(|t| t.format("%.9f").to_string()), Some(".123456789".to_owned()));
        assert!(decode("2016-12-31T23:59:60Z").is_ok());
    }

    #[test]
    fn the_same_moment_written_twice_is_equal() {
        assert_eq!(decode("2018-01-02T03:04:05Z"), decode("2018-01-02 03:04:05+00:00"));
        assert_ne!(decode("2018-01-02T03:04:05Z"), decode("2018-01-02T03:04:05"));
    }

    #[test]
    fn values_built_from_chrono_are_sent_as_rfc_3339() {
        let utc = Utc.with_ymd_and_hms(2024, 5, 1, 9, 30, 0).single().expect("time");
        assert_eq!(Timestamp::from(utc).as_str(), "2024-05-01T09:30:00Z");
        let naive = utc.naive_utc();
        assert_eq!(Timestamp::from(naive).as_str(), "2024-05-01T09:30:00");
        assert_eq!(Timestamp::from(naive.date()).as_str(), "2024-05-01");
        // Whatever chrono can hold reads back.
        for far in [NaiveDate::MAX, NaiveDate::MIN] {
            let built = Timestamp::from(far.and_time(NaiveTime::MIN).and_utc());
            assert_eq!(built.date_naive(), far, "{built}");
            assert_eq!(Timestamp::parse(built.as_str()).as_ref(), Ok(&built));
        }
        assert_eq!(std::mem::size_of::<Option<Timestamp>>(), 16);
    }

    #[test]
    fn errors_say_what_was_expected_and_never_quote_the_value() {
        for (text, reason) in [
            ("11/04/1989", "a four-digit year at character 0"),
            ("2018-02-30", "no such date"),
            ("2018-01-02X03:04", "a 'T' or a space after the date"),
            ("2018-01-02T03:04:05+25:00", "an offset below 24 hours"),
            ("2018-01-02T03:04:05Zjunk", "an offset"),
        ] {
            let error = decode(text).expect_err(text);
            assert!(error.contains(reason), "{text}: {error}");
            assert!(error.contains("not a timestamp") && error.contains("expected RFC 3339"), "{error}");
            assert!(!error.contains(text), "{error}");
        }
        let number = serde_json::from_str::<Timestamp>("1514862245").expect_err("a number");
        assert!(number.to_string().contains("a timestamp as a string"), "{number}");
    }

    #[test]
    fn dates_take_a_timestamp_and_say_what_a_date_is() {
        #[derive(Deserialize)]
        struct Holder {
            #[serde(deserialize_with = "lenient_date")]
            date: NaiveDate,
        }
        let holder: Holder = serde_json::from_str(r#"{"date": "1989-04-11 10:00:00"}"#).expect("timestamp");
        assert_eq!(holder.date, NaiveDate::from_ymd_opt(1989, 4, 11).expect("date"));
        let error = serde_json::from_str::<Holder>(r#"{"date": "11/04/1989"}"#).err().map(|e| e.to_string());
        assert!(
            error
                .as_deref()
                .is_some_and(|e| e.contains("not a date: a four-digit year") && e.contains("expected a date such as")),
            "{error:?}"
        );
    }
}
