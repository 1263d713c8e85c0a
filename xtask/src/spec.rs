//! Finding, pinning and loading the spec files the project generates from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::Result;

/// The family of a spec file: the Backend API or the webhook events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Bapi,
    Webhooks,
}

impl Family {
    pub fn key(self) -> &'static str {
        match self {
            Family::Bapi => "bapi",
            Family::Webhooks => "webhooks",
        }
    }
}

/// `openapi/pins.toml`, read by the loader the tests share.
pub use clerk_tests::pins::{Pin, Pins};

/// The xtask's view of the pins: by family.
pub trait PinsExt {
    fn family(&self, family: Family) -> &BTreeMap<String, Pin>;
    fn current(&self, family: Family) -> &str;
    /// The version whose pin matches these bytes, if any.
    fn version_of(&self, family: Family, sha256: &str) -> Option<&str>;
}

impl PinsExt for Pins {
    fn family(&self, family: Family) -> &BTreeMap<String, Pin> {
        match family {
            Family::Bapi => &self.bapi,
            Family::Webhooks => &self.webhooks,
        }
    }

    fn current(&self, family: Family) -> &str {
        match family {
            Family::Bapi => &self.current.bapi,
            Family::Webhooks => &self.current.webhooks,
        }
    }

    fn version_of(&self, family: Family, sha256: &str) -> Option<&str> {
        self.family(family)
            .iter()
            .find(|(_, pin)| pin.sha256 == sha256)
            .map(|(version, _)| version.as_str())
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where spec files live: `$CLERK_OPENAPI_DIR`, else `../shared/openapi` beside the workspace.
pub fn spec_dir(root: &Path) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CLERK_OPENAPI_DIR") {
        return Some(PathBuf::from(dir));
    }
    let beside = root.join("../shared/openapi");
    beside.is_dir().then_some(beside)
}

/// A spec file read from disk, checked against its pin.
pub struct Spec {
    pub version: String,
    pub sha256: String,
    pub doc: Value,
}

/// Reads `explicit` if given, else the pinned file of `version` (default: current).
pub fn load(
    root: &Path,
    pins: &Pins,
    family: Family,
    explicit: Option<&Path>,
    version: Option<&str>,
) -> Result<Spec> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => {
            let version = version.unwrap_or(pins.current(family));
            let pin = pins.family(family).get(version).ok_or_else(|| {
                format!(
                    "no pin for {} version {version} in openapi/pins.toml",
                    family.key()
                )
            })?;
            let dir = spec_dir(root).ok_or(
                "spec directory not found: pass --spec PATH or set CLERK_OPENAPI_DIR \
                 (see openapi/README.md for where the files come from)",
            )?;
            dir.join(&pin.path)
        }
    };
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let sha256 = sha256_hex(&bytes);
    let version = pins.version_of(family, &sha256).ok_or_else(|| {
        format!(
            "{} (sha256 {sha256}) matches no pin in openapi/pins.toml; \
             pin it with `cargo xtask spec pin {}`",
            path.display(),
            path.display()
        )
    })?;
    let doc = parse_yaml(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let info_version = doc
        .pointer("/info/version")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if family == Family::Bapi && info_version != version {
        return Err(format!(
            "{}: info.version is {info_version:?} but the pin says {version}",
            path.display()
        )
        .into());
    }
    Ok(Spec {
        version: version.to_string(),
        sha256,
        doc,
    })
}

pub fn parse_yaml(bytes: &[u8]) -> Result<Value> {
    let value: Value = serde_norway::from_slice(bytes)?;
    Ok(value)
}

/// All operations of a spec as (operationId, method, path).
pub fn operations(doc: &Value) -> Vec<(String, String, String)> {
    let mut ops = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                if !crate::rules::METHODS.contains(&method.as_str()) {
                    continue;
                }
                if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                    ops.push((id.to_string(), method.clone(), path.clone()));
                }
            }
        }
    }
    ops
}
