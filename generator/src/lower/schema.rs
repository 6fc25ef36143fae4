//! Schemas to types. Component schemas become named types; inline schemas that
//! need a definition (objects, enums, unions) are named from where they occur.

use super::view::{self, SchemaView};
use crate::error::{Diagnostic, Result};
use crate::ir::*;
use openapiv3::{AdditionalProperties, Components, ReferenceOr, Schema};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Inline schemas nested deeper than this are taken as free-form JSON.
const MAX_SCHEMA_DEPTH: usize = 96;

/// A schema's type at a place of use, and whether `null` is allowed there.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

enum Shape {
    /// Needs a definition of its own.
    Def(TypeKind),
    /// Is expressed by a reference to another type or a primitive.
    Ref(TypeRef),
}

pub struct SchemaLowering<'a> {
    file: &'a Path,
    components: Option<&'a Components>,
    pub types: TypeSpace,
    component_ids: HashMap<String, TypeId>,
    /// Inline schema (by address) to its type, so a schema reached twice
    /// (through allOf merging) is lowered once.
    inline_cache: HashMap<usize, TypeRef>,
    pub fallbacks: Vec<Fallback>,
    /// The examples met on the way, with the types of their places.
    pub examples: super::examples::ExampleLog,
    depth: usize,
}

const COMPONENT_PREFIX: &str = "#/components/schemas/";

impl<'a> SchemaLowering<'a> {
    pub fn new(file: &'a Path, components: Option<&'a Components>) -> Self {
        let mut lowering = SchemaLowering {
            file,
            components,
            types: TypeSpace::default(),
            component_ids: HashMap::new(),
            inline_cache: HashMap::new(),
            fallbacks: Vec::new(),
            examples: Default::default(),
            depth: 0,
        };
        if let Some(c) = components {
            for (name, schema) in &c.schemas {
                let doc = match schema {
                    ReferenceOr::Item(s) => doc_of(s),
                    ReferenceOr::Reference { .. } => None,
                };
                let id = lowering.types.add(TypeDef {
                    name: name.clone(),
                    origin: crate::error::pointer(["components", "schemas", name.as_str()]),
                    named_in_spec: true,
                    title: None,
                    doc,
                    deprecated: matches!(schema, ReferenceOr::Item(s) if s.schema_data.deprecated),
                    kind: TypeKind::Alias(TypeRef::Any),
                    merged_into: None,
                });
                lowering.component_ids.insert(name.clone(), id);
            }
        }
        lowering
    }

    /// Lowers every component schema into its placeholder.
    pub fn lower_components(&mut self) -> Result<()> {
        let Some(components) = self.components else {
            return Ok(());
        };
        for (name, schema) in &components.schemas {
            let id = self.component_ids[name];
            let pointer = self.types.get(id).origin.clone();
            let kind = match schema {
                ReferenceOr::Reference { reference } => {
                    TypeKind::Alias(self.resolve_ref(reference, &pointer)?)
                }
                ReferenceOr::Item(schema) => match self.shape(schema, name, &pointer)? {
                    Shape::Def(kind) => kind,
                    Shape::Ref(ty) => {
                        let ty = if schema.schema_data.nullable {
                            TypeRef::Option(Box::new(ty))
                        } else {
                            ty
                        };
                        TypeKind::Alias(ty)
                    }
                },
            };
            self.types.get_mut(id).kind = kind;
            if let ReferenceOr::Item(schema) = schema {
                let nullable = schema.schema_data.nullable;
                self.examples
                    .schema(schema, &pointer, &TypeRef::Named(id), nullable);
            }
        }
        Ok(())
    }

    fn fallback(&mut self, pointer: &str, reason: &str) -> TypeRef {
        self.fallbacks.push(Fallback {
            pointer: pointer.to_string(),
            reason: reason.to_string(),
        });
        TypeRef::Any
    }

    pub fn resolve_ref(&mut self, reference: &str, pointer: &str) -> Result<TypeRef> {
        if let Some(raw) = reference.strip_prefix(COMPONENT_PREFIX) {
            let name = unescape_pointer(raw);
            if let Some(id) = self.component_ids.get(&name) {
                return Ok(TypeRef::Named(*id));
            }
            // A pointer into a component (`Event/properties/items/items`):
            // the schema there, lowered once wherever it is reached from.
            if raw.contains('/')
                && let Some((schema, hint)) = self.schema_at(reference)
            {
                return Ok(self.type_of_schema(schema, &hint, reference)?.ty);
            }
            if !name.contains('/') {
                // Published specs do ship dangling references (keycloak's
                // `oas_any_type_not_mapped`): the place takes any JSON value.
                let hint = match closest(&name, self.component_ids.keys()) {
                    Some(best) => format!(" (did you mean {COMPONENT_PREFIX}{best}?)"),
                    None => String::new(),
                };
                return Ok(self.fallback(
                    pointer,
                    &format!("`$ref: {reference}` points at a schema that does not exist{hint}"),
                ));
            }
        }
        if !reference.starts_with('#') {
            return Err(Diagnostic::new(
                self.file,
                format!("`$ref: {reference}` could not be followed"),
            )
            .at(pointer)
            .into());
        }
        Ok(self.fallback(
            pointer,
            &format!("reference into `{reference}` is not a component schema"),
        ))
    }

