//! Values that would change the request's structure: a cookie value with
//! `;` sent several cookies. Cookie values (parameters and API keys) are
//! percent-encoded outside RFC 6265's cookie-octets, as OpenAPI's `form`
//! style asks; a form body that is not an object is refused, not sent empty.

use fixtures::hostile::{Credentials, Error, SearchError};
use fixtures::runtime::{Method, Request};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::support::builder;

/// The cookies a request carried, as name-value pairs.
fn cookies(request: &wiremock::Request) -> Vec<(String, String)> {
    request
        .headers
        .get_all("cookie")
        .iter()
        .flat_map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .split(';')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter_map(|pair| {
            pair.trim()
                .split_once('=')
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
        })
        .collect()
}

async fn search_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(200).set_body_string("[]"))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_cookie_parameter_cannot_add_cookies() {
    let server = search_server().await;
    let client = builder(&server.uri()).build().unwrap();
    let hostile = "a; session=X; admin=1, b=\"2\" \\ \u{1}\u{7f}é%";
    client.search().filter(hostile).send().await.unwrap();

    let received = server.received_requests().await.unwrap();
    let sent = cookies(&received[0]);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].0, "filter");
    assert_eq!(
        sent[0].1,
        "a%3B%20session=X%3B%20admin=1%2C%20b=%222%22%20%5C%20%01%7F%C3%A9%25"
    );
}

#[tokio::test]
async fn a_cookie_api_key_cannot_add_cookies() {
    let server = search_server().await;
    let client = builder(&server.uri())
        .credentials(Credentials::cookie_key("k; admin=1"))
        .build()
        .unwrap();
    client
        .search()
        .filter("plain-value_1.2~+/=:")
        .send()
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    let sent = cookies(&received[0]);
    assert_eq!(
        sent,
        [
            ("filter".to_owned(), "plain-value_1.2~+/=:".to_owned()),
            ("session".to_owned(), "k%3B%20admin=1".to_owned())
        ]
    );
}

/// `form()` with a value that is not an object sent an empty body. It is
/// now refused before sending, as `Error::Encode`.
#[tokio::test]
async fn a_form_body_that_is_not_an_object_is_refused() {
    let server = search_server().await;
    let client = builder(&server.uri()).build().unwrap();
    for body in [
        serde_json::json!("a=1"),
        serde_json::json!([1, 2]),
        serde_json::json!(3),
        serde_json::Value::Null,
    ] {
        let mut request = Request::new(Method::POST, "/search", "/search".to_owned(), false);
        request.form(&body);
        let result = client.transport().execute::<SearchError>(request).await;
        assert!(
            matches!(result, Err(Error::Encode(_))),
            "{body}: {result:?}"
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}
