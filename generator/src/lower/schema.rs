//! Schemas to types. Component schemas become named types; inline schemas that
//! need a definition (objects, enums, unions) are named from where they occur.
//! Unions have a module of their own ([`union`]).
//!
//! The rules for objects (typify's): declared properties make a struct, which
//! keeps other properties in a flattened map only where `additionalProperties`
//! asks for them (`true` or a schema); an object without properties is a map
//! (of `additionalProperties`' type, or of any JSON); a schema that says
//! nothing of its type (`{}`) is any JSON value.
//!
//! Longer than the house's 800 lines: the rules for objects, lists, enums,
//! aliases and nullability share one walk and its state (names taken,
//! types made, refs in progress); unions, which need none of the rest, are
//! already apart.

mod union;

use super::view::{self, SchemaView};
use crate::error::{Diagnostic, Result};
use crate::ir::*;
use crate::json_pointer::unescape_pointer;
use crate::suggest::closest;
use openapiv3::{AdditionalProperties, Components, ReferenceOr, Schema};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
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
    pub warnings: Vec<Warning>,
    /// Union members and the value their tag property must hold, made
    /// strict by [`SchemaLowering::finish`].
    tag_fields: Vec<(TypeRef, String, String)>,
    /// The examples met on the way, with the types of their places.
    pub examples: super::examples::ExampleLog,
    depth: usize,
}

const COMPONENT_PREFIX: &str = "#/components/schemas/";

