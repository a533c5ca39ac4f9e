//! Diagnostics: every problem names its place in the document as a JSON pointer.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// JSON pointer into the source document, e.g. `/paths/~1pets/get`.
    pub pointer: String,
    /// What is wrong, what was done instead, and what to do.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        write!(f, "{level} at #{pointer}: {}", self.message)
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends one token to a pointer.
pub fn join(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}

#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// What was reported, so a repeat is dropped in constant time (documents
    /// with many thousands of warnings exist).
    seen: std::collections::HashSet<Diagnostic>,
}

impl Diagnostics {
    pub fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Warning, pointer, message);
    }

    pub fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Error, pointer, message);
    }

    fn push(&mut self, severity: Severity, pointer: &str, message: impl Into<String>) {
        let diagnostic = Diagnostic { severity, pointer: pointer.to_owned(), message: message.into() };
        if self.seen.insert(diagnostic.clone()) {
            self.items.push(diagnostic);
        }
    }

    /// Adds diagnostics found by a stage that collects its own.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for diagnostic in diagnostics {
            self.push(diagnostic.severity, &diagnostic.pointer, diagnostic.message);
        }
    }

    /// A position to come back to with [`Diagnostics::demote_errors_since`].
    pub fn mark(&self) -> usize {
        self.items.len()
    }

    /// Turns the errors reported since `mark` into warnings; true if any.
    /// Used where a bad part (one operation) can be left out instead of
    /// stopping the whole run.
    pub fn demote_errors_since(&mut self, mark: usize) -> bool {
        let mut any = false;
        for item in self.items.iter_mut().skip(mark).filter(|d| d.severity == Severity::Error) {
            item.severity = Severity::Warning;
            any = true;
        }
        any
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}
