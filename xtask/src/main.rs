//! Project tasks: `cargo xtask <command>`. Run `cargo xtask help` for the list.

mod build_cost;
mod conformance;
mod coverage;
mod describe;
mod diff;
mod facade;
mod fake;
mod fetch;
mod fidelity;
mod generate;
mod model;
mod msrv;
mod open_types;
mod refresh;
mod rules;
mod spec;
mod webhooks;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use spec::{Family, Pins, PinsExt};

pub type Result<T, E = Box<dyn std::error::Error>> = std::result::Result<T, E>;

const HELP: &str = "\
cargo xtask <command>

  generate [--spec PATH] [--check] [--out DIR] [--verbose]
      Regenerate clerk-raw from the pinned Backend API spec (or PATH, which must be pinned),
      and, for the current spec, the facade's generated modules (clerk/src/api/generated/,
      shaped by openapi/facade.toml) and the webhook events from the pinned webhooks spec.
      --check compares with the committed files instead of writing them.
      A spec other than the current pin is written to target/xtask/bapi-<version>/ (or DIR).
  diff OLD NEW [--changelog FILE [--breaking]]
      Operations added, removed and changed between two spec files (paths or pinned versions).
      --changelog also writes them as a section at the top of FILE's `## [Unreleased]`
      (keep-a-changelog), with a breaking-change warning under --breaking.
  spec fetch [VERSION] [--dir DIR]
      Download bapi/VERSION.yml (default: newest) from github.com/clerk/openapi-specs into DIR
      (default: $CLERK_OPENAPI_DIR or ../shared/openapi), check it and pin it as current.
  fidelity [VERSION ...]
      Generate the client for other pinned spec versions (default: all but the current one)
      and run the spec-fidelity test on each.
  conformance
      Every facade function, with its required fields and with every field, against
      Stoplight Prism mocking the pinned spec (installed from tests/prism/ with npm ci
      when missing): requests judged on the wire and by Prism, answers decoded; spec
      defects Prism finds in answers are skipped with the reason in
      tests/prism/known-spec-defects.toml.
  coverage [--json]
      Which facade function serves each operation (read from their doc aliases).
  build-cost [ROUNDS] [--baseline REV]
      Clean debug builds of clerk (default features, verification only, the quickstart)
      and of a crate depending on clerk-rs 0.4.2, interleaved over ROUNDS (default 3):
      CPU-seconds, wall time, peak RSS, ratios to clerk-rs; then an incremental rebuild.
      --baseline REV adds clerk (default) and the quickstart as of git revision REV
      (checked out in a scratch worktree), for before/after figures from one run.
  refresh-check
      Regenerate a scratch copy of clerk and clerk-raw from a synthetic refresh of the
      pinned spec (a tag added, tags removed, operations moved, a union variant added) and
      from the other pinned versions, report what changed, and type-check it.
  describe [OperationId|Tag ...]
      How the facade offers each operation: module, function, arguments, params fields,
      response and paginator, as shaped by openapi/facade.toml.
  spec pin PATH [--current]
      Pin a local bapi spec file by sha256 (and make it the current version).
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // progenitor and typify recurse deeply on this spec; debug builds need a big stack.
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run(&args).map_err(|e| e.to_string()))
        .expect("spawn");
    match worker
        .join()
        .unwrap_or_else(|_| Err("xtask panicked".into()))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the xtask crate sits one level below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Command-line flags: `--name value` pairs, `--switch`es and positional words.
struct Args<'a> {
    words: Vec<&'a str>,
    flags: Vec<(&'a str, Option<&'a str>)>,
}

impl<'a> Args<'a> {
    fn parse(args: &'a [String], valued: &[&str]) -> Args<'a> {
        let mut words = Vec::new();
        let mut flags = Vec::new();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if let Some(name) = arg.strip_prefix("--") {
                if valued.contains(&name) {
                    flags.push((name, it.next().map(String::as_str)));
                } else {
                    flags.push((name, None));
                }
            } else {
                words.push(arg.as_str());
            }
        }
        Args { words, flags }
    }
    fn value(&self, name: &str) -> Result<Option<&'a str>> {
        match self.flags.iter().find(|(n, _)| *n == name) {
            Some((_, Some(v))) => Ok(Some(v)),
            Some((_, None)) => Err(format!("--{name} needs a value").into()),
            None => Ok(None),
        }
    }
    fn switch(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, _)| *n == name)
    }
    fn check_known(&self, known: &[&str]) -> Result<()> {
        match self.flags.iter().find(|(n, _)| !known.contains(n)) {
            Some((n, _)) => Err(format!("unknown flag --{n}\n\n{HELP}").into()),
            None => Ok(()),
        }
    }
}

