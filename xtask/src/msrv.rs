//! The workspace's stated MSRV (`rust-version`) must be at least the highest
//! `rust-version` of anything `clerk` pulls in as a normal or build dependency.

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap};

    use serde_json::Value;

    /// `1.88` and `1.88.0` compare equal: missing parts count as 0.
    fn version(v: &str) -> [u64; 3] {
        let mut parts = v.split('.').map(|p| p.parse().unwrap_or(0));
        [(); 3].map(|_| parts.next().unwrap_or(0))
    }

    #[test]
    fn stated_msrv_covers_every_dependency() {
        let root = crate::root();
        let out =
            std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .args([
                    "metadata",
                    "--format-version",
                    "1",
                    "--locked",
                    "--all-features",
                ])
                .current_dir(&root)
                .output()
                .expect("cargo metadata");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
        let packages: HashMap<&str, &Value> = meta["packages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["id"].as_str().unwrap(), p))
            .collect();
        let nodes: HashMap<&str, &Value> = meta["resolve"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| (n["id"].as_str().unwrap(), n))
            .collect();
        let clerk = packages
            .values()
            .find(|p| p["name"] == "clerk-backend")
            .unwrap();
        let stated = clerk["rust_version"]
            .as_str()
            .expect("clerk states a rust-version");
        let mut seen = BTreeSet::new();
        let mut stack = vec![clerk["id"].as_str().unwrap()];
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            for dep in nodes[id]["deps"].as_array().unwrap() {
                let used_by_users = dep["dep_kinds"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|k| k["kind"].is_null() || k["kind"] == "build");
                if used_by_users {
                    stack.push(dep["pkg"].as_str().unwrap());
                }
            }
        }
        let (highest, name) = seen
            .iter()
            .filter_map(|id| {
                Some((
                    packages[id]["rust_version"].as_str()?,
                    packages[id]["name"].as_str()?,
                ))
            })
            .max_by_key(|(v, _)| version(v))
            .unwrap();
        assert!(
            version(stated) >= version(highest),
            "rust-version {stated} is below {name}'s {highest}"
        );
    }
}
