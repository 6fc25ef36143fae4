//! Typed formats. `date-time` is a `chrono::DateTime<FixedOffset>` (the
//! offset the server wrote is kept, and written back), `date` a
//! `chrono::NaiveDate`, `time` a `chrono::NaiveTime` and `uuid` a
//! `uuid::Uuid`, all read and written by their serde impls (RFC 3339).
//! A value in another layout fails to decode with `Error::Decode`, which
//! names the field. A parameter whose spec pins a layout (env0's
//! `YYYY-MM-DDTHH:mm:ss.sssZ`) is written through [`InLayout`].

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};

/// How a date-time is written in a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateTimeLayout {
    /// RFC 3339 with the value's own offset (`Z` for UTC), and fractional
    /// seconds in groups of three digits where there are any: as serde writes it.
    Rfc3339,
    /// In UTC, whole seconds: `2024-05-01T10:00:00Z` (a fraction is cut).
    UtcSeconds,
    /// In UTC, milliseconds: `2024-05-01T10:00:00.000Z` (JavaScript's `toISOString`).
    UtcMillis,
    /// In UTC, microseconds: `2024-05-01T10:00:00.000000Z`.
    UtcMicros,
}

impl DateTimeLayout {
    /// `value` written in this layout.
    pub fn format(self, value: &DateTime<FixedOffset>) -> String {
        let utc = |digits| value.with_timezone(&Utc).to_rfc3339_opts(digits, true);
        match self {
            DateTimeLayout::Rfc3339 => value.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            DateTimeLayout::UtcSeconds => utc(SecondsFormat::Secs),
            DateTimeLayout::UtcMillis => utc(SecondsFormat::Millis),
            DateTimeLayout::UtcMicros => utc(SecondsFormat::Micros),
        }
    }
}

/// A parameter's value (a date-time, or an option or a list of them) that
/// serializes its date-times in a layout.
pub struct InLayout<'a, T: ?Sized>(pub &'a T, pub DateTimeLayout);

/// What [`InLayout`] can write: date-times, and options and lists of them.
pub trait DateTimes {
    fn serialize_in<S: serde::Serializer>(&self, layout: DateTimeLayout, serializer: S) -> Result<S::Ok, S::Error>;
}

impl DateTimes for DateTime<FixedOffset> {
    fn serialize_in<S: serde::Serializer>(&self, layout: DateTimeLayout, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&layout.format(self))
    }
}

impl<T: DateTimes> DateTimes for Option<T> {
    fn serialize_in<S: serde::Serializer>(&self, layout: DateTimeLayout, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.serialize_in(layout, serializer),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: DateTimes> DateTimes for Vec<T> {
    fn serialize_in<S: serde::Serializer>(&self, layout: DateTimeLayout, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for item in self {
            seq.serialize_element(&InLayout(item, layout))?;
        }
        seq.end()
    }
}

impl<T: DateTimes + ?Sized> serde::Serialize for InLayout<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_in(self.1, serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_write_what_they_say() {
        let at = DateTime::parse_from_rfc3339("2024-05-01T10:20:30.5+02:00").unwrap();
        assert_eq!(DateTimeLayout::Rfc3339.format(&at), "2024-05-01T10:20:30.500+02:00");
        assert_eq!(DateTimeLayout::UtcSeconds.format(&at), "2024-05-01T08:20:30Z");
        assert_eq!(DateTimeLayout::UtcMillis.format(&at), "2024-05-01T08:20:30.500Z");
        assert_eq!(DateTimeLayout::UtcMicros.format(&at), "2024-05-01T08:20:30.500000Z");
        let list = serde_json::to_value(InLayout(&Some(vec![at]), DateTimeLayout::UtcMillis)).unwrap();
        assert_eq!(list, serde_json::json!(["2024-05-01T08:20:30.500Z"]));
    }
}
