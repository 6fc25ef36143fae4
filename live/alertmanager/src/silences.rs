//! Silences: made, listed, got, silencing an alert, pending, updated,
//! deleted and then expired.

use super::*;

pub async fn silences(client: Client, run: String) {
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
            starts_at: time(PAST),
            ends_at: time(FUTURE),
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

    let got = client
        .get_silence(uuid(&id))
        .send()
        .await
        .expect("get_silence");
    assert_eq!(got.id, id);
    assert_eq!(got.status.state, SilenceStatusState::Active);
    assert_eq!(got.matchers, stored_matchers);
    assert_eq!(got.created_by, "oagen");
    assert_eq!(got.comment, comment);
    assert_eq!(got.ends_at, time(FUTURE));
    // A start in the past becomes the time the silence was made.
    assert_ne!(got.starts_at, time(PAST));
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
            starts_at: time(LATER),
            ends_at: time(FUTURE),
            created_by: "oagen".to_owned(),
            comment: "pending".to_owned(),
        })
        .send()
        .await
        .expect("post_silences")
        .silence_id
        .expect("the server names the silence");
    let pending = client
        .get_silence(uuid(&later))
        .send()
        .await
        .expect("get_silence");
    assert_eq!(pending.status.state, SilenceStatusState::Pending);
    assert_eq!(pending.starts_at, time(LATER));
    // A pending silence is updated in place: same id, new comment.
    let updated = client
        .post_silences(PostableSilence {
            id: Some(later.clone()),
            matchers: pending.matchers.clone(),
            starts_at: pending.starts_at,
            ends_at: pending.ends_at,
            created_by: "oagen".to_owned(),
            comment: "pending, updated".to_owned(),
        })
        .send()
        .await
        .expect("post_silences");
    assert_eq!(updated.silence_id.as_deref(), Some(later.as_str()));
    let reread = client
        .get_silence(uuid(&later))
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
        .delete_silence(uuid(&id))
        .send()
        .await
        .expect("delete_silence");
    client
        .delete_silence(uuid(&later))
        .send()
        .await
        .expect("delete_silence");
    pass("delete_silence", "both silences deleted (200, empty body)");

    let expired = client
        .get_silence(uuid(&id))
        .send()
        .await
        .expect("get_silence");
    assert_eq!(expired.status.state, SilenceStatusState::Expired);
    assert_ne!(expired.ends_at, time(FUTURE));
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
