//! `cargo xtask generate | check`: thin commands over the generator library.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use generator::{CrateOptions, Generated, Severity};

mod bench;

// Emitting allocates millions of small token trees; mimalloc makes that
// about a fifth cheaper than the system allocator (measured, see README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The workspace root, fixed at build time so the release binary works from
/// any directory.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

const HERO_SPEC: &str = "spec/hero-public-api.yaml";
const HERO_OVERLAY: &str = "spec/overlay.yaml";
const HERO_OUT: &str = "generated-client";
const HERO_CRATE: &str = "hero-health";
/// The version when generated-client/Cargo.toml does not say (first run).
const HERO_FIRST_VERSION: &str = "0.1.0";
const HERO_GUIDES: &str = "spec/guides";
/// Where partners find the Hero crate's source (Cargo.toml `repository`).
const HERO_REPOSITORY: &str = "https://github.com/herohealth/hero-health-rust";

/// The crate's current version, from its Cargo.toml, so regenerating keeps it.
fn current_version(out: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).ok()?;
    manifest.lines().find_map(|line| line.strip_prefix("version = \"").and_then(|rest| rest.strip_suffix('"')).map(str::to_owned))
}


const USAGE: &str = "usage:
  cargo xtask generate [--spec PATH [--overlay PATH] --out DIR [--name CRATE] [--version VERSION]
                       [--repository URL] [--guides DIR]] [--strict] [--verbose]
      Writes a client crate (default: the Hero crate from spec/, with spec/overlay.yaml, into generated-client/),
      all files or none. --strict: any warning stops the run. Exit status: 0 generated, 1 the input has errors
      (or a file cannot be written), 2 bad command line.
  cargo xtask diff OLD NEW [--overlay F]... [--new-overlay F]... [--version V]
      Lists the public-API changes from document OLD to NEW (each with the overlays, in order; --new-overlay
      for NEW if they differ), breaking or not, and the semver bump they call for from version V (default: the
      Hero crate's). `generate` writes the same entries into the crate's CHANGELOG.md.
  cargo xtask mark-released
      After publishing: the Hero crate's API becomes the baseline the changelog and the version guard compare with.
  cargo xtask check
      Regenerates the Hero crate in memory; fails, naming each file, if generated-client/ is stale.
  cargo xtask contract-spec
      Writes the Hero document with the overlay applied to target/contract/hero-public-api.json,
      the document the contract test's Prism mock serves.
  cargo xtask examples
      Generates a crate for every example and fixture document; its tests pass, clippy and rustdoc pass with -D warnings.
      Then generates GitHub's API (bench/specs) and runs clippy -D warnings on it.
  cargo xtask bench [--runs N] [--builds]
      Whole-process generation time and peak memory against progenitor 0.15.1 (installed into
      target/peers if missing) on the Hero document, a 10x enlargement of it and GitHub's; with
      --builds, also the build times and sizes of the generated crates. Prints a Markdown table.
  cargo xtask fuzz [--target generate|mutate] [--seconds N]
      Runs the cargo-fuzz targets (nightly; cargo-fuzz installed into target/peers if missing), N seconds each
      (default 300); new corpus entries in target/fuzz-corpus, crashes in fuzz/artifacts.
  cargo xtask test
      Every test: cargo test --workspace, clippy -D warnings, docs without warnings, then `examples`.";

struct Args {
    spec: PathBuf,
    overlay: Option<PathBuf>,
    out: PathBuf,
    name: String,
    version: String,
    standalone: bool,
    verbose: bool,
    /// Warnings stop the run, as errors do.
    strict: bool,
    repository: Option<String>,
    guides: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut spec = None;
    let mut overlay = None;
    let mut out = None;
    let mut name = None;
    let mut version = None;
    let mut verbose = false;
    let mut strict = false;
    let mut repository = None;
    let mut guides = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| iter.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--spec" => spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--overlay" => overlay = Some(PathBuf::from(value("--overlay")?)),
            "--name" => name = Some(value("--name")?),
            "--version" => version = Some(value("--version")?),
            "--verbose" | "-v" => verbose = true,
            "--strict" => strict = true,
            "--repository" => repository = Some(value("--repository")?),
            "--guides" => guides = Some(PathBuf::from(value("--guides")?)),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let root = root();
    match (spec, out) {
        (None, None) if overlay.is_none() => Ok(Args {
            spec: root.join(HERO_SPEC),
            overlay: Some(root.join(HERO_OVERLAY)),
            out: root.join(HERO_OUT),
            name: name.unwrap_or_else(|| HERO_CRATE.to_owned()),
            version: version.or_else(|| current_version(&root.join(HERO_OUT))).unwrap_or_else(|| HERO_FIRST_VERSION.to_owned()),
            standalone: false,
            verbose,
            strict,
            repository: Some(repository.unwrap_or_else(|| HERO_REPOSITORY.to_owned())),
            guides: Some(guides.unwrap_or_else(|| root.join(HERO_GUIDES))),
        }),
        (Some(spec), Some(out)) => {
            let name = match name {
                Some(name) => name,
                None => default_crate_name(&spec),
            };
            if !is_valid_crate_name(&name) {
                return Err(format!("crate name {name:?} is not valid: use letters, digits, `-` and `_`, starting with a letter"));
            }
            let version = version.or_else(|| current_version(&out)).unwrap_or_else(|| "0.1.0".to_owned());
            Ok(Args { spec, overlay, out, name, version, standalone: true, verbose, strict, repository, guides })
        }
        _ => Err("--spec and --out go together, and --overlay needs --spec".to_owned()),
    }
}

fn default_crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let name = name.trim_matches('-').to_owned();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        format!("{name}-client")
    } else {
        "api-client".to_owned()
    }
}

