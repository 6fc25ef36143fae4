//! Reading an optional field that may be `null` into `Option<Option<T>>`,
//! so that a value read and written again keeps the difference: missing is
//! `None` (serde's `default`), `null` is `Some(None)`, a value `Some(Some(v))`.
//! Writing needs nothing special: `None` is skipped, `Some(None)` is `null`.

/// `#[serde(default, deserialize_with = "..")]` on such a field.
pub fn deserialize_nullable<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    <Option<T> as serde::Deserialize<'de>>::deserialize(deserializer).map(Some)
}
