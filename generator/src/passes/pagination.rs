//! Pagination: which operations can stream their items page after page.
//!
//! Two shapes are detected, on GET operations with one JSON success body:
//! - offset pages: optional integer `limit` and `offset` query parameters
//!   and an array answer (a short page is the last);
//! - cursor pages: an optional string query parameter named `page_token`,
//!   `cursor`, `after`, `starting_after`, `next`, `page` (and a few
//!   spellings of these), and an object answer with one array of items and
//!   either a next-cursor field (`next_page`, `next_cursor`, `next`,
//!   `next_page_token`, ...; absent, null or empty ends the stream) or a
//!   `has_more` flag with the cursor taken from a `last_id` field or the
//!   last item's `id`. A `has_more` beside a next-cursor field is read too;
//! - link pages: an array answer whose success response documents a `Link`
//!   header; the query parameters of its `rel="next"` URL are set on the
//!   next request (to the same operation), so at least one optional query
//!   parameter of a primitive type must be there to take them.
//!
//! A manifest entry (`[service.cursor_pages]`) names the fields of a shape
//! that is not detected; a name it gives that the spec lacks is a warning.

use super::options::CursorFields;
use crate::ir::*;
use std::collections::BTreeMap;

/// Page size when the spec states no maximum and no default.
const FALLBACK_PAGE_SIZE: i64 = 100;

/// Cursor parameters, by wire name (compared without case, `_` and `-`).
const CURSOR_PARAMS: &[&str] = &[
    "pagetoken",
    "cursor",
    "pagecursor",
    "after",
    "startingafter",
    "next",
    "nexttoken",
    "page",
    "continuationtoken",
];
/// Fields of the page that give the next cursor.
const NEXT_FIELDS: &[&str] = &[
    "nextpage",
    "nextcursor",
    "next",
    "nextpagetoken",
    "nexttoken",
    "continuationtoken",
];
/// Fields of the page holding the items, when it has more than one array.
const ITEMS_FIELDS: &[&str] = &["items", "data", "results", "entries"];

pub fn detect_pagination(api: &mut Api, overrides: &BTreeMap<String, CursorFields>) {
    let mut warnings = Vec::new();
    for op in &mut api.operations {
        let wanted = op.operation_id.as_ref().and_then(|id| overrides.get(id));
        op.pagination = match wanted {
            Some(fields) => match cursor_override(&api.types, op, fields) {
                Ok(pages) => Some(Pagination::Cursor(pages)),
                Err(why) => {
                    warnings.push(Warning {
                        pointer: op.pointer.clone(),
                        message: format!("the manifest's cursor_pages entry is not used: {why}"),
                    });
                    None
                }
            },
            None => offset_pages(&api.types, op)
                .map(Pagination::Offset)
                .or_else(|| cursor_pages(&api.types, op).map(Pagination::Cursor))
                .or_else(|| link_pages(&api.types, op).map(Pagination::Link)),
        };
    }
    api.warnings.extend(warnings);
}

/// `page_token`, `Page-Token` and `pageToken` alike.
fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

fn query_param(op: &Operation, wire: &str, ok: impl Fn(&Parameter) -> bool) -> Option<usize> {
    op.parameters.iter().position(|p| {
        p.location == ParamLocation::Query && !p.required && squash(&p.wire_name) == wire && ok(p)
    })
}

fn integer_query_param(types: &TypeSpace, op: &Operation, wire: &str) -> Option<usize> {
    query_param(op, wire, |p| {
        matches!(
            types.resolve(&p.ty),
            TypeRef::Primitive(int) if int.integer_range().is_some()
        )
    })
}

fn is_string(types: &TypeSpace, ty: &TypeRef) -> bool {
    matches!(types.resolve(ty), TypeRef::Primitive(Primitive::String))
}

/// The JSON body of a GET operation's one success response (what `send`
/// then returns as it is).
fn success_json(op: &Operation) -> Option<&TypeRef> {
    if op.method != Method::Get {
        return None;
    }
    let mut successes = op.responses.iter().filter(|r| r.status.is_success());
    let only = successes.next()?;
    if successes.next().is_some() {
        return None;
    }
    match &only.body {
        Some(ResponseBody {
            kind: ResponseKind::Json(ty),
            ..
        }) => Some(ty),
        _ => None,
    }
}

