//! Write: files in memory -> a crate folder, touching only files whose bytes
//! changed, removing generated files the run no longer produces, and
//! comparing without writing (`check`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::Files;

/// What a write did.
#[derive(Debug, Default)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
}

/// A generated file is one the generator marks as such in its first line.
fn is_generated(path: &Path) -> bool {
    fs::read_to_string(path).map(|text| text.lines().next().unwrap_or("").contains("@generated")).unwrap_or(false)
}

/// Generated files under `src/` and `tests/` that exist on disk.
fn generated_on_disk(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![out.join("src"), out.join("tests")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && is_generated(&path) {
                if let Ok(relative) = path.strip_prefix(out) {
                    found.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    found.sort();
    found
}

/// Writes `files` under `out`, all or nothing: every changed file is first
/// written to a temporary sibling; only when all of them are written are
/// they renamed into place. If anything fails, the temporary files are
/// removed and files already replaced get their old bytes back, so a failed
/// run leaves the previous crate as it was.
pub fn write(out: &Path, files: &Files) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    // (relative path, final path, temporary path, previous bytes if any)
    let mut staged: Vec<(&String, PathBuf, PathBuf, Option<Vec<u8>>)> = Vec::new();
    let mut stage = || -> io::Result<()> {
        for (relative, text) in files {
            let path = out.join(relative);
            let previous = fs::read(&path).ok();
            if previous.as_deref() == Some(text.as_bytes()) {
                report.unchanged += 1;
                continue;
            }
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            let temporary = temporary_path(&path);
            fs::write(&temporary, text)?;
            staged.push((relative, path, temporary, previous));
        }
        Ok(())
    };
    if let Err(error) = stage() {
        for (_, _, temporary, _) in &staged {
            let _ = fs::remove_file(temporary);
        }
        return Err(error);
    }
    for (done, (_, path, temporary, _)) in staged.iter().enumerate() {
        if let Err(error) = fs::rename(temporary, path) {
            for (_, path, _, previous) in &staged[..done] {
                let _ = match previous {
                    Some(bytes) => fs::write(path, bytes),
                    None => fs::remove_file(path),
                };
            }
            for (_, _, temporary, _) in &staged[done..] {
                let _ = fs::remove_file(temporary);
            }
            return Err(error);
        }
    }
    report.written = staged.into_iter().map(|(relative, ..)| relative.clone()).collect();
    for stale in generated_on_disk(out) {
        if !files.contains_key(&stale) {
            fs::remove_file(out.join(&stale))?;
            report.removed.push(stale);
        }
    }
    Ok(report)
}

fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".tmp-generate");
    path.with_file_name(name)
}

/// How a file on disk differs from what the generator produces.
#[derive(Debug, PartialEq, Eq)]
pub enum Stale {
    Missing(String),
    Differs(String),
    /// A generated file the generator no longer produces.
    Extra(String),
}

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stale::Missing(path) => write!(f, "{path}: missing"),
            Stale::Differs(path) => write!(f, "{path}: differs from what the generator produces"),
            Stale::Extra(path) => write!(f, "{path}: generated file the generator no longer produces"),
        }
    }
}

/// Compares `files` with `out` without writing anything.
pub fn check(out: &Path, files: &Files) -> Vec<Stale> {
    let mut stale = Vec::new();
    for (relative, text) in files {
        match fs::read(out.join(relative)) {
            Ok(old) if old == text.as_bytes() => {}
            Ok(_) => stale.push(Stale::Differs(relative.clone())),
            Err(_) => stale.push(Stale::Missing(relative.clone())),
        }
    }
    for path in generated_on_disk(out) {
        if !files.contains_key(&path) {
            stale.push(Stale::Extra(path));
        }
    }
    stale
}
