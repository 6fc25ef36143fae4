//! Successes handed over as they arrive: downloads and other bodies that
//! are neither JSON nor text (`runtime::ByteStream`), and server-sent
//! events (`runtime::EventStream<T>`). Where a response offers events
//! beside another media type, the builder gets a second method,
//! `send_events`, that asks for them.

use crate::emit::rust_type::TypeWriter;
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// How `send` hands over a streamed success.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::emit) enum Streamed {
    Bytes,
    /// Events whose data is of this type.
    Events(TypeRef),
}

/// The streamed success of `successes`: where every success body is bytes
/// handed over as they arrive, or every one is events of one type. A mix of
/// streamed and decoded bodies reads them all (bytes as `runtime::Bytes`).
pub(in crate::emit) fn streamed_success(successes: &[&Response]) -> Option<Streamed> {
    let mut kinds = successes
        .iter()
        .filter_map(|r| r.body.as_ref())
        .map(|b| match &b.kind {
            ResponseKind::Binary | ResponseKind::Stream => Some(Streamed::Bytes),
            ResponseKind::Events(ty) => Some(Streamed::Events(ty.clone())),
            ResponseKind::Json(_) | ResponseKind::Text => None,
        });
    let first = kinds.next()??;
    kinds.all(|k| k.as_ref() == Some(&first)).then_some(first)
}

/// The events type of the second method, `send_events`: the first
/// success that offers events beside another media type.
pub(in crate::emit) fn events_alternative<'a>(successes: &[&'a Response]) -> Option<&'a TypeRef> {
    successes.iter().find_map(|r| r.events.as_ref())
}

/// Whether events' data is read as text (`String`) rather than JSON.
fn is_text(writer: &TypeWriter<'_>, data: &TypeRef) -> bool {
    matches!(
        writer.types.resolve(data),
        TypeRef::Primitive(Primitive::String)
    )
}

fn events_type(writer: &TypeWriter<'_>, data: &TypeRef, error: &TokenStream) -> TokenStream {
    let data = writer.ty(data);
    quote! { runtime::EventStream<#data, #error> }
}

/// The type `send` returns for a streamed success.
pub(super) fn streamed_type(
    writer: &TypeWriter<'_>,
    streamed: &Streamed,
    error: &TokenStream,
) -> TokenStream {
    match streamed {
        Streamed::Bytes => quote! { runtime::ByteStream<#error> },
        Streamed::Events(data) => events_type(writer, data, error),
    }
}

/// The expression that hands over a successful `response` (a
/// `reqwest::Response`, body unread) as the streamed success.
fn hand_over(writer: &TypeWriter<'_>, streamed: &Streamed, error: &TokenStream) -> TokenStream {
    match streamed {
        Streamed::Bytes => quote! { Ok(runtime::ByteStream::new(response)) },
        Streamed::Events(data) => {
            let ty = events_type(writer, data, error);
            if is_text(writer, data) {
                quote! { <#ty>::text(response).await }
            } else {
                quote! { <#ty>::json(response).await }
            }
        }
    }
}

/// Sends the request and reads the response; for a streamed success,
/// returns it before reading anything else (errors are read whole).
pub(super) fn execute_request(
    writer: &TypeWriter<'_>,
    streamed: Option<&Streamed>,
    error: &proc_macro2::Ident,
) -> TokenStream {
    let error_ty = quote! { #error };
    match streamed {
        Some(streamed) => {
            let hand_over = hand_over(writer, streamed, &error_ty);
            quote! {
                let response = self.client.transport.execute_streaming::<#error>(request).await?;
                if response.status().is_success() {
                    return #hand_over;
                }
                let response = runtime::Response::read::<#error>(response).await?;
            }
        }
        None => quote! { let response = self.client.transport.execute::<#error>(request).await?; },
    }
}

/// The parts of `send` that `send_events` repeats.
pub(super) struct SendParts<'a> {
    pub checks: &'a [TokenStream],
    /// The statement that makes `request`.
    pub new_request: TokenStream,
    pub encode: &'a [TokenStream],
    /// The match arms of the error responses.
    pub error_arms: &'a [TokenStream],
}

/// `send_events`, for an operation whose success offers server-sent events
/// beside another media type.
pub(super) fn events_method(
    writer: &TypeWriter<'_>,
    data: &TypeRef,
    error: &proc_macro2::Ident,
    parts: SendParts<'_>,
) -> TokenStream {
    let error_ty = quote! { #error };
    let ty = events_type(writer, data, &error_ty);
    let streamed = Streamed::Events(data.clone());
    let execute = execute_request(writer, Some(&streamed), error);
    let SendParts {
        checks,
        new_request,
        encode,
        error_arms,
    } = parts;
    quote! {
        /// Sends the request asking for server-sent events
        /// (`Accept: text/event-stream`), and hands them over as they arrive,
        /// each one's data decoded. The server may decide by the request
        /// whether it streams (a `stream` field in the body, for example):
        /// an answer that is not an event stream is
        /// `Error::Event(EventError::NotEventStream { .. })`, its body kept.
        pub async fn send_events(self) -> Result<#ty, runtime::Error<#error>> {
            #(#checks)*
            #new_request
            #(#encode)*
            request.accept("text/event-stream");
            #execute
            match response.status.as_u16() {
                #(#error_arms)*
            }
        }
    }
}
