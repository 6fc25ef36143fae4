//! Alerts: posted, listed with matchers and flags, inhibited, grouped; and
//! label values that URLs and matchers treat specially.

use super::*;

pub async fn alerts_and_groups(client: Client, run: String) {
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
            let name = g.labels.get("alertname").map_or("", String::as_str);
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
        assert_eq!(group.labels.len(), 1, "{group:?}");
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

/// Label values with the characters URLs and matchers treat specially go
/// through the JSON body and the `filter` query parameter unchanged.
pub async fn encoding(client: Client, run: String) {
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
            starts_at: time(PAST),
            ends_at: time(FUTURE),
            created_by: "oagen".to_owned(),
            comment: TRICKY.to_owned(),
        })
        .send()
        .await
        .expect("post_silences")
        .silence_id
        .expect("the server names the silence");
    let got = client
        .get_silence(uuid(&id))
        .send()
        .await
        .expect("get_silence");
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
        .delete_silence(uuid(&id))
        .send()
        .await
        .expect("delete_silence");
    pass(
        "get_silences",
        "a silence matching that value keeps it, and a filter with it finds the silence",
    );
}
