//! Behaviour of the shared runtime, seen through the generated clients against
//! a local wiremock server: retries and backoff, `Retry-After`, the
//! non-idempotent rule, pagination streams, the client-side rate limit,
//! switching credentials, parameter checks made before sending, and timeouts.
//!
//! Timings are real (reqwest needs real IO), short, and asserted with bounds
//! wide enough for a loaded machine: every test ends within about 3 s.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use generated::runtime::{RateLimit, RetryPolicy, StreamExt, TryStreamExt};
use generated::{actinia, arthur, env0};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const ENV_ID: &str = "3f2a1c8e-5b7d-4e9a-8c21-0d6f4b9a7e13";
const DEPLOYMENTS_PATH: &str = "/environments/3f2a1c8e-5b7d-4e9a-8c21-0d6f4b9a7e13/deployments";
const ARTHUR_KEY_ID: &str = "0b9f2c4e-7a1d-4c3b-9e8f-5d6a7b8c9d0e";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Answers with `responses` in turn (repeating the last one once they run
/// out) and records when each request arrived.
#[derive(Clone)]
struct Script {
    responses: Vec<ResponseTemplate>,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Script {
    fn new(responses: Vec<ResponseTemplate>) -> Self {
        assert!(!responses.is_empty());
        Script {
            responses,
            arrivals: Arc::default(),
        }
    }

    fn arrivals(&self) -> Vec<Instant> {
        self.arrivals.lock().unwrap().clone()
    }

    /// The time between consecutive requests.
    fn gaps(&self) -> Vec<Duration> {
        self.arrivals()
            .windows(2)
            .map(|w| w[1].duration_since(w[0]))
            .collect()
    }
}

impl Respond for Script {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().unwrap();
        let index = arrivals.len().min(self.responses.len() - 1);
        arrivals.push(Instant::now());
        self.responses[index].clone()
    }
}

async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

fn query(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn authorization(request: &Request) -> Option<String> {
    request
        .headers
        .get("authorization")
        .map(|v| v.to_str().expect("ASCII header").to_owned())
}

fn env0_client(server: &MockServer, retry: RetryPolicy) -> env0::Client {
    env0::Client::builder()
        .base_url(server.uri())
        .credentials(env0::Credentials::api_key("key-id", "key-secret"))
        .retry_policy(retry)
        .build()
        .expect("client builds")
}

fn arthur_client(server: &MockServer, retry: RetryPolicy) -> arthur::Client {
    arthur::Client::builder()
        .base_url(server.uri())
        .credentials(arthur::Credentials::bearer("arthur-token"))
        .retry_policy(retry)
        .build()
        .expect("client builds")
}

/// The server's root as the base URL, taken exactly: the mocks here answer
/// at `/token`, not under actinia's `/api/v3` (which `base_url` would add
/// to a host alone; `tests/actinia.rs` and `tests/base_path.rs` check that).
fn actinia_client(server: &MockServer) -> actinia::Client {
    actinia::Client::builder()
        .base_url_exact(server.uri())
        .credentials(actinia::Credentials::basic("alice", "pa55word"))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

fn fast_backoff() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(10), Duration::from_millis(50))
}

/// A minimal deployment log as the spec describes it.
fn deployment(id: usize) -> Value {
    json!({"id": format!("deployment-{id}"), "type": "deploy", "status": "SUCCESS"})
}

fn rate_limit_body() -> Value {
    json!({"statusCode": 429, "message": "Too Many Requests"})
}

fn api_key_json(key: Option<&str>) -> Value {
    json!({
        "id": ARTHUR_KEY_ID,
        "key": key,
        "description": "CI pipeline validation key",
        "is_active": true,
        "created_at": "2026-01-12T10:15:30.123456Z",
        "deactivated_at": null,
        "message": null,
        "roles": ["VALIDATION-USER"]
    })
}

fn token_json(token: &str) -> Value {
    json!({"status": "success", "message": "Token successfully generated", "token": token})
}

/// Serves `total` deployments, paged by the `offset` and `limit` of each request.
fn deployments_pager(total: usize) -> impl Fn(&Request) -> ResponseTemplate + Send + Sync {
    move |request: &Request| {
        let number = |name: &str| -> usize {
            query(request, name)
                .expect("pages always carry offset and limit")
                .parse()
                .expect("a number")
        };
        let (offset, limit) = (number("offset"), number("limit"));
        let page: Vec<Value> = (offset..total.min(offset + limit))
            .map(deployment)
            .collect();
        ResponseTemplate::new(200).set_body_json(page)
    }
}

/// The `(offset, limit)` of every request received, in order.
async fn pages_requested(server: &MockServer) -> Vec<(String, String)> {
    received(server)
        .await
        .iter()
        .map(|r| {
            (
                query(r, "offset").unwrap_or_default(),
                query(r, "limit").unwrap_or_default(),
            )
        })
        .collect()
}

fn ids(items: &[env0::types::DeploymentLog]) -> Vec<String> {
    items.iter().map(|d| d.id.clone()).collect()
}

fn expected_ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("deployment-{i}")).collect()
}

