//! A request being assembled by an operation's builder: parameters, headers,
//! cookies and the body.

use super::encoding::{encode_cookie, encode_query, encode_query_value, simple_value};
use super::Method;
use super::multipart::Multipart;
use super::request_body::Body;

/// How an array or object parameter is written in a query string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `a=1,2` (or `a=1&a=2` exploded).
    Form,
    /// `a=1%202`
    SpaceDelimited,
    /// `a=1|2`
    PipeDelimited,
    /// `a[b]=1`
    DeepObject,
}

pub(super) enum Content {
    None,
    Bytes { content_type: String, bytes: Vec<u8> },
    Stream { content_type: String, body: reqwest::Body },
    Multipart(reqwest::multipart::Form),
}

/// A request being assembled by an operation's builder.
pub struct Request {
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) path_template: &'static str,
    pub(super) query: Vec<(String, String)>,
    pub(super) headers: Vec<(String, String)>,
    pub(super) cookies: Vec<(String, String)>,
    pub(super) accept: Option<&'static str>,
    pub(super) body: Content,
    pub(super) authenticated: bool,
    pub(super) encode_error: Option<String>,
}

impl Request {
    /// `path` is already expanded and encoded (`path_template` is the spec's,
    /// for logs); `authenticated` says whether the client's credentials go with it.
    pub fn new(method: Method, path_template: &'static str, path: String, authenticated: bool) -> Self {
        Request {
            method,
            path,
            path_template,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            accept: None,
            body: Content::None,
            authenticated,
            encode_error: None,
        }
    }

    fn encode_json<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> serde_json::Value {
        match serde_json::to_value(value) {
            Ok(v) => v,
            Err(e) => {
                self.encode_error.get_or_insert_with(|| e.to_string());
                serde_json::Value::Null
            }
        }
    }

    /// Adds a query parameter; `None` adds nothing.
    pub fn query<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style, explode: bool) {
        let value = self.encode_json(value);
        encode_query_value(&mut self.query, name, &value, style, explode);
    }

    /// Adds a header; `None` adds nothing.
    pub fn header<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let value = self.encode_json(value);
        if let Some(text) = simple_value(&value) {
            self.headers.push((name.to_owned(), text));
        }
    }

    /// Adds a cookie; `None` adds nothing. The name and value are
    /// percent-encoded where RFC 6265 does not allow them as they are, so a
    /// value cannot add cookies of its own.
    pub fn cookie<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let value = self.encode_json(value);
        if let Some(text) = simple_value(&value) {
            self.cookies.push((encode_cookie(name), encode_cookie(&text)));
        }
    }

    /// The media type asked for with `Accept`.
    pub fn accept(&mut self, media_type: &'static str) {
        self.accept = Some(media_type);
    }

    /// A JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, content_type: &str, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Content::Bytes { content_type: content_type.to_owned(), bytes },
            Err(e) => {
                self.encode_error.get_or_insert_with(|| e.to_string());
            }
        }
    }

    /// An `application/x-www-form-urlencoded` body: an object's fields. Any
    /// other value is refused (`Error::Encode` when sent), never sent empty.
    pub fn form<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        let value = self.encode_json(body);
        let serde_json::Value::Object(map) = &value else {
            self.refuse_non_object("an application/x-www-form-urlencoded", &value);
            return;
        };
        let mut pairs = Vec::new();
        for (key, item) in map {
            encode_query_value(&mut pairs, key, item, Style::Form, true);
        }
        self.body = Content::Bytes {
            content_type: "application/x-www-form-urlencoded".to_owned(),
            bytes: encode_query(&pairs).into_bytes(),
        };
    }

    /// A `multipart/form-data` body built from an object's fields (for
    /// bodies whose type is not a struct; struct bodies are built field by
    /// field with [`Multipart`]): each field as [`Multipart::field`] sends
    /// it. Any other value is refused, as for [`Request::form`].
    pub fn multipart<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        let value = self.encode_json(body);
        let serde_json::Value::Object(map) = value else {
            self.refuse_non_object("a multipart/form-data", &value);
            return;
        };
        let mut form = Multipart::new();
        for (key, item) in &map {
            form.field(key, item, None);
        }
        self.multipart_form(form);
    }

    /// A `multipart/form-data` body built field by field.
    pub fn multipart_form(&mut self, form: Multipart) {
        match form.error {
            Some(message) => {
                self.encode_error.get_or_insert(message);
            }
            None => self.body = Content::Multipart(form.form),
        }
    }

    /// A body sent as it is (bytes, text, a stream, a file), with
    /// `content_type` unless the body sets its own.
    /// A range (`image/*`) is no content type to send: the body must set its
    /// own (`Error::Encode` otherwise); `*/*` sends `application/octet-stream`.
    pub fn raw(&mut self, content_type: &str, body: impl Into<Body>) {
        let body = body.into();
        let content_type = match body.content_type {
            Some(chosen) => chosen,
            None if content_type.trim() == "*/*" => "application/octet-stream".to_owned(),
            None if content_type.contains('*') => {
                self.encode_error.get_or_insert_with(|| {
                    format!("the body may be any of `{content_type}`: say which with `Body::content_type`")
                });
                return;
            }
            None => content_type.to_owned(),
        };
        self.body = Content::Stream { content_type, body: body.inner };
    }

    fn refuse_non_object(&mut self, what: &str, value: &serde_json::Value) {
        let kind = match value {
            serde_json::Value::Null => "null",
            serde_json::Value::Bool(_) => "a boolean",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Array(_) => "an array",
            serde_json::Value::Object(_) => "an object",
        };
        self.encode_error.get_or_insert_with(|| {
            format!("{what} body must be an object, whose fields become the form's fields; this one is {kind}")
        });
    }
}
