//! One flat view over openapiv3's schema shapes (its typed variants and its
//! catch-all `AnySchema`), so the lowering reads every schema the same way.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::ir::Constraints;

#[derive(Default)]
pub struct SchemaView<'a> {
    pub typ: Option<&'a str>,
    pub format: Option<String>,
    pub enumeration: Vec<Value>,
    pub properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub one_of: &'a [ReferenceOr<Schema>],
    pub any_of: &'a [ReferenceOr<Schema>],
    pub all_of: &'a [ReferenceOr<Schema>],
    pub not: bool,
    pub constraints: Constraints,
}

fn format_text<T: std::fmt::Debug>(f: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(item) => Some(heck::ToKebabCase::to_kebab_case(
            format!("{item:?}").as_str(),
        )),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

pub fn view(schema: &Schema) -> SchemaView<'_> {
    let mut v = SchemaView::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.typ = Some("string");
            v.format = format_text(&s.format);
            v.enumeration = s
                .enumeration
                .iter()
                .map(|e| e.clone().map_or(Value::Null, Value::String))
                .collect();
            v.constraints.min_length = s.min_length;
            v.constraints.max_length = s.max_length;
            v.constraints.pattern = s.pattern.clone();
        }
        SchemaKind::Type(Type::Number(n)) => {
            v.typ = Some("number");
            v.format = format_text(&n.format);
            v.enumeration = n
                .enumeration
                .iter()
                .map(|e| {
                    e.and_then(serde_json::Number::from_f64)
                        .map_or(Value::Null, Value::Number)
                })
                .collect();
            v.constraints.minimum = n.minimum;
            v.constraints.maximum = n.maximum;
            v.constraints.exclusive_minimum = n.exclusive_minimum;
            v.constraints.exclusive_maximum = n.exclusive_maximum;
        }
        SchemaKind::Type(Type::Integer(n)) => {
            v.typ = Some("integer");
            v.format = format_text(&n.format);
            v.enumeration = n
                .enumeration
                .iter()
                .map(|e| e.map_or(Value::Null, Value::from))
                .collect();
            v.constraints.minimum = n.minimum.map(|m| m as f64);
            v.constraints.maximum = n.maximum.map(|m| m as f64);
            v.constraints.exclusive_minimum = n.exclusive_minimum;
            v.constraints.exclusive_maximum = n.exclusive_maximum;
        }
        SchemaKind::Type(Type::Boolean(b)) => {
            v.typ = Some("boolean");
            v.enumeration = b
                .enumeration
                .iter()
                .map(|e| e.map_or(Value::Null, Value::Bool))
                .collect();
        }
        SchemaKind::Type(Type::Object(o)) => {
            v.typ = Some("object");
            v.properties = Some(&o.properties);
            v.required = &o.required;
            v.additional = o.additional_properties.as_ref();
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.typ = Some("array");
            v.items = a.items.as_ref();
            v.constraints.min_items = a.min_items;
            v.constraints.max_items = a.max_items;
        }
        SchemaKind::OneOf { one_of } => v.one_of = one_of,
        SchemaKind::AnyOf { any_of } => v.any_of = any_of,
        SchemaKind::AllOf { all_of } => v.all_of = all_of,
        SchemaKind::Not { .. } => v.not = true,
        SchemaKind::Any(a) => {
            v.typ = a.typ.as_deref();
            v.format = a.format.clone();
            v.enumeration = a.enumeration.clone();
            v.properties = (!a.properties.is_empty()).then_some(&a.properties);
            v.required = &a.required;
            v.additional = a.additional_properties.as_ref();
            v.items = a.items.as_ref();
            v.one_of = &a.one_of;
            v.any_of = &a.any_of;
            v.all_of = &a.all_of;
            v.not = a.not.is_some();
            v.constraints = Constraints {
                minimum: a.minimum,
                maximum: a.maximum,
                exclusive_minimum: a.exclusive_minimum.unwrap_or(false),
                exclusive_maximum: a.exclusive_maximum.unwrap_or(false),
                min_length: a.min_length,
                max_length: a.max_length,
                pattern: a.pattern.clone(),
                min_items: a.min_items,
                max_items: a.max_items,
            };
        }
    }
    v
}

/// A schema that only annotates another (`allOf: [{$ref}]` plus description,
/// nullable...): the referenced schema is what is meant.
pub fn single_ref_wrapper(schema: &Schema) -> Option<&str> {
    let v = view(schema);
    let members: &[ReferenceOr<Schema>] = if !v.all_of.is_empty() {
        v.all_of
    } else if !v.one_of.is_empty() {
        v.one_of
    } else {
        v.any_of
    };
    if members.len() != 1 || v.properties.is_some() || v.items.is_some() {
        return None;
    }
    match &members[0] {
        ReferenceOr::Reference { reference } => Some(reference),
        ReferenceOr::Item(_) => None,
    }
}

pub fn is_empty_schema(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(a) if a.typ.is_none()
        && a.properties.is_empty()
        && a.additional_properties.is_none()
        && a.items.is_none()
        && a.enumeration.is_empty()
        && a.one_of.is_empty()
        && a.all_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none())
}

/// A schema that only constrains its parent (`{required: [a]}`): no type,
/// properties, items, enum or alternatives of its own.
pub fn only_constrains(schema: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = schema else {
        return false;
    };
    let v = view(schema);
    matches!(v.typ, None | Some("object"))
        && v.properties.is_none_or(IndexMap::is_empty)
        && v.additional.is_none()
        && v.items.is_none()
        && v.enumeration.is_empty()
        && v.one_of.is_empty()
        && v.any_of.is_empty()
        && v.all_of.is_empty()
}

/// The type of a schema that is a plain scalar and nothing more (no enum,
/// no alternatives): `{type: string, description: ...}`.
pub fn plain_scalar_type(schema: &Schema) -> Option<&'static str> {
    let v = view(schema);
    let typ = match v.typ? {
        "string" => "string",
        "integer" => "integer",
        "number" => "number",
        "boolean" => "boolean",
        _ => return None,
    };
    (v.enumeration.is_empty()
        && v.properties.is_none()
        && v.items.is_none()
        && v.one_of.is_empty()
        && v.any_of.is_empty()
        && v.all_of.is_empty()
        && !v.not)
        .then_some(typ)
}
