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
use live_harness::{Report, eventually, pass, run_id, undocumented};

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
    let build = |url: &str| {
        Client::builder()
            .base_url(url)
            .timeout(Duration::from_secs(10))
            .build()
    };
    // The spec's server is the path `/api/v2`: the base URL ends with it.
    let host_only = url.strip_suffix("/api/v2").unwrap_or(&url);
    let (client, host_only) = match (build(&url), build(host_only)) {
        (Ok(client), Ok(host_only)) => (client, host_only),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("cannot build the client: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Labels unique to this run, so that checks select only their alerts.
    let run = run_id();

    let mut report = Report::start();
    report
        .scenario("status", status_and_receivers(client.clone(), host_only))
        .await;
    report
        .scenario("alerts", alerts_and_groups(client.clone(), run.clone()))
        .await;
    report
        .scenario("silences", silences(client.clone(), run.clone()))
        .await;
    report
        .scenario("encoding", encoding(client.clone(), run.clone()))
        .await;
    report.scenario("errors", errors(client, run)).await;
    report.finish()
}

fn labels(pairs: &[(&str, &str)]) -> LabelSet {
    LabelSet {
        additional_properties: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
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
    alert
        .labels
        .additional_properties
        .get("alertname")
        .map_or("", String::as_str)
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

/// A time as the server writes it: `2026-01-02T03:04:05.678Z`.
fn assert_time(what: &str, value: &str) {
    let shape_ok = value.len() == 24
        && value.ends_with('Z')
        && value.as_bytes().get(10) == Some(&b'T')
        && value.as_bytes().get(19) == Some(&b'.');
    assert!(
        shape_ok,
        "{what}: `{value}` is not a UTC time with milliseconds"
    );
}

async fn status_and_receivers(client: Client, host_only: Client) {
    // What the generated docs warn of: without the server's path the
    // requests miss the API.
    assert_eq!(
        undocumented!(host_only.get_status().send().await, GetStatusError)
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
        "cluster disabled, version 0.25, the configuration the task wrote; the host alone as base URL is a 404",
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

async fn alerts_and_groups(client: Client, run: String) {
    let critical = labels(&[
        ("alertname", "LiveCritical"),
        ("live_run", &run),
        ("team", "live"),
        ("severity", "critical"),
        ("live_case", "inhibit"),
    ]);
    let warning = labels(&[
        ("alertname", "LiveWarning"),
        ("live_run", &run),
        ("severity", "warning"),
        ("live_case", "inhibit"),
    ]);
    let info = labels(&[
        ("alertname", "LiveInfo"),
        ("live_run", &run),
        ("severity", "info"),
    ]);
    let summary = labels(&[("summary", "the source of the inhibition")]);
    client
        .post_alerts([
            PostableAlert {
                annotations: Some(summary.clone()),
                generator_url: Some(GENERATOR_URL.to_owned()),
                ..postable(&critical)
            },
            postable(&warning),
            postable(&info),
        ])
        .send()
        .await
        .expect("post_alerts");
    pass("post_alerts", "three alerts accepted (200, empty body)");

    let run_filter = format!("live_run=\"{run}\"");
    let listed = eventually(
        || client.get_alerts().filter([run_filter.clone()]).send(),
        |answer| {
            answer.as_ref().is_ok_and(|alerts| {
                alerts
                    .iter()
                    .any(|a| alert_name(a) == "LiveWarning" && !a.status.inhibited_by.is_empty())
            })
        },
    )
    .await
    .expect("get_alerts");
    assert_eq!(names(&listed), ["LiveCritical", "LiveInfo", "LiveWarning"]);
    let source = find(&listed, "LiveCritical");
    assert_eq!(source.labels, critical);
    assert_eq!(source.annotations, summary);
    assert_eq!(source.generator_url.as_deref(), Some(GENERATOR_URL));
    assert_eq!(source.receivers, receivers(&["live-team"]));
    assert_eq!(source.status.state, AlertStatusState::Active);
    assert!(source.status.silenced_by.is_empty() && source.status.inhibited_by.is_empty());
    assert_eq!(source.fingerprint.len(), 16, "{}", source.fingerprint);
    for time in [&source.starts_at, &source.updated_at, &source.ends_at] {
        assert_time("an alert's time", time);
    }
    // Without an end the server resolves the alert after resolve_timeout.
    assert!(source.ends_at > source.starts_at, "{source:?}");
    pass(
        "get_alerts",
        "the posted alerts are listed with their labels, annotations, generator URL, receiver and times",
    );

    let target = find(&listed, "LiveWarning");
    assert_eq!(target.labels, warning);
    assert_eq!(target.annotations, LabelSet::default());
    assert_eq!(target.receivers, receivers(&["live-default"]));
    assert_eq!(target.status.state, AlertStatusState::Suppressed);
    assert_eq!(target.status.inhibited_by, [source.fingerprint.as_str()]);
    assert!(target.status.silenced_by.is_empty());
    let other = find(&listed, "LiveInfo");
    assert_eq!(other.labels, info);
    assert_eq!(other.status.state, AlertStatusState::Active);
    pass(
        "get_alerts",
        "the warning is suppressed, inhibited by the critical alert of its case; the info alert is active",
    );

    let query = |filters: &[&str]| {
        let mut all = vec![run_filter.clone()];
        all.extend(filters.iter().map(|f| f.to_string()));
        client.get_alerts().filter(all)
    };
    let one = query(&["alertname=\"LiveCritical\""])
        .send()
        .await
        .expect("get_alerts");
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].labels, critical);
    let regex = query(&["severity=~\"crit.*|info\""])
        .send()
        .await
        .expect("get_alerts");
    assert_eq!(names(&regex), ["LiveCritical", "LiveInfo"]);
    let negative = query(&["severity!=\"critical\""])
        .send()
        .await
        .expect("get_alerts");
    assert_eq!(names(&negative), ["LiveInfo", "LiveWarning"]);
    let none = query(&["severity=\"page\""])
        .send()
        .await
        .expect("get_alerts");
    assert!(none.is_empty(), "{none:?}");
    pass(
        "get_alerts",
        "several matchers (equal, regex with `|`, not-equal) filter the list",
    );

    let by_receiver = query(&[])
        .receiver("live-t.*")
        .send()
        .await
        .expect("get_alerts");
    assert_eq!(names(&by_receiver), ["LiveCritical"]);
    let not_inhibited = query(&[])
        .inhibited(false)
        .send()
        .await
        .expect("get_alerts");
    assert_eq!(names(&not_inhibited), ["LiveCritical", "LiveInfo"]);
    let not_active = query(&[]).active(false).send().await.expect("get_alerts");
    assert_eq!(names(&not_active), ["LiveWarning"]);
    let processed = query(&[])
        .silenced(false)
        .unprocessed(false)
        .active(true)
        .send()
        .await
        .expect("get_alerts");
    assert_eq!(
        names(&processed),
        ["LiveCritical", "LiveInfo", "LiveWarning"]
    );
    pass(
        "get_alerts",
        "the receiver regex and the active/silenced/inhibited/unprocessed flags filter the list",
    );

    // Groups come from the dispatcher, which also sees alerts a moment late.
    let groups = eventually(
        || {
            client
                .get_alert_groups()
                .filter([run_filter.clone()])
                .send()
        },
        |answer| answer.as_ref().is_ok_and(|groups| groups.len() == 3),
    )
    .await
    .expect("get_alert_groups");
    let mut group_names: Vec<(&str, &str, usize)> = groups
        .iter()
        .map(|g| {
            let name = g
                .labels
                .additional_properties
                .get("alertname")
                .map_or("", String::as_str);
            (name, g.receiver.name.as_str(), g.alerts.len())
        })
        .collect();
    group_names.sort_unstable();
    assert_eq!(
        group_names,
        [
            ("LiveCritical", "live-team", 1),
            ("LiveInfo", "live-default", 1),
            ("LiveWarning", "live-default", 1),
        ]
    );
    for group in &groups {
        // Grouped by alert name only: the group's labels are just that.
        assert_eq!(group.labels.additional_properties.len(), 1, "{group:?}");
        let alert = &group.alerts[0];
        assert_eq!(alert, find(&listed, alert_name(alert)));
    }
    pass(
        "get_alert_groups",
        "one group per alert name, with the route's receiver and the alerts as listed",
    );

    let group_names_of = |groups: &[alertmanager_client::alertmanager::types::AlertGroup]| {
        let mut names: Vec<String> = groups
            .iter()
            .flat_map(|g| g.alerts.iter().map(|a| alert_name(a).to_owned()))
            .collect();
        names.sort_unstable();
        names
    };
    let uninhibited = client
        .get_alert_groups()
        .filter([run_filter.clone()])
        .inhibited(false)
        .send()
        .await
        .expect("get_alert_groups");
    assert_eq!(group_names_of(&uninhibited), ["LiveCritical", "LiveInfo"]);
    let team = client
        .get_alert_groups()
        .filter([run_filter.clone(), "severity=~\".+\"".to_owned()])
        .receiver("live-team")
        .send()
        .await
        .expect("get_alert_groups");
    assert_eq!(group_names_of(&team), ["LiveCritical"]);
    let suppressed = client
        .get_alert_groups()
        .filter([run_filter.clone()])
        .active(false)
        .silenced(true)
        .send()
        .await
        .expect("get_alert_groups");
    assert_eq!(group_names_of(&suppressed), ["LiveWarning"]);
    pass(
        "get_alert_groups",
        "the flags and the receiver filter the groups",
    );
}

async fn silences(client: Client, run: String) {
    let alert = labels(&[
        ("alertname", "LiveSilenced"),
        ("live_run", &run),
        ("severity", "info"),
    ]);
    client
        .post_alerts([postable(&alert)])
        .send()
        .await
        .expect("post_alerts");
    let alert_filter = [
        format!("live_run=\"{run}\""),
        "alertname=\"LiveSilenced\"".to_owned(),
    ];

    let matchers = vec![
        equal("alertname", "LiveSilenced"),
        Matcher {
            is_equal: Some(true),
            ..equal("live_run", &run)
        },
    ];
    let comment = format!("oagen live checks, run {run}");
    let created = client
        .post_silences(PostableSilence {
            id: None,
            matchers: matchers.clone(),
            starts_at: PAST.to_owned(),
            ends_at: FUTURE.to_owned(),
            created_by: "oagen".to_owned(),
            comment: comment.clone(),
        })
        .send()
        .await
        .expect("post_silences");
    let id = created.silence_id.expect("the server names the silence");
    assert_eq!(id.len(), 36, "{id} is not a UUID");
    pass("post_silences", "a silence with two matchers gets an id");

    // The server fills in `isEqual` (default true) for a matcher without it.
    let stored_matchers: Vec<Matcher> = matchers
        .iter()
        .map(|m| Matcher {
            is_equal: Some(true),
            ..m.clone()
        })
        .collect();
    let all = client.get_silences().send().await.expect("get_silences");
    let listed = all
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("silence {id} is not listed: {all:#?}"));
    assert_eq!(listed.status.state, SilenceStatusState::Active);
    assert_eq!(listed.matchers, stored_matchers);
    assert_eq!(listed.comment, comment);
    let mine = client
        .get_silences()
        .filter([format!("live_run=\"{run}\"")])
        .send()
        .await
        .expect("get_silences");
    assert_eq!(
        mine.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        [id.as_str()]
    );
    let others = client
        .get_silences()
        .filter(["live_run=\"another run\"".to_owned()])
        .send()
        .await
        .expect("get_silences");
    assert!(others.iter().all(|s| s.id != id), "{others:?}");
    pass(
        "get_silences",
        "the silence is listed, active, with its matchers; matchers filter the list",
    );

    let got = client.get_silence(&id).send().await.expect("get_silence");
    assert_eq!(got.id, id);
    assert_eq!(got.status.state, SilenceStatusState::Active);
    assert_eq!(got.matchers, stored_matchers);
    assert_eq!(got.created_by, "oagen");
    assert_eq!(got.comment, comment);
    assert_eq!(got.ends_at, FUTURE);
    // A start in the past becomes the time the silence was made.
    assert_ne!(got.starts_at, PAST);
    assert_time("startsAt", &got.starts_at);
    assert_time("updatedAt", &got.updated_at);
    assert_eq!(&got, listed);
    pass(
        "get_silence",
        "the silence as made: matchers, author, comment, end; its start moved to now",
    );

    let silenced = eventually(
        || client.get_alerts().filter(alert_filter.clone()).send(),
        |answer| {
            answer
                .as_ref()
                .is_ok_and(|alerts| alerts.iter().all(|a| !a.status.silenced_by.is_empty()))
        },
    )
    .await
    .expect("get_alerts");
    assert_eq!(silenced.len(), 1);
    assert_eq!(silenced[0].labels, alert);
    assert_eq!(silenced[0].status.state, AlertStatusState::Suppressed);
    assert_eq!(silenced[0].status.silenced_by, [id.as_str()]);
    assert!(silenced[0].status.inhibited_by.is_empty());
    let hidden = client
        .get_alerts()
        .filter(alert_filter.clone())
        .silenced(false)
        .send()
        .await
        .expect("get_alerts");
    assert!(hidden.is_empty(), "{hidden:?}");
    pass(
        "get_alerts",
        "the alert reads as suppressed, silenced by the silence, and silenced=false hides it",
    );

    let groups = eventually(
        || {
            client
                .get_alert_groups()
                .filter(alert_filter.clone())
                .send()
        },
        |answer| answer.as_ref().is_ok_and(|groups| groups.len() == 1),
    )
    .await
    .expect("get_alert_groups");
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0].alerts[0].status.silenced_by, [id.as_str()]);
    let hidden_groups = client
        .get_alert_groups()
        .filter(alert_filter.clone())
        .silenced(false)
        .send()
        .await
        .expect("get_alert_groups");
    assert!(hidden_groups.is_empty(), "{hidden_groups:?}");
    pass(
        "get_alert_groups",
        "the silenced alert's group shows the silence, and silenced=false hides it",
    );

    let later = client
        .post_silences(PostableSilence {
            id: None,
            matchers: vec![equal("live_run", &run), equal("alertname", "LiveLater")],
            starts_at: LATER.to_owned(),
            ends_at: FUTURE.to_owned(),
            created_by: "oagen".to_owned(),
            comment: "pending".to_owned(),
        })
        .send()
        .await
        .expect("post_silences")
        .silence_id
        .expect("the server names the silence");
    let pending = client
        .get_silence(&later)
        .send()
        .await
        .expect("get_silence");
    assert_eq!(pending.status.state, SilenceStatusState::Pending);
    assert_eq!(pending.starts_at, LATER);
    // A pending silence is updated in place: same id, new comment.
    let updated = client
        .post_silences(PostableSilence {
            id: Some(later.clone()),
            matchers: pending.matchers.clone(),
            starts_at: pending.starts_at.clone(),
            ends_at: pending.ends_at.clone(),
            created_by: "oagen".to_owned(),
            comment: "pending, updated".to_owned(),
        })
        .send()
        .await
        .expect("post_silences");
    assert_eq!(updated.silence_id.as_deref(), Some(later.as_str()));
    let reread = client
        .get_silence(&later)
        .send()
        .await
        .expect("get_silence");
    assert_eq!(reread.comment, "pending, updated");
    assert_eq!(reread.status.state, SilenceStatusState::Pending);
    pass(
        "post_silences",
        "a silence starting later is pending, and updating it by id keeps the id",
    );

    client
        .delete_silence(&id)
        .send()
        .await
        .expect("delete_silence");
    client
        .delete_silence(&later)
        .send()
        .await
        .expect("delete_silence");
    pass("delete_silence", "both silences deleted (200, empty body)");

    let expired = client.get_silence(&id).send().await.expect("get_silence");
    assert_eq!(expired.status.state, SilenceStatusState::Expired);
    assert_ne!(expired.ends_at, FUTURE);
    assert!(expired.ends_at <= expired.updated_at, "{expired:?}");
    assert_eq!(expired.matchers, stored_matchers);
    pass(
        "get_silence",
        "the deleted silence reads as expired, ended when it was deleted",
    );

    let active = eventually(
        || client.get_alerts().filter(alert_filter.clone()).send(),
        |answer| {
            answer
                .as_ref()
                .is_ok_and(|alerts| alerts.iter().all(|a| a.status.silenced_by.is_empty()))
        },
    )
    .await
    .expect("get_alerts");
    assert_eq!(active.len(), 1);
    assert_eq!(active[0].status.state, AlertStatusState::Active);
    assert!(active[0].status.silenced_by.is_empty());
    pass(
        "get_alerts",
        "with the silence deleted the alert is active again",
    );
}

