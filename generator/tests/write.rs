//! Writing is all or nothing: a failure part-way leaves the previous files.

use std::collections::BTreeMap;

#[test]
fn a_write_that_fails_part_way_changes_nothing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path();
    let old: BTreeMap<String, String> =
        [("src/a.rs", "// @generated a1\n"), ("src/b.rs", "// @generated b1\n"), ("src/c.rs", "// @generated c1\n")]
            .into_iter()
            .map(|(path, text)| (path.to_owned(), text.to_owned()))
            .collect();
    openapi_rs_generator::write(out, &old).expect("first write");
    // Every file changes, and one of them cannot be written: its temporary
    // file's name is taken by a folder.
    let new: BTreeMap<String, String> = old.iter().map(|(path, text)| (path.clone(), text.replace('1', "2"))).collect();
    std::fs::create_dir_all(out.join("src/c.rs.tmp-generate/blocker")).expect("blocker");
    let error = openapi_rs_generator::write(out, &new);
    assert!(error.is_err(), "the blocked file must fail the write");
    for (path, text) in &old {
        assert_eq!(
            &std::fs::read_to_string(out.join(path)).expect("still there"),
            text,
            "{path} changed by a failed write"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(out.join("src"))
        .expect("src")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp-generate") && n != "c.rs.tmp-generate")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind: {leftovers:?}");
}
