//! Collects the examples a spec gives, each with the type the lowering chose
//! for its place ([`crate::ir::Example`]). The lowering calls a hook where it
//! types a schema, a body or a parameter; nothing here decides a type.
//!
//! Places read: a schema's `example`, its 3.1 `examples` list (kept by the
//! front-end under [`SCHEMA_EXAMPLES_EXTENSION`]) and Stoplight's
//! `x-examples`; a media type's `example` and `examples` (references into
//! `#/components/examples` followed); a parameter's `example` and `examples`.
//! A property's example is typed as the field, an item's as the item.

use crate::frontend::SCHEMA_EXAMPLES_EXTENSION;
use crate::ir::*;
use crate::json_pointer::escape_pointer_segment;
use indexmap::IndexMap;
use openapiv3::{
    Components, MediaType, ParameterData, ParameterSchemaOrContent, ReferenceOr, Schema,
};
use serde_json::Value;
use std::collections::HashSet;

const COMPONENT_EXAMPLES: &str = "#/components/examples/";

#[derive(Debug, Default)]
pub struct ExampleLog {
    pub examples: Vec<Example>,
    /// Media types and parameters already read, by address: a component
    /// reached from several operations gives its examples once.
    seen: HashSet<usize>,
}

impl ExampleLog {
    /// A schema at `pointer`, typed `ty` there (`nullable`: the place takes null too).
    pub fn schema(&mut self, schema: &Schema, pointer: &str, ty: &TypeRef, nullable: bool) {
        let ty = place_type(ty, nullable);
        let data = &schema.schema_data;
        let listed = data
            .extensions
            .get(SCHEMA_EXAMPLES_EXTENSION)
            .and_then(Value::as_array);
        // The front-end copies the first of a 3.1 list into `example`.
        if let Some(example) = &data.example
            && listed.and_then(|l| l.first()) != Some(example)
        {
            self.decode(format!("{pointer}/example"), pointer, &ty, example);
        }
        for (i, value) in listed.into_iter().flatten().enumerate() {
            self.decode(format!("{pointer}/examples/{i}"), pointer, &ty, value);
        }
        match data.extensions.get("x-examples") {
            Some(Value::Object(named)) => {
                for (name, value) in named {
                    let at = format!("{pointer}/x-examples/{}", escape_pointer_segment(name));
                    self.decode(at, pointer, &ty, value);
                }
            }
            Some(Value::Array(list)) => {
                for (i, value) in list.iter().enumerate() {
                    self.decode(format!("{pointer}/x-examples/{i}"), pointer, &ty, value);
                }
            }
            _ => {}
        }
    }

    /// The examples of a request or response `content` map at `pointer`. The
    /// client reads `chosen`, decoding it into `ty` (`None`: not as JSON).
    pub fn content(
        &mut self,
        components: Option<&Components>,
        content: &IndexMap<String, MediaType>,
        pointer: &str,
        chosen: &str,
        ty: Option<&TypeRef>,
    ) {
        for (content_type, media) in content {
            if !self.seen.insert(media as *const MediaType as usize) {
                continue;
            }
            let media_pointer = format!("{pointer}/{}", escape_pointer_segment(content_type));
            let schema_pointer = match &media.schema {
                Some(_) => format!("{media_pointer}/schema"),
                None => String::new(),
            };
            let target = match ty {
                _ if content_type != chosen => Err(format!(
                    "media type not read: {content_type} (the client reads {chosen})"
                )),
                Some(ty) => Ok(ty),
                None => Err(format!("media type not JSON: {content_type}")),
            };
            let named = media.examples.iter().map(|(name, example)| {
                let at = format!("{media_pointer}/examples/{}", escape_pointer_segment(name));
                (at, example_value(components, example))
            });
            let inline = media
                .example
                .iter()
                .map(|value| (format!("{media_pointer}/example"), Ok(value)));
            for (at, value) in inline.chain(named).collect::<Vec<_>>() {
                self.record(at, &schema_pointer, target.clone(), value);
            }
        }
    }

    /// A parameter at `pointer`, typed `ty`.
    pub fn parameter(
        &mut self,
        components: Option<&Components>,
        data: &ParameterData,
        pointer: &str,
        ty: &TypeRef,
    ) {
        if !self.seen.insert(data as *const ParameterData as usize) {
            return;
        }
        let schema_pointer = match &data.format {
            ParameterSchemaOrContent::Schema(_) => format!("{pointer}/schema"),
            ParameterSchemaOrContent::Content(content) => match content.keys().next() {
                Some(ct) => format!("{pointer}/content/{}/schema", escape_pointer_segment(ct)),
                None => String::new(),
            },
        };
        let named = data.examples.iter().map(|(name, example)| {
            let at = format!("{pointer}/examples/{}", escape_pointer_segment(name));
            (at, example_value(components, example))
        });
        let inline = data
            .example
            .iter()
            .map(|value| (format!("{pointer}/example"), Ok(value)));
        for (at, value) in inline.chain(named).collect::<Vec<_>>() {
            self.record(at, &schema_pointer, Ok(ty), value);
        }
    }

