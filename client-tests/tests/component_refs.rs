//! References into the inside of components and paths, and a response that
//! refers to a request body (`client-tests/fixture-specs/component_refs.yaml`):
//! each schema they reach is one type, used wherever it is referred to.

mod common;

use common::round_trip;
use fixtures::component_refs::{
    Client, CreatePetError, Error, ListPetsError,
    types::{
        Conflict, DetailedKind, Kind, ListToysResponse200ToysItem, NewPetBody, Order, PetCreated,
    },
};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn errors_whose_schema_is_a_shared_responses_are_typed() {
    let server = MockServer::start().await;
    let conflict = json!({"message": "taken", "existing": 3});
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("order", "desc"))
        .respond_with(ResponseTemplate::new(409).set_body_json(&conflict))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("order", "asc"))
        .respond_with(ResponseTemplate::new(500).set_body_json(&conflict))
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let expected: Conflict = round_trip(conflict);
    match client.list_pets().order(Order::Desc).send().await {
        Err(Error::Api(ListPetsError::Conflict(body))) => assert_eq!(body, expected),
        other => panic!("409 not typed: {other:?}"),
    }
    // The default response refers into the same shared response: the same type.
    match client.list_pets().order(Order::Asc).send().await {
        Err(Error::Api(ListPetsError::Default { status, body })) => {
            assert_eq!(status.as_u16(), 500);
            assert_eq!(body, expected);
        }
        other => panic!("500 not typed: {other:?}"),
    }
}

#[tokio::test]
async fn a_parameter_whose_schema_is_referred_to_keeps_its_limits() {
    let server = MockServer::start().await;
    let client = client_for(&server).await;
    let err = client
        .list_pets()
        .limit(51)
        .send()
        .await
        .expect_err("over the maximum");
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
}

#[tokio::test]
async fn a_response_that_refers_to_a_request_body_reads_its_content() {
    let server = MockServer::start().await;
    let invalid = json!({"name": "", "tag": "why"});
    Mock::given(method("POST"))
        .and(path("/pets"))
        .respond_with(ResponseTemplate::new(422).set_body_json(&invalid))
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let pet = NewPetBody {
        name: String::new(),
        tag: Some("why".into()),
    };
    match client.create_pet(pet.clone()).send().await {
        Err(Error::Api(CreatePetError::ValidationError(body))) => assert_eq!(body, pet),
        other => panic!("422 not typed: {other:?}"),
    }
}

#[tokio::test]
async fn a_schema_inside_a_path_is_one_type_wherever_it_is_referred_to() {
    let server = MockServer::start().await;
    let toy = json!({"name": "ball", "squeaks": true});
    Mock::given(method("GET"))
        .and(path("/toys/favourite"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&toy))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets/p1/toys"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"toys": [toy]})))
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let favourite: ListToysResponse200ToysItem =
        client.favourite_toy().send().await.expect("answers");
    let toys: Vec<ListToysResponse200ToysItem> = client
        .list_toys("p1")
        .send()
        .await
        .expect("answers")
        .toys
        .expect("toys");
    assert_eq!(toys, vec![favourite]);
}

#[test]
fn a_union_member_referred_to_is_the_unions_variant_type() {
    let created: PetCreated = round_trip(
        json!({"id": 1, "name": "Rex", "kind": {"family": "canine", "breed": "collie"}}),
    );
    let kind: DetailedKind = created.kind.expect("kind");
    assert_eq!(kind.family, "canine");
    assert_eq!(
        round_trip::<Kind>(json!({"family": "canine", "breed": "collie"})),
        Kind::DetailedKind(kind)
    );
    assert_eq!(
        round_trip::<Kind>(json!("canine")),
        Kind::String("canine".into())
    );
}