/// Label values with the characters URLs and matchers treat specially go
/// through the JSON body and the `filter` query parameter unchanged.
async fn encoding(client: Client, run: String) {
    const TRICKY: &str = "a b,c&d=e+f/ü?#%\\q'\"r";
    // Inside a quoted matcher value `\` and `"` are escaped.
    let quoted = TRICKY.replace('\\', "\\\\").replace('"', "\\\"");
    let posted = labels(&[
        ("alertname", "LiveEncoding"),
        ("live_run", &run),
        ("live_text", TRICKY),
    ]);
    client
        .post_alerts([postable(&posted)])
        .send()
        .await
        .expect("post_alerts");
    let run_filter = format!("live_run=\"{run}\"");
    let listed = eventually(
        || {
            client
                .get_alerts()
                .filter([run_filter.clone(), format!("live_text=\"{quoted}\"")])
                .send()
        },
        |answer| answer.as_ref().is_ok_and(|alerts| !alerts.is_empty()),
    )
    .await
    .expect("get_alerts");
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].labels, posted);
    let by_regex = client
        .get_alerts()
        .filter([
            run_filter.clone(),
            "live_text=~\"a b,c&d=e\\\\+f/ü.*\"".to_owned(),
        ])
        .send()
        .await
        .expect("get_alerts");
    assert_eq!(names(&by_regex), ["LiveEncoding"]);
    pass(
        "get_alerts",
        "a label value with space , & = + / ü ? # % \\ ' \" round-trips and matches in a filter",
    );

    let id = client
        .post_silences(PostableSilence {
            id: None,
            matchers: vec![equal("live_run", &run), equal("live_text", TRICKY)],
            starts_at: PAST.to_owned(),
            ends_at: FUTURE.to_owned(),
            created_by: "oagen".to_owned(),
            comment: TRICKY.to_owned(),
        })
        .send()
        .await
        .expect("post_silences")
        .silence_id
        .expect("the server names the silence");
    let got = client.get_silence(&id).send().await.expect("get_silence");
    assert_eq!(got.matchers[1].value, TRICKY);
    assert_eq!(got.comment, TRICKY);
    let found = client
        .get_silences()
        .filter([format!("live_text=\"{quoted}\"")])
        .send()
        .await
        .expect("get_silences");
    assert_eq!(
        found.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        [id.as_str()]
    );
    client
        .delete_silence(&id)
        .send()
        .await
        .expect("delete_silence");
    pass(
        "get_silences",
        "a silence matching that value keeps it, and a filter with it finds the silence",
    );
}