// ---------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------

/// A 429 with `Retry-After: 1` is retried no sooner than one second later,
/// and the retry's 200 is what the caller gets.
#[tokio::test]
async fn retry_after_seconds_is_waited_for_then_the_retry_succeeds() {
    let server = MockServer::start().await;
    let script = Script::new(vec![
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        ResponseTemplate::new(200),
    ]);
    Mock::given(method("HEAD"))
        .and(path("/"))
        .respond_with(script.clone())
        .expect(2)
        .mount(&server)
        .await;
    let client = env0_client(&server, RetryPolicy::default().max_attempts(2));

    let started = Instant::now();
    client
        .authentication()
        .send()
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();

    let gaps = script.gaps();
    assert_eq!(gaps.len(), 1, "exactly one retry");
    assert!(
        gaps[0] >= Duration::from_secs(1),
        "retried after {:?}",
        gaps[0]
    );
    assert!(elapsed < Duration::from_millis(2500), "took {elapsed:?}");
}

/// `Retry-After` given as an HTTP date is honoured too.
#[tokio::test]
async fn retry_after_http_date_is_waited_for() {
    let server = MockServer::start().await;
    let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let script = Script::new(vec![
        ResponseTemplate::new(503).insert_header("Retry-After", when.as_str()),
        ResponseTemplate::new(200).set_body_json(json!([])),
    ]);
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(script.clone())
        .expect(2)
        .mount(&server)
        .await;
    let client = env0_client(&server, RetryPolicy::default());

    let page = client.list_deployments(ENV_ID).send().await.expect("ok");
    assert!(page.is_empty());
    // The date has one-second resolution: the wait is one or two seconds.
    let gap = script.gaps()[0];
    assert!(gap >= Duration::from_millis(950), "retried after {gap:?}");
    assert!(gap < Duration::from_millis(2800), "retried after {gap:?}");
}

/// A 503 without `Retry-After` is retried after the policy's backoff.
#[tokio::test]
async fn service_unavailable_is_retried_with_backoff() {
    let server = MockServer::start().await;
    let script = Script::new(vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(200).set_body_json(json!([deployment(0)])),
    ]);
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(script.clone())
        .expect(2)
        .mount(&server)
        .await;
    let client = env0_client(&server, fast_backoff());

    let page = client
        .list_deployments(ENV_ID)
        .send()
        .await
        .expect("the retry succeeds");
    assert_eq!(ids(&page), expected_ids(0..1));
    // The first backoff is between half and all of the initial 10 ms.
    let gap = script.gaps()[0];
    assert!(gap >= Duration::from_millis(5), "retried after {gap:?}");
    assert!(gap < Duration::from_millis(500), "retried after {gap:?}");
}