fn is_valid_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn run_generator(args: &Args) -> Result<Generated, ExitCode> {
    let options = CrateOptions {
        crate_name: args.name.clone(),
        crate_version: args.version.clone(),
        spec_file: args.spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        standalone: args.standalone,
        repository: args.repository.clone(),
        guides: match &args.guides {
            Some(dir) => generator::emit::read_guides(dir).map_err(|message| {
                eprintln!("error: {message}");
                ExitCode::from(1)
            })?,
            None => Vec::new(),
        },
    };
    let generated = generator::generate_from_path(&args.spec, args.overlay.as_deref(), &options).map_err(|error| {
        eprintln!("{}: {error}", args.spec.display());
        ExitCode::from(1)
    })?;
    let warnings: Vec<_> = generated.diagnostics.iter().filter(|d| d.severity == Severity::Warning).collect();
    if args.strict && !warnings.is_empty() {
        eprintln!("{}: --strict: {} warning(s) stop the run; nothing was written:", args.spec.display(), warnings.len());
        for warning in warnings {
            eprintln!("{warning}");
        }
        return Err(ExitCode::from(1));
    }
    Ok(generated)
}

fn print_warnings(generated: &Generated, verbose: bool) {
    let warnings: Vec<_> = generated.diagnostics.iter().filter(|d| d.severity == Severity::Warning).collect();
    let shown = if verbose { warnings.len() } else { warnings.len().min(10) };
    for warning in &warnings[..shown] {
        eprintln!("{warning}");
    }
    if shown < warnings.len() {
        eprintln!("... and {} more warning(s); --verbose lists them all", warnings.len() - shown);
    }
}

