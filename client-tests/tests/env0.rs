//! Integration tests for the generated env0 client, against a wiremock server.

use std::net::TcpListener;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use generated::env0::types::{
    DeploymentLog, DeploymentLogStartedByType, DeploymentStatus, DeploymentType, IacKind,
};
use generated::env0::{AuthenticationError, Client, Credentials, Error, ListDeploymentsError};
use generated::runtime::RetryPolicy;
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY_ID: &str = "key-id-123";
const KEY_SECRET: &str = "s3cr3t-Key_Secret!";
const ENV_ID: &str = "3f2a1c8e-5b7d-4e9a-8c21-0d6f4b9a7e13";
const DEPLOYMENTS_PATH: &str = "/environments/3f2a1c8e-5b7d-4e9a-8c21-0d6f4b9a7e13/deployments";

fn basic_header() -> String {
    let encoded =
        base64::engine::general_purpose::STANDARD.encode(format!("{KEY_ID}:{KEY_SECRET}"));
    // Independently computed: base64("key-id-123:s3cr3t-Key_Secret!").
    assert_eq!(encoded, "a2V5LWlkLTEyMzpzM2NyM3QtS2V5X1NlY3JldCE=");
    format!("Basic {encoded}")
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::api_key(KEY_ID, KEY_SECRET))
        .build()
        .expect("client builds")
}

/// A client that does not retry, so that one 429 reaches the caller at once.
fn client_without_retries(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::api_key(KEY_ID, KEY_SECRET))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

/// A deployment log as the spec's example shows it, with the given type and status.
fn deployment_json(kind: &str, status: &str) -> serde_json::Value {
    json!({
        "id": "9b1d6a4e-2f3c-4d5e-8a7b-6c5d4e3f2a1b",
        "environmentId": ENV_ID,
        "createdAt": "2024-05-14T09:12:03.120Z",
        "updatedAt": "2024-05-14T09:15:47.803Z",
        "type": kind,
        "status": status,
        "startedBy": "auth0|5f1e2d3c4b5a697887766554",
        "startedByType": "user",
        "startedByUser": {
            "user_id": "auth0|5f1e2d3c4b5a697887766554",
            "email": "jane.doe@example.com",
            "name": "Jane Doe"
        },
        "queuedAt": "2024-05-14T09:12:03.120Z",
        "startedAt": "2024-05-14T09:12:10.441Z",
        "finishedAt": "2024-05-14T09:15:47.803Z",
        "blueprintId": "7c6b5a49-3827-4165-9e8d-7f6e5d4c3b2a",
        "blueprintName": "vpc-network",
        "blueprintRepository": "https://github.com/example/infrastructure",
        "blueprintRevision": "main",
        "blueprintPath": "modules/vpc",
        "blueprintType": "opentofu",
        "comment": null,
        "resourceCount": 12,
        "isScheduledRun": false,
        "driftDetected": false,
        "isSkippedApply": false,
        "error": null,
        "planSummary": { "added": 2, "changed": 1, "destroyed": 0 },
        "targets": []
    })
}

fn rate_limit_body() -> serde_json::Value {
    json!({ "statusCode": 429, "message": "Too Many Requests" })
}

// ---------------------------------------------------------------------------
// Authentication (HEAD /)
// ---------------------------------------------------------------------------

#[tokio::test]
async fn authentication_sends_basic_api_key_on_head_root_and_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("HEAD"))
        .and(path("/"))
        .and(header("authorization", basic_header().as_str()))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .authentication()
        .send()
        .await
        .expect("authentication succeeds");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "HEAD");
    assert_eq!(request.url.path(), "/");
    assert_eq!(request.url.query(), None);
    let values: Vec<_> = request.headers.get_all("authorization").iter().collect();
    assert_eq!(values.len(), 1, "exactly one Authorization header");
    assert_eq!(values[0].to_str().unwrap(), basic_header());
}

