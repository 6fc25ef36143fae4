//! Multipart bodies: the content type the spec's `encoding` object gives
//! each part. (Which fields are files is the multipart pass's job, on the IR.)

use openapiv3::MediaType;

/// `(field, content type)` for each part whose `encoding` names one
/// concrete media type. A list (`image/png, image/jpeg`) or a range
/// (`image/*`) says what the server accepts, not what to send: the part then
/// gets the default (the file's own, or the runtime's choice).
pub(super) fn part_types(media: &MediaType) -> Vec<(String, String)> {
    media
        .encoding
        .iter()
        .filter_map(|(field, encoding)| {
            let content_type = encoding.content_type.as_deref()?.trim();
            let concrete = !content_type.is_empty() && !content_type.contains([',', '*']);
            concrete.then(|| (field.clone(), content_type.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_concrete_media_type_names_a_part_type() {
        let media: MediaType = serde_json::from_value(serde_json::json!({
            "encoding": {
                "file": { "contentType": "image/png" },
                "any": { "contentType": "image/*" },
                "list": { "contentType": "image/png, image/jpeg" },
                "meta": { "contentType": "application/json; charset=utf-8" },
                "none": { "style": "form" }
            }
        }))
        .expect("a media type");
        assert_eq!(
            part_types(&media),
            vec![
                ("file".to_string(), "image/png".to_string()),
                (
                    "meta".to_string(),
                    "application/json; charset=utf-8".to_string()
                ),
            ]
        );
    }
}
