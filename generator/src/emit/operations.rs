//! The `operations` module: for each operation a method on `Client`, a request
//! builder (required parameters as arguments, optional ones as setters) and a
//! typed error with one variant per documented error response.

use super::doc::{doc_attrs, doc_lines};
use super::example::ExampleContext;
use super::rust_type::{TypeWriter, ident};
use crate::ir::*;
use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The whole module at once (tests; [`super::service_files`] prints it in chunks).
#[cfg(test)]
pub fn operations_module(api: &Api, examples: Option<&ExampleContext<'_>>) -> TokenStream {
    let header = operations_header(api);
    let items = operation_items(api, &api.operations, examples);
    quote! { #header #items }
}

/// The module's inner attributes and imports.
pub fn operations_header(api: &Api) -> TokenStream {
    // A spec without operations (webhooks only) has nothing to import.
    let imports = if api.operations.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            use super::Client;
            use crate::runtime;
        }
    };
    quote! {
        #![allow(clippy::too_many_arguments, clippy::large_enum_variant, clippy::type_complexity, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
        #imports
    }
}

/// The items of `ops` (a run of the API's operations, each independent of the others).
pub fn operation_items(
    api: &Api,
    ops: &[Operation],
    examples: Option<&ExampleContext<'_>>,
) -> TokenStream {
    let writer = TypeWriter {
        types: &api.types,
        prefix: quote! { super::types:: },
    };
    let ops = ops.iter().map(|op| operation(&writer, op, examples));
    quote! { #(#ops)* }
}

/// How a value is taken by a method or setter and stored in the builder.
struct Arg {
    param_ty: TokenStream,
    stored_ty: TokenStream,
    convert: TokenStream,
}

fn arg_for(writer: &TypeWriter<'_>, ty: &TypeRef, name: &proc_macro2::Ident) -> Arg {
    match writer.types.resolve(ty) {
        TypeRef::Primitive(Primitive::String) => Arg {
            param_ty: quote! { impl ::std::convert::Into<::std::string::String> },
            stored_ty: writer.ty(ty),
            convert: quote! { #name.into() },
        },
        TypeRef::Array(inner) => {
            let inner = writer.ty(inner);
            Arg {
                param_ty: quote! { impl ::std::iter::IntoIterator<Item = #inner> },
                stored_ty: writer.ty(ty),
                convert: quote! { #name.into_iter().collect() },
            }
        }
        _ => {
            let t = writer.ty(ty);
            Arg {
                param_ty: t.clone(),
                stored_ty: t,
                convert: quote! { #name },
            }
        }
    }
}

fn body_arg(writer: &TypeWriter<'_>, body: &RequestBody) -> Arg {
    let name = format_ident!("body");
    match &body.kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) => {
            arg_for(writer, ty, &name)
        }
        BodyKind::Text => Arg {
            param_ty: quote! { impl ::std::convert::Into<::std::string::String> },
            stored_ty: quote! { ::std::string::String },
            convert: quote! { body.into() },
        },
        BodyKind::Binary => Arg {
            param_ty: quote! { impl ::std::convert::Into<::reqwest::Body> },
            stored_ty: quote! { ::reqwest::Body },
            convert: quote! { body.into() },
        },
    }
}

/// What a response carries, as a Rust type and the expression that reads it.
#[derive(Clone)]
struct Payload {
    ty: TokenStream,
    read: TokenStream,
    /// Reads `Option<ty>`: `None` where the body does not decode.
    lenient_read: TokenStream,
    key: String,
}

fn payload(
    writer: &TypeWriter<'_>,
    body: &Option<ResponseBody>,
    error_ty: &TokenStream,
) -> Option<Payload> {
    let body = body.as_ref()?;
    Some(match &body.kind {
        ResponseKind::Json(ty) => {
            let t = writer.ty(ty);
            Payload {
                read: quote! { response.json::<#t, #error_ty>()? },
                lenient_read: quote! { response.json::<#t, #error_ty>().ok() },
                key: t.to_string(),
                ty: t,
            }
        }
        ResponseKind::Text => Payload {
            ty: quote! { ::std::string::String },
            read: quote! { response.text() },
            lenient_read: quote! { Some(response.text()) },
            key: "text".into(),
        },
        ResponseKind::Binary | ResponseKind::Stream => Payload {
            ty: quote! { runtime::Bytes },
            read: quote! { response.bytes() },
            lenient_read: quote! { Some(response.bytes()) },
            key: "bytes".into(),
        },
    })
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => quote! { #c },
        StatusMatch::Range(r) => {
            let lo = r * 100;
            let hi = r * 100 + 99;
            quote! { #lo..=#hi }
        }
        StatusMatch::Default => quote! { _ },
    }
}

pub(super) fn status_variant_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(c) => reason_phrase(c)
            .map(|r| r.to_pascal_case())
            .unwrap_or_else(|| format!("Status{c}")),
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default => "Default".into(),
    }
}

fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        200 => "ok",
        201 => "created",
        202 => "accepted",
        203 => "non authoritative information",
        204 => "no content",
        205 => "reset content",
        206 => "partial content",
        207 => "multi status",
        300 => "multiple choices",
        301 => "moved permanently",
        302 => "found",
        303 => "see other",
        304 => "not modified",
        307 => "temporary redirect",
        308 => "permanent redirect",
        400 => "bad request",
        401 => "unauthorized",
        402 => "payment required",
        403 => "forbidden",
        404 => "not found",
        405 => "method not allowed",
        406 => "not acceptable",
        408 => "request timeout",
        409 => "conflict",
        410 => "gone",
        411 => "length required",
        412 => "precondition failed",
        413 => "payload too large",
        414 => "uri too long",
        415 => "unsupported media type",
        416 => "range not satisfiable",
        417 => "expectation failed",
        418 => "im a teapot",
        421 => "misdirected request",
        422 => "validation error",
        423 => "locked",
        424 => "failed dependency",
        425 => "too early",
        426 => "upgrade required",
        428 => "precondition required",
        429 => "too many requests",
        431 => "request header fields too large",
        451 => "unavailable for legal reasons",
        500 => "internal server error",
        501 => "not implemented",
        502 => "bad gateway",
        503 => "service unavailable",
        504 => "gateway timeout",
        505 => "http version not supported",
        507 => "insufficient storage",
        _ => return None,
    })
}

fn operation(
    writer: &TypeWriter<'_>,
    op: &Operation,
    examples: Option<&ExampleContext<'_>>,
) -> TokenStream {
    let method_name = ident(&op.name);
    let base = op.type_name.clone();
    let builder = format_ident!("{}", base);
    let error = format_ident!("{}Error", base);
    let error_ty = quote! { #error };
    let http_method = format_ident!("{}", op.method.as_str());
    let authenticated = op.authenticated;

    // Arguments and fields.
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    let mut arg_docs = Vec::new();
    for p in &op.parameters {
        let name = ident(&p.name);
        let arg = arg_for(writer, &p.ty, &name);
        let (param_ty, stored_ty, convert) = (arg.param_ty, arg.stored_ty, arg.convert);
        let doc = doc_attrs(p.description.as_deref());
        if p.required {
            args.push(quote! { #name: #param_ty });
            inits.push(if name == convert.to_string() {
                quote! { #name }
            } else {
                quote! { #name: #convert }
            });
            fields.push(quote! { #name: #stored_ty });
            arg_docs.push(format!(
                "- `{}`: {}",
                p.name.trim_start_matches("r#"),
                one_line(p.description.as_deref())
            ));
        } else {
            inits.push(quote! { #name: None });
            fields.push(quote! { #name: ::std::option::Option<#stored_ty> });
            let default = p
                .default
                .as_ref()
                .map(|d| doc_lines(&format!("\nDefault on the server: `{d}`.")));
            setters.push(quote! {
                #doc
                #default
                pub fn #name(mut self, #name: #param_ty) -> Self {
                    self.#name = Some(#convert);
                    self
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let arg = body_arg(writer, body);
        let (param_ty, stored_ty, convert) = (arg.param_ty, arg.stored_ty, arg.convert);
        let doc = doc_attrs(body.description.as_deref().or(Some("The request body.")));
        if body.required {
            args.push(quote! { body: #param_ty });
            inits.push(if convert.to_string() == "body" {
                quote! { body }
            } else {
                quote! { body: #convert }
            });
            fields.push(quote! { body: #stored_ty });
            arg_docs.push(format!(
                "- `body`: {}",
                one_line(body.description.as_deref())
            ));
        } else {
            inits.push(quote! { body: None });
            fields.push(quote! { body: ::std::option::Option<#stored_ty> });
            setters.push(quote! {
                #doc
                pub fn body(mut self, body: #param_ty) -> Self {
                    self.body = Some(#convert);
                    self
                }
            });
        }
    }

    // Limits the spec states, checked before anything is sent.
    let checks: Vec<TokenStream> = op
        .parameters
        .iter()
        .filter_map(|p| validation(writer, p, &error_ty))
        .collect();

    // The request.
    let path_expr = path_expression(op);
    let path_template = &op.path;
    let mut encode = Vec::new();
    for p in &op.parameters {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        let value = quote! { &self.#name };
        match p.location {
            ParamLocation::Path => {}
            ParamLocation::Query => {
                let style = format_ident!(
                    "{}",
                    match p.style {
                        ParamStyle::Form => "Form",
                        ParamStyle::SpaceDelimited => "SpaceDelimited",
                        ParamStyle::PipeDelimited => "PipeDelimited",
                        ParamStyle::DeepObject => "DeepObject",
                    }
                );
                let explode = p.explode;
                encode.push(
                    quote! { request.query(#wire, #value, runtime::Style::#style, #explode); },
                );
            }
            ParamLocation::Header => encode.push(quote! { request.header(#wire, #value); }),
            ParamLocation::Cookie => encode.push(quote! { request.cookie(#wire, #value); }),
        }
    }
    if let Some(body) = &op.body {
        let ct = &body.content_type;
        let set = |value: TokenStream| match &body.kind {
            BodyKind::Json(_) => quote! { request.json(#ct, #value); },
            BodyKind::Form(_) => quote! { request.form(#value); },
            BodyKind::Multipart(_) => quote! { request.multipart(#value); },
            BodyKind::Text | BodyKind::Binary => quote! { request.raw(#ct, #value); },
        };
        let by_value = matches!(body.kind, BodyKind::Text | BodyKind::Binary);
        if body.required {
            encode.push(set(if by_value {
                quote! { self.body }
            } else {
                quote! { &self.body }
            }));
        } else {
            let inner = set(if by_value {
                quote! { body }
            } else {
                quote! { &body }
            });
            encode.push(quote! { if let Some(body) = self.body { #inner } });
        }
    }
    if let Some(accept) = accept_header(op) {
        encode.push(quote! { request.accept(#accept); });
    }

    // Responses.
    let ResponseSplit {
        successes: success_list,
        errors,
        streaming,
    } = split_responses(op);
    let (success_ty, success_arms, extra_items) =
        success_handling(writer, op, &base, &success_list, &error_ty, streaming);

    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut variant_names = std::collections::HashSet::new();
    for r in &errors {
        let mut vname = status_variant_name(r.status);
        while !variant_names.insert(vname.clone()) {
            vname.push('_');
        }
        let v = format_ident!("{}", vname);
        let pattern = status_pattern(r.status);
        let doc = doc_attrs(Some(&match (r.status, &r.description) {
            (StatusMatch::Code(c), Some(d)) => format!("{c}: {d}"),
            (StatusMatch::Code(c), None) => format!("Status {c}."),
            (_, Some(d)) => d.clone(),
            (_, None) => "An error response.".into(),
        }));
        let body = payload(writer, &r.body, &error_ty);
        let label = match r.status {
            StatusMatch::Code(c) => format!("{c} {}", reason_phrase(c).unwrap_or("status")),
            StatusMatch::Range(x) => format!("{x}xx"),
            StatusMatch::Default => "error".into(),
        };
        match (r.status, body) {
            (StatusMatch::Code(429), body) => {
                let (field, read, fmt) = match body {
                    Some(p) => {
                        // The body is decoded leniently: a 429 must not lose its
                        // `retry_after` to a body that does not match.
                        let (ty, read) = (p.ty, p.lenient_read);
                        (
                            quote! { body: ::std::option::Option<#ty>, },
                            quote! { body: #read, },
                            format!("{label} (retry after {{retry_after:?}}): {{body:?}}"),
                        )
                    }
                    None => (
                        TokenStream::new(),
                        TokenStream::new(),
                        format!("{label} (retry after {{retry_after:?}})"),
                    ),
                };
                variants.push(quote! {
                    #doc
                    #[error(#fmt)]
                    #v {
                        /// How long the server asks to wait, from `Retry-After`.
                        retry_after: ::std::option::Option<::std::time::Duration>,
                        #field
                    },
                });
                arms.push(quote! { #pattern => Err(runtime::Error::Api(#error::#v { retry_after: response.retry_after(), #read })), });
            }
            (StatusMatch::Code(_), Some(p)) => {
                let (ty, read) = (p.ty, p.read);
                let fmt = format!("{label}: {{0:?}}");
                variants.push(quote! { #doc #[error(#fmt)] #v(#ty), });
                arms.push(quote! { #pattern => Err(runtime::Error::Api(#error::#v(#read))), });
            }
            (StatusMatch::Code(_), None) => {
                variants.push(quote! { #doc #[error(#label)] #v, });
                arms.push(quote! { #pattern => Err(runtime::Error::Api(#error::#v)), });
            }
            (_, Some(p)) => {
                let (ty, read) = (p.ty, p.read);
                variants.push(quote! {
                    #doc
                    #[error("status {status}: {body:?}")]
                    #v { status: runtime::StatusCode, body: #ty },
                });
                arms.push(quote! { #pattern => Err(runtime::Error::Api(#error::#v { status: response.status, body: #read })), });
            }
            (_, None) => {}
        }
    }
    // Ranges and `default` must come after exact codes.
    let has_catch_all = errors
        .iter()
        .any(|r| r.status == StatusMatch::Default && r.body.is_some());
    if !has_catch_all {
        arms.push(quote! { _ => Err(runtime::Error::Api(#error::UnexpectedStatus(response.unexpected()))), });
    }
    variants.push(quote! {
        /// A status the spec does not document for this operation.
        #[error("{0}")]
        UnexpectedStatus(runtime::UnexpectedStatus),
    });

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
    let execute = if streaming {
        quote! {
            let response = self.client.transport.execute_streaming::<#error>(request).await?;
            if response.status().is_success() {
                return Ok(runtime::ByteStream::new(response));
            }
            let response = runtime::Response::read::<#error>(response).await?;
        }
    } else {
        quote! { let response = self.client.transport.execute::<#error>(request).await?; }
    };
    let clone = if matches!(
        op.body,
        Some(RequestBody {
            kind: BodyKind::Binary,
            ..
        })
    ) {
        TokenStream::new()
    } else {
        quote! { , Clone }
    };
    let stream = pagination_stream(writer, op, &error);
    let mutability = if encode.is_empty() {
        TokenStream::new()
    } else {
        quote! { mut }
    };
    let mut all_arms = success_arms;
    all_arms.extend(arms);
    let fields_debug = fields.iter().map(|_| quote! {});
    let _ = fields_debug;
    quote! {
        impl Client {
            #method_doc
            #deprecated
            pub fn #method_name(&self, #(#args),*) -> #builder {
                #builder { client: self.clone(), #(#inits,)* }
            }
        }

        #builder_doc
        #[derive(Debug #clone)]
        #[must_use = "a request does nothing until `send().await`"]
        pub struct #builder {
            client: Client,
            #(#fields,)*
        }

        impl #builder {
            #(#setters)*

            /// Sends the request and decodes the response.
            pub async fn send(self) -> ::std::result::Result<#success_ty, runtime::Error<#error>> {
                #(#checks)*
                let #mutability request = runtime::Request::new(runtime::Method::#http_method, #path_template, #path_expr, #authenticated);
                #(#encode)*
                #execute
                match response.status.as_u16() {
                    #(#all_arms)*
                }
            }

            #stream
        }

        #error_doc
        #[derive(Debug, ::thiserror::Error)]
        pub enum #error {
            #(#variants)*
        }

        #extra_items
    }
}

fn one_line(text: Option<&str>) -> String {
    let text = text
        .unwrap_or("")
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    if text.is_empty() {
        "required".to_string()
    } else {
        text
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

/// `format!("/pets/{}", runtime::path_param(&self.pet_id))`
fn path_expression(op: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut values = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        template.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
        let wire = &rest[start + 1..start + len];
        if let Some(p) = op
            .parameters
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == wire)
        {
            let name = ident(&p.name);
            template.push_str("{}");
            values.push(quote! { runtime::path_param(&self.#name) });
        }
        rest = &rest[start + len + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    if values.is_empty() {
        quote! { #template.to_owned() }
    } else {
        quote! { format!(#template, #(#values),*) }
    }
}

/// The `Accept` header an operation sends: the media types its responses document.
pub(super) fn accept_header(op: &Operation) -> Option<String> {
    let mut types: Vec<&str> = op
        .responses
        .iter()
        .filter_map(|r| r.body.as_ref().map(|b| b.content_type.as_str()))
        .filter(|ct| !ct.contains('*'))
        .collect();
    types.sort();
    types.dedup();
    (!types.is_empty()).then(|| types.join(", "))
}

/// The success type, the match arms that produce it, and any extra item (a
/// response enum when several success responses differ).
fn success_handling(
    writer: &TypeWriter<'_>,
    op: &Operation,
    base: &str,
    successes: &[&Response],
    error_ty: &TokenStream,
    streaming: bool,
) -> (TokenStream, Vec<TokenStream>, TokenStream) {
    let all_2xx = quote! { 200..=299 };
    if streaming {
        // Success already returned before the match; nothing reaches here with 2xx.
        return (
            quote! { runtime::ByteStream },
            Vec::new(),
            TokenStream::new(),
        );
    }
    if op.method == Method::Head {
        return (
            quote! { () },
            vec![quote! { #all_2xx => Ok(()), }],
            TokenStream::new(),
        );
    }
    let payloads: Vec<Option<Payload>> = successes
        .iter()
        .map(|r| payload(writer, &r.body, error_ty))
        .collect();
    let mut distinct: Vec<&Payload> = Vec::new();
    for p in payloads.iter().flatten() {
        if !distinct.iter().any(|d| d.key == p.key) {
            distinct.push(p);
        }
    }
    match distinct.as_slice() {
        [] => (
            quote! { () },
            vec![quote! { #all_2xx => Ok(()), }],
            TokenStream::new(),
        ),
        [only] if payloads.iter().all(Option::is_some) => {
            let (ty, read) = (&only.ty, &only.read);
            (
                ty.clone(),
                vec![quote! { #all_2xx => Ok(#read), }],
                TokenStream::new(),
            )
        }
        [only] => {
            let (ty, read) = (&only.ty, &only.read);
            let mut arms: Vec<TokenStream> = successes
                .iter()
                .zip(&payloads)
                .filter(|(_, p)| p.is_none())
                .map(|(r, _)| {
                    let pattern = status_pattern(r.status);
                    quote! { #pattern => Ok(None), }
                })
                .collect();
            arms.push(quote! { #all_2xx => Ok(Some(#read)), });
            (
                quote! { ::std::option::Option<#ty> },
                arms,
                TokenStream::new(),
            )
        }
        _ => {
            let name = format_ident!("{}Response", base);
            let mut variants = Vec::new();
            let mut arms = Vec::new();
            for (r, p) in successes.iter().zip(&payloads) {
                let v = format_ident!("{}", status_variant_name(r.status));
                let pattern = status_pattern(r.status);
                let doc = doc_attrs(r.description.as_deref());
                match p {
                    Some(p) => {
                        let (ty, read) = (&p.ty, &p.read);
                        variants.push(quote! { #doc #v(#ty), });
                        arms.push(quote! { #pattern => Ok(#name::#v(#read)), });
                    }
                    None => {
                        variants.push(quote! { #doc #v, });
                        arms.push(quote! { #pattern => Ok(#name::#v), });
                    }
                }
            }
            if !successes.iter().any(|r| r.status == StatusMatch::Range(2)) {
                arms.push(quote! { #all_2xx => Err(runtime::Error::Api(#error_ty::UnexpectedStatus(response.unexpected()))), });
            }
            let doc = doc_lines(&format!(
                "The successful responses of [`Client::{}`].",
                op.name.trim_start_matches("r#")
            ));
            let item = quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                pub enum #name {
                    #(#variants)*
                }
            };
            (quote! { #name }, arms, item)
        }
    }
}

fn f64_literal(v: f64) -> TokenStream {
    let lit = proc_macro2::Literal::f64_suffixed(v);
    quote! { #lit }
}

fn option_tokens<T>(v: Option<T>, f: impl Fn(T) -> TokenStream) -> TokenStream {
    match v {
        Some(v) => {
            let v = f(v);
            quote! { ::std::option::Option::Some(#v) }
        }
        None => quote! { ::std::option::Option::None },
    }
}

/// The checks of one parameter's stated limits, or nothing.
fn validation(writer: &TypeWriter<'_>, p: &Parameter, error: &TokenStream) -> Option<TokenStream> {
    let c = &p.constraints;
    if c.is_empty() {
        return None;
    }
    let wire = &p.wire_name;
    let mut checks = Vec::new();
    match writer.types.resolve(&p.ty) {
        TypeRef::Primitive(
            prim @ (Primitive::I32
            | Primitive::I64
            | Primitive::U64
            | Primitive::F32
            | Primitive::F64),
        ) if (c.minimum.is_some() || c.maximum.is_some()) => {
            let value = match prim {
                Primitive::F64 => quote! { *value },
                Primitive::F32 | Primitive::I32 => quote! { f64::from(*value) },
                _ => quote! { *value as f64 },
            };
            let (min, max) = (
                option_tokens(c.minimum, f64_literal),
                option_tokens(c.maximum, f64_literal),
            );
            let (emin, emax) = (c.exclusive_minimum, c.exclusive_maximum);
            checks.push(quote! { runtime::check_range::<#error>(#wire, #value, #min, #max, #emin, #emax)?; });
        }
        TypeRef::Primitive(Primitive::String) => {
            if c.min_length.is_some() || c.max_length.is_some() {
                let (min, max) = (
                    option_tokens(c.min_length, |v| quote! { #v }),
                    option_tokens(c.max_length, |v| quote! { #v }),
                );
                checks.push(quote! { runtime::check_length::<#error>(#wire, value.chars().count(), #min, #max)?; });
            }
            if let Some(pattern) = &c.pattern {
                checks.push(quote! { runtime::check_pattern::<#error>(#wire, value, #pattern)?; });
            }
        }
        TypeRef::Array(_) if (c.min_items.is_some() || c.max_items.is_some()) => {
            let (min, max) = (
                option_tokens(c.min_items, |v| quote! { #v }),
                option_tokens(c.max_items, |v| quote! { #v }),
            );
            checks
                .push(quote! { runtime::check_length::<#error>(#wire, value.len(), #min, #max)?; });
        }
        _ => {}
    }
    if checks.is_empty() {
        return None;
    }
    let name = ident(&p.name);
    Some(if p.required {
        quote! { { let value = &self.#name; #(#checks)* } }
    } else {
        quote! { if let ::std::option::Option::Some(value) = &self.#name { #(#checks)* } }
    })
}

/// `into_stream` for operations that page by limit and offset.
fn pagination_stream(
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
    let widen = |p: &Parameter, v: TokenStream| match writer.types.resolve(&p.ty) {
        TypeRef::Primitive(Primitive::I32) => quote! { i64::from(#v) },
        _ => v,
    };
    let narrow = |p: &Parameter, v: TokenStream| match writer.types.resolve(&p.ty) {
        TypeRef::Primitive(Primitive::I32) => quote! { i32::try_from(#v).unwrap_or(i32::MAX) },
        _ => v,
    };
    let start = widen(offset_param, quote! { offset });
    let size = widen(limit_param, quote! { limit });
    let start_expr = if start.to_string() == "offset" {
        quote! { self.#offset.unwrap_or(0) }
    } else {
        quote! { self.#offset.map(|offset| #start).unwrap_or(0) }
    };
    let size_expr = if size.to_string() == "limit" {
        quote! { self.#limit.unwrap_or(#page_size) }
    } else {
        quote! { self.#limit.map(|limit| #size).unwrap_or(#page_size) }
    };
    let set_offset = narrow(offset_param, quote! { offset });
    let set_limit = narrow(limit_param, quote! { limit });
    let doc = doc_lines(&format!(
        "Every item, fetched page after page: `{}` items a page (the most the API allows) unless `{}` was set, starting at `{}` (0 unless set). The stream ends after the first short or empty page, or the first error.",
        limit_param.wire_name,
        limit_param.name.trim_start_matches("r#"),
        offset_param.wire_name
    ));
    quote! {
        #doc
        pub fn into_stream(self) -> impl runtime::Stream<Item = ::std::result::Result<#item, runtime::Error<#error>>> {
            let start = #start_expr;
            let page_size = #size_expr;
            runtime::paginate(start, page_size, move |offset, limit| {
                let mut page = self.clone();
                page.#offset = ::std::option::Option::Some(#set_offset);
                page.#limit = ::std::option::Option::Some(#set_limit);
                page.send()
            })
        }
    }
}

/// An operation's responses, sorted into what `send` returns and what it
/// turns into the typed error. Where no success is documented, `default`
/// describes the success.
pub(super) struct ResponseSplit<'a> {
    pub successes: Vec<&'a Response>,
    pub errors: Vec<&'a Response>,
    /// A success streams its body (server-sent events and the like).
    pub streaming: bool,
}

pub(super) fn split_responses(op: &Operation) -> ResponseSplit<'_> {
    let documented: Vec<&Response> = op
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .collect();
    let default_is_success = documented.is_empty();
    let errors = op
        .responses
        .iter()
        .filter(|r| {
            !(r.status.is_success() || (default_is_success && r.status == StatusMatch::Default))
        })
        .collect();
    let streaming = documented.iter().any(|r| {
        matches!(
            r.body,
            Some(ResponseBody {
                kind: ResponseKind::Stream,
                ..
            })
        )
    });
    let successes = if default_is_success {
        op.responses
            .iter()
            .filter(|r| r.status == StatusMatch::Default)
            .collect()
    } else {
        documented
    };
    ResponseSplit {
        successes,
        errors,
        streaming,
    }
}