/// 502 and 504 are retried for idempotent methods (GET here).
#[tokio::test]
async fn bad_gateway_and_gateway_timeout_are_retried_for_get() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(Script::new(vec![
            ResponseTemplate::new(502),
            ResponseTemplate::new(504),
            ResponseTemplate::new(200).set_body_json(json!([])),
        ]))
        .expect(3)
        .mount(&server)
        .await;
    let client = env0_client(&server, fast_backoff());

    let page = client.list_deployments(ENV_ID).send().await.expect("ok");
    assert!(page.is_empty());
}

/// A POST answered 503 is not repeated unless the policy allows it.
#[tokio::test]
async fn post_is_not_retried_by_default() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/api_keys/"))
        .respond_with(Script::new(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(200).set_body_json(api_key_json(Some("secret"))),
        ]))
        .expect(1)
        .mount(&server)
        .await;
    let client = arthur_client(&server, fast_backoff());

    let result = client
        .create_api_key(arthur::types::NewApiKeyRequest::default())
        .send()
        .await;
    match result {
        Err(arthur::Error::Api(arthur::CreateApiKeyError::UnexpectedStatus(s))) => {
            assert_eq!(s.status.as_u16(), 503);
        }
        other => panic!("expected the 503 as it is, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 1);
}

/// With `retry_non_idempotent(true)` the same POST is repeated, with the same body.
#[tokio::test]
async fn post_is_retried_when_the_policy_allows_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/api_keys/"))
        .respond_with(Script::new(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(200).set_body_json(api_key_json(Some("secret"))),
        ]))
        .expect(2)
        .mount(&server)
        .await;
    let client = arthur_client(&server, fast_backoff().retry_non_idempotent(true));

    let body = arthur::types::NewApiKeyRequest::new()
        .description("ci")
        .roles([arthur::types::ApiKeysRolesEnum::TaskAdmin]);
    let key = client
        .create_api_key(body)
        .send()
        .await
        .expect("the retry succeeds");
    assert_eq!(key.key.as_deref(), Some("secret"));

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    let expected = json!({"description": "ci", "roles": ["TASK-ADMIN"]});
    for request in &requests {
        assert_eq!(request.body_json::<Value>().unwrap(), expected);
    }
}

