//! Lowering: the typed model (openapiv3) to the IR. Resolves references to
//! parameters, bodies and responses, picks media types, and turns schemas into
//! the type space.

mod examples;
mod form;
mod headers;
mod layout;
mod multipart;
mod payload;
mod responses;
#[cfg(test)]
mod responses_tests;
mod schema;
mod security;
#[cfg(test)]
pub(crate) mod test_support;
mod view;

use crate::error::{Diagnostic, Result};
use crate::frontend::Model;
use crate::ir::*;
use crate::json_pointer::{escape_pointer_segment, unescape_pointer};
use layout::LayoutChoice;
use openapiv3::{
    Components, MediaType, OpenAPI, Parameter as OaParameter, ParameterSchemaOrContent, PathItem,
    QueryStyle, ReferenceOr, RequestBody as OaRequestBody, Response as OaResponse,
    SecurityScheme as OaScheme,
};
use payload::{Payload, PayloadKind, component_hint};
use schema::{Lowered, SchemaLowering};
use std::path::Path;

pub fn lower(model: &Model) -> Result<Api> {
    let api = &model.api;
    let mut ctx = Lowering {
        file: &model.file,
        components: api.components.as_ref(),
        schemas: SchemaLowering::new(&model.file, api.components.as_ref(), &model.schema_origins),
        warnings: Vec::new(),
    };
    ctx.schemas.lower_components()?;
    let mut operations = Vec::new();
    for (key, item) in &api.paths.paths {
        let item_pointer = crate::json_pointer::pointer(["paths", key.as_str()]);
        let path = ctx.request_path(key, &item_pointer);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                ctx.warn(
                    &item_pointer,
                    format!("path item `$ref: {reference}` is not followed; the path is skipped"),
                );
                continue;
            }
        };
        for (method, op) in operations_of(item) {
            let op_pointer = format!("{item_pointer}/{}", method.as_str().to_lowercase());
            operations.push(ctx.operation(api, path, item, method, op, &op_pointer)?);
        }
    }
    // Webhook payloads are types the client receives elsewhere: lower their schemas too.
    for (name, item) in &model.webhooks {
        if let ReferenceOr::Item(item) = item {
            for (method, op) in operations_of(item) {
                let pointer = crate::json_pointer::pointer([
                    "webhooks",
                    name.as_str(),
                    &method.as_str().to_lowercase(),
                ]);
                if let Some(body) = &op.request_body {
                    let hint = format!("{name} webhook");
                    ctx.request_body(body, &hint, &format!("{pointer}/requestBody"))?;
                }
            }
        }
    }
    let security_schemes = ctx.security_schemes();
    ctx.schemas.finish();
    ctx.warnings.append(&mut ctx.schemas.warnings);
    Ok(Api {
        title: api.info.title.clone(),
        description: api.info.description.clone(),
        version: api.info.version.clone(),
        servers: servers(api),
        operations,
        security_schemes,
        credentials: Vec::new(),
        fallbacks: std::mem::take(&mut ctx.schemas.fallbacks),
        warnings: ctx.warnings,
        types: std::mem::take(&mut ctx.schemas.types),
        examples: std::mem::take(&mut ctx.schemas.examples.examples),
    })
}

fn operations_of(item: &PathItem) -> impl Iterator<Item = (Method, &openapiv3::Operation)> {
    [
        (Method::Get, &item.get),
        (Method::Put, &item.put),
        (Method::Post, &item.post),
        (Method::Delete, &item.delete),
        (Method::Options, &item.options),
        (Method::Head, &item.head),
        (Method::Patch, &item.patch),
        (Method::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
}

fn servers(api: &OpenAPI) -> Vec<Server> {
    api.servers
        .iter()
        .map(|s| {
            let mut url = s.url.clone();
            for (name, var) in s.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &var.default);
            }
            Server {
                url,
                description: s.description.clone(),
            }
        })
        .collect()
}

struct Lowering<'a> {
    file: &'a Path,
    components: Option<&'a Components>,
    schemas: SchemaLowering<'a>,
    warnings: Vec<Warning>,
}

