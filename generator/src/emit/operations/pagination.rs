//! `into_stream` for operations that page by limit and offset.

use crate::emit::doc::doc_lines;
use crate::emit::rust_type::{TypeWriter, ident};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The name of the method that streams every item.
pub(super) const INTO_STREAM: &str = "into_stream";

/// `into_stream` for operations that page by limit and offset.
pub(super) fn pagination_stream(
    writer: &TypeWriter<'_>,
    op: &Operation,
    error: &proc_macro2::Ident,
) -> TokenStream {
    let Some(pagination) = &op.pagination else {
        return TokenStream::new();
    };
    let limit_param = &op.parameters[pagination.limit];
    let offset_param = &op.parameters[pagination.offset];
    let (limit, offset) = (ident(&limit_param.name), ident(&offset_param.name));
    let item = writer.ty(&pagination.item);
    let page_size = pagination.page_size;
    // `i32` parameters are widened to the `i64` pages are counted in.
    let widened = |p: &Parameter| {
        matches!(
            writer.types.resolve(&p.ty),
            TypeRef::Primitive(Primitive::I32)
        )
    };
    let narrow = |p: &Parameter, v: TokenStream| {
        if widened(p) {
            quote! { i32::try_from(#v).unwrap_or(i32::MAX) }
        } else {
            v
        }
    };
    let start_expr = if widened(offset_param) {
        quote! { self.#offset.map(i64::from).unwrap_or(0) }
    } else {
        quote! { self.#offset.unwrap_or(0) }
    };
    let size_expr = if widened(limit_param) {
        quote! { self.#limit.map(i64::from).unwrap_or(#page_size) }
    } else {
        quote! { self.#limit.unwrap_or(#page_size) }
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
        crate::passes::pagination::detect_pagination(&mut api);
        assert!(api.operations[0].pagination.is_some(), "it pages");
        let text =
            crate::emit::render(super::super::operations_module(&api, None)).expect("valid Rust");
        assert!(text.contains("self.offset.map(i64::from)"), "{text}");
        assert!(text.contains("self.limit.map(i64::from)"), "{text}");
        assert!(!text.contains("|offset|"), "{text}");
    }
}
