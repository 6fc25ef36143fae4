//! Typed server-sent events (issue 12): the events of a `text/event-stream`
//! answer decoded into the spec's type, with their `event`, `id` and
//! `retry` fields; `data: [DONE]` ending a JSON stream; an event that does
//! not decode as an error item naming it; an event larger than the cap as
//! a distinct error; a character split between chunks read whole.

use std::time::Duration;

use fixtures::runtime::{EventError, StreamExt};
use fixtures::sse::types::{Chunk, CreateCompletionBody};
use fixtures::sse::{Client, CreateCompletionError, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .build()
        .expect("client builds")
}

fn events(body: &'static str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "text/event-stream")
}

fn prompt(stream: bool) -> CreateCompletionBody {
    CreateCompletionBody {
        prompt: "Hello".into(),
        stream: Some(stream),
    }
}

/// Answers one request with `chunks` of a chunked event stream, flushing
/// and pausing between them (so they arrive as separate reads).
async fn chunked_events(chunks: Vec<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match stream.read(&mut byte).await {
                Ok(1) => head.push(byte[0]),
                _ => return,
            }
        }
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
            .await;
        for chunk in chunks {
            let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
            framed.extend_from_slice(&chunk);
            framed.extend_from_slice(b"\r\n");
            if stream.write_all(&framed).await.is_err() {
                return;
            }
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    });
    format!("http://{address}")
}

