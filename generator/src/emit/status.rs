//! Names for HTTP statuses: the variant an operation's error (or response)
//! enum has for a status (`NotFound`, `Status499`, `Status5xx`) and the
//! reason phrase it comes from.

use crate::ir::StatusMatch;
use heck::ToPascalCase;

pub(super) fn status_variant_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(c) => reason_phrase(c)
            .map(|r| r.to_pascal_case())
            .unwrap_or_else(|| format!("Status{c}")),
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default => "Default".into(),
    }
}

pub(super) fn reason_phrase(code: u16) -> Option<&'static str> {
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
