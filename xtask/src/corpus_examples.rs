//! `cargo xtask corpus --examples N|all`: the corpus documents' own response
//! examples (the authors' real data) decoded into the generated types. For a
//! seeded sample of the documents below 5 MB, every JSON example an
//! operation gives for a response (`example`, `examples`) is decoded by a
//! program compiled against the document's crate; failures are counted by
//! class. Results merge by document into `corpus/examples.tsv`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_rs_generator::ir::{Api, BodyEncoding, TypeRef};
use serde_json::Value;

use crate::corpus::{draw_sample, today};
use crate::examples::workspace_profiles;
use crate::replay_calls::raw;

const RESULTS: &str = "corpus/examples.tsv";
const MAX_DOCUMENT_BYTES: u64 = 5 * 1024 * 1024;

/// The Rust type a response body decodes into, as the example program names it.
fn rust_type(ty: &TypeRef, lib: &str) -> Option<String> {
    Some(match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Date => "chrono::NaiveDate".to_owned(),
        TypeRef::DateTime => format!("{lib}::Timestamp"),
        TypeRef::Bytes | TypeRef::File | TypeRef::Redirect => return None,
        TypeRef::Any => "serde_json::Value".to_owned(),
        TypeRef::FreeFormObject => "serde_json::Map<String, serde_json::Value>".to_owned(),
        TypeRef::Named(name) => format!("{lib}::types::{name}"),
        TypeRef::Vec(inner) => format!("Vec<{}>", rust_type(inner, lib)?),
        TypeRef::Map(inner) => format!("std::collections::HashMap<String, {}>", rust_type(inner, lib)?),
        TypeRef::Option(inner) => format!("Option<{}>", rust_type(inner, lib)?),
        TypeRef::Box(inner) => format!("Box<{}>", rust_type(inner, lib)?),
        TypeRef::Nullable(inner) => format!("{lib}::Nullable<{}>", rust_type(inner, lib)?),
    })
}

/// The value at a JSON pointer, following local `$ref`s on the way.
fn at<'v>(document: &'v Value, pointer: &str) -> Option<&'v Value> {
    let mut current = document;
    for token in pointer.split('/').skip(1) {
        current = follow(document, current)?;
        let token = token.replace("~1", "/").replace("~0", "~");
        current = match current {
            Value::Object(map) => map.get(&token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    follow(document, current)
}

fn follow<'v>(document: &'v Value, mut value: &'v Value) -> Option<&'v Value> {
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => value = at(document, reference.strip_prefix('#')?)?,
            None => return Some(value),
        }
    }
    None
}

/// (operation, status, type, example) for every JSON response example.
fn documented_examples(api: &Api, document: &Value, lib: &str) -> Vec<(String, String, String, Value)> {
    let mut found = Vec::new();
    for op in api.operations() {
        let Some(responses) = at(document, &format!("{}/responses", op.pointer)) else { continue };
        for response in &op.responses {
            let Some(body) = response.body.as_ref().filter(|b| b.encoding == BodyEncoding::Json) else { continue };
            let Some(ty) = rust_type(&body.ty, lib) else { continue };
            let status = match &response.status {
                openapi_rs_generator::ir::StatusMatch::Code(code) => code.to_string(),
                openapi_rs_generator::ir::StatusMatch::Range(range) => format!("{range}XX"),
                openapi_rs_generator::ir::StatusMatch::Default => "default".to_owned(),
            };
            let media = responses
                .get(&status)
                .or_else(|| responses.get(status.to_ascii_lowercase()))
                .and_then(|r| follow(document, r))
                .and_then(|r| r.get("content"))
                .and_then(|content| content.get(&body.media_type));
            let Some(media) = media else { continue };
            let mut values: Vec<Value> = media.get("example").cloned().into_iter().collect();
            if let Some(Value::Object(examples)) = media.get("examples") {
                values.extend(
                    examples.values().filter_map(|e| follow(document, e)).filter_map(|e| e.get("value")).cloned(),
                );
            }
            for value in values {
                found.push((op.id.clone(), status.clone(), ty.clone(), value));
            }
        }
    }
    found
}

