//! `cargo xtask examples`: a crate for every example and fixture document in
//! one scratch workspace (tests, clippy, rustdoc), then GitHub's large document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use openapi_rs_generator::cli::default_crate_name;
use openapi_rs_generator::CrateOptions;

use crate::{root, run};

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

/// Fixtures generated a second time with an option on, as their own crate
/// (`STEM.OPTION`), tested by `generator/tests/loopback/STEM.OPTION.rs`.
type OptionVariant = (&'static str, &'static str, fn(&mut CrateOptions));

const OPTION_VARIANTS: &[OptionVariant] =
    &[("real_answers", "keep_unknown_fields", |options| options.keep_unknown_fields = true)];

/// The crates to generate: each document, then the option variants.
fn crates(root: &Path) -> Vec<(PathBuf, String, CrateOptions)> {
    let mut crates = Vec::new();
    for document in example_documents(root) {
        let stem = document.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let name = format!("example-{}", default_crate_name(&document).trim_end_matches("-client"));
        let options = CrateOptions {
            crate_name: name,
            crate_version: "0.1.0".to_owned(),
            spec_file: stem.clone(),
            standalone: false,
            ..Default::default()
        };
        for (fixture, option, set) in OPTION_VARIANTS {
            if *fixture == stem {
                let mut variant = options.clone();
                variant.crate_name = format!("{}-{}", options.crate_name, option.replace('_', "-"));
                set(&mut variant);
                crates.push((document.clone(), format!("{stem}.{option}"), variant));
            }
        }
        crates.push((document, stem, options));
    }
    crates
}

