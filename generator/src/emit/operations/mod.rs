//! The `operations` module: for each operation a method on `Client`, a request
//! builder (required parameters as arguments, optional ones as setters) and a
//! typed error with one variant per documented error response.

mod args;
mod headers;
mod pagination;
mod path_args;
mod request;
mod responses;
mod streaming;
mod validation;

// The reference docs describe what these emit; request types take values as operations do.
use super::path_grouping::PATH_SUFFIX;
pub(super) use super::path_grouping::{grouped_path_params, path_struct_name};
pub(super) use args::arg_for;
pub(super) use headers::{documented_headers, read_as_text};
pub(super) use request::accept_header;
pub(super) use responses::{ResponseSplit, split_responses};
pub(super) use streaming::{Streamed, events_alternative};

use super::doc::doc_lines;
use super::example::ExampleContext;
use super::rust_type::{TypeWriter, derive_attribute, ident};
use crate::ir::*;
use args::{BuilderParts, builder_parts};
pub(in crate::emit) use headers::{HEADERS_DERIVES, HEADERS_MEMBERS};
use headers::{HEADERS_SUFFIX, headers_type};
use pagination::{INTO_STREAM, SEND_PAGED, pagination_stream};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use request::{path_expression, request_encoding};
use responses::{
    ERROR_SUFFIX, ErrorEnum, RESPONSE_SUFFIX, error_enum, status_arms, success_handling,
};
use streaming::{SendParts, events_method, execute_request};
use validation::validation;

/// Members every request builder has besides one per parameter: its
/// fields (the client, the body), the `body` setter, `header`, `send`,
/// `send_with_response` and, where it pages, `into_stream` (and
/// `send_paged` where it pages by link), and where it offers server-sent
/// events beside another answer, `send_events`.
pub(in crate::emit) const BUILDER_MEMBERS: &[&str] = &[
    "client",
    "body",
    "header",
    "send",
    "send_with_response",
    INTO_STREAM,
    SEND_PAGED,
    "send_events",
];

/// The traits a request builder derives (`Clone` unless its body is a
/// stream of bytes).
pub(in crate::emit) const BUILDER_DERIVES: &[&str] = &["Debug", "Clone"];

/// The types an operation defines, as suffixes of its type name: the
/// request builder, the typed error, the enum of its successes, the
/// headers of its responses, the struct of its path parameters.
pub(in crate::emit) const TYPE_SUFFIXES: &[&str] = &[
    "",
    ERROR_SUFFIX,
    RESPONSE_SUFFIX,
    HEADERS_SUFFIX,
    PATH_SUFFIX,
];

