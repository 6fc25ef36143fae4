//! Checks of the generated Alertmanager client against a real, unmodified
//! Alertmanager 0.25, run by `cargo xtask live` with the API's URL as the
//! only argument (`http://127.0.0.1:PORT/api/v2`). The server runs with the
//! configuration `xtask/src/live/alertmanager.rs` writes: receivers
//! `live-default` and `live-team` (for `team="live"`), alerts grouped by
//! name, and a critical alert inhibiting the warnings of its `live_case`.
//!
//! Scenarios and reports as `live-harness` runs them; what each call
//! revealed is in docs/live.md and the comments next to it.

use std::process::ExitCode;
use std::time::Duration;

use alertmanager_client::alertmanager::types::{
    AlertStatusState, ClusterStatusStatus, GettableAlert, LabelSet, Matcher, PostableAlert,
    PostableSilence, Receiver, SilenceStatusState,
};
use alertmanager_client::alertmanager::{
    Client, DeleteSilenceError, Error, GetAlertGroupsError, GetAlertsError, GetSilenceError,
    GetSilencesError, GetStatusError, PostAlertsError, PostSilencesError,
};
use alertmanager_client::runtime::chrono::{DateTime, FixedOffset};
use alertmanager_client::runtime::uuid::Uuid;
use live_harness::{Report, eventually, pass, run_id, undocumented};

mod alerts;
mod errors;
mod silences;

/// A start in the past: the server starts the silence now instead.
const PAST: &str = "2000-01-01T00:00:00.000Z";
/// An end far away, written as the server writes times.
const FUTURE: &str = "2999-01-01T00:00:00.000Z";
/// A start before `FUTURE` but after now: the silence is pending.
const LATER: &str = "2998-01-01T00:00:00.000Z";
const GENERATOR_URL: &str = "http://127.0.0.1/oagen-live";
/// A silence id no server has made.
const UNKNOWN_ID: &str = "00000000-0000-4000-8000-000000000000";

#[tokio::main]
async fn main() -> ExitCode {
    let Some(url) = std::env::args().nth(1) else {
        eprintln!("usage: live-alertmanager http://127.0.0.1:PORT/api/v2");
        return ExitCode::from(2);
    };
    let build = |url: &str, exact: bool| {
        let builder = Client::builder().timeout(Duration::from_secs(10));
        let builder = if exact {
            builder.base_url_exact(url)
        } else {
            builder.base_url(url)
        };
        builder.build()
    };
    // The spec's server is the path `/api/v2`: `base_url` appends it to a
    // host alone, `base_url_exact` does not.
    let host = url.strip_suffix("/api/v2").unwrap_or(&url);
    let (client, host_only, host_exact) =
        match (build(&url, false), build(host, false), build(host, true)) {
            (Ok(client), Ok(host_only), Ok(host_exact)) => (client, host_only, host_exact),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                eprintln!("cannot build the client: {e}");
                return ExitCode::FAILURE;
            }
        };
    // Labels unique to this run, so that checks select only their alerts.
    let run = run_id();

    let mut report = Report::start();
    report
        .scenario(
            "status",
            status_and_receivers(client.clone(), host_only, host_exact),
        )
        .await;
    report
        .scenario(
            "alerts",
            alerts::alerts_and_groups(client.clone(), run.clone()),
        )
        .await;
    report
        .scenario("silences", silences::silences(client.clone(), run.clone()))
        .await;
    report
        .scenario("encoding", alerts::encoding(client.clone(), run.clone()))
        .await;
    report.scenario("errors", errors::errors(client, run)).await;
    report.finish()
}

fn labels(pairs: &[(&str, &str)]) -> LabelSet {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn postable(labels: &LabelSet) -> PostableAlert {
    PostableAlert {
        labels: labels.clone(),
        annotations: None,
        generator_url: None,
        starts_at: None,
        ends_at: None,
    }
}

fn equal(name: &str, value: &str) -> Matcher {
    Matcher {
        name: name.to_owned(),
        value: value.to_owned(),
        is_regex: false,
        is_equal: None,
    }
}

fn alert_name(alert: &GettableAlert) -> &str {
    alert.labels.get("alertname").map_or("", String::as_str)
}

fn names(alerts: &[GettableAlert]) -> Vec<&str> {
    let mut names: Vec<&str> = alerts.iter().map(alert_name).collect();
    names.sort_unstable();
    names
}

fn find<'a>(alerts: &'a [GettableAlert], name: &str) -> &'a GettableAlert {
    alerts
        .iter()
        .find(|a| alert_name(a) == name)
        .unwrap_or_else(|| panic!("no alert {name} in {alerts:#?}"))
}

fn receivers(names: &[&str]) -> Vec<Receiver> {
    names
        .iter()
        .map(|name| Receiver {
            name: (*name).to_owned(),
        })
        .collect()
}

/// A time as the server writes it, in UTC (`2026-01-02T03:04:05.678Z`,
/// decoded by the client as a typed date-time with its offset kept).
fn assert_time(what: &str, value: &DateTime<FixedOffset>) {
    assert_eq!(
        value.offset().local_minus_utc(),
        0,
        "{what}: `{value}` is not a UTC time"
    );
}

/// One of the constant times above, typed as the client takes it.
fn time(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect("a constant RFC 3339 time")
}

/// A silence id as the path takes it (a uuid; the server answers ids as text).
fn uuid(text: &str) -> Uuid {
    Uuid::parse_str(text).expect("the server's silence ids are uuids")
}

async fn status_and_receivers(client: Client, host_only: Client, host_exact: Client) {
    // The host alone reaches the API: the spec's path is appended. Taken
    // exactly, it misses the API.
    assert_eq!(
        host_only.transport().base_url(),
        client.transport().base_url()
    );
    host_only
        .get_status()
        .send()
        .await
        .expect("get_status at the host alone");
    assert_eq!(
        undocumented!(host_exact.get_status().send().await, GetStatusError)
            .status
            .as_u16(),
        404
    );
    let status = client.get_status().send().await.expect("get_status");
    assert_eq!(status.cluster.status, ClusterStatusStatus::Disabled);
    assert_eq!(status.cluster.peers, Some(Vec::new()));
    assert_eq!(status.cluster.name, None);
    assert!(
        status.version_info.version.starts_with("0.25."),
        "{:?}",
        status.version_info
    );
    assert!(status.version_info.go_version.starts_with("go"));
    assert!(!status.version_info.revision.is_empty());
    // The server echoes the configuration it loaded, normalised.
    let config = &status.config.original;
    assert!(config.contains("receiver: live-default"), "{config}");
    assert!(config.contains("- name: live-team"), "{config}");
    assert!(config.contains("- live_case"), "{config}");
    assert_time("uptime", &status.uptime);
    pass(
        "get_status",
        "cluster disabled, version 0.25, the configuration the task wrote; the host alone as base URL gets `/api/v2` appended (with `base_url_exact`, a 404)",
    );

    let mut listed: Vec<String> = client
        .get_receivers()
        .send()
        .await
        .expect("get_receivers")
        .into_iter()
        .map(|r| r.name)
        .collect();
    listed.sort_unstable();
    assert_eq!(listed, ["live-default", "live-team"]);
    pass("get_receivers", "the two receivers of the configuration");
}
