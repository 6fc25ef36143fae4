//! Errors say their cause in `Display` (connection refused, timed out, the
//! JSON path and serde's message of a decode failure), and an undocumented
//! status keeps its headers and reads its body as JSON.

use std::time::Duration;

use fixtures::hostile::{Error, ListItemsError, SearchError, types::Problem};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::support::{RawServer, builder, list_items_error};

#[tokio::test]
async fn a_refused_connection_says_so() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = list_items_error(builder(&uri)).await;
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let shown = error.to_string();
    assert!(
        shown.to_lowercase().contains("connection refused"),
        "{shown}"
    );
    assert!(shown.contains("connect"), "{shown}");
}

#[tokio::test]
async fn a_timeout_says_which_and_how_long() {
    let server = RawServer::stalled().await;
    let client = builder(&server.uri())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let shown = client.list_items().send().await.unwrap_err().to_string();
    assert!(shown.contains("timed out"), "{shown}");
    assert!(shown.contains("200ms"), "{shown}");
}

#[tokio::test]
async fn a_decode_error_names_the_json_path_and_the_reason() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(r#"[{"id": 1, "name": "a"}, {"id": "two", "name": "b"}]"#),
        )
        .mount(&server)
        .await;
    let error = list_items_error(builder(&server.uri())).await;
    match &error {
        Error::Decode {
            status,
            path,
            source,
            ..
        } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(path, "[1].id");
            assert!(source.is_data(), "{source}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    let shown = error.to_string();
    assert!(shown.contains("[1].id"), "{shown}");
    assert!(
        shown.contains("invalid type: string \"two\", expected i64"),
        "{shown}"
    );
}

/// An undocumented status keeps its headers, and its body reads as JSON,
/// typed or as a `serde_json::Value`.
#[tokio::test]
async fn an_unexpected_status_has_headers_and_a_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(
            ResponseTemplate::new(418)
                .insert_header("x-request-id", "r-42")
                .set_body_string(r#"{"message": "I am a teapot", "code": 7}"#),
        )
        .mount(&server)
        .await;
    let error = list_items_error(builder(&server.uri())).await;
    let Error::Api(ListItemsError::UnexpectedStatus(unexpected)) = error else {
        panic!("expected UnexpectedStatus, got {error:?}");
    };
    assert_eq!(unexpected.status.as_u16(), 418);
    assert_eq!(unexpected.headers.get("x-request-id").unwrap(), "r-42");
    let problem: Problem = unexpected.json().expect("typed");
    assert_eq!(problem.message, "I am a teapot");
    let value = unexpected.json_value().expect("any JSON");
    assert_eq!(value["code"], 7);
    let not_json = unexpected.json::<Vec<u8>>().unwrap_err();
    assert!(
        not_json.to_string().contains("expected a sequence"),
        "{not_json}"
    );
}

/// A body that is not JSON at all: the error says where it stopped.
#[tokio::test]
async fn an_unexpected_status_with_a_non_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .mount(&server)
        .await;
    let error = builder(&server.uri())
        .build()
        .unwrap()
        .search()
        .send()
        .await
        .unwrap_err();
    let Error::Api(SearchError::UnexpectedStatus(unexpected)) = error else {
        panic!("expected UnexpectedStatus, got {error:?}");
    };
    let e = unexpected.json_value().unwrap_err();
    assert!(
        e.to_string().contains("expected value at line 1 column 1"),
        "{e}"
    );
}
