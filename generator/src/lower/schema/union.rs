//! Unions (`oneOf`/`anyOf`): how a value says which variant it is, and what
//! the variants are called. typify's rules, tried in this order:
//!
//! 1. an explicit `discriminator`: the tag's values come from its `mapping`
//!    and from what each member pins the property to;
//! 2. an inferred tag: every member is an object that pins one common
//!    property to a value of its own (`enum: [started]`, or 3.1's `const`);
//!    variants are named after the values;
//! 3. externally tagged: every member is an object with exactly one
//!    property, required, and nothing else (`{"pong": {...}}`), or a string
//!    enum (the bare strings, variants without a value); variants are named
//!    after the property (the string);
//! 4. untagged: the rest, told apart by shape.
//!
//! A member's tag property accepts its own value only (a strict enum), so a
//! member type never decodes another member's value, alone or in the union.

use super::*;

/// An externally tagged union's member.
enum KeyedMember<'s> {
    /// `{key: value}`: the schema of the value, and where it is.
    Entry {
        key: String,
        value: &'s ReferenceOr<Box<Schema>>,
        pointer: String,
    },
    /// Bare strings.
    Units(Vec<String>),
}

impl<'a> SchemaLowering<'a> {
    pub(super) fn union_shape(
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
        let member_pointer = |i: usize| format!("{pointer}/{keyword}/{i}");
        if let Some(variants) = self.open_enum(&members) {
            return Ok(Shape::Def(TypeKind::Enum(EnumDef {
                repr: EnumRepr::String,
                variants,
                strict: false,
            })));
        }
        if let Some(d) = &schema.schema_data.discriminator {
            return self.explicit_union(d, &members, name, pointer, &member_pointer);
        }
        if let Some((property, tags)) = self.inferred_tag(&members) {
            let mut variants = Vec::new();
            for ((i, member), tag) in members.iter().zip(&tags) {
                let lowered =
                    self.type_of(member, &format!("{name} {tag}"), &member_pointer(*i))?;
                self.tag_fields
                    .push((lowered.ty.clone(), property.clone(), tag.clone()));
                variants.push(UnionVariant::new(tag.clone(), optional(lowered)));
            }
            let mapping = tags.into_iter().enumerate().map(|(i, t)| (t, i)).collect();
            return Ok(Shape::Def(TypeKind::Union(UnionDef {
                variants,
                tagging: Tagging::Internal(Discriminator {
                    property,
                    mapping,
                    inferred: true,
                }),
            })));
        }
        if let Some(keyed) = self.keyed_members(&members, &member_pointer) {
            let mut variants = Vec::new();
            for member in keyed {
                match member {
                    KeyedMember::Entry {
                        key,
                        value,
                        pointer,
                    } => {
                        let hint = format!("{name} {key}");
                        let lowered = self.type_of_boxed(value, &hint, &pointer)?;
                        let mut variant = UnionVariant::new(key.clone(), optional(lowered));
                        variant.wire = Some(key);
                        variants.push(variant);
                    }
                    KeyedMember::Units(values) => {
                        for value in values {
                            let mut variant = UnionVariant::new(value.clone(), TypeRef::Any);
                            variant.wire = Some(value);
                            variant.unit = true;
                            variants.push(variant);
                        }
                    }
                }
            }
            return Ok(Shape::Def(TypeKind::Union(UnionDef {
                variants,
                tagging: Tagging::External,
            })));
        }
        let names = self.shape_names(&members);
        let mut variants = Vec::new();
        for ((i, member), variant_name) in members.iter().zip(names) {
            let hint = format!("{name} {variant_name}");
            let lowered = self.type_of(member, &hint, &member_pointer(*i))?;
            variants.push(UnionVariant::new(variant_name, optional(lowered)));
        }
        Ok(Shape::Def(TypeKind::Union(UnionDef {
            variants,
            tagging: Tagging::Untagged,
        })))
    }

