//! Typed string formats after lowering: `formats = "strings"` (manifest) or
//! `--string-formats` (CLI) keeps `date-time`, `date`, `time` and `uuid` as
//! `String`, for users who want the text as the server wrote it (integer
//! sizes are kept: they say no more than JSON does); otherwise the spec's
//! own examples are checked against the typed formats' parsers.

use super::enums::visit_type_refs;
use crate::ir::*;

/// Turns every typed string format back into `String`.
pub fn keep_string_formats(api: &mut Api) {
    visit_type_refs(api, to_string);
    for op in &mut api.operations {
        for p in &mut op.parameters {
            p.layout = None;
        }
    }
}

fn to_string(ty: &mut TypeRef) {
    match ty {
        TypeRef::Primitive(p) if p.is_string_format() => *p = Primitive::String,
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => to_string(inner),
        TypeRef::Primitive(_) | TypeRef::Named(_) | TypeRef::Any => {}
    }
}

/// Warns where the spec's own examples write a `date-time`, `date`, `time`
/// or `uuid` value the client's type refuses (a naive `2024-08-09T12:08:34`,
/// a short uuid): a server that answers like its examples fails to decode,
/// and the warning names the way out. One warning per example, at its
/// first such value.
pub fn check_examples(api: &mut Api) {
    let mut warnings = Vec::new();
    for example in &api.examples {
        let ExampleCheck::Decode { ty, value } = &example.check else {
            continue;
        };
        let mut path = String::new();
        if let Some((format, text)) = first_refused(&api.types, ty, value, &mut path, 0) {
            let at = if path.is_empty() {
                String::new()
            } else {
                format!(" at `{path}`")
            };
            warnings.push(Warning {
                pointer: example.pointer.clone(),
                message: format!(
                    "this example writes a `{format}`{at} as {text:?}, which the client's type \
                     does not read: a server answering like it fails to decode \
                     (`Error::Decode`); the manifest's `formats = \"strings\"` (CLI \
                     `--string-formats`) keeps these values as text"
                ),
            });
        }
    }
    api.warnings.extend(warnings);
}

/// The first typed-format value in `value` (of type `ty`) that does not
/// parse, with its format; `path` is left at its place.
fn first_refused<'v>(
    types: &TypeSpace,
    ty: &TypeRef,
    value: &'v serde_json::Value,
    path: &mut String,
    depth: usize,
) -> Option<(&'static str, &'v str)> {
    // Examples are finite trees; the bound only guards recursive types.
    if depth > 64 {
        return None;
    }
    // `step` is an index (`[0]`) or a property name, which takes a `.`
    // after another step.
    let mut within = |ty: &TypeRef, value: &'v serde_json::Value, step: String| {
        let len = path.len();
        if !(path.is_empty() || step.is_empty() || step.starts_with('[')) {
            path.push('.');
        }
        path.push_str(&step);
        let found = first_refused(types, ty, value, path, depth + 1);
        if found.is_none() {
            path.truncate(len);
        }
        found
    };
    match (types.resolve(ty), value) {
        (TypeRef::Primitive(p), serde_json::Value::String(text)) => {
            refuses(*p, text).map(|format| (format, text.as_str()))
        }
        (TypeRef::Option(inner), value) => within(inner, value, String::new()),
        (TypeRef::Array(item), serde_json::Value::Array(values)) => values
            .iter()
            .enumerate()
            .find_map(|(i, v)| within(item, v, format!("[{i}]"))),
        (TypeRef::Map(item), serde_json::Value::Object(values)) => {
            values.iter().find_map(|(k, v)| within(item, v, k.clone()))
        }
        (TypeRef::Named(id), serde_json::Value::Object(values)) => {
            // Unions and enums are left alone: which member a value is, is
            // the runtime's to decide.
            let TypeKind::Struct(def) = &types.get(*id).kind else {
                return None;
            };
            values.iter().find_map(
                |(k, v)| match def.fields.iter().find(|f| f.wire_name == *k) {
                    Some(field) => within(&field.ty, v, k.clone()),
                    None => def
                        .additional
                        .as_ref()
                        .and_then(|a| within(a, v, k.clone())),
                },
            )
        }
        _ => None,
    }
}

