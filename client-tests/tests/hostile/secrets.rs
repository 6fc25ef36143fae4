//! No secret in errors (`Display`, `Debug`, the `source()` chain) nor in
//! tracing or `log` output at any level. reqwest's errors carry the request
//! URL, and with it a query key.

use std::time::Duration;

use fixtures::hostile::{Credentials, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::support::{
    RawServer, Recorder, SECRET, assert_no_secret, builder, every_credential, list_items_error,
};

/// A port nothing listens on.
async fn closed_port() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    uri
}

#[tokio::test]
async fn no_secret_in_a_refused_connection() {
    let error =
        list_items_error(builder(&closed_port().await).credentials(every_credential())).await;
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_no_secret(&error);
}

#[tokio::test]
async fn no_secret_in_a_timeout() {
    let server = RawServer::stalled().await;
    let error = list_items_error(
        builder(&server.uri())
            .credentials(every_credential())
            .timeout(Duration::from_millis(200)),
    )
    .await;
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_no_secret(&error);
}

/// A connection closed in the middle of a body.
#[tokio::test]
async fn no_secret_in_a_broken_body() {
    let server = RawServer::answering(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n[{\"id\":",
    )
    .await;
    let error = list_items_error(builder(&server.uri()).credentials(every_credential())).await;
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_no_secret(&error);
}

/// Decode errors and undocumented statuses do not print the request either.
#[tokio::test]
async fn no_secret_in_decode_and_status_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(200).set_body_string("[{\"id\": \"x\"}]"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(500).set_body_string("{\"error\": \"boom\"}"))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .credentials(every_credential())
        .build()
        .unwrap();
    let decode = client.list_items().send().await.unwrap_err();
    assert!(matches!(decode, Error::Decode { .. }), "{decode:?}");
    assert_no_secret(&decode);
    let status = client.search().send().await.unwrap_err();
    assert!(matches!(status, Error::Api(_)), "{status:?}");
    assert_no_secret(&status);
}

/// Credentials that are not valid header values: refused without showing
/// them.
#[tokio::test]
async fn no_secret_in_an_unsendable_credential() {
    let server = MockServer::start().await;
    let bad = format!("{SECRET}\r\nx-injected: 1");
    let error =
        list_items_error(builder(&server.uri()).credentials(Credentials::header_key(bad))).await;
    assert!(matches!(error, Error::Encode(_)), "{error:?}");
    assert_no_secret(&error);
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// Tracing (spans, fields, events) and `log` at every level, through a
/// retry, a redirect to another origin and a failure: the secret never
/// shows, while the requests themselves are traced.
#[tokio::test]
async fn no_secret_in_tracing_or_logs() {
    let (recorder, _guard) = Recorder::install();
    let (base, other) = (MockServer::start().await, MockServer::start().await);
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&base)
        .await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(302).insert_header(
            "location",
            format!("{}/landing?api_key={SECRET}", other.uri()).as_str(),
        ))
        .mount(&base)
        .await;
    Mock::given(method("GET"))
        .and(path("/landing"))
        .respond_with(ResponseTemplate::new(200).set_body_string("[]"))
        .mount(&other)
        .await;
    let client = builder(&base.uri())
        .credentials(every_credential())
        .retry_policy(
            RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    client
        .list_items()
        .send()
        .await
        .expect("retried, then redirected");
    let refused = builder(&closed_port().await)
        .credentials(every_credential())
        .build()
        .unwrap();
    let _ = refused.list_items().send().await.unwrap_err();

    let text = recorder.text();
    assert!(
        text.contains("http_request"),
        "the requests are traced: {text}"
    );
    assert!(!text.contains(SECRET), "{text}");
}
