//! Real payloads (issue 12): multipart uploads with file parts, checked
//! byte for byte on the server side (parsed with `multer`); raw bodies from
//! bytes and streams; `format: byte` as base64 in bodies and parameters;
//! downloads handed over as a stream or read whole under the cap.

use bytes::Bytes;
use fixtures::payloads::types::{DocumentForm, Signed, UploadBody, UploadBodyMeta};
use fixtures::payloads::{Client, DownloadError, Error};
use fixtures::runtime::{Base64, Body, FilePart, StreamExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

async fn recorded(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1, "one request");
    requests.remove(0)
}

/// One part of a multipart body as the server read it.
#[derive(Debug, PartialEq)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

/// The parts of a recorded `multipart/form-data` request, in order.
async fn parts(request: &Request) -> Vec<Part> {
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .expect("a content type");
    let boundary = multer::parse_boundary(content_type).expect("a multipart boundary");
    let body = Bytes::from(request.body.clone());
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut out = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("a well-formed part") {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(|m| m.to_string());
        let bytes = field.bytes().await.expect("the part's bytes").to_vec();
        out.push(Part {
            name,
            file_name,
            content_type,
            bytes,
        });
    }
    out
}

fn part(name: &str, file_name: Option<&str>, content_type: Option<&str>, bytes: &[u8]) -> Part {
    Part {
        name: name.into(),
        file_name: file_name.map(Into::into),
        content_type: content_type.map(Into::into),
        bytes: bytes.to_vec(),
    }
}

async fn receipt_server(route: &str, status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(route))
        .respond_with(
            ResponseTemplate::new(status).set_body_json(serde_json::json!({"received": 1})),
        )
        .mount(&server)
        .await;
    server
}

/// A file field was a `String` sent as a text part: 0x80-0xFF arrived as
/// U+FFFD and no file name could be given. Now every byte value arrives
/// intact, with the file name and content type of its part; lists of files
/// are repeated parts; text, numbers and lists of text are text parts; an
/// object is a JSON part.
#[tokio::test]
async fn every_byte_value_arrives_intact_in_file_parts_with_names_and_types() {
    let server = receipt_server("/uploads", 200).await;
    let every_byte: Vec<u8> = (0..=255u8).collect();
    let chunks = vec![
        Ok::<_, std::io::Error>(Bytes::from_static(b"streamed ")),
        Ok(Bytes::from_static(&[0x00, 0xFF, 0x89])),
    ];
    let body = UploadBody {
        file: FilePart::from_bytes(every_byte.clone())
            .file_name("every-byte.bin")
            .content_type("application/x-test"),
        attachments: Some(vec![
            FilePart::from_stream(futures_util::stream::iter(chunks)).file_name("notes.txt"),
            FilePart::from_bytes(vec![0xC3, 0x28]),
        ]),
        thumbnail: Some(FilePart::from_bytes(vec![0x89, b'P', b'N', b'G']).file_name("t")),
        purpose: "fine-tune".into(),
        tags: Some(vec!["a".into(), "b, c".into()]),
        count: Some(3),
        meta: Some(UploadBodyMeta {
            source: Some("camera".into()),
        }),
    };
    let receipt = client(&server).upload(body).send().await.expect("uploaded");
    assert_eq!(receipt.received, 1);
    let request = recorded(&server).await;
    let received = parts(&request).await;
    let expected = vec![
        part(
            "file",
            Some("every-byte.bin"),
            Some("application/x-test"),
            &every_byte,
        ),
        // The content type guessed from the name; the stream sent whole.
        part(
            "attachments",
            Some("notes.txt"),
            Some("text/plain"),
            b"streamed \x00\xFF\x89",
        ),
        // No name, no type: application/octet-stream.
        part(
            "attachments",
            None,
            Some("application/octet-stream"),
            &[0xC3, 0x28],
        ),
        // The spec's `encoding` gives the part's type.
        part(
            "thumbnail",
            Some("t"),
            Some("image/png"),
            &[0x89, b'P', b'N', b'G'],
        ),
        part("purpose", None, None, b"fine-tune"),
        part("tags", None, None, b"a"),
        part("tags", None, None, b"b, c"),
        part("count", None, None, b"3"),
        part(
            "meta",
            None,
            Some("application/json"),
            br#"{"source":"camera"}"#,
        ),
    ];
    assert_eq!(received, expected);
}

