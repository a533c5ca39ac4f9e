//! The crate's CHANGELOG.md, one more generated file: when the crate folder
//! holds the public API of its last release (`api-baseline.json`), the
//! unreleased entry is rewritten with the changes since then, and written
//! (or checked) with every other file.

use std::path::Path;

use crate::pipeline::Generated;
use crate::surface::{self, Impact, Surface};

const CHANGELOG_FILE: &str = "CHANGELOG.md";

const CHANGELOG_HEADER: &str = "# Changelog\n\nThe `(unreleased)` entry is rewritten by every `cargo xtask generate`: the public-API changes\nsince the last release (`api-baseline.json`), breaking or not for a Rust user, and the semver\nbump they call for. `cargo xtask mark-released` closes it when the crate is published.\n";

/// The public API of the last published version, beside the crate's files.
pub const BASELINE_FILE: &str = "api-baseline.json";

/// What marks the entry `generate` rewrites.
pub const UNRELEASED: &str = " (unreleased)";

/// Splits a changelog into its header and the released entries (the
/// unreleased entry dropped).
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

/// Adds `CHANGELOG.md` to the generated files when `out` has a baseline:
/// its unreleased entry is the changes from the baseline to what was just
/// generated. Returns a one-line summary when there are changes.
pub(crate) fn add(out: &Path, generated: &mut Generated) -> Result<Option<String>, String> {
    let Some(baseline) = std::fs::read_to_string(out.join(BASELINE_FILE)).ok() else { return Ok(None) };
    let baseline: Surface = serde_json::from_str(&baseline)
        .map_err(|error| format!("{}: not an API surface: {error}", out.join(BASELINE_FILE).display()))?;
    let current: Surface = generated
        .files
        .get(crate::emit::SURFACE_FILE)
        .and_then(|text| serde_json::from_str(text).ok())
        .ok_or("internal error: no API surface was generated")?;
    let old = std::fs::read_to_string(out.join(CHANGELOG_FILE)).unwrap_or_else(|_| CHANGELOG_HEADER.to_owned());
    let (header, released) = changelog_parts(&old);
    let changes = surface::diff(&baseline, &current);
    let entry = crate::emit::changelog_entry(&baseline, &current, &changes, &generated.api)?;
    let text = match &entry {
        Some(entry) => format!(
            "{}{}\n{}",
            header,
            entry.trim_end(),
            if released.is_empty() { String::new() } else { format!("\n{released}") }
        ),
        None => format!("{header}{released}"),
    };
    generated.files.insert(CHANGELOG_FILE.to_owned(), text);
    let Some(_) = entry else { return Ok(None) };
    let bump = surface::required_bump(&baseline.version, &changes);
    let breaking = changes.iter().filter(|c| c.impact == Impact::Breaking).count();
    let verdict = if surface::version_allows(&baseline.version, &current.version, bump) {
        format!("version {} is right", current.version)
    } else {
        format!("bump the version: cargo xtask generate --version {}", surface::bumped(&baseline.version, bump))
    };
    Ok(Some(format!(
        "  changelog:  {} change(s) since {}, {breaking} breaking: a {bump} release; {verdict}",
        changes.len(),
        baseline.version
    )))
}