/// When every attempt gets 429, the last one reaches the caller as the
/// operation's typed error, `retry_after` included, after exactly
/// `max_attempts` requests.
#[tokio::test]
async fn exhausted_retries_give_the_typed_429() {
    let server = MockServer::start().await;
    let script = Script::new(vec![
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "1")
            .set_body_json(rate_limit_body()),
    ]);
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(script.clone())
        .expect(2)
        .mount(&server)
        .await;
    let client = env0_client(&server, RetryPolicy::default().max_attempts(2));

    let started = Instant::now();
    let result = client.list_deployments(ENV_ID).send().await;
    let elapsed = started.elapsed();
    match result {
        Err(env0::Error::Api(env0::ListDeploymentsError::TooManyRequests {
            retry_after,
            body,
        })) => {
            assert_eq!(retry_after, Some(Duration::from_secs(1)));
            let body = body.expect("the documented body is decoded");
            assert_eq!(body.message, "Too Many Requests");
            assert_eq!(body.status_code, Some(429));
        }
        other => panic!("expected the typed 429, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 2);
    assert!(script.gaps()[0] >= Duration::from_secs(1));
    // No wait after the last attempt.
    assert!(elapsed < Duration::from_millis(1900), "took {elapsed:?}");
}

/// No retry starts once `max_elapsed` would be exceeded: a 1 s `Retry-After`
/// against a 200 ms budget is returned at once.
#[tokio::test]
async fn retry_that_would_exceed_max_elapsed_is_not_attempted() {
    let server = MockServer::start().await;
    Mock::given(method("HEAD"))
        .and(path("/"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .expect(1)
        .mount(&server)
        .await;
    let client = env0_client(
        &server,
        RetryPolicy::default().max_elapsed(Duration::from_millis(200)),
    );

    let started = Instant::now();
    let result = client.authentication().send().await;
    assert!(
        matches!(
            result,
            Err(env0::Error::Api(env0::AuthenticationError::TooManyRequests {
                retry_after: Some(d)
            })) if d == Duration::from_secs(1)
        ),
        "{result:?}"
    );
    assert!(started.elapsed() < Duration::from_millis(900));
    assert_eq!(received(&server).await.len(), 1);
}

/// `RetryPolicy::none()` sends once, whatever the answer.
#[tokio::test]
async fn retry_policy_none_sends_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let client = env0_client(&server, RetryPolicy::none());

    let result = client.list_deployments(ENV_ID).send().await;
    match result {
        Err(env0::Error::Api(env0::ListDeploymentsError::UnexpectedStatus(s))) => {
            assert_eq!(s.status.as_u16(), 503);
        }
        other => panic!("expected the 503 as it is, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 1);
}

/// Statuses that are not transient (500 here) are never retried.
#[tokio::test]
async fn internal_server_error_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let client = env0_client(&server, fast_backoff());

    let result = client.list_deployments(ENV_ID).send().await;
    assert!(
        matches!(
            &result,
            Err(env0::Error::Api(env0::ListDeploymentsError::UnexpectedStatus(s))) if s.status.as_u16() == 500
        ),
        "{result:?}"
    );
}

// ---------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------

/// Pages of 2 are fetched at offsets 0, 2, 4; the short page at 4 ends the stream.
#[tokio::test]
async fn stream_fetches_pages_until_a_short_one() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(deployments_pager(5))
        .mount(&server)
        .await;
    let client = env0_client(&server, RetryPolicy::none());

    let items: Vec<_> = client
        .list_deployments(ENV_ID)
        .limit(2)
        .into_stream()
        .try_collect()
        .await
        .expect("every page succeeds");

    assert_eq!(ids(&items), expected_ids(0..5));
    let pages = pages_requested(&server).await;
    let expected: Vec<(String, String)> = [("0", "2"), ("2", "2"), ("4", "2")]
        .map(|(o, l)| (o.to_owned(), l.to_owned()))
        .to_vec();
    assert_eq!(pages, expected);
}

/// When the items fill the last page exactly, one more (empty) page is asked
/// for and ends the stream.
#[tokio::test]
async fn stream_ends_at_an_empty_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(deployments_pager(4))
        .mount(&server)
        .await;
    let client = env0_client(&server, RetryPolicy::none());

    let items: Vec<_> = client
        .list_deployments(ENV_ID)
        .limit(2)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), expected_ids(0..4));
    let offsets: Vec<String> = pages_requested(&server)
        .await
        .into_iter()
        .map(|(o, _)| o)
        .collect();
    assert_eq!(offsets, ["0", "2", "4"]);
}

/// An empty first page gives an empty stream after one request.
#[tokio::test]
async fn stream_of_an_empty_list_is_empty() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let client = env0_client(&server, RetryPolicy::none());

    let mut stream = Box::pin(client.list_deployments(ENV_ID).limit(2).into_stream());
    assert!(stream.next().await.is_none());
    assert_eq!(
        pages_requested(&server).await,
        [("0".to_owned(), "2".to_owned())]
    );
}

/// Without `limit`, pages are of 100, the spec's maximum (and default).
#[tokio::test]
async fn stream_page_size_defaults_to_the_spec_maximum() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(deployments_pager(150))
        .mount(&server)
        .await;
    let client = env0_client(&server, RetryPolicy::none());

    let items: Vec<_> = client
        .list_deployments(ENV_ID)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), expected_ids(0..150));
    let expected: Vec<(String, String)> = [("0", "100"), ("100", "100")]
        .map(|(o, l)| (o.to_owned(), l.to_owned()))
        .to_vec();
    assert_eq!(pages_requested(&server).await, expected);
}

