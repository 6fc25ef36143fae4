//! An operation's responses: each status's body (the preferred media type),
//! the server-sent events offered beside it, and the headers it documents.

use super::*;

impl Lowering<'_> {
    pub(super) fn responses(
        &mut self,
        op: &openapiv3::Operation,
        op_name: &str,
        pointer: &str,
    ) -> Result<Vec<Response>> {
        let mut out = Vec::new();
        let mut entries: Vec<(StatusMatch, &ReferenceOr<OaResponse>, String)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    openapiv3::StatusCode::Code(c) => StatusMatch::Code(*c),
                    openapiv3::StatusCode::Range(r) => StatusMatch::Range(*r),
                };
                (status, r, format!("{pointer}/responses/{code}"))
            })
            .collect();
        if let Some(default) = &op.responses.default {
            entries.push((
                StatusMatch::Default,
                default,
                format!("{pointer}/responses/default"),
            ));
        }
        for (status, response, response_pointer) in entries {
            if status == StatusMatch::Code(101) {
                self.warn(
                    &response_pointer,
                    "a 101 answer switches protocols (a WebSocket upgrade), which the client \
                     does not do: the method sends the request and reports a 101 as an error \
                     status"
                        .into(),
                );
            }
            let response = match response {
                ReferenceOr::Item(response) => Payload::of_response(response),
                ReferenceOr::Reference { reference } => {
                    self.payload(reference, PayloadKind::Response, &response_pointer)?
                }
            };
            let hint = match (&response.component, status) {
                (Some((name, kind)), _) => component_hint(name, *kind),
                (None, StatusMatch::Code(c)) => format!("{op_name} response {c}"),
                (None, StatusMatch::Range(r)) => format!("{op_name} response {r}xx"),
                (None, StatusMatch::Default) => format!("{op_name} default response"),
            };
            let body = match preferred_media(response.content) {
                Some((content_type, media)) => {
                    let media_pointer = format!(
                        "{response_pointer}/content/{}/schema",
                        escape_pointer_segment(content_type)
                    );
                    let kind = match classify(content_type) {
                        MediaClass::Json | MediaClass::Form | MediaClass::Multipart => {
                            match &media.schema {
                                Some(schema) => ResponseKind::Json(
                                    self.schemas.type_of(schema, &hint, &media_pointer)?.ty,
                                ),
                                None => ResponseKind::Json(TypeRef::Any),
                            }
                        }
                        MediaClass::Text => ResponseKind::Text,
                        MediaClass::Binary => ResponseKind::Binary,
                        MediaClass::Stream => ResponseKind::Stream,
                        MediaClass::Events => ResponseKind::Events(self.event_data(
                            media,
                            &format!("{hint} event"),
                            &media_pointer,
                        )?),
                    };
                    Some(ResponseBody {
                        content_type: content_type.to_string(),
                        kind,
                    })
                }
                None => None,
            };
            if let Some(body) = &body {
                let content_pointer = format!("{response_pointer}/content");
                let ty = examples::response_type(&body.kind);
                let components = self.components;
                let examples = &mut self.schemas.examples;
                examples.content(
                    components,
                    response.content,
                    &content_pointer,
                    &body.content_type,
                    ty,
                );
            }
            let documents_header = |name: &str| {
                response
                    .headers
                    .iter()
                    .flat_map(|h| h.keys())
                    .any(|h| h.eq_ignore_ascii_case(name))
            };
            let headers = self.response_headers(response.headers, &hint, &response_pointer)?;
            // Server-sent events offered beside another media type.
            let events = match (&body, event_stream_media(response.content)) {
                (Some(b), Some((content_type, media)))
                    if !matches!(b.kind, ResponseKind::Events(_)) =>
                {
                    let media_pointer = format!(
                        "{response_pointer}/content/{}/schema",
                        escape_pointer_segment(content_type)
                    );
                    Some(self.event_data(media, &format!("{hint} event"), &media_pointer)?)
                }
                _ => None,
            };
            out.push(Response {
                status,
                headers,
                description: response
                    .description
                    .filter(|d| !d.trim().is_empty())
                    .map(str::to_string),
                body,
                events,
                retry_after: documents_header("retry-after"),
                link: documents_header("link"),
            });
        }
        out.sort_by_key(|r| r.status);
        Ok(out)
    }

    /// The type of the data of server-sent events: the media type's schema
    /// (`String` for text data), any JSON where it gives none.
    fn event_data(&mut self, media: &MediaType, hint: &str, pointer: &str) -> Result<TypeRef> {
        Ok(match &media.schema {
            Some(schema) => self.schemas.type_of(schema, hint, pointer)?.ty,
            None => TypeRef::Any,
        })
    }
}

/// The `text/event-stream` media type among `content`, if offered.
fn event_stream_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .find(|(ct, _)| classify(ct) == MediaClass::Events)
        .map(|(ct, m)| (ct.as_str(), m))
}
