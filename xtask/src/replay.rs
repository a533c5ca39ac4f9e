//! `cargo xtask replay`: real traffic replayed through generated methods.
//! The recordings are `@octokit/fixtures` (npm, MIT, pinned in `replay/`),
//! recorded against the real GitHub API; the crate is generated from GitHub's
//! document (`bench/specs/api.github.com.json`). Each recorded request is
//! made with the generated method of the operation it matches (`calls.rs`),
//! against a loopback server answering with the recorded response
//! (`replay/harness/server.rs`). A request counts as recorded when method,
//! path, query, body and body media type equal the recording; an answer as
//! usable when it decodes (a documented error status into its error type).
//! Rows go to `replay/results.tsv`; a row that passed there and no longer
//! does fails the command.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use serde_json::Value;

use crate::replay_calls::{plan_call, Interaction, Plan};
use crate::{examples::workspace_profiles, root, run};

const PACKAGE_DIR: &str = "replay";
const SCENARIOS: &str = "replay/node_modules/@octokit/fixtures/scenarios/api.github.com";
const DOCUMENT: &str = "bench/specs/api.github.com.json";
/// Where the document disagrees with the recordings: fixed here, never in code.
const OVERLAY: &str = "replay/overlay.yaml";
const RESULTS: &str = "replay/results.tsv";

fn install(root: &Path) -> bool {
    root.join(SCENARIOS).is_dir() || run("npm", &["ci", "--no-audit", "--no-fund", "--prefix", PACKAGE_DIR], &[], root)
}

/// Every interaction of every scenario, in scenario and recording order.
fn interactions(root: &Path) -> Result<Vec<Interaction>, String> {
    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(root.join(SCENARIOS))
        .map_err(|error| format!("{SCENARIOS}: {error}"))?
        .flatten()
        .map(|entry| entry.path().join("normalized-fixture.json"))
        .filter(|path| path.is_file())
        .collect();
    scenarios.sort();
    let mut all = Vec::new();
    for path in scenarios {
        let scenario = path.parent().and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned());
        let text = std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
        let recorded: Vec<Value> =
            serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
        for (index, value) in recorded.into_iter().enumerate() {
            all.push(Interaction::from_recording(format!("{}#{index}", scenario.clone().unwrap_or_default()), value));
        }
    }
    Ok(all)
}

/// One row of the report.
struct Row {
    id: String,
    operation: String,
    request: String,
    answer: String,
}

impl Row {
    fn request_ok(&self) -> bool {
        self.request == "as recorded"
    }

    fn answer_ok(&self) -> bool {
        self.answer.starts_with("decoded") || self.answer.starts_with("error decoded")
    }

    fn line(&self) -> String {
        let clean = |text: &str| text.replace(['\t', '\n'], " ");
        format!("{}\t{}\t{}\t{}", self.id, clean(&self.operation), clean(&self.request), clean(&self.answer))
    }

    fn parse(line: &str) -> Option<Row> {
        let mut fields = line.split('\t');
        let mut next = || fields.next().map(str::to_owned);
        Some(Row { id: next()?, operation: next()?, request: next()?, answer: next()? })
    }
}

pub fn replay() -> ExitCode {
    let root = root();
    if !install(&root) {
        eprintln!("the replay needs npm: install Node.js 18+ and npm, then rerun");
        return ExitCode::from(1);
    }
    match run_replay(&root) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("replay: {error}");
            ExitCode::from(1)
        }
    }
}

