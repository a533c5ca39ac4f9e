//! `cargo xtask swagger2`: the Swagger 2.0 gate. The set is pinned in
//! `swagger2/package-lock.json` (Kubernetes 1.10-1.13 from npm
//! kubernetes-client, AutoRest's test server specifications, ReadMe's 2.0
//! examples); `swagger2/prepare.js` writes each document as published and
//! swagger2openapi's conversion of it, made as the public directory makes
//! its own. Every 2.0 document must generate (no crash, no refusal), a seeded
//! sample of the crates must pass `cargo check`, and where a conversion
//! exists, the crate from the 2.0 document must have the same operations as
//! the crate from the conversion (types are compared and reported).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use openapi_rs_generator::{generate, CrateOptions, Generated, Input};

use crate::corpus::{check_one, draw_sample, seed_or_clock};
use crate::{root, run};

/// Where the pinned set is installed.
const SET_DIR: &str = "swagger2";

#[derive(clap::Args)]
pub struct Swagger2Args {
    /// How many of the generated crates to `cargo check` (a seeded sample).
    #[arg(long, default_value_t = 10)]
    compile: usize,
    /// The sample's seed (printed; default: from the clock).
    #[arg(long)]
    seed: Option<u64>,
}

/// One generated crate's face: operations (method, path, id), type names,
/// and deeper: each call's signature (parameters, body, answers) and each
/// type's shape.
struct Face {
    operations: BTreeSet<String>,
    types: BTreeSet<String>,
    signatures: BTreeSet<String>,
    shapes: BTreeSet<String>,
}

fn face(generated: &Generated) -> Face {
    let api = &generated.api;
    let operations = api.operations().map(|op| format!("{} {} ({})", op.http_method, op.path, op.id)).collect();
    let types = api.types.iter().map(|def| def.name.clone()).collect();
    let signatures = api
        .operations()
        .map(|op| {
            let params: Vec<String> = op
                .params
                .iter()
                .map(|p| format!("{} {:?} {} {:?} {:?}", p.wire_name, p.location, p.required, p.ty, p.style))
                .collect();
            let body = op.body.as_ref().map(|b| format!("{} {:?} {}", b.media_type, b.ty, b.required));
            // As a set: swagger2openapi sorts the answers, the 2.0 stage keeps the document's order.
            let answers: BTreeSet<String> =
                op.responses.iter().map(|r| format!("{:?} {:?}", r.status, r.body.as_ref().map(|b| &b.ty))).collect();
            format!("{}: {params:?} {body:?} {answers:?}", op.id)
        })
        .collect();
    let shapes = api.types.iter().map(|def| format!("{}: {:?}", def.name, def.kind)).collect();
    Face { operations, types, signatures, shapes }
}

fn options() -> CrateOptions {
    CrateOptions {
        crate_name: "swagger2-client".to_owned(),
        crate_version: "0.1.0".to_owned(),
        spec_file: "spec.json".to_owned(),
        standalone: true,
        ..Default::default()
    }
}

/// Generates in this process; a panic is a crash, not the end of the run.
fn generate_file(path: &Path) -> Result<Generated, String> {
    let path = path.to_path_buf();
    let outcome = std::panic::catch_unwind(move || {
        Input::read(&path).and_then(|input| generate(&input, &options())).map_err(|error| error.to_string())
    });
    outcome.unwrap_or_else(|_| Err("crash: the generator panicked".to_owned()))
}

/// Up to `limit` entries of `left` missing from `right`, for the report.
fn missing(left: &BTreeSet<String>, right: &BTreeSet<String>, limit: usize) -> Vec<String> {
    left.difference(right).take(limit).cloned().collect()
}

