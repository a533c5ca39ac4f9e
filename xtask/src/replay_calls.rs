//! One recorded interaction: matched to the operation it is a call of, turned
//! into Rust that makes the call with the generated method, and compared with
//! what the loopback server then received.

use openapi_rs_generator::ir::{Api, BodyEncoding, Operation, Param, ParamLocation, PathPart, TypeRef};
use serde_json::{json, Value};

/// What the recording says was sent and answered.
pub struct Interaction {
    pub id: String,
    scope: String,
    method: String,
    path: String,
    query: Vec<(String, String)>,
    /// JSON, or text for other media types; `None` when nothing was sent.
    body: Option<Value>,
    request_headers: Vec<(String, String)>,
    status: u64,
    response_headers: Vec<(String, String)>,
    response: Value,
    binary: bool,
}

/// How an interaction is replayed: the call (or why it cannot be made) and
/// what the document leaves out of it.
pub struct Plan {
    pub operation: Option<String>,
    /// The interaction whose call made this request (following its redirect,
    /// or paging), and which of that call's requests this one is.
    pub follows: Option<(usize, usize)>,
    pub call: Result<String, String>,
    /// The call made as `.items()`, drained, for an operation that pages.
    pub paged: Option<String>,
    pub notes: Vec<String>,
}

/// Headers the transport sets itself, never the recording's.
const FRAMING: [&str; 5] = ["content-length", "transfer-encoding", "connection", "content-encoding", "keep-alive"];