#[tokio::test]
async fn authentication_401_is_unauthorized() {
    let server = MockServer::start().await;
    Mock::given(method("HEAD"))
        .and(path("/"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).authentication().send().await.unwrap_err();
    assert!(
        matches!(err, Error::Api(AuthenticationError::Unauthorized)),
        "got {err:?}"
    );
}

#[tokio::test]
async fn authentication_429_carries_retry_after_without_body() {
    let server = MockServer::start().await;
    Mock::given(method("HEAD"))
        .and(path("/"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "30"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client_without_retries(&server)
        .authentication()
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(AuthenticationError::TooManyRequests { retry_after }) => {
            assert_eq!(retry_after, Some(Duration::from_secs(30)));
        }
        other => panic!("expected TooManyRequests, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// List deployments: request encoding
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_deployments_encodes_every_query_parameter_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .and(header("authorization", basic_header().as_str()))
        .and(header("accept", "application/json"))
        .and(query_param("limit", "50"))
        .and(query_param("offset", "100"))
        .and(query_param("deploymentTypes", "deploy,driftDetection"))
        .and(query_param("statuses", "SUCCESS,FAILURE"))
        .and(query_param(
            "userIds",
            "auth0|5f1e2d3c4b5a697887766554,user-2",
        ))
        .and(query_param("fromDate", "2024-05-01T00:00:00.000Z"))
        .and(query_param("toDate", "2024-05-31T23:59:59.999Z"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;

    let logs = client(&server)
        .list_deployments(ENV_ID)
        .limit(50)
        .offset(100)
        .deployment_types([DeploymentType::Deploy, DeploymentType::DriftDetection])
        .statuses([DeploymentStatus::Success, DeploymentStatus::Failure])
        .user_ids([
            "auth0|5f1e2d3c4b5a697887766554".to_owned(),
            "user-2".to_owned(),
        ])
        .from_date("2024-05-01T00:00:00.000Z")
        .to_date("2024-05-31T23:59:59.999Z")
        .send()
        .await
        .expect("list succeeds");
    assert!(logs.is_empty());

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let url = &requests[0].url;
    assert_eq!(url.path(), DEPLOYMENTS_PATH);
    // The raw query: arrays comma-joined (style=form, explode=false), commas
    // left unescaped, reserved characters (`:` and `|`) percent-encoded.
    assert_eq!(
        url.query(),
        Some(
            "limit=50&offset=100\
             &fromDate=2024-05-01T00%3A00%3A00.000Z\
             &toDate=2024-05-31T23%3A59%3A59.999Z\
             &deploymentTypes=deploy,driftDetection\
             &statuses=SUCCESS,FAILURE\
             &userIds=auth0%7C5f1e2d3c4b5a697887766554,user-2"
        )
    );
    // Not repeated (`deploymentTypes=deploy&deploymentTypes=driftDetection`).
    for name in ["deploymentTypes", "statuses", "userIds"] {
        assert_eq!(
            url.query_pairs().filter(|(k, _)| k == name).count(),
            1,
            "{name} sent once"
        );
    }
}

#[tokio::test]
async fn list_setters_take_what_users_write() {
    // Lists of strings took `String` items only, so `.user_ids(["a"])` (as
    // the doc examples wrote it) did not compile. Items are now anything
    // that converts: `&str` or `String` for strings, a variant or the value
    // as the spec writes it for enums.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .and(query_param("userIds", "user-1,user-2"))
        .and(query_param("statuses", "FAILURE,SUCCESS"))
        .and(query_param("deploymentTypes", "deploy"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(2)
        .mount(&server)
        .await;
    client(&server)
        .list_deployments(ENV_ID)
        .user_ids(["user-1", "user-2"])
        .statuses(["FAILURE", "SUCCESS"])
        .deployment_types([DeploymentType::Deploy])
        .send()
        .await
        .expect("&str items");
    let owned: Vec<String> = vec!["user-1".into(), "user-2".into()];
    client(&server)
        .list_deployments(ENV_ID)
        .user_ids(owned)
        .statuses([DeploymentStatus::Failure, DeploymentStatus::Success])
        .deployment_types(["deploy"])
        .send()
        .await
        .expect("String items");
}

#[tokio::test]
async fn list_deployments_without_options_sends_no_query_string() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .list_deployments(ENV_ID)
        .send()
        .await
        .expect("list succeeds");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn list_deployments_percent_encodes_path_parameter() {
    let server = MockServer::start().await;
    let encoded_path = "/environments/team%20a%2Fenv%201/deployments";
    Mock::given(method("GET"))
        .and(path(encoded_path))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .list_deployments("team a/env 1")
        .send()
        .await
        .expect("list succeeds");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), encoded_path);
    assert_eq!(
        requests[0].url.path_segments().unwrap().count(),
        3,
        "the `/` did not split the segment"
    );
}

#[tokio::test]
async fn list_deployments_rejects_out_of_range_limit_without_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(0)
        .mount(&server)
        .await;

    // The spec says 1 <= limit <= 100 and offset >= 0.
    for (limit, offset) in [(101, 0), (0, 0), (50, -1)] {
        let err = client(&server)
            .list_deployments(ENV_ID)
            .limit(limit)
            .offset(offset)
            .send()
            .await
            .unwrap_err();
        let expected = if offset < 0 { "offset" } else { "limit" };
        match err {
            Error::Invalid { parameter, .. } => assert_eq!(parameter, expected),
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

// ---------------------------------------------------------------------------
// List deployments: response decoding
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_deployments_decodes_typed_deployment_logs() {
    let server = MockServer::start().await;
    let mut second = deployment_json("driftDetection", "IN_PROGRESS");
    second["startedByType"] = json!("terraform-cli");
    second["blueprintType"] = json!("k8s");
    second["finishedAt"] = json!(null);
    second["output"] = json!({ "vpc_id": "vpc-123", "subnets": ["a", "b"] });
    second["workflowFile"] = json!({
        "environments": {
            "network": { "name": "Network", "templateId": "t-1", "templateType": "terraform", "needs": [] }
        }
    });
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([deployment_json("deploy", "SUCCESS"), second])),
        )
        .expect(1)
        .mount(&server)
        .await;

    let logs: Vec<DeploymentLog> = client(&server)
        .list_deployments(ENV_ID)
        .send()
        .await
        .expect("list succeeds");
    assert_eq!(logs.len(), 2);

    let first = &logs[0];
    assert_eq!(first.id, "9b1d6a4e-2f3c-4d5e-8a7b-6c5d4e3f2a1b");
    assert_eq!(first.environment_id.as_deref(), Some(ENV_ID));
    assert_eq!(first.r#type, DeploymentType::Deploy);
    assert_eq!(first.status, DeploymentStatus::Success);
    assert_eq!(
        first.started_by_type,
        Some(DeploymentLogStartedByType::User)
    );
    assert_eq!(first.blueprint_type, Some(IacKind::Opentofu));
    let user = first.started_by_user.as_ref().expect("startedByUser");
    assert_eq!(
        user.user_id.as_deref(),
        Some("auth0|5f1e2d3c4b5a697887766554")
    );
    assert_eq!(user.email.as_deref(), Some("jane.doe@example.com"));
    assert_eq!(user.name.as_deref(), Some("Jane Doe"));
    assert_eq!(first.comment, None);
    assert_eq!(first.error, None);
    assert_eq!(first.resource_count, Some(12));
    assert_eq!(first.is_scheduled_run, Some(false));
    assert_eq!(
        first.finished_at.as_deref(),
        Some("2024-05-14T09:15:47.803Z")
    );
    let plan = first.plan_summary.as_ref().expect("planSummary");
    assert_eq!(
        (plan.added, plan.changed, plan.destroyed, plan.imported),
        (2, 1, 0, None)
    );
    assert_eq!(first.targets, Some(vec![]));

    let second = &logs[1];
    assert_eq!(second.r#type, DeploymentType::DriftDetection);
    assert_eq!(second.status, DeploymentStatus::InProgress);
    assert_eq!(
        second.started_by_type,
        Some(DeploymentLogStartedByType::TerraformCli)
    );
    assert_eq!(second.blueprint_type, Some(IacKind::K8s));
    assert_eq!(second.finished_at, None);
    let output = second.output.as_ref().expect("output");
    // Objects without declared properties are maps of what they hold.
    assert_eq!(output["vpc_id"], json!("vpc-123"));
    assert_eq!(output["subnets"], json!(["a", "b"]));
    let workflow = second.workflow_file.as_ref().expect("workflowFile");
    let network = &workflow.environments["network"];
    assert_eq!(network.name, "Network");
    assert_eq!(network.template_id, "t-1");
    assert_eq!(network.template_type, IacKind::Terraform);
    assert_eq!(network.needs, Some(vec![]));
}

#[tokio::test]
async fn unknown_enum_values_from_server_decode_to_unknown_and_round_trip() {
    let server = MockServer::start().await;
    let mut log = deployment_json("brandNewType", "SOME_NEW_STATUS");
    log["blueprintType"] = json!("crossplane");
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([log])))
        .expect(1)
        .mount(&server)
        .await;

    let logs = client(&server)
        .list_deployments(ENV_ID)
        .send()
        .await
        .expect("list succeeds");
    let log = &logs[0];
    assert_eq!(
        log.r#type,
        DeploymentType::Unknown("brandNewType".to_owned())
    );
    assert_eq!(
        log.status,
        DeploymentStatus::Unknown("SOME_NEW_STATUS".to_owned())
    );
    assert_eq!(
        log.blueprint_type,
        Some(IacKind::Unknown("crossplane".to_owned()))
    );

    // Display / as_str give back the wire value untouched.
    assert_eq!(log.r#type.to_string(), "brandNewType");
    assert_eq!(log.r#type.as_str(), "brandNewType");
    assert_eq!(log.status.to_string(), "SOME_NEW_STATUS");
    // FromStr of the displayed value gives the same Unknown back.
    assert_eq!(
        DeploymentType::from_str(&log.r#type.to_string()).unwrap(),
        log.r#type
    );
    // And serializing sends the same wire value.
    assert_eq!(
        serde_json::to_value(&log.r#type).unwrap(),
        json!("brandNewType")
    );
    let reserialized = serde_json::to_value(log).unwrap();
    assert_eq!(reserialized["type"], json!("brandNewType"));
    assert_eq!(reserialized["status"], json!("SOME_NEW_STATUS"));
    assert_eq!(reserialized["blueprintType"], json!("crossplane"));
}

#[test]
fn known_enum_variants_display_and_parse_with_wire_names() {
    let types = [
        (DeploymentType::Deploy, "deploy"),
        (DeploymentType::Destroy, "destroy"),
        (DeploymentType::PrPlan, "prPlan"),
        (DeploymentType::DriftDetection, "driftDetection"),
        (DeploymentType::Task, "task"),
        (DeploymentType::RemotePlan, "remotePlan"),
        (DeploymentType::DryRun, "dryRun"),
        (DeploymentType::ModuleTest, "moduleTest"),
    ];
    for (variant, wire) in types {
        assert_eq!(variant.to_string(), wire);
        assert_eq!(variant.as_str(), wire);
        assert_eq!(wire.parse::<DeploymentType>().unwrap(), variant);
        assert_eq!(serde_json::to_value(&variant).unwrap(), json!(wire));
        assert_eq!(
            serde_json::from_value::<DeploymentType>(json!(wire)).unwrap(),
            variant
        );
    }
    let statuses = [
        (DeploymentStatus::InProgress, "IN_PROGRESS"),
        (DeploymentStatus::WaitingForUser, "WAITING_FOR_USER"),
        (DeploymentStatus::InternalFailure, "INTERNAL_FAILURE"),
        (DeploymentStatus::NeverDeployed, "NEVER_DEPLOYED"),
        (DeploymentStatus::Success, "SUCCESS"),
    ];
    for (variant, wire) in statuses {
        assert_eq!(variant.to_string(), wire);
        assert_eq!(wire.parse::<DeploymentStatus>().unwrap(), variant);
    }
    // Wire names are case-sensitive: a near miss is not silently mapped.
    assert_eq!(
        "Deploy".parse::<DeploymentType>().unwrap(),
        DeploymentType::Unknown("Deploy".to_owned())
    );
    assert_eq!(
        DeploymentLogStartedByType::from_str("terraform-cli").unwrap(),
        DeploymentLogStartedByType::TerraformCli
    );
    assert_eq!(
        DeploymentLogStartedByType::TerraformCli.to_string(),
        "terraform-cli"
    );
}

// ---------------------------------------------------------------------------
// List deployments: errors
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_deployments_400_decodes_error_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "statusCode": 400,
            "message": "Invalid query parameters: fromDate and toDate must be provided together",
            "error": "Bad Request"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .list_deployments(ENV_ID)
        .from_date("2024-05-01T00:00:00.000Z")
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(ListDeploymentsError::BadRequest(body)) => {
            assert_eq!(
                body.message,
                "Invalid query parameters: fromDate and toDate must be provided together"
            );
            assert_eq!(body.status_code, Some(400));
            assert_eq!(body.error.as_deref(), Some("Bad Request"));
        }
        other => panic!("expected BadRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn list_deployments_404_decodes_error_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "statusCode": 404,
            "message": "Environment not found",
            "error": "Not Found"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .list_deployments(ENV_ID)
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(ListDeploymentsError::NotFound(body)) => {
            assert_eq!(body.message, "Environment not found");
            assert_eq!(body.status_code, Some(404));
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn list_deployments_429_without_its_body_keeps_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client_without_retries(&server)
        .list_deployments(ENV_ID)
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(ListDeploymentsError::TooManyRequests { retry_after, body }) => {
            assert_eq!(retry_after, Some(Duration::from_secs(3)));
            assert_eq!(body, None, "an empty 429 body is not an error of its own");
        }
        other => panic!("expected TooManyRequests, got {other:?}"),
    }
}

#[tokio::test]
async fn list_deployments_429_with_retry_after_seconds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "7")
                .set_body_json(rate_limit_body()),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client_without_retries(&server)
        .list_deployments(ENV_ID)
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(ListDeploymentsError::TooManyRequests { retry_after, body }) => {
            assert_eq!(retry_after, Some(Duration::from_secs(7)));
            let body = body.expect("the documented 429 body decodes");
            assert_eq!(body.message, "Too Many Requests");
            assert_eq!(body.status_code, Some(429));
        }
        other => panic!("expected TooManyRequests, got {other:?}"),
    }
}

#[tokio::test]
async fn list_deployments_429_with_retry_after_http_date() {
    let server = MockServer::start().await;
    let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", when.as_str())
                .set_body_json(rate_limit_body()),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client_without_retries(&server)
        .list_deployments(ENV_ID)
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(ListDeploymentsError::TooManyRequests { retry_after, .. }) => {
            let wait =
                retry_after.unwrap_or_else(|| panic!("Retry-After `{when}` was not understood"));
            assert!(
                (Duration::from_secs(110)..=Duration::from_secs(120)).contains(&wait),
                "Retry-After `{when}` read as {wait:?}"
            );
        }
        other => panic!("expected TooManyRequests, got {other:?}"),
    }
}

#[tokio::test]
async fn list_deployments_429_with_past_http_date_waits_zero() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")
                .set_body_json(rate_limit_body()),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client_without_retries(&server)
        .list_deployments(ENV_ID)
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(ListDeploymentsError::TooManyRequests { retry_after, .. }) => {
            assert_eq!(retry_after, Some(Duration::ZERO));
        }
        other => panic!("expected TooManyRequests, got {other:?}"),
    }
}

#[tokio::test]
async fn list_deployments_429_is_retried_by_default_then_surfaces_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .set_body_json(rate_limit_body()),
        )
        // The default policy: three attempts in all.
        .expect(3)
        .mount(&server)
        .await;

    let started = std::time::Instant::now();
    let err = client(&server)
        .list_deployments(ENV_ID)
        .send()
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    match err {
        Error::Api(ListDeploymentsError::TooManyRequests { retry_after, body }) => {
            assert_eq!(retry_after, Some(Duration::from_secs(1)));
            let body = body.expect("the documented 429 body decodes");
            assert_eq!(body.message, "Too Many Requests");
        }
        other => panic!("expected TooManyRequests, got {other:?}"),
    }
    // It waited as `Retry-After` asked before each of the two retries.
    assert!(
        elapsed >= Duration::from_secs(2),
        "retried after only {elapsed:?}"
    );
}

#[tokio::test]
async fn list_deployments_undocumented_status_is_unexpected_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(ResponseTemplate::new(418).set_body_string("I'm a teapot"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .list_deployments(ENV_ID)
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Api(ListDeploymentsError::UnexpectedStatus(unexpected)) => {
            assert_eq!(unexpected.status.as_u16(), 418);
            assert_eq!(&unexpected.body[..], b"I'm a teapot");
            assert_eq!(
                unexpected.to_string(),
                "unexpected status 418 I'm a teapot: I'm a teapot"
            );
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn list_deployments_invalid_json_is_decode_error_with_raw_body() {
    let server = MockServer::start().await;
    let raw = "<html>gateway says hi</html>";
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(raw))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .list_deployments(ENV_ID)
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Decode {
            status,
            body,
            path,
            source,
        } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(&body[..], raw.as_bytes());
            assert!(source.is_syntax(), "{source}");
            assert!(!path.is_empty());
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn list_deployments_wrong_shape_is_decode_error_with_raw_body() {
    let server = MockServer::start().await;
    // Valid JSON, but the required `id` is missing.
    let raw = r#"[{"type":"deploy","status":"SUCCESS"}]"#;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw(raw, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .list_deployments(ENV_ID)
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Decode {
            status,
            body,
            path,
            source,
        } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(&body[..], raw.as_bytes());
            assert!(source.is_data(), "{source}");
            assert_eq!(path, "[0]");
            assert!(source.to_string().contains("id"), "{source}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Secrets, timeouts, transport
// ---------------------------------------------------------------------------

#[tokio::test]
async fn debug_output_never_shows_the_key_secret() {
    let server = MockServer::start().await;
    let credentials = Credentials::api_key(KEY_ID, KEY_SECRET);
    let shown = format!("{credentials:?}");
    assert!(!shown.contains(KEY_SECRET), "{shown}");

    let client = client(&server);
    let shown = format!("{client:?}");
    assert!(!shown.contains(KEY_SECRET), "{shown}");
    assert!(!shown.contains(&basic_header()), "{shown}");

    let builder = Client::builder().credentials(Credentials::api_key(KEY_ID, KEY_SECRET));
    let shown = format!("{builder:?}");
    assert!(!shown.contains(KEY_SECRET), "{shown}");

    let request = client.list_deployments(ENV_ID);
    let shown = format!("{request:?}");
    assert!(!shown.contains(KEY_SECRET), "{shown}");
}

#[tokio::test]
async fn slow_server_beyond_timeout_gives_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([]))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;

    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::api_key(KEY_ID, KEY_SECRET))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client.list_deployments(ENV_ID).send().await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout(_)),
        "expected Timeout, got {err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "gave up after {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn closed_port_gives_transport_error() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .credentials(Credentials::api_key(KEY_ID, KEY_SECRET))
        .build()
        .unwrap();

    let err = client.authentication().send().await.unwrap_err();
    assert!(
        matches!(err, Error::Transport(_)),
        "expected Transport, got {err:?}"
    );
}