/// Generates every example into one scratch workspace under target/ and
/// lints it, sharing the main target folder so dependencies build once.
pub fn examples() -> ExitCode {
    let root = root();
    let scratch = root.join("target/generated-examples");
    let _ = std::fs::remove_dir_all(&scratch);
    let mut members = Vec::new();
    for (document, stem, options) in crates(&root) {
        let generated = match openapi_rs_generator::Input::read(&document)
            .and_then(|input| openapi_rs_generator::generate(&input, &options))
        {
            Ok(generated) => generated,
            Err(error) => {
                // The README promises every example document generates: a
                // document that stops generating is a regression, not a skip.
                eprintln!("{} does not generate:\n{error}", document.display());
                return ExitCode::from(1);
            }
        };
        let out = scratch.join(&stem);
        if let Err(error) = openapi_rs_generator::write(&out, &generated.files) {
            eprintln!("cannot write {}: {error}", out.display());
            return ExitCode::from(1);
        }
        if let Err(error) = add_loopback_test(&root, &stem, &options.crate_name, &out) {
            eprintln!("{error}");
            return ExitCode::from(1);
        }
        members.push(format!("\"{stem}\""));
    }
    if let Err(error) = every_loopback_test_has_a_fixture(&root) {
        eprintln!("{error}");
        return ExitCode::from(1);
    }
    let manifest =
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n{}", members.join(", "), workspace_profiles(&root));
    let lock = std::fs::read(root.join("Cargo.lock")).unwrap_or_default();
    if std::fs::write(scratch.join("Cargo.toml"), manifest)
        .and_then(|()| std::fs::write(scratch.join("Cargo.lock"), lock))
        .is_err()
    {
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

/// Hand-written tests that call a fixture crate's methods against a loopback
/// server: `generator/tests/loopback/NAME.rs` becomes `tests/loopback.rs` of
/// fixture NAME's crate, which it reaches as `api`, with the shared server
/// `support/` beside it.
const LOOPBACK_TESTS: &str = "generator/tests/loopback";

fn add_loopback_test(root: &Path, stem: &str, crate_name: &str, out: &Path) -> Result<(), String> {
    let source = root.join(LOOPBACK_TESTS).join(format!("{stem}.rs"));
    let Ok(test) = std::fs::read_to_string(&source) else { return Ok(()) };
    let header = format!("use {} as api;\n\n", crate_name.replace('-', "_"));
    let target = out.join("tests/loopback.rs");
    let support = std::fs::read_to_string(root.join(LOOPBACK_TESTS).join("support/mod.rs")).unwrap_or_default();
    std::fs::create_dir_all(out.join("tests/support"))
        .and_then(|()| std::fs::write(&target, header + &test))
        .and_then(|()| std::fs::write(out.join("tests/support/mod.rs"), support))
        .map_err(|error| format!("cannot write {}: {error}", target.display()))
}

fn every_loopback_test_has_a_fixture(root: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(root.join(LOOPBACK_TESTS)).map_err(|error| format!("{LOOPBACK_TESTS}: {error}"))?;
    for path in entries.flatten().map(|entry| entry.path()).filter(|path| path.is_file()) {
        let name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        // `STEM.rs`, or `STEM.OPTION.rs` for an option variant.
        let stem = name.split('.').next().unwrap_or_default();
        if !root.join("generator/tests/fixtures").join(format!("{stem}.yaml")).exists() {
            return Err(format!("{} tests no fixture: add generator/tests/fixtures/{stem}.yaml", path.display()));
        }
    }
    Ok(())
}

/// The `[profile.*]` tables of the workspace manifest, for scratch workspaces
/// that share its target folder: with the same profiles their dependencies
/// are the ones already built, not a second set on disk.
pub fn workspace_profiles(root: &Path) -> String {
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

/// Documents too large to build tests for in CI: each generated crate, and
/// its README's Rust blocks as examples, must pass clippy with -D warnings.
const LARGE_DOCUMENTS: &[&str] = &["bench/specs/api.github.com.json"];

fn large_documents(root: &Path) -> ExitCode {
    let target = root.join("target");
    let target = target.to_string_lossy();
    let lock = std::fs::read(root.join("Cargo.lock")).unwrap_or_default();
    for document in LARGE_DOCUMENTS {
        let document = root.join(document);
        let stem = document.file_stem().map(|s| s.to_string_lossy().replace('.', "-")).unwrap_or_default();
        let options = CrateOptions {
            crate_name: format!("large-{stem}"),
            crate_version: "0.1.0".to_owned(),
            spec_file: stem.clone(),
            standalone: true,
            ..Default::default()
        };
        let started = Instant::now();
        let generated = match openapi_rs_generator::Input::read(&document)
            .and_then(|input| openapi_rs_generator::generate(&input, &options))
        {
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
        if openapi_rs_generator::write(&out, &generated.files)
            .and_then(|_| shared_profiles())
            .and_then(|_| std::fs::write(out.join("Cargo.lock"), &lock))
            .and_then(|_| crate::readme_blocks::write_readme_examples(&out))
            .is_err()
        {
            eprintln!("cannot write {}", out.display());
            return ExitCode::from(1);
        }
        println!(
            "{}: {} operations generated in {:.0} ms",
            document.display(),
            generated.api.operations().count(),
            started.elapsed().as_secs_f64() * 1000.0
        );
        if !run(
            "cargo",
            &["clippy", "--quiet", "--lib", "--examples", "--", "-D", "warnings"],
            &[("CARGO_TARGET_DIR", target.as_ref()), ("CARGO_INCREMENTAL", "0")],
            &out,
        ) {
            return ExitCode::from(1);
        }
        // One group's feature alone builds, and lints clean: the largest group.
        let groups = generated.api.groups.iter().filter(|group| !group.feature.is_empty());
        let Some(group) = groups.max_by_key(|group| group.operations.len()) else { continue };
        let features = format!("rustls-tls,{}", group.feature);
        if !run(
            "cargo",
            &["clippy", "--quiet", "--lib", "--no-default-features", "--features", &features, "--", "-D", "warnings"],
            &[("CARGO_TARGET_DIR", target.as_ref()), ("CARGO_INCREMENTAL", "0")],
            &out,
        ) {
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::profile_tables;

    #[test]
    fn profile_tables_keeps_every_profile_table_and_nothing_else() {
        let manifest = "[workspace]\nmembers = [\"a\"]\n\n[profile.release]\ndebug = false\n\n# why\n[profile.dev.package.\"*\"]\nopt-level = 1\n\n[workspace.package]\nedition = \"2021\"\n";
        assert_eq!(
            profile_tables(manifest),
            "[profile.release]\ndebug = false\n\n[profile.dev.package.\"*\"]\nopt-level = 1\n\n"
        );
    }
}
