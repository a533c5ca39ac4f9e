//! The contract test's inputs: Prism (pinned in contract/package-lock.json)
//! and the Hero document with the overlay applied, which Prism serves.

use std::path::Path;
use std::process::ExitCode;

use crate::{root, run};

/// Where the contract test finds the document Prism serves.
const CONTRACT_SPEC: &str = "target/contract/hero-public-api.json";

pub fn contract_spec() -> ExitCode {
    let root = root();
    let written = crate::hero_input()
        .and_then(|input| openapi_rs_generator::effective_document(&input).map_err(|error| error.to_string()))
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
pub fn install_prism(root: &Path) -> bool {
    if root.join("contract/node_modules/.bin/prism").exists() {
        return true;
    }
    run("npm", &["ci", "--no-audit", "--no-fund", "--prefix", "contract"], &[], root)
}