pub fn swagger2(args: &Swagger2Args) -> ExitCode {
    let root = root();
    let set = root.join(SET_DIR);
    if !set.join("node_modules/swagger2openapi").is_dir()
        && !run("npm", &["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix", SET_DIR], &[], &root)
    {
        eprintln!("the Swagger 2.0 set needs npm: install Node.js 18+ and npm, then rerun");
        return ExitCode::from(1);
    }
    let docs = root.join("target/swagger2/docs");
    let _ = std::fs::remove_dir_all(&docs);
    let docs_text = docs.to_string_lossy().into_owned();
    if !run("node", &["swagger2/prepare.js", &docs_text], &[], &root) {
        return ExitCode::from(1);
    }
    let mut originals: Vec<PathBuf> = std::fs::read_dir(&docs)
        .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    originals.retain(|path| path.to_string_lossy().ends_with(".20.json"));
    originals.sort();
    let started = Instant::now();
    let (mut generated, mut failed, mut compared, mut same_operations, mut same_types) = (0, 0, 0, 0, 0);
    let (mut same_signatures, mut same_shapes) = (0, 0);
    let mut differing = Vec::new();
    let mut crates: Vec<(String, Generated)> = Vec::new();
    for original in &originals {
        let name = original.file_name().unwrap_or_default().to_string_lossy().trim_end_matches(".20.json").to_owned();
        let ours = match generate_file(original) {
            Ok(ours) => ours,
            Err(error) => {
                failed += 1;
                println!("  {name}: does not generate: {}", error.lines().next().unwrap_or_default());
                continue;
            }
        };
        generated += 1;
        let conversion = original.with_file_name(format!("{name}.30.json"));
        if conversion.exists() {
            match generate_file(&conversion) {
                Ok(theirs) => {
                    compared += 1;
                    let (ours_face, theirs_face) = (face(&ours), face(&theirs));
                    if ours_face.operations == theirs_face.operations {
                        same_operations += 1;
                    } else {
                        differing.push(name.clone());
                        println!(
                            "  {name}: operations differ: only from 2.0 {:?}, only from the conversion {:?}",
                            missing(&ours_face.operations, &theirs_face.operations, 3),
                            missing(&theirs_face.operations, &ours_face.operations, 3)
                        );
                    }
                    same_signatures += usize::from(ours_face.signatures == theirs_face.signatures);
                    same_shapes += usize::from(ours_face.shapes == theirs_face.shapes);
                    if ours_face.signatures != theirs_face.signatures {
                        println!(
                            "  {name}: call signatures differ: from 2.0 {:?}, from the conversion {:?}",
                            missing(&ours_face.signatures, &theirs_face.signatures, 1),
                            missing(&theirs_face.signatures, &ours_face.signatures, 1)
                        );
                    }
                    if ours_face.shapes != theirs_face.shapes {
                        println!(
                            "  {name}: type shapes differ: from 2.0 {:?}, from the conversion {:?}",
                            missing(&ours_face.shapes, &theirs_face.shapes, 1),
                            missing(&theirs_face.shapes, &ours_face.shapes, 1)
                        );
                    }
                    if ours_face.types == theirs_face.types {
                        same_types += 1;
                    } else {
                        println!(
                            "  {name}: types differ: only from 2.0 {:?}, only from the conversion {:?}",
                            missing(&ours_face.types, &theirs_face.types, 3),
                            missing(&theirs_face.types, &ours_face.types, 3)
                        );
                    }
                }
                Err(error) => {
                    println!("  {name}: the conversion does not generate: {}", error.lines().next().unwrap_or_default())
                }
            }
        }
        crates.push((name, ours));
    }
    println!(
        "swagger2: {generated} of {} Swagger 2.0 documents generated, {failed} did not, in {:.1} s; \
         compared with swagger2openapi's conversion: {same_operations} of {compared} the same operations, \
         {same_types} of {compared} the same types, {same_signatures} of {compared} the same call signatures, \
         {same_shapes} of {compared} the same type shapes",
        originals.len(),
        started.elapsed().as_secs_f64()
    );
    let compiled = compile_sample(&root, &crates, args.compile, seed_or_clock(args.seed));
    if failed > 0 || !differing.is_empty() || originals.is_empty() || !compiled {
        eprintln!("swagger2: failed (a document that does not generate, operations that differ, or a crate that does not compile)");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// `cargo check` of a seeded sample of the generated crates, offline from
/// the workspace's lockfile.
fn compile_sample(root: &Path, crates: &[(String, Generated)], count: usize, seed: u64) -> bool {
    let chosen = draw_sample(crates.len(), count, seed);
    println!("swagger2 compile sample: {} of {} crates, seed {seed}", chosen.len(), crates.len());
    if chosen.is_empty() {
        return true;
    }
    if !run("cargo", &["fetch", "--locked"], &[], root) {
        return false;
    }
    let lock = std::fs::read(root.join("Cargo.lock")).unwrap_or_default();
    let target = root.join("target/swagger2/check");
    let started = Instant::now();
    let mut passed = 0;
    for index in &chosen {
        let (name, generated) = &crates[*index];
        let crate_dir = root.join("target/swagger2/crate");
        let _ = std::fs::remove_dir_all(&crate_dir);
        let outcome = openapi_rs_generator::write(&crate_dir, &generated.files)
            .map_err(|error| format!("cannot write: {error}"))
            .and_then(|_| check_one(root, &crate_dir, &lock, &target));
        match outcome {
            Ok(()) => passed += 1,
            Err(error) => println!("  {name}: {error}"),
        }
    }
    println!(
        "swagger2 compile sample seed {seed}: {passed} of {} pass in {:.0} s",
        chosen.len(),
        started.elapsed().as_secs_f64()
    );
    passed == chosen.len()
}
