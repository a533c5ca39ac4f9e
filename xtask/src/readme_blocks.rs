//! The Rust code blocks of a generated crate's README as example targets,
//! so `cargo check --examples` (or clippy) compiles them as rustdoc would
//! compile the doc tests, without building the crate for tests: what the
//! corpus sample and the large documents afford where `cargo test --doc`
//! (every doc test linked on its own) does not fit the time.

use std::path::Path;

/// Writes `examples/readme_N.rs` for every Rust block of `crate_dir/README.md`.
pub(crate) fn write_readme_examples(crate_dir: &Path) -> std::io::Result<()> {
    let readme = std::fs::read_to_string(crate_dir.join("README.md"))?;
    let blocks = rust_blocks(&readme);
    let examples = crate_dir.join("examples");
    std::fs::create_dir_all(&examples)?;
    for (index, block) in blocks.iter().enumerate() {
        std::fs::write(examples.join(format!("readme_{index}.rs")), as_program(block))?;
    }
    Ok(())
}

/// The blocks rustdoc would compile: no info string, or `rust` with
/// attributes other than `ignore`.
fn rust_blocks(markdown: &str) -> Vec<String> {
    enum State {
        Prose,
        Rust(String),
        Other,
    }
    let mut blocks = Vec::new();
    let mut state = State::Prose;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let fence = trimmed.strip_prefix("```");
        state = match (state, fence) {
            (State::Prose, Some(info)) if is_rust(info) => State::Rust(String::new()),
            (State::Prose, Some(_)) => State::Other,
            (State::Rust(block), Some(_)) => {
                if !block.trim().is_empty() {
                    blocks.push(block);
                }
                State::Prose
            }
            (State::Other, Some(_)) => State::Prose,
            (State::Rust(mut block), None) => {
                // rustdoc's hidden lines (`# `, or a lone `#`) are compiled too.
                let code = if trimmed == "#" { "" } else { trimmed.strip_prefix("# ").unwrap_or(line) };
                block.push_str(code);
                block.push('\n');
                State::Rust(block)
            }
            (other, None) => other,
        };
    }
    blocks
}

fn is_rust(info: &str) -> bool {
    let attributes: Vec<&str> = info.split(',').map(str::trim).filter(|a| !a.is_empty()).collect();
    attributes.iter().all(|a| *a == "rust" || is_attribute(a)) && !attributes.contains(&"ignore")
}

fn is_attribute(word: &str) -> bool {
    matches!(
        word,
        "ignore" | "no_run" | "should_panic" | "compile_fail" | "edition2018" | "edition2021" | "edition2024"
    )
}

/// A block as rustdoc makes a program of it: wrapped in `main` unless it has one.
fn as_program(block: &str) -> String {
    let header = "#![allow(unused, clippy::all)]\n";
    if block.contains("fn main") {
        format!("{header}{block}")
    } else {
        format!("{header}fn main() {{\n{block}}}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::rust_blocks;

    #[test]
    fn only_the_blocks_rustdoc_compiles_are_taken() {
        let readme = "# x\n```toml\n[dependencies]\n```\n\n```rust,no_run\nlet a = 1;\n```\n```text\nnot rust\n```\n```\nlet b = 2;\n# let c = 3;\n```\n```rust,ignore\nbroken\n```\n";
        assert_eq!(rust_blocks(readme), ["let a = 1;\n", "let b = 2;\nlet c = 3;\n"]);
    }
}
