//! `formats = "strings"` (manifest) or `--string-formats` (CLI): `date-time`,
//! `date`, `time` and `uuid` stay `String`, for users who want the text as
//! the server wrote it. Integer sizes are kept: they say no more than JSON does.

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
}
