//! Naming: every operation, parameter, field, type and variant gets a valid,
//! collision-free Rust identifier. Wire names stay in the IR beside them.

use super::options::PassOptions;
use crate::ir::*;
use heck::{ToPascalCase, ToSnakeCase};
use std::collections::{HashMap, HashSet};

/// Rust keywords (2024 edition, reserved ones included).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names the generated code uses itself (prelude and runtime), which a
/// spec's type must not shadow.
const RESERVED_TYPES: &[&str] = &[
    "String",
    "Vec",
    "Option",
    "Result",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Iterator",
    "ToString",
    "From",
    "Into",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "HashMap",
    "Value",
    "Map",
    "Error",
    "Client",
    "ClientBuilder",
    "Credentials",
    "Self",
    "Serialize",
    "Deserialize",
    "Debug",
    "Display",
    "PartialEq",
    "Eq",
    "Hash",
    "Ord",
    "PartialOrd",
    "ToOwned",
    "AsRef",
    "AsMut",
    "Extend",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Unpin",
    "TryFrom",
    "TryInto",
    "FromIterator",
    "Bytes",
];

/// `raw` in snake_case, made a valid identifier (`r#type`, `n1st`...).
pub fn snake_ident(raw: &str) -> String {
    let ascii = ascii_words(raw);
    let mut s = ascii.to_snake_case();
    if s.is_empty() {
        s = "value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("n{s}");
    }
    escape_keyword(s)
}

/// `raw` in PascalCase, made a valid identifier.
pub fn pascal_ident(raw: &str) -> String {
    let ascii = ascii_words(raw);
    let mut s = ascii.to_pascal_case();
    if s.is_empty() {
        s = "Value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("V{s}");
    }
    // `Self` is the one keyword in PascalCase. A word, not a trailing `_`:
    // names are built on it (`SelfValueError`, `SelfValue2`), and `Self_Error`
    // or `Self_2` are not UpperCamelCase (rustc's non_camel_case_types).
    if KEYWORDS.contains(&s.as_str()) {
        s.push_str("Value");
    }
    s
}

/// Symbols become word breaks; `+` and `-` alone are given words so that
/// `[+, -]` or `[-1, 1]` do not collide.
fn ascii_words(raw: &str) -> String {
    let trimmed = raw.trim();
    match trimmed {
        "+" => return "plus".into(),
        "-" => return "minus".into(),
        "*" => return "star".into(),
        "" => return String::new(),
        _ => {}
    }
    let mut out = String::with_capacity(raw.len());
    if trimmed.starts_with('-') && trimmed[1..].starts_with(|c: char| c.is_ascii_digit()) {
        out.push_str("minus ");
    }
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    out
}

/// Whether `s` is a Rust keyword (reserved ones and `_` included).
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s) || NOT_RAW.contains(&s)
}

fn escape_keyword(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// Type names and tag names become file names (`docs/<module>/models/<Name>.md`),
/// which most file systems hold to 255 bytes: past this many bytes (deeply
/// nested inline schemas make such names) a name is cut, and a hash of the
/// whole name keeps cut names apart.
pub const MAX_FILE_STEM: usize = 120;

/// `stem`, cut to [`MAX_FILE_STEM`] bytes if longer (at a character boundary).
pub fn cap_file_stem(stem: String) -> String {
    if stem.len() <= MAX_FILE_STEM {
        return stem;
    }
    let mut hash: u32 = 0x811c_9dc5;
    for b in stem.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    let mut cut = MAX_FILE_STEM - 8;
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{hash:08X}", &stem[..cut])
}

/// Hands out names, adding a number to any that is taken.
#[derive(Default)]
struct Namespace {
    taken: HashSet<String>,
    /// Per base name, the number to try next: numbers below it are taken
    /// already, so many equal names cost linear time, not quadratic.
    next: HashMap<String, usize>,
}

impl Namespace {
    fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
            next: HashMap::new(),
        }
    }

    fn reserve(&mut self, reserved: &[&str]) {
        self.taken.extend(reserved.iter().map(|s| s.to_string()));
    }

    fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let base = wanted.trim_start_matches("r#").to_string();
        let mut n = self.next.get(&base).copied().unwrap_or(2);
        loop {
            let candidate = format!("{base}{n}");
            n += 1;
            if self.taken.insert(candidate.clone()) {
                self.next.insert(base, n);
                return candidate;
            }
        }
    }
}

