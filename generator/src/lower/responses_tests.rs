//! Lowering of responses: media types offered side by side, server-sent
//! events, protocol upgrades.

use super::multipart::tests::lower_text;
use crate::ir::*;

/// Events beside JSON: `send` reads the JSON, the events are kept for
/// `send_events`; events alone are the body; a 101 is warned about.
#[test]
fn event_streams_beside_json_and_alone_and_upgrades_warned() {
    let api = lower_text(
        "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /chat:
    post:
      operationId: chat
      responses:
        '200':
          description: JSON or events
          content:
            text/event-stream:
              schema: {$ref: '#/components/schemas/Chunk'}
            application/json:
              schema: {$ref: '#/components/schemas/Chunk'}
  /logs:
    get:
      operationId: logs
      responses:
        '200':
          description: events only
          content:
            text/event-stream:
              schema: {type: string}
  /ws:
    get:
      operationId: ws
      responses:
        '101': {description: upgrade}
components:
  schemas:
    Chunk: {type: object, properties: {delta: {type: string}}}
",
    );
    let chat = &api.operations[0].responses[0];
    assert!(matches!(
        chat.body.as_ref().map(|b| (&b.content_type, &b.kind)),
        Some((ct, ResponseKind::Json(_))) if ct == "application/json"
    ));
    assert!(matches!(chat.events, Some(TypeRef::Named(_))));
    let logs = &api.operations[1].responses[0];
    assert_eq!(
        logs.body.as_ref().map(|b| &b.kind),
        Some(&ResponseKind::Events(TypeRef::Primitive(Primitive::String)))
    );
    assert_eq!(logs.events, None);
    assert!(
        api.warnings
            .iter()
            .any(|w| w.pointer == "#/paths/~1ws/get/responses/101"
                && w.message.contains("WebSocket")),
        "{:?}",
        api.warnings
    );
}