/// The format whose parser refuses `text`, if `p` is a typed format.
fn refuses(p: Primitive, text: &str) -> Option<&'static str> {
    let parses = match p {
        Primitive::DateTime => text
            .parse::<chrono::DateTime<chrono::FixedOffset>>()
            .is_ok(),
        Primitive::Date => text.parse::<chrono::NaiveDate>().is_ok(),
        Primitive::Time => text.parse::<chrono::NaiveTime>().is_ok(),
        Primitive::Uuid => text.parse::<uuid::Uuid>().is_ok(),
        _ => true,
    };
    let format = match p {
        Primitive::DateTime => "date-time",
        Primitive::Date => "date",
        Primitive::Time => "time",
        _ => "uuid",
    };
    (!parses).then_some(format)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::test_builder::{parameter, type_def};

    #[test]
    fn string_formats_become_strings_and_integers_keep_their_size() {
        let mut api = Api::default();
        let date_time = TypeRef::Primitive(Primitive::DateTime);
        let alias = api.types.add(type_def(
            "Stamps",
            TypeKind::Alias(TypeRef::Array(Box::new(TypeRef::Option(Box::new(
                date_time.clone(),
            ))))),
        ));
        let mut from = parameter("from", ParamLocation::Query, date_time);
        from.layout = Some(DateTimeLayout::UtcMillis);
        let count = parameter("n", ParamLocation::Query, TypeRef::Primitive(Primitive::U8));
        api.operations.push(Operation {
            parameters: vec![from, count],
            ..crate::ir::test_builder::operation("list")
        });
        keep_string_formats(&mut api);
        let string = TypeRef::Primitive(Primitive::String);
        assert_eq!(
            api.types.get(alias).kind,
            TypeKind::Alias(TypeRef::Array(Box::new(TypeRef::Option(Box::new(
                string.clone()
            )))))
        );
        let params = &api.operations[0].parameters;
        assert_eq!((&params[0].ty, params[0].layout), (&string, None));
        assert_eq!(params[1].ty, TypeRef::Primitive(Primitive::U8));
    }

    fn example(ty: TypeRef, value: serde_json::Value) -> Example {
        Example {
            pointer: "#/components/schemas/Feed/example".into(),
            schema_pointer: "#/components/schemas/Feed".into(),
            direction: Direction::Response,
            check: ExampleCheck::Decode { ty, value },
        }
    }

    #[test]
    fn examples_the_typed_formats_refuse_are_warned_of_at_their_place() {
        use crate::ir::test_builder::{field, struct_of};
        let mut api = Api::default();
        let entry = api.types.add(type_def(
            "Entry",
            struct_of(vec![
                field("at", TypeRef::Primitive(Primitive::DateTime)),
                field("id", TypeRef::Primitive(Primitive::Uuid)),
            ]),
        ));
        let feed = TypeRef::Array(Box::new(TypeRef::Named(entry)));
        let good = serde_json::json!([
            {"at": "2024-08-09T12:08:34.847381Z", "id": "957df309-c907-4b77-abe5-15dd00c08112"}
        ]);
        // FastAPI's naive `datetime`, as the Arthur spec's examples write it.
        let naive = serde_json::json!([
            {"at": "2024-08-09T12:08:34Z"},
            {"at": "2024-08-09T12:08:34.847381"}
        ]);
        let short_id = serde_json::json!([{"id": "1725ff4-0000-4000-8000-000000000000"}]);
        api.examples = vec![
            example(feed.clone(), good),
            example(feed.clone(), naive),
            example(feed, short_id),
        ];
        check_examples(&mut api);
        let messages: Vec<&str> = api.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:#?}");
        assert!(
            messages[0].starts_with(
                "this example writes a `date-time` at `[1].at` as \"2024-08-09T12:08:34.847381\""
            ),
            "{}",
            messages[0]
        );
        assert!(messages[0].contains("`formats = \"strings\"`"));
        assert!(
            messages[1].contains("a `uuid` at `[0].id`"),
            "{}",
            messages[1]
        );
        assert_eq!(api.warnings[0].pointer, "#/components/schemas/Feed/example");
    }
}