/// Follows `#/components/<section>/<name>` references, allowing chains.
fn resolve<'a, T>(
    file: &Path,
    item: &'a ReferenceOr<T>,
    section: &str,
    lookup: impl Fn(&str) -> Option<&'a ReferenceOr<T>>,
    pointer: &str,
) -> Result<&'a T> {
    let mut current = item;
    for _ in 0..32 {
        match current {
            ReferenceOr::Item(t) => return Ok(t),
            ReferenceOr::Reference { reference } => {
                let prefix = format!("#/components/{section}/");
                let Some(name) = reference.strip_prefix(&prefix) else {
                    return Err(Diagnostic::new(
                        file,
                        format!("`$ref: {reference}` should point into `{prefix}`"),
                    )
                    .at(pointer)
                    .into());
                };
                current = lookup(&unescape_pointer(name)).ok_or_else(|| {
                    Diagnostic::new(file, format!("`$ref: {reference}` points at nothing"))
                        .at(pointer)
                })?;
            }
        }
    }
    Err(Diagnostic::new(file, "`$ref` chain loops")
        .at(pointer)
        .into())
}

impl<'a> Lowering<'a> {
    /// The path requests go to: a path key may hold a query (sent as
    /// written) or a fragment (which no request carries: dropped), both said.
    fn request_path<'k>(&mut self, key: &'k str, pointer: &str) -> &'k str {
        let (path, fragment) = key.split_once('#').unwrap_or((key, ""));
        if !fragment.is_empty() || key.ends_with('#') {
            self.warn(
                pointer,
                format!(
                    "path `{key}` holds a fragment (`#{fragment}`), which a request never \
                     carries: its operations are sent to `{path}`"
                ),
            );
        }
        if let Some((_, query)) = path.split_once('?') {
            self.warn(
                pointer,
                format!(
                    "path `{key}` holds a query (`?{query}`): it is sent as written, before \
                     the operation's own query parameters"
                ),
            );
        }
        path
    }

    fn warn(&mut self, pointer: &str, message: String) {
        self.warnings.push(Warning {
            pointer: pointer.to_string(),
            message,
        });
    }

    fn operation(
        &mut self,
        api: &OpenAPI,
        path: &str,
        item: &PathItem,
        method: Method,
        op: &openapiv3::Operation,
        pointer: &str,
    ) -> Result<Operation> {
        let base_name = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => {
                self.warn(
                    pointer,
                    "no operationId: the method is named from the HTTP method and path".into(),
                );
                format!("{} {}", method.as_str().to_lowercase(), path_words(path))
            }
        };
        let mut parameters: Vec<Parameter> = Vec::new();
        let op_params = op
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{pointer}/parameters/{i}")));
        let item_pointer = pointer.rsplit_once('/').map_or("", |(a, _)| a).to_string();
        let path_params = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{item_pointer}/parameters/{i}")));
        // Operation parameters override path-level ones with the same name and place.
        for (param, param_pointer) in op_params.chain(path_params) {
            let components = self.components;
            let param = resolve(
                self.file,
                param,
                "parameters",
                |n| components.and_then(|c| c.parameters.get(n)),
                &param_pointer,
            )?;
            let lowered = self.parameter(param, &base_name, &param_pointer)?;
            if !parameters
                .iter()
                .any(|p| p.wire_name == lowered.wire_name && p.location == lowered.location)
            {
                parameters.push(lowered);
            }
        }
        if has_stray_brace(path) {
            self.warn(
                &item_pointer,
                format!(
                    "the path `{path}` has a brace that is not part of a `{{name}}` placeholder: \
                     it is sent as written"
                ),
            );
        }
        for name in path_template_names(path) {
            if !parameters
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == name)
            {
                self.warn(
                    pointer,
                    format!("path parameter `{name}` is not declared: taken as a required string"),
                );
                parameters.push(Parameter {
                    wire_name: name.clone(),
                    name,
                    location: ParamLocation::Path,
                    required: true,
                    ty: TypeRef::Primitive(Primitive::String),
                    style: ParamStyle::Form,
                    explode: false,
                    description: None,
                    deprecated: false,
                    default: None,
                    constraints: Constraints::default(),
                    layout: None,
                });
            }
        }
        let template = path_template_names(path);
        parameters.retain(|p| p.location != ParamLocation::Path || template.contains(&p.wire_name));
        // Stable order: path parameters in template order first.
        parameters.sort_by_key(|p| match p.location {
            ParamLocation::Path => template.iter().position(|n| *n == p.wire_name).unwrap_or(0),
            _ => usize::MAX,
        });
        let body = match &op.request_body {
            Some(body) => self.request_body(
                body,
                &format!("{base_name} body"),
                &format!("{pointer}/requestBody"),
            )?,
            None => None,
        };
        let responses = self.responses(op, &base_name, pointer)?;
        let requirement = op.security.as_ref().or(api.security.as_ref());
        let (authenticated, security) = match requirement {
            Some(reqs) if reqs.is_empty() => (false, Vec::new()),
            Some(reqs) => {
                let mut names: Vec<String> = reqs.iter().flat_map(|r| r.keys().cloned()).collect();
                names.dedup();
                (
                    !names.is_empty() || reqs.iter().all(|r| !r.is_empty()),
                    names,
                )
            }
            None => (true, Vec::new()),
        };
        // `security: [{}]` means "no credentials needed" too.
        let authenticated = authenticated
            && !requirement.is_some_and(|r| r.iter().any(|x| x.is_empty()) && r.len() == 1);
        Ok(Operation {
            operation_id: op.operation_id.clone(),
            type_name: String::new(),
            name: base_name,
            method,
            path: path.to_string(),
            tags: op.tags.clone(),
            summary: op.summary.clone().or_else(|| item.summary.clone()),
            description: op.description.clone().or_else(|| item.description.clone()),
            deprecated: op.deprecated,
            parameters,
            body,
            responses,
            authenticated,
            security,
            pointer: pointer.to_string(),
            pagination: None,
        })
    }

    fn parameter(
        &mut self,
        param: &OaParameter,
        op_name: &str,
        pointer: &str,
    ) -> Result<Parameter> {
        let (data, location, style) = match param {
            OaParameter::Query {
                parameter_data,
                style,
                ..
            } => (
                parameter_data,
                ParamLocation::Query,
                match style {
                    QueryStyle::Form => ParamStyle::Form,
                    QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParamStyle::DeepObject,
                },
            ),
            OaParameter::Header { parameter_data, .. } => {
                (parameter_data, ParamLocation::Header, ParamStyle::Form)
            }
            OaParameter::Path { parameter_data, .. } => {
                (parameter_data, ParamLocation::Path, ParamStyle::Form)
            }
            OaParameter::Cookie { parameter_data, .. } => {
                (parameter_data, ParamLocation::Cookie, ParamStyle::Form)
            }
        };
        let hint = format!("{op_name} {}", data.name);
        let mut pattern = None;
        let (lowered, constraints, default, schema_doc) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let lowered = self
                    .schemas
                    .type_of(schema, &hint, &format!("{pointer}/schema"))?;
                // A referenced schema's limits apply as much as inline ones.
                let resolved = self.schemas.schema_of(schema);
                pattern = resolved.and_then(|s| self.schemas.value_pattern(s));
                let (constraints, default, doc) = match resolved {
                    Some(s) => (
                        constraints_of(s),
                        s.schema_data.default.clone(),
                        schema::doc_of(s),
                    ),
                    None => (Constraints::default(), None, None),
                };
                (lowered, constraints, default, doc)
            }
            ParameterSchemaOrContent::Content(content) => {
                let lowered = match content.values().next().and_then(|m| m.schema.as_ref()) {
                    Some(schema) => {
                        self.schemas
                            .type_of(schema, &hint, &format!("{pointer}/content"))?
                    }
                    None => Lowered {
                        ty: TypeRef::Primitive(Primitive::String),
                        nullable: false,
                    },
                };
                (lowered, Constraints::default(), None, None)
            }
        };
        let explode = data.explode.unwrap_or(
            style == ParamStyle::Form
                && location != ParamLocation::Path
                && location != ParamLocation::Header,
        );
        let ty = match lowered.ty {
            TypeRef::Option(inner) => *inner,
            ty => ty,
        };
        let layout = match layout::date_time_layout(&self.schemas.types, &ty, pattern.as_deref()) {
            LayoutChoice::Default => None,
            LayoutChoice::Layout(layout) => Some(layout),
            LayoutChoice::Unmet(why) => {
                self.warn(
                    &format!("{pointer}/schema"),
                    format!("parameter `{}`: {why}", data.name),
                );
                None
            }
        };
        let components = self.components;
        self.schemas
            .examples
            .parameter(components, data, pointer, &ty);
        Ok(Parameter {
            wire_name: data.name.clone(),
            name: data.name.clone(),
            location,
            required: location == ParamLocation::Path || (data.required && !lowered.nullable),
            ty,
            style,
            explode,
            description: data.description.clone().or(schema_doc),
            deprecated: data.deprecated.unwrap_or(false),
            default,
            constraints,
            layout,
        })
    }

    fn request_body(
        &mut self,
        body: &ReferenceOr<OaRequestBody>,
        hint: &str,
        pointer: &str,
    ) -> Result<Option<RequestBody>> {
        let body = match body {
            ReferenceOr::Item(body) => Payload::of_body(body),
            ReferenceOr::Reference { reference } => {
                self.payload(reference, PayloadKind::Body, pointer)?
            }
        };
        let Some((content_type, media)) = preferred_media(body.content) else {
            return Ok(None);
        };
        let hint = match &body.component {
            Some((name, kind)) => component_hint(name, *kind),
            None => hint.to_string(),
        };
        let hint = hint.as_str();
        let media_pointer = format!(
            "{pointer}/content/{}/schema",
            escape_pointer_segment(content_type)
        );
        let class = classify(content_type);
        let kind = match class {
            MediaClass::Json | MediaClass::Form | MediaClass::Multipart => {
                let ty = match &media.schema {
                    Some(schema) => {
                        let lowered = self.schemas.type_of(schema, hint, &media_pointer)?;
                        lowered.ty
                    }
                    None => TypeRef::Any,
                };
                match class {
                    MediaClass::Json => BodyKind::Json(ty),
                    MediaClass::Form => {
                        form::form_body(&self.schemas.types, ty).map_err(|shape| {
                            Diagnostic::new(
                                self.file,
                                format!(
                                    "an `{content_type}` body must be an object (its fields become the form's fields) or a string (sent as written); this one is {shape}"
                                ),
                            )
                            .at(&media_pointer)
                        })?
                    }
                    _ => BodyKind::Multipart(ty),
                }
            }
            MediaClass::Text => BodyKind::Text,
            MediaClass::Binary | MediaClass::Stream | MediaClass::Events => BodyKind::Binary,
        };
        let part_types = match kind {
            BodyKind::Multipart(_) => multipart::part_types(media),
            _ => Vec::new(),
        };
        let content_pointer = format!("{pointer}/content");
        let ty = examples::body_type(&kind);
        let components = self.components;
        let examples = &mut self.schemas.examples;
        examples.content(components, body.content, &content_pointer, content_type, ty);
        Ok(Some(RequestBody {
            required: body.required,
            description: body.description.map(str::to_string),
            content_type: content_type.to_string(),
            kind,
            part_types,
        }))
    }
}