/// The names generated code defines on its own beside those the spec gives,
/// by the type they live on. The emitters declare them (`emit::generated_names`,
/// next to the code that emits them); this pass keeps the spec's names clear
/// of them, so an operation or parameter can never take a name the
/// generated code already uses.
#[derive(Debug, Clone)]
pub struct GeneratedNames {
    /// Methods and associated functions of `Client` other than the
    /// operations: its own, those of the traits it implements, and those
    /// the prelude's blanket traits give every type.
    pub client_methods: Vec<&'static str>,
    /// Fields and methods of every request builder other than one per
    /// parameter (traits' methods included, as for `Client`).
    pub builder_members: Vec<&'static str>,
    /// Associated functions of `Credentials` other than one per security
    /// scheme.
    pub credentials_functions: Vec<&'static str>,
    /// The names the service module defines beside the operations' types
    /// (which it re-exports with a glob, which those names would hide).
    pub module_items: Vec<&'static str>,
    /// The types each operation defines, as suffixes of its type name
    /// (`""` for the request builder, `"Error"`...).
    pub operation_type_suffixes: Vec<&'static str>,
}

/// Client methods named by convention rather than by what the emitters
/// generate: `new` reads as a constructor (and clippy's `new_ret_no_self`
/// says so of one returning a request builder).
const CONVENTIONAL_CLIENT_METHODS: &[&str] = &["new"];

pub fn assign_names(api: &mut Api, options: &PassOptions, generated: &GeneratedNames) {
    name_types(&mut api.types, options);
    name_operations(&mut api.operations, options, generated);
    name_credentials(&mut api.credentials, generated);
}

fn name_types(types: &mut TypeSpace, options: &PassOptions) {
    let mut names = Namespace::with_reserved(RESERVED_TYPES);
    // Spec-named types claim their names before inline ones.
    let mut order: Vec<TypeId> = types
        .ids()
        .filter(|id| types.get(*id).merged_into.is_none())
        .collect();
    order.sort_by_key(|id| !types.get(*id).named_in_spec);
    for id in order {
        let def = types.get_mut(id);
        let mut wanted = pascal_ident(&def.name);
        if let Some(renamed) = options.type_names.get(&wanted) {
            wanted = pascal_ident(renamed);
        }
        if RESERVED_TYPES.contains(&wanted.as_str()) {
            wanted.push_str("Model");
        }
        def.name = names.claim(cap_file_stem(wanted));
        match &mut def.kind {
            TypeKind::Struct(s) => {
                let mut fields = Namespace::with_reserved(&["additional_properties"]);
                for f in &mut s.fields {
                    f.name = fields.claim(snake_ident(&f.wire_name));
                }
            }
            TypeKind::Enum(e) => {
                let mut variants = Namespace::with_reserved(&["Unknown"]);
                for v in &mut e.variants {
                    let base = if e.repr == EnumRepr::Integer {
                        format!("V{}", v.wire)
                    } else {
                        v.wire.clone()
                    };
                    v.name = variants.claim(pascal_ident(&base));
                }
            }
            TypeKind::Union(u) => {
                let mut variants = Namespace::with_reserved(&["Unknown"]);
                for v in &mut u.variants {
                    v.name = variants.claim(pascal_ident(&v.name));
                }
            }
            TypeKind::Alias(_) => {}
        }
    }
}

/// FastAPI appends the path and method to every operationId
/// (`create_api_key_auth_api_keys__post`); the function name is what is meant.
fn strip_fastapi_suffix(operation_id: &str, path: &str, method: Method) -> Option<String> {
    let path_part: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let suffix = format!("{path_part}_{}", method.as_str().to_lowercase());
    let stripped = operation_id.strip_suffix(&suffix)?;
    (!stripped.is_empty()).then(|| stripped.to_string())
}