fn generate(args: &[String]) -> ExitCode {
    let args = match parse_args(args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    let generated = match run_generator(&args) {
        Ok(generated) => generated,
        Err(code) => return code,
    };
    let report = match generator::write::write(&args.out, &generated.files) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: cannot write into {}: {error}", args.out.display());
            return ExitCode::from(1);
        }
    };
    let elapsed = start.elapsed();
    if let Some(baseline) = read_surface(&args.out.join(BASELINE_FILE)) {
        match update_changelog(&args.out, &baseline, &generated) {
            Ok(Some(summary)) => println!("{summary}"),
            Ok(None) => {}
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(1);
            }
        }
    }
    print_warnings(&generated, args.verbose);
    let api = &generated.api;
    println!("{} {} -> {} (crate `{}`)", api.title, api.version, args.out.display(), args.name);
    println!("  operations: {} in {} groups", api.operations().count(), api.groups.len());
    println!("  types:      {} ({} identical inline types merged)", api.types.len(), api.merged_types);
    println!(
        "  files:      {} written, {} unchanged, {} removed",
        report.written.len(),
        report.unchanged,
        report.removed.len()
    );
    for path in report.written.iter().chain(report.removed.iter()).take(20) {
        println!("    {path}");
    }
    let warnings = generated.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    println!("  warnings:   {warnings}");
    let stages: Vec<String> = generated.timings.iter().map(|(stage, took)| format!("{stage} {:.1}", took.as_secs_f64() * 1000.0)).collect();
    println!("  time:       {:.1} ms ({} ms, then write)", elapsed.as_secs_f64() * 1000.0, stages.join(", "));
    ExitCode::SUCCESS
}

fn read_surface(path: &Path) -> Option<generator::surface::Surface> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

const CHANGELOG_HEADER: &str = "# Changelog\n\nThe `(unreleased)` entry is rewritten by every `cargo xtask generate`: the public-API changes\nsince the last release (`api-baseline.json`), breaking or not for a Rust user, and the semver\nbump they call for. `cargo xtask mark-released` closes it when the crate is published.\n";
/// The public API of the last published version.
const BASELINE_FILE: &str = "api-baseline.json";
const UNRELEASED: &str = " (unreleased)";

/// Splits a changelog into its header, its unreleased entry (dropped) and
/// the released entries.
fn changelog_parts(text: &str) -> (String, String) {
    let header_end = text.find("\n## ").map_or(text.len(), |i| i + 1);
    let (header, entries) = text.split_at(header_end);
    let released = if entries.lines().next().is_some_and(|line| line.contains(UNRELEASED)) {
        entries[1..].find("\n## ").map_or("", |i| &entries[i + 2..])
    } else {
        entries
    };
    (header.to_owned(), released.to_owned())
}