fn offset_pages(types: &TypeSpace, op: &Operation) -> Option<OffsetPages> {
    let limit = integer_query_param(types, op, "limit")?;
    let offset = integer_query_param(types, op, "offset")?;
    let item = match types.resolve(success_json(op)?) {
        TypeRef::Array(item) => (**item).clone(),
        _ => return None,
    };
    let limit_param = &op.parameters[limit];
    let page_size = limit_param
        .constraints
        .maximum
        .map(|m| m as i64)
        .or_else(|| {
            limit_param
                .default
                .as_ref()
                .and_then(serde_json::Value::as_i64)
        })
        .filter(|n| *n > 0)
        .unwrap_or(FALLBACK_PAGE_SIZE);
    Some(OffsetPages {
        limit,
        offset,
        page_size,
        item,
    })
}

fn link_pages(types: &TypeSpace, op: &Operation) -> Option<LinkPages> {
    let item = match types.resolve(success_json(op)?) {
        TypeRef::Array(item) => (**item).clone(),
        _ => return None,
    };
    if !op.responses.iter().any(|r| r.status.is_success() && r.link) {
        return None;
    }
    let params: Vec<usize> = op
        .parameters
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.location == ParamLocation::Query
                && !p.required
                && matches!(
                    types.resolve(&p.ty),
                    TypeRef::Primitive(
                        Primitive::String
                            | Primitive::Bool
                            | Primitive::I32
                            | Primitive::I64
                            | Primitive::U64
                            | Primitive::F32
                            | Primitive::F64
                    )
                )
        })
        .map(|(i, _)| i)
        .collect();
    (!params.is_empty()).then_some(LinkPages { params, item })
}

/// The struct a type names, with its id (aliases followed).
fn struct_of<'a>(types: &'a TypeSpace, ty: &TypeRef) -> Option<(TypeId, &'a StructDef)> {
    match types.resolve(ty) {
        TypeRef::Named(id) => match &types.get(*id).kind {
            TypeKind::Struct(s) => Some((*id, s)),
            _ => None,
        },
        _ => None,
    }
}

/// The field's type with an optional wrapper taken off.
fn bare_type<'a>(types: &'a TypeSpace, field: &'a Field) -> &'a TypeRef {
    match types.resolve(&field.ty) {
        TypeRef::Option(inner) => types.resolve(inner),
        other => other,
    }
}

fn string_field(types: &TypeSpace, s: &StructDef, names: &[&str]) -> Option<usize> {
    s.fields.iter().position(|f| {
        !f.boxed
            && names.contains(&squash(&f.wire_name).as_str())
            && is_string(types, bare_type(types, f))
    })
}

fn has_more_field(types: &TypeSpace, s: &StructDef, name: Option<&str>) -> Option<usize> {
    s.fields.iter().position(|f| {
        !f.boxed
            && match name {
                Some(name) => f.wire_name == name,
                None => squash(&f.wire_name) == "hasmore",
            }
            && matches!(bare_type(types, f), TypeRef::Primitive(Primitive::Bool))
    })
}

/// The array of items: the page's only array field, or one named like it.
fn items_field(types: &TypeSpace, s: &StructDef, name: Option<&str>) -> Option<(usize, TypeRef)> {
    let arrays: Vec<(usize, &TypeRef)> = s
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.boxed)
        .filter_map(|(i, f)| match bare_type(types, f) {
            TypeRef::Array(item) => Some((i, &**item)),
            _ => None,
        })
        .collect();
    let found = match name {
        Some(name) => arrays.iter().find(|(i, _)| s.fields[*i].wire_name == name),
        None if arrays.len() == 1 => arrays.first(),
        None => arrays
            .iter()
            .find(|(i, _)| ITEMS_FIELDS.contains(&squash(&s.fields[*i].wire_name).as_str())),
    };
    found.map(|(i, item)| (*i, (*item).clone()))
}

