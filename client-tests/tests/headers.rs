//! Headers and hooks (`client-tests/fixture-specs/headers.yaml`, a spec
//! that declares no security): the client's default headers, a request's
//! own headers, headers a hook adds, and `Credentials::header`, as the
//! server sees them; and what of them a redirect to another origin carries
//! (nothing that could hold a secret).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use fixtures::headers::{BuildError, Client, Credentials, Error};
use fixtures::runtime::{Hook, HookError, Hop, RetryPolicy, reqwest};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn thing() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"id": "t1"}))
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/t1"))
        .respond_with(thing())
        .mount(&server)
        .await;
    server
}

fn header_of<'a>(request: &'a Request, name: &str) -> Vec<&'a str> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().expect("text"))
        .collect()
}

#[tokio::test]
async fn default_request_and_hook_headers_reach_the_server() {
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .default_header("X-Client", "default")
        .default_headers([("X-Replaced", "default"), ("Accept-Language", "fr")])
        .on_request(|request, hop| {
            let value = format!("hook {} {}", hop.operation(), hop.attempt());
            request
                .headers_mut()
                .insert("x-hook", value.parse().expect("a header value"));
        })
        .build()
        .expect("client builds");
    client
        .get_thing("t1")
        .x_request_tag("spec-param")
        .header("X-Replaced", "per request")
        .header("X-Request-Only", "yes")
        .send()
        .await
        .expect("answers");
    // A second request does not carry the first one's headers.
    client.get_thing("t1").send().await.expect("answers");

    let requests = server.received_requests().await.expect("recorded");
    let first = &requests[0];
    assert_eq!(header_of(first, "x-client"), ["default"]);
    assert_eq!(header_of(first, "x-replaced"), ["per request"]);
    assert_eq!(header_of(first, "accept-language"), ["fr"]);
    assert_eq!(header_of(first, "x-request-only"), ["yes"]);
    assert_eq!(header_of(first, "x-request-tag"), ["spec-param"]);
    assert_eq!(header_of(first, "x-hook"), ["hook /things/{id} 1"]);
    let second = &requests[1];
    assert_eq!(header_of(second, "x-replaced"), ["default"]);
    assert!(header_of(second, "x-request-only").is_empty());
    assert!(header_of(second, "x-request-tag").is_empty());
}

#[tokio::test]
async fn a_header_credential_authenticates_a_spec_without_security() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/t1"))
        .and(header("x-gateway-key", "s3cr3t-value"))
        .respond_with(thing())
        .expect(1)
        .mount(&server)
        .await;
    let credentials = Credentials::header("X-Gateway-Key", "s3cr3t-value");
    assert!(!format!("{credentials:?}").contains("s3cr3t"));
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(credentials)
        .build()
        .expect("client builds");
    assert!(!format!("{client:?}").contains("s3cr3t"));
    client.get_thing("t1").send().await.expect("authenticated");
}

/// Records each hop a hook sees, and adds a credential-like and a plain
/// header to every hop.
#[derive(Default)]
struct Recorder(Mutex<Vec<String>>);

impl Hook for Recorder {
    fn on_request(&self, request: &mut reqwest::Request, hop: &Hop<'_>) -> Result<(), HookError> {
        let headers = request.headers_mut();
        headers.insert("authorization", "Signature abc".parse()?);
        headers.insert("x-trace", "trace-1".parse()?);
        self.0.lock().unwrap().push(format!(
            "request {} redirects={} same_origin={}",
            hop.method(),
            hop.redirects(),
            hop.same_origin()
        ));
        Ok(())
    }

    fn on_response(&self, response: &mut reqwest::Response, hop: &Hop<'_>) {
        self.0.lock().unwrap().push(format!(
            "response {} attempt={}",
            response.status().as_u16(),
            hop.attempt()
        ));
    }
}

