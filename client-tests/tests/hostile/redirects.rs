//! Redirects: credentials (header, query, cookie, Basic, Bearer) go only to
//! the base URL's origin (scheme, host, port). A redirect elsewhere is
//! followed without any of them, including a query key that the `Location`
//! carries back; the method and body follow the browsers' rules.

use std::time::{Duration, Instant};

use fixtures::hostile::types::Item;
use fixtures::hostile::{Credentials, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::support::{
    SECRET, assert_elapsed, assert_no_secret, base64_basic, builder, every_credential,
};

fn redirect(status: u16, location: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("location", location)
}

/// Answers `GET /items` on `server` with a redirect.
async fn redirect_items(server: &MockServer, status: u16, location: &str) {
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(redirect(status, location))
        .mount(server)
        .await;
}

/// A base server whose `GET /items` answers `status` with a `Location` to
/// `path_and_query` on another server, and a client with `credentials`
/// that follows it: what the base and the other server received.
async fn follow_to_other_origin(
    status: u16,
    path_and_query: &str,
    credentials: Credentials,
) -> (Vec<Request>, Vec<Request>) {
    let (base, other) = (MockServer::start().await, MockServer::start().await);
    redirect_items(&base, status, &format!("{}{path_and_query}", other.uri())).await;
    landing(&other).await;
    let client = builder(&base.uri())
        .credentials(credentials)
        .build()
        .unwrap();
    client
        .list_items()
        .send()
        .await
        .expect("the redirect is followed");
    (requests(&base).await, requests(&other).await)
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn query(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// Whether anything of the secret reached the server in `request`.
fn carries_secret(request: &Request) -> bool {
    let basic = base64_basic("user", SECRET);
    request.url.as_str().contains(SECRET)
        || request.headers.iter().any(|(_, v)| {
            let v = String::from_utf8_lossy(v.as_bytes());
            v.contains(SECRET) || v.contains(&basic)
        })
        || String::from_utf8_lossy(&request.body).contains(SECRET)
}

async fn landing(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/landing"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!([{"id": 1, "name": "a"}])),
        )
        .mount(server)
        .await;
}

/// Within the base URL's origin the credentials follow the redirect, the
/// query key included (reqwest alone dropped it: a `Location` has a query
/// of its own).
#[tokio::test]
async fn same_origin_redirect_keeps_the_header_key_and_the_query_key() {
    let server = MockServer::start().await;
    redirect_items(&server, 302, "/landing?page=2").await;
    landing(&server).await;
    let client = builder(&server.uri())
        .credentials(Credentials::header_key(SECRET).and(Credentials::query_key(SECRET)))
        .build()
        .unwrap();

    let items = client
        .list_items()
        .send()
        .await
        .expect("the redirect is followed");
    assert_eq!(items.len(), 1);
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    let last = &received[1];
    assert_eq!(last.url.path(), "/landing");
    assert_eq!(header(last, "x-api-key").as_deref(), Some(SECRET));
    assert_eq!(query(last, "api_key").as_deref(), Some(SECRET));
    assert_eq!(query(last, "page").as_deref(), Some("2"));
}

/// A 302 to another port received the `x-api-key` header: reqwest strips
/// only `Authorization` and `Cookie`.
#[tokio::test]
async fn cross_origin_redirect_drops_the_header_key() {
    let (_, received) =
        follow_to_other_origin(302, "/landing", Credentials::header_key(SECRET)).await;
    assert_eq!(received.len(), 1);
    assert_eq!(header(&received[0], "x-api-key"), None);
    assert!(!carries_secret(&received[0]));
}

/// A server that echoes the query into a `Location` on another origin: the
/// query key is taken out of it; the other parameters stay.
#[tokio::test]
async fn cross_origin_redirect_drops_the_query_key_even_from_the_location() {
    let location = format!("/landing?page=2&api_key={SECRET}");
    let (_, received) =
        follow_to_other_origin(307, &location, Credentials::query_key(SECRET)).await;
    assert_eq!(received.len(), 1);
    assert_eq!(query(&received[0], "api_key"), None);
    assert_eq!(query(&received[0], "page").as_deref(), Some("2"));
    assert!(!carries_secret(&received[0]));
}

/// Every kind of credential at once, through each redirect status: the
/// other origin sees none of them, while the base saw them all.
#[tokio::test]
async fn cross_origin_redirect_drops_every_credential() {
    for status in [301, 302, 303, 307, 308] {
        let (sent, received) = follow_to_other_origin(status, "/landing", every_credential()).await;
        assert_eq!(
            header(&sent[0], "x-api-key").as_deref(),
            Some(SECRET),
            "{status}"
        );
        assert_eq!(received.len(), 1, "{status}");
        assert!(!carries_secret(&received[0]), "{status}: {:?}", received[0]);
        assert_eq!(header(&received[0], "cookie"), None, "{status}");
        assert_eq!(header(&received[0], "authorization"), None, "{status}");
    }
}

/// A `Location` to another origin holding the secret anywhere else (the
/// path, a query pair of another name, percent-encoded): refused with
/// `Error::Redirect`, and the other origin sees nothing. (Found by
/// `cargo xtask fuzz-runtime`.)
#[tokio::test]
async fn a_location_holding_the_secret_elsewhere_is_refused() {
    let encoded: String = SECRET.bytes().map(|b| format!("%{b:02X}")).collect();
    for location in [
        format!("/x/{SECRET}"),
        format!("/landing?token=v{SECRET}v"),
        format!("/landing?t=x{encoded}"),
    ] {
        let (base, other) = (MockServer::start().await, MockServer::start().await);
        redirect_items(&base, 302, &format!("{}{location}", other.uri())).await;
        let client = builder(&base.uri())
            .credentials(every_credential())
            .build()
            .unwrap();
        let result = client.list_items().send().await;
        match &result {
            Err(e @ Error::Redirect(_)) => assert_no_secret(e),
            other => panic!("{location}: expected Error::Redirect, got {other:?}"),
        }
        assert!(requests(&other).await.is_empty(), "{location}");
    }
}

/// Once a chain of redirects has left the origin, coming back to it does not
/// bring the credentials back: the other origin chose where to send us.
#[tokio::test]
async fn credentials_stay_off_after_the_chain_has_left_the_origin() {
    let (base, other) = (MockServer::start().await, MockServer::start().await);
    redirect_items(&base, 302, &format!("{}/bounce", other.uri())).await;
    Mock::given(method("GET"))
        .and(path("/bounce"))
        .respond_with(redirect(302, &format!("{}/landing", base.uri())))
        .mount(&other)
        .await;
    landing(&base).await;
    let client = builder(&base.uri())
        .credentials(every_credential())
        .build()
        .unwrap();

    client
        .list_items()
        .send()
        .await
        .expect("the redirects are followed");
    let received = requests(&base).await;
    assert_eq!(received.len(), 2);
    assert!(carries_secret(&received[0]));
    assert!(!carries_secret(&received[1]), "{:?}", received[1]);
}

/// 303 (and 301/302 after a POST) turn the request into a GET without a
/// body; 307 and 308 repeat the method and the body.
#[tokio::test]
async fn method_and_body_follow_the_redirect_status() {
    for (status, expected_method, body_kept) in [
        (301, "GET", false),
        (302, "GET", false),
        (303, "GET", false),
        (307, "POST", true),
        (308, "POST", true),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/items"))
            .respond_with(redirect(status, "/created"))
            .mount(&server)
            .await;
        Mock::given(path("/created"))
            .respond_with(
                ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 7, "name": "x"})),
            )
            .mount(&server)
            .await;
        let client = builder(&server.uri()).build().unwrap();

        let item = client
            .create_item(Item {
                id: 7,
                name: "x".into(),
            })
            .send()
            .await;
        assert_eq!(item.expect("the redirect is followed").id, 7, "{status}");
        let received = requests(&server).await;
        assert_eq!(received.len(), 2, "{status}");
        assert_eq!(received[1].method.as_str(), expected_method, "{status}");
        assert_eq!(!received[1].body.is_empty(), body_kept, "{status}");
        assert_eq!(
            header(&received[1], "content-type").is_some(),
            body_kept,
            "{status}"
        );
    }
}

