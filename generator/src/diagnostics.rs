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

impl Diagnostic {
    /// A problem that stops the run (or, inside one operation, drops it).
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, pointer: pointer.into(), message: message.into() }
    }

    /// A problem worked around: the message says what was done instead.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, pointer: pointer.into(), message: message.into() }
    }
}

/// A stage stopped the run; why is an error among the [`Diagnostics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped;

/// What every stage returns: its output, or [`Stopped`]. Every stage takes
/// its input and `&mut Diagnostics` and reports there.
pub type Outcome<T> = Result<T, Stopped>;

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

/// One reference token as written: [`escape_token`] undone.
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
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
        self.push(Diagnostic::warning(pointer, message));
    }

    pub fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.push(Diagnostic::error(pointer, message));
    }

    /// Records a diagnostic (a repeat is dropped).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if self.seen.insert(diagnostic.clone()) {
            self.items.push(diagnostic);
        }
    }

    /// Records diagnostics a helper collected.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        diagnostics.into_iter().for_each(|diagnostic| self.push(diagnostic));
    }

    /// Records the error that stops the run, for a stage to return.
    pub fn stop(&mut self, error: Diagnostic) -> Stopped {
        self.push(error);
        Stopped
    }

    /// [`Stopped`] if any error was reported.
    pub fn stop_on_errors(&self) -> Outcome<()> {
        if self.has_errors() {
            Err(Stopped)
        } else {
            Ok(())
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
