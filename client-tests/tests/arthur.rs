//! Integration tests for the generated Arthur GenAI Engine client, against a wiremock server.

use generated::arthur::types::{
    ApiKeyResponse, ApiKeysRolesEnum, NewApiKeyRequest, ValidationErrorLocItem,
};
use generated::arthur::{
    Client, CreateApiKeyError, Credentials, DeactivateApiKeyError, Error, GetApiKeyError,
};
use generated::runtime::chrono::{DateTime, FixedOffset};
use generated::runtime::uuid::Uuid;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "Zx8Qm3Vt7LpR2nKw9YbC4hJd6FsA1eGu";
const KEY_ID: &str = "0b9f2c4e-7a1d-4c3b-9e8f-5d6a7b8c9d0e";

/// The key's id as the path parameter takes it (`format: uuid`).
fn key_id() -> Uuid {
    Uuid::parse_str(KEY_ID).expect("a uuid")
}

/// A `date-time` field's value (`format: date-time`).
fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect("an RFC 3339 date-time")
}

fn bearer() -> String {
    format!("Bearer {TOKEN}")
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::bearer(TOKEN))
        .build()
        .expect("client builds")
}

fn key_json(is_active: bool, deactivated_at: Option<&str>) -> serde_json::Value {
    json!({
        "id": KEY_ID,
        "key": null,
        "description": "CI pipeline validation key",
        "is_active": is_active,
        "created_at": "2026-01-12T10:15:30.123456Z",
        "deactivated_at": deactivated_at,
        "message": null,
        "roles": ["VALIDATION-USER"]
    })
}

fn only_request_authorization(requests: &[wiremock::Request]) -> Vec<String> {
    assert_eq!(requests.len(), 1);
    requests[0]
        .headers
        .get_all("authorization")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn create_api_key_sends_exact_json_body_with_wire_role_names_and_decodes() {
    let server = MockServer::start().await;
    let expected_body = json!({
        "description": "CI pipeline key",
        "roles": ["ORG-ADMIN", "DEFAULT-RULE-ADMIN", "TASK-ADMIN", "VALIDATION-USER", "ORG-AUDITOR"]
    });
    Mock::given(method("POST"))
        .and(path("/auth/api_keys/"))
        .and(header("authorization", bearer().as_str()))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": KEY_ID,
            "key": "new-secret-key-value",
            "description": "CI pipeline key",
            "is_active": true,
            "created_at": "2026-01-12T10:15:30.123456Z",
            "deactivated_at": null,
            "message": null,
            "roles": ["ORG-ADMIN", "DEFAULT-RULE-ADMIN", "TASK-ADMIN", "VALIDATION-USER", "ORG-AUDITOR"]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let request = NewApiKeyRequest::new()
        .description("CI pipeline key")
        .roles([
            ApiKeysRolesEnum::OrgAdmin,
            ApiKeysRolesEnum::DefaultRuleAdmin,
            ApiKeysRolesEnum::TaskAdmin,
            ApiKeysRolesEnum::ValidationUser,
            ApiKeysRolesEnum::OrgAuditor,
        ]);
    let created = client(&server)
        .create_api_key(request)
        .send()
        .await
        .expect("created");
    assert_eq!(
        created,
        ApiKeyResponse {
            id: KEY_ID.to_owned(),
            key: Some("new-secret-key-value".to_owned()),
            description: Some("CI pipeline key".to_owned()),
            is_active: true,
            created_at: at("2026-01-12T10:15:30.123456Z"),
            deactivated_at: None,
            message: None,
            roles: Some(
                [
                    "ORG-ADMIN",
                    "DEFAULT-RULE-ADMIN",
                    "TASK-ADMIN",
                    "VALIDATION-USER",
                    "ORG-AUDITOR"
                ]
                .map(str::to_owned)
                .to_vec()
            ),
        }
    );

    let requests = server.received_requests().await.unwrap();
    assert_eq!(only_request_authorization(&requests), vec![bearer()]);
    let sent: serde_json::Value = requests[0].body_json().unwrap();
    assert_eq!(sent, expected_body);
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn create_api_key_with_no_fields_sends_empty_object() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/api_keys/"))
        .and(body_json(json!({})))
        .respond_with(ResponseTemplate::new(200).set_body_json(key_json(true, None)))
        .expect(1)
        .mount(&server)
        .await;

    let created = client(&server)
        .create_api_key(NewApiKeyRequest::default())
        .send()
        .await
        .expect("created");
    assert_eq!(created.id, KEY_ID);
    // Optional fields are left out rather than sent as `null`.
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].body, b"{}");
}

