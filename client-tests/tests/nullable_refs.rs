//! Places that refer to a schema that takes null
//! (`client-tests/fixture-specs/nullable_refs.yaml`): a server's `null`
//! there decodes, and is sent back as `null`.

mod common;

use common::round_trip;
use fixtures::nullable_refs::types::{Failure, Transaction, TransactionCode};
use serde_json::json;

#[test]
fn a_reference_to_a_nullable_component_takes_null() {
    let transaction: Transaction = round_trip(json!({
        "id": "t1",
        "error": null,
        "code": null,
        "limit": null,
        "wrapped": null,
        "described": null,
        "history": [null, {"code": "E1"}]
    }));
    assert_eq!(transaction.error, None);
    assert_eq!(transaction.code, None);
    assert_eq!(transaction.limit, None);
    let history = transaction.history.expect("a history");
    assert_eq!(history[0], None);
    assert_eq!(
        history[1].as_ref().and_then(|f| f.code.as_deref()),
        Some("E1")
    );
}

#[test]
fn the_same_places_take_values() {
    let transaction: Transaction = round_trip(json!({
        "id": "t2",
        "error": {"code": "E2", "message": "declined"},
        "code": "atm",
        "limit": 5,
        "wrapped": {"code": "E3"},
        "described": {"message": "late"}
    }));
    let error: Option<Failure> = transaction.error;
    assert_eq!(error.and_then(|e| e.message).as_deref(), Some("declined"));
    assert_eq!(transaction.code, Some(TransactionCode::Atm));
    assert_eq!(transaction.limit, Some(5));
}