/// A redirect loop ends with a typed error after the limit, promptly.
#[tokio::test]
async fn a_redirect_loop_is_a_typed_error() {
    let server = MockServer::start().await;
    redirect_items(&server, 302, "/items").await;
    let client = builder(&server.uri())
        .credentials(every_credential())
        .build()
        .unwrap();

    let started = Instant::now();
    let result = client.list_items().send().await;
    assert_elapsed(started, Duration::ZERO, Duration::from_secs(2));
    match &result {
        Err(e @ Error::Redirect(_)) => assert_no_secret(e),
        other => panic!("expected Error::Redirect, got {other:?}"),
    }
    assert_eq!(requests(&server).await.len(), 11);
}

/// A `Location` that is not a URL, or not HTTP, is a typed error; a 3xx
/// without `Location` is an answer like any other.
#[tokio::test]
async fn odd_locations() {
    for location in ["http://[::1", "ftp://127.0.0.1/x", "file:///etc/passwd"] {
        let server = MockServer::start().await;
        redirect_items(&server, 302, location).await;
        let result = builder(&server.uri())
            .build()
            .unwrap()
            .list_items()
            .send()
            .await;
        assert!(
            matches!(result, Err(Error::Redirect(_))),
            "{location}: {result:?}"
        );
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(302))
        .mount(&server)
        .await;
    let result = builder(&server.uri())
        .build()
        .unwrap()
        .list_items()
        .send()
        .await;
    match result {
        Err(Error::Api(fixtures::hostile::ListItemsError::UnexpectedStatus(e))) => {
            assert_eq!(e.status.as_u16(), 302);
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}