#[tokio::test]
async fn list_active_api_keys_decodes_a_vec() {
    let server = MockServer::start().await;
    let mut second = key_json(true, None);
    second["id"] = json!("5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716");
    second["description"] = json!(null);
    second["roles"] = json!(["ORG-ADMIN", "ORG-AUDITOR"]);
    Mock::given(method("GET"))
        .and(path("/auth/api_keys/"))
        .and(header("authorization", bearer().as_str()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([key_json(true, None), second])),
        )
        .expect(1)
        .mount(&server)
        .await;

    let keys = client(&server)
        .get_all_active_api_keys()
        .send()
        .await
        .expect("listed");
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0].id, KEY_ID);
    assert_eq!(keys[0].key, None);
    assert_eq!(
        keys[0].description.as_deref(),
        Some("CI pipeline validation key")
    );
    assert!(keys[0].is_active);
    assert_eq!(keys[0].created_at, at("2026-01-12T10:15:30.123456Z"));
    // Written back as the server wrote it.
    assert_eq!(
        serde_json::to_value(&keys[0]).unwrap()["created_at"],
        "2026-01-12T10:15:30.123456Z"
    );
    assert_eq!(keys[0].roles, Some(vec!["VALIDATION-USER".to_owned()]));
    assert_eq!(keys[1].id, "5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716");
    assert_eq!(keys[1].description, None);
    assert_eq!(
        keys[1].roles,
        Some(vec!["ORG-ADMIN".to_owned(), "ORG-AUDITOR".to_owned()])
    );

    let requests = server.received_requests().await.unwrap();
    assert_eq!(only_request_authorization(&requests), vec![bearer()]);
    assert_eq!(requests[0].method.as_str(), "GET");
}

#[tokio::test]
async fn list_active_api_keys_empty_list() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/auth/api_keys/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;

    let keys = client(&server)
        .get_all_active_api_keys()
        .send()
        .await
        .expect("listed");
    assert!(keys.is_empty());
}

#[tokio::test]
async fn get_api_key_by_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/auth/api_keys/{KEY_ID}")))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(key_json(true, None)))
        .expect(1)
        .mount(&server)
        .await;

    let key = client(&server)
        .get_api_key(key_id())
        .send()
        .await
        .expect("found");
    assert_eq!(
        key,
        ApiKeyResponse {
            id: KEY_ID.to_owned(),
            key: None,
            description: Some("CI pipeline validation key".to_owned()),
            is_active: true,
            created_at: at("2026-01-12T10:15:30.123456Z"),
            deactivated_at: None,
            message: None,
            roles: Some(vec!["VALIDATION-USER".to_owned()]),
        }
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(only_request_authorization(&requests), vec![bearer()]);
}

#[tokio::test]
async fn get_api_key_422_is_validation_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/auth/api_keys/00000000-0000-0000-0000-000000000000"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "detail": [{
                "loc": ["path", "api_key_id"],
                "msg": "Input should be a valid UUID",
                "type": "uuid_parsing"
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        // The id is a `Uuid` now, so a malformed one cannot be sent: the
        // server's 422 is answered to a well-formed one here.
        .get_api_key(Uuid::nil())
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(GetApiKeyError::ValidationError(body)) => {
            let detail = body.detail.expect("detail");
            assert_eq!(detail.len(), 1);
            assert_eq!(
                detail[0].loc,
                vec![
                    ValidationErrorLocItem::String("path".to_owned()),
                    ValidationErrorLocItem::String("api_key_id".to_owned()),
                ]
            );
            assert_eq!(detail[0].r#type, "uuid_parsing");
        }
        other => panic!("expected ValidationError, got {other:?}"),
    }
}

#[tokio::test]
async fn deactivate_api_key_sends_delete_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/auth/api_keys/deactivate/{KEY_ID}")))
        .and(header("authorization", bearer().as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(key_json(false, Some("2026-01-20T08:00:00.000000Z"))),
        )
        .expect(1)
        .mount(&server)
        .await;

    let key = client(&server)
        .deactivate_api_key(key_id())
        .send()
        .await
        .expect("deactivated");
    assert_eq!(key.id, KEY_ID);
    assert!(!key.is_active);
    assert_eq!(key.deactivated_at, Some(at("2026-01-20T08:00:00.000000Z")));

    let requests = server.received_requests().await.unwrap();
    assert_eq!(only_request_authorization(&requests), vec![bearer()]);
    assert_eq!(requests[0].method.as_str(), "DELETE");
    assert!(requests[0].body.is_empty());
}

