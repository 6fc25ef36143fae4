//! `Retry-After` values no duration or date can hold: no overflow, no
//! panic, and a wait longer than the retry policy allows returns the typed
//! 429 at once instead of sleeping.

use std::time::{Duration, Instant};

use fixtures::hostile::{Error, ListItemsError, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::support::{Sequence, assert_elapsed, builder};

async fn server_answering(responses: Vec<ResponseTemplate>) -> (MockServer, Sequence) {
    let server = MockServer::start().await;
    let sequence = Sequence::new(responses);
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(sequence.clone())
        .mount(&server)
        .await;
    (server, sequence)
}

fn too_many(retry_after: &str) -> ResponseTemplate {
    ResponseTemplate::new(429).insert_header("retry-after", retry_after)
}

/// `Retry-After: 18446744073709551615` (u64::MAX seconds) after a first
/// retry that waited 1 s: `started.elapsed() + delay` overflowed and
/// panicked. Now the typed 429 comes back at once, without a sleep.
#[tokio::test]
async fn retry_after_of_u64_max_seconds_returns_the_429_at_once() {
    let (server, sequence) = server_answering(vec![
        ResponseTemplate::new(503).insert_header("retry-after", "1"),
        too_many("18446744073709551615"),
    ])
    .await;
    let client = builder(&server.uri())
        .retry_policy(RetryPolicy::default().max_attempts(5))
        .build()
        .unwrap();

    let started = Instant::now();
    let result = client.list_items().send().await;
    assert_elapsed(started, Duration::from_secs(1), Duration::from_secs(3));
    match result {
        Err(Error::Api(ListItemsError::TooManyRequests { retry_after })) => {
            assert_eq!(retry_after, Some(Duration::from_secs(u64::MAX)));
        }
        other => panic!("expected the typed 429, got {other:?}"),
    }
    assert_eq!(sequence.served(), 2);
}

/// An HTTP date in year 999999999999 overflowed the date parser's
/// multiplication. It is not a valid HTTP date (the year has four digits):
/// ignored, so the policy's own backoff applies.
#[tokio::test]
async fn retry_after_date_in_a_far_year_is_not_a_date() {
    let (server, sequence) =
        server_answering(vec![too_many("Fri, 31 Dec 999999999999 23:59:59 GMT")]).await;
    let client = builder(&server.uri())
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(2)
                .backoff(Duration::from_millis(10), Duration::from_millis(20)),
        )
        .build()
        .unwrap();

    let started = Instant::now();
    let result = client.list_items().send().await;
    assert_elapsed(started, Duration::ZERO, Duration::from_secs(2));
    match result {
        Err(Error::Api(ListItemsError::TooManyRequests { retry_after })) => {
            assert_eq!(retry_after, None);
        }
        other => panic!("expected the typed 429, got {other:?}"),
    }
    assert_eq!(sequence.served(), 2);
}

/// A date in the year 9999 asks for a wait of thousands of years, longer
/// than the policy's 60 s: the 429 comes back after one attempt, at once.
#[tokio::test]
async fn retry_after_beyond_the_policy_returns_at_once() {
    for value in [
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "3600",
        "99999999999999999999999",
    ] {
        let (server, sequence) = server_answering(vec![too_many(value)]).await;
        let client = builder(&server.uri())
            .retry_policy(RetryPolicy::default().max_attempts(5))
            .build()
            .unwrap();
        let started = Instant::now();
        let result = client.list_items().send().await;
        assert_elapsed(started, Duration::ZERO, Duration::from_secs(1));
        assert!(
            matches!(
                result,
                Err(Error::Api(ListItemsError::TooManyRequests { .. }))
            ),
            "{value}: {result:?}"
        );
        assert_eq!(sequence.served(), 1, "{value}");
    }
}

/// Garbage in `Retry-After` is ignored: the policy's backoff applies.
#[tokio::test]
async fn garbage_retry_after_falls_back_to_the_backoff() {
    for value in ["-1", "1.5", "soon", "", "Sun, 06 Nov 1994 08:49:37"] {
        let (server, sequence) = server_answering(vec![
            ResponseTemplate::new(503).insert_header("retry-after", value),
            ResponseTemplate::new(200).set_body_json(serde_json::json!([])),
        ])
        .await;
        let client = builder(&server.uri())
            .retry_policy(
                RetryPolicy::default()
                    .backoff(Duration::from_millis(10), Duration::from_millis(20)),
            )
            .build()
            .unwrap();
        let started = Instant::now();
        let result = client.list_items().send().await;
        assert_elapsed(started, Duration::ZERO, Duration::from_secs(1));
        assert!(result.is_ok(), "{value:?}: {result:?}");
        assert_eq!(sequence.served(), 2, "{value:?}");
    }
}
