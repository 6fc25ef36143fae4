//! Typed formats (`client-tests/fixture-specs/formats.yaml`) against a local
//! server: date-times keep the offset and fraction the server wrote, a
//! timestamp in another layout fails naming its field, uuids and sized
//! integers decode at their bounds, and parameters are written as the spec
//! asks (RFC 3339 with the value's offset, or the layout a `pattern` pins).

use fixtures::formats::types::{Counters, Event};
use fixtures::formats::{Client, Error};
use fixtures::runtime::chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use fixtures::runtime::uuid::Uuid;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "6f1c2a9e-3b4d-4c5e-8f70-a1b2c3d4e5f6";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect("an RFC 3339 date-time")
}

/// An event the server sends, with offsets and fractions of every kind that
/// re-encodes exactly (fractions of 3, 6 or 9 digits, any offset, `Z`).
fn event_json() -> Value {
    json!({
        "id": ID,
        "at": "2024-01-01T10:00:00+02:00",
        "ends_at": "2024-01-01T10:00:00.123456789-05:30",
        "day": "2024-02-29",
        "clock": "23:59:59.250",
        "history": ["2023-12-31T23:59:59.999Z", "2024-01-01T00:00:00.000001+14:00", "1999-01-01T00:00:00Z"],
        "counters": {
            "i8": -128, "i16": 32767, "i32": -2147483648, "i64": -9223372036854775808_i64,
            "u8": 255, "u16": 65535, "u32": 4294967295_u32, "u64": 18446744073709551615_u64,
            "count": 0, "delta": -1
        }
    })
}

