//! `multipart/form-data` bodies: file parts, and the form a request builds
//! field by field from its typed body.

use std::fmt;
use std::path::Path;

use super::Bytes;
use super::request_body::Body;

/// A file sent as a part of a `multipart/form-data` body: its bytes (or a
/// stream of them), the file name and the part's content type.
///
/// The content type sent is, in this order: the one set here, the single
/// one the spec's `encoding` gives the part, the one the file name's
/// extension suggests, `application/octet-stream`.
pub struct FilePart {
    body: Body,
    file_name: Option<String>,
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.body.content_type)
            .field("length", &self.body.length)
            .finish()
    }
}

impl FilePart {
    /// A file of these bytes, with no file name until one is set.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        FilePart { body: Body::from_bytes(bytes), file_name: None }
    }

    /// A file read from `stream` as it is sent (never held whole).
    pub fn from_stream<S, B, E>(stream: S) -> Self
    where
        S: futures_util::Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        FilePart { body: Body::from_stream(stream), file_name: None }
    }

    /// The file at `path`, read as it is sent, named after the path's last
    /// component.
    pub async fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let body = Body::from_path(path).await?;
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        Ok(FilePart { body, file_name })
    }

    /// Any [`Body`] (bytes, text, a stream, a file) as a file part.
    pub fn from_body(body: impl Into<Body>) -> Self {
        FilePart { body: body.into(), file_name: None }
    }

    /// The file name sent in the part's `Content-Disposition`.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's `Content-Type`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.body.content_type = Some(content_type.into());
        self
    }

    fn into_part(self, spec_content_type: Option<&str>) -> Result<reqwest::multipart::Part, String> {
        let content_type = match (self.body.content_type, spec_content_type) {
            (Some(chosen), _) => chosen,
            (None, Some(spec)) => spec.to_owned(),
            (None, None) => self
                .file_name
                .as_deref()
                .and_then(|name| mime_guess::from_path(name).first_raw())
                .unwrap_or("application/octet-stream")
                .to_owned(),
        };
        let part = match self.body.length {
            Some(length) => reqwest::multipart::Part::stream_with_length(self.body.inner, length),
            None => reqwest::multipart::Part::stream(self.body.inner),
        };
        let part = part.mime_str(&content_type).map_err(|_| format!("`{content_type}` is not a media type"))?;
        Ok(match self.file_name {
            Some(name) => part.file_name(name),
            None => part,
        })
    }
}

/// A `multipart/form-data` body being built, field by field.
pub struct Multipart {
    pub(super) form: reqwest::multipart::Form,
    pub(super) error: Option<String>,
}

impl Default for Multipart {
    fn default() -> Self {
        Multipart::new()
    }
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multipart").field("boundary", &self.form.boundary()).finish_non_exhaustive()
    }
}

impl Multipart {
    pub fn new() -> Self {
        Multipart { form: reqwest::multipart::Form::new(), error: None }
    }

    fn fail(&mut self, name: &str, reason: String) {
        self.error.get_or_insert_with(|| format!("multipart field `{name}`: {reason}"));
    }

    fn add(&mut self, name: &str, part: reqwest::multipart::Part, content_type: Option<&str>) {
        let part = match content_type {
            Some(content_type) => match part.mime_str(content_type) {
                Ok(part) => part,
                Err(_) => return self.fail(name, format!("`{content_type}` is not a media type")),
            },
            None => part,
        };
        let form = std::mem::take(&mut self.form);
        self.form = form.part(name.to_owned(), part);
    }

    /// A file part.
    pub fn file(&mut self, name: &str, file: FilePart, spec_content_type: Option<&str>) {
        match file.into_part(spec_content_type) {
            Ok(part) => {
                let form = std::mem::take(&mut self.form);
                self.form = form.part(name.to_owned(), part);
            }
            Err(reason) => self.fail(name, reason),
        }
    }

    /// A field that is not a file, by the shape of its value: nothing for
    /// null (an optional field left out), a text part for a string, number
    /// or boolean, a JSON part (`application/json`) for an object, and one
    /// part per item for an array. `content_type` is the spec's for the
    /// part, if it gives one.
    pub fn field<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, content_type: Option<&str>) {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Array(items)) => {
                for item in &items {
                    self.value(name, item, content_type);
                }
            }
            Ok(value) => self.value(name, &value, content_type),
            Err(e) => self.fail(name, e.to_string()),
        }
    }

    fn value(&mut self, name: &str, value: &serde_json::Value, content_type: Option<&str>) {
        let (text, default_type) = match value {
            serde_json::Value::Null => return,
            serde_json::Value::String(text) => (text.clone(), None),
            serde_json::Value::Bool(_) | serde_json::Value::Number(_) => (value.to_string(), None),
            serde_json::Value::Array(_) | serde_json::Value::Object(_) => (value.to_string(), Some("application/json")),
        };
        self.add(name, reqwest::multipart::Part::text(text), content_type.or(default_type));
    }
}