#[tokio::test]
async fn deactivate_api_key_undocumented_status_is_unexpected_status() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/auth/api_keys/deactivate/{KEY_ID}")))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({ "detail": "API key not found" })),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .deactivate_api_key(key_id())
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(DeactivateApiKeyError::UnexpectedStatus(unexpected)) => {
            assert_eq!(unexpected.status.as_u16(), 404);
            assert_eq!(&unexpected.body[..], br#"{"detail":"API key not found"}"#);
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn create_api_key_422_decodes_fastapi_validation_error_with_mixed_loc() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/api_keys/"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "detail": [
                {
                    "loc": ["body", "roles", 0],
                    "msg": "Input should be 'DEFAULT-RULE-ADMIN', 'TASK-ADMIN', 'VALIDATION-USER', 'ORG-AUDITOR' or 'ORG-ADMIN'",
                    "type": "enum"
                },
                {
                    "loc": ["body", "description"],
                    "msg": "Input should be a valid string",
                    "type": "string_type"
                }
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let request =
        NewApiKeyRequest::new().roles([ApiKeysRolesEnum::Unknown("SUPER-ADMIN".to_owned())]);
    let err = client(&server)
        .create_api_key(request)
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(CreateApiKeyError::ValidationError(body)) => {
            let detail = body.detail.expect("detail");
            assert_eq!(detail.len(), 2);
            assert_eq!(
                detail[0].loc,
                vec![
                    ValidationErrorLocItem::String("body".to_owned()),
                    ValidationErrorLocItem::String("roles".to_owned()),
                    ValidationErrorLocItem::Integer(0),
                ]
            );
            assert_eq!(
                detail[0].msg,
                "Input should be 'DEFAULT-RULE-ADMIN', 'TASK-ADMIN', 'VALIDATION-USER', 'ORG-AUDITOR' or 'ORG-ADMIN'"
            );
            assert_eq!(detail[0].r#type, "enum");
            assert_eq!(
                detail[1].loc,
                vec![
                    ValidationErrorLocItem::String("body".to_owned()),
                    ValidationErrorLocItem::String("description".to_owned()),
                ]
            );
            assert_eq!(detail[1].r#type, "string_type");
        }
        other => panic!("expected ValidationError, got {other:?}"),
    }

    // The unknown role went out exactly as given.
    let requests = server.received_requests().await.unwrap();
    let sent: serde_json::Value = requests[0].body_json().unwrap();
    assert_eq!(sent, json!({ "roles": ["SUPER-ADMIN"] }));
}

#[test]
fn role_enum_uses_wire_names_and_keeps_unknown_values() {
    let known = [
        (ApiKeysRolesEnum::DefaultRuleAdmin, "DEFAULT-RULE-ADMIN"),
        (ApiKeysRolesEnum::TaskAdmin, "TASK-ADMIN"),
        (ApiKeysRolesEnum::ValidationUser, "VALIDATION-USER"),
        (ApiKeysRolesEnum::OrgAuditor, "ORG-AUDITOR"),
        (ApiKeysRolesEnum::OrgAdmin, "ORG-ADMIN"),
    ];
    for (variant, wire) in known {
        assert_eq!(variant.to_string(), wire);
        assert_eq!(variant.as_str(), wire);
        assert_eq!(wire.parse::<ApiKeysRolesEnum>().unwrap(), variant);
        assert_eq!(serde_json::to_value(&variant).unwrap(), json!(wire));
        assert_eq!(
            serde_json::from_value::<ApiKeysRolesEnum>(json!(wire)).unwrap(),
            variant
        );
    }

    let unknown: ApiKeysRolesEnum = serde_json::from_value(json!("SUPER-ADMIN")).unwrap();
    assert_eq!(unknown, ApiKeysRolesEnum::Unknown("SUPER-ADMIN".to_owned()));
    assert_eq!(unknown.to_string(), "SUPER-ADMIN");
    assert_eq!(
        serde_json::to_value(&unknown).unwrap(),
        json!("SUPER-ADMIN")
    );

    // A whole request decodes with known and unknown roles side by side.
    let request: NewApiKeyRequest = serde_json::from_value(
        json!({ "roles": ["ORG-ADMIN", "SUPER-ADMIN"], "description": null }),
    )
    .unwrap();
    assert_eq!(
        request.roles,
        Some(Some(vec![
            ApiKeysRolesEnum::OrgAdmin,
            ApiKeysRolesEnum::Unknown("SUPER-ADMIN".to_owned())
        ]))
    );
    // An explicit null is kept apart from a missing field.
    assert_eq!(request.description, Some(None));
}

#[tokio::test]
async fn unknown_role_from_server_is_kept_and_parses_to_unknown() {
    // The spec types `ApiKeyResponse.roles` as plain strings, so the response
    // keeps them verbatim; parsing one with the role enum gives `Unknown`.
    let server = MockServer::start().await;
    let mut key = key_json(true, None);
    key["roles"] = json!(["ORG-ADMIN", "BRAND-NEW-ROLE"]);
    Mock::given(method("GET"))
        .and(path(format!("/auth/api_keys/{KEY_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(key))
        .expect(1)
        .mount(&server)
        .await;

    let key = client(&server)
        .get_api_key(key_id())
        .send()
        .await
        .expect("found");
    let roles: Vec<ApiKeysRolesEnum> = key
        .roles
        .expect("roles")
        .iter()
        .map(|r| r.parse().unwrap())
        .collect();
    assert_eq!(
        roles,
        vec![
            ApiKeysRolesEnum::OrgAdmin,
            ApiKeysRolesEnum::Unknown("BRAND-NEW-ROLE".to_owned())
        ]
    );
}

#[tokio::test]
async fn debug_output_never_shows_the_token() {
    let server = MockServer::start().await;
    let credentials = Credentials::bearer(TOKEN);
    let shown = format!("{credentials:?} {:?}", client(&server));
    assert!(!shown.contains(TOKEN), "{shown}");
}