    fn explicit_union(
        &mut self,
        d: &openapiv3::Discriminator,
        members: &[(usize, &ReferenceOr<Schema>)],
        name: &str,
        pointer: &str,
        member_pointer: &dyn Fn(usize) -> String,
    ) -> Result<Shape> {
        let property = &d.property_name;
        let pinned: Vec<Option<String>> = members
            .iter()
            .map(|(_, m)| self.pinned_value(m, property, 0))
            .collect();
        let fallback_names = self.shape_names(members);
        let mut variants = Vec::new();
        for (((i, member), tag), shape_name) in members.iter().zip(&pinned).zip(fallback_names) {
            // A referenced schema's name is its implicit tag, and names it;
            // an inline member is named by the value it pins.
            let variant_name = match (member, tag) {
                (ReferenceOr::Reference { reference }, _) => ref_name(reference),
                (ReferenceOr::Item(s), _) if s.schema_data.title.is_some() => shape_name,
                (_, Some(tag)) => tag.clone(),
                _ => shape_name,
            };
            let lowered = self.type_of(
                member,
                &format!("{name} {variant_name}"),
                &member_pointer(*i),
            )?;
            variants.push(UnionVariant::new(variant_name, optional(lowered)));
        }
        let target_of = |target: &str| {
            if target.starts_with('#') {
                target.to_string()
            } else {
                format!(
                    "{COMPONENT_PREFIX}{}",
                    crate::json_pointer::escape_pointer_segment(target)
                )
            }
        };
        let mut mapping = Vec::new();
        for (value, target) in &d.mapping {
            let target = target_of(target);
            let index = members.iter().position(
                |(_, m)| matches!(m, ReferenceOr::Reference { reference } if *reference == target),
            );
            match index {
                Some(idx) => mapping.push((value.clone(), idx)),
                None => {
                    let missing = target
                        .strip_prefix(COMPONENT_PREFIX)
                        .filter(|n| !self.component_ids.contains_key(&unescape_pointer(n)));
                    let what = if missing.is_some() {
                        "a schema that does not exist"
                    } else {
                        "a schema that is not one of the union's members"
                    };
                    self.warn(
                        &format!("{pointer}/discriminator/mapping"),
                        format!(
                            "discriminator value `{value}` maps to `{target}`, {what}: a value \
                             tagged `{value}` decodes as `Unknown` (its JSON kept as it is)"
                        ),
                    );
                }
            }
        }
        for (idx, ((_, member), tag)) in members.iter().zip(&pinned).enumerate() {
            if mapping.iter().any(|(_, i)| *i == idx) {
                continue;
            }
            // What the member pins the property to (`enum: [text]`, or a 3.1
            // `const`) is what travels; a referenced schema's name is the
            // implicit mapping besides.
            if let Some(tag) = tag
                && !mapping.contains(&(tag.clone(), idx))
            {
                mapping.push((tag.clone(), idx));
            }
            if let ReferenceOr::Reference { reference } = member {
                let implicit = ref_name(reference);
                if !mapping.contains(&(implicit.clone(), idx)) {
                    mapping.push((implicit, idx));
                }
            }
        }
        for (value, idx) in &mapping {
            if let Some(variant) = variants.get(*idx) {
                self.tag_fields
                    .push((variant.ty.clone(), property.clone(), value.clone()));
            }
        }
        Ok(Shape::Def(TypeKind::Union(UnionDef {
            variants,
            tagging: Tagging::Internal(Discriminator {
                property: property.clone(),
                mapping,
                inferred: false,
            }),
        })))
    }

    /// `anyOf: [{type: string}, {enum: [a, b]}]`, "these or any other
    /// string", is what every enum here is already: the listed values, and
    /// `Unknown` for the rest.
    fn open_enum(&self, members: &[(usize, &ReferenceOr<Schema>)]) -> Option<Vec<EnumVariant>> {
        let mut variants: Vec<EnumVariant> = Vec::new();
        let mut any_string = false;
        for (_, member) in members {
            let v = view::view(self.resolve_member(member)?);
            let alternatives = !v.all_of.is_empty() || !v.one_of.is_empty() || !v.any_of.is_empty();
            if alternatives || v.properties.is_some_and(|p| !p.is_empty()) || v.items.is_some() {
                return None;
            }
            if v.enumeration.is_empty() {
                if v.typ != Some("string") {
                    return None;
                }
                any_string = true;
                continue;
            }
            if !matches!(v.typ, None | Some("string")) {
                return None;
            }
            for value in v.enumeration.iter().filter(|e| !e.is_null()) {
                let wire = value.as_str()?.to_string();
                if !variants.iter().any(|x| x.wire == wire) {
                    variants.push(EnumVariant {
                        name: wire.clone(),
                        wire,
                        doc: None,
                    });
                }
            }
        }
        (any_string && !variants.is_empty()).then_some(variants)
    }