    fn record(
        &mut self,
        pointer: String,
        schema_pointer: &str,
        ty: Result<&TypeRef, String>,
        value: Result<&Value, String>,
    ) {
        match (ty, value) {
            (Ok(ty), Ok(value)) => self.decode(pointer, schema_pointer, ty, value),
            (Err(reason), _) | (_, Err(reason)) => self.skip(pointer, schema_pointer, reason),
        }
    }

    fn decode(&mut self, pointer: String, schema_pointer: &str, ty: &TypeRef, value: &Value) {
        self.push(
            pointer,
            schema_pointer,
            ExampleCheck::Decode {
                ty: ty.clone(),
                value: value.clone(),
            },
        );
    }

    fn skip(&mut self, pointer: String, schema_pointer: &str, reason: String) {
        self.push(pointer, schema_pointer, ExampleCheck::Skip { reason });
    }

    fn push(&mut self, pointer: String, schema_pointer: &str, check: ExampleCheck) {
        self.examples.push(Example {
            direction: direction_of(&pointer),
            pointer,
            schema_pointer: schema_pointer.to_string(),
            check,
        });
    }
}

/// The type a request body's examples decode into, if it is read as JSON.
pub fn body_type(kind: &BodyKind) -> Option<&TypeRef> {
    match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) => Some(ty),
        BodyKind::Multipart(_) | BodyKind::Text | BodyKind::Binary => None,
    }
}

/// The type a response's examples decode into, if it is read as JSON.
pub fn response_type(kind: &ResponseKind) -> Option<&TypeRef> {
    match kind {
        ResponseKind::Json(ty) => Some(ty),
        // An events example is the stream's text, not one event's data.
        ResponseKind::Text
        | ResponseKind::Binary
        | ResponseKind::Stream
        | ResponseKind::Events(_) => None,
    }
}

/// The type at a place that also takes null.
fn place_type(ty: &TypeRef, nullable: bool) -> TypeRef {
    if nullable && !matches!(ty, TypeRef::Any | TypeRef::Option(_)) {
        TypeRef::Option(Box::new(ty.clone()))
    } else {
        ty.clone()
    }
}

/// An Example Object's value, following references into `#/components/examples`.
fn example_value<'a>(
    components: Option<&'a Components>,
    example: &'a ReferenceOr<openapiv3::Example>,
) -> Result<&'a Value, String> {
    let mut current = example;
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(example) => {
                return match (&example.value, &example.external_value) {
                    (Some(value), _) => Ok(value),
                    (None, Some(url)) => Err(format!("externalValue: {url}")),
                    (None, None) => Err("no value: the Example Object has none".into()),
                };
            }
            ReferenceOr::Reference { reference } => {
                current = reference
                    .strip_prefix(COMPONENT_EXAMPLES)
                    .map(super::unescape_pointer)
                    .and_then(|name| components?.examples.get(&name))
                    .ok_or_else(|| format!("missing $ref target: {reference}"))?;
            }
        }
    }
    Err("missing $ref target: the chain of references loops".into())
}

/// Which way a value at `pointer` travels: request bodies and parameters
/// are sent, responses and webhook payloads received.
fn direction_of(pointer: &str) -> Direction {
    let segments: Vec<&str> = pointer.trim_start_matches('#').split('/').skip(1).collect();
    match segments.as_slice() {
        ["paths", _, _, "requestBody" | "parameters", ..]
        | ["paths", _, "parameters", ..]
        | ["components", "requestBodies" | "parameters", ..] => Direction::Request,
        ["paths", _, _, "responses", ..] | ["components", "responses", ..] | ["webhooks", ..] => {
            Direction::Response
        }
        _ => Direction::Either,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_follows_the_place() {
        assert_eq!(
            direction_of("#/paths/~1a/post/requestBody/content/application~1json/example"),
            Direction::Request
        );
        assert_eq!(
            direction_of("#/paths/~1a/parameters/0/example"),
            Direction::Request
        );
        assert_eq!(
            direction_of("#/paths/~1a/get/responses/200/content/x/schema/example"),
            Direction::Response
        );
        assert_eq!(
            direction_of("#/webhooks/new/post/requestBody"),
            Direction::Response
        );
        assert_eq!(
            direction_of("#/components/schemas/Pet/example"),
            Direction::Either
        );
    }
}