/// The stream starts at the caller's `offset` and every page keeps the other
/// parameters (filters and credentials).
#[tokio::test]
async fn stream_starts_at_offset_and_keeps_the_filters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(deployments_pager(6))
        .mount(&server)
        .await;
    let client = env0_client(&server, RetryPolicy::none());

    let items: Vec<_> = client
        .list_deployments(ENV_ID)
        .offset(3)
        .limit(2)
        .deployment_types([
            env0::types::DeploymentType::Deploy,
            env0::types::DeploymentType::PrPlan,
        ])
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), expected_ids(3..6));

    let requests = received(&server).await;
    let offsets: Vec<String> = requests
        .iter()
        .map(|r| query(r, "offset").unwrap())
        .collect();
    assert_eq!(offsets, ["3", "5"]);
    for request in &requests {
        assert_eq!(
            query(request, "deploymentTypes").as_deref(),
            Some("deploy,prPlan")
        );
        assert!(authorization(request).unwrap().starts_with("Basic "));
    }
}

/// A failing page ends the stream with that error after the items already read.
#[tokio::test]
async fn stream_ends_after_the_first_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(Script::new(vec![
            ResponseTemplate::new(200).set_body_json(json!([deployment(0), deployment(1)])),
            ResponseTemplate::new(404).set_body_json(json!({"message": "Environment not found"})),
            ResponseTemplate::new(200).set_body_json(json!([deployment(2)])),
        ]))
        .expect(2)
        .mount(&server)
        .await;
    let client = env0_client(&server, RetryPolicy::none());

    let results: Vec<_> = client
        .list_deployments(ENV_ID)
        .limit(2)
        .into_stream()
        .collect()
        .await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().id, "deployment-0");
    assert_eq!(results[1].as_ref().unwrap().id, "deployment-1");
    match &results[2] {
        Err(env0::Error::Api(env0::ListDeploymentsError::NotFound(e))) => {
            assert_eq!(e.message, "Environment not found");
        }
        other => panic!("expected the 404, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Rate limit
// ---------------------------------------------------------------------------

/// With at most 2 requests per 500 ms, 5 requests in sequence take at least
/// 1 s, and no 3 of them start within 500 ms.
#[tokio::test]
async fn rate_limit_spaces_sequential_requests() {
    let server = MockServer::start().await;
    let script = Script::new(vec![ResponseTemplate::new(200)]);
    Mock::given(method("HEAD"))
        .and(path("/"))
        .respond_with(script.clone())
        .expect(5)
        .mount(&server)
        .await;
    let client = env0::Client::builder()
        .base_url(server.uri())
        .credentials(env0::Credentials::api_key("key-id", "key-secret"))
        .rate_limit(RateLimit::new(2, Duration::from_millis(500)))
        .build()
        .unwrap();

    let started = Instant::now();
    for _ in 0..5 {
        client.authentication().send().await.unwrap();
    }
    let elapsed = started.elapsed();

    assert!(elapsed >= Duration::from_millis(1000), "took {elapsed:?}");
    assert!(elapsed < Duration::from_millis(2500), "took {elapsed:?}");
    let arrivals = script.arrivals();
    for window in arrivals.windows(3) {
        let span = window[2].duration_since(window[0]);
        // A little slack: the first request of a window may be slowed by
        // opening the connection, which the limiter does not count.
        assert!(
            span >= Duration::from_millis(450),
            "3 requests within {span:?}"
        );
    }
}

/// The limit is shared by the clones of a client: 5 concurrent requests from
/// 5 clones take at least 1 s too.
#[tokio::test]
async fn rate_limit_spaces_concurrent_requests_across_clones() {
    let server = MockServer::start().await;
    let script = Script::new(vec![ResponseTemplate::new(200)]);
    Mock::given(method("HEAD"))
        .and(path("/"))
        .respond_with(script.clone())
        .expect(5)
        .mount(&server)
        .await;
    let client = env0::Client::builder()
        .base_url(server.uri())
        .credentials(env0::Credentials::api_key("key-id", "key-secret"))
        .rate_limit(RateLimit::new(2, Duration::from_millis(500)))
        .build()
        .unwrap();

    let started = Instant::now();
    let tasks: Vec<_> = (0..5)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.authentication().send().await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(1000), "took {elapsed:?}");
    assert!(elapsed < Duration::from_millis(2500), "took {elapsed:?}");
    let mut arrivals = script.arrivals();
    arrivals.sort();
    for window in arrivals.windows(3) {
        let span = window[2].duration_since(window[0]);
        assert!(
            span >= Duration::from_millis(450),
            "3 requests within {span:?}"
        );
    }
}

/// Without a rate limit the same 5 requests are not held back (the control
/// for the two tests above).
#[tokio::test]
async fn no_rate_limit_by_default() {
    let server = MockServer::start().await;
    Mock::given(method("HEAD"))
        .and(path("/"))
        .respond_with(ResponseTemplate::new(200))
        .expect(5)
        .mount(&server)
        .await;
    let client = env0_client(&server, RetryPolicy::none());
    assert!(format!("{client:?}").contains("rate_limit: None"));

    let started = Instant::now();
    for _ in 0..5 {
        client.authentication().send().await.unwrap();
    }
    assert!(started.elapsed() < Duration::from_millis(500));
}

/// `rate_limited()` applies the limit from the manifest (env0: 1,000 per
/// 60 s), and nothing for a service that documents none (Arthur).
#[test]
fn rate_limited_uses_the_documented_limit() {
    let env0_client = env0::Client::builder()
        .base_url("http://127.0.0.1:9")
        .rate_limited()
        .build()
        .unwrap();
    let shown = format!("{env0_client:?}");
    assert!(
        shown.contains("rate_limit: Some(RateLimit { requests: 1000, per: 60s })"),
        "{shown}"
    );

    let arthur_client = arthur::Client::builder().rate_limited().build().unwrap();
    let shown = format!("{arthur_client:?}");
    assert!(shown.contains("rate_limit: None"), "{shown}");

    let mine = RateLimit::new(7, Duration::from_secs(1));
    let arthur_client = arthur::Client::builder()
        .rate_limit(mine)
        .rate_limited()
        .build()
        .unwrap();
    let shown = format!("{arthur_client:?}");
    assert!(
        shown.contains("rate_limit: Some(RateLimit { requests: 7, per: 1s })"),
        "{shown}"
    );
}

// ---------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------

/// A token obtained with Basic credentials is then sent as Bearer by the
/// client `with_credentials` returns; the original client keeps Basic.
#[tokio::test]
async fn token_from_basic_credentials_is_used_as_bearer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_json("tok-123")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api_key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_json("api-key-456")))
        .expect(2)
        .mount(&server)
        .await;
    let client = actinia_client(&server);

    let token = client
        .get_token()
        .expiration_time(3600)
        .send()
        .await
        .unwrap();
    assert_eq!(token.token, "tok-123");
    let with_token = client.with_credentials(actinia::Credentials::bearer(token.token));
    let key = with_token.get_api_key().send().await.unwrap();
    assert_eq!(key.token, "api-key-456");
    client.get_api_key().send().await.unwrap();

    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("alice:pa55word")
    );
    let requests = received(&server).await;
    let seen: Vec<(String, Option<String>)> = requests
        .iter()
        .map(|r| (r.url.path().to_owned(), authorization(r)))
        .collect();
    assert_eq!(
        seen,
        [
            ("/token".to_owned(), Some(basic.clone())),
            ("/api_key".to_owned(), Some("Bearer tok-123".to_owned())),
            ("/api_key".to_owned(), Some(basic)),
        ]
    );
    assert_eq!(
        query(&requests[0], "expiration_time").as_deref(),
        Some("3600")
    );
}