fn run(args: &[String]) -> Result<()> {
    let root = root();
    let Some(command) = args.first() else {
        print!("{HELP}");
        return Ok(());
    };
    let rest = &args[1..];
    match command.as_str() {
        "generate" => {
            let a = Args::parse(rest, &["spec", "out"]);
            a.check_known(&["spec", "out", "check", "verbose"])?;
            generate_cmd(
                &root,
                a.value("spec")?.map(Path::new),
                a.value("out")?.map(Path::new),
                a.switch("check"),
                a.switch("verbose"),
            )
        }
        "diff" => {
            let a = Args::parse(rest, &["changelog"]);
            a.check_known(&["changelog", "breaking"])?;
            let [old, new] = a.words[..] else {
                return Err(format!("diff takes two specs\n\n{HELP}").into());
            };
            let pins = Pins::load(&root)?;
            let old = load_path_or_version(&root, &pins, old)?;
            let new = load_path_or_version(&root, &pins, new)?;
            let report = diff::report(&old, &new);
            print!("{}", report.text());
            if let Some(path) = a.value("changelog")? {
                let text = std::fs::read_to_string(path)?;
                let entry = report.changelog_entry(a.switch("breaking"));
                std::fs::write(path, diff::insert_unreleased(&text, &entry)?)?;
            }
            Ok(())
        }
        "spec" => {
            let a = Args::parse(&rest[rest.len().min(1)..], &["dir"]);
            match rest.first().map(String::as_str) {
                Some("fetch") => {
                    a.check_known(&["dir"])?;
                    fetch::fetch(
                        &root,
                        a.words.first().copied(),
                        a.value("dir")?.map(Path::new),
                    )
                }
                Some("pin") => {
                    a.check_known(&["current"])?;
                    let [path] = a.words[..] else {
                        return Err("spec pin takes one file".into());
                    };
                    fetch::pin(&root, Path::new(path), a.switch("current")).map(|_| ())
                }
                _ => Err(format!("spec takes fetch or pin\n\n{HELP}").into()),
            }
        }
        "conformance" => {
            let a = Args::parse(rest, &[]);
            a.check_known(&[])?;
            conformance::run(&root)
        }
        "fidelity" => {
            let a = Args::parse(rest, &[]);
            a.check_known(&[])?;
            fidelity::run(&root, &a.words)
        }
        "coverage" => {
            let a = Args::parse(rest, &[]);
            a.check_known(&["json"])?;
            let pins = Pins::load(&root)?;
            let spec = spec::load(&root, &pins, Family::Bapi, None, None)?;
            let c = coverage::coverage(&root, &spec.doc)?;
            print!("{}", coverage::report(&c, a.switch("json")));
            Ok(())
        }
        "build-cost" => {
            let a = Args::parse(rest, &["baseline"]);
            a.check_known(&["baseline"])?;
            let rounds = match a.words.first() {
                Some(n) => n
                    .parse()
                    .map_err(|_| format!("build-cost takes a number of rounds, not {n:?}"))?,
                None => 3,
            };
            build_cost::run(&root, rounds, a.value("baseline")?)
        }
        "refresh-check" => {
            let a = Args::parse(rest, &[]);
            a.check_known(&[])?;
            refresh::run(&root)
        }
        "describe" => {
            let a = Args::parse(rest, &[]);
            a.check_known(&[])?;
            let pins = Pins::load(&root)?;
            let spec = spec::load(&root, &pins, Family::Bapi, None, None)?;
            print!("{}", describe::describe(&root, &spec, &a.words)?);
            Ok(())
        }
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n\n{HELP}").into()),
    }
}

/// A spec given as a file path, or as a pinned version found in the spec directory.
fn load_path_or_version(root: &Path, pins: &Pins, arg: &str) -> Result<serde_json::Value> {
    let path = Path::new(arg);
    if path.exists() {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        return spec::parse_yaml(&bytes);
    }
    Ok(spec::load(root, pins, Family::Bapi, None, Some(arg))?.doc)
}

fn generate_cmd(
    root: &Path,
    spec_path: Option<&Path>,
    out: Option<&Path>,
    check: bool,
    verbose: bool,
) -> Result<()> {
    let pins = Pins::load(root)?;
    let spec = spec::load(root, &pins, Family::Bapi, spec_path, None)?;
    let current = spec.version == pins.current(Family::Bapi) && out.is_none();
    let types_path = if current { "clerk_raw" } else { "crate" };
    let output = generate::generate(root, &spec, types_path, verbose || !check)?;
    let targets = generate::targets(root, &pins, &spec.version, out);
    let mut files = vec![
        (targets.generated.join("mod.rs"), output.index.clone()),
        (targets.generated.join("types.rs"), output.types.clone()),
        (targets.generated.join("client.rs"), output.client.clone()),
        (targets.registry.clone(), output.registry.clone()),
    ];
    if current {
        let hooks = spec::load(root, &pins, Family::Webhooks, None, None)?;
        let events = webhooks::generate(root, &hooks, verbose || !check)?;
        files.push((webhooks::target(root), events));
        let original = model::Api::read(&spec.doc)?;
        let facade = facade::generate(root, &output.api, &original, &output.file, &spec.version)?;
        for note in &facade.notes {
            eprintln!("facade: {note}");
        }
        files.extend(facade.files);
        files.push((
            fake::target(root),
            fake::generate(&original, &spec.version)?,
        ));
        // A generated module whose operations are gone must go too.
        for dir in facade::target_dirs(root) {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if !files.iter().any(|(p, _)| p == &path) {
                    if check {
                        return Err(format!(
                            "{} is no longer generated: delete it",
                            path.display()
                        )
                        .into());
                    }
                    std::fs::remove_file(&path)?;
                    println!("removed {}", path.display());
                }
            }
        }
    }
    if check {
        let drifted: Vec<String> = files
            .iter()
            .filter_map(|(path, text)| generate::drift(path, text))
            .collect();
        if !drifted.is_empty() {
            return Err(format!(
                "{}\nrun `cargo xtask generate` and commit the result",
                drifted.join("\n")
            )
            .into());
        }
        println!(
            "generated code is up to date with bapi {} ({} lines)",
            spec.version,
            output.types.lines().count() + output.client.lines().count()
        );
        return Ok(());
    }
    for (path, text) in &files {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, text)?;
        println!("wrote {} ({} lines)", path.display(), text.lines().count());
    }
    Ok(())
}
