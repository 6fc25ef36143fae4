//! What every generated enum of strings shares, written once: `as_str`,
//! `From<&str>`, `FromStr`, `Display` and serde. Each enum is declared in
//! its module as plain Rust (its variants and their docs) and followed by
//! one invocation naming each variant's wire value, so that a spec with
//! thousands of enums does not repeat forty lines for each.

/// `as_str`, `From<&str>`, `FromStr`, `Display`, `Serialize` and
/// `Deserialize` for an enum with an `Unknown(String)` variant that keeps
/// any value the spec does not list (a newer server's): reading never fails.
///
/// `string_enum!(Status { Active("active"), Closed("closed") });`
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident { $($variant:ident($wire:literal)),* $(,)? }) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, std::convert::Infallible> {
                Ok(Self::from(value))
            }
        }

        $crate::runtime::enums::shown_as_text!($name);

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::enums::text(deserializer).map(|value| Self::from(value.as_ref()))
            }
        }
    };
}

/// `as_str`, `Display`, `Serialize` and `Deserialize` for an enum that reads
/// its listed values and no other (a union member's tag, which must not
/// read the tag of another member): any other value is an error naming the
/// values it expected.
///
/// `strict_enum!(EventType { Created("created") });`
#[allow(unused_macros)]
macro_rules! strict_enum {
    ($name:ident { $($variant:ident($wire:literal)),* $(,)? }) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)*
                }
            }
        }

        $crate::runtime::enums::shown_as_text!($name);

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = $crate::runtime::enums::text(deserializer)?;
                match value.as_ref() {
                    $($wire => Ok(Self::$variant),)*
                    other => Err($crate::runtime::enums::unexpected(other, &[$($wire),*])),
                }
            }
        }
    };
}

/// `Display` and `Serialize` of an enum: its `as_str()`.
#[allow(unused_macros)]
macro_rules! shown_as_text {
    ($name:ident) => {
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

// Used by path (`crate::runtime::enums::string_enum!`) from the service modules;
// a crate whose specs have no enums uses none of them.
#[allow(unused_imports)]
pub(crate) use {shown_as_text, strict_enum, string_enum};

/// The string an enum is read from, borrowed where the input allows.
pub fn text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<std::borrow::Cow<'de, str>, D::Error> {
    <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)
}

/// The error for a value a strict enum does not list: "invalid value:
/// string "x", expected `a` or `b`".
pub fn unexpected<E: serde::de::Error>(value: &str, expected: &'static [&'static str]) -> E {
    E::invalid_value(serde::de::Unexpected::Str(value), &OneOf(expected))
}

/// The values expected, each in backticks, joined by "or".
struct OneOf(&'static [&'static str]);

impl serde::de::Expected for OneOf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, value) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" or ")?;
            }
            write!(f, "`{value}`")?;
        }
        Ok(())
    }
}
