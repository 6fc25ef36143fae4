//! Objects without properties, schemas of no type, and extra properties
//! (`client-tests/fixture-specs/free_form.yaml`): what a server sends is
//! what the types hold, and what they send back.

mod common;

use common::round_trip;
use fixtures::free_form::{
    Client,
    types::{Anything, Closed, Config, Document, Extensible, Labels, Plain},
};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn an_object_without_properties_keeps_every_member() {
    let config: Config = round_trip(json!({"answer": 42, "nested": {"list": [1, "two"]}}));
    assert_eq!(config["answer"], json!(42));
    assert_eq!(config["nested"]["list"][1], json!("two"));
    let labels: Labels = round_trip(json!({"team": "core", "tier": "1"}));
    assert_eq!(labels["team"], "core");
}

#[test]
fn a_schema_of_no_type_takes_any_json_value() {
    for value in [
        json!([1, "two", null]),
        json!("text"),
        json!(3.5),
        json!(true),
        json!(null),
        json!({"k": {"deep": [true]}}),
    ] {
        let any: Anything = round_trip(value.clone());
        assert_eq!(any, value);
    }
}

#[test]
fn extra_properties_are_kept_where_the_spec_allows_them() {
    let extensible: Extensible = round_trip(json!({"kind": "a", "x": 1, "y": {"z": [2]}}));
    assert_eq!(extensible.kind.as_deref(), Some("a"));
    assert_eq!(extensible.additional_properties["x"], json!(1));
    assert_eq!(extensible.additional_properties["y"], json!({"z": [2]}));
    // Where the spec says nothing of other properties, the struct holds
    // the declared ones (typify's rule, stated in the README).
    let plain: Plain = serde_json::from_value(json!({"kind": "a", "x": 1})).expect("decodes");
    assert_eq!(
        plain,
        Plain {
            kind: Some("a".into())
        }
    );
    let _closed: Closed = round_trip(json!({}));
}

#[tokio::test]
async fn a_document_of_free_form_parts_goes_out_and_comes_back_whole() {
    let document = json!({
        "id": "d1",
        "settings": {"retries": 3, "modes": ["a", "b"], "deep": {"x": null}},
        "payload": [1, {"two": 2}],
        "note": "any value, here a string",
        "labels": {"env": "prod"},
        "extensions": {"kind": "k", "vendor-flag": true},
        "plain": {"kind": "p"}
    });
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/documents"))
        .and(body_json(&document))
        .respond_with(ResponseTemplate::new(200).set_body_json(&document))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let sent: Document = round_trip(document.clone());
    let answer = client
        .post_document(sent.clone())
        .send()
        .await
        .expect("answers");
    assert_eq!(answer, sent);
    assert_eq!(answer.payload, json!([1, {"two": 2}]));
    assert_eq!(
        answer.settings.as_ref().map(|s| s["retries"].clone()),
        Some(json!(3))
    );
    assert_eq!(serde_json::to_value(&answer).expect("encodes"), document);
}

#[test]
fn an_optional_value_left_unset_is_not_sent() {
    let document: Document = round_trip(json!({"id": "d2"}));
    assert_eq!(document.payload, json!(null));
    assert_eq!(document.note, json!(null));
}