// ---------------------------------------------------------------------------
// Checks before sending
// ---------------------------------------------------------------------------

/// Values outside the spec's `minimum`/`maximum` are refused with
/// `Error::Invalid` naming the parameter, and nothing is sent.
#[tokio::test]
async fn out_of_range_parameters_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(0)
        .mount(&server)
        .await;
    let env0_client = env0_client(&server, RetryPolicy::none());
    let actinia = actinia_client(&server);

    // `offset` has `minimum: 0` and no format: it is a `u64`, so a negative
    // offset cannot even be written (it was refused at run time when it
    // was an `i64`).
    let _unsigned_offset: fn(env0::ListDeployments, u64) -> env0::ListDeployments =
        env0::ListDeployments::offset;
    for (limit, offset, parameter) in [(500, 0, "limit"), (0, 0, "limit")] {
        let result = env0_client
            .list_deployments(ENV_ID)
            .limit(limit)
            .offset(offset)
            .send()
            .await;
        match result {
            Err(env0::Error::Invalid {
                parameter: p,
                reason,
            }) => {
                assert_eq!(p, parameter);
                assert!(!reason.is_empty());
            }
            other => panic!("limit {limit}, offset {offset}: expected Invalid, got {other:?}"),
        }
    }
    // A page size of zero is refused by the stream too, not quietly raised to 1.
    let mut zero = Box::pin(env0_client.list_deployments(ENV_ID).limit(0).into_stream());
    assert!(matches!(
        zero.next().await,
        Some(Err(env0::Error::Invalid {
            parameter: "limit",
            ..
        }))
    ));
    assert!(
        zero.next().await.is_none(),
        "the stream ends after the error"
    );
    // The stream checks each page the same way.
    let mut stream = Box::pin(
        env0_client
            .list_deployments(ENV_ID)
            .limit(500)
            .into_stream(),
    );
    assert!(matches!(
        stream.next().await,
        Some(Err(env0::Error::Invalid {
            parameter: "limit",
            ..
        }))
    ));
    assert!(stream.next().await.is_none());

    for seconds in [0, -5, 31_536_001] {
        let result = actinia.get_token().expiration_time(seconds).send().await;
        assert!(
            matches!(
                result,
                Err(actinia::Error::Invalid {
                    parameter: "expiration_time",
                    ..
                })
            ),
            "{seconds}: {result:?}"
        );
    }
    assert!(received(&server).await.is_empty());
}

