//! What the fidelity tests share: a value decoded into a generated type must
//! encode back to the same JSON.

use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

/// Decodes `json` as `T`, checks that encoding it gives `json` back, and
/// returns the typed value.
#[track_caller]
pub fn round_trip<T: DeserializeOwned + Serialize>(json: Value) -> T {
    let typed: T = serde_json::from_value(json.clone())
        .unwrap_or_else(|e| panic!("{json} does not decode: {e}"));
    let encoded = serde_json::to_value(&typed).expect("encodes");
    assert_eq!(encoded, json, "encoding the decoded value changed it");
    typed
}