/// A schema used both as JSON and as a form: the form type
/// (`DocumentForm`) takes a file, the JSON type keeps the text JSON carries.
#[tokio::test]
async fn a_struct_used_as_json_and_as_a_form_has_a_form_type_with_a_file() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/documents"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/documents/report"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"name": "report", "content": "text"})),
        )
        .mount(&server)
        .await;
    let dir = std::env::temp_dir().join(format!("oagen-payloads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let file = dir.join("report.pdf");
    let contents: Vec<u8> = (0..=255u8).rev().cycle().take(10_000).collect();
    std::fs::write(&file, &contents).expect("a file");
    let form = DocumentForm {
        name: "report".into(),
        content: FilePart::from_path(&file).await.expect("opens"),
    };
    let client = client(&server);
    client.upload_document(form).send().await.expect("stored");
    let document = client.get_document("report").send().await.expect("read");
    assert_eq!(document.content, "text");
    let _ = std::fs::remove_dir_all(&dir);

    let requests = server.received_requests().await.expect("recording");
    let received = parts(&requests[0]).await;
    assert_eq!(
        received,
        vec![
            part("name", None, None, b"report"),
            // Named after the path, typed after its extension.
            part(
                "content",
                Some("report.pdf"),
                Some("application/pdf"),
                &contents
            ),
        ]
    );
}

/// An `application/octet-stream` body from a stream arrives whole, with
/// the spec's content type; bytes and text are bodies too.
#[tokio::test]
async fn an_octet_stream_body_is_sent_from_a_stream_or_bytes() {
    let server = receipt_server("/blobs", 201).await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..=255u8).map(|b| Ok(vec![b; 3])).collect();
    let body = Body::from_stream(futures_util::stream::iter(chunks));
    client(&server).put_blob(body).send().await.expect("stored");
    let request = recorded(&server).await;
    let expected: Vec<u8> = (0..=255u8).flat_map(|b| [b; 3]).collect();
    assert_eq!(request.body, expected);
    assert_eq!(
        request.headers.get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/octet-stream"[..])
    );

    let server = receipt_server("/blobs", 201).await;
    client(&server)
        .put_blob(vec![0u8, 1, 0xFF])
        .send()
        .await
        .expect("stored");
    assert_eq!(recorded(&server).await.body, vec![0u8, 1, 0xFF]);
}

