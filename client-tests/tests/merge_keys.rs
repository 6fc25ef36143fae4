//! Properties shared through YAML merge keys
//! (`client-tests/fixture-specs/merge_keys.yaml`): merged properties are
//! fields, a property written beside the merge wins over a merged one, and
//! of two merged mappings the first wins.

mod common;

use common::round_trip;
use fixtures::merge_keys::types::Note;
use serde_json::json;

#[test]
fn merged_properties_are_fields_of_the_type() {
    let note: Note = round_trip(json!({
        "text": "hi",
        "created_at": 1_700_000_000,
        "created_by": "ann",
        "owner": "bob"
    }));
    assert_eq!(
        note,
        Note {
            text: "hi".into(),
            // Written in the mapping: an integer, not the merged string.
            created_at: Some(1_700_000_000),
            // From the first merged mapping: a string, not the second's integer.
            created_by: Some("ann".into()),
            owner: Some("bob".into()),
        }
    );
}