/// The whole module at once (tests; [`super::service_files`] prints it in chunks).
#[cfg(test)]
pub fn operations_module(api: &Api, examples: Option<&ExampleContext<'_>>) -> TokenStream {
    let header = operations_header();
    let items = operation_items(api, &api.operations, examples);
    quote! { #header #items }
}

/// The module's inner attributes (its files import what they use).
pub fn operations_header() -> TokenStream {
    // `should_implement_trait` and `disallowed_names` (`foo`): methods,
    // setters and their arguments are named after the
    // spec's operations and parameters, and a setter `sub` or `add`, or an
    // operation `cmp`, is not an operator or an ordering; renaming them
    // would hide them from readers of the API's own documentation.
    quote! {
        #![allow(clippy::too_many_arguments, clippy::large_enum_variant, clippy::type_complexity, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::should_implement_trait, clippy::match_single_binding, clippy::disallowed_names)]
    }
}

/// The items of `ops` (a run of the API's operations, each independent of the others).
pub fn operation_items<'a>(
    api: &Api,
    ops: impl IntoIterator<Item = &'a Operation>,
    examples: Option<&ExampleContext<'_>>,
) -> TokenStream {
    // Each file of operations imports `types`.
    let writer = TypeWriter {
        types: &api.types,
        prefix: quote! { types:: },
    };
    let ops = ops.into_iter().map(|op| operation(&writer, op, examples));
    quote! { #(#ops)* }
}

/// One operation: its method on `Client`, the request builder that method
/// returns (setters, `send`, `into_stream` where it pages), the typed error,
/// and a response enum where several successes differ.
fn operation(
    writer: &TypeWriter<'_>,
    op: &Operation,
    examples: Option<&ExampleContext<'_>>,
) -> TokenStream {
    let method_name = ident(&op.name);
    let base = op.type_name.clone();
    let builder = format_ident!("{}", base);
    let error = format_ident!("{base}{ERROR_SUFFIX}");
    let error_ty = quote! { #error };
    let http_method = format_ident!("{}", op.method.as_str());
    let authenticated = op.authenticated;

    let path_struct = path_args::path_struct(writer, op);
    let BuilderParts {
        args,
        inits,
        fields,
        setters,
        arg_docs,
    } = builder_parts(writer, op, path_struct.as_ref());
    let path_struct = path_struct.map(|s| s.item);

    // Limits the spec states, checked before anything is sent.
    let checks: Vec<TokenStream> = op
        .parameters
        .iter()
        .filter_map(|p| validation(writer, p, &error_ty))
        .collect();

    // The request.
    let path_expr = path_expression(op);
    let path_template = &op.path;
    let encode = request_encoding(writer, op);

    // Responses.
    let ResponseSplit {
        successes: success_list,
        errors,
        streaming,
    } = split_responses(op);
    let (success_ty, success_arms, extra_items) = success_handling(
        writer,
        op,
        &base,
        &success_list,
        &error_ty,
        streaming.as_ref(),
    );
    let ErrorEnum { variants, arms } = error_enum(writer, &errors, &error);
    let headers = headers_type(writer, op, &success_list);
    let headers_item = &headers.item;
    // `H` defaults to the `HeaderMap`.
    let response_value = match &headers.own_type {
        Some(own) => quote! { runtime::ResponseValue<#success_ty, #own> },
        None => quote! { runtime::ResponseValue<#success_ty> },
    };
    let response_headers = headers.wrap(quote! { response.headers });
    // Server-sent events offered beside the success `send` reads.
    let error_arms = status_arms(arms.clone());
    let send_events = match (&streaming, events_alternative(&success_list)) {
        (None, Some(data)) => events_method(
            writer,
            data,
            &error,
            SendParts {
                checks: &checks,
                new_request: quote! {
                    let mut request = runtime::Request::new(runtime::Method::#http_method, #path_template, #path_expr, #authenticated);
                },
                encode: &encode,
                error_arms: &error_arms,
            },
        ),
        _ => TokenStream::new(),
    };

    let example = examples.map(|e| e.operation(op));
    let method_doc = operation_doc(op, &arg_docs, example.as_deref());
    let deprecated = if op.deprecated {
        quote! { #[deprecated] }
    } else {
        TokenStream::new()
    };
    let builder_doc = doc_lines(&format!(
        "Request builder for [`Client::{}`]: set optional parameters, then `send().await`.",
        op.name.trim_start_matches("r#")
    ));
    let error_doc = doc_lines(&format!(
        "Errors [`Client::{}`] can answer with.",
        op.name.trim_start_matches("r#")
    ));
    let execute = execute_request(writer, streaming.as_ref(), &error, Some(&headers));
    // A body holding a stream of bytes cannot be cloned.
    let clonable = super::multipart::body_is_clone(writer, op);
    let derives: Vec<&str> = BUILDER_DERIVES
        .iter()
        .copied()
        .filter(|t| clonable || *t != "Clone")
        .collect();
    let derives = derive_attribute(&derives);
    let stream = pagination_stream(writer, op, &error);
    let mutability = if encode.is_empty() {
        TokenStream::new()
    } else {
        quote! { mut }
    };
    let all_arms = status_arms(success_arms.into_iter().chain(arms).collect());
    // The body, or the typed error; a success without a body is `()`.
    let outcome = quote! { match response.status.as_u16() { #(#all_arms)* } };
    let (read_body, body) = if success_ty.to_string() == "()" {
        (quote! { #outcome?; }, quote! { () })
    } else {
        (quote! { let body = #outcome?; }, quote! { body })
    };
    let send_paged = if matches!(op.pagination, Some(Pagination::Link(_))) {
        // The stream reads the next page's URL from the `Link` header.
        let send_paged = format_ident!("{SEND_PAGED}");
        quote! {
            /// Sends the request: the decoded response and the URL of the
            /// next page its `Link` header gives, if it gives one.
            async fn #send_paged(self) -> Result<(#success_ty, Option<String>), runtime::Error<#error>> {
                let response = self.send_with_response().await?;
                let next = runtime::link_next(response.headers());
                Ok((response.into_body(), next))
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        impl Client {
            #method_doc
            #deprecated
            pub fn #method_name(&self, #(#args),*) -> #builder {
                #builder { client: self.clone(), #(#inits,)* }
            }
        }

        #builder_doc
        #derives
        #[must_use = "a request does nothing until `send().await`"]
        pub struct #builder {
            client: Client,
            #(#fields,)*
        }

        impl #builder {
            #(#setters)*

            /// Adds a header to this request alone. It replaces a header of
            /// the same name (the client's default headers included), goes
            /// only to the base URL's origin, and an invalid name or value
            /// fails the request with `Error::Encode`.
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.client.transport.add_header(name, value);
                self
            }

            /// Sends the request and decodes the response.
            pub async fn send(self) -> Result<#success_ty, runtime::Error<#error>> {
                self.send_with_response().await.map(runtime::ResponseValue::into_body)
            }

            /// Sends the request: the decoded response with its status and
            /// headers (typed accessors for those the spec documents).
            pub async fn send_with_response(self) -> Result<#response_value, runtime::Error<#error>> {
                #(#checks)*
                let #mutability request = runtime::Request::new(runtime::Method::#http_method, #path_template, #path_expr, #authenticated);
                #(#encode)*
                #execute
                #read_body
                Ok(runtime::ResponseValue::new(response.status, #response_headers, #body))
            }

            #send_paged

            #stream

            #send_events
        }

        #path_struct

        #error_doc
        #[derive(Debug, thiserror::Error)]
        pub enum #error {
            #(#variants)*
        }

        #extra_items

        #headers_item
    }
}

fn operation_doc(op: &Operation, arg_docs: &[String], example: Option<&str>) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(&super::doc::sanitize(summary));
        text.push_str("\n\n");
    }
    if let Some(description) = &op.description
        && op.summary.as_deref().map(str::trim) != Some(description.trim())
    {
        text.push_str(&super::doc::sanitize(description));
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "`{} {}`",
        op.method.as_str(),
        op.path.replace('`', "'")
    ));
    if !arg_docs.is_empty() {
        text.push_str("\n\nArguments:\n");
        for line in arg_docs {
            text.push_str(&super::doc::sanitize(line));
            text.push('\n');
        }
    }
    if let Some(example) = example {
        text.push_str("\n\n# Example\n\n```no_run\n");
        text.push_str(example);
        text.push_str("\n```");
    }
    doc_lines(text.trim_end())
}
