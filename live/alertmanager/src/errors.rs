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
