//! Unions as published specs write them (`client-tests/fixture-specs/unions.yaml`):
//! a tag every member pins (no `discriminator`), objects of one key, shapes
//! told apart by what they hold. No value decodes as a variant that drops
//! what another variant keeps; every value encodes back as it came.

mod common;

use common::round_trip;
use fixtures::unions::{
    Client,
    types::{
        Drawing, Event, Message, MessagePong, Pet, PetDog, Shape, ShapeLine, ShapeRectangle, Size,
        Started, Stopped, StoppedType,
    },
};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn a_tag_every_member_pins_says_which_member_a_value_is() {
    // Started comes first and fits the same fields: an untagged decode
    // took it and dropped `reason`.
    let stopped = json!({"type": "stopped", "at": "noon", "reason": "late"});
    let event: Event = round_trip(stopped);
    let Event::Stopped(Stopped { r#type, at, reason }) = event else {
        panic!("not the stopped member: {event:?}");
    };
    assert_eq!(
        (r#type, at.as_str(), reason.as_deref()),
        (StoppedType::Stopped, "noon", Some("late"))
    );
    assert!(matches!(
        round_trip::<Event>(json!({"type": "started", "at": "dawn"})),
        Event::Started(_)
    ));
    // A 3.1 `const` pins the tag as well as a one-value enum does.
    let Event::Failed(failed) = round_trip::<Event>(json!({"type": "failed", "code": 7})) else {
        panic!("not the failed member");
    };
    assert_eq!(failed.code, 7);
}

#[test]
fn a_member_type_refuses_another_members_tag() {
    let stopped = json!({"type": "stopped", "at": "noon"});
    let err =
        serde_json::from_value::<Started>(stopped).expect_err("a stopped event is not a start");
    assert!(err.to_string().contains("`started`"), "{err}");
}

#[test]
fn a_value_no_member_reads_is_kept_as_it_came() {
    for value in [
        json!({"type": "paused", "at": "noon", "for": 3}),
        json!({"at": "noon"}),
        json!("stopped"),
    ] {
        let event: Event = round_trip(value.clone());
        assert_eq!(event, Event::Unknown(value));
    }
}

#[test]
fn objects_of_one_key_are_told_apart_by_the_key() {
    assert_eq!(
        round_trip::<Message>(json!({"pong": {"at": 5}})),
        Message::Pong(MessagePong { at: 5 })
    );
    assert_eq!(
        round_trip::<Message>(json!({"text": "hi"})),
        Message::Text("hi".into())
    );
    assert_eq!(round_trip::<Message>(json!("close")), Message::Close);
    assert_eq!(
        serde_json::to_value(Message::Close).expect("encodes"),
        json!("close")
    );
    // Two keys are no member's: nothing is dropped.
    let both = json!({"pong": {"at": 5}, "text": "hi"});
    assert_eq!(round_trip::<Message>(both.clone()), Message::Unknown(both));
}

#[test]
fn shapes_decode_as_the_variant_that_keeps_the_most() {
    // Line is written first and fits too, but would drop `height`.
    assert_eq!(
        round_trip::<Shape>(json!({"width": 2.5, "height": 3.5})),
        Shape::Rectangle(ShapeRectangle {
            width: 2.5,
            height: 3.5
        })
    );
    assert_eq!(
        round_trip::<Shape>(json!({"width": 2.5})),
        Shape::Line(ShapeLine { width: 2.5 })
    );
    // A whole number is an integer; `number` is written first.
    assert_eq!(round_trip::<Size>(json!(1)), Size::Integer(1));
    assert_eq!(round_trip::<Size>(json!(1.5)), Size::Number(1.5));
}

#[test]
fn inline_members_of_a_discriminated_union_are_named_by_their_tag() {
    let dog = json!({"petType": "dog", "name": "Rex", "barks": true});
    let Pet::Dog(PetDog { name, barks, .. }) = round_trip::<Pet>(dog) else {
        panic!("not a dog");
    };
    assert_eq!((name.as_str(), barks), ("Rex", Some(true)));
    assert!(matches!(
        round_trip::<Pet>(json!({"petType": "cat", "name": "Tom"})),
        Pet::Cat(_)
    ));
}

#[tokio::test]
async fn unions_go_out_and_come_back_whole() {
    let server = MockServer::start().await;
    let stopped = json!({"type": "stopped", "at": "noon", "reason": "late"});
    Mock::given(method("POST"))
        .and(path("/events"))
        .and(body_json(&stopped))
        .respond_with(ResponseTemplate::new(200).set_body_json(&stopped))
        .expect(1)
        .mount(&server)
        .await;
    let drawing = json!({
        "shapes": [{"width": 1.0}, {"width": 1.0, "height": 2.0}, {"radius": 4}],
        "sizes": [1, 2.5, "big"],
        "pets": [{"petType": "cat", "name": "Tom", "lives": 9}, {"petType": "bird", "name": "Tweety"}]
    });
    Mock::given(method("GET"))
        .and(path("/shapes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&drawing))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let sent: Event = round_trip(stopped.clone());
    let answer = client
        .post_event(sent.clone())
        .send()
        .await
        .expect("answers");
    assert_eq!(answer, sent);
    let got: Drawing = client.get_shapes().send().await.expect("answers");
    assert_eq!(serde_json::to_value(&got).expect("encodes"), drawing);
    let shapes = got.shapes.expect("shapes");
    assert!(matches!(shapes[1], Shape::Rectangle(_)));
    assert!(matches!(shapes[2], Shape::Unknown(_)));
    assert!(matches!(got.pets.expect("pets")[1], Pet::Unknown(_)));
}
