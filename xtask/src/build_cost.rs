//! `cargo xtask build-cost [ROUNDS]`: what users pay to compile the SDK, measured.
//!
//! Clean debug builds, each in a fresh target directory, interleaved round after round:
//! `clerk` with default features, `clerk` for verification only (no Backend API client),
//! the quickstart example, and a scratch crate depending on clerk-rs 0.4.2 (the peer).
//! Each build's CPU time (user + system, over cargo and every rustc/cc it waited for),
//! wall time and peak RSS (the largest single process) come from `wait4`. Medians per
//! configuration and their ratios to clerk-rs are printed, then the incremental rebuild
//! after editing one facade module. A benchmark, not a test: CI does not run it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::Result;

/// One thing to build.
struct Config {
    name: String,
    /// The directory to run `cargo build` in, and its arguments.
    dir: PathBuf,
    args: Vec<&'static str>,
}

/// One build's cost.
#[derive(Clone, Copy, Debug)]
struct Cost {
    cpu: Duration,
    wall: Duration,
    peak_rss_kb: u64,
}

/// `clerk` built by manifest path, not package name: a baseline may predate the package's
/// rename (`clerk` -> `clerk-backend`).
const BUILD_CLERK: &[&str] = &["build", "--manifest-path", "clerk/Cargo.toml"];

pub fn run(root: &Path, rounds: usize, baseline: Option<&str>) -> Result<()> {
    let scratch = root.join("target/xtask/build-cost");
    std::fs::create_dir_all(&scratch)?;
    let peer = scratch.join("clerk-rs-0.4.2");
    write_peer(&peer)?;
    let mut configs = vec![
        Config {
            name: "clerk (default features)".into(),
            dir: root.to_path_buf(),
            args: BUILD_CLERK.to_vec(),
        },
        Config {
            name: "clerk (verification only: rustls, axum)".into(),
            dir: root.to_path_buf(),
            args: vec![
                "build",
                "--manifest-path",
                "clerk/Cargo.toml",
                "--no-default-features",
                "--features",
                "rustls,axum",
            ],
        },
        Config {
            name: "quickstart example".into(),
            dir: root.to_path_buf(),
            args: vec![
                "build",
                "--manifest-path",
                "clerk/Cargo.toml",
                "--example",
                "quickstart",
            ],
        },
        Config {
            name: "clerk-rs 0.4.2".into(),
            dir: peer.clone(),
            args: vec!["build"],
        },
    ];
    let worktree = match baseline {
        Some(rev) => {
            let dir = checkout_baseline(root, &scratch, rev)?;
            // The builds that existed at the baseline (not the verification-only one),
            // inserted before the peer, which stays last (the ratios divide by it).
            let before: Vec<Config> = configs
                .iter()
                .filter(|c| c.dir == root && !c.args.contains(&"--no-default-features"))
                .map(|c| Config {
                    name: format!("baseline: {}", c.name),
                    dir: dir.clone(),
                    args: c.args.clone(),
                })
                .collect();
            let at = configs.len() - 1;
            configs.splice(at..at, before);
            Some(dir)
        }
        None => None,
    };
    // Fetch everything once, so that rounds measure compiling only.
    for c in &configs {
        let status = Command::new("cargo")
            .arg("fetch")
            .current_dir(&c.dir)
            .status()?;
        if !status.success() {
            return Err(format!("cargo fetch failed in {}", c.dir.display()).into());
        }
    }
    let mut costs: Vec<Vec<Cost>> = vec![Vec::new(); configs.len()];
    for round in 1..=rounds {
        for (i, c) in configs.iter().enumerate() {
            let target = scratch.join(format!("target-{i}"));
            let _ = std::fs::remove_dir_all(&target);
            let cost = measure(&c.dir, &c.args, &target)?;
            eprintln!(
                "round {round}: {:<42} {:>7.1} CPU-s {:>6.1} s wall {:>6} MB peak",
                c.name,
                cost.cpu.as_secs_f64(),
                cost.wall.as_secs_f64(),
                cost.peak_rss_kb / 1024
            );
            costs[i].push(cost);
        }
    }
    let peer_cost = median(&costs[configs.len() - 1]);
    println!("\nmedians of {rounds} interleaved rounds (clean debug builds, fresh target dirs):");
    println!(
        "{:<42} {:>9} {:>9} {:>9} {:>10} {:>8}",
        "", "CPU-s", "wall s", "peak MB", "CPU ratio", "RSS ratio"
    );
    for (c, runs) in configs.iter().zip(&costs) {
        let m = median(runs);
        println!(
            "{:<42} {:>9.1} {:>9.1} {:>9} {:>10.2} {:>8.2}",
            c.name,
            m.cpu.as_secs_f64(),
            m.wall.as_secs_f64(),
            m.peak_rss_kb / 1024,
            m.cpu.as_secs_f64() / peer_cost.cpu.as_secs_f64(),
            m.peak_rss_kb as f64 / peer_cost.peak_rss_kb as f64
        );
    }
    if let Some(dir) = worktree {
        remove_worktree(root, &dir);
    }
    // Incremental: the hand-written part of a resource module edited, the crate rebuilt
    // (in the first target dir).
    let target = scratch.join("target-0");
    measure(root, BUILD_CLERK, &target)?;
    let edited = "clerk/src/api/custom/user.rs";
    let module = root.join(edited);
    let original = std::fs::read_to_string(&module)?;
    let mut incremental = Vec::new();
    for n in 0..rounds.max(3) {
        std::fs::write(&module, format!("{original}\n// build-cost edit {n}\n"))?;
        let cost = measure(root, BUILD_CLERK, &target);
        std::fs::write(&module, &original)?;
        incremental.push(cost?);
    }
    let m = median(&incremental);
    println!(
        "incremental rebuild after editing {edited}: {:.1} s wall, {:.1} CPU-s",
        m.wall.as_secs_f64(),
        m.cpu.as_secs_f64()
    );
    Ok(())
}

