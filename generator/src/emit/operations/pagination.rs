//! `into_stream` for operations that page by limit and offset, or by cursor.

use crate::emit::doc::doc_lines;
use crate::emit::rust_type::{TypeWriter, ident};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The name of the method that streams every item.
pub(super) const INTO_STREAM: &str = "into_stream";

/// The name of the private method of a link-paged operation's builder that
/// sends the request and also returns the next page's link.
pub(super) const SEND_PAGED: &str = "send_paged";

/// `into_stream` for operations that page, by whichever shape they page.
pub(super) fn pagination_stream(
    writer: &TypeWriter<'_>,
    op: &Operation,
    error: &proc_macro2::Ident,
) -> TokenStream {
    match &op.pagination {
        None => TokenStream::new(),
        Some(Pagination::Offset(pages)) => offset_stream(writer, op, pages, error),
        Some(Pagination::Cursor(pages)) => cursor_stream(writer, op, pages, error),
        Some(Pagination::Link(pages)) => link_stream(writer, op, pages, error),
    }
}

/// `into_stream` for operations that page by limit and offset.
fn offset_stream(
    writer: &TypeWriter<'_>,
    op: &Operation,
    pagination: &OffsetPages,
    error: &proc_macro2::Ident,
) -> TokenStream {
    let limit_param = &op.parameters[pagination.limit];
    let offset_param = &op.parameters[pagination.offset];
    let (limit, offset) = (ident(&limit_param.name), ident(&offset_param.name));
    let item = writer.ty(&pagination.item);
    let page_size = pagination.page_size;
    // The runtime counts in `i64`; the parameters may be any integer type.
    // How a stored value becomes an `i64` (none: it is one).
    let widen = |p: &Parameter| match writer.types.resolve(&p.ty) {
        TypeRef::Primitive(Primitive::I64) => None,
        TypeRef::Primitive(Primitive::U64) => {
            Some(quote! { |value| i64::try_from(value).unwrap_or(i64::MAX) })
        }
        _ => Some(quote! { i64::from }),
    };
    let narrow = |p: &Parameter, v: TokenStream| match writer.types.resolve(&p.ty) {
        TypeRef::Primitive(Primitive::I64) => v,
        TypeRef::Primitive(int) => {
            let int = crate::emit::rust_type::primitive(*int);
            quote! { #int::try_from(#v).unwrap_or(#int::MAX) }
        }
        _ => v,
    };
    let start_expr = match widen(offset_param) {
        None => quote! { self.#offset.unwrap_or(0) },
        Some(widen) => quote! { self.#offset.map(#widen).unwrap_or(0) },
    };
    let size_expr = match widen(limit_param) {
        None => quote! { self.#limit.unwrap_or(#page_size) },
        Some(widen) => quote! { self.#limit.map(#widen).unwrap_or(#page_size) },
    };
    let set_offset = narrow(offset_param, quote! { offset });
    let set_limit = narrow(limit_param, quote! { limit });
    let into_stream = format_ident!("{INTO_STREAM}");
    let doc = doc_lines(&format!(
        "Every item, fetched page after page: `{}` items a page (the most the API allows) unless `{}` was set, starting at `{}` (0 unless set). The stream ends after the first short or empty page, or the first error.",
        limit_param.wire_name,
        limit_param.name.trim_start_matches("r#"),
        offset_param.wire_name
    ));
    quote! {
        #doc
        pub fn #into_stream(self) -> impl runtime::Stream<Item = Result<#item, runtime::Error<#error>>> {
            let start = #start_expr;
            let page_size = #size_expr;
            runtime::paginate(start, page_size, move |offset, limit| {
                let mut page = self.clone();
                page.#offset = Option::Some(#set_offset);
                page.#limit = Option::Some(#set_limit);
                page.send()
            })
        }
    }
}

/// The Rust name of a struct's field, by index.
fn field_ident(types: &TypeSpace, id: TypeId, index: usize) -> Option<proc_macro2::Ident> {
    match &types.get(id).kind {
        TypeKind::Struct(s) => s.fields.get(index).map(|f| ident(&f.name)),
        _ => None,
    }
}

/// `into_stream` for operations that page by a cursor the server hands out.
fn cursor_stream(
    writer: &TypeWriter<'_>,
    op: &Operation,
    pages: &CursorPages,
    error: &proc_macro2::Ident,
) -> TokenStream {
    let types = writer.types;
    let cursor_param = &op.parameters[pages.cursor];
    let cursor = ident(&cursor_param.name);
    let item = writer.ty(&pages.item);
    let Some(items) = field_ident(types, pages.page, pages.items) else {
        return TokenStream::new();
    };
    let next = match &pages.next {
        NextCursor::PageField(index) => match field_ident(types, pages.page, *index) {
            Some(field) => quote! { runtime::PageCursor::into_cursor(body.#field) },
            None => return TokenStream::new(),
        },
        NextCursor::LastItemField { item, field } => match field_ident(types, *item, *field) {
            Some(field) => quote! {
                items.last().and_then(|item| runtime::PageCursor::into_cursor(item.#field.clone()))
            },
            None => return TokenStream::new(),
        },
    };
    let has_more = match pages.has_more {
        Some(index) => match field_ident(types, pages.page, index) {
            Some(field) => quote! { runtime::PageFlag::into_flag(body.#field) },
            None => return TokenStream::new(),
        },
        None => quote! { Option::None },
    };
    let read_next = match &pages.next {
        NextCursor::PageField(_) => quote! {
            let next = #next;
            let items = runtime::PageItems::into_items(body.#items);
        },
        NextCursor::LastItemField { .. } => quote! {
            let items = runtime::PageItems::into_items(body.#items);
            let next = #next;
        },
    };
    let ends = match (&pages.next, pages.has_more) {
        (NextCursor::LastItemField { .. }, _) => {
            "`has_more` is false (the last item's id is the next cursor)".to_string()
        }
        (NextCursor::PageField(_), Some(_)) => {
            "the page gives no next cursor or says there are no more".to_string()
        }
        (NextCursor::PageField(_), None) => "the page gives no next cursor".to_string(),
    };
    let doc = doc_lines(&format!(
        "Every item, fetched page after page: each page's cursor is sent as `{}` (starting from `{}` if set), every other parameter as set. The stream ends when {ends}, after the first error, and with `Error::Pagination` if the server repeats a cursor (rather than loop) or says more follow without giving one.",
        cursor_param.wire_name,
        cursor_param.name.trim_start_matches("r#"),
    ));
    let into_stream = format_ident!("{INTO_STREAM}");
    quote! {
        #doc
        pub fn #into_stream(self) -> impl runtime::Stream<Item = Result<#item, runtime::Error<#error>>> {
            let start = self.#cursor.clone();
            runtime::paginate_cursor(start, move |cursor| {
                let mut page = self.clone();
                page.#cursor = cursor;
                async move {
                    let body = page.send().await?;
                    let has_more = #has_more;
                    #read_next
                    Ok(runtime::CursorPage { items, next, has_more })
                }
            })
        }
    }
}

/// `into_stream` for operations whose pages link to the next one with a
/// `Link: <…>; rel="next"` header.
fn link_stream(
    writer: &TypeWriter<'_>,
    op: &Operation,
    pages: &LinkPages,
    error: &proc_macro2::Ident,
) -> TokenStream {
    let item = writer.ty(&pages.item);
    let arms = pages.params.iter().map(|&index| {
        let p = &op.parameters[index];
        let (wire, field) = (&p.wire_name, ident(&p.name));
        quote! { #wire => page.#field = Option::Some(runtime::link_value(&name, &value)?), }
    });
    let doc = doc_lines(&format!(
        "Every item, fetched page after page: while a page's `Link` header gives a `rel=\"next\"` URL, its query parameters ({}) are set on the next request, every other parameter kept as set; the URL's host and path are not followed (the next request goes to this operation, with the client's base URL). The stream ends when no next link is given, after the first error, and with `Error::Pagination` if the server repeats a link or one carries a parameter this operation does not take.",
        pages
            .params
            .iter()
            .map(|&i| format!("`{}`", op.parameters[i].wire_name))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let into_stream = format_ident!("{INTO_STREAM}");
    let send_paged = format_ident!("{SEND_PAGED}");
    quote! {
        #doc
        pub fn #into_stream(self) -> impl runtime::Stream<Item = Result<#item, runtime::Error<#error>>> {
            runtime::paginate_cursor(Option::None, move |link| {
                let mut page = self.clone();
                async move {
                    if let Some(link) = link {
                        for (name, value) in runtime::link_query(&link)? {
                            match name.as_str() {
                                #(#arms)*
                                _ => return Err(runtime::Error::Pagination(runtime::PaginationError::UnusableLink(format!("it sets `{name}`, which this operation does not take")))),
                            }
                        }
                    }
                    let (items, next) = page.#send_paged().await?;
                    Ok(runtime::CursorPage { items, next, has_more: Option::None })
                }
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::test_builder::{json_body, operation, parameter, response};
    use crate::ir::*;

    #[test]
    fn int32_page_parameters_are_widened_without_a_closure() {
        // `.map(|offset| i64::from(offset))`: clippy's redundant_closure.
        let mut op = operation("list_items");
        for wire in ["limit", "offset"] {
            let mut p = parameter(
                wire,
                ParamLocation::Query,
                TypeRef::Primitive(Primitive::I32),
            );
            p.required = false;
            op.parameters.push(p);
        }
        let mut ok = response(StatusMatch::Code(200), "a page");
        ok.body = Some(json_body(TypeRef::Array(Box::new(TypeRef::Primitive(
            Primitive::String,
        )))));
        op.responses.push(ok);
        let mut api = Api::default();
        api.operations.push(op);
        crate::passes::pagination::detect_pagination(&mut api, &Default::default());
        assert!(api.operations[0].pagination.is_some(), "it pages");
        let text =
            crate::emit::render(super::super::operations_module(&api, None)).expect("valid Rust");
        assert!(text.contains("self.offset.map(i64::from)"), "{text}");
        assert!(text.contains("self.limit.map(i64::from)"), "{text}");
        assert!(!text.contains("|offset|"), "{text}");
    }
}
