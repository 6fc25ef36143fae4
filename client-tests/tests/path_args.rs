//! Path arguments that cannot be swapped silently
//! (`client-tests/fixture-specs/path_args.yaml`): an operation with several
//! string path parameters takes them as named fields of one struct, each
//! sent in its own place of the path (escaped); an operation with one
//! keeps a plain argument.

use fixtures::path_args::{Client, GetRoutePath};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn named_path_fields_land_in_their_own_places() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/orgs/acme/projects/a%2Fb/routes/7"))
        .and(query_param("verbose", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json("route 7"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let project = String::from("a/b");
    // Fields in another order than the path's: names, not positions, decide.
    let route = client
        .get_route(GetRoutePath {
            route_index: 7,
            project: &project,
            org: "acme",
        })
        .verbose(true)
        .send()
        .await
        .expect("the route");
    assert_eq!(route, "route 7");
}

#[tokio::test]
async fn a_single_path_parameter_stays_a_plain_argument() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/orgs/acme"))
        .respond_with(ResponseTemplate::new(200).set_body_json("acme"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server).await;
    let org = client.get_org("acme").send().await.expect("the org");
    assert_eq!(org, "acme");
}