async fn errors(client: Client, run: String) {
    const BAD: &str = "foo!!bar";
    match client.get_alerts().filter([BAD.to_owned()]).send().await {
        Err(Error::Api(GetAlertsError::BadRequest(message))) => {
            assert_eq!(message, "bad matcher format: foo!!bar");
        }
        other => panic!("a bad matcher: expected BadRequest, got {other:?}"),
    }
    pass(
        "get_alerts",
        "a bad matcher is BadRequest with the server's message",
    );

    match client
        .get_alert_groups()
        .filter([BAD.to_owned()])
        .send()
        .await
    {
        Err(Error::Api(GetAlertGroupsError::BadRequest(message))) => {
            assert_eq!(message, "bad matcher format: foo!!bar");
        }
        other => panic!("a bad matcher: expected BadRequest, got {other:?}"),
    }
    pass(
        "get_alert_groups",
        "a bad matcher is BadRequest with the server's message",
    );

    // The spec documents no 400 for GET /silences; the server sends one.
    let unexpected = undocumented!(
        client.get_silences().filter([BAD.to_owned()]).send().await,
        GetSilencesError
    );
    assert_eq!(unexpected.status.as_u16(), 400);
    assert_eq!(&unexpected.body[..], b"\"bad matcher format: foo!!bar\"\n");
    pass(
        "get_silences",
        "a bad matcher: the 400 the spec does not document is UnexpectedStatus with the body",
    );

    match client
        .post_alerts([postable(&LabelSet::default())])
        .send()
        .await
    {
        Err(Error::Api(PostAlertsError::BadRequest(message))) => {
            assert_eq!(message, "at least one label pair required");
        }
        other => panic!("an alert without labels: expected BadRequest, got {other:?}"),
    }
    pass(
        "post_alerts",
        "an alert without labels is BadRequest with the server's message",
    );

    // The spec says a 400 carries a string; for a time it cannot parse the
    // server sends an object. The client must not pretend: a decode error
    // that keeps the status and the body.
    let unparsable = PostableAlert {
        starts_at: Some("yesterday".to_owned()),
        ..postable(&labels(&[("alertname", "LiveBadTime"), ("live_run", &run)]))
    };
    match client.post_alerts([unparsable]).send().await {
        Err(Error::Decode { status, body, .. }) => {
            assert_eq!(status.as_u16(), 400);
            let text = String::from_utf8_lossy(&body);
            assert!(text.starts_with("{\"code\":400,"), "{text}");
            assert!(text.contains("parsing time \\\"yesterday\\\""), "{text}");
        }
        other => panic!("an unparsable time: expected a decode error, got {other:?}"),
    }
    pass(
        "post_alerts",
        "a 400 whose body is not the string the spec declares is a decode error with status and body",
    );

    let silence = |starts_at: &str, ends_at: &str| PostableSilence {
        id: None,
        matchers: vec![equal("live_run", &run)],
        starts_at: starts_at.to_owned(),
        ends_at: ends_at.to_owned(),
        created_by: "oagen".to_owned(),
        comment: "should not be made".to_owned(),
    };
    match client.post_silences(silence(FUTURE, LATER)).send().await {
        Err(Error::Api(PostSilencesError::BadRequest(message))) => {
            assert_eq!(
                message,
                "Failed to create silence: start time must be before end time"
            );
        }
        other => panic!("end before start: expected BadRequest, got {other:?}"),
    }
    pass(
        "post_silences",
        "a silence ending before it starts is BadRequest with the server's message",
    );

    match client
        .post_silences(PostableSilence {
            id: Some(UNKNOWN_ID.to_owned()),
            ..silence(PAST, FUTURE)
        })
        .send()
        .await
    {
        Err(Error::Api(PostSilencesError::NotFound(message))) => {
            assert_eq!(message, "silence not found");
        }
        other => panic!("updating an unknown silence: expected NotFound, got {other:?}"),
    }
    pass("post_silences", "updating an unknown silence is NotFound");

    // The spec's `minItems: 1` on matchers, enforced by the server (422).
    let unexpected = undocumented!(
        client
            .post_silences(PostableSilence {
                matchers: Vec::new(),
                ..silence(PAST, FUTURE)
            })
            .send()
            .await,
        PostSilencesError
    );
    assert_eq!(unexpected.status.as_u16(), 422);
    let text = String::from_utf8_lossy(&unexpected.body);
    assert!(text.contains("at least 1 items"), "{text}");
    pass(
        "post_silences",
        "a silence without matchers: the undocumented 422 is UnexpectedStatus",
    );

    match client.get_silence(UNKNOWN_ID).send().await {
        Err(Error::Api(GetSilenceError::NotFound)) => {}
        other => panic!("an unknown silence: expected NotFound, got {other:?}"),
    }
    let unexpected = undocumented!(
        client.get_silence("not-a-uuid").send().await,
        GetSilenceError
    );
    assert_eq!(unexpected.status.as_u16(), 422);
    let text = String::from_utf8_lossy(&unexpected.body);
    assert!(text.contains("must be of type uuid"), "{text}");
    pass(
        "get_silence",
        "an unknown id is NotFound (404, empty body); a malformed one an undocumented 422",
    );

    // Alertmanager 0.25 answers 500 for an unknown id on DELETE.
    match client.delete_silence(UNKNOWN_ID).send().await {
        Err(Error::Api(DeleteSilenceError::InternalServerError(message))) => {
            assert_eq!(message, "silence not found");
        }
        other => panic!("deleting an unknown silence: expected a 500, got {other:?}"),
    }
    pass(
        "delete_silence",
        "deleting an unknown silence is the documented 500 with the server's message",
    );
}