/// A detached worktree of `rev` under the scratch directory (replaced if it exists).
fn checkout_baseline(root: &Path, scratch: &Path, rev: &str) -> Result<PathBuf> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(format!("--baseline takes a git revision, not {rev:?}").into());
    }
    let dir = scratch.join("baseline");
    remove_worktree(root, &dir);
    let status = Command::new("git")
        .args(["worktree", "add", "--detach", "--quiet"])
        .arg(&dir)
        .arg(rev)
        .current_dir(root)
        .status()?;
    if !status.success() {
        return Err(format!("git worktree add {rev} failed").into());
    }
    Ok(dir)
}

/// Removes the baseline worktree, if there is one (its target dir is elsewhere).
fn remove_worktree(root: &Path, dir: &Path) {
    if dir.exists() {
        let _ = Command::new("git")
            .args(["worktree", "remove", "--force"])
            .arg(dir)
            .current_dir(root)
            .status();
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// A scratch crate depending on clerk-rs 0.4.2 with its default features.
fn write_peer(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"peer-clerk-rs\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nclerk-rs = \"=0.4.2\"\n\n[workspace]\n",
    )?;
    std::fs::write(
        dir.join("src/main.rs"),
        "fn main() {\n    let _ = std::any::type_name::<clerk_rs::clerk::Clerk>();\n}\n",
    )?;
    Ok(())
}

fn median(runs: &[Cost]) -> Cost {
    let mut sorted = runs.to_vec();
    sorted.sort_by_key(|c| c.cpu);
    let mid = sorted[sorted.len() / 2];
    let mut walls: Vec<Duration> = runs.iter().map(|c| c.wall).collect();
    walls.sort();
    let mut rss: Vec<u64> = runs.iter().map(|c| c.peak_rss_kb).collect();
    rss.sort();
    Cost {
        cpu: mid.cpu,
        wall: walls[walls.len() / 2],
        peak_rss_kb: rss[rss.len() / 2],
    }
}

/// Runs `cargo ARGS` in `dir` with `target` as target dir; its resource use from `wait4`.
fn measure(dir: &Path, args: &[&str], target: &Path) -> Result<Cost> {
    let started = Instant::now();
    let child = Command::new("cargo")
        .args(args)
        .arg("--quiet")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "1")
        .spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data filled by the kernel; `pid` is our own child, not
    // yet reaped (the `Child` handle is forgotten so that it is not waited for twice).
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::wait4(pid, &mut status, 0, &mut usage) < 0 {
            return Err(std::io::Error::last_os_error().into());
        }
        usage
    };
    std::mem::forget(child);
    let wall = started.elapsed();
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!("cargo {} failed in {}", args.join(" "), dir.display()).into());
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Ok(Cost {
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        wall,
        peak_rss_kb: usage.ru_maxrss as u64,
    })
}
