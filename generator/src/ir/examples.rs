//! The examples a spec gives, each with the type the client uses at its
//! place, so that a tool (`cargo xtask roundtrip`) can decode every example
//! into that type, encode it again and see whether anything was lost.

use super::TypeRef;

/// One example value written in the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// JSON pointer of the example in the 3.0-shaped document the front-end
    /// makes (it may pass through a `$ref`: follow references on the way).
    pub pointer: String,
    /// JSON pointer of the schema the example should satisfy (same rules);
    /// empty where the place has no schema.
    pub schema_pointer: String,
    /// Which way the value travels, for `readOnly` and `writeOnly`.
    pub direction: Direction,
    pub check: ExampleCheck,
}

/// Which way a value travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Sent by the client (request bodies, parameters): `readOnly`
    /// properties may be left out even where required.
    Request,
    /// Received (responses, webhook payloads): `writeOnly` properties may be
    /// left out even where required.
    Response,
    /// A schema's own example, whichever way it is used.
    Either,
}

/// What can be done with an example.
#[derive(Debug, Clone, PartialEq)]
pub enum ExampleCheck {
    /// Decode `value` into `ty` (the type of the place as the client declares it).
    Decode {
        ty: TypeRef,
        value: serde_json::Value,
    },
    /// Nothing to decode, and why (`externalValue`, a media type the client
    /// does not read as JSON, raw bytes).
    Skip { reason: String },
}
