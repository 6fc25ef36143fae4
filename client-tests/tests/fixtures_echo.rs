//! The smallest fixture client (`client-tests/fixture-specs/echo.yaml`)
//! against a local server: a JSON body goes out as the spec describes and
//! the answer decodes into the same type.

use fixtures::echo::{Client, types::Message};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_json_body_goes_out_and_comes_back_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/echo"))
        .and(body_json(json!({"text": "hi", "count": 2})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"text": "hi", "count": 2})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let sent = Message {
        text: "hi".into(),
        count: Some(2),
    };
    let answer = client
        .echo(sent.clone())
        .send()
        .await
        .expect("echo answers");
    assert_eq!(answer, sent);
}
