//! Timeouts: on by default (connect 15 s, read 30 s, whole request 60 s),
//! settable and removable. A stalled server ends in `Error::Timeout`; a
//! streamed body that keeps sending is not cut by the whole-request timeout.

use std::time::{Duration, Instant};

use fixtures::hostile::{Client, Error};
use fixtures::runtime::StreamExt;
use tokio::io::AsyncWriteExt;

use super::support::{RawServer, assert_elapsed, builder, read_head};

/// A default-built client waited forever on a stalled server. The defaults
/// are now set (shown by `Debug`, which the builder and client both have).
#[test]
fn timeouts_are_on_by_default() {
    let client = Client::builder().build().unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains("connect_timeout: Some(15s)"), "{shown}");
    assert!(shown.contains("read_timeout: Some(30s)"), "{shown}");
    assert!(shown.contains("timeout: Some(60s)"), "{shown}");
}

#[test]
fn timeouts_can_be_turned_off() {
    let client = Client::builder()
        .timeout(None)
        .read_timeout(None)
        .connect_timeout(None)
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains("connect_timeout: None"), "{shown}");
    assert!(shown.contains("read_timeout: None"), "{shown}");
    assert!(shown.contains(" timeout: None"), "{shown}");
}

/// The read timeout alone (no whole-request timeout) ends a wait for a
/// server that never answers.
#[tokio::test]
async fn a_stalled_server_hits_the_read_timeout() {
    let server = RawServer::stalled().await;
    let client = builder(&server.uri())
        .timeout(None)
        .read_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let result = client.list_items().send().await;
    assert_elapsed(started, Duration::from_millis(300), Duration::from_secs(2));
    match result {
        Err(Error::Timeout(e)) => assert!(e.to_string().contains("read"), "{e}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

/// A server that sends a byte every 50 ms never trips the read timeout; the
/// whole-request timeout ends it.
#[tokio::test]
async fn a_trickling_body_hits_the_whole_request_timeout() {
    let server = RawServer::start(|mut stream| async move {
        let _ = read_head(&mut stream).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n[")
            .await;
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if stream.write_all(b" ").await.is_err() {
                return;
            }
        }
    })
    .await;
    let client = builder(&server.uri())
        .timeout(Duration::from_millis(500))
        .read_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let result = client.list_items().send().await;
    assert_elapsed(started, Duration::from_millis(500), Duration::from_secs(2));
    match result {
        Err(Error::Timeout(e)) => assert!(e.to_string().contains("500ms"), "{e}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

/// An event stream sending every 100 ms for 1 s outlives a 300 ms
/// whole-request timeout, which covers only the wait for its head.
#[tokio::test]
async fn a_stream_that_keeps_sending_outlives_the_request_timeout() {
    let server = RawServer::start(|mut stream| async move {
        let _ = read_head(&mut stream).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
            .await;
        for i in 0..10 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let event = format!("data: {i}\n\n");
            let chunk = format!("{:x}\r\n{event}\r\n", event.len());
            if stream.write_all(chunk.as_bytes()).await.is_err() {
                return;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    })
    .await;
    let client = builder(&server.uri())
        .timeout(Duration::from_millis(300))
        .read_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = Instant::now();
    let mut stream = client
        .stream_events()
        .send()
        .await
        .expect("the head arrives");
    let mut received = Vec::new();
    while let Some(event) = stream
        .next()
        .await
        .transpose()
        .expect("no timeout while data flows")
    {
        received.push(event.data);
    }
    assert_elapsed(started, Duration::from_millis(900), Duration::from_secs(3));
    let expected: Vec<String> = (0..10).map(|i| i.to_string()).collect();
    assert_eq!(received, expected);
}

/// A stream that stops sending ends in `Error::Timeout` after the read
/// timeout.
#[tokio::test]
async fn a_stalled_stream_hits_the_read_timeout() {
    let server = RawServer::start(|mut stream| async move {
        let _ = read_head(&mut stream).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n9\r\ndata: 1\n\n\r\n")
            .await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let client = builder(&server.uri())
        .read_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let mut stream = client
        .stream_events()
        .send()
        .await
        .expect("the head arrives");
    let started = Instant::now();
    let first = stream.next().await;
    assert!(
        matches!(&first, Some(Ok(event)) if event.data == "1"),
        "{first:?}"
    );
    let second = stream.next().await;
    assert_elapsed(started, Duration::from_millis(250), Duration::from_secs(2));
    assert!(matches!(second, Some(Err(Error::Timeout(_)))), "{second:?}");
}