async fn serve_event(body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/events/{ID}/at/2024-05-01")))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

async fn get_event(
    server: &MockServer,
) -> Result<Event, Error<fixtures::formats::GetEventOnDayError>> {
    let id = Uuid::parse_str(ID).expect("a uuid");
    let day = NaiveDate::from_ymd_opt(2024, 5, 1).expect("a date");
    let from = NaiveTime::from_hms_opt(10, 0, 0).expect("a time");
    client(server).get_event_on_day(id, day, from).send().await
}

#[tokio::test]
async fn timestamps_keep_their_offset_and_fraction_and_go_back_as_written() {
    let server = serve_event(event_json()).await;
    let event = get_event(&server).await.expect("decodes");
    assert_eq!(event.at, at("2024-01-01T10:00:00+02:00"));
    assert_eq!(event.at.offset().local_minus_utc(), 2 * 3600);
    // Optional and nullable in a request type: `Some(None)` is an explicit null.
    let ends_at = event.ends_at.flatten().expect("ends_at");
    assert_eq!(ends_at.offset().local_minus_utc(), -(5 * 3600 + 30 * 60));
    assert_eq!(ends_at.timestamp_subsec_nanos(), 123_456_789);
    assert_eq!(event.day, NaiveDate::from_ymd_opt(2024, 2, 29));
    assert_eq!(event.clock, NaiveTime::from_hms_milli_opt(23, 59, 59, 250));
    assert_eq!(event.id, Uuid::parse_str(ID).unwrap());

    // Sent back, every value is written as the server wrote it.
    let echo = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/events"))
        .and(body_json(event_json()))
        .respond_with(ResponseTemplate::new(200).set_body_json(event_json()))
        .expect(1)
        .mount(&echo)
        .await;
    let answer = client(&echo)
        .echo_event(event.clone())
        .send()
        .await
        .expect("echoed");
    assert_eq!(answer, event);
}

#[test]
fn fractions_are_written_in_groups_of_three_digits() {
    // The documented rule where re-encoding is not byte for byte: the same
    // instant and offset, its fraction padded to 3, 6 or 9 digits, and a
    // zero fraction or a `+00:00` offset written the shortest way.
    for (sent, written) in [
        (
            "2024-01-01T10:00:00.5+02:00",
            "2024-01-01T10:00:00.500+02:00",
        ),
        ("2024-01-01T10:00:00.000Z", "2024-01-01T10:00:00Z"),
        ("2024-01-01T10:00:00+00:00", "2024-01-01T10:00:00Z"),
    ] {
        let value: DateTime<FixedOffset> = serde_json::from_value(json!(sent)).unwrap();
        assert_eq!(value, at(sent));
        assert_eq!(serde_json::to_value(value).unwrap(), json!(written));
    }
}

#[tokio::test]
async fn a_timestamp_in_another_layout_fails_naming_its_field() {
    let mut body = event_json();
    body["history"][1] = json!("2024-01-01 10:00");
    let server = serve_event(body.clone()).await;
    match get_event(&server).await {
        Err(Error::Decode {
            path,
            body: received,
            source,
            ..
        }) => {
            assert_eq!(path, "history[1]");
            assert!(source.is_data(), "{source}");
            assert_eq!(serde_json::from_slice::<Value>(&received).unwrap(), body);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    // The message names the field too.
    let mut body = event_json();
    body["at"] = json!("yesterday");
    let server = serve_event(body).await;
    let error = get_event(&server).await.unwrap_err().to_string();
    eprintln!("{error}");
    assert!(error.contains("at `at`"), "{error}");
}

#[tokio::test]
async fn uuids_in_any_case_decode_and_are_written_lowercase() {
    let mut body = event_json();
    body["id"] = json!(ID.to_uppercase());
    let server = serve_event(body).await;
    let event = get_event(&server).await.expect("decodes");
    assert_eq!(event.id, Uuid::parse_str(ID).unwrap());
    assert_eq!(serde_json::to_value(event.id).unwrap(), json!(ID));
    // Not a uuid: a decode error at the field.
    let mut body = event_json();
    body["id"] = json!("not-a-uuid");
    let server = serve_event(body).await;
    match get_event(&server).await {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "id"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn sized_integers_hold_their_bounds_and_refuse_beyond() {
    let server = serve_event(event_json()).await;
    let counters = get_event(&server)
        .await
        .expect("decodes")
        .counters
        .expect("counters");
    assert_eq!(
        counters,
        Counters {
            i8: Some(i8::MIN),
            i16: Some(i16::MAX),
            i32: Some(i32::MIN),
            i64: Some(i64::MIN),
            u8: Some(u8::MAX),
            u16: Some(u16::MAX),
            u32: Some(u32::MAX),
            u64: Some(u64::MAX),
            count: Some(0u64),
            delta: Some(-1i64),
        }
    );
    for (field, beyond) in [
        ("u8", json!(256)),
        ("i8", json!(-129)),
        ("count", json!(-1)),
        ("u64", json!(-1)),
    ] {
        let mut body = event_json();
        body["counters"][field] = beyond.clone();
        let server = serve_event(body).await;
        match get_event(&server).await {
            Err(Error::Decode { path, .. }) => assert_eq!(path, format!("counters.{field}")),
            other => panic!("{field} = {beyond}: expected Error::Decode, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn parameters_are_written_in_their_documented_layouts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let since = FixedOffset::east_opt(2 * 3600)
        .unwrap()
        .with_ymd_and_hms(2024, 5, 1, 10, 0, 0)
        .unwrap();
    // `until` has a pattern asking for `YYYY-MM-DDTHH:mm:ss.sssZ`: a value
    // in another offset, with a finer fraction, goes out in UTC, to the
    // millisecond.
    let until = at("2024-05-31T23:59:59.999999+02:00");
    let trace = Uuid::parse_str(ID).unwrap();
    let events = client(&server)
        .list_events()
        .since(since)
        .until(until)
        .days([
            NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
            NaiveDate::from_ymd_opt(2024, 5, 2).unwrap(),
        ])
        .limit(200)
        .offset(u64::MAX)
        .x_trace_id(trace)
        .send()
        .await
        .expect("listed");
    assert!(events.is_empty());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some(
            "since=2024-05-01T10%3A00%3A00%2B02%3A00\
             &until=2024-05-31T21%3A59%3A59.999Z\
             &days=2024-05-01,2024-05-02\
             &limit=200&offset=18446744073709551615"
        )
    );
    assert_eq!(requests[0].headers.get("x-trace-id").unwrap(), ID);
}

#[tokio::test]
async fn a_utc_value_converts_into_a_date_time_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let until = Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap();
    client(&server)
        .list_events()
        .until(until)
        .send()
        .await
        .expect("listed");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some("until=2024-05-01T00%3A00%3A00.000Z")
    );
    // The clock is there for callers (chrono's `now` feature): the most
    // common value of all, in the pinned layout to the millisecond.
    client(&server)
        .list_events()
        .until(Utc::now())
        .send()
        .await
        .expect("listed");
    let requests = server.received_requests().await.unwrap();
    let query = requests[1].url.query().unwrap_or_default();
    assert!(
        query.starts_with("until=") && query.ends_with('Z') && query.len() == "until=".len() + 28,
        "{query}"
    );
}

#[tokio::test]
async fn path_parameters_are_written_as_text() {
    let server = serve_event(event_json()).await;
    get_event(&server).await.expect("decodes");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.path(),
        format!("/events/{ID}/at/2024-05-01")
    );
    assert_eq!(requests[0].url.query(), Some("from=10%3A00%3A00"));
}

#[tokio::test]
async fn integer_limits_beyond_the_type_are_still_checked() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(0)
        .mount(&server)
        .await;
    // `limit` is a `uint8` with `minimum: 1` and `maximum: 200`.
    for limit in [0u8, 201] {
        match client(&server).list_events().limit(limit).send().await {
            Err(Error::Invalid { parameter, .. }) => assert_eq!(parameter, "limit"),
            other => panic!("limit {limit}: expected Error::Invalid, got {other:?}"),
        }
    }
}

/// `formats = "strings"` in the manifest: the same spec's dates, times and
/// ids are the text the server wrote, byte for byte, and a parameter is
/// sent as the caller wrote it (its `pattern` checked before sending).
#[tokio::test]
async fn the_strings_switch_keeps_the_text_as_written() {
    use fixtures::formats_as_strings as strings;
    let mut body = event_json();
    body["at"] = json!("2024-01-01T10:00:00.000+00:00");
    body["id"] = json!(ID.to_uppercase());
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([body.clone()])))
        .mount(&server)
        .await;
    let client = strings::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    let events = client
        .list_events()
        .until("2024-05-31T23:59:59.999Z")
        .send()
        .await
        .expect("listed");
    let event: &strings::types::Event = &events[0];
    assert_eq!(event.at, "2024-01-01T10:00:00.000+00:00");
    assert_eq!(event.id, ID.to_uppercase());
    assert_eq!(serde_json::to_value(event).unwrap(), body);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some("until=2024-05-31T23%3A59%3A59.999Z")
    );
    match client.list_events().until("2024-05-31").send().await {
        Err(strings::Error::Invalid { parameter, .. }) => assert_eq!(parameter, "until"),
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}