    /// The property every member pins to a value of its own, and the values.
    fn inferred_tag(
        &self,
        members: &[(usize, &ReferenceOr<Schema>)],
    ) -> Option<(String, Vec<String>)> {
        let (_, first) = members.first()?;
        let mut candidates = Vec::new();
        self.property_names(first, &mut candidates, 0);
        candidates.into_iter().find_map(|property| {
            let tags: Vec<String> = members
                .iter()
                .map(|(_, m)| self.pinned_value(m, &property, 0))
                .collect::<Option<_>>()?;
            let distinct: HashSet<&String> = tags.iter().collect();
            (distinct.len() == tags.len()).then_some((property, tags))
        })
    }

    /// The property names of an object schema, its allOf members' included.
    fn property_names(&self, schema: &ReferenceOr<Schema>, out: &mut Vec<String>, depth: usize) {
        if depth > 8 {
            return;
        }
        let Some(schema) = self.resolve_member(schema) else {
            return;
        };
        let v = view::view(schema);
        for member in v.all_of {
            self.property_names(member, out, depth + 1);
        }
        for name in v.properties.into_iter().flat_map(|p| p.keys()) {
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
    }

    /// The one string `schema` allows for its property `property`, looking
    /// through references and allOf members.
    pub(super) fn pinned_value(
        &self,
        schema: &ReferenceOr<Schema>,
        property: &str,
        depth: usize,
    ) -> Option<String> {
        if depth > 8 {
            return None;
        }
        let v = view::view(self.resolve_member(schema)?);
        if let Some(prop) = v.properties.and_then(|p| p.get(property)) {
            let prop: &Schema = match prop {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => self.component_schema(reference)?,
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

    fn resolve_member<'s>(&self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.component_schema(reference),
        }
    }

    /// The members of an externally tagged union, if every member is one.
    fn keyed_members<'s>(
        &self,
        members: &[(usize, &'s ReferenceOr<Schema>)],
        member_pointer: &dyn Fn(usize) -> String,
    ) -> Option<Vec<KeyedMember<'s>>>
    where
        'a: 's,
    {
        let mut keyed = Vec::new();
        let mut wires = HashSet::new();
        for (i, member) in members {
            let schema = self.resolve_member(member)?;
            let at = match member {
                ReferenceOr::Reference { reference } => {
                    crate::json_pointer::pointer(["components", "schemas", &ref_name(reference)])
                }
                ReferenceOr::Item(_) => member_pointer(*i),
            };
            let v = view::view(schema);
            let alternatives = !v.all_of.is_empty() || !v.one_of.is_empty() || !v.any_of.is_empty();
            if alternatives || v.items.is_some() || v.not {
                return None;
            }
            let entry = match v
                .properties
                .map(|p| p.iter().collect::<Vec<_>>())
                .as_deref()
            {
                Some([(key, value)]) => {
                    let closed =
                        matches!(v.additional, None | Some(AdditionalProperties::Any(false)));
                    let only_key_required = matches!(v.required, [r] if r == *key);
                    if !closed || !only_key_required || !matches!(v.typ, None | Some("object")) {
                        return None;
                    }
                    KeyedMember::Entry {
                        key: key.to_string(),
                        value,
                        pointer: format!(
                            "{at}/properties/{}",
                            crate::json_pointer::escape_pointer_segment(key)
                        ),
                    }
                }
                Some(_) => return None,
                None => {
                    let strings: Vec<String> = v
                        .enumeration
                        .iter()
                        .map(|e| e.as_str().map(str::to_string))
                        .collect::<Option<_>>()?;
                    if !matches!(v.typ, None | Some("string")) || strings.is_empty() {
                        return None;
                    }
                    KeyedMember::Units(strings)
                }
            };
            let names: Vec<&String> = match &entry {
                KeyedMember::Entry { key, .. } => vec![key],
                KeyedMember::Units(values) => values.iter().collect(),
            };
            for wire in names {
                if !wires.insert(wire.clone()) {
                    return None;
                }
            }
            keyed.push(entry);
        }
        keyed
            .iter()
            .any(|m| matches!(m, KeyedMember::Entry { .. }))
            .then_some(keyed)
    }

    /// Names for variants told apart by shape: a referenced schema's name,
    /// the member's title, its kind (`String`, `Array`...), a required
    /// property no other member has; `VariantN` when nothing better is given.
    fn shape_names(&self, members: &[(usize, &ReferenceOr<Schema>)]) -> Vec<String> {
        let properties: Vec<Vec<String>> = members
            .iter()
            .map(|(_, m)| {
                let mut names = Vec::new();
                self.property_names(m, &mut names, 0);
                names
            })
            .collect();
        let own_property = |n: usize, s: &Schema| {
            let own = |p: &&String| {
                properties
                    .iter()
                    .enumerate()
                    .all(|(other, names)| other == n || !names.contains(p))
            };
            let v = view::view(s);
            v.required
                .iter()
                .find(own)
                .or_else(|| properties[n].iter().find(own))
                .cloned()
        };
        let names: Vec<Option<String>> = members
            .iter()
            .enumerate()
            .map(|(n, (_, member))| match member {
                ReferenceOr::Reference { reference } => Some(ref_name(reference)),
                ReferenceOr::Item(s) => s
                    .schema_data
                    .title
                    .clone()
                    .or_else(|| kind_name(s).map(str::to_string))
                    .or_else(|| single_value(s))
                    .or_else(|| own_property(n, s)),
            })
            .collect();
        // Named by a property of their own only if every member can be.
        let by_property = names.iter().all(Option::is_some);
        members
            .iter()
            .zip(names)
            .map(|((i, member), name)| match (member, name) {
                (ReferenceOr::Item(s), Some(_))
                    if !by_property
                        && s.schema_data.title.is_none()
                        && kind_name(s).is_none()
                        && single_value(s).is_none() =>
                {
                    format!("Variant{i}")
                }
                (_, Some(name)) => name,
                (_, None) => format!("Variant{i}"),
            })
            .collect()
    }

    /// The tag property of the member `ty` is accepts `value` alone: a
    /// one-value enum there becomes strict, named after the value. Done once
    /// every type is lowered (a member may be a component lowered later).
    pub(super) fn make_tag_strict(&mut self, ty: &TypeRef, property: &str, value: &str) {
        let TypeRef::Named(member) = self.types.resolve(ty) else {
            return;
        };
        let TypeKind::Struct(s) = &self.types.get(*member).kind else {
            return;
        };
        let Some(field) = s.fields.iter().find(|f| f.wire_name == property) else {
            return;
        };
        let TypeRef::Named(tag) = self.types.resolve(&field.ty).clone() else {
            return;
        };
        let def = self.types.get_mut(tag);
        if let TypeKind::Enum(e) = &mut def.kind
            && e.repr == EnumRepr::String
            && matches!(e.variants.as_slice(), [only] if only.wire == value)
        {
            e.strict = true;
            // Named after the value, not after the first member it was met in.
            if !def.named_in_spec && def.title.is_none() {
                def.name = format!("{value} {property}");
            }
            if def.doc.is_none() {
                def.doc = Some(format!(
                    "`{value}`: the `{property}` of a value of the union member it tags, \
                     which says which member the value is."
                ));
            }
        }
    }
}

/// The schema name a `#/components/schemas/Name` reference ends with.
fn ref_name(reference: &str) -> String {
    reference
        .rsplit('/')
        .next()
        .map(unescape_pointer)
        .unwrap_or_default()
}

/// The one string a member allows (`enum: [auto]`), which names it.
fn single_value(schema: &Schema) -> Option<String> {
    let v = view::view(schema);
    let values: Vec<&Value> = v.enumeration.iter().filter(|e| !e.is_null()).collect();
    match values.as_slice() {
        [Value::String(only)] => Some(only.clone()),
        _ => None,
    }
}

/// `String`, `Integer`... for members that are plain values.
fn kind_name(schema: &Schema) -> Option<&'static str> {
    let v = view::view(schema);
    Some(match v.typ? {
        "string" if v.enumeration.is_empty() => "String",
        "integer" => "Integer",
        "number" => "Number",
        "boolean" => "Boolean",
        "array" => "Array",
        // No properties: a JSON object map (qdrant's named vectors).
        "object" if v.properties.is_none_or(|p| p.is_empty()) => "Map",
        _ => return None,
    })
}