/// The bounds themselves are allowed and sent as they are.
#[tokio::test]
async fn boundary_values_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_json("t")))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(2)
        .mount(&server)
        .await;
    let actinia = actinia_client(&server);
    let env0_client = env0_client(&server, RetryPolicy::none());

    for seconds in [31_536_000, 1] {
        actinia
            .get_token()
            .expiration_time(seconds)
            .send()
            .await
            .unwrap();
    }
    for limit in [100, 1] {
        env0_client
            .list_deployments(ENV_ID)
            .limit(limit)
            .offset(0)
            .send()
            .await
            .unwrap();
    }
    let requests = received(&server).await;
    let sent: Vec<Option<String>> = requests
        .iter()
        .map(|r| query(r, "expiration_time").or_else(|| query(r, "limit")))
        .collect();
    assert_eq!(
        sent,
        ["31536000", "1", "100", "1"].map(|s| Some(s.to_owned()))
    );
}

// ---------------------------------------------------------------------------
// Timeouts
// ---------------------------------------------------------------------------

/// A server slower than the whole-request timeout gives `Error::Timeout`,
/// promptly and without a retry.
#[tokio::test]
async fn whole_request_timeout_gives_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(DEPLOYMENTS_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([]))
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let client = env0::Client::builder()
        .base_url(server.uri())
        .credentials(env0::Credentials::api_key("key-id", "key-secret"))
        .retry_policy(fast_backoff())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let started = Instant::now();
    let result = client.list_deployments(ENV_ID).send().await;
    let elapsed = started.elapsed();
    assert!(matches!(result, Err(env0::Error::Timeout(_))), "{result:?}");
    assert!(elapsed >= Duration::from_millis(200), "took {elapsed:?}");
    assert!(elapsed < Duration::from_millis(1500), "took {elapsed:?}");
    assert_eq!(received(&server).await.len(), 1);
}