fn name_operations(
    operations: &mut [Operation],
    options: &PassOptions,
    generated: &GeneratedNames,
) {
    let mut methods = Namespace::with_reserved(&generated.client_methods);
    methods.reserve(CONVENTIONAL_CLIENT_METHODS);
    let mut type_names = Namespace::with_reserved(RESERVED_TYPES);
    type_names.reserve(&generated.module_items);
    for op in operations.iter_mut() {
        let renamed = op
            .operation_id
            .as_ref()
            .and_then(|id| options.operation_names.get(id));
        let wanted = match renamed {
            Some(name) => name.clone(),
            None => op
                .operation_id
                .as_deref()
                .and_then(|id| strip_fastapi_suffix(id, &op.path, op.method))
                .unwrap_or_else(|| op.name.clone()),
        };
        op.name = methods.claim(snake_ident(&wanted));
        // The builder, error and response types all derive from this name.
        let pascal = pascal_ident(op.name.trim_start_matches("r#"));
        op.type_name = claim_type_stem(&mut type_names, pascal, &generated.operation_type_suffixes);
        let mut params = Namespace::with_reserved(&generated.builder_members);
        for p in &mut op.parameters {
            p.name = params.claim(snake_ident(&p.wire_name));
        }
    }
}

/// Credentials constructors are named after security schemes (`api_key`,
/// or the scheme's own name): one named like a function `Credentials` has
/// already gets a number.
fn name_credentials(credentials: &mut [CredentialConstructor], generated: &GeneratedNames) {
    let mut names = Namespace::with_reserved(&generated.credentials_functions);
    for c in credentials {
        c.name = names.claim(std::mem::take(&mut c.name));
    }
}

