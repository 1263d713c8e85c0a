//! `cargo xtask spec fetch|pin`: get a dated spec from github.com/clerk/openapi-specs and pin it.
//!
//! Only [`download`] touches the network (through `curl`); everything else works on local
//! files so it can be tested here.

use std::path::Path;

use serde_json::Value;

use crate::Result;
use crate::spec::{self, Pins};

const REPO: &str = "clerk/openapi-specs";

/// The network part: GET a URL with curl, failing on HTTP errors.
fn download(url: &str) -> Result<Vec<u8>> {
    let out = std::process::Command::new("curl")
        .args([
            "--fail",
            "--silent",
            "--show-error",
            "--location",
            "--max-time",
            "120",
            url,
        ])
        .output()
        .map_err(|e| format!("cannot run curl: {e}"))?;
    if !out.status.success() {
        return Err(format!("GET {url}: {}", String::from_utf8_lossy(&out.stderr).trim()).into());
    }
    Ok(out.stdout)
}

/// The newest `bapi/YYYY-MM-DD.yml` in a GitHub contents listing.
fn newest_version(listing: &Value) -> Option<String> {
    listing
        .as_array()?
        .iter()
        .filter_map(|entry| entry.get("name")?.as_str()?.strip_suffix(".yml"))
        .filter(|name| is_dated_version(name))
        .max()
        .map(str::to_string)
}

fn is_dated_version(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

pub fn fetch(root: &Path, version: Option<&str>, dir: Option<&Path>) -> Result<()> {
    let version = match version {
        Some(v) => v.to_string(),
        None => {
            let listing = download(&format!(
                "https://api.github.com/repos/{REPO}/contents/bapi"
            ))?;
            let listing: Value = serde_json::from_slice(&listing)?;
            newest_version(&listing).ok_or("no dated bapi spec found in the repository listing")?
        }
    };
    if !is_dated_version(&version) {
        return Err(format!("{version:?} is not a dated version like 2026-05-12").into());
    }
    let bytes = download(&format!(
        "https://raw.githubusercontent.com/{REPO}/main/bapi/{version}.yml"
    ))?;
    let dir = match dir {
        Some(d) => d.to_path_buf(),
        None => {
            spec::spec_dir(root).ok_or("no spec directory: pass --dir or set CLERK_OPENAPI_DIR")?
        }
    };
    let path = dir.join("bapi").join(format!("{version}.yml"));
    std::fs::create_dir_all(path.parent().expect("has parent"))?;
    std::fs::write(&path, &bytes)?;
    let pinned = pin(root, &path, true)?;
    println!(
        "fetched {} and pinned bapi {pinned} as current",
        path.display()
    );
    Ok(())
}

/// Checks a local bapi spec file and records its sha256 in `openapi/pins.toml`.
/// Returns the pinned version.
pub fn pin(root: &Path, path: &Path, current: bool) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc = spec::parse_yaml(&bytes)?;
    let version = doc
        .pointer("/info/version")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{}: no info.version", path.display()))?
        .to_string();
    if !is_dated_version(&version) {
        return Err(format!("{}: info.version {version:?} is not dated", path.display()).into());
    }
    if doc
        .get("paths")
        .and_then(Value::as_object)
        .is_none_or(|p| p.is_empty())
    {
        return Err(format!("{}: no paths; not a Backend API spec", path.display()).into());
    }
    let sha = spec::sha256_hex(&bytes);
    let pins_path = root.join("openapi/pins.toml");
    let text = std::fs::read_to_string(&pins_path)?;
    let previous = Pins::load(root)?.current.bapi;
    let text = set_pin(&text, &version, &sha);
    let text = if current && previous != version {
        // The new current and the one it replaces stay pinned (for `cargo xtask diff`
        // and `fidelity`); older ones go, so the fidelity run does not grow.
        let text = set_current(&text, &version);
        keep_only(&text, &[&version, &previous])
    } else if current {
        set_current(&text, &version)
    } else {
        text
    };
    // Refuse to write a file we cannot read back.
    let _: Pins = toml::from_str(&text)?;
    std::fs::write(&pins_path, text)?;
    Ok(version)
}