/// Rewrites CHANGELOG.md's unreleased entry: the changes from the last
/// release (`baseline`) to what was just generated.
fn update_changelog(out: &Path, baseline: &generator::surface::Surface, generated: &Generated) -> Result<Option<String>, String> {
    let current: generator::surface::Surface = generated
        .files
        .get(generator::emit::SURFACE_FILE)
        .and_then(|text| serde_json::from_str(text).ok())
        .ok_or("internal error: no API surface was generated")?;
    let path = out.join("CHANGELOG.md");
    let old = std::fs::read_to_string(&path).unwrap_or_else(|_| CHANGELOG_HEADER.to_owned());
    let (header, released) = changelog_parts(&old);
    let changes = generator::surface::diff(baseline, &current);
    let entry = generator::emit::changelog_entry(baseline, &current, &changes, &generated.api)?;
    let text = match &entry {
        Some(entry) => format!("{}{}\n{}", header, entry.trim_end(), if released.is_empty() { String::new() } else { format!("\n{released}") }),
        None => format!("{header}{released}"),
    };
    if text != old {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let Some(_) = entry else { return Ok(None) };
    let bump = generator::surface::required_bump(&baseline.version, &changes);
    let breaking = changes.iter().filter(|c| c.impact == generator::surface::Impact::Breaking).count();
    let verdict = if generator::surface::version_allows(&baseline.version, &current.version, bump) {
        format!("version {} is right", current.version)
    } else {
        format!("bump the version: cargo xtask generate --version {}", generator::surface::bumped(&baseline.version, bump))
    };
    Ok(Some(format!("  changelog:  {} change(s) since {}, {breaking} breaking: a {bump} release; {verdict}", changes.len(), baseline.version)))
}

/// `cargo xtask mark-released`: the crate as generated is what was
/// published: its API becomes the baseline, its changelog entry released.
fn mark_released() -> ExitCode {
    let out = root().join(HERO_OUT);
    let result = std::fs::copy(out.join(generator::emit::SURFACE_FILE), out.join(BASELINE_FILE)).map_err(|e| e.to_string()).and_then(|_| {
        let path = out.join("CHANGELOG.md");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, text.replacen(UNRELEASED, "", 1)).map_err(|e| e.to_string())
    });
    match result {
        Ok(()) => {
            println!("{} is the new baseline; the changelog entry is marked released", out.join(BASELINE_FILE).display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

/// `cargo xtask diff OLD NEW`: the public-API changes between two versions
/// of a document, classified, with the semver bump they call for.
fn diff(args: &[String]) -> ExitCode {
    let mut positional = Vec::new();
    let mut overlays: Vec<PathBuf> = Vec::new();
    let mut new_overlays: Vec<PathBuf> = Vec::new();
    let mut version = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--overlay" => overlays.extend(iter.next().map(PathBuf::from)),
            "--new-overlay" => new_overlays.extend(iter.next().map(PathBuf::from)),
            "--version" => version = iter.next().cloned(),
            other if !other.starts_with("--") => positional.push(PathBuf::from(other)),
            other => {
                eprintln!("error: unknown argument {other:?}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let [old, new] = positional.as_slice() else {
        eprintln!("error: diff takes two documents\n{USAGE}");
        return ExitCode::from(2);
    };
    let root = root();
    let version = version.or_else(|| current_version(&root.join(HERO_OUT))).unwrap_or_else(|| HERO_FIRST_VERSION.to_owned());
    let options = CrateOptions { crate_name: "diff".to_owned(), crate_version: version.clone(), ..Default::default() };
    if new_overlays.is_empty() {
        new_overlays = overlays.clone();
    }
    let surface = |path: &Path, overlays: &[PathBuf]| -> Result<generator::surface::Surface, String> {
        let generated = if overlays.len() <= 1 {
            generator::generate_from_path(path, overlays.first().map(PathBuf::as_path), &options)
        } else {
            // Several overlays: applied in order, then generated from the result.
            let (text, _) = generator::read_inputs(path, None).map_err(|e| e.to_string())?;
            let mut document = generator::effective_document(&text, None).map_err(|e| e.to_string())?;
            for overlay in overlays {
                let (overlay_text, _) = generator::read_inputs(overlay, None).map_err(|e| e.to_string())?;
                generator::overlay::apply(&mut document, &overlay_text).map_err(|d| format!("{}: {d}", overlay.display()))?;
            }
            generator::generate(&document.to_string(), None, &options)
        };
        generated.map(|g| generator::surface::Surface::of(&g.api, &version)).map_err(|e| format!("{}: {e}", path.display()))
    };
    let (old_surface, new_surface) = match (surface(old, &overlays), surface(new, &new_overlays)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let changes = generator::surface::diff(&old_surface, &new_surface);
    let bump = generator::surface::required_bump(&version, &changes);
    let breaking = changes.iter().filter(|c| c.impact == generator::surface::Impact::Breaking).count();
    println!("{} -> {}: {} change(s), {breaking} breaking, {} added", old.display(), new.display(), changes.len(), changes.len() - breaking);
    for change in &changes {
        println!("  {change}");
    }
    println!("Proposed bump: {bump} ({version} -> {})", generator::surface::bumped(&version, bump));
    ExitCode::SUCCESS
}

fn check(args: &[String]) -> ExitCode {
    let args = match parse_args(args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let generated = match run_generator(&args) {
        Ok(generated) => generated,
        Err(code) => return code,
    };
    let stale = generator::write::check(&args.out, &generated.files);
    if stale.is_empty() {
        println!("{} is up to date ({} files)", args.out.display(), generated.files.len());
        return ExitCode::SUCCESS;
    }
    eprintln!("{} is stale: {} file(s) differ from what the generator produces:", args.out.display(), stale.len());
    for entry in &stale {
        eprintln!("  {entry}");
    }
    eprintln!("run `cargo xtask generate` and commit the result (never edit generated files by hand)");
    ExitCode::from(1)
}

/// Runs a command from the workspace root; false if it failed to start or failed.
pub(crate) fn run(program: &str, args: &[&str], envs: &[(&str, &str)], dir: &Path) -> bool {
    println!("$ {program} {}", args.join(" "));
    let status = std::process::Command::new(program).args(args).envs(envs.iter().copied()).current_dir(dir).status();
    match status {
        Ok(status) if status.success() => true,
        Ok(status) => {
            eprintln!("`{program} {}` failed: {status}", args.join(" "));
            false
        }
        Err(error) => {
            eprintln!("cannot run {program}: {error}");
            false
        }
    }
}

/// Documents whose generated crates must compile cleanly.
fn example_documents(root: &Path) -> Vec<PathBuf> {
    let mut documents = Vec::new();
    for dir in ["generator/tests/specs/oas-examples-3.0", "generator/tests/fixtures"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
            documents.extend(
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json"))),
            );
        }
    }
    documents.sort();
    documents
}

/// Generates every example into one scratch workspace under target/ and
/// lints it, sharing the main target folder so dependencies build once.
fn examples() -> ExitCode {
    let root = root();
    let scratch = root.join("target/generated-examples");
    let _ = std::fs::remove_dir_all(&scratch);
    let mut members = Vec::new();
    for document in example_documents(&root) {
        let stem = document.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let name = format!("example-{}", default_crate_name(&document).trim_end_matches("-client"));
        let options = CrateOptions { crate_name: name, crate_version: "0.1.0".to_owned(), spec_file: stem.clone(), standalone: false, ..Default::default() };
        let generated = match generator::generate_from_path(&document, None, &options) {
            Ok(generated) => generated,
            Err(error) => {
                // The README promises every example document generates: a
                // document that stops generating is a regression, not a skip.
                eprintln!("{} does not generate:\n{error}", document.display());
                return ExitCode::from(1);
            }
        };
        let out = scratch.join(&stem);
        if let Err(error) = generator::write::write(&out, &generated.files) {
            eprintln!("cannot write {}: {error}", out.display());
            return ExitCode::from(1);
        }
        members.push(format!("\"{stem}\""));
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n{}", members.join(", "), workspace_profiles(&root));
    let lock = std::fs::read(root.join("Cargo.lock")).unwrap_or_default();
    if std::fs::write(scratch.join("Cargo.toml"), manifest).and_then(|()| std::fs::write(scratch.join("Cargo.lock"), lock)).is_err() {
        eprintln!("cannot write the scratch workspace in {}", scratch.display());
        return ExitCode::from(1);
    }
    println!("{} example crates generated in {}", members.len(), scratch.display());
    let target = root.join("target");
    let target = target.to_string_lossy();
    // Built once and thrown away: incremental state would only take disk.
    let envs = [("CARGO_TARGET_DIR", target.as_ref()), ("CARGO_INCREMENTAL", "0")];
    if !run("cargo", &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"], &envs, &scratch) {
        return ExitCode::from(1);
    }
    // The generated sample-decoding tests and the README doctests of each crate.
    if !run("cargo", &["test", "--workspace", "--quiet"], &envs, &scratch) {
        return ExitCode::from(1);
    }
    let doc_envs = [envs[0], envs[1], ("RUSTDOCFLAGS", "-D warnings")];
    if !run("cargo", &["doc", "--workspace", "--no-deps", "--quiet"], &doc_envs, &scratch) {
        return ExitCode::from(1);
    }
    large_documents(&root)
}

/// The `[profile.*]` tables of the workspace manifest, for scratch workspaces
/// that share its target folder: with the same profiles their dependencies
/// are the ones already built, not a second set on disk.
fn workspace_profiles(root: &Path) -> String {
    profile_tables(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default())
}

fn profile_tables(manifest: &str) -> String {
    let mut profiles = String::new();
    let mut in_profile = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_profile = line.starts_with("[profile.");
        }
        if in_profile && !line.trim_start().starts_with('#') {
            profiles.push_str(line);
            profiles.push('\n');
        }
    }
    profiles
}

/// Documents too large to build tests for in CI: each generated crate must
/// pass clippy with -D warnings (library code only).
const LARGE_DOCUMENTS: &[&str] = &["bench/specs/api.github.com.json"];

fn large_documents(root: &Path) -> ExitCode {
    let target = root.join("target");
    let target = target.to_string_lossy();
    let lock = std::fs::read(root.join("Cargo.lock")).unwrap_or_default();
    for document in LARGE_DOCUMENTS {
        let document = root.join(document);
        let stem = document.file_stem().map(|s| s.to_string_lossy().replace('.', "-")).unwrap_or_default();
        let options = CrateOptions { crate_name: format!("large-{stem}"), crate_version: "0.1.0".to_owned(), spec_file: stem.clone(), standalone: true, ..Default::default() };
        let started = Instant::now();
        let generated = match generator::generate_from_path(&document, None, &options) {
            Ok(generated) => generated,
            Err(error) => {
                eprintln!("{}: {error}", document.display());
                return ExitCode::from(1);
            }
        };
        let out = root.join("target/generated-large").join(&stem);
        let shared_profiles = || -> std::io::Result<()> {
            let manifest = out.join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest)?;
            std::fs::write(&manifest, format!("{text}\n{}", workspace_profiles(root)))
        };
        if generator::write::write(&out, &generated.files).and_then(|_| shared_profiles()).and_then(|_| std::fs::write(out.join("Cargo.lock"), &lock)).is_err() {
            eprintln!("cannot write {}", out.display());
            return ExitCode::from(1);
        }
        println!("{}: {} operations generated in {:.0} ms", document.display(), generated.api.operations().count(), started.elapsed().as_secs_f64() * 1000.0);
        if !run("cargo", &["clippy", "--quiet", "--", "-D", "warnings"], &[("CARGO_TARGET_DIR", target.as_ref()), ("CARGO_INCREMENTAL", "0")], &out) {
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

/// Where the contract test finds the document Prism serves.
const CONTRACT_SPEC: &str = "target/contract/hero-public-api.json";

fn contract_spec() -> ExitCode {
    let root = root();
    let written = generator::read_inputs(&root.join(HERO_SPEC), Some(&root.join(HERO_OVERLAY)))
        .and_then(|(text, overlay)| generator::effective_document(&text, overlay.as_deref()))
        .map_err(|error| error.to_string())
        .and_then(|document| serde_json::to_string_pretty(&document).map_err(|error| error.to_string()))
        .and_then(|text| {
            let path = root.join(CONTRACT_SPEC);
            std::fs::create_dir_all(path.parent().unwrap_or(&root)).map_err(|e| e.to_string())?;
            std::fs::write(&path, text).map_err(|e| e.to_string())?;
            Ok(path)
        });
    match written {
        Ok(path) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

/// Installs Prism from contract/package-lock.json when it is not there yet.
fn install_prism(root: &Path) -> bool {
    if root.join("contract/node_modules/.bin/prism").exists() {
        return true;
    }
    run("npm", &["ci", "--no-audit", "--no-fund", "--prefix", "contract"], &[], root)
}

fn test() -> ExitCode {
    let root = root();
    if !install_prism(&root) {
        eprintln!("the contract test needs Prism: install Node.js 18+ and npm, then rerun");
        return ExitCode::from(1);
    }
    if contract_spec() != ExitCode::SUCCESS {
        return ExitCode::from(1);
    }
    type Step<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);
    let steps: [Step; 3] = [
        (&["test", "--workspace", "--all-targets"], &[]),
        (&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[]),
        (&["doc", "-p", "hero-health", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")]),
    ];
    for (args, envs) in steps {
        if !run("cargo", args, envs, &root) {
            return ExitCode::from(1);
        }
    }
    // Doctests are not an --all-targets target.
    if !run("cargo", &["test", "--workspace", "--doc"], &[], &root) {
        return ExitCode::from(1);
    }
    examples()
}

fn fuzz(args: &[String], root: &Path) -> ExitCode {
    let mut targets = vec!["generate", "mutate"];
    let mut seconds = "300".to_owned();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match (arg.as_str(), iter.next()) {
            ("--target", Some(target)) if target == "generate" || target == "mutate" => targets = vec![if target == "generate" { "generate" } else { "mutate" }],
            ("--seconds", Some(value)) if value.parse::<u32>().is_ok() => seconds = value.clone(),
            _ => {
                eprintln!("error: bad fuzz arguments\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let peers = root.join("target/peers");
    let cargo_fuzz = peers.join("bin/cargo-fuzz");
    if !cargo_fuzz.exists() {
        let peers = peers.to_string_lossy();
        if !run("cargo", &["install", "cargo-fuzz", "--locked", "--version", "0.13.2", "--root", &peers], &[], root) {
            return ExitCode::from(1);
        }
    }
    let path = format!("{}:{}", peers.join("bin").display(), std::env::var("PATH").unwrap_or_default());
    let fuzz_target = root.join("target/fuzz");
    let fuzz_target = fuzz_target.to_string_lossy();
    // cargo-fuzz passes unstable flags; without a nightly toolchain the
    // stable one accepts them when told it is bootstrapping.
    let nightly = Command::new("rustc").args(["+nightly", "--version"]).output().is_ok_and(|o| o.status.success());
    let toolchain: &[&str] = if nightly { &["+nightly"] } else { &[] };
    let mut envs = vec![("PATH", path.as_str()), ("CARGO_TARGET_DIR", fuzz_target.as_ref())];
    if !nightly {
        envs.push(("RUSTC_BOOTSTRAP", "1"));
    }
    for target in targets {
        let corpus = root.join("target/fuzz-corpus").join(target);
        if std::fs::create_dir_all(&corpus).is_err() {
            eprintln!("cannot create {}", corpus.display());
            return ExitCode::from(1);
        }
        let corpus = corpus.to_string_lossy().into_owned();
        let seeds = format!("corpus/{target}");
        let time = format!("-max_total_time={seconds}");
        let args = ["fuzz", "run", "-O", target, &corpus, &seeds, "--", &time, "-timeout=10", "-rss_limit_mb=4096", "-print_final_stats=1"];
        let args: Vec<&str> = toolchain.iter().copied().chain(args).collect();
        if !run("cargo", &args, &envs, &root.join("fuzz")) {
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // A panic is a bug in the generator, never the input's fault: report it
    // as a failed run (exit 1), not Rust's 101.
    match std::panic::catch_unwind(|| dispatch(&args)) {
        Ok(code) => code,
        Err(_) => {
            eprintln!("internal error: the generator panicked (a bug; please report it with the document)");
            ExitCode::from(1)
        }
    }
}

fn dispatch(args: &[String]) -> ExitCode {
    match args.first().map(String::as_str) {
        Some("generate") => generate(&args[1..]),
        Some("check") => check(&args[1..]),
        Some("diff") => diff(&args[1..]),
        Some("mark-released") => mark_released(),
        Some("examples") => examples(),
        Some("contract-spec") => contract_spec(),
        Some("bench") => bench::run(&args[1..], &root()),
        Some("test") => test(),
        Some("fuzz") => fuzz(&args[1..], &root()),
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::profile_tables;

    #[test]
    fn profile_tables_keeps_every_profile_table_and_nothing_else() {
        let manifest = "[workspace]\nmembers = [\"a\"]\n\n[profile.release]\ndebug = false\n\n# why\n[profile.dev.package.\"*\"]\nopt-level = 1\n\n[workspace.package]\nedition = \"2021\"\n";
        assert_eq!(profile_tables(manifest), "[profile.release]\ndebug = false\n\n[profile.dev.package.\"*\"]\nopt-level = 1\n\n");
    }
}
