//! `cargo xtask msrv`: every crate builds with the oldest Rust it states
//! (`rust-version`). The generator is checked on the workspace's lockfile;
//! the Hero crate, as a partner would build it, on a lockfile resolved for
//! its `rust-version` (Cargo's MSRV-aware resolver), in a copy of its own.

use std::path::Path;
use std::process::ExitCode;

use crate::{root, run};

/// Reads `rust-version = "1.82"` from a manifest.
fn rust_version(manifest: &str) -> Option<String> {
    manifest.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("rust-version")?.trim_start().strip_prefix('=')?.trim();
        rest.strip_prefix('"')?.strip_suffix('"').map(str::to_owned)
    })
}

fn install(version: &str, dir: &Path) -> bool {
    run("rustup", &["toolchain", "install", version, "--profile", "minimal", "--no-self-update"], &[], dir)
}

pub fn msrv() -> ExitCode {
    let root = root();
    let target = root.join("target/msrv");
    let target_dir = target.join("target").to_string_lossy().into_owned();
    let read = |path: &str| std::fs::read_to_string(root.join(path)).map_err(|error| format!("{path}: {error}"));
    let outcome = (|| -> Result<(), String> {
        let generator =
            rust_version(&read("generator/Cargo.toml")?).ok_or("generator/Cargo.toml states no rust-version")?;
        let manifest = read("generated-client/Cargo.toml")?;
        let hero = rust_version(&manifest).ok_or("generated-client/Cargo.toml states no rust-version")?;
        let toolchain = |version: &str| format!("+{version}");
        if !install(&generator, &root)
            || !run(
                "cargo",
                &[&toolchain(&generator), "check", "--locked", "-p", "openapi-rs-generator"],
                &[("CARGO_TARGET_DIR", &target_dir)],
                &root,
            )
        {
            return Err(format!("the generator does not build with Rust {generator}, the version it states"));
        }
        // The Hero crate on its own, as it is published: manifest and sources.
        let copy = target.join("hero-health");
        let _ = std::fs::remove_dir_all(&copy);
        copy_dir(&root.join("generated-client/src"), &copy.join("src")).map_err(|error| format!("copy: {error}"))?;
        std::fs::write(copy.join("Cargo.toml"), format!("{manifest}\n[workspace]\n"))
            .map_err(|error| format!("copy: {error}"))?;
        std::fs::copy(root.join("generated-client/README.md"), copy.join("README.md"))
            .map_err(|error| format!("copy: {error}"))?;
        let resolved = run(
            "cargo",
            &["generate-lockfile"],
            &[("CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS", "fallback"), ("CARGO_TARGET_DIR", &target_dir)],
            &copy,
        );
        if !install(&hero, &root)
            || !resolved
            || !run(
                "cargo",
                &[&toolchain(&hero), "check", "--locked", "--lib", "--features", "http2"],
                &[("CARGO_TARGET_DIR", &target_dir)],
                &copy,
            )
        {
            return Err(format!("the Hero crate does not build with Rust {hero}, the version it states"));
        }
        println!("msrv: the generator builds with Rust {generator}, the Hero crate with Rust {hero}");
        Ok(())
    })();
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(&path, to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::rust_version;

    #[test]
    fn reads_the_stated_version() {
        assert_eq!(rust_version("[package]\nname = \"x\"\nrust-version = \"1.82\"\n").as_deref(), Some("1.82"));
        assert_eq!(rust_version("[package]\nrust-version.workspace = true\n"), None);
    }
}
