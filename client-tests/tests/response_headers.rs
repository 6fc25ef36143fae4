//! `send_with_response()` (`client-tests/fixture-specs/response_headers.yaml`)
//! against a local server: the typed body with the status and the headers,
//! typed accessors for the headers the spec documents, and clear errors
//! for a required one that is missing or one that does not read as its type.

use fixtures::response_headers::types::{ListPetsResponse200XKind, Pet};
use fixtures::response_headers::{Client, Error, ListPetsError};
use fixtures::runtime::chrono::DateTime;
use fixtures::runtime::uuid::Uuid;
use fixtures::runtime::{HeaderError, StatusCode};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const REQUEST_ID: &str = "0b9f2c4e-7a1d-4c3b-9e8f-5d6a7b8c9d0e";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

async fn serve(method_name: &str, at: &str, answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(method_name))
        .and(path(at))
        .respond_with(answer)
        .mount(&server)
        .await;
    server
}

fn pets() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!([{"name": "Rex"}]))
}

#[tokio::test]
async fn the_body_comes_with_its_status_and_typed_headers() {
    let answer = pets()
        .insert_header("X-Rate-Limit", "5000")
        .insert_header("X-Request-Id", REQUEST_ID)
        .insert_header("X-Expires-After", "2024-05-01T10:00:00.250+02:00")
        .append_header("X-Tags", "small, brown")
        .append_header("X-Tags", "friendly")
        .insert_header("X-Kind", "dog")
        .insert_header("ETag", "\"v1\"")
        .insert_header("X-Undocumented", "kept");
    let server = serve("GET", "/pets", answer).await;
    let response = client(&server)
        .list_pets()
        .send_with_response()
        .await
        .expect("listed");
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(headers.x_rate_limit(), Ok(5000));
    assert_eq!(
        headers.x_request_id(),
        Ok(Uuid::parse_str(REQUEST_ID).unwrap())
    );
    assert_eq!(
        headers.x_expires_after(),
        Ok(Some(
            DateTime::parse_from_rfc3339("2024-05-01T10:00:00.250+02:00").unwrap()
        ))
    );
    assert_eq!(
        headers.x_tags(),
        Ok(Some(vec![
            "small".to_owned(),
            "brown".to_owned(),
            "friendly".to_owned()
        ]))
    );
    assert_eq!(headers.x_kind(), Ok(Some(ListPetsResponse200XKind::Dog)));
    assert_eq!(headers.e_tag(), Ok(Some("\"v1\"".to_owned())));
    // Every header is there too, documented or not.
    assert_eq!(headers.get("x-undocumented").unwrap(), "kept");
    // The body, as `send()` gives it.
    assert_eq!(*response, vec![Pet { name: "Rex".into() }]);
    assert_eq!(response.into_body(), vec![Pet { name: "Rex".into() }]);
}

#[tokio::test]
async fn an_absent_optional_header_is_none_and_a_missing_required_one_an_error() {
    let server = serve(
        "GET",
        "/pets",
        pets().insert_header("X-Request-Id", REQUEST_ID),
    )
    .await;
    let response = client(&server)
        .list_pets()
        .send_with_response()
        .await
        .expect("listed");
    let headers = response.headers();
    assert_eq!(headers.x_expires_after(), Ok(None));
    assert_eq!(headers.x_tags(), Ok(None));
    let missing = headers.x_rate_limit().unwrap_err();
    assert_eq!(
        missing,
        HeaderError::Missing {
            name: "X-Rate-Limit"
        }
    );
    assert!(missing.to_string().contains("`X-Rate-Limit`"), "{missing}");
}

#[tokio::test]
async fn a_header_that_does_not_read_as_its_type_is_an_error_naming_it() {
    let answer = pets()
        .insert_header("X-Rate-Limit", "plenty")
        .insert_header("X-Request-Id", "not-a-uuid")
        .insert_header("X-Expires-After", "Wed, 01 May 2024 10:00:00 GMT");
    let server = serve("GET", "/pets", answer).await;
    let response = client(&server)
        .list_pets()
        .send_with_response()
        .await
        .expect("listed");
    let headers = response.headers();
    for (error, name, value) in [
        (
            headers.x_rate_limit().unwrap_err(),
            "X-Rate-Limit",
            "plenty",
        ),
        (
            headers.x_request_id().unwrap_err(),
            "X-Request-Id",
            "not-a-uuid",
        ),
        (
            headers.x_expires_after().unwrap_err(),
            "X-Expires-After",
            "Wed, 01 May 2024 10:00:00 GMT",
        ),
    ] {
        match &error {
            HeaderError::Invalid {
                name: n,
                value: v,
                reason,
            } => {
                assert_eq!((*n, v.as_str()), (name, value));
                assert!(!reason.is_empty());
            }
            other => panic!("{name}: expected Invalid, got {other:?}"),
        }
        let message = error.to_string();
        assert!(
            message.contains(name) && message.contains(value),
            "{message}"
        );
    }
    // A bad header never spoils the body.
    assert_eq!(response.body().len(), 1);
}

#[tokio::test]
async fn each_success_status_comes_back_with_its_headers() {
    let created = ResponseTemplate::new(201)
        .set_body_json(json!({"name": "Rex"}))
        .insert_header("Location", "/pets/7")
        .insert_header("X-Version", "4294967295");
    let server = serve("POST", "/pets", created).await;
    let response = client(&server)
        .create_pet(Pet { name: "Rex".into() })
        .send_with_response()
        .await
        .expect("created");
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        response.headers().location(),
        Ok(Some("/pets/7".to_owned()))
    );
    assert_eq!(response.headers().x_version(), Ok(u32::MAX));

    // `Location` is documented on 201 only: on a 200 it may be absent.
    let existing = ResponseTemplate::new(200)
        .set_body_json(json!({"name": "Rex"}))
        .insert_header("X-Version", "3");
    let server = serve("POST", "/pets", existing).await;
    let response = client(&server)
        .create_pet(Pet { name: "Rex".into() })
        .send_with_response()
        .await
        .expect("found");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().location(), Ok(None));
    assert_eq!(response.headers().x_version(), Ok(3));
    let (status, headers, body) = response.into_parts();
    let raw = headers.into_inner();
    assert_eq!((status.as_u16(), body.name.as_str()), (200, "Rex"));
    assert_eq!(raw.get("x-version").unwrap(), "3");
}

#[tokio::test]
async fn a_head_request_answers_with_its_headers() {
    let server = serve(
        "HEAD",
        "/pets/7",
        ResponseTemplate::new(200).insert_header("ETag", "\"v7\""),
    )
    .await;
    let response = client(&server)
        .pet_exists(7)
        .send_with_response()
        .await
        .expect("exists");
    assert_eq!(response.headers().e_tag(), Ok("\"v7\"".to_owned()));
}

#[tokio::test]
async fn send_still_returns_the_body_alone_and_errors_stay_typed() {
    let server = serve("GET", "/pets", pets()).await;
    let pets: Vec<Pet> = client(&server).list_pets().send().await.expect("listed");
    assert_eq!(pets.len(), 1);
    let server = serve("GET", "/pets", ResponseTemplate::new(404)).await;
    match client(&server).list_pets().send_with_response().await {
        Err(Error::Api(ListPetsError::NotFound)) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
}