fn run_replay(root: &Path) -> Result<ExitCode, String> {
    let interactions = interactions(root)?;
    let options = openapi_rs_generator::CrateOptions {
        crate_name: "github".to_owned(),
        crate_version: "0.1.0".to_owned(),
        spec_file: "api.github.com".to_owned(),
        standalone: false,
        ..Default::default()
    };
    let generated = openapi_rs_generator::Input::read(&root.join(DOCUMENT))
        .and_then(|input| input.read_overlays([root.join(OVERLAY)]))
        .and_then(|input| openapi_rs_generator::generate(&input, &options))
        .map_err(|error| format!("{DOCUMENT} does not generate: {error}"))?;
    let scratch = root.join("target/replay");
    let _ = std::fs::remove_dir_all(&scratch);
    openapi_rs_generator::write(&scratch.join("github"), &generated.files)
        .map_err(|error| format!("cannot write the GitHub crate: {error}"))?;
    let mut plans: Vec<Plan> = interactions.iter().map(|interaction| plan_call(&generated.api, interaction)).collect();
    for index in 1..interactions.len() {
        // The call that made the previous request, and which of its requests that was.
        let previous = plans[index - 1].follows.unwrap_or((index - 1, 0));
        let made_by = &interactions[previous.0];
        let reason = if interactions[index - 1].redirects_to(&interactions[index]) && plans[previous.0].call.is_ok() {
            format!("made by {}'s call, following its redirect", made_by.id)
        } else if interactions[index - 1].pages_to(&interactions[index]) && plans[previous.0].paged.is_some() {
            // Paging: the first call is made with `.items()`, which asks for this page.
            if let Some(paged) = plans[previous.0].paged.clone() {
                plans[previous.0].call = Ok(paged);
            }
            format!("made by {}'s `.items()`, following its Link header", made_by.id)
        } else {
            continue;
        };
        plans[index].follows = Some((previous.0, previous.1 + 1));
        plans[index].call = Err(reason);
    }
    write_harness(root, &scratch, &interactions, &plans)?;
    let target = root.join("target");
    let output = Command::new("cargo")
        .args(["run", "--quiet", "--package", "replay-harness"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !output.status.success() {
        return Err(format!("the harness failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    let reports: BTreeMap<usize, Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|report| Some((usize::try_from(report.get("index")?.as_u64()?).ok()?, report)))
        .collect();
    let rows: Vec<Row> = interactions
        .iter()
        .zip(&plans)
        .enumerate()
        .map(|(index, (interaction, plan))| match plan.follows {
            // Its request is one the earlier call made; its answer is that call's.
            Some((earlier, request)) => judge(interaction, plan, reports.get(&earlier), request),
            None => judge(interaction, plan, reports.get(&index), 0),
        })
        .collect();
    Ok(report(root, &rows))
}

fn write_harness(root: &Path, scratch: &Path, interactions: &[Interaction], plans: &[Plan]) -> Result<(), String> {
    let harness = scratch.join("harness");
    let write = |path: PathBuf, text: String| {
        std::fs::create_dir_all(path.parent().unwrap_or(scratch))
            .and_then(|()| std::fs::write(&path, text))
            .map_err(|error| format!("cannot write {}: {error}", path.display()))
    };
    let answers: Vec<Value> = interactions.iter().map(Interaction::answer).collect();
    write(harness.join("answers.json"), Value::Array(answers).to_string())?;
    let server = std::fs::read_to_string(root.join("replay/harness/server.rs"))
        .map_err(|error| format!("replay/harness/server.rs: {error}"))?;
    write(harness.join("src/server.rs"), server)?;
    let mut main = String::from(
        "// Written by `cargo xtask replay`: one call per recorded interaction.\n\
         #![allow(clippy::all, unused)]\n\
         mod server;\n\n\
         #[tokio::main(flavor = \"current_thread\")]\n\
         async fn main() {\n\
         \x20   let answers = serde_json::from_str(include_str!(\"../answers.json\")).expect(\"answers\");\n\
         \x20   let server = server::Server::start(answers).await;\n\
         \x20   let client = github::Client::builder()\n\
         \x20       .base_url(server.url())\n\
         \x20       .retry_policy(github::RetryPolicy::none())\n\
         \x20       .build()\n\
         \x20       .expect(\"client\");\n",
    );
    for (index, plan) in plans.iter().enumerate() {
        main.push_str(&format!("    server.expect({index});\n"));
        match &plan.call {
            Ok(call) => main.push_str(&format!(
                "    let outcome: Result<server::Outcome, String> = async {{\n{call}    }}.await;\n    server.report({index}, outcome);\n"
            )),
            Err(reason) => main.push_str(&format!("    server.report({index}, Err({:?}.to_owned()));\n", reason)),
        }
    }
    main.push_str("}\n");
    write(harness.join("src/main.rs"), main)?;
    write(
        harness.join("Cargo.toml"),
        "[package]\nname = \"replay-harness\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\ngithub = { path = \"../github\" }\n\
         tokio = { version = \"1\", features = [\"macros\", \"rt\", \"net\", \"io-util\"] }\n\
         serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n"
            .to_owned(),
    )?;
    write(
        scratch.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [\"github\", \"harness\"]\n\n{}", workspace_profiles(root)),
    )?;
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    write(scratch.join("Cargo.lock"), lock)
}

/// Compares what the server received with the recording, and classifies the answer.
fn judge(interaction: &Interaction, plan: &Plan, report: Option<&Value>, request: usize) -> Row {
    let operation = plan.operation.clone().unwrap_or_else(|| "-".to_owned());
    let mut row = Row { id: interaction.id.clone(), operation, request: String::new(), answer: String::new() };
    let Some(report) = report else {
        row.request = "no report: the harness stopped before it".to_owned();
        row.answer = row.request.clone();
        return row;
    };
    let class = report.get("class").and_then(Value::as_str).unwrap_or_default();
    let detail = report.get("detail").and_then(Value::as_str).unwrap_or_default();
    if class == "not sent" && plan.follows.is_none() {
        row.request = format!("not sent: {detail}");
        row.answer = "not sent".to_owned();
        return row;
    }
    let received = report.get("received").and_then(Value::as_array).and_then(|all| all.get(request));
    row.request = match received {
        None => "nothing reached the server".to_owned(),
        Some(received) => interaction.differences(received, &plan.notes),
    };
    row.answer = if detail.is_empty() { class.to_owned() } else { format!("{class}: {detail}") };
    row
}

fn report(root: &Path, rows: &[Row]) -> ExitCode {
    let path = root.join(RESULTS);
    let baseline: BTreeMap<String, Row> = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(Row::parse)
        .map(|row| (row.id.clone(), row))
        .collect();
    let total = rows.len();
    let matched = rows.iter().filter(|row| row.operation != "-").count();
    let requests = rows.iter().filter(|row| row.request_ok()).count();
    let answers = rows.iter().filter(|row| row.answer_ok()).count();
    let mut classes: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows {
        let failures = [(!row.request_ok()).then_some(&row.request), (!row.answer_ok()).then_some(&row.answer)];
        for failure in failures.into_iter().flatten() {
            let class = failure.split(':').next().unwrap_or_default().to_owned();
            *classes.entry(class).or_default() += 1;
        }
    }
    let summary = format!(
        "{total} recorded interactions ({} scenarios): {matched} matched to an operation, \
         {requests} requests as recorded, {answers} answers usable",
        rows.iter()
            .map(|row| row.id.split('#').next().unwrap_or_default())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    );
    println!("{summary}");
    for (class, count) in &classes {
        println!("  {count:>3}  {class}");
    }
    let regressions: Vec<String> = rows
        .iter()
        .filter_map(|row| {
            let before = baseline.get(&row.id)?;
            let lost_request = before.request_ok() && !row.request_ok();
            let lost_answer = before.answer_ok() && !row.answer_ok();
            (lost_request || lost_answer).then(|| format!("{}: {} | {}", row.id, row.request, row.answer))
        })
        .collect();
    let mut text = format!(
        "# @octokit/fixtures (npm, pinned in replay/package-lock.json) replayed through the crate generated\n\
         # from {DOCUMENT} by `cargo xtask replay` ({}).\n# {summary}\n\
         # interaction\toperation\trequest\tanswer\n",
        crate::corpus::today()
    );
    for row in rows {
        text.push_str(&row.line());
        text.push('\n');
    }
    if let Err(error) = std::fs::write(&path, text) {
        eprintln!("cannot write {}: {error}", path.display());
        return ExitCode::from(1);
    }
    if regressions.is_empty() {
        println!("no regression against {RESULTS}");
        ExitCode::SUCCESS
    } else {
        eprintln!("{} interaction(s) passed in {RESULTS} and no longer do:", regressions.len());
        for regression in &regressions {
            eprintln!("  {regression}");
        }
        ExitCode::from(1)
    }
}
