//! The public-API diff that drives the changelog and the version guard.

mod common;

use openapi_rs_generator::surface::{diff, required_bump, version_allows, Bump, Impact, Surface};

fn surface(path: &std::path::Path, overlays: &[&std::path::Path]) -> Surface {
    let input = openapi_rs_generator::Input::read(path)
        .and_then(|input| input.read_overlays(overlays))
        .expect("the document and its overlays");
    let generated = openapi_rs_generator::generate(&input, &common::options("diff")).expect("generates");
    Surface::of(&generated.api, "0.1.0")
}

fn listing(old: &Surface, new: &Surface) -> String {
    diff(old, new).iter().map(|change| format!("{change}\n")).collect()
}

#[test]
fn fixture_versions_are_classified_for_a_rust_user() {
    let dir = common::repo_root().join("generator/tests/diff");
    let (v1, v2) = (surface(&dir.join("v1.yaml"), &[]), surface(&dir.join("v2.yaml"), &[]));
    assert!(diff(&v1, &v1).is_empty(), "a document does not differ from itself");
    let changes = diff(&v1, &v2);
    assert!(
        changes.iter().any(|c| c.impact == Impact::Breaking) && changes.iter().any(|c| c.impact == Impact::Addition)
    );
    assert_eq!(required_bump("0.1.0", &changes), Bump::Minor);
    assert_eq!(required_bump("1.0.0", &changes), Bump::Major);
    insta::assert_snapshot!("fixture_v1_to_v2", listing(&v1, &v2));
}

#[test]
fn the_realistic_next_hero_document_is_a_breaking_release() {
    let config = common::hero_config();
    let overlay = config.overlay.expect("the Hero overlay");
    let next_overlay = common::repo_root().join("generator/tests/diff/hero-next.overlay.yaml");
    let now = surface(&config.spec, &[overlay.as_path()]);
    let next = surface(&config.spec, &[overlay.as_path(), next_overlay.as_path()]);
    let changes = diff(&now, &next);
    assert_eq!(required_bump("0.1.0", &changes), Bump::Minor);
    insta::assert_snapshot!("hero_next", listing(&now, &next));
}

/// The guard: the checked-in crate's API (`api-surface.json`, kept fresh by
/// `cargo xtask check`) against the last release (`api-baseline.json`).
#[test]
fn breaking_changes_since_the_last_release_bump_the_version() {
    let dir = common::hero_config().out;
    let read = |name: &str| -> Surface {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}")))
            .expect("a surface")
    };
    let (released, current) = (read("api-baseline.json"), read("api-surface.json"));
    let changes = diff(&released, &current);
    let bump = required_bump(&released.version, &changes);
    let breaking: Vec<String> =
        changes.iter().filter(|c| c.impact == Impact::Breaking).map(ToString::to_string).collect();
    assert!(
        version_allows(&released.version, &current.version, bump),
        "the public API changed since {} ({} breaking: {breaking:#?}) but the version is {}: run `cargo xtask generate --version {}`",
        released.version,
        breaking.len(),
        current.version,
        openapi_rs_generator::surface::bumped(&released.version, bump)
    );
}