    /// The schema a `#/components/schemas/Name/properties/x/items/...`
    /// pointer reaches (following references on the way), and a name for it.
    fn schema_at(&self, reference: &str) -> Option<(&'a Schema, String)> {
        let mut reference = reference.to_string();
        let mut hops = 0;
        'follow: loop {
            hops += 1;
            if hops > 16 {
                return None;
            }
            let rest = reference.strip_prefix(COMPONENT_PREFIX)?;
            let segments: Vec<String> = rest.split('/').map(unescape_pointer).collect();
            let (first, path) = segments.split_first()?;
            let mut current: &'a Schema = match self.components?.schemas.get(first)? {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference: next } if path.is_empty() => {
                    reference = next.clone();
                    continue 'follow;
                }
                ReferenceOr::Reference { .. } => return None,
            };
            let mut hint = first.clone();
            let mut i = 0;
            while i < path.len() {
                let v = view::view(current);
                let arg = path.get(i + 1);
                let index = || arg.and_then(|a| a.parse::<usize>().ok());
                let (step, used): (Step<'a>, usize) = match path[i].as_str() {
                    "properties" => {
                        let arg = arg?;
                        hint.push(' ');
                        hint.push_str(arg);
                        (Step::boxed(v.properties?.get(arg.as_str())?), 2)
                    }
                    "items" => {
                        hint.push_str(" item");
                        (Step::boxed(v.items?), 1)
                    }
                    "additionalProperties" => match v.additional? {
                        AdditionalProperties::Schema(s) => {
                            hint.push_str(" value");
                            (Step::plain(s), 1)
                        }
                        AdditionalProperties::Any(_) => return None,
                    },
                    "allOf" => (Step::plain(v.all_of.get(index()?)?), 2),
                    "oneOf" => (Step::plain(v.one_of.get(index()?)?), 2),
                    "anyOf" => (Step::plain(v.any_of.get(index()?)?), 2),
                    _ => return None,
                };
                i += used;
                match step {
                    Step::Schema(s) => current = s,
                    Step::Ref(next) => {
                        // The rest of the path continues inside the target.
                        let tail: Vec<String> = path[i..]
                            .iter()
                            .map(|p| crate::error::escape_pointer_segment(p))
                            .collect();
                        reference = if tail.is_empty() {
                            next.to_string()
                        } else {
                            format!("{next}/{}", tail.join("/"))
                        };
                        continue 'follow;
                    }
                }
            }
            return Some((current, hint));
        }
    }

    /// The type of a schema used at `pointer`; `hint` names it if it needs a definition.
    pub fn type_of(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
    ) -> Result<Lowered> {
        match schema {
            ReferenceOr::Reference { reference } => Ok(Lowered {
                ty: self.resolve_ref(reference, pointer)?,
                nullable: false,
            }),
            ReferenceOr::Item(schema) => self.type_of_schema(schema, hint, pointer),
        }
    }

    pub fn type_of_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &str,
    ) -> Result<Lowered> {
        match schema {
            ReferenceOr::Reference { reference } => Ok(Lowered {
                ty: self.resolve_ref(reference, pointer)?,
                nullable: false,
            }),
            ReferenceOr::Item(schema) => self.type_of_schema(schema, hint, pointer),
        }
    }

    pub fn type_of_schema(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
    ) -> Result<Lowered> {
        let nullable = schema.schema_data.nullable || enum_allows_null(schema);
        let key = schema as *const Schema as usize;
        if let Some(ty) = self.inline_cache.get(&key) {
            return Ok(Lowered {
                ty: ty.clone(),
                nullable,
            });
        }
        if self.depth > MAX_SCHEMA_DEPTH {
            let ty = self.fallback(pointer, "schema nested too deeply");
            return Ok(Lowered { ty, nullable });
        }
        self.depth += 1;
        let shape = self.shape(schema, hint, pointer);
        self.depth -= 1;
        let ty = match shape? {
            Shape::Ref(ty) => ty,
            Shape::Def(kind) => TypeRef::Named(self.types.add(TypeDef {
                name: hint.to_string(),
                origin: pointer.to_string(),
                named_in_spec: false,
                title: schema.schema_data.title.clone(),
                doc: doc_of(schema),
                deprecated: schema.schema_data.deprecated,
                kind,
                merged_into: None,
            })),
        };
        self.examples.schema(schema, pointer, &ty, nullable);
        self.inline_cache.insert(key, ty.clone());
        Ok(Lowered { ty, nullable })
    }

    fn shape(&mut self, schema: &Schema, name: &str, pointer: &str) -> Result<Shape> {
        if let Some(reference) = view::single_ref_wrapper(schema) {
            return Ok(Shape::Ref(self.resolve_ref(reference, pointer)?));
        }
        let v = view::view(schema);
        if !v.all_of.is_empty() {
            return self.all_of_shape(schema, &v, name, pointer);
        }
        let mut untyped_alternatives = false;
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            let (members, keyword) = if v.one_of.is_empty() {
                (v.any_of, "anyOf")
            } else {
                (v.one_of, "oneOf")
            };
            if v.properties.is_none() {
                return self.union_shape(schema, members, keyword, name, pointer);
            }
            // `anyOf: [{required: [a]}, {required: [b]}]` beside the
            // properties only says which must be present: the struct is exact.
            if !members.iter().all(view::only_constrains) {
                untyped_alternatives = true;
                self.fallbacks.push(Fallback {
                    pointer: pointer.to_string(),
                    reason: "properties beside oneOf/anyOf: the alternatives are not typed \
                             (their other properties are kept as JSON)"
                        .into(),
                });
            }
        }
        // `not` beside a type only narrows it (`not: {required: [a, b]}`);
        // alone it says nothing of what the value is.
        if v.not && v.typ.is_none() && v.properties.is_none() && v.items.is_none() {
            return Ok(Shape::Ref(
                self.fallback(pointer, "`not` schemas cannot be typed"),
            ));
        }
        if !v.enumeration.is_empty()
            && let Some(shape) = self.enum_shape(&v, pointer)
        {
            return Ok(shape);
        }
        let mut shape = self.plain_shape(&v, name, pointer)?;
        if untyped_alternatives
            && let Shape::Def(TypeKind::Struct(def)) = &mut shape
            && def.additional.is_none()
        {
            def.additional = Some(TypeRef::Any);
        }
        Ok(shape)
    }

    fn plain_shape(&mut self, v: &SchemaView<'_>, name: &str, pointer: &str) -> Result<Shape> {
        let format = v.format.as_deref().unwrap_or("");
        Ok(match v.typ {
            Some("string") => Shape::Ref(TypeRef::Primitive(Primitive::String)),
            Some("integer") => Shape::Ref(TypeRef::Primitive(match format {
                "int32" | "int16" | "int8" => Primitive::I32,
                "uint64" => Primitive::U64,
                _ => Primitive::I64,
            })),
            Some("number") => Shape::Ref(TypeRef::Primitive(match format {
                "float" => Primitive::F32,
                _ => Primitive::F64,
            })),
            Some("boolean") => Shape::Ref(TypeRef::Primitive(Primitive::Bool)),
            Some("array") => {
                Shape::Ref(TypeRef::Array(Box::new(self.items_type(v, name, pointer)?)))
            }
            Some("null") => Shape::Ref(TypeRef::Any),
            _ if v.properties.is_some() => {
                Shape::Def(TypeKind::Struct(self.struct_def(v, name, pointer)?))
            }
            _ if v.items.is_some() => {
                Shape::Ref(TypeRef::Array(Box::new(self.items_type(v, name, pointer)?)))
            }
            Some("object") | None => Shape::Ref(TypeRef::Map(Box::new(
                self.additional_type(v.additional, name, pointer)?
                    .unwrap_or(TypeRef::Any),
            ))),
            Some(other) => Shape::Ref(self.fallback(pointer, &format!("unknown type `{other}`"))),
        })
    }

    fn items_type(&mut self, v: &SchemaView<'_>, name: &str, pointer: &str) -> Result<TypeRef> {
        match v.items {
            Some(items) => {
                let item = self.type_of_boxed(
                    items,
                    &format!("{name} item"),
                    &format!("{pointer}/items"),
                )?;
                Ok(optional(item))
            }
            None => Ok(TypeRef::Any),
        }
    }

    fn additional_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        name: &str,
        pointer: &str,
    ) -> Result<Option<TypeRef>> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let value = self.type_of(
                    s,
                    &format!("{name} value"),
                    &format!("{pointer}/additionalProperties"),
                )?;
                Some(optional(value))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Any),
            _ => None,
        })
    }

    fn struct_def(&mut self, v: &SchemaView<'_>, name: &str, pointer: &str) -> Result<StructDef> {
        let mut def = StructDef::default();
        if let Some(props) = v.properties {
            self.add_fields(&mut def, props, v.required, name, pointer)?;
        }
        def.additional = self.additional_type(v.additional, name, pointer)?;
        Ok(def)
    }

    fn add_fields(
        &mut self,
        def: &mut StructDef,
        props: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        name: &str,
        pointer: &str,
    ) -> Result<()> {
        for (wire, prop) in props {
            let field_pointer = format!(
                "{pointer}/properties/{}",
                crate::error::escape_pointer_segment(wire)
            );
            let lowered = self.type_of_boxed(prop, &format!("{name} {wire}"), &field_pointer)?;
            let (doc, deprecated, read_only, write_only) = match prop {
                ReferenceOr::Item(s) => (
                    doc_of(s),
                    s.schema_data.deprecated,
                    s.schema_data.read_only,
                    s.schema_data.write_only,
                ),
                ReferenceOr::Reference { .. } => (None, false, false, false),
            };
            let field = Field {
                wire_name: wire.clone(),
                name: wire.clone(),
                ty: lowered.ty,
                required: required.iter().any(|r| r == wire),
                nullable: lowered.nullable,
                doc,
                deprecated,
                read_only,
                write_only,
                boxed: false,
            };
            match def.fields.iter_mut().find(|f| f.wire_name == *wire) {
                Some(existing) => {
                    let required = existing.required || field.required;
                    *existing = Field { required, ..field };
                }
                None => def.fields.push(field),
            }
        }
        Ok(())
    }

    fn all_of_shape(
        &mut self,
        schema: &Schema,
        v: &SchemaView<'_>,
        name: &str,
        pointer: &str,
    ) -> Result<Shape> {
        let mut def = StructDef::default();
        let mut required: Vec<String> = v.required.to_vec();
        let mut seen = HashSet::new();
        let mut non_object = Vec::new();
        for (i, member) in v.all_of.iter().enumerate() {
            let member_pointer = format!("{pointer}/allOf/{i}");
            if !self.merge_member(
                &mut def,
                &mut required,
                member,
                name,
                &member_pointer,
                &mut seen,
            )? {
                non_object.push((member, member_pointer));
            }
        }
        if let Some(props) = v.properties {
            self.add_fields(&mut def, props, v.required, name, pointer)?;
        }
        if def.additional.is_none() {
            def.additional = self.additional_type(v.additional, name, pointer)?;
        }
        for f in &mut def.fields {
            f.required |= required.contains(&f.wire_name);
        }
        if def.fields.is_empty() && def.additional.is_none() {
            // Not objects at all: an annotated alias (`allOf: [string-ish]`).
            if let Some((member, member_pointer)) = alias_member(&non_object) {
                let lowered = self.type_of(member, name, member_pointer)?;
                return Ok(Shape::Ref(lowered.ty));
            }
            if non_object.is_empty() {
                return Ok(Shape::Ref(TypeRef::Map(Box::new(TypeRef::Any))));
            }
        }
        if !non_object.is_empty() && !def.fields.is_empty() {
            self.fallbacks.push(Fallback {
                pointer: pointer.to_string(),
                reason: "allOf mixes objects with other kinds: the object parts are typed, \
                         the rest kept as JSON"
                    .into(),
            });
            // What the other members add (a union's fields) must not be lost.
            if def.additional.is_none() {
                def.additional = Some(TypeRef::Any);
            }
        }
        if def.fields.is_empty() && def.additional.is_none() {
            return Ok(Shape::Ref(
                self.fallback(pointer, "allOf of incompatible schemas"),
            ));
        }
        let _ = schema;
        Ok(Shape::Def(TypeKind::Struct(def)))
    }

    /// Adds an allOf member's properties to `def`; false if the member is not an object.
    fn merge_member(
        &mut self,
        def: &mut StructDef,
        required: &mut Vec<String>,
        member: &ReferenceOr<Schema>,
        name: &str,
        pointer: &str,
        seen: &mut HashSet<String>,
    ) -> Result<bool> {
        let (schema, member_name, member_pointer): (&Schema, String, String) = match member {
            ReferenceOr::Reference { reference }
                if reference
                    .strip_prefix(COMPONENT_PREFIX)
                    .is_some_and(|raw| raw.contains('/')) =>
            {
                if !seen.insert(reference.clone()) {
                    return Ok(true);
                }
                match self.schema_at(reference) {
                    Some((s, hint)) => (s, hint, reference.clone()),
                    None => {
                        self.resolve_ref(reference, pointer)?;
                        return Ok(false);
                    }
                }
            }
            ReferenceOr::Reference { reference } => {
                let Some(target) = reference
                    .strip_prefix(COMPONENT_PREFIX)
                    .map(unescape_pointer)
                else {
                    return Ok(false);
                };
                if !seen.insert(target.clone()) {
                    return Ok(true);
                }
                match self.components.and_then(|c| c.schemas.get(&target)) {
                    Some(ReferenceOr::Item(s)) => (
                        s,
                        target.clone(),
                        crate::error::pointer(["components", "schemas", target.as_str()]),
                    ),
                    Some(ReferenceOr::Reference { reference }) => {
                        let reference = reference.clone();
                        return self.merge_member(
                            def,
                            required,
                            &ReferenceOr::Reference { reference },
                            name,
                            pointer,
                            seen,
                        );
                    }
                    None => {
                        self.resolve_ref(reference, pointer)?;
                        return Ok(false);
                    }
                }
            }
            ReferenceOr::Item(s) => (s, name.to_string(), pointer.to_string()),
        };
        let v = view::view(schema);
        if let Some(reference) = view::single_ref_wrapper(schema) {
            let reference = reference.to_string();
            return self.merge_member(
                def,
                required,
                &ReferenceOr::Reference { reference },
                name,
                pointer,
                seen,
            );
        }
        let mut is_object = v.typ == Some("object") || v.properties.is_some();
        for (i, inner) in v.all_of.iter().enumerate() {
            is_object |= self.merge_member(
                def,
                required,
                inner,
                &member_name,
                &format!("{member_pointer}/allOf/{i}"),
                seen,
            )?;
        }
        if let Some(props) = v.properties {
            self.add_fields(def, props, v.required, &member_name, &member_pointer)?;
        }
        required.extend(v.required.iter().cloned());
        if def.additional.is_none() {
            def.additional = self.additional_type(v.additional, &member_name, &member_pointer)?;
        }
        Ok(is_object
            || (v.typ.is_none()
                && v.enumeration.is_empty()
                && v.one_of.is_empty()
                && v.any_of.is_empty()
                && v.items.is_none()))
    }

    fn union_shape(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        keyword: &str,
        name: &str,
        pointer: &str,
    ) -> Result<Shape> {
        let members: Vec<(usize, &ReferenceOr<Schema>)> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| !matches!(m, ReferenceOr::Item(s) if view::is_empty_schema(s)))
            .collect();
        if members.is_empty() {
            return Ok(Shape::Ref(TypeRef::Any));
        }
        if let [(i, only)] = members.as_slice() {
            let lowered = self.type_of(only, name, &format!("{pointer}/{keyword}/{i}"))?;
            return Ok(Shape::Ref(lowered.ty));
        }
        let mut variants = Vec::new();
        for (i, member) in &members {
            let member_pointer = format!("{pointer}/{keyword}/{i}");
            let variant_name = match member {
                ReferenceOr::Reference { reference } => reference
                    .rsplit('/')
                    .next()
                    .map(unescape_pointer)
                    .unwrap_or_default(),
                ReferenceOr::Item(s) => s
                    .schema_data
                    .title
                    .clone()
                    .unwrap_or_else(|| variant_hint(s, *i)),
            };
            let lowered =
                self.type_of(member, &format!("{name} {variant_name}"), &member_pointer)?;
            variants.push(UnionVariant {
                name: variant_name,
                ty: optional(lowered),
                boxed: false,
            });
        }
        let discriminator = schema.schema_data.discriminator.as_ref().map(|d| {
            let mut mapping = Vec::new();
            for (value, target) in &d.mapping {
                let target_name = target
                    .rsplit('/')
                    .next()
                    .map(unescape_pointer)
                    .unwrap_or_default();
                if let Some(idx) = variants.iter().position(|v| v.name == target_name) {
                    mapping.push((value.clone(), idx));
                }
            }
            for (idx, v) in variants.iter().enumerate() {
                if mapping.iter().any(|(_, i)| *i == idx)
                    || d.mapping
                        .values()
                        .any(|t| t.ends_with(&format!("/{}", v.name)))
                {
                    continue;
                }
                let member = members[idx].1;
                // The value the member itself pins the property to (`enum:
                // [text]`, or a 3.1 `const`) is what travels; a referenced
                // schema's name is the implicit mapping besides.
                if let Some(tag) = self.pinned_value(member, &d.property_name, 0)
                    && !mapping.contains(&(tag.clone(), idx))
                {
                    mapping.push((tag, idx));
                }
                if matches!(member, ReferenceOr::Reference { .. })
                    && !mapping.contains(&(v.name.clone(), idx))
                {
                    mapping.push((v.name.clone(), idx));
                }
            }
            Discriminator {
                property: d.property_name.clone(),
                mapping,
            }
        });
        Ok(Shape::Def(TypeKind::Union(UnionDef {
            variants,
            discriminator,
        })))
    }

    /// The one value `schema` allows for its property `property`, looking
    /// through references and allOf members.
    fn pinned_value(
        &self,
        schema: &ReferenceOr<Schema>,
        property: &str,
        depth: usize,
    ) -> Option<String> {
        if depth > 8 {
            return None;
        }
        let schema: &Schema = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => self.schema_at(reference)?.0,
        };
        let v = view::view(schema);
        if let Some(prop) = v.properties.and_then(|p| p.get(property)) {
            let prop: &Schema = match prop {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => self.schema_at(reference)?.0,
            };
            let prop = view::view(prop);
            let values: Vec<&Value> = prop.enumeration.iter().filter(|e| !e.is_null()).collect();
            if let [Value::String(only)] = values.as_slice() {
                return Some(only.clone());
            }
            return None;
        }
        v.all_of
            .iter()
            .find_map(|member| self.pinned_value(member, property, depth + 1))
    }

    fn enum_shape(&mut self, v: &SchemaView<'_>, pointer: &str) -> Option<Shape> {
        let values: Vec<&Value> = v.enumeration.iter().filter(|e| !e.is_null()).collect();
        if values.is_empty() {
            return None;
        }
        // `type: object` with string values is a slip in the spec: the
        // values say what travels.
        if values.iter().all(|e| e.is_string()) && matches!(v.typ, None | Some("string" | "object"))
        {
            let mut variants: Vec<EnumVariant> = Vec::new();
            for value in values {
                let wire = value.as_str().unwrap_or_default().to_string();
                if variants.iter().any(|x| x.wire == wire) {
                    continue;
                }
                variants.push(EnumVariant {
                    name: wire.clone(),
                    wire,
                    doc: None,
                });
            }
            return Some(Shape::Def(TypeKind::Enum(EnumDef {
                repr: EnumRepr::String,
                variants,
            })));
        }
        if values.iter().all(|e| e.is_i64() || e.is_u64())
            && matches!(v.typ, None | Some("integer") | Some("number"))
        {
            // Integer enums keep their integer type: the values are listed in the docs.
            return None;
        }
        if values.iter().all(|e| e.is_number()) || values.iter().all(|e| e.is_boolean()) {
            return None;
        }
        // Objects or arrays (`enum: [{}]`): the declared type says it all.
        if (values.iter().all(|e| e.is_object()) && matches!(v.typ, None | Some("object")))
            || (values.iter().all(|e| e.is_array()) && v.typ == Some("array"))
        {
            return None;
        }
        Some(Shape::Ref(
            self.fallback(pointer, "enum mixing value kinds"),
        ))
    }
}

