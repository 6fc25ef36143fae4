//! `format: byte`: bytes that travel as base64 text.

use std::fmt;

use base64::Engine as _;

/// Bytes sent and received as base64 text (the spec's `format: byte`), in
/// bodies, models and parameters alike.
///
/// Encoded with the standard alphabet and padding (RFC 4648 §4). Decoding is
/// lenient about what servers are known to send, never about the bytes:
/// padding may be there or not, line breaks and spaces (MIME-style wrapped
/// text) are skipped, and the URL-safe alphabet (`-`, `_`) is read too.
/// Anything else (a character outside both alphabets, a length no base64
/// text has) is a decode error naming the field.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Base64(pub Vec<u8>);

impl Base64 {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Base64(bytes.into())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }

    /// The base64 text sent for these bytes.
    pub fn encode(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.0)
    }

    /// Reads base64 text, leniently as the type's documentation says.
    pub fn decode(text: &str) -> Result<Self, base64::DecodeError> {
        let lenient = base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true);
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let alphabet = if compact.contains(['-', '_']) { &base64::alphabet::URL_SAFE } else { &base64::alphabet::STANDARD };
        base64::engine::GeneralPurpose::new(alphabet, lenient).decode(compact).map(Base64)
    }
}

impl fmt::Debug for Base64 {
    // The length, not the bytes: a file's worth of numbers helps nobody.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64({} bytes)", self.0.len())
    }
}

impl std::ops::Deref for Base64 {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Base64 {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

impl From<&[u8]> for Base64 {
    fn from(bytes: &[u8]) -> Self {
        Base64(bytes.to_vec())
    }
}

impl<const N: usize> From<[u8; N]> for Base64 {
    fn from(bytes: [u8; N]) -> Self {
        Base64(bytes.to_vec())
    }
}

impl From<bytes::Bytes> for Base64 {
    fn from(bytes: bytes::Bytes) -> Self {
        Base64(bytes.to_vec())
    }
}

impl From<Base64> for Vec<u8> {
    fn from(value: Base64) -> Self {
        value.0
    }
}

impl serde::Serialize for Base64 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> serde::Deserialize<'de> for Base64 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Base64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("base64 text")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Base64, E> {
                Base64::decode(text).map_err(|e| E::custom(format_args!("not base64 ({e})")))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}
