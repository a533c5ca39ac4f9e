//! The installable binary as a user meets it: help for every command and
//! option, a crate written from a document, and the exit codes (0 done, 1 bad
//! input, 2 bad command line).

use std::process::{Command, Output};

const DOCUMENT: &str = "openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /orders/{id}:
    get:
      operationId: getOrder
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
";

fn binary(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-rs-generator")).args(args).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn help_names_every_command_and_every_option() {
    let top = binary(&["--help"]);
    assert!(top.status.success());
    for command in ["generate", "check", "diff"] {
        assert!(stdout(&top).contains(command), "{command} in:\n{}", stdout(&top));
    }
    let generate = stdout(&binary(&["generate", "--help"]));
    for option in [
        "--spec",
        "--out",
        "--overlay",
        "--name",
        "--crate-version",
        "--repository",
        "--guides",
        "--strict",
        "--verbose",
    ] {
        assert!(generate.contains(option), "{option} in:\n{generate}");
    }
    let diff = stdout(&binary(&["diff", "--help"]));
    for option in ["<OLD>", "<NEW>", "--overlay", "--new-overlay", "--crate-version"] {
        assert!(diff.contains(option), "{option} in:\n{diff}");
    }
}

#[test]
fn generate_writes_a_standalone_crate_and_check_agrees() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let spec = dir.path().join("shop.yaml");
    std::fs::write(&spec, DOCUMENT).expect("document written");
    let out = dir.path().join("shop-client");
    let (spec, out_text) = (spec.to_string_lossy().into_owned(), out.to_string_lossy().into_owned());
    let generated = binary(&["generate", "--spec", &spec, "--out", &out_text]);
    assert!(generated.status.success(), "{}", String::from_utf8_lossy(&generated.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml written");
    assert!(manifest.contains("name = \"shop-client\"") && manifest.contains("[workspace]"), "{manifest}");
    assert!(out.join("src/api/mod.rs").exists());
    assert_eq!(binary(&["check", "--spec", &spec, "--out", &out_text]).status.code(), Some(0));
    std::fs::write(out.join("src/lib.rs"), "// edited by hand\n").expect("edit");
    assert_eq!(binary(&["check", "--spec", &spec, "--out", &out_text]).status.code(), Some(1), "a stale file fails");
}

#[test]
fn exit_codes_tell_bad_input_from_a_bad_command_line() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let unknown = dir.path().join("old.yaml");
    std::fs::write(&unknown, "swagger: '1.5'\ninfo: {title: Old, version: '1'}\npaths: {}\n").expect("written");
    let out = dir.path().join("out");
    let refused = binary(&["generate", "--spec", &unknown.to_string_lossy(), "--out", &out.to_string_lossy()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("only 2.0"));
    assert!(!out.exists(), "nothing written");
    assert_eq!(binary(&["generate", "--spec"]).status.code(), Some(2));
    assert_eq!(binary(&["frobnicate"]).status.code(), Some(2));
    let bad_name = binary(&["generate", "--spec", "x.yaml", "--out", "y", "--name", "9lives"]);
    assert_eq!(bad_name.status.code(), Some(2));
}