fn cursor_pages(types: &TypeSpace, op: &Operation) -> Option<CursorPages> {
    let cursor = CURSOR_PARAMS
        .iter()
        .find_map(|name| query_param(op, name, |p| is_string(types, &p.ty)))?;
    let (page, s) = struct_of(types, success_json(op)?)?;
    let (items, item) = items_field(types, s, None)?;
    let has_more = has_more_field(types, s, None);
    let next = match string_field(types, s, NEXT_FIELDS) {
        Some(field) => NextCursor::PageField(field),
        // Without a next-cursor field, `has_more` says whether to go on
        // and the last id is the cursor.
        None => {
            has_more?;
            match string_field(types, s, &["lastid"]) {
                Some(field) => NextCursor::PageField(field),
                None => {
                    let (item_id, item_struct) = struct_of(types, &item)?;
                    let field = string_field(types, item_struct, &["id"])?;
                    NextCursor::LastItemField {
                        item: item_id,
                        field,
                    }
                }
            }
        }
    };
    Some(CursorPages {
        cursor,
        page,
        items,
        item,
        has_more,
        next,
    })
}

/// Cursor pages as the manifest names them; the reason when they do not fit.
fn cursor_override(
    types: &TypeSpace,
    op: &Operation,
    fields: &CursorFields,
) -> Result<CursorPages, String> {
    let cursor = query_param(op, &squash(&fields.cursor), |p| {
        p.wire_name == fields.cursor && is_string(types, &p.ty)
    })
    .ok_or_else(|| format!("no optional string query parameter `{}`", fields.cursor))?;
    let body = success_json(op).ok_or("not a GET with one JSON success body")?;
    let (page, s) = struct_of(types, body).ok_or("the success body is not an object")?;
    let (items, item) = items_field(types, s, Some(&fields.items))
        .ok_or_else(|| format!("no array field `{}` in the page", fields.items))?;
    let has_more = match &fields.has_more {
        Some(name) => Some(
            has_more_field(types, s, Some(name))
                .ok_or_else(|| format!("no boolean field `{name}` in the page"))?,
        ),
        None => None,
    };
    let string_named = |s: &StructDef, name: &str| {
        s.fields
            .iter()
            .position(|f| !f.boxed && f.wire_name == name && is_string(types, bare_type(types, f)))
    };
    let next = match (&fields.next, &fields.last_item) {
        (Some(name), None) => NextCursor::PageField(
            string_named(s, name).ok_or_else(|| format!("no string field `{name}` in the page"))?,
        ),
        (None, Some(name)) if has_more.is_some() => {
            let (item_id, item_struct) =
                struct_of(types, &item).ok_or("the items are not objects")?;
            NextCursor::LastItemField {
                item: item_id,
                field: string_named(item_struct, name)
                    .ok_or_else(|| format!("no string field `{name}` in an item"))?,
            }
        }
        (None, Some(_)) => return Err("`last_item` needs `has_more`".into()),
        _ => return Err("name exactly one of `next` and `last_item`".into()),
    };
    Ok(CursorPages {
        cursor,
        page,
        items,
        item,
        has_more,
        next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::test_builder::{
        field, json_body, operation, parameter, response, struct_of, type_def,
    };

    fn string() -> TypeRef {
        TypeRef::Primitive(Primitive::String)
    }

    fn optional(mut f: Field) -> Field {
        f.required = false;
        f
    }

    fn query(wire: &str, ty: TypeRef) -> Parameter {
        Parameter {
            required: false,
            ..parameter(wire, ParamLocation::Query, ty)
        }
    }

    /// An API with one `GET` answering a struct of `fields` (items are
    /// `Item { id }`), taking `params`.
    fn api_with(params: Vec<Parameter>, fields: Vec<Field>) -> (Api, TypeId) {
        let mut api = Api::default();
        let item = api
            .types
            .add(type_def("Item", struct_of(vec![field("id", string())])));
        let fields = fields
            .into_iter()
            .map(|mut f| {
                if f.ty == TypeRef::Any {
                    f.ty = TypeRef::Array(Box::new(TypeRef::Named(item)));
                }
                f
            })
            .collect();
        let page = api.types.add(type_def("Page", struct_of(fields)));
        let mut op = operation("list");
        op.parameters = params;
        op.responses = vec![Response {
            body: Some(json_body(TypeRef::Named(page))),
            ..response(StatusMatch::Code(200), "a page")
        }];
        api.operations.push(op);
        (api, item)
    }

    fn cursor_of(api: &Api) -> Option<&CursorPages> {
        match &api.operations[0].pagination {
            Some(Pagination::Cursor(p)) => Some(p),
            _ => None,
        }
    }

    // `TypeRef::Any` below stands for "an array of Item".
    #[test]
    fn a_page_token_and_a_next_page_field_page_by_cursor() {
        let (mut api, _) = api_with(
            vec![
                query("limit", TypeRef::Primitive(Primitive::I32)),
                query("page_token", string()),
            ],
            vec![
                field("items", TypeRef::Any),
                optional(field("next_page", string())),
            ],
        );
        detect_pagination(&mut api, &BTreeMap::new());
        let pages = cursor_of(&api).expect("cursor pages");
        assert_eq!((pages.cursor, pages.items, pages.has_more), (1, 0, None));
        assert_eq!(pages.next, NextCursor::PageField(1));
    }

    #[test]
    fn has_more_takes_last_id_or_else_the_last_items_id() {
        let (mut api, _) = api_with(
            vec![query("after", string())],
            vec![
                field("data", TypeRef::Any),
                field("last_id", string()),
                field("has_more", TypeRef::Primitive(Primitive::Bool)),
            ],
        );
        detect_pagination(&mut api, &BTreeMap::new());
        let pages = cursor_of(&api).expect("cursor pages");
        assert_eq!(
            (pages.next.clone(), pages.has_more),
            (NextCursor::PageField(1), Some(2))
        );

        let (mut api, item) = api_with(
            vec![query("starting_after", string())],
            vec![
                field("data", TypeRef::Any),
                field("has_more", TypeRef::Primitive(Primitive::Bool)),
            ],
        );
        detect_pagination(&mut api, &BTreeMap::new());
        let pages = cursor_of(&api).expect("cursor pages");
        assert_eq!(pages.next, NextCursor::LastItemField { item, field: 0 });
    }

    #[test]
    fn a_cursor_without_a_next_field_or_has_more_is_not_paged() {
        let (mut api, _) = api_with(
            vec![query("cursor", string())],
            vec![
                field("items", TypeRef::Any),
                field("total", TypeRef::Primitive(Primitive::I64)),
            ],
        );
        detect_pagination(&mut api, &BTreeMap::new());
        assert!(api.operations[0].pagination.is_none());
    }

    #[test]
    fn a_manifest_entry_names_fields_and_a_wrong_one_is_a_warning() {
        let fields = || {
            vec![
                field("lines", TypeRef::Any),
                optional(field("resume", string())),
            ]
        };
        let entry = |next: &str| {
            BTreeMap::from([(
                "list".to_string(),
                CursorFields {
                    cursor: "from".into(),
                    items: "lines".into(),
                    next: Some(next.into()),
                    last_item: None,
                    has_more: None,
                },
            )])
        };
        let (mut api, _) = api_with(vec![query("from", string())], fields());
        detect_pagination(&mut api, &entry("resume"));
        assert_eq!(
            cursor_of(&api).map(|p| p.next.clone()),
            Some(NextCursor::PageField(1))
        );
        assert!(api.warnings.is_empty());

        let (mut api, _) = api_with(vec![query("from", string())], fields());
        detect_pagination(&mut api, &entry("resume_from"));
        assert!(api.operations[0].pagination.is_none());
        assert!(
            api.warnings[0]
                .message
                .contains("no string field `resume_from`"),
            "{:?}",
            api.warnings
        );
    }

    #[test]
    fn an_array_answer_documenting_link_pages_by_link_through_its_query_parameters() {
        let mut api = Api::default();
        let mut op = operation("statuses");
        op.parameters = vec![
            query("max_id", string()),
            query("tags", TypeRef::Array(Box::new(string()))),
            parameter("account", ParamLocation::Path, string()),
        ];
        op.responses = vec![Response {
            body: Some(json_body(TypeRef::Array(Box::new(string())))),
            link: true,
            ..response(StatusMatch::Code(200), "a page")
        }];
        api.operations.push(op.clone());
        // Without a documented `Link` header, the same operation does not page.
        op.responses[0].link = false;
        api.operations.push(op);
        detect_pagination(&mut api, &BTreeMap::new());
        match &api.operations[0].pagination {
            Some(Pagination::Link(pages)) => assert_eq!(pages.params, [0]),
            other => panic!("link pages expected, got {other:?}"),
        }
        assert!(api.operations[1].pagination.is_none());
    }
}