fn set_pin(text: &str, version: &str, sha: &str) -> String {
    let header = format!("[bapi.\"{version}\"]");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if let Some(at) = lines.iter().position(|l| l.trim() == header) {
        for line in lines.iter_mut().skip(at + 1) {
            if line.starts_with('[') {
                break;
            }
            if line.trim_start().starts_with("sha256") {
                *line = format!("sha256 = \"{sha}\"");
            }
        }
        return lines.join("\n") + "\n";
    }
    format!(
        "{}\n\n{header}\npath = \"bapi/{version}.yml\"\nsha256 = \"{sha}\"\n",
        text.trim_end()
    )
}

/// Drops every `[bapi."X"]` section whose version is not in `keep`.
fn keep_only(text: &str, keep: &[&str]) -> String {
    let mut out = Vec::new();
    let mut dropping = false;
    for line in text.lines() {
        if line.starts_with('[') {
            dropping = line
                .trim()
                .strip_prefix("[bapi.\"")
                .and_then(|rest| rest.strip_suffix("\"]"))
                .is_some_and(|version| !keep.contains(&version));
        }
        if !dropping {
            out.push(line);
        }
    }
    let mut text = out.join("\n");
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    text.trim_end().to_string() + "\n"
}

fn set_current(text: &str, version: &str) -> String {
    let mut in_current = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if line.starts_with('[') {
                in_current = line.trim() == "[current]";
            }
            if in_current && line.trim_start().starts_with("bapi") {
                format!("bapi = \"{version}\"")
            } else {
                line.to_string()
            }
        })
        .collect();
    lines.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn picks_the_newest_dated_file() {
        let listing = json!([
            {"name": "2025-04-10.yml"}, {"name": "2026-05-12.yml"}, {"name": "README.md"}, {"name": "current.yml"}
        ]);
        assert_eq!(newest_version(&listing).as_deref(), Some("2026-05-12"));
        assert!(!is_dated_version("2026-5-12"));
    }

    #[test]
    fn pins_a_local_file_and_makes_it_current() {
        let root = std::env::temp_dir().join(format!("xtask-pin-{}", std::process::id()));
        std::fs::create_dir_all(root.join("openapi")).unwrap();
        std::fs::write(
            root.join("openapi/pins.toml"),
            "[current]\nbapi = \"2026-05-12\"\nwebhooks = \"2025-04-15\"\n\n[bapi.\"2026-05-12\"]\npath = \"bapi/2026-05-12.yml\"\nsha256 = \"aa\"\n",
        )
        .unwrap();
        let spec = root.join("2027-01-01.yml");
        std::fs::write(
            &spec,
            "openapi: 3.0.3\ninfo:\n  version: '2027-01-01'\npaths:\n  /x: {}\n",
        )
        .unwrap();
        assert_eq!(pin(&root, &spec, true).unwrap(), "2027-01-01");
        let pins = Pins::load(&root).unwrap();
        assert_eq!(pins.current.bapi, "2027-01-01");
        let sha = spec::sha256_hex(&std::fs::read(&spec).unwrap());
        assert_eq!(pins.bapi["2027-01-01"].sha256, sha);
        assert_eq!(
            pins.bapi["2026-05-12"].sha256, "aa",
            "the previous pin is kept"
        );

        // Re-pinning a changed file replaces the hash instead of adding a second entry.
        std::fs::write(
            &spec,
            "openapi: 3.0.3\ninfo:\n  version: '2027-01-01'\npaths:\n  /y: {}\n",
        )
        .unwrap();
        pin(&root, &spec, false).unwrap();
        let pins = Pins::load(&root).unwrap();
        assert_ne!(pins.bapi["2027-01-01"].sha256, sha);
        assert_eq!(pins.bapi.len(), 2);

        std::fs::write(
            &spec,
            "openapi: 3.0.3\ninfo:\n  version: 'latest'\npaths:\n  /x: {}\n",
        )
        .unwrap();
        assert!(
            pin(&root, &spec, false).is_err(),
            "undated versions are refused"
        );

        // A newer current keeps only itself and the one it replaces.
        let newer = root.join("2027-06-01.yml");
        std::fs::write(
            &newer,
            "openapi: 3.0.3\ninfo:\n  version: '2027-06-01'\npaths:\n  /x: {}\n",
        )
        .unwrap();
        pin(&root, &newer, true).unwrap();
        let pins = Pins::load(&root).unwrap();
        let versions: Vec<&String> = pins.bapi.keys().collect();
        assert_eq!(versions, ["2027-01-01", "2027-06-01"]);
        assert_eq!(pins.current.bapi, "2027-06-01");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
