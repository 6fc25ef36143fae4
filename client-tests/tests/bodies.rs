//! Request bodies without struct literals (`client-tests/fixture-specs/bodies.yaml`):
//! a body built from its required fields alone sends just those; setters
//! add the optional ones (fields named like `new`, `clone` or a keyword
//! included); and an update's nullable field is sent as `null`, left out,
//! or given a value, three things the server tells apart.

use fixtures::bodies::{
    Client,
    types::{CreateWidget, Owner, UpdateWidget, Widget},
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    let widget = json!({"id": "w1", "name": "w", "color": null});
    Mock::given(method("POST"))
        .and(path("/widgets"))
        .respond_with(ResponseTemplate::new(201).set_body_json(widget.clone()))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/widgets/w1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(widget))
        .mount(&server)
        .await;
    server
}

async fn bodies_received(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .map(|r| serde_json::from_slice(&r.body).expect("a JSON body"))
        .collect()
}

#[tokio::test]
async fn a_body_built_from_its_required_fields_sends_only_those() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let widget: Widget = client
        .create_widget(CreateWidget::new("w", Owner::new("o1")))
        .send()
        .await
        .expect("created");
    // A type only ever read keeps `Option<T>`: null and absent read alike.
    let color: Option<String> = widget.color;
    assert_eq!(color, None);

    client
        .create_widget(
            CreateWidget::new("w", Owner::new("o1").note("first owner"))
                .size(3)
                .tags(["a".to_owned(), "b".to_owned()])
                .with_new(true)
                .with_clone("c")
                .r#type("t"),
        )
        .send()
        .await
        .expect("created");
    assert_eq!(
        bodies_received(&server).await,
        [
            json!({"name": "w", "owner": {"id": "o1"}}),
            json!({
                "name": "w",
                "owner": {"id": "o1", "note": "first owner"},
                "size": 3,
                "tags": ["a", "b"],
                "new": true,
                "clone": "c",
                "type": "t",
            }),
        ]
    );
}

#[tokio::test]
async fn an_update_sends_null_or_leaves_a_field_out_and_the_server_tells_them_apart() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    for update in [
        UpdateWidget::new().clear_name(),
        UpdateWidget::new().description("only this"),
        UpdateWidget::new().name("renamed").clear_size(),
        UpdateWidget::new().size(4),
    ] {
        client
            .update_widget("w1", update)
            .send()
            .await
            .expect("updated");
    }
    let bodies = bodies_received(&server).await;
    assert_eq!(
        bodies,
        [
            json!({"name": null}),
            json!({"description": "only this"}),
            json!({"name": "renamed", "size": null}),
            json!({"size": 4}),
        ]
    );
    // Told apart as the server reads them: `name` null, then absent.
    assert_eq!(bodies[0].get("name"), Some(&Value::Null));
    assert_eq!(bodies[1].get("name"), None);
}

#[test]
fn null_and_absent_decode_apart_and_encode_back_as_they_came() {
    for (json, name) in [
        (json!({}), None),
        (json!({"name": null}), Some(None)),
        (json!({"name": "n"}), Some(Some("n".to_owned()))),
    ] {
        let update: UpdateWidget = serde_json::from_value(json.clone()).expect("decodes");
        assert_eq!(update.name, name);
        assert_eq!(serde_json::to_value(&update).expect("encodes"), json);
    }
}