fn program(examples: &[(String, String, String, Value)]) -> String {
    let mut text = String::from(
        "//! Written by `cargo xtask corpus --examples`: the document's own response examples.\n\
         #![allow(clippy::all)]\n\
         fn check<T: serde::de::DeserializeOwned>(operation: &str, status: &str, json: &str) {\n\
         \x20   let mut deserializer = serde_json::Deserializer::from_str(json);\n\
         \x20   match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {\n\
         \x20       Ok(_) => println!(\"ok\\t{operation}\\t{status}\"),\n\
         \x20       Err(error) => println!(\"fail\\t{operation}\\t{status}\\t{}\\t{}\", error.path(), error.inner().to_string().replace(['\\t', '\\n'], \" \")),\n\
         \x20   }\n\
         }\n\nfn main() {\n",
    );
    for (operation, status, ty, value) in examples {
        text.push_str(&format!("    check::<{ty}>({operation:?}, {status:?}, {});\n", raw(&value.to_string())));
    }
    text.push_str("}\n");
    text
}

/// A failure's class: what went wrong, without the document's own names.
fn class(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    if message.contains("not a timestamp") {
        return "a timestamp the runtime does not read".to_owned();
    }
    if message.contains("not a date") {
        return "a date the runtime does not read".to_owned();
    }
    if message.contains("no alternative decodes") {
        return "no union alternative decodes".to_owned();
    }
    if message.contains("fields of alternative") {
        return "a union alternative holding the value fails".to_owned();
    }
    if message.starts_with("missing field") {
        return "a required field is missing".to_owned();
    }
    match message.split_once(", expected ") {
        Some((found, expected)) => {
            let found = found.split(['"', '`']).next().unwrap_or(found).trim();
            let expected = expected.split(" of ").next().unwrap_or(expected);
            format!("{found}, expected {expected}")
        }
        None => message.chars().take(60).collect(),
    }
}

/// One document's examples: how many, how many decode, failures by class.
struct Measured {
    examples: usize,
    decoded: usize,
    failures: BTreeMap<String, usize>,
}

impl Measured {
    fn line(&self, document: &str) -> String {
        let failures: Vec<String> = self.failures.iter().map(|(class, n)| format!("{n} {class}")).collect();
        format!("{document}\t{}\t{}\t{}", self.examples, self.decoded, failures.join("; "))
    }

    fn parse(line: &str) -> Option<(String, Measured)> {
        let mut fields = line.split('\t');
        let document = fields.next()?.to_owned();
        let examples = fields.next()?.parse().ok()?;
        let decoded = fields.next()?.parse().ok()?;
        let failures = fields
            .next()
            .unwrap_or_default()
            .split("; ")
            .filter_map(|part| part.split_once(' '))
            .filter_map(|(n, class)| Some((class.to_owned(), n.parse().ok()?)))
            .collect();
        Some((document, Measured { examples, decoded, failures }))
    }
}

