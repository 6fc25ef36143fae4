//! The typed errors the server really answers.

use super::*;

pub async fn errors(client: Client, run: String) {
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
    // that keeps the status and the body. Times are typed, so the client
    // cannot send `yesterday`; a year past 9999 is a valid date-time that
    // RFC 3339 (and the server) cannot read: `+10000-01-01T00:00:00+00:00`.
    let far = DateTime::from_naive_utc_and_offset(
        alertmanager_client::runtime::chrono::NaiveDate::from_ymd_opt(10_000, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("a date in year 10000"),
        FixedOffset::east_opt(0).expect("UTC"),
    );
    let unparsable = PostableAlert {
        starts_at: Some(far),
        ..postable(&labels(&[("alertname", "LiveBadTime"), ("live_run", &run)]))
    };
    match client.post_alerts([unparsable]).send().await {
        Err(Error::Decode { status, body, .. }) => {
            assert_eq!(status.as_u16(), 400);
            let text = String::from_utf8_lossy(&body);
            assert!(text.starts_with("{\"code\":400,"), "{text}");
            assert!(text.contains("parsing time \\\"+10000-01-01"), "{text}");
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
        starts_at: time(starts_at),
        ends_at: time(ends_at),
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

    match client.get_silence(uuid(UNKNOWN_ID)).send().await {
        Err(Error::Api(GetSilenceError::NotFound)) => {}
        other => panic!("an unknown silence: expected NotFound, got {other:?}"),
    }
    // The id is typed (`format: uuid`): a malformed one, which the server
    // answers with an undocumented 422, cannot be sent at all.
    assert!(Uuid::parse_str("not-a-uuid").is_err());
    pass(
        "get_silence",
        "an unknown id is NotFound (404, empty body); a malformed one cannot be sent (a Uuid)",
    );

    // Alertmanager 0.25 answers 500 for an unknown id on DELETE.
    match client.delete_silence(uuid(UNKNOWN_ID)).send().await {
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
