//! Numbers with every digit an f64 holds
//! (`client-tests/fixture-specs/numbers.yaml`): a server's number decodes to
//! the f64 nearest to what it wrote (not one a step away), and goes back out
//! as that number.

use fixtures::numbers::{Client, types::Reading};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Written as real servers write them: the text is the test's, not a
/// re-encoding of an f64 (which would always parse back exactly).
const BODY: &str = r#"{"timestamp": 1525258288.1006439, "ratio": 0.30000000000000004,
 "samples": [1647588108.7845933, 2.2250738585072014e-308, 8.98846567431158e307],
 "raw": {"at": 1525258288.1006439}}"#;

fn nearest(text: &str) -> f64 {
    // std's parse is correctly rounded.
    text.parse().expect("a number")
}

#[tokio::test]
async fn a_number_decodes_to_the_nearest_f64_and_goes_back_unchanged() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/readings/r1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(BODY, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let reading: Reading = client.get_reading("r1").send().await.expect("decodes");
    assert_eq!(reading.timestamp, nearest("1525258288.1006439"));
    assert_eq!(reading.ratio, Some(nearest("0.30000000000000004")));
    assert_eq!(
        reading.samples,
        Some(vec![
            nearest("1647588108.7845933"),
            nearest("2.2250738585072014e-308"),
            nearest("8.98846567431158e307"),
        ])
    );
    assert_eq!(
        reading.raw["at"].as_f64(),
        Some(nearest("1525258288.1006439"))
    );
    // Encoded again, each is the same number.
    let encoded = serde_json::to_string(&reading).expect("encodes");
    let again: serde_json::Value = serde_json::from_str(&encoded).expect("JSON");
    assert_eq!(again["timestamp"].as_f64(), Some(reading.timestamp));
    assert_eq!(again["raw"], json!({"at": reading.timestamp}));
    let decoded_again: Reading = serde_json::from_str(&encoded).expect("decodes again");
    assert_eq!(decoded_again, reading);
}
