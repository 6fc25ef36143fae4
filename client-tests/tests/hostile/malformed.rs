//! Responses no HTTP server should send: bad status lines, broken header
//! blocks, broken chunked framing, bodies shorter than announced. Each ends
//! in a typed error (or a typed answer), promptly, without a panic.

use std::time::{Duration, Instant};

use fixtures::hostile::{Error, ListItemsError};

use super::support::{RawServer, assert_elapsed, builder};

async fn answer(raw: &str) -> Result<Vec<fixtures::hostile::types::Item>, Error<ListItemsError>> {
    let server = RawServer::answering(raw.as_bytes().to_vec()).await;
    let client = builder(&server.uri())
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let started = Instant::now();
    let result = client.list_items().send().await;
    assert_elapsed(started, Duration::ZERO, Duration::from_secs(3));
    result
}

#[tokio::test]
async fn broken_heads_are_transport_errors() {
    for raw in [
        "HTTP/1.1 99999 OK\r\n\r\n",
        "HTTP/1.1 OK\r\n\r\n",
        "HTTP/9.9 200 OK\r\n\r\n",
        "garbage\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        "HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\ncontent-length: 18446744073709551616\r\n\r\n",
        "HTTP/1.1 200 OK\r\nx: \u{0}\r\n\r\n",
        "",
    ] {
        let result = answer(raw).await;
        assert!(
            matches!(result, Err(Error::Transport(_))),
            "{raw:?}: {result:?}"
        );
    }
}

#[tokio::test]
async fn broken_bodies_are_transport_errors() {
    for raw in [
        "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n[]",
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n[]\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nffffffffffffffffff\r\n[]",
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\n[]",
    ] {
        let result = answer(raw).await;
        assert!(
            matches!(result, Err(Error::Transport(_))),
            "{raw:?}: {result:?}"
        );
    }
}

/// Odd but well-formed answers: a body that is not the documented shape is
/// a decode error; an odd status is an undocumented one.
#[tokio::test]
async fn odd_answers_are_typed() {
    let result = answer("HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\n{}{}").await;
    assert!(matches!(result, Err(Error::Decode { .. })), "{result:?}");
    let result = answer("HTTP/1.1 299 Whatever\r\ncontent-length: 2\r\n\r\n[]").await;
    assert!(
        matches!(result, Ok(ref items) if items.is_empty()),
        "{result:?}"
    );
    let result = answer("HTTP/1.1 599 Custom\r\ncontent-length: 0\r\n\r\n").await;
    assert!(
        matches!(result, Err(Error::Api(ListItemsError::UnexpectedStatus(_)))),
        "{result:?}"
    );
}
