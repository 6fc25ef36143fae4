//! Reading the response: which responses are successes and which errors,
//! the success type and the arms that decode it, and the typed error enum
//! with one variant per documented error response.

use crate::emit::doc::{doc_attrs, doc_lines};
use crate::emit::rust_type::TypeWriter;
use crate::emit::status::{reason_phrase, status_variant_name};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The suffixes of an operation's type name that name its typed error and
/// the enum of its successes.
pub(super) const ERROR_SUFFIX: &str = "Error";
pub(super) const RESPONSE_SUFFIX: &str = "Response";

use super::streaming::{Streamed, streamed_success, streamed_type};

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
            ty: quote! { String },
            read: quote! { response.text() },
            lenient_read: quote! { Some(response.text()) },
            key: "text".into(),
        },
        ResponseKind::Binary | ResponseKind::Stream | ResponseKind::Events(_) => Payload {
            ty: quote! { runtime::Bytes },
            read: quote! { response.bytes() },
            lenient_read: quote! { Some(response.bytes()) },
            key: "bytes".into(),
        },
    })
}

/// The statuses one arm of the `match` on the response status takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Statuses {
    Code(u16),
    /// From the first to the last, both included.
    Range(u16, u16),
    /// Whatever no other arm takes.
    Rest,
}

impl Statuses {
    fn of(status: StatusMatch) -> Self {
        match status {
            StatusMatch::Code(c) => Statuses::Code(c),
            StatusMatch::Range(r) => {
                let lo = r.saturating_mul(100);
                Statuses::Range(lo, lo.saturating_add(99))
            }
            StatusMatch::Default => Statuses::Rest,
        }
    }

    /// Exact codes first, then ranges, then the rest: the order in which
    /// arms must be tried.
    fn rank(self) -> u8 {
        match self {
            Statuses::Code(_) => 0,
            Statuses::Range(..) => 1,
            Statuses::Rest => 2,
        }
    }
}

/// All successes: what undocumented 2xx statuses fall back to.
const ALL_2XX: Statuses = Statuses::Range(200, 299);

/// One arm of the `match` on the response status.
#[derive(Clone)]
pub(super) struct StatusArm {
    statuses: Statuses,
    body: TokenStream,
}

fn arm(statuses: Statuses, body: TokenStream) -> StatusArm {
    StatusArm { statuses, body }
}

