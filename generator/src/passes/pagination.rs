//! Pagination: an operation that takes optional integer `limit` and `offset`
//! query parameters and answers with a JSON array pages by limit and offset,
//! so the client can also stream its items page after page.

use crate::ir::*;

/// Page size when the spec states no maximum and no default.
const FALLBACK_PAGE_SIZE: i64 = 100;

pub fn detect_pagination(api: &mut Api) {
    for op in &mut api.operations {
        op.pagination = pagination_of(&api.types, op);
    }
}

fn integer_query_param(types: &TypeSpace, op: &Operation, wire: &str) -> Option<usize> {
    op.parameters.iter().position(|p| {
        p.location == ParamLocation::Query
            && !p.required
            && p.wire_name.eq_ignore_ascii_case(wire)
            && matches!(
                types.resolve(&p.ty),
                TypeRef::Primitive(int) if int.integer_range().is_some()
            )
    })
}

fn pagination_of(types: &TypeSpace, op: &Operation) -> Option<Pagination> {
    if op.method != Method::Get {
        return None;
    }
    let limit = integer_query_param(types, op, "limit")?;
    let offset = integer_query_param(types, op, "offset")?;
    let mut bodies = op
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .filter_map(|r| r.body.as_ref());
    let item = match bodies.next() {
        Some(ResponseBody {
            kind: ResponseKind::Json(ty),
            ..
        }) => match types.resolve(ty) {
            TypeRef::Array(item) => (**item).clone(),
            _ => return None,
        },
        _ => return None,
    };
    if bodies.next().is_some() {
        return None;
    }
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
    Some(Pagination {
        limit,
        offset,
        page_size,
        item,
    })
}