fn constraints_of(schema: &openapiv3::Schema) -> Constraints {
    let v = view::view(schema);
    v.constraints
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaClass {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
    /// NDJSON and the like: open-ended, handed over as bytes.
    Stream,
    /// `text/event-stream`.
    Events,
}

fn classify(content_type: &str) -> MediaClass {
    let ct = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if ct == "application/json"
        || ct.ends_with("+json")
        || ct == "*/*"
        || ct == "application/*"
        || ct == "text/json"
    {
        MediaClass::Json
    } else if ct == "application/x-www-form-urlencoded" {
        MediaClass::Form
    } else if ct.starts_with("multipart/") {
        MediaClass::Multipart
    } else if ct == "text/event-stream" {
        MediaClass::Events
    } else if ct.ends_with("x-ndjson") || ct == "application/jsonl" || ct.ends_with("stream+json") {
        MediaClass::Stream
    } else if ct.starts_with("text/") || ct.ends_with("+xml") || ct == "application/xml" {
        MediaClass::Text
    } else {
        MediaClass::Binary
    }
}

/// The media type the client speaks: JSON first, then forms, bytes, text;
/// server-sent events only where nothing else is offered (beside another
/// type they are read by a method of their own: [`event_stream_media`]).
fn preferred_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    let rank = |ct: &str| match classify(ct) {
        MediaClass::Json if ct.starts_with("application/json") => 0,
        MediaClass::Json => 1,
        MediaClass::Stream => 2,
        MediaClass::Form => 3,
        MediaClass::Multipart => 4,
        MediaClass::Binary => 5,
        MediaClass::Text => 6,
        MediaClass::Events => 7,
    };
    content
        .iter()
        .min_by_key(|(ct, _)| rank(ct))
        .map(|(ct, m)| (ct.as_str(), m))
}

fn path_template_names(path: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in path_pieces(path) {
        if let PathPiece::Param(name) = piece
            && !out.iter().any(|n| n == name)
        {
            out.push(name.to_string());
        }
    }
    out
}

/// Whether a path template has a brace outside its placeholders.
fn has_stray_brace(path: &str) -> bool {
    path_pieces(path)
        .iter()
        .any(|p| matches!(p, PathPiece::Text(t) if t.contains(['{', '}'])))
}

/// `/pets/{petId}/photos` → "pets by petId photos".
fn path_words(path: &str) -> String {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(param) => format!("by {param}"),
                None => s.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join(" ")
}
