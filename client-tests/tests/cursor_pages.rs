//! Cursor pagination (`client-tests/fixture-specs/cursor_pages.yaml`):
//! `into_stream()` follows the server's cursors to the end in each shape
//! detected (a next-page token; `has_more` with `last_id`; `has_more` with
//! the last item's id; a `Link: <…>; rel="next"` header) and in one the
//! manifest names, keeps every other parameter on every page, ends on the
//! first error, and stops with an error rather than loop when the server
//! repeats a cursor or links where it cannot be followed.

use fixtures::cursor_pages::{Client, ListWidgetsError};
use fixtures::runtime::{Error, PaginationError, StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

fn widgets(ids: &[&str]) -> Vec<Value> {
    ids.iter().map(|id| json!({ "id": id })).collect()
}

/// Answers `GET path` with `body` when the cursor parameter is `cursor`
/// (missing for `None`).
async fn page(server: &MockServer, at: &str, param: &str, cursor: Option<&str>, body: Value) {
    let mock = Mock::given(method("GET")).and(path(at));
    let mock = match cursor {
        Some(cursor) => mock.and(query_param(param, cursor)),
        None => mock.and(query_param_is_missing(param)),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

async fn queries(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .map(|r| r.url.query().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn a_next_page_token_is_followed_to_the_end_keeping_the_other_parameters() {
    let server = MockServer::start().await;
    let at = "/widgets";
    page(
        &server,
        at,
        "page_token",
        None,
        json!({"items": widgets(&["a", "b"]), "next_page": "t2"}),
    )
    .await;
    page(
        &server,
        at,
        "page_token",
        Some("t2"),
        json!({"items": widgets(&["c", "d"]), "next_page": "t3"}),
    )
    .await;
    page(
        &server,
        at,
        "page_token",
        Some("t3"),
        json!({"items": widgets(&["e"]), "next_page": null}),
    )
    .await;
    let ids: Vec<String> = client_for(&server)
        .list_widgets()
        .limit(2)
        .color("blue")
        .into_stream()
        .map_ok(|w| w.id)
        .try_collect()
        .await
        .expect("every widget");
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        queries(&server).await,
        [
            "limit=2&color=blue",
            "limit=2&page_token=t2&color=blue",
            "limit=2&page_token=t3&color=blue",
        ]
    );
}

#[tokio::test]
async fn a_stream_starts_from_the_cursor_set_and_an_empty_token_ends_it() {
    let server = MockServer::start().await;
    let at = "/widgets";
    page(
        &server,
        at,
        "page_token",
        Some("t5"),
        json!({"items": widgets(&["x"]), "next_page": ""}),
    )
    .await;
    let ids: Vec<String> = client_for(&server)
        .list_widgets()
        .page_token("t5")
        .into_stream()
        .map_ok(|w| w.id)
        .try_collect()
        .await
        .expect("the widgets from t5");
    assert_eq!(ids, ["x"]);
}

#[tokio::test]
async fn has_more_with_last_id_pages_until_has_more_is_false() {
    let server = MockServer::start().await;
    let at = "/files";
    let page_of = |ids: &[&str], more: bool| json!({"object": "list", "data": widgets(ids), "first_id": ids.first(), "last_id": ids.last(), "has_more": more});
    page(&server, at, "after", None, page_of(&["f1", "f2"], true)).await;
    page(
        &server,
        at,
        "after",
        Some("f2"),
        page_of(&["f3", "f4"], true),
    )
    .await;
    page(&server, at, "after", Some("f4"), page_of(&["f5"], false)).await;
    let ids: Vec<String> = client_for(&server)
        .list_files()
        .limit(2)
        .into_stream()
        .map_ok(|f| f.id)
        .try_collect()
        .await
        .expect("every file");
    assert_eq!(ids, ["f1", "f2", "f3", "f4", "f5"]);
    assert_eq!(queries(&server).await.len(), 3);
}

#[tokio::test]
async fn has_more_alone_takes_the_last_items_id_as_the_cursor() {
    let server = MockServer::start().await;
    let at = "/jobs";
    page(
        &server,
        at,
        "starting_after",
        None,
        json!({"data": widgets(&["j1", "j2"]), "has_more": true}),
    )
    .await;
    page(
        &server,
        at,
        "starting_after",
        Some("j2"),
        json!({"data": widgets(&["j3"]), "has_more": false}),
    )
    .await;
    let ids: Vec<String> = client_for(&server)
        .list_jobs()
        .into_stream()
        .map_ok(|j| j.id)
        .try_collect()
        .await
        .expect("every job");
    assert_eq!(ids, ["j1", "j2", "j3"]);
}

#[tokio::test]
async fn has_more_with_an_empty_page_stops_with_an_error_not_a_loop() {
    let server = MockServer::start().await;
    page(
        &server,
        "/jobs",
        "starting_after",
        None,
        json!({"data": [], "has_more": true}),
    )
    .await;
    let got: Vec<_> = client_for(&server)
        .list_jobs()
        .into_stream()
        .collect()
        .await;
    assert_eq!(got.len(), 1);
    assert!(matches!(
        got[0],
        Err(Error::Pagination(PaginationError::MissingCursor))
    ));
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    let at = "/widgets";
    page(
        &server,
        at,
        "page_token",
        None,
        json!({"items": widgets(&["a"]), "next_page": "t2"}),
    )
    .await;
    page(
        &server,
        at,
        "page_token",
        Some("t2"),
        json!({"items": widgets(&["b"]), "next_page": "t3"}),
    )
    .await;
    // The third page points back at the second: a server loop.
    page(
        &server,
        at,
        "page_token",
        Some("t3"),
        json!({"items": widgets(&["c"]), "next_page": "t2"}),
    )
    .await;
    let got: Vec<_> = client_for(&server)
        .list_widgets()
        .into_stream()
        .collect()
        .await;
    let ids: Vec<&str> = got
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|w| w.id.as_str())
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert!(matches!(
        got.last(),
        Some(Err(Error::Pagination(PaginationError::RepeatedCursor)))
    ));
    assert_eq!(queries(&server).await.len(), 3);
}

#[tokio::test]
async fn the_stream_ends_after_the_first_error() {
    let server = MockServer::start().await;
    let at = "/widgets";
    page(
        &server,
        at,
        "page_token",
        None,
        json!({"items": widgets(&["a"]), "next_page": "t2"}),
    )
    .await;
    Mock::given(method("GET"))
        .and(path(at))
        .and(query_param("page_token", "t2"))
        .respond_with(ResponseTemplate::new(400).set_body_string("bad token"))
        .mount(&server)
        .await;
    let got: Vec<_> = client_for(&server)
        .list_widgets()
        .into_stream()
        .collect()
        .await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].as_ref().map(|w| w.id.as_str()).ok(), Some("a"));
    assert!(matches!(
        got[1],
        Err(Error::Api(ListWidgetsError::UnexpectedStatus(_)))
    ));
}

#[tokio::test]
async fn fields_the_manifest_names_page_a_shape_not_detected() {
    let server = MockServer::start().await;
    let at = "/logs";
    page(
        &server,
        at,
        "from",
        None,
        json!({"lines": ["one", "two"], "marks": [], "resume_from": "l3"}),
    )
    .await;
    page(
        &server,
        at,
        "from",
        Some("l3"),
        json!({"lines": ["three"], "marks": []}),
    )
    .await;
    let lines: Vec<String> = client_for(&server)
        .list_logs()
        .into_stream()
        .try_collect()
        .await
        .expect("every line");
    assert_eq!(lines, ["one", "two", "three"]);
}

/// Answers `GET /statuses` with `ids` when `max_id` is `cursor`, with a
/// `Link` header of `link` if given.
async fn status_page(
    server: &MockServer,
    cursor: Option<&str>,
    ids: &[&str],
    link: Option<String>,
) {
    let mock = Mock::given(method("GET")).and(path("/statuses"));
    let mock = match cursor {
        Some(cursor) => mock.and(query_param("max_id", cursor)),
        None => mock.and(query_param_is_missing("max_id")),
    };
    let mut answer = ResponseTemplate::new(200).set_body_json(widgets(ids));
    if let Some(link) = link {
        answer = answer.insert_header("Link", link.as_str());
    }
    mock.respond_with(answer).mount(server).await;
}

#[tokio::test]
async fn a_link_rel_next_header_is_followed_to_the_end_keeping_the_other_parameters() {
    let server = MockServer::start().await;
    let uri = server.uri();
    // An absolute link beside a `prev` one, then a relative one, then none.
    let first = format!(
        r#"<{uri}/statuses?max_id=s9>; rel="prev", <{uri}/statuses?max_id=s3&limit=2>; rel="next""#
    );
    status_page(&server, None, &["s5", "s4"], Some(first)).await;
    status_page(
        &server,
        Some("s3"),
        &["s3", "s2"],
        Some(r#"</statuses?max_id=s1>; rel=next"#.into()),
    )
    .await;
    status_page(&server, Some("s1"), &["s1"], None).await;
    let ids: Vec<String> = client_for(&server)
        .list_statuses()
        .limit(2)
        .local(true)
        .into_stream()
        .map_ok(|s| s.id)
        .try_collect()
        .await
        .expect("every status");
    assert_eq!(ids, ["s5", "s4", "s3", "s2", "s1"]);
    assert_eq!(
        queries(&server).await,
        [
            "limit=2&local=true",
            "limit=2&max_id=s3&local=true",
            "limit=2&max_id=s1&local=true",
        ]
    );
}

#[tokio::test]
async fn a_link_to_a_parameter_the_operation_does_not_take_ends_with_an_error() {
    let server = MockServer::start().await;
    status_page(
        &server,
        None,
        &["s5"],
        Some(r#"</statuses?page=2>; rel="next""#.into()),
    )
    .await;
    let got: Vec<_> = client_for(&server)
        .list_statuses()
        .into_stream()
        .collect()
        .await;
    assert_eq!(got.len(), 2);
    assert!(matches!(
        &got[1],
        Err(Error::Pagination(PaginationError::UnusableLink(why))) if why.contains("`page`")
    ));
    assert_eq!(queries(&server).await.len(), 1);
}

#[tokio::test]
async fn a_repeated_link_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    let link = || Some(r#"</statuses?max_id=s3>; rel="next""#.to_owned());
    status_page(&server, None, &["s5"], link()).await;
    status_page(&server, Some("s3"), &["s3"], link()).await;
    let got: Vec<_> = client_for(&server)
        .list_statuses()
        .into_stream()
        .collect()
        .await;
    assert_eq!(got.len(), 3);
    assert!(matches!(
        got[2],
        Err(Error::Pagination(PaginationError::RepeatedCursor))
    ));
    assert_eq!(queries(&server).await.len(), 2);
}

#[test]
fn link_next_reads_rel_next_among_other_links_and_ignores_the_rest() {
    use fixtures::runtime::link_next;
    use fixtures::runtime::reqwest::header::{HeaderMap, HeaderValue, LINK};
    let next_of = |values: &[&'static str]| {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append(LINK, HeaderValue::from_static(v));
        }
        link_next(&headers)
    };
    assert_eq!(
        next_of(&[
            r#"<https://a.example/x?p=1>; rel="prev", <https://a.example/x?p=3>; rel="next""#
        ]),
        Some("https://a.example/x?p=3".into())
    );
    assert_eq!(
        next_of(&[r#"</x?p=2>; title="a, b; c"; rel="last next""#]),
        Some("/x?p=2".into())
    );
    assert_eq!(
        next_of(&[r#"</x?p=0>; rel="first""#, r#"</x?p=4>; REL=Next"#]),
        Some("/x?p=4".into())
    );
    for odd in [
        "",
        "<",
        "<unclosed; rel=next",
        "rel=next",
        r#"</x>; rel="nextish""#,
        "<>>; rel=prev",
    ] {
        assert_eq!(next_of(&[odd]), None, "{odd:?}");
    }
}
