//! Buffered bodies are read chunk by chunk up to a cap (64 MiB unless set),
//! with a `Content-Length` above it refused before reading; streamed bodies
//! are not capped.

use std::time::{Duration, Instant};

use fixtures::hostile::Error;
use fixtures::runtime::StreamExt;
use tokio::io::AsyncWriteExt;

use super::support::{RawServer, assert_elapsed, builder, peak_resident_bytes, read_head};

const MIB: u64 = 1024 * 1024;

/// Sends `total` bytes of `chunk_body`-sized chunks in a chunked body.
async fn chunked_server(content_type: &'static str, total: u64) -> RawServer {
    RawServer::start(move |mut stream| async move {
        let _ = read_head(&mut stream).await;
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\n\r\n"
        );
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let piece = vec![b'x'; 256 * 1024];
        let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
        chunk.extend_from_slice(&piece);
        chunk.extend_from_slice(b"\r\n");
        let mut sent = 0;
        while sent < total {
            if stream.write_all(&chunk).await.is_err() {
                return;
            }
            sent += piece.len() as u64;
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    })
    .await
}

/// A 1 GiB chunked body was buffered whole (1.07 GB resident). Now the read
/// stops at the default cap with `Error::BodyTooLarge`, and the peak
/// resident memory grows by far less than the body.
#[tokio::test]
async fn a_1_gib_chunked_body_stops_at_the_cap_with_memory_bounded() {
    let server = chunked_server("application/octet-stream", 1024 * MIB).await;
    let client = builder(&server.uri()).build().unwrap();
    let before = peak_resident_bytes();
    let started = Instant::now();
    let blob = client.get_blob().send().await.expect("the head arrives");
    let result = blob.bytes().await;
    assert_elapsed(started, Duration::ZERO, Duration::from_secs(20));
    let grown = peak_resident_bytes().saturating_sub(before);
    match result {
        Err(Error::BodyTooLarge {
            limit,
            content_length,
        }) => {
            assert_eq!(limit, 64 * MIB);
            assert_eq!(content_length, None);
        }
        other => panic!("expected BodyTooLarge, got {:?}", other.map(|b| b.len())),
    }
    assert!(
        grown < 256 * MIB,
        "peak resident memory grew by {} MiB",
        grown / MIB
    );
}

/// A `Content-Length` above the cap fails at once, before any of the body.
#[tokio::test]
async fn a_content_length_above_the_cap_fails_before_reading() {
    let server = RawServer::start(|mut stream| async move {
        let _ = read_head(&mut stream).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2147483648\r\n\r\n[")
            .await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let client = builder(&server.uri()).build().unwrap();
    let started = Instant::now();
    let result = client.list_items().send().await;
    assert_elapsed(started, Duration::ZERO, Duration::from_secs(2));
    match result {
        Err(Error::BodyTooLarge {
            limit,
            content_length,
        }) => {
            assert_eq!(limit, 64 * MIB);
            assert_eq!(content_length, Some(2_147_483_648));
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

/// The cap is settable, and `None` lifts it; error bodies are capped too.
#[tokio::test]
async fn the_cap_is_settable_and_removable() {
    let server = chunked_server("application/octet-stream", 2 * MIB).await;
    let small = builder(&server.uri()).max_body_bytes(MIB).build().unwrap();
    let blob = small.get_blob().send().await.expect("the head arrives");
    assert!(matches!(
        blob.bytes().await,
        Err(Error::BodyTooLarge { limit, .. }) if limit == MIB
    ));
    let lifted = builder(&server.uri()).max_body_bytes(None).build().unwrap();
    let blob = lifted.get_blob().send().await.expect("the head arrives");
    assert_eq!(blob.bytes().await.expect("no cap").len() as u64, 2 * MIB);

    let failing = RawServer::answering(format!(
        "HTTP/1.1 500 Internal Server Error\r\ncontent-length: {}\r\n\r\n{}",
        2048,
        "e".repeat(2048)
    ))
    .await;
    let small = builder(&failing.uri())
        .max_body_bytes(1024u64)
        .build()
        .unwrap();
    assert!(matches!(
        small.list_items().send().await,
        Err(Error::BodyTooLarge { .. })
    ));
}

/// A streamed body is handed over as it arrives, whatever its size.
#[tokio::test]
async fn streamed_bodies_are_not_capped() {
    let server = chunked_server("application/octet-stream", 4 * MIB).await;
    let client = builder(&server.uri()).max_body_bytes(MIB).build().unwrap();
    let mut stream = client.get_blob().send().await.expect("the head arrives");
    let mut total = 0u64;
    while let Some(chunk) = stream.next().await {
        total += chunk.expect("no cap on streams").len() as u64;
    }
    assert_eq!(total, 4 * MIB);
}

/// A HEAD answer announces the length of a body it does not send: no cap
/// applies to it.
#[tokio::test]
async fn a_head_answer_announcing_a_large_body_is_fine() {
    let server =
        RawServer::answering("HTTP/1.1 200 OK\r\ncontent-length: 107374182400\r\n\r\n").await;
    let client = builder(&server.uri()).build().unwrap();
    let request = fixtures::runtime::Request::new(
        fixtures::runtime::Method::HEAD,
        "/items",
        "/items".to_owned(),
        false,
    );
    let response = client
        .transport()
        .execute::<()>(request)
        .await
        .expect("a HEAD answer has no body");
    assert_eq!(response.status.as_u16(), 200);
    assert!(response.body.is_empty());
}