/// Several events, in every line ending the standard allows, with a
/// comment, a `retry`, an `id` that lasts, an event type, data over two
/// lines, then `[DONE]`: three typed events, and nothing after `[DONE]`.
/// The request asked for events only; `send()` asks for JSON only.
#[tokio::test]
async fn several_events_decode_with_their_fields_until_done() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .and(header("accept", "text/event-stream"))
        .and(body_json(
            serde_json::json!({"prompt": "Hello", "stream": true}),
        ))
        .respond_with(events(concat!(
            ": a comment\n",
            "retry: 3000\n",
            "event: chunk\nid: 1\ndata: {\"index\":0,\"delta\":\"Hel\"}\n\n",
            "data: {\"index\":1,\r\ndata: \"delta\":\"lo\"}\r\n\r\n",
            "id: 2\rdata: {\"index\":2,\"delta\":\"!\"}\r\r",
            "data: [DONE]\n\n",
            "data: {\"index\":3,\"delta\":\"after the end\"}\n\n",
        )))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .and(header("accept", "application/json"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"text": "Hello!"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let mut stream = client
        .create_completion(prompt(true))
        .send_events()
        .await
        .expect("the stream starts");
    let mut received = Vec::new();
    while let Some(event) = stream.next().await {
        received.push(event.expect("every event decodes"));
    }
    let chunk = |index: i64, delta: &str| Chunk {
        index,
        delta: delta.into(),
    };
    assert_eq!(received.len(), 3, "{received:?}");
    assert_eq!(received[0].event.as_deref(), Some("chunk"));
    assert_eq!(received[0].id.as_deref(), Some("1"));
    assert_eq!(received[0].retry, Some(Duration::from_secs(3)));
    assert_eq!(received[0].data, chunk(0, "Hel"));
    // The last event ID lasts until another is set.
    assert_eq!(
        (
            received[1].event.as_deref(),
            received[1].id.as_deref(),
            received[1].retry
        ),
        (None, Some("1"), None)
    );
    assert_eq!(received[1].data, chunk(1, "lo"));
    assert_eq!(received[2].id.as_deref(), Some("2"));
    assert_eq!(received[2].data, chunk(2, "!"));

    let completion = client
        .create_completion(prompt(false))
        .send()
        .await
        .expect("JSON");
    assert_eq!(completion.text, "Hello!");
}

/// An event whose data does not decode is an error item that names the
/// event (type and id) and keeps its data; the stream goes on. A line that
/// is not UTF-8 is an error item too.
#[tokio::test]
async fn an_event_that_does_not_decode_is_an_error_naming_it_and_the_stream_goes_on() {
    let server = MockServer::start().await;
    let mut body = b"event: chunk\nid: 7\ndata: {\"index\":\"seven\",\"delta\":\"x\"}\n\n".to_vec();
    body.extend_from_slice(b"data: \xFF\xFE\n\n");
    body.extend_from_slice(b"data: {\"index\":8,\"delta\":\"y\"}\n\n");
    Mock::given(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/event-stream"))
        .mount(&server)
        .await;
    let mut stream = client(&server.uri())
        .create_completion(prompt(true))
        .send_events()
        .await
        .expect("the stream starts");
    match stream.next().await {
        Some(Err(Error::Event(error @ EventError::Decode { .. }))) => {
            let message = error.to_string();
            assert!(message.contains("event `chunk` (id `7`)"), "{message}");
            assert!(message.contains("index"), "{message}");
            let EventError::Decode { data, .. } = error else {
                unreachable!()
            };
            assert_eq!(data, r#"{"index":"seven","delta":"x"}"#);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    match stream.next().await {
        Some(Err(Error::Event(EventError::NotUtf8 { id, .. }))) => {
            assert_eq!(id.as_deref(), Some("7"))
        }
        other => panic!("expected a UTF-8 error, got {other:?}"),
    }
    let next = stream.next().await.expect("an event").expect("decodes");
    assert_eq!(next.data.index, 8);
    assert!(stream.next().await.is_none());
}

/// A line longer than the cap ends the stream with `EventError::TooLarge`;
/// many small events adding up to more than the cap are fine (the stream
/// as a whole is not capped).
#[tokio::test]
async fn an_oversized_event_ends_the_stream_with_a_distinct_error() {
    let small_events: String = (0..200)
        .map(|i| {
            format!(
                "data: {{\"index\":{i},\"delta\":\"{}\"}}\n\n",
                "x".repeat(20)
            )
        })
        .collect();
    let mut chunks = vec![small_events.into_bytes()];
    // A data line that never ends, sent in pieces.
    chunks.push(b"data: {\"index\":1,\"delta\":\"".to_vec());
    chunks.extend(std::iter::repeat_n(vec![b'y'; 1024], 8));
    let base = chunked_events(chunks).await;
    let client = Client::builder()
        .base_url(&base)
        .max_body_bytes(4096u64)
        .build()
        .expect("client builds");
    let mut stream = client
        .create_completion(prompt(true))
        .send_events()
        .await
        .expect("the stream starts");
    let mut decoded = 0;
    let ending = loop {
        match stream.next().await {
            Some(Ok(_)) => decoded += 1,
            other => break other,
        }
    };
    assert_eq!(decoded, 200);
    match ending {
        Some(Err(Error::Event(EventError::TooLarge { limit }))) => assert_eq!(limit, 4096),
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert!(stream.next().await.is_none(), "the stream ends");
}

/// A character split between two reads, and a CRLF split between them, are
/// read whole.
#[tokio::test]
async fn a_character_and_a_line_ending_split_between_reads_are_read_whole() {
    let text = "data: {\"index\":1,\"delta\":\"héllo ✓\"}\r\n\r\n".as_bytes();
    let split = text.iter().position(|b| *b == 0xC3).expect("é") + 1;
    let end = text.len() - 3;
    let base = chunked_events(vec![
        text[..split].to_vec(),
        text[split..end].to_vec(),
        text[end..].to_vec(),
        b"data: {\"index\":2,\"delta\":\"\xE2\x9C".to_vec(),
        b"\x93\"}\r".to_vec(),
        b"\n\r\n".to_vec(),
    ])
    .await;
    let mut stream = client(&base)
        .create_completion(prompt(true))
        .send_events()
        .await
        .expect("the stream starts");
    let first = stream.next().await.expect("an event").expect("decodes");
    assert_eq!(first.data.delta, "héllo ✓");
    let second = stream.next().await.expect("an event").expect("decodes");
    assert_eq!(second.data.delta, "✓");
    assert!(stream.next().await.is_none());
}

/// A server that answers JSON where events were asked for (a request that
/// did not ask the server to stream): said so, with the body kept. A
/// documented error status is the typed error.
#[tokio::test]
async fn an_answer_that_is_not_an_event_stream_is_said_so() {
    let server = MockServer::start().await;
    Mock::given(path("/chat/completions"))
        .and(body_json(
            serde_json::json!({"prompt": "Hello", "stream": false}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"text": "Hi"})))
        .mount(&server)
        .await;
    Mock::given(path("/chat/completions"))
        .respond_with(
            ResponseTemplate::new(429).set_body_json(serde_json::json!({"message": "slow down"})),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri());
    match client.create_completion(prompt(false)).send_events().await {
        Err(Error::Event(EventError::NotEventStream { content_type, body })) => {
            assert_eq!(content_type.as_deref(), Some("application/json"));
            assert_eq!(&body[..], br#"{"text":"Hi"}"#);
        }
        other => panic!("expected NotEventStream, got {other:?}"),
    }
    match client.create_completion(prompt(true)).send_events().await {
        Err(Error::Api(CreateCompletionError::TooManyRequests { body, .. })) => {
            assert_eq!(body.and_then(|b| b.message).as_deref(), Some("slow down"));
        }
        other => panic!("expected the typed 429, got {other:?}"),
    }
}

/// Events typed `string` keep their data as written (`[DONE]` is data
/// there); events with no schema are any JSON.
#[tokio::test]
async fn text_events_keep_their_data_and_untyped_events_are_json_values() {
    let server = MockServer::start().await;
    Mock::given(path("/logs"))
        .respond_with(events(
            "data: first line\ndata: second line\n\ndata: [DONE]\n\n",
        ))
        .mount(&server)
        .await;
    Mock::given(path("/feed"))
        .respond_with(events("data: {\"a\": [1, 2]}\n\ndata: 3\n\n"))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let logs: Vec<String> = client
        .tail_logs()
        .send()
        .await
        .expect("the stream starts")
        .map(|event| event.expect("text").data)
        .collect()
        .await;
    assert_eq!(logs, vec!["first line\nsecond line", "[DONE]"]);
    let feed: Vec<serde_json::Value> = client
        .feed()
        .send()
        .await
        .expect("the stream starts")
        .map(|event| event.expect("JSON").data)
        .collect()
        .await;
    assert_eq!(
        feed,
        vec![serde_json::json!({"a": [1, 2]}), serde_json::json!(3)]
    );
}

/// A CR that ends one chunk and the LF that starts the next are one line
/// ending, even with an empty chunk between them (found by the runtime
/// fuzzer's `sse` target: the empty chunk made the LF a blank line of its
/// own, dispatching the event early).
#[test]
fn an_empty_chunk_keeps_a_pending_carriage_return() {
    use fixtures::runtime::SseParser;
    let mut parser = SseParser::new(None);
    for chunk in [&b"data: a\r"[..], b"", b"\ndata: b\n\n"] {
        parser.feed(chunk);
    }
    let event = parser.next_event().expect("an event").expect("framed");
    assert_eq!(event.data.as_deref(), Some("a\nb"));
    assert!(parser.next_event().is_none());
}

/// After an event past the limit the parser has lost its place in the
/// stream: it reports the failure once and reads nothing more, whether the
/// rest comes in the same chunk or later ones (found by the runtime
/// fuzzer's `sse` target: a later chunk was framed again, as if the stream
/// had resumed mid-line).
#[test]
fn a_failed_stream_stays_failed_across_chunks() {
    use fixtures::runtime::{Framing, SseParser};
    let mut parser = SseParser::new(Some(8));
    parser.feed(b"data: far too long for the limit\n");
    assert!(matches!(
        parser.next_event(),
        Some(Err(Framing::TooLarge { limit: 8 }))
    ));
    assert!(parser.has_failed());
    parser.feed(b"\ndata: ok\n\n");
    assert!(parser.next_event().is_none());
    assert!(parser.has_failed());
}
