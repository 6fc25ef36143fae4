//! Integration tests for the generated actinia client, against a wiremock server.

use base64::Engine as _;
use generated::actinia::types::TokenResponseModel;
use generated::actinia::{Client, Credentials, Error, GetApiKeyError, GetTokenError};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USER: &str = "alice";
const PASSWORD: &str = "pa55-word";
const TOKEN: &str = "eyJhbGciOiJIUzUxMiIsImlhdCI6MTcxNTY4MDAwMH0.eyJpZCI6InVzZXIifQ.c2lnbmF0dXJl";
const API_KEY: &str =
    "eyJhbGciOiJIUzUxMiIsImlhdCI6MTcxNTY4MDAwMH0.eyJpZCI6ImFkbWluIn0.c2lnbmF0dXJl";

fn basic_header() -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
    // Independently computed: base64("alice:pa55-word").
    assert_eq!(encoded, "YWxpY2U6cGE1NS13b3Jk");
    format!("Basic {encoded}")
}

/// The spec's base path (`/api/v3`) is part of the base URL.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/api/v3", server.uri()))
        .credentials(Credentials::basic(USER, PASSWORD))
        .build()
        .expect("client builds")
}

fn authorization_headers(request: &wiremock::Request) -> Vec<String> {
    request
        .headers
        .get_all("authorization")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn get_token_sends_basic_and_expiration_time_and_decodes_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/token"))
        .and(query_param("expiration_time", "3600"))
        .and(header("authorization", basic_header().as_str()))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success",
            "message": "Token successfully generated with an expiration time of 3600 seconds",
            "token": TOKEN
        })))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .get_token()
        .expiration_time(3600)
        .send()
        .await
        .expect("token");
    assert_eq!(
        response,
        TokenResponseModel {
            status: "success".to_owned(),
            message: Some(
                "Token successfully generated with an expiration time of 3600 seconds".to_owned()
            ),
            token: TOKEN.to_owned(),
        }
    );

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/api/v3/token");
    assert_eq!(requests[0].url.query(), Some("expiration_time=3600"));
    assert_eq!(authorization_headers(&requests[0]), vec![basic_header()]);
}

#[tokio::test]
async fn get_token_without_expiration_time_sends_no_query_and_accepts_missing_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "status": "success", "token": TOKEN })),
        )
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server).get_token().send().await.expect("token");
    assert_eq!(response.message, None);
    assert_eq!(response.token, TOKEN);

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn get_token_400_is_bad_request_with_simple_response_model() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/token"))
        .and(query_param("expiration_time", "31536000"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "status": "error",
            "message": "Token expiration time is too large. Maximum is 365 days."
        })))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .get_token()
        .expiration_time(31_536_000)
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(GetTokenError::BadRequest(body)) => {
            assert_eq!(body.status, "error");
            assert_eq!(
                body.message,
                "Token expiration time is too large. Maximum is 365 days."
            );
        }
        other => panic!("expected BadRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn get_token_rejects_out_of_range_expiration_time_without_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "status": "success", "token": TOKEN })),
        )
        .expect(0)
        .mount(&server)
        .await;

    // The spec says 1 <= expiration_time <= 31536000.
    for seconds in [0, 31_536_001] {
        match client(&server)
            .get_token()
            .expiration_time(seconds)
            .send()
            .await
            .unwrap_err()
        {
            Error::Invalid { parameter, .. } => assert_eq!(parameter, "expiration_time"),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn get_token_401_is_unauthorized_with_simple_response_model() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/token"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({ "status": "error", "message": "Unauthorized access" })),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_token().send().await.unwrap_err();
    match err {
        Error::Api(GetTokenError::Unauthorized(body)) => {
            assert_eq!(body.status, "error");
            assert_eq!(body.message, "Unauthorized access");
        }
        other => panic!("expected Unauthorized, got {other:?}"),
    }
}

#[tokio::test]
async fn token_exchange_then_get_api_key_sends_bearer_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/token"))
        .and(header("authorization", basic_header().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success",
            "message": "Token successfully generated with an expiration time of 86400 seconds",
            "token": TOKEN
        })))
        // Once for the exchange, once more from the original client below.
        .expect(2)
        .mount(&server)
        .await;
    let bearer = format!("Bearer {TOKEN}");
    Mock::given(method("GET"))
        .and(path("/api/v3/api_key"))
        .and(header("authorization", bearer.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success",
            "message": "API key successfully generated",
            "token": API_KEY
        })))
        .expect(1)
        .mount(&server)
        .await;

    let basic_client = client(&server);
    let token = basic_client.get_token().send().await.expect("token").token;
    let token_client = basic_client.with_credentials(Credentials::bearer(token));
    let api_key = token_client.get_api_key().send().await.expect("api key");
    assert_eq!(
        api_key,
        TokenResponseModel {
            status: "success".to_owned(),
            message: Some("API key successfully generated".to_owned()),
            token: API_KEY.to_owned(),
        }
    );

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].url.path(), "/api/v3/token");
    assert_eq!(authorization_headers(&requests[0]), vec![basic_header()]);
    assert_eq!(requests[1].url.path(), "/api/v3/api_key");
    assert_eq!(requests[1].url.query(), None);
    // Only the bearer token: the Basic credentials were replaced, not added to.
    assert_eq!(authorization_headers(&requests[1]), vec![bearer]);

    // The original client is unchanged and still sends Basic.
    basic_client.get_token().send().await.expect("token again");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[2].url.path(), "/api/v3/token");
    assert_eq!(authorization_headers(&requests[2]), vec![basic_header()]);
}

#[tokio::test]
async fn get_api_key_400_and_401_are_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/api_key"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({ "status": "error", "message": "Error while generating API key" }),
        ))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/api_key"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({ "status": "error", "message": "Role is not admin" })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).with_credentials(Credentials::bearer(TOKEN));

    match client.get_api_key().send().await.unwrap_err() {
        Error::Api(GetApiKeyError::BadRequest(body)) => {
            assert_eq!(body.status, "error");
            assert_eq!(body.message, "Error while generating API key");
        }
        other => panic!("expected BadRequest, got {other:?}"),
    }
    match client.get_api_key().send().await.unwrap_err() {
        Error::Api(GetApiKeyError::Unauthorized(body)) => {
            assert_eq!(body.message, "Role is not admin")
        }
        other => panic!("expected Unauthorized, got {other:?}"),
    }
}

#[tokio::test]
async fn debug_output_never_shows_password_or_token() {
    let server = MockServer::start().await;
    let basic = Credentials::basic(USER, PASSWORD);
    let bearer = Credentials::bearer(TOKEN);
    for shown in [format!("{basic:?}"), format!("{bearer:?}")] {
        assert!(!shown.contains(PASSWORD), "{shown}");
        assert!(!shown.contains(TOKEN), "{shown}");
    }
    let client = client(&server);
    let shown = format!("{client:?} {:?}", client.with_credentials(bearer));
    assert!(!shown.contains(PASSWORD), "{shown}");
    assert!(!shown.contains(TOKEN), "{shown}");
}