/// A stem `S` such that `S` and `S` with each of `suffixes` (`SError`...)
/// are free.
fn claim_type_stem(names: &mut Namespace, wanted: String, suffixes: &[&str]) -> String {
    let suffixes: Vec<&str> = std::iter::once("")
        .chain(suffixes.iter().copied())
        .collect();
    let free = |ns: &Namespace, s: &str| {
        suffixes
            .iter()
            .all(|suffix| !ns.taken.contains(&format!("{s}{suffix}")))
    };
    let stem = if free(names, &wanted) {
        wanted
    } else {
        // Resume numbering where the last stem with this base stopped.
        let key = format!("{wanted}\u{0}stem");
        let mut n = names.next.get(&key).copied().unwrap_or(2);
        let stem = loop {
            let candidate = format!("{wanted}{n}");
            n += 1;
            if free(names, &candidate) {
                break candidate;
            }
        };
        names.next.insert(key, n);
        stem
    };
    for suffix in &suffixes {
        names.taken.insert(format!("{stem}{suffix}"));
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_valid() {
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("gen"), "r#gen");
        assert_eq!(snake_ident("fromDate"), "from_date");
        assert_eq!(snake_ident("1st"), "n1st");
        assert_eq!(snake_ident("@#!"), "value");
        assert_eq!(
            snake_ident("environments-find-deployment-logs"),
            "environments_find_deployment_logs"
        );
        assert_eq!(pascal_ident("IN_PROGRESS"), "InProgress");
        assert_eq!(pascal_ident("terraform-cli"), "TerraformCli");
        assert_eq!(pascal_ident("DEFAULT-RULE-ADMIN"), "DefaultRuleAdmin");
        assert_eq!(pascal_ident("Company Manager"), "CompanyManager");
        assert_eq!(pascal_ident("-"), "Minus");
        assert_eq!(pascal_ident("-1"), "Minus1");
        assert_eq!(pascal_ident("2xx"), "V2xx");
        assert_eq!(pascal_ident("Self"), "SelfValue");
    }

    /// rustc's test for UpperCamelCase (`non_camel_case_types`): no `_`
    /// next to a letter once leading and trailing ones are trimmed.
    fn is_upper_camel(name: &str) -> bool {
        let chars: Vec<char> = name.trim_matches('_').chars().collect();
        !chars.first().is_some_and(|c| c.is_lowercase())
            && !name.contains("__")
            && !chars.windows(2).any(|pair| {
                (pair[0].is_alphabetic() && pair[1] == '_')
                    || (pair[1].is_alphabetic() && pair[0] == '_')
                    || (pair[0] == '_' && pair[1].is_ascii_digit())
                    || (pair[1] == '_' && pair[0].is_ascii_digit())
            })
    }

    #[test]
    fn pascal_keywords_stay_upper_camel_case_when_numbered_or_suffixed() {
        // An enum value `Self` twice gave `Self_2`, an operation `self` the
        // error type `Self_Error`: warnings in every build.
        let mut ns = Namespace::default();
        let first = ns.claim(pascal_ident("Self"));
        let second = ns.claim(pascal_ident("self"));
        let mut types = Namespace::default();
        let stem = claim_type_stem(
            &mut types,
            pascal_ident(snake_ident("self").trim_start_matches("r#")),
            &["", "Error"],
        );
        for name in [first, second, stem.clone(), format!("{stem}Error")] {
            assert!(is_upper_camel(&name), "{name}");
        }
    }

    #[test]
    fn names_equal_after_case_conversion_are_numbered() {
        let mut ns = Namespace::default();
        let got: Vec<String> = ["ASC", "DESC", "asc", "desc"]
            .iter()
            .map(|v| ns.claim(pascal_ident(v)))
            .collect();
        assert_eq!(got, ["Asc", "Desc", "Asc2", "Desc2"]);
    }

    #[test]
    fn spec_names_leave_the_generated_members_free() {
        // Operations `transport` and `withCredentials` duplicated `Client`'s
        // methods, `clone` hid `Clone::clone` (the request builders call
        // `self.clone()`), and parameters `into_stream` or `clone` did the same
        // on a request builder: crates that did not compile.
        use crate::ir::test_builder::{operation, parameter};
        let generated = crate::emit::generated_names();
        let mut api = Api::default();
        for id in [
            "transport",
            "withCredentials",
            "clone",
            "builder",
            "listItems",
        ] {
            api.operations.push(operation(id));
        }
        for wire in ["into_stream", "clone", "send", "client", "limit"] {
            api.operations[4].parameters.push(parameter(
                wire,
                ParamLocation::Query,
                TypeRef::Primitive(Primitive::String),
            ));
        }
        assign_names(&mut api, &PassOptions::default(), &generated);
        let names: Vec<&str> = api.operations.iter().map(|op| op.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "transport2",
                "with_credentials2",
                "clone2",
                "builder2",
                "list_items"
            ]
        );
        let parameters: Vec<&str> = api.operations[4]
            .parameters
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(
            parameters,
            ["into_stream2", "clone2", "send2", "client2", "limit"]
        );
    }

    #[test]
    fn credentials_named_like_credentials_functions_are_numbered() {
        // A scheme `custom` or `and` had no constructor at all.
        let generated = crate::emit::generated_names();
        let mut api = Api::default();
        for name in ["custom", "and", "clone", "api_key"] {
            api.credentials.push(CredentialConstructor {
                name: name.into(),
                scheme: name.into(),
                description: None,
                kind: CredentialKind::Bearer,
            });
        }
        assign_names(&mut api, &PassOptions::default(), &generated);
        let names: Vec<&str> = api.credentials.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["custom2", "and2", "clone2", "api_key"]);
    }

    #[test]
    fn fastapi_operation_ids_lose_their_path_suffix() {
        assert_eq!(
            strip_fastapi_suffix(
                "create_api_key_auth_api_keys__post",
                "/auth/api_keys/",
                Method::Post
            )
            .as_deref(),
            Some("create_api_key")
        );
        assert_eq!(
            strip_fastapi_suffix(
                "get_api_key_auth_api_keys__api_key_id__get",
                "/auth/api_keys/{api_key_id}",
                Method::Get
            )
            .as_deref(),
            Some("get_api_key")
        );
        assert_eq!(strip_fastapi_suffix("listPets", "/pets", Method::Get), None);
    }
}