/// A body the spec types as a range (`image/*`) is sent with the type the
/// caller gives; without one, nothing is sent and the error says why.
#[tokio::test]
async fn a_body_typed_as_a_range_needs_the_callers_content_type() {
    let server = receipt_server("/images", 204).await;
    let client = client(&server);
    client
        .put_image(Body::from(vec![0x89, b'P']).content_type("image/png"))
        .send()
        .await
        .expect("stored");
    let request = recorded(&server).await;
    assert_eq!(
        request.headers.get("content-type").map(|v| v.as_bytes()),
        Some(&b"image/png"[..])
    );
    match client.put_image(vec![0x89, b'P']).send().await {
        Err(Error::Encode(message)) => {
            assert!(message.contains("image/*"), "{message}");
            assert!(message.contains("Body::content_type"), "{message}");
        }
        other => panic!("expected an encoding error, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(1));
}

/// `format: byte` is base64 for the user: standard alphabet with padding
/// when sent (in the body and in a query parameter), and read back padded
/// or not, wrapped or not, in either alphabet; text that is not base64 is
/// a decode error at its path.
#[tokio::test]
async fn base64_round_trips_in_bodies_and_parameters() {
    let every_byte: Vec<u8> = (0..=255u8).collect();
    let server = MockServer::start().await;
    // The answer spells the same bytes in every way servers do.
    let answer = serde_json::json!({
        "payload": "AP+A\nfw==",
        "signature": "AP-Afw",
        "chunks": ["AP+Afw", " AP+A fw== "],
    });
    Mock::given(path("/signatures"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .mount(&server)
        .await;
    let signed = client(&server)
        .sign(
            Base64::new(vec![0xFB, 0xFF, 0xBF]),
            Signed {
                payload: Base64::new(every_byte.clone()),
                signature: None,
                chunks: Some(vec![Base64::new(b"a".to_vec())]),
            },
        )
        .send()
        .await
        .expect("signed");
    let expected = Base64::new(vec![0x00, 0xFF, 0x80, 0x7F]);
    assert_eq!(signed.payload, expected);
    assert_eq!(signed.signature, Some(expected.clone()));
    assert_eq!(signed.chunks, Some(vec![expected.clone(), expected]));

    let request = recorded(&server).await;
    // `+/8=` percent-encoded in the query.
    assert_eq!(request.url.query(), Some("key=%2B%2F%2B%2F"));
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON");
    use base64::Engine as _;
    let standard = base64::engine::general_purpose::STANDARD.encode(&every_byte);
    assert_eq!(
        sent,
        serde_json::json!({"payload": standard, "chunks": ["YQ=="]})
    );

    let server = MockServer::start().await;
    Mock::given(path("/signatures"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"payload": "AA==", "signature": "not base64!"})),
        )
        .mount(&server)
        .await;
    let result = client(&server)
        .sign(
            Base64::new(vec![1]),
            Signed {
                payload: Base64::default(),
                signature: None,
                chunks: None,
            },
        )
        .send()
        .await;
    match result {
        Err(Error::Decode { path, source, .. }) => {
            assert_eq!(path, "signature");
            assert!(source.to_string().contains("not base64"), "{source}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// A download is a stream of chunks as they arrive, or read whole under the
/// body cap; an error status is read and typed as before.
#[tokio::test]
async fn a_download_streams_or_reads_whole_under_the_cap() {
    let contents: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    let server = MockServer::start().await;
    Mock::given(path("/downloads/a.bin"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/octet-stream")
                .set_body_bytes(contents.clone()),
        )
        .mount(&server)
        .await;
    Mock::given(path("/downloads/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"received": 0})))
        .mount(&server)
        .await;
    let client = client(&server);

    let mut stream = client.download("a.bin").send().await.expect("the head");
    assert_eq!(stream.content_length(), Some(300_000));
    assert_eq!(stream.content_type(), Some("application/octet-stream"));
    let mut streamed = Vec::new();
    while let Some(chunk) = stream.next().await {
        streamed.extend_from_slice(&chunk.expect("a chunk"));
    }
    assert_eq!(streamed, contents);

    let whole = client.download("a.bin").send().await.expect("the head");
    assert_eq!(whole.bytes().await.expect("read whole"), contents);

    let capped = Client::builder()
        .base_url(server.uri())
        .max_body_bytes(100_000u64)
        .build()
        .expect("client builds");
    let stream = capped.download("a.bin").send().await.expect("the head");
    match stream.bytes().await {
        Err(Error::BodyTooLarge {
            limit,
            content_length,
        }) => assert_eq!((limit, content_length), (100_000, Some(300_000))),
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    // The cap does not apply to the stream.
    let mut stream = capped.download("a.bin").send().await.expect("the head");
    let mut total = 0;
    while let Some(chunk) = stream.next().await {
        total += chunk.expect("a chunk").len();
    }
    assert_eq!(total, 300_000);

    match client.download("missing").send().await {
        Err(Error::Api(DownloadError::NotFound(receipt))) => assert_eq!(receipt.received, 0),
        other => panic!("expected the typed 404, got {other:?}"),
    }
}
