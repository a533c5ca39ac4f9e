//! The runtime of every generated crate, built on its own so it compiles and
//! runs its tests without a generated crate around it. This file is the only
//! one the generator does not copy: in a generated crate, `src/runtime/mod.rs`
//! is the module root and the crate root re-exports what it needs.
//!
//! What the runtime needs to know about one API (its default base URL, the
//! credentials it requires) it is given, as an `ApiConfig`, by the generated
//! crate's `Client::builder()`; it reads nothing from the crate around it.

// Some links point at what only a generated crate has (`Client::builder`):
// they resolve there, where the docs are built with `-D warnings`.
#![allow(rustdoc::broken_intra_doc_links)]

#[path = "mod.rs"]
mod runtime;

pub use runtime::*;
