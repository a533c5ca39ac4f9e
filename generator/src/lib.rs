//! OpenAPI document -> typed async Rust client crate.
//!
//! The pipeline runs one way, stage by stage ([`STAGES`]): load (text -> JSON
//! value), overlay, bundle (other files' references brought in), upgrade (->
//! the 3.0 model), parse (-> `openapiv3`), normalise (-> [`ir::Api`]), emit
//! (-> files in memory); then [`write`] puts them on disk, only files whose
//! bytes changed, all or nothing.
//!
//! ```no_run
//! use openapi_rs_generator::{generate, write, CrateOptions, Input};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let input = Input::read("petstore.yaml".as_ref())?;
//! let options = CrateOptions { crate_name: "petstore-client".into(), crate_version: "0.1.0".into(), ..Default::default() };
//! let generated = generate(&input, &options)?;
//! write("petstore-client".as_ref(), &generated.files)?;
//! # Ok(())
//! # }
//! ```

mod bundle;
mod changelog;
pub mod cli;
mod diagnostics;
mod emit;
mod extensions;
mod fuzzing;
pub mod ir;
mod license;
mod load;
mod names;
mod normalise;
mod overlay;
mod parse;
mod pipeline;
pub mod surface;
mod swagger2;
mod upgrade;
mod write;

pub use changelog::{BASELINE_FILE, UNRELEASED};
pub use diagnostics::{Diagnostic, Severity};
pub use emit::{read_guides, CrateOptions, Files, Guide, SURFACE_FILE};
pub use fuzzing::{fuzz_bytes, fuzz_mutated};
pub use pipeline::{effective_document, generate, GenerateError, Generated, Input, STAGES};
pub use write::{check, write, Stale, WriteReport};
