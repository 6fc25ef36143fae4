//! The fixture client of `client-tests/fixture-specs/unusual-text.yaml`,
//! whose spec puts direction controls and control characters everywhere:
//! the crate compiles without warnings (the workspace builds and lints it),
//! and the values on the wire are exactly the spec's, those characters
//! included.

use fixtures::unusual_text::types::{Item, Kind};
use fixtures::unusual_text::{Client, Credentials};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::api_key("k"))
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn names_and_enum_values_with_direction_controls_go_out_and_come_back_as_written() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items/a"))
        .and(query_param("q\u{202E}uery", "v\u{2066}"))
        .and(query_param("kind", "r\u{202E}tl"))
        .and(header("X-Key", "k"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "name": "n",
            "we\u{202E}ird": "w",
            "kind": "iso\u{2066}late\u{2069}",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let item = client(&server)
        .get_item("a")
        .q_uery("v\u{2066}")
        .kind(Kind::RTl)
        .send()
        .await
        .expect("the item");
    assert_eq!(item.name.as_deref(), Some("n"));
    assert_eq!(item.we_ird.as_deref(), Some("w"));
    assert_eq!(item.kind, Some(Kind::IsoLate));
}

#[tokio::test]
async fn a_body_keeps_its_unusual_property_names() {
    let server = MockServer::start().await;
    let wire = json!({"name": "n", "we\u{202E}ird": "w", "kind": "r\u{202E}tl"});
    Mock::given(method("POST"))
        .and(path("/items"))
        .and(body_json(&wire))
        .respond_with(ResponseTemplate::new(201).set_body_json(&wire))
        .expect(1)
        .mount(&server)
        .await;
    let sent = Item {
        name: Some("n".into()),
        we_ird: Some("w".into()),
        kind: Some(Kind::RTl),
    };
    let created = client(&server)
        .create_item(sent.clone())
        .send()
        .await
        .expect("created");
    assert_eq!(created, sent);
}