/// The member an allOf of non-objects means: its one member, or its one
/// `$ref` beside inline schemas that only restate a plain type
/// (`allOf: [{$ref: UserId}, {type: string, description: ...}]`), or the
/// first of plain inline schemas that all agree on the type.
fn alias_member<'s>(
    non_object: &'s [(&'s ReferenceOr<Schema>, String)],
) -> Option<&'s (&'s ReferenceOr<Schema>, String)> {
    if let [only] = non_object {
        return Some(only);
    }
    let plain_type = |m: &ReferenceOr<Schema>| match m {
        ReferenceOr::Item(s) => view::plain_scalar_type(s),
        ReferenceOr::Reference { .. } => None,
    };
    let refs: Vec<&(&ReferenceOr<Schema>, String)> = non_object
        .iter()
        .filter(|(m, _)| matches!(m, ReferenceOr::Reference { .. }))
        .collect();
    let plain: Vec<&str> = non_object
        .iter()
        .filter_map(|(m, _)| plain_type(m))
        .collect();
    if refs.len() + plain.len() != non_object.len() {
        return None;
    }
    match refs.as_slice() {
        [one] => Some(one),
        [] if plain.windows(2).all(|w| w[0] == w[1]) => non_object.first(),
        _ => None,
    }
}

/// One step of a pointer into a schema: a schema, or a reference to follow.
enum Step<'a> {
    Schema(&'a Schema),
    Ref(&'a str),
}

impl<'a> Step<'a> {
    fn plain(s: &'a ReferenceOr<Schema>) -> Self {
        match s {
            ReferenceOr::Item(s) => Step::Schema(s),
            ReferenceOr::Reference { reference } => Step::Ref(reference),
        }
    }

    fn boxed(s: &'a ReferenceOr<Box<Schema>>) -> Self {
        match s {
            ReferenceOr::Item(s) => Step::Schema(s),
            ReferenceOr::Reference { reference } => Step::Ref(reference),
        }
    }
}

/// A place that may hold null takes `Option`.
fn optional(lowered: Lowered) -> TypeRef {
    if lowered.nullable && !matches!(lowered.ty, TypeRef::Any | TypeRef::Option(_)) {
        TypeRef::Option(Box::new(lowered.ty))
    } else {
        lowered.ty
    }
}

fn enum_allows_null(schema: &Schema) -> bool {
    view::view(schema).enumeration.iter().any(Value::is_null)
}

fn variant_hint(schema: &Schema, index: usize) -> String {
    let v = view::view(schema);
    match v.typ {
        Some("string") if v.enumeration.is_empty() => "String".into(),
        Some("integer") => "Integer".into(),
        Some("number") => "Number".into(),
        Some("boolean") => "Boolean".into(),
        Some("array") => "Array".into(),
        _ => format!("Variant{index}"),
    }
}

pub fn doc_of(schema: &Schema) -> Option<String> {
    let d = &schema.schema_data;
    match (&d.title, &d.description) {
        (_, Some(desc)) if !desc.trim().is_empty() => Some(desc.clone()),
        (Some(title), _) if !title.trim().is_empty() => Some(title.clone()),
        _ => None,
    }
}

pub fn unescape_pointer(s: &str) -> String {
    s.replace("~1", "/").replace("~0", "~")
}

/// The candidate closest to `name` by edit distance, if any is close.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a String> {
    let mut best: Option<(usize, &String)> = None;
    for c in candidates {
        let d = edit_distance(&name.to_lowercase(), &c.to_lowercase());
        if d <= name.len().max(3) / 3 + 1
            && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc))
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use crate::ir::*;
    use std::path::Path;

    /// Lowers a spec written inline (YAML or JSON) to the IR.
    fn lower_text(text: &str) -> Api {
        let file = Path::new("inline.yaml");
        let document = crate::load::parse_document(file, text).expect("parses");
        let loaded = crate::load::LoadedSpec {
            file: file.to_path_buf(),
            document,
            size_bytes: text.len() as u64,
        };
        let model = crate::frontend::to_model(loaded).expect("front-end");
        crate::lower::lower(&model).expect("lowers")
    }

    #[test]
    fn dangling_schema_ref_falls_back_to_any_json() {
        let api = lower_text(
            "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Config:
      type: object
      properties:
        default:
          $ref: '#/components/schemas/oas_any_type_not_mapped'
",
        );
        let config = api
            .types
            .defs
            .iter()
            .find(|d| d.name == "Config")
            .expect("Config");
        let TypeKind::Struct(s) = &config.kind else {
            panic!("a struct expected")
        };
        assert_eq!(s.fields[0].ty, TypeRef::Any);
        assert_eq!(api.fallbacks.len(), 1);
        assert!(
            api.fallbacks[0].reason.contains("does not exist"),
            "{:?}",
            api.fallbacks
        );
    }

    fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
        api.types
            .defs
            .iter()
            .find(|d| d.name == name)
            .unwrap_or_else(|| panic!("no type {name}"))
    }

    fn fields(api: &Api, name: &str) -> Vec<(String, TypeRef)> {
        match &def(api, name).kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| (f.wire_name.clone(), f.ty.clone()))
                .collect(),
            other => panic!("{name} is not a struct: {other:?}"),
        }
    }

    const HEAD: &str =
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";

    #[test]
    fn alternatives_that_only_require_properties_leave_an_exact_struct() {
        let api = lower_text(&format!(
            "{HEAD}    Ref:
      type: object
      properties:
        url: {{type: string}}
        file_id: {{type: string}}
      anyOf: [{{required: [url]}}, {{required: [file_id]}}]
      not: {{required: [url, file_id]}}
"
        ));
        assert_eq!(fields(&api, "Ref").len(), 2);
        assert!(api.fallbacks.is_empty(), "{:?}", api.fallbacks);
    }

    #[test]
    fn all_of_a_reference_and_a_restated_scalar_is_the_reference() {
        let api = lower_text(&format!(
            "{HEAD}    UserId: {{type: string, enum: [a, b]}}
    Holder:
      type: object
      properties:
        id:
          allOf: [{{$ref: '#/components/schemas/UserId'}}, {{type: string, description: the id}}]
"
        ));
        let user_id = api
            .types
            .ids()
            .find(|id| api.types.get(*id).name == "UserId")
            .expect("UserId");
        assert_eq!(fields(&api, "Holder")[0].1, TypeRef::Named(user_id));
        assert!(api.fallbacks.is_empty(), "{:?}", api.fallbacks);
    }

    #[test]
    fn enums_of_objects_and_mistyped_string_enums_are_typed() {
        let api = lower_text(&format!(
            "{HEAD}    Config:
      type: object
      properties:
        ports: {{type: object, additionalProperties: {{type: object, enum: [{{}}]}}}}
        events: {{type: array, items: {{type: object, enum: [send, open]}}}}
"
        ));
        let f = fields(&api, "Config");
        let TypeRef::Named(ports) = &f[0].1 else {
            panic!("a named map type expected: {:?}", f[0].1)
        };
        let TypeKind::Struct(ports) = &api.types.get(*ports).kind else {
            panic!("a struct expected")
        };
        assert_eq!(ports.additional, Some(TypeRef::Map(Box::new(TypeRef::Any))));
        let TypeRef::Array(item) = &f[1].1 else {
            panic!("an array expected: {:?}", f[1].1)
        };
        let TypeRef::Named(id) = **item else {
            panic!("a named enum expected: {item:?}")
        };
        assert!(matches!(api.types.get(id).kind, TypeKind::Enum(_)));
        assert!(api.fallbacks.is_empty(), "{:?}", api.fallbacks);
    }

    #[test]
    fn references_into_a_component_reach_the_schema_there() {
        let api = lower_text(&format!(
            "{HEAD}    Event:
      type: object
      properties:
        items:
          type: array
          items: {{type: object, properties: {{id: {{type: string}}}}}}
    Special:
      type: object
      properties:
        first: {{$ref: '#/components/schemas/Event/properties/items/items'}}
        more:
          type: array
          items:
            allOf:
              - $ref: '#/components/schemas/Event/properties/items/items'
              - {{type: object, properties: {{kind: {{type: string}}}}}}
"
        ));
        let TypeRef::Array(item) = &fields(&api, "Event")[0].1 else {
            panic!("an array expected")
        };
        let special = fields(&api, "Special");
        assert_eq!(special[0].1, **item);
        let TypeRef::Array(merged) = &special[1].1 else {
            panic!("an array expected")
        };
        let TypeRef::Named(merged) = **merged else {
            panic!("a struct expected")
        };
        let TypeKind::Struct(merged) = &api.types.get(merged).kind else {
            panic!("a struct expected")
        };
        let names: Vec<&str> = merged.fields.iter().map(|f| f.wire_name.as_str()).collect();
        assert_eq!(names, ["id", "kind"]);
        assert!(api.fallbacks.is_empty(), "{:?}", api.fallbacks);
    }

    #[test]
    fn all_of_a_union_and_an_object_keeps_the_union_part_as_json() {
        let api = lower_text(&format!(
            "{HEAD}    Body:
      oneOf:
        - {{type: object, properties: {{content: {{type: string}}}}}}
        - {{type: object, properties: {{calls: {{type: array, items: {{type: string}}}}}}}}
    Message:
      allOf:
        - $ref: '#/components/schemas/Body'
        - {{type: object, properties: {{role: {{type: string}}}}}}
"
        ));
        let TypeKind::Struct(message) = &def(&api, "Message").kind else {
            panic!("a struct expected")
        };
        assert_eq!(message.fields.len(), 1);
        assert_eq!(message.additional, Some(TypeRef::Any));
        assert_eq!(api.fallbacks.len(), 1);
    }

    #[test]
    fn discriminator_values_come_from_what_each_member_pins() {
        let api = lower_text(&format!(
            "{HEAD}    Chunk: {{type: object, properties: {{text: {{type: string}}}}}}
    Final: {{type: object, properties: {{done: {{type: boolean}}}}}}
    Grammar:
      oneOf:
        - {{type: object, properties: {{type: {{type: string, enum: [json]}}, value: {{}}}}}}
        - {{type: object, properties: {{type: {{type: string, enum: [regex]}}, value: {{type: string}}}}}}
      discriminator: {{propertyName: type}}
    Completion:
      oneOf:
        - allOf: [{{$ref: '#/components/schemas/Chunk'}}, {{properties: {{object: {{type: string, enum: [text_completion]}}}}}}]
        - allOf: [{{$ref: '#/components/schemas/Final'}}, {{properties: {{object: {{type: string, enum: [text_completion]}}}}}}]
      discriminator: {{propertyName: object}}
"
        ));
        let mapping = |name: &str| match &def(&api, name).kind {
            TypeKind::Union(u) => u
                .discriminator
                .as_ref()
                .expect("discriminator")
                .mapping
                .clone(),
            other => panic!("{name} is not a union: {other:?}"),
        };
        assert_eq!(
            mapping("Grammar"),
            vec![("json".into(), 0), ("regex".into(), 1)]
        );
        assert_eq!(
            mapping("Completion"),
            vec![("text_completion".into(), 0), ("text_completion".into(), 1)]
        );
    }
}