/// The arms of the `match` on the status. Exact codes win over ranges, and
/// ranges over the rest: each range is written as the part the codes (and
/// an equal range before it) leave of it (`401..=403 | 405..=499` beside
/// `400` and `404`), so that no two arms overlap (clippy's
/// `match_overlapping_arm`) and their order does not matter; an arm nothing
/// is left for is dropped (rustc's `unreachable_patterns`), and `_` comes
/// last. The arms keep their order otherwise (successes first).
pub(super) fn status_arms(arms: Vec<StatusArm>) -> Vec<TokenStream> {
    let mut by_rank: Vec<usize> = (0..arms.len()).collect();
    by_rank.sort_by_key(|&i| arms[i].statuses.rank());
    let mut patterns: Vec<Option<TokenStream>> = vec![None; arms.len()];
    let mut taken: Vec<(u16, u16)> = Vec::new();
    let mut rest: Option<usize> = None;
    for i in by_rank {
        patterns[i] = match arms[i].statuses {
            Statuses::Rest => {
                rest.get_or_insert(i);
                None
            }
            Statuses::Code(c) => {
                if taken.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)) {
                    continue;
                }
                taken.push((c, c));
                Some(literal(c))
            }
            Statuses::Range(lo, hi) => {
                let free = free_parts(lo, hi, &taken);
                if free.is_empty() {
                    continue;
                }
                taken.push((lo, hi));
                let parts = free.into_iter().map(|(a, b)| {
                    let (first, last) = (literal(a), literal(b));
                    if a == b {
                        first
                    } else {
                        quote! { #first..=#last }
                    }
                });
                Some(quote! { #(#parts)|* })
            }
        };
    }
    let mut out: Vec<TokenStream> = arms
        .iter()
        .zip(patterns)
        .filter_map(|(arm, pattern)| {
            let body = &arm.body;
            pattern.map(|pattern| quote! { #pattern => #body, })
        })
        .collect();
    if let Some(i) = rest {
        let body = &arms[i].body;
        out.push(quote! { _ => #body, });
    }
    out
}

fn literal(code: u16) -> TokenStream {
    let lit = proc_macro2::Literal::u16_unsuffixed(code);
    quote! { #lit }
}

/// The parts of `lo..=hi` outside every interval of `taken`.
fn free_parts(lo: u16, hi: u16, taken: &[(u16, u16)]) -> Vec<(u16, u16)> {
    let mut sorted: Vec<(u16, u16)> = taken.to_vec();
    sorted.sort_unstable();
    let mut free = Vec::new();
    // The next status not yet known to be taken; `None` once past `u16::MAX`.
    let mut next = Some(lo);
    for (a, b) in sorted {
        let Some(start) = next else {
            break;
        };
        if b < start || a > hi {
            continue;
        }
        if a > start {
            free.push((start, a - 1));
        }
        next = b.checked_add(1);
    }
    if let Some(start) = next
        && start <= hi
    {
        free.push((start, hi));
    }
    free
}

/// The variants of an operation's error enum and the match arms that build
/// them, one per documented error response, then `UnexpectedStatus`.
pub(super) struct ErrorEnum {
    pub(super) variants: Vec<TokenStream>,
    pub(super) arms: Vec<StatusArm>,
}

pub(super) fn error_enum(
    writer: &TypeWriter<'_>,
    errors: &[&Response],
    error: &proc_macro2::Ident,
) -> ErrorEnum {
    let error_ty = quote! { #error };
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut variant_names = std::collections::HashSet::new();
    for r in errors {
        let mut vname = status_variant_name(r.status);
        while !variant_names.insert(vname.clone()) {
            vname.push('_');
        }
        let v = format_ident!("{}", vname);
        let statuses = Statuses::of(r.status);
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
                            quote! { body: Option<#ty>, },
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
                        retry_after: Option<std::time::Duration>,
                        #field
                    },
                });
                arms.push(arm(
                    statuses,
                    quote! { Err(runtime::Error::Api(#error::#v { retry_after: response.retry_after(), #read })) },
                ));
            }
            (StatusMatch::Code(_), Some(p)) => {
                let (ty, read) = (p.ty, p.read);
                let fmt = format!("{label}: {{0:?}}");
                variants.push(quote! { #doc #[error(#fmt)] #v(#ty), });
                arms.push(arm(
                    statuses,
                    quote! { Err(runtime::Error::Api(#error::#v(#read))) },
                ));
            }
            (StatusMatch::Code(_), None) => {
                variants.push(quote! { #doc #[error(#label)] #v, });
                arms.push(arm(
                    statuses,
                    quote! { Err(runtime::Error::Api(#error::#v)) },
                ));
            }
            (_, Some(p)) => {
                let (ty, read) = (p.ty, p.read);
                variants.push(quote! {
                    #doc
                    #[error("status {status}: {body:?}")]
                    #v { status: runtime::StatusCode, body: #ty },
                });
                arms.push(arm(
                    statuses,
                    quote! { Err(runtime::Error::Api(#error::#v { status: response.status, body: #read })) },
                ));
            }
            (_, None) => {}
        }
    }
    // A `default` with a body takes what is left; else it is unexpected.
    arms.push(arm(
        Statuses::Rest,
        quote! { Err(runtime::Error::Api(#error::UnexpectedStatus(response.unexpected()))) },
    ));
    variants.push(quote! {
        /// A status the spec does not document for this operation.
        #[error("{0}")]
        UnexpectedStatus(runtime::UnexpectedStatus),
    });
    ErrorEnum { variants, arms }
}

/// The success type, the match arms that produce it, and any extra item (a
/// response enum when several success responses differ).
pub(super) fn success_handling(
    writer: &TypeWriter<'_>,
    op: &Operation,
    base: &str,
    successes: &[&Response],
    error_ty: &TokenStream,
    streaming: Option<&Streamed>,
) -> (TokenStream, Vec<StatusArm>, TokenStream) {
    if let Some(streamed) = streaming {
        // Success already returned before the match; nothing reaches here with 2xx.
        return (
            streamed_type(writer, streamed, error_ty),
            Vec::new(),
            TokenStream::new(),
        );
    }
    if op.method == Method::Head {
        return (
            quote! { () },
            vec![arm(ALL_2XX, quote! { Ok(()) })],
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
            vec![arm(ALL_2XX, quote! { Ok(()) })],
            TokenStream::new(),
        ),
        [only] if payloads.iter().all(Option::is_some) => {
            let (ty, read) = (&only.ty, &only.read);
            (
                ty.clone(),
                vec![arm(ALL_2XX, quote! { Ok(#read) })],
                TokenStream::new(),
            )
        }
        [only] => {
            // Statuses documented without a body answer `None`; the others,
            // documented or not, are read. A code with a body gets an arm of
            // its own only where a range without one would take it.
            let (ty, read) = (&only.ty, &only.read);
            let bodiless_range = successes
                .iter()
                .zip(&payloads)
                .any(|(r, p)| p.is_none() && matches!(r.status, StatusMatch::Range(_)));
            let mut arms: Vec<StatusArm> = successes
                .iter()
                .zip(&payloads)
                .filter_map(|(r, p)| {
                    let body = match p {
                        Some(_) if bodiless_range => quote! { Ok(Some(#read)) },
                        Some(_) => return None,
                        None => quote! { Ok(None) },
                    };
                    Some(arm(Statuses::of(r.status), body))
                })
                .collect();
            arms.push(arm(ALL_2XX, quote! { Ok(Some(#read)) }));
            (quote! { Option<#ty> }, arms, TokenStream::new())
        }
        _ => {
            let name = format_ident!("{base}{RESPONSE_SUFFIX}");
            let mut variants = Vec::new();
            let mut arms = Vec::new();
            for (r, p) in successes.iter().zip(&payloads) {
                let v = format_ident!("{}", status_variant_name(r.status));
                let statuses = Statuses::of(r.status);
                let doc = doc_attrs(r.description.as_deref());
                match p {
                    Some(p) => {
                        let (ty, read) = (&p.ty, &p.read);
                        variants.push(quote! { #doc #v(#ty), });
                        arms.push(arm(statuses, quote! { Ok(#name::#v(#read)) }));
                    }
                    None => {
                        variants.push(quote! { #doc #v, });
                        arms.push(arm(statuses, quote! { Ok(#name::#v) }));
                    }
                }
            }
            // Undocumented successes (none when `2XX` is documented).
            arms.push(arm(
                ALL_2XX,
                quote! { Err(runtime::Error::Api(#error_ty::UnexpectedStatus(response.unexpected()))) },
            ));
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

/// An operation's responses, sorted into what `send` returns and what it
/// turns into the typed error. Where no success is documented, `default`
/// describes the success.
pub(in crate::emit) struct ResponseSplit<'a> {
    pub successes: Vec<&'a Response>,
    pub errors: Vec<&'a Response>,
    /// The success is handed over as it arrives (a download, events).
    pub streaming: Option<Streamed>,
}

pub(in crate::emit) fn split_responses(op: &Operation) -> ResponseSplit<'_> {
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
    let successes: Vec<&Response> = if default_is_success {
        op.responses
            .iter()
            .filter(|r| r.status == StatusMatch::Default)
            .collect()
    } else {
        documented
    };
    let streaming = streamed_success(&successes);
    ResponseSplit {
        successes,
        errors,
        streaming,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::test_builder::{json_body, operation, response};

    fn patterns(arms: Vec<StatusArm>) -> Vec<String> {
        status_arms(arms)
            .iter()
            .map(|a| {
                let text = a.to_string();
                text.split(" =>").next().unwrap_or("").to_string()
            })
            .collect()
    }

    #[test]
    fn ranges_leave_out_the_codes_of_earlier_arms() {
        let body = || quote! { () };
        let got = patterns(vec![
            arm(Statuses::Range(200, 299), body()),
            arm(Statuses::Code(200), body()),
            arm(Statuses::Range(400, 499), body()),
            arm(Statuses::Code(400), body()),
            arm(Statuses::Code(404), body()),
            arm(Statuses::Code(429), body()),
            arm(Statuses::Rest, body()),
            arm(Statuses::Range(500, 599), body()),
            arm(Statuses::Code(503), body()),
            arm(Statuses::Code(599), body()),
            arm(Statuses::Range(400, 499), body()),
            arm(Statuses::Rest, body()),
        ]);
        assert_eq!(
            got,
            [
                "201 ..= 299",
                "200",
                "401 ..= 403 | 405 ..= 428 | 430 ..= 499",
                "400",
                "404",
                "429",
                "500 ..= 502 | 504 ..= 598",
                "503",
                "599",
                "_",
            ]
        );
    }

    #[test]
    fn free_parts_reach_the_ends_of_the_range() {
        assert_eq!(free_parts(0, u16::MAX, &[(0, 9)]), [(10, u16::MAX)]);
        assert_eq!(
            free_parts(0, u16::MAX, &[(u16::MAX, u16::MAX)]),
            [(0, u16::MAX - 1)]
        );
        assert_eq!(free_parts(5, 5, &[(0, 10)]), []);
        assert_eq!(free_parts(1, 9, &[(3, 3), (2, 4)]), [(1, 1), (5, 9)]);
    }

    #[test]
    fn status_ranges_do_not_overlap_specific_codes() {
        // `400 => …` then `400..=499 => …`: clippy's match_overlapping_arm
        // in every crate whose spec documents a code and its range.
        let mut op = operation("get_thing");
        let json = || Some(json_body(TypeRef::Primitive(Primitive::String)));
        for status in [
            StatusMatch::Code(200),
            StatusMatch::Range(2),
            StatusMatch::Code(400),
            StatusMatch::Range(4),
        ] {
            let mut r = response(status, "documented");
            r.body = json();
            op.responses.push(r);
        }
        // A success of another shape: an enum of the successes.
        op.responses[1].body = Some(json_body(TypeRef::Primitive(Primitive::I64)));
        let mut api = Api::default();
        api.operations.push(op);
        let text =
            crate::emit::render(super::super::operations_module(&api, None)).expect("valid Rust");
        assert!(text.contains("201..=299 =>"), "{text}");
        assert!(text.contains("401..=499 =>"), "{text}");
        assert!(!text.contains("200..=299"), "{text}");
        assert!(!text.contains("400u16..=499u16"), "{text}");
    }
}