#[tokio::test]
async fn a_redirect_to_another_origin_carries_no_added_header_and_no_hook_credential() {
    let elsewhere = server().await;
    let home = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/t1"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/things/t1", elsewhere.uri())),
        )
        .mount(&home)
        .await;
    let recorder = Arc::new(Recorder::default());
    let client = Client::builder()
        .base_url(home.uri())
        .credentials(Credentials::header("X-Gateway-Key", "s3cr3t-value"))
        .default_header("X-Client", "default")
        .hook(recorder.clone())
        .build()
        .expect("client builds");
    client
        .get_thing("t1")
        .header("X-Request-Only", "yes")
        .send()
        .await
        .expect("answers from the other origin");

    let at_home = &home.received_requests().await.expect("recorded")[0];
    assert_eq!(header_of(at_home, "x-gateway-key"), ["s3cr3t-value"]);
    assert_eq!(header_of(at_home, "x-client"), ["default"]);
    assert_eq!(header_of(at_home, "x-request-only"), ["yes"]);
    assert_eq!(header_of(at_home, "authorization"), ["Signature abc"]);

    let there = &elsewhere.received_requests().await.expect("recorded")[0];
    for name in [
        "x-gateway-key",
        "x-client",
        "x-request-only",
        "authorization",
    ] {
        assert!(
            header_of(there, name).is_empty(),
            "{name} reached another origin"
        );
    }
    // A header that is no credential, added by the hook, does go.
    assert_eq!(header_of(there, "x-trace"), ["trace-1"]);
    assert_eq!(
        *recorder.0.lock().unwrap(),
        [
            "request GET redirects=0 same_origin=true",
            "response 302 attempt=1",
            "request GET redirects=1 same_origin=false",
            "response 200 attempt=1",
        ]
    );
}

#[tokio::test]
async fn hooks_see_every_attempt_and_a_failing_hook_stops_the_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(thing())
        .mount(&server)
        .await;
    let recorder = Arc::new(Recorder::default());
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(
            RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(1)),
        )
        .hook(recorder.clone())
        .build()
        .expect("client builds");
    client
        .get_thing("t1")
        .send()
        .await
        .expect("answers after a retry");
    assert_eq!(
        *recorder.0.lock().unwrap(),
        [
            "request GET redirects=0 same_origin=true",
            "response 503 attempt=1",
            "request GET redirects=0 same_origin=true",
            "response 200 attempt=2",
        ]
    );

    struct Refuse;
    impl Hook for Refuse {
        fn on_request(&self, _: &mut reqwest::Request, _: &Hop<'_>) -> Result<(), HookError> {
            Err("no signing key".into())
        }
    }
    let refusing = Client::builder()
        .base_url(server.uri())
        .hook(Refuse)
        .build()
        .expect("client builds");
    let before = server.received_requests().await.expect("recorded").len();
    match refusing.get_thing("t1").send().await {
        Err(e @ Error::Hook(_)) => assert!(e.to_string().contains("no signing key"), "{e}"),
        other => panic!("expected Error::Hook, got {other:?}"),
    }
    assert_eq!(
        server.received_requests().await.expect("recorded").len(),
        before
    );
}

#[tokio::test]
async fn invalid_headers_are_refused_without_showing_the_value() {
    match Client::builder()
        .default_header("X-Key", "bad\nvalue")
        .build()
    {
        Err(e @ BuildError::InvalidHeader(_)) => {
            assert!(
                e.to_string().contains("X-Key") && !e.to_string().contains("bad"),
                "{e}"
            )
        }
        other => panic!("expected InvalidHeader, got {other:?}"),
    }
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    match client.get_thing("t1").header("bad name", "v").send().await {
        Err(Error::Encode(message)) => assert!(message.contains("bad name"), "{message}"),
        other => panic!("expected Error::Encode, got {other:?}"),
    }
    assert!(
        server
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );
}

#[tokio::test]
async fn a_ready_made_http_client_keeps_what_can_apply_and_refuses_what_cannot() {
    // The default `rustls` feature leaves reqwest without cryptography of
    // its own: a program building its own client installs it first.
    fixtures::runtime::install_tls_provider();
    match Client::builder()
        .http_client(reqwest::Client::new())
        .connect_timeout(Duration::from_secs(1))
        .build()
    {
        Err(e @ BuildError::NotApplicable("connect_timeout")) => {
            assert!(e.to_string().contains("http_client_builder"), "{e}")
        }
        other => panic!("expected NotApplicable, got {other:?}"),
    }
    let server = server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .http_client(reqwest::Client::new())
        .user_agent("my-app/1.0")
        .default_header("X-Client", "default")
        .build()
        .expect("client builds");
    client.get_thing("t1").send().await.expect("answers");
    let request = &server.received_requests().await.expect("recorded")[0];
    assert_eq!(header_of(request, "user-agent"), ["my-app/1.0"]);
    assert_eq!(header_of(request, "x-client"), ["default"]);
}