impl<'a> SchemaLowering<'a> {
    /// `origins` names where component schemas the front-end moved there
    /// were written.
    pub fn new(
        file: &'a Path,
        components: Option<&'a Components>,
        origins: &BTreeMap<String, String>,
    ) -> Self {
        let mut lowering = SchemaLowering {
            file,
            components,
            types: TypeSpace::default(),
            component_ids: HashMap::new(),
            inline_cache: HashMap::new(),
            fallbacks: Vec::new(),
            warnings: Vec::new(),
            tag_fields: Vec::new(),
            examples: Default::default(),
            depth: 0,
        };
        if let Some(c) = components {
            for (name, schema) in &c.schemas {
                let doc = match schema {
                    ReferenceOr::Item(s) => doc_of(s),
                    ReferenceOr::Reference { .. } => None,
                };
                let origin = origins.get(name).cloned().unwrap_or_else(|| {
                    crate::json_pointer::pointer(["components", "schemas", name.as_str()])
                });
                let id = lowering.types.add(TypeDef {
                    name: name.clone(),
                    origin,
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
                let nullable = self.admits_null(schema, 0);
                self.examples
                    .schema(schema, &pointer, &TypeRef::Named(id), nullable);
            }
        }
        Ok(())
    }

    /// Work left until every schema is lowered: union members' tag
    /// properties accept their own value only.
    pub fn finish(&mut self) {
        for (ty, property, value) in std::mem::take(&mut self.tag_fields) {
            self.make_tag_strict(&ty, &property, &value);
        }
    }

    fn warn(&mut self, pointer: &str, message: String) {
        self.warnings.push(Warning {
            pointer: pointer.to_string(),
            message,
        });
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
        // The front-end moved every schema a reference reaches into
        // `components/schemas`: what is left leads to no schema.
        Ok(self.fallback(
            pointer,
            &format!("`$ref: {reference}` does not lead to a schema"),
        ))
    }

    /// The component schema `reference` names, following references
    /// between components.
    pub fn component_schema(&self, reference: &str) -> Option<&'a Schema> {
        let mut reference = reference;
        for _ in 0..16 {
            let name = unescape_pointer(reference.strip_prefix(COMPONENT_PREFIX)?);
            match self.components?.schemas.get(&name)? {
                ReferenceOr::Item(s) => return Some(s),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }

    /// The schema itself, or the component one a reference names.
    pub fn schema_of(&self, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
        match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.component_schema(reference),
        }
    }

    /// The `pattern` a value must match: the schema's, or for a list, its items'.
    pub fn value_pattern(&self, schema: &'a Schema) -> Option<String> {
        let v = view::view(schema);
        if let Some(pattern) = v.constraints.pattern {
            return Some(pattern);
        }
        let items = match v.items? {
            ReferenceOr::Item(items) => items.as_ref(),
            ReferenceOr::Reference { reference } => self.component_schema(reference)?,
        };
        view::view(items).constraints.pattern
    }

    /// Whether the schema `reference` names takes null. A place that refers
    /// to a nullable schema takes null too, wherever the nullability is
    /// written: on the component (`nullable: true`, `null` among its `enum`
    /// values; 3.1's `type: [T, "null"]` and 2.0's `x-nullable` arrive
    /// spelled so), or on a schema it only wraps (`allOf: [$ref]`).
    fn ref_admits_null(&self, reference: &str) -> bool {
        self.component_schema(reference)
            .is_some_and(|target| self.admits_null(target, 0))
    }

    /// Whether `schema` takes null: it says so, or it is an `allOf` whose
    /// members that say what the value is all take null (`allOf: [{$ref:
    /// NullableThing}, {description: ...}]`).
    fn admits_null(&self, schema: &Schema, depth: usize) -> bool {
        if schema.schema_data.nullable || enum_allows_null(schema) {
            return true;
        }
        if depth > 16 {
            return false;
        }
        let v = view::view(schema);
        let mut says_null = false;
        for member in v.all_of {
            let takes_null = match member {
                ReferenceOr::Reference { reference } => self
                    .component_schema(reference)
                    .is_some_and(|target| self.admits_null(target, depth + 1)),
                ReferenceOr::Item(s) => self.admits_null(s, depth + 1),
            };
            if takes_null {
                says_null = true;
            } else if !view::only_constrains(member) {
                return false;
            }
        }
        says_null
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
                nullable: self.ref_admits_null(reference),
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
                nullable: self.ref_admits_null(reference),
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
        let nullable = self.admits_null(schema, 0);
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
            Some("string") => Shape::Ref(TypeRef::Primitive(string_primitive(format))),
            Some("integer") => Shape::Ref(TypeRef::Primitive(integer_primitive(
                format,
                &v.constraints,
            ))),
            Some("number") => Shape::Ref(TypeRef::Primitive(match format {
                "float" => Primitive::F32,
                _ => Primitive::F64,
            })),
            Some("boolean") => Shape::Ref(TypeRef::Primitive(Primitive::Bool)),
            Some("array") => {
                Shape::Ref(TypeRef::Array(Box::new(self.items_type(v, name, pointer)?)))
            }
            Some("null") => Shape::Ref(TypeRef::Any),
            // `openapiv3` reads `type: object` with an empty `properties`
            // map: only declared properties make a struct.
            _ if v.properties.is_some_and(|p| !p.is_empty()) => {
                Shape::Def(TypeKind::Struct(self.struct_def(v, name, pointer)?))
            }
            _ if v.items.is_some() => {
                Shape::Ref(TypeRef::Array(Box::new(self.items_type(v, name, pointer)?)))
            }
            // An object without properties is a map: of the values
            // `additionalProperties` gives, of any JSON otherwise; with
            // `additionalProperties: false` it can only be `{}`.
            Some("object") => match v.additional {
                Some(AdditionalProperties::Any(false)) => {
                    Shape::Def(TypeKind::Struct(StructDef::default()))
                }
                additional => Shape::Ref(TypeRef::Map(Box::new(
                    self.additional_type(additional, name, pointer)?
                        .unwrap_or(TypeRef::Any),
                ))),
            },
            // No type: any JSON value (`{}`), unless the values of an
            // object are what the schema describes.
            None => match v.additional {
                Some(AdditionalProperties::Schema(_)) => Shape::Ref(TypeRef::Map(Box::new(
                    self.additional_type(v.additional, name, pointer)?
                        .unwrap_or(TypeRef::Any),
                ))),
                _ => Shape::Ref(TypeRef::Any),
            },
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
        self.warn_undeclared_required(&def, v.required, pointer);
        Ok(def)
    }

    /// A property `required` names that `properties` does not declare has
    /// no field, and no map keeps it: its value is dropped, and that is said.
    fn warn_undeclared_required(&mut self, def: &StructDef, required: &[String], pointer: &str) {
        if def.additional.is_some() {
            return;
        }
        let mut missing: Vec<&str> = required
            .iter()
            .filter(|r| !def.fields.iter().any(|f| f.wire_name == **r))
            .map(String::as_str)
            .collect();
        missing.dedup();
        if missing.is_empty() {
            return;
        }
        let names = missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ");
        self.warn(
            &format!("{pointer}/required"),
            format!(
                "`required` names {names}, which `properties` does not declare: the type has \
                 no field for {}, so a value there is not kept",
                if missing.len() == 1 { "it" } else { "them" }
            ),
        );
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
                crate::json_pointer::escape_pointer_segment(wire)
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
        let mut says_object = v.typ == Some("object");
        for (i, member) in v.all_of.iter().enumerate() {
            let member_pointer = format!("{pointer}/allOf/{i}");
            match self.merge_member(
                &mut def,
                &mut required,
                member,
                name,
                &member_pointer,
                &mut seen,
            )? {
                MemberKind::Object => says_object = true,
                MemberKind::Neutral => {}
                MemberKind::Other => non_object.push((member, member_pointer)),
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
        if !def.fields.is_empty() {
            self.warn_undeclared_required(&def, v.required, pointer);
        }
        if def.fields.is_empty() && def.additional.is_none() {
            // Not objects at all: an annotated alias (`allOf: [string-ish]`).
            if let Some((member, member_pointer)) = alias_member(&non_object) {
                let lowered = self.type_of(member, name, member_pointer)?;
                return Ok(Shape::Ref(lowered.ty));
            }
            if non_object.is_empty() {
                // Objects without properties are maps; annotations alone, any JSON.
                return Ok(Shape::Ref(if says_object {
                    TypeRef::Map(Box::new(TypeRef::Any))
                } else {
                    TypeRef::Any
                }));
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

    /// Adds an allOf member's properties to `def`, and says what the member is.
    fn merge_member(
        &mut self,
        def: &mut StructDef,
        required: &mut Vec<String>,
        member: &ReferenceOr<Schema>,
        name: &str,
        pointer: &str,
        seen: &mut HashSet<String>,
    ) -> Result<MemberKind> {
        let (schema, member_name, member_pointer): (&Schema, String, String) = match member {
            ReferenceOr::Reference { reference } => {
                let Some(target) = reference
                    .strip_prefix(COMPONENT_PREFIX)
                    .map(unescape_pointer)
                else {
                    return Ok(MemberKind::Other);
                };
                if !seen.insert(target.clone()) {
                    return Ok(MemberKind::Object);
                }
                match self.components.and_then(|c| c.schemas.get(&target)) {
                    Some(ReferenceOr::Item(s)) => (
                        s,
                        target.clone(),
                        crate::json_pointer::pointer(["components", "schemas", target.as_str()]),
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
                        return Ok(MemberKind::Other);
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
        let mut kind = if v.typ == Some("object") || v.properties.is_some() {
            MemberKind::Object
        } else if v.typ.is_none()
            && v.enumeration.is_empty()
            && v.one_of.is_empty()
            && v.any_of.is_empty()
            && v.items.is_none()
        {
            MemberKind::Neutral
        } else {
            MemberKind::Other
        };
        for (i, inner) in v.all_of.iter().enumerate() {
            let inner = self.merge_member(
                def,
                required,
                inner,
                &member_name,
                &format!("{member_pointer}/allOf/{i}"),
                seen,
            )?;
            if inner == MemberKind::Object {
                kind = MemberKind::Object;
            }
        }
        if let Some(props) = v.properties {
            self.add_fields(def, props, v.required, &member_name, &member_pointer)?;
        }
        required.extend(v.required.iter().cloned());
        if def.additional.is_none() {
            def.additional = self.additional_type(v.additional, &member_name, &member_pointer)?;
        }
        Ok(kind)
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
                strict: false,
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

/// What an allOf member is, for the merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MemberKind {
    /// Says it is an object (`type: object`, properties).
    Object,
    /// Says nothing of its kind (annotations, `required` alone).
    Neutral,
    /// Something else: a string, an array, a union...
    Other,
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

/// The type of a string by its `format`: the formats a kept crate reads
/// exactly become its types, base64 and binary their own; any other
/// string stays `String`.
fn string_primitive(format: &str) -> Primitive {
    match format {
        "date-time" => Primitive::DateTime,
        "date" => Primitive::Date,
        "time" => Primitive::Time,
        "uuid" => Primitive::Uuid,
        "byte" => Primitive::Base64,
        "binary" => Primitive::Bytes,
        _ => Primitive::String,
    }
}

/// The type of an integer: the size its `format` states (`uint` is
/// unsigned, as schemars writes `usize`); without one, `u64` where
/// `minimum` rules out negative values (the type then says what the spec
/// says, as typify does), `i64` otherwise.
fn integer_primitive(format: &str, constraints: &Constraints) -> Primitive {
    match format {
        "int8" => Primitive::I8,
        "int16" => Primitive::I16,
        "int32" => Primitive::I32,
        "int64" => Primitive::I64,
        "uint8" => Primitive::U8,
        "uint16" => Primitive::U16,
        "uint32" => Primitive::U32,
        "uint64" | "uint" => Primitive::U64,
        _ if constraints.minimum.is_some_and(|m| m >= 0.0) => Primitive::U64,
        _ => Primitive::I64,
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

pub fn doc_of(schema: &Schema) -> Option<String> {
    let d = &schema.schema_data;
    match (&d.title, &d.description) {
        (_, Some(desc)) if !desc.trim().is_empty() => Some(desc.clone()),
        (Some(title), _) if !title.trim().is_empty() => Some(title.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