/// Headers as a recording's object or the harness's list of pairs.
fn headers(value: Option<&Value>) -> Vec<(String, String)> {
    if let Some(Value::Array(pairs)) = value {
        return pairs
            .iter()
            .filter_map(|pair| Some((pair.get(0)?.as_str()?.to_ascii_lowercase(), pair.get(1)?.as_str()?.to_owned())))
            .collect();
    }
    let Some(Value::Object(map)) = value else { return Vec::new() };
    map.iter()
        .map(|(name, value)| {
            let text = match value {
                Value::String(text) => text.clone(),
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "),
                other => other.to_string(),
            };
            (name.to_ascii_lowercase(), text)
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = text.get(index + 1..index + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                index += 1;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn split_target(target: &str) -> (String, Vec<(String, String)>) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let pairs = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect();
    (path.to_owned(), pairs)
}

/// Percent-decoded segments; a trailing slash leaves an empty one (`/` has none).
fn segments(path: &str) -> Vec<String> {
    if path == "/" {
        return Vec::new();
    }
    path.split('/').skip(1).map(decode).collect()
}

/// The recording's origin (`https://api.github.com` for `https://api.github.com:443`).
fn origin(scope: &str) -> String {
    scope.trim_end_matches(":443").trim_end_matches(":80").to_owned()
}

fn media_type(headers: &[(String, String)]) -> Option<String> {
    let (_, value) = headers.iter().find(|(name, _)| name == "content-type")?;
    Some(value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
}

impl Interaction {
    pub fn from_recording(id: String, recorded: Value) -> Self {
        let text = |key: &str| recorded.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
        let (path, query) = split_target(&text("path"));
        let body = match recorded.get("body") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) if text.is_empty() => None,
            Some(other) => Some(other.clone()),
        };
        Interaction {
            id,
            scope: text("scope"),
            method: text("method").to_ascii_uppercase(),
            path,
            query,
            body,
            request_headers: headers(recorded.get("reqheaders")),
            status: recorded.get("status").and_then(Value::as_u64).unwrap_or(200),
            response_headers: headers(recorded.get("headers")),
            response: recorded.get("response").cloned().unwrap_or(Value::Null),
            binary: recorded.get("responseIsBinary").and_then(Value::as_bool).unwrap_or(false),
        }
    }

    /// The recorded answer, as the harness's server serves it.
    /// The recorded 3xx's `Location` when it stays on the recording's origin
    /// and `next` is the request that follows it: one call made both.
    pub fn redirects_to(&self, next: &Interaction) -> bool {
        let location = self.header("location");
        (300..400).contains(&self.status) && location.is_some_and(|location| self.leads_to(location, next))
    }

    /// The recorded page's `Link: <…>; rel="next"` is `next`'s request: the
    /// same call's `.items()` made both.
    pub fn pages_to(&self, next: &Interaction) -> bool {
        let link = self.header("link").unwrap_or_default();
        let next_link = link.split(',').find_map(|entry| {
            let (target, params) = entry.trim().strip_prefix('<')?.split_once('>')?;
            params.split(';').any(|param| param.trim() == "rel=\"next\"").then_some(target)
        });
        (200..300).contains(&self.status) && next_link.is_some_and(|target| self.leads_to(target, next))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.response_headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// `target` (relative, or absolute on the recording's own origin) is `next`'s request.
    fn leads_to(&self, target: &str, next: &Interaction) -> bool {
        let own = origin(&self.scope);
        let target = if target.starts_with('/') { Some(target) } else { target.strip_prefix(own.as_str()) };
        let next_target = match next.query.is_empty() {
            true => next.path.clone(),
            false => format!(
                "{}?{}",
                next.path,
                next.query.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("&")
            ),
        };
        self.scope == next.scope && target.is_some_and(|t| decode(t) == decode(&next_target))
    }

    pub fn answer(&self) -> Value {
        let body = match &self.response {
            Value::String(text) => text.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        // A redirect or page link on the recording's own origin stays on the
        // replay's: the server puts its own address where `{origin}` stands.
        let own = origin(&self.scope);
        let headers: Vec<(String, String)> = self
            .response_headers
            .iter()
            .filter(|(name, _)| !FRAMING.contains(&name.as_str()))
            .map(|(name, value)| match name.as_str() {
                "location" | "link" if !own.is_empty() => (name.clone(), value.replace(&own, "{origin}")),
                _ => (name.clone(), value.clone()),
            })
            .collect();
        json!({"status": self.status, "headers": headers, "body": body, "binary": self.binary})
    }

    /// "as recorded", or each way the request the server received differs.
    pub fn differences(&self, received: &Value, notes: &[String]) -> String {
        let field = |key: &str| received.get(key).and_then(Value::as_str).unwrap_or_default();
        let (path, mut query) = split_target(field("target"));
        let mut differences = Vec::new();
        if field("method") != self.method {
            differences.push(format!("method {} (recorded {})", field("method"), self.method));
        }
        if segments(&path) != segments(&self.path) {
            differences.push(format!("path {path} (recorded {})", self.path));
        }
        let mut recorded_query = self.query.clone();
        query.sort();
        recorded_query.sort();
        if query != recorded_query {
            differences.push(format!("query {query:?} (recorded {recorded_query:?})"));
        }
        let sent_body = field("body");
        let body_equal = match &self.body {
            None => sent_body.is_empty(),
            Some(Value::String(text)) => sent_body == text,
            Some(value) => serde_json::from_str::<Value>(sent_body).ok().as_ref() == Some(value),
        };
        if !body_equal {
            differences.push("body".to_owned());
        }
        let sent_headers = headers(received.get("headers"));
        if self.body.is_some() && media_type(&sent_headers) != media_type(&self.request_headers) {
            differences.push(format!(
                "body media type {} (recorded {})",
                media_type(&sent_headers).unwrap_or_default(),
                media_type(&self.request_headers).unwrap_or_default()
            ));
        }
        match differences.is_empty() {
            true => "as recorded".to_owned(),
            false if notes.is_empty() => format!("differs: {}", differences.join("; ")),
            false => format!("differs: {} ({})", differences.join("; "), notes.join("; ")),
        }
    }
}

/// The path parameter values when `op`'s template matches the recorded
/// path; a parameter may span several segments (`heads/main`).
fn match_path(op: &Operation, path: &[String]) -> Option<(usize, Vec<(usize, String)>)> {
    fn walk(parts: &[PathPart], path: &[String], literals: usize, out: &mut Vec<(usize, String)>) -> Option<usize> {
        let Some((first, rest)) = parts.split_first() else { return path.is_empty().then_some(literals) };
        match first {
            PathPart::Literal(text) => {
                (path.first() == Some(text)).then(|| walk(rest, &path[1..], literals + 1, out)).flatten()
            }
            // The client's setting (at its default) fills one segment.
            PathPart::Setting(_) => {
                path.first().is_some_and(|s| !s.is_empty()).then(|| walk(rest, &path[1..], literals, out)).flatten()
            }
            // Only a trailing parameter spans segments (`contents/{path}`,
            // `git/refs/{ref}`), and never over an empty one.
            PathPart::Param(index) => {
                let longest = if rest.is_empty() { path.len() } else { path.len().min(1) };
                (1..=longest).take_while(|take| !path[take - 1].is_empty()).find_map(|take| {
                    let mut attempt = out.clone();
                    attempt.push((*index, path[..take].join("/")));
                    let found = walk(rest, &path[take..], literals, &mut attempt)?;
                    *out = attempt;
                    Some(found)
                })
            }
        }
    }
    // The template as segments: literals split on `/`, each parameter one part.
    let parts: Vec<PathPart> = op
        .path_parts
        .iter()
        .flat_map(|part| match part {
            PathPart::Literal(text) => {
                text.split('/').filter(|s| !s.is_empty()).map(|s| PathPart::Literal(s.to_owned())).collect()
            }
            PathPart::Param(index) => vec![PathPart::Param(*index)],
            PathPart::Setting(wire) => vec![PathPart::Setting(wire.clone())],
        })
        .collect();
    let mut values = Vec::new();
    let literals = walk(&parts, path, 0, &mut values)?;
    Some((literals, values))
}

/// A Rust literal of `text` in a raw string no `#` run inside can close
/// (shared with `corpus_examples.rs`, which writes programs too).
pub(crate) fn raw(text: &str) -> String {
    let hashes = (1..).map(|n| "#".repeat(n)).find(|h| !text.contains(&format!("\"{h}"))).unwrap_or_default();
    format!("r{hashes}\"{text}\"{hashes}")
}

/// A binding and an expression holding `values` as the parameter's type.
fn value(param: &Param, values: &[String], binding: usize) -> Result<(String, String), String> {
    let name = &param.wire_name;
    let single = values.first().cloned().unwrap_or_default();
    let simple = match &param.ty {
        TypeRef::String => Some(format!("{single:?}")),
        TypeRef::I32 | TypeRef::I64 => Some(
            single.parse::<i64>().map_err(|_| format!("{name}: the recorded value is not an integer"))?.to_string(),
        ),
        TypeRef::F64 => Some(format!("{:?}", single.parse::<f64>().map_err(|_| format!("{name}: not a number"))?)),
        TypeRef::Bool => Some(single.parse::<bool>().map_err(|_| format!("{name}: not a boolean"))?.to_string()),
        _ => None,
    };
    if let Some(expression) = simple {
        return Ok((String::new(), expression));
    }
    let json = match &param.ty {
        TypeRef::Vec(_) if values.len() == 1 => json!(single.split(',').collect::<Vec<_>>()),
        TypeRef::Vec(_) => json!(values),
        _ => json!(single),
    };
    let variable = format!("value{binding}");
    let line = format!(
        "        let {variable} = serde_json::from_str({}).map_err(|e| format!(\"parameter {name}: {{e}}\"))?;\n",
        raw(&json.to_string())
    );
    Ok((line, variable))
}

/// The operation a recorded request is a call of, and the call.
pub fn plan_call(api: &Api, interaction: &Interaction) -> Plan {
    let path = segments(&interaction.path);
    let best = api
        .groups
        .iter()
        .flat_map(|group| group.operations.iter().map(move |op| (group, op)))
        .filter(|(_, op)| op.http_method.eq_ignore_ascii_case(&interaction.method))
        .filter_map(|(group, op)| match_path(op, &path).map(|(literals, values)| (literals, group, op, values)))
        .max_by_key(|(literals, _, op, _)| (*literals, std::cmp::Reverse(op.path_parts.len())));
    let Some((_, group, op, path_values)) = best else {
        let reason = if interaction.scope.contains("api.github.com") {
            format!("no operation of the document is {} {}", interaction.method, interaction.path)
        } else {
            format!("an answer from {} (a redirect's target), not an operation", interaction.scope)
        };
        return Plan { operation: None, follows: None, call: Err(reason), paged: None, notes: Vec::new() };
    };
    let mut notes = Vec::new();
    let (call, paged) = match build_call(group.module.as_str(), op, interaction, &path_values, &mut notes) {
        Ok(call) => (Ok(call.sent()), op.pagination.is_some().then(|| call.paged())),
        Err(reason) => (Err(reason), None),
    };
    Plan { operation: Some(format!("{} {} ({})", op.http_method, op.path, op.id)), follows: None, call, paged, notes }
}

/// A call as Rust: the bindings it needs, the builder, and how it is sent.
struct Call {
    bindings: String,
    builder: String,
    send: &'static str,
}

impl Call {
    fn sent(&self) -> String {
        format!("{}        Ok(server::outcome({}.{}().await))\n", self.bindings, self.builder, self.send)
    }

    /// Every page through `.items()`; the outcome is the first error, if any.
    fn paged(&self) -> String {
        format!(
            "{}        let mut items = {}.items();\n        let mut drained = Ok(());\n        \
             while let Some(item) = items.next().await {{\n            \
             if let Err(error) = item {{\n                drained = Err(error);\n                break;\n            }}\n        }}\n        \
             Ok(server::outcome(drained))\n",
            self.bindings, self.builder
        )
    }
}

fn build_call(
    module: &str,
    op: &Operation,
    interaction: &Interaction,
    path_values: &[(usize, String)],
    notes: &mut Vec<String>,
) -> Result<Call, String> {
    let mut bindings = String::new();
    let mut arguments = Vec::new();
    let mut setters = String::new();
    for (binding, (index, param)) in op.params.iter().enumerate().enumerate() {
        let values: Vec<String> = match param.location {
            ParamLocation::Path => path_values.iter().filter(|(i, _)| *i == index).map(|(_, v)| v.clone()).collect(),
            ParamLocation::Query => interaction
                .query
                .iter()
                .filter(|(name, _)| *name == param.wire_name || name.trim_end_matches("[]") == param.wire_name)
                .map(|(_, value)| value.clone())
                .collect(),
            ParamLocation::Header | ParamLocation::Cookie => Vec::new(),
        };
        if values.is_empty() {
            if param.required {
                return Err(format!("the recording has no value for the required parameter {}", param.wire_name));
            }
            continue;
        }
        let (line, expression) = value(param, &values, binding)?;
        bindings.push_str(&line);
        if param.required {
            arguments.push(expression);
        } else {
            setters.push_str(&format!(".{}({expression})", param.rust_name));
        }
    }
    for (name, _) in &interaction.query {
        if !op.params.iter().any(|p| p.location == ParamLocation::Query && p.wire_name == *name) {
            notes.push(format!("the document has no query parameter {name}"));
        }
    }
    match (&op.body, &interaction.body) {
        (Some(body), Some(recorded)) => {
            let expression = match (body.encoding, &body.ty, recorded) {
                (BodyEncoding::Multipart, _, _) => return Err("a multipart body is not replayed".to_owned()),
                (_, TypeRef::String | TypeRef::Bytes, Value::String(text)) => format!("{text:?}"),
                (_, _, recorded) => {
                    let text = match recorded {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    };
                    bindings.push_str(&format!(
                        "        let body = serde_json::from_str({}).map_err(|e| format!(\"the recorded body does not fit the body type: {{e}}\"))?;\n",
                        raw(&text)
                    ));
                    "body".to_owned()
                }
            };
            if body.required {
                arguments.push(expression);
            } else {
                setters.push_str(&format!(".body({expression})"));
            }
        }
        (Some(body), None) if body.required => {
            return Err("the recording sent no body; the document requires one".to_owned())
        }
        (None, Some(_)) => notes.push("the document declares no request body".to_owned()),
        _ => {}
    }
    // A raw body goes with the media type the recording gave it.
    if op.body.as_ref().is_some_and(|body| body.encoding == BodyEncoding::Bytes) {
        if let Some((_, media_type)) = interaction.request_headers.iter().find(|(name, _)| name == "content-type") {
            setters.push_str(&format!(".content_type({media_type:?})"));
        }
    }
    // The recording's own headers: GitHub's document declares no security
    // scheme, so the token goes as a per-call header, as octokit sent it. An
    // `accept` the operation offers is chosen with `accept`, and one that is
    // not JSON is read whole with `send_raw`.
    let mut send = "send_with_response";
    for (name, value) in &interaction.request_headers {
        let essence = value.split(';').next().unwrap_or_default().trim();
        let offered = op.accepts.iter().any(|media_type| media_type.eq_ignore_ascii_case(essence));
        if name == "accept" && offered {
            setters.push_str(&format!(".accept({essence:?})"));
            if !essence.ends_with("json") {
                send = "send_raw";
            }
        } else if name == "accept" || name == "authorization" {
            setters.push_str(&format!(".header({name:?}, {value:?})"));
        }
    }
    let builder = format!("client.{module}().{}({}){setters}", op.method_name, arguments.join(", "));
    Ok(Call { bindings, builder, send })
}