/// `cargo xtask corpus --examples N|all`: a seeded sample of `count` of
/// `documents` (those below 5 MB), merged by document into
/// `corpus/examples.tsv` so shards add up. False when a document decodes
/// fewer of its examples than in that baseline.
pub fn examples_pass(root: &Path, documents: &[(String, PathBuf)], count: usize, seed: u64) -> bool {
    let candidates: Vec<&(String, PathBuf)> = documents
        .iter()
        .filter(|(_, path)| std::fs::metadata(path).is_ok_and(|m| m.len() < MAX_DOCUMENT_BYTES))
        .collect();
    let chosen = draw_sample(candidates.len(), count, seed);
    println!("examples: {} of {} documents below 5 MB, seed {seed}", chosen.len(), candidates.len());
    let scratch = root.join("target/corpus-examples");
    let _ = std::fs::remove_dir_all(&scratch);
    let results = root.join(RESULTS);
    let mut baseline: BTreeMap<String, Measured> = std::fs::read_to_string(&results)
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(Measured::parse)
        .collect();
    let mut regressions = Vec::new();
    let mut unbuilt = 0;
    for (position, index) in chosen.iter().enumerate() {
        let (name, path) = candidates[*index];
        let lib = format!("doc{position}");
        let lines = match run_document(root, &scratch, path, &lib) {
            Ok(Some(lines)) => lines,
            Ok(None) => continue,
            Err(error) => {
                unbuilt += 1;
                println!("  {name}: {error}");
                continue;
            }
        };
        let mut measured = Measured { examples: 0, decoded: 0, failures: BTreeMap::new() };
        for line in lines.lines() {
            match line.split('\t').collect::<Vec<_>>().as_slice() {
                ["ok", ..] => {
                    measured.examples += 1;
                    measured.decoded += 1;
                }
                ["fail", operation, status, at, message] => {
                    println!("  {name} {operation} {status} at {at}: {message}");
                    measured.examples += 1;
                    *measured.failures.entry(class(message)).or_default() += 1;
                }
                _ => {}
            }
        }
        if let Some(before) = baseline.get(name) {
            if measured.decoded < before.decoded {
                regressions
                    .push(format!("{name}: {} of its examples decode, {} before", measured.decoded, before.decoded));
            }
        }
        baseline.insert(name.clone(), measured);
    }
    let (examples, decoded) =
        baseline.values().fold((0, 0), |(all, ok), measured| (all + measured.examples, ok + measured.decoded));
    let mut classes: BTreeMap<&str, usize> = BTreeMap::new();
    for measured in baseline.values() {
        for (class, n) in &measured.failures {
            *classes.entry(class.as_str()).or_default() += n;
        }
    }
    let summary = format!(
        "{} documents with JSON response examples: {decoded} of {examples} examples decode ({:.1}%)",
        baseline.len(),
        100.0 * decoded as f64 / examples.max(1) as f64
    );
    println!("{summary}{}", if unbuilt > 0 { format!("; {unbuilt} programs did not build") } else { String::new() });
    let mut by_count: Vec<(&&str, &usize)> = classes.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (class, count) in &by_count {
        println!("  {count:>5}  {class}");
    }
    let mut text = format!(
        "# The corpus documents' own JSON response examples decoded into the generated types\n\
         # (cargo xtask corpus --examples N; last run {}, seed {seed}; rows merge by document).\n# {summary}\n\
         # document\texamples\tdecoded\tfailures by class\n",
        today()
    );
    for (document, measured) in &baseline {
        text.push_str(&measured.line(document));
        text.push('\n');
    }
    if let Err(error) = std::fs::write(&results, text) {
        eprintln!("cannot write {RESULTS}: {error}");
        return false;
    }
    for regression in &regressions {
        eprintln!("  regression: {regression}");
    }
    regressions.is_empty()
}

/// The example program's output, `None` when the document gives no examples.
fn run_document(root: &Path, scratch: &Path, path: &Path, lib: &str) -> Result<Option<String>, String> {
    let options = openapi_rs_generator::CrateOptions {
        crate_name: lib.to_owned(),
        crate_version: "0.0.0".to_owned(),
        spec_file: "document".to_owned(),
        standalone: true,
        ..Default::default()
    };
    let generated = openapi_rs_generator::Input::read(path)
        .and_then(|input| openapi_rs_generator::generate(&input, &options))
        .map_err(|_| "does not generate")?;
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let document = openapi_rs_generator::effective_document(&openapi_rs_generator::Input::text(&text))
        .map_err(|_| "does not load")?;
    let examples = documented_examples(&generated.api, &document, lib);
    if examples.is_empty() {
        return Ok(None);
    }
    let dir = scratch.join(lib);
    openapi_rs_generator::write(&dir, &generated.files).map_err(|e| e.to_string())?;
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
    // The crate is its own workspace; it shares the profiles and the lockfile.
    let manifest = manifest.replace("[workspace]\n", &format!("[workspace]\n\n{}", workspace_profiles(root)));
    std::fs::create_dir_all(dir.join("examples"))
        .and_then(|()| std::fs::write(dir.join("Cargo.toml"), manifest))
        .and_then(|()| std::fs::write(dir.join("examples/documented.rs"), program(&examples)))
        .and_then(|()| std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map(|_| ()))
        .map_err(|e| e.to_string())?;
    let output = Command::new("cargo")
        .args(["run", "--quiet", "--example", "documented"])
        .env("CARGO_TARGET_DIR", root.join("target/corpus-examples-target"))
        .env("CARGO_INCREMENTAL", "0")
        .current_dir(&dir)
        .output()
        .map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&dir);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("the example program failed: {}", crate::corpus::first_error_line(&stderr)));
    }
    Ok(Some(String::from_utf8_lossy(&output.stdout).into_owned()))
}
