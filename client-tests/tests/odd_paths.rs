//! Path keys that hold a query or a fragment (`client-tests/fixture-specs/odd_paths.yaml`):
//! the query is sent with the operation's own parameters after it, and the
//! fragment, which no request carries, is dropped rather than swallowing them.

use fixtures::odd_paths::Client;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_query_in_the_path_goes_before_the_operations_own() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .and(query_param("kind", "all"))
        .and(query_param("q", "cats"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(["tom"])))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let hits = client.search_all().q("cats").send().await.expect("answers");
    assert_eq!(hits, vec!["tom".to_string()]);
}

#[tokio::test]
async fn a_fragment_in_the_path_does_not_swallow_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files"))
        .and(query_param("name", "a.txt"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"hello".to_vec()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let download = client.download_file("a.txt").send().await.expect("answers");
    let bytes = download.bytes().await.expect("read whole");
    assert_eq!(&bytes[..], b"hello");
}
