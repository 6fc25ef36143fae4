//! The type space: every named type the generated code defines, addressed by
//! [`TypeId`], and the references fields and parameters make to them.

/// Index of a type in [`TypeSpace::defs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    pub defs: Vec<TypeDef>,
}

impl TypeSpace {
    pub fn add(&mut self, def: TypeDef) -> TypeId {
        self.defs.push(def);
        TypeId(self.defs.len() - 1)
    }

    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }

    pub fn get_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.defs[id.0]
    }

    /// Follows aliases to the type that is really meant.
    pub fn resolve<'a>(&'a self, mut ty: &'a TypeRef) -> &'a TypeRef {
        for _ in 0..64 {
            match ty {
                TypeRef::Named(id) => match &self.get(*id).kind {
                    TypeKind::Alias(inner) => ty = inner,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    pub fn ids(&self) -> impl Iterator<Item = TypeId> + use<> {
        (0..self.defs.len()).map(TypeId)
    }
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name (PascalCase after the naming pass).
    pub name: String,
    /// Where the schema is written in the spec, a JSON pointer.
    pub origin: String,
    /// True for schemas the spec names itself (components); false for inline ones,
    /// named from where they occur.
    pub named_in_spec: bool,
    /// The schema's `title`, which names inline schemas when present.
    pub title: Option<String>,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// Set by unification: this type was merged into another and is not emitted.
    pub merged_into: Option<TypeId>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
    /// Another name for a type (a named schema that is just `string`, an array...).
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StructDef {
    pub fields: Vec<Field>,
    /// `additionalProperties` beside declared properties: kept in a flattened map.
    pub additional: Option<TypeRef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    /// Rust name, set by the naming pass.
    pub name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub read_only: bool,
    pub write_only: bool,
    /// Set by the cycle pass: the field needs `Box` to break a recursive type.
    pub boxed: bool,
}

impl Field {
    /// Absent or null both decode to `None`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    pub repr: EnumRepr,
    pub variants: Vec<EnumVariant>,
    /// Accepts its listed values only, with no catch-all for newer ones: the
    /// one value a union member pins its tag property to, which must not
    /// decode another member's value.
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The value on the wire (for integer enums, its decimal text).
    pub wire: String,
    /// Rust name, set by the naming pass.
    pub name: String,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    pub variants: Vec<UnionVariant>,
    pub tagging: Tagging,
}

/// How a union's value says which variant it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Tagging {
    /// Only by its shape: a value decodes as the variant that keeps the most of it.
    Untagged,
    /// A property names the variant (`{"type": "started", ...}`); each member
    /// keeps the property as a field of its own.
    Internal(Discriminator),
    /// The one key of an object names the variant (`{"pong": {...}}`); a
    /// variant without a value is the bare string (`"ping"`). Each variant's
    /// key is its `wire`.
    External,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust name, set by the naming pass (starts as a hint from the spec).
    pub name: String,
    pub ty: TypeRef,
    /// Set by the cycle pass: the variant needs `Box` to break a recursive type.
    pub boxed: bool,
    /// Externally tagged unions: the key that names the variant (for a unit
    /// variant, the string itself).
    pub wire: Option<String>,
    /// A variant that carries no value (`ty` is unused).
    pub unit: bool,
}

impl UnionVariant {
    pub fn new(name: String, ty: TypeRef) -> Self {
        UnionVariant {
            name,
            ty,
            boxed: false,
            wire: None,
            unit: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    pub property: String,
    /// (wire value, index into `variants`)
    pub mapping: Vec<(String, usize)>,
    /// Not written in the spec as a `discriminator`: every member pins the
    /// property to a value of its own.
    pub inferred: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    Named(TypeId),
    Primitive(Primitive),
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    /// Any JSON value: free-form, or a fallback where no exact type could be made.
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Primitive {
    String,
    Bool,
    I32,
    I64,
    U64,
    F32,
    F64,
    /// Binary data (`format: binary`). Inside JSON it can only be text,
    /// kept as `String`; a multipart body's binary field is a [`Primitive::File`].
    Bytes,
    /// Bytes sent as base64 text (`format: byte`).
    Base64,
    /// A file sent as a part of a multipart body (set by the multipart pass).
    File,
}
