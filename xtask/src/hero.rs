//! `cargo xtask generate | check | diff | mark-released`: the generator's
//! commands (`openapi_rs_generator::cli`, as the installable binary runs them) with the
//! Hero defaults, plus the maintainer's changelog: each `generate` rewrites the
//! crate's unreleased entry against the last release's API.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use openapi_rs_generator::cli::{self, DiffRequest, GenerateRequest};
use openapi_rs_generator::Generated;

use crate::{
    root, HERO_CRATE, HERO_FIRST_VERSION, HERO_GUIDES, HERO_OUT, HERO_OVERLAY, HERO_REPOSITORY, HERO_SPEC, USAGE,
};

/// The arguments of `generate` and `check`: none means the Hero crate.
fn parse_args(args: &[String]) -> Result<GenerateRequest, String> {
    let mut spec = None;
    let mut overlay = None;
    let mut out = None;
    let mut name = None;
    let mut version = None;
    let mut verbose = false;
    let mut strict = false;
    let mut keep_unknown_fields = false;
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
            "--keep-unknown-fields" => keep_unknown_fields = true,
            "--repository" => repository = Some(value("--repository")?),
            "--guides" => guides = Some(PathBuf::from(value("--guides")?)),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let root = root();
    match (spec, out) {
        (None, None) if overlay.is_none() => Ok(GenerateRequest {
            spec: root.join(HERO_SPEC),
            overlay: Some(root.join(HERO_OVERLAY)),
            out: root.join(HERO_OUT),
            name: name.unwrap_or_else(|| HERO_CRATE.to_owned()),
            version: version
                .or_else(|| cli::current_version(&root.join(HERO_OUT)))
                .unwrap_or_else(|| HERO_FIRST_VERSION.to_owned()),
            standalone: false,
            verbose,
            strict,
            repository: Some(repository.unwrap_or_else(|| HERO_REPOSITORY.to_owned())),
            guides: Some(guides.unwrap_or_else(|| root.join(HERO_GUIDES))),
            keep_unknown_fields,
        }),
        (Some(spec), Some(out)) => {
            let name = name.unwrap_or_else(|| cli::default_crate_name(&spec));
            if !cli::is_valid_crate_name(&name) {
                return Err(format!(
                    "crate name {name:?} is not valid: use letters, digits, `-` and `_`, starting with a letter"
                ));
            }
            let version = version.or_else(|| cli::current_version(&out)).unwrap_or_else(|| "0.1.0".to_owned());
            Ok(GenerateRequest {
                spec,
                overlay,
                out,
                name,
                version,
                standalone: true,
                verbose,
                strict,
                repository,
                guides,
                keep_unknown_fields,
            })
        }
        _ => Err("--spec and --out go together, and --overlay needs --spec".to_owned()),
    }
}

pub fn generate(args: &[String]) -> ExitCode {
    let request = match parse_args(args) {
        Ok(request) => request,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let (generated, report) = match cli::generate(&request) {
        Ok(done) => done,
        Err(code) => return code,
    };
    if let Some(baseline) = read_surface(&request.out.join(BASELINE_FILE)) {
        match update_changelog(&request.out, &baseline, &generated) {
            Ok(Some(summary)) => println!("{summary}"),
            Ok(None) => {}
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(1);
            }
        }
    }
    cli::print_summary(&request, &generated, &report, started);
    ExitCode::SUCCESS
}

pub fn check(args: &[String]) -> ExitCode {
    match parse_args(args) {
        Ok(request) => cli::check(&request, "cargo xtask generate"),
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// `cargo xtask diff OLD NEW`: the public-API changes between two versions
/// of a document, classified, with the semver bump they call for.
pub fn diff(args: &[String]) -> ExitCode {
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
    let [old, new] = <[PathBuf; 2]>::try_from(positional).unwrap_or_else(|_| [PathBuf::new(), PathBuf::new()]);
    if old.as_os_str().is_empty() {
        eprintln!("error: diff takes two documents\n{USAGE}");
        return ExitCode::from(2);
    }
    let version = version
        .or_else(|| cli::current_version(&root().join(HERO_OUT)))
        .unwrap_or_else(|| HERO_FIRST_VERSION.to_owned());
    cli::diff(&DiffRequest { old, new, overlays, new_overlays, version })
}

fn read_surface(path: &Path) -> Option<openapi_rs_generator::surface::Surface> {
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
fn update_changelog(
    out: &Path,
    baseline: &openapi_rs_generator::surface::Surface,
    generated: &Generated,
) -> Result<Option<String>, String> {
    let current: openapi_rs_generator::surface::Surface = generated
        .files
        .get(openapi_rs_generator::SURFACE_FILE)
        .and_then(|text| serde_json::from_str(text).ok())
        .ok_or("internal error: no API surface was generated")?;
    let path = out.join("CHANGELOG.md");
    let old = std::fs::read_to_string(&path).unwrap_or_else(|_| CHANGELOG_HEADER.to_owned());
    let (header, released) = changelog_parts(&old);
    let changes = openapi_rs_generator::surface::diff(baseline, &current);
    let entry = openapi_rs_generator::changelog_entry(baseline, &current, &changes, &generated.api)?;
    let text = match &entry {
        Some(entry) => format!(
            "{}{}\n{}",
            header,
            entry.trim_end(),
            if released.is_empty() { String::new() } else { format!("\n{released}") }
        ),
        None => format!("{header}{released}"),
    };
    if text != old {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let Some(_) = entry else { return Ok(None) };
    let bump = openapi_rs_generator::surface::required_bump(&baseline.version, &changes);
    let breaking = changes.iter().filter(|c| c.impact == openapi_rs_generator::surface::Impact::Breaking).count();
    let verdict = if openapi_rs_generator::surface::version_allows(&baseline.version, &current.version, bump) {
        format!("version {} is right", current.version)
    } else {
        format!(
            "bump the version: cargo xtask generate --version {}",
            openapi_rs_generator::surface::bumped(&baseline.version, bump)
        )
    };
    Ok(Some(format!(
        "  changelog:  {} change(s) since {}, {breaking} breaking: a {bump} release; {verdict}",
        changes.len(),
        baseline.version
    )))
}

/// `cargo xtask mark-released`: the crate as generated is what was
/// published: its API becomes the baseline, its changelog entry released.
pub fn mark_released() -> ExitCode {
    let out = root().join(HERO_OUT);
    let result = std::fs::copy(out.join(openapi_rs_generator::SURFACE_FILE), out.join(BASELINE_FILE))
        .map_err(|e| e.to_string())
        .and_then(|_| {
            let path = out.join("CHANGELOG.md");
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            std::fs::write(&path, text.replacen(UNRELEASED, "", 1)).map_err(|e| e.to_string())
        });
    match result {
        Ok(()) => {
            println!(
                "{} is the new baseline; the changelog entry is marked released",
                out.join(BASELINE_FILE).display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}
