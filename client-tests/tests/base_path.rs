//! The base URL rule (`client-tests/fixture-specs/base_path.yaml`, a Swagger
//! 2.0 spec with `basePath: /api/v2` and no host): a base URL given as a
//! host alone keeps the spec's path, one with a path of its own is used as
//! it is, `base_url_exact` appends nothing, and a 404 from a base URL
//! without the spec's path is explained in a warning.

use std::sync::{Arc, Mutex};

use client_tests::trace_text::TraceText;
use fixtures::base_path::{Client, Error, GetStatusError};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_at(status_path: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(status_path))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"state": "up"})))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_host_alone_gets_the_spec_path_appended() {
    let server = server_at("/api/v2/status").await;
    for given in [server.uri(), format!("{}/", server.uri())] {
        let client = Client::builder()
            .base_url(given)
            .build()
            .expect("client builds");
        assert_eq!(
            client.transport().base_url(),
            format!("{}/api/v2", server.uri())
        );
        let status = client
            .get_status()
            .send()
            .await
            .expect("reaches /api/v2/status");
        assert_eq!(status.state, "up");
    }
}

#[tokio::test]
async fn a_base_url_with_the_path_or_another_path_is_used_as_it_is() {
    let server = server_at("/api/v2/status").await;
    let client = Client::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .build()
        .expect("client builds");
    assert_eq!(
        client.get_status().send().await.expect("status").state,
        "up"
    );

    // Behind a proxy that serves the API under a path of its own.
    let proxied = server_at("/alerting/status").await;
    let client = Client::builder()
        .base_url(format!("{}/alerting", proxied.uri()))
        .build()
        .expect("client builds");
    assert_eq!(
        client.get_status().send().await.expect("status").state,
        "up"
    );
}

#[tokio::test]
async fn base_url_exact_appends_nothing_and_a_404_says_why() {
    let server = server_at("/status").await;
    let client = Client::builder()
        .base_url_exact(server.uri())
        .build()
        .expect("client builds");
    assert_eq!(client.get_status().send().await.expect("root").state, "up");

    // The same at a server that serves the API under /api/v2: a 404, and a
    // warning (once per client) that names the missing path.
    let other = server_at("/api/v2/status").await;
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = lines.clone();
    let _guard = TraceText(move |line: &str| {
        seen.lock().unwrap().push(line.to_owned());
    })
    .capture();
    let client = Client::builder()
        .base_url_exact(other.uri())
        .build()
        .expect("client builds");
    for _ in 0..2 {
        match client.get_status().send().await {
            Err(Error::Api(GetStatusError::UnexpectedStatus(e))) => {
                assert_eq!(e.status.as_u16(), 404)
            }
            other => panic!("expected a 404, got {other:?}"),
        }
    }
    let warnings: Vec<String> = lines
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.contains("does not end with the spec's path `/api/v2`"))
        .cloned()
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
}
