//! How a `date-time` parameter is written: the spec may pin its layout with
//! a `pattern` (env0's `YYYY-MM-DDTHH:mm:ss.sssZ` is
//! `^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$`). The layout chosen is
//! the first the client can write whose every rendering of a few sample
//! instants the pattern accepts, so the pattern is never read as a grammar.

use crate::ir::{DateTimeLayout, Primitive, TypeRef, TypeSpace};

/// Each layout the client writes, in order of preference, with how it
/// writes sample instants (one with fractional seconds, one without; the
/// RFC 3339 renderings keep the value's own offset, as the runtime does).
const LAYOUTS: &[(DateTimeLayout, &[&str])] = &[
    (
        DateTimeLayout::Rfc3339,
        &[
            "2024-05-01T10:20:30+02:00",
            "2024-05-01T10:20:30.123+02:00",
            "2024-05-01T08:20:30Z",
        ],
    ),
    (
        DateTimeLayout::UtcSeconds,
        &["2024-05-01T08:20:30Z", "2024-12-31T23:59:59Z"],
    ),
    (
        DateTimeLayout::UtcMillis,
        &["2024-05-01T08:20:30.123Z", "2024-12-31T23:59:59.000Z"],
    ),
    (
        DateTimeLayout::UtcMicros,
        &["2024-05-01T08:20:30.123456Z", "2024-12-31T23:59:59.000000Z"],
    ),
];

/// What the `pattern` of a parameter says of how its date-times are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutChoice {
    /// Not a date-time parameter, or no pattern: RFC 3339 as the value holds it.
    Default,
    /// The pattern asks for this layout.
    Layout(DateTimeLayout),
    /// The pattern accepts none of the layouts the client writes (or cannot
    /// be read): why, to warn of.
    Unmet(String),
}

/// The layout for a parameter of type `ty` whose schema states `pattern`.
pub fn date_time_layout(types: &TypeSpace, ty: &TypeRef, pattern: Option<&str>) -> LayoutChoice {
    let Some(pattern) = pattern else {
        return LayoutChoice::Default;
    };
    if !holds_date_times(types, ty) {
        return LayoutChoice::Default;
    }
    let regex = match regex_lite::Regex::new(pattern) {
        Ok(regex) => regex,
        Err(e) => {
            return LayoutChoice::Unmet(format!(
                "its `pattern` could not be read ({e}): its date-times are written as RFC 3339"
            ));
        }
    };
    match LAYOUTS
        .iter()
        .find(|(_, samples)| samples.iter().all(|s| regex.is_match(s)))
    {
        Some((DateTimeLayout::Rfc3339, _)) => LayoutChoice::Default,
        Some((layout, _)) => LayoutChoice::Layout(*layout),
        None => LayoutChoice::Unmet(format!(
            "its `pattern` `{pattern}` accepts none of the date-time layouts the client \
             writes (RFC 3339 with the value's offset, or UTC with `Z` and 0, 3 or 6 \
             fractional digits): its date-times are written as RFC 3339"
        )),
    }
}

/// A date-time, or a list of them.
fn holds_date_times(types: &TypeSpace, ty: &TypeRef) -> bool {
    match types.resolve(ty) {
        TypeRef::Primitive(Primitive::DateTime) => true,
        TypeRef::Array(item) | TypeRef::Option(item) => holds_date_times(types, item),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choose(pattern: &str) -> LayoutChoice {
        let ty = TypeRef::Primitive(Primitive::DateTime);
        date_time_layout(&TypeSpace::default(), &ty, Some(pattern))
    }

    #[test]
    fn the_pattern_picks_the_layout_it_accepts() {
        // env0's `YYYY-MM-DDTHH:mm:ss.sssZ`.
        assert_eq!(
            choose(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"),
            LayoutChoice::Layout(DateTimeLayout::UtcMillis)
        );
        assert_eq!(
            choose(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"),
            LayoutChoice::Layout(DateTimeLayout::UtcSeconds)
        );
        assert_eq!(
            choose(r"^[0-9-]+T[0-9:]+\.[0-9]{6}Z$"),
            LayoutChoice::Layout(DateTimeLayout::UtcMicros)
        );
        // A pattern RFC 3339 as written already meets changes nothing.
        assert_eq!(choose(r"^\d{4}-"), LayoutChoice::Default);
        assert!(matches!(choose(r"^\d{10}$"), LayoutChoice::Unmet(_)));
        assert!(matches!(choose(r"(unclosed"), LayoutChoice::Unmet(_)));
    }

    #[test]
    fn only_date_times_take_a_layout() {
        let pattern = Some(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$");
        let types = TypeSpace::default();
        let text = TypeRef::Primitive(Primitive::String);
        assert_eq!(
            date_time_layout(&types, &text, pattern),
            LayoutChoice::Default
        );
        let list = TypeRef::Array(Box::new(TypeRef::Primitive(Primitive::DateTime)));
        assert_eq!(
            date_time_layout(&types, &list, pattern),
            LayoutChoice::Layout(DateTimeLayout::UtcSeconds)
        );
        let date_time = TypeRef::Primitive(Primitive::DateTime);
        assert_eq!(
            date_time_layout(&types, &date_time, None),
            LayoutChoice::Default
        );
    }
}
