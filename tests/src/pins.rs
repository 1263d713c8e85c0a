//! `openapi/pins.toml`: which spec files the project generates from, pinned by sha256.
//! One loader for the xtask and the tests.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
pub struct Pins {
    pub current: Current,
    #[serde(default)]
    pub bapi: BTreeMap<String, Pin>,
    #[serde(default)]
    pub webhooks: BTreeMap<String, Pin>,
}

/// The versions generated from.
#[derive(Debug, Deserialize)]
pub struct Current {
    pub bapi: String,
    pub webhooks: String,
}

/// One pinned file: its path under the spec directory and its sha256.
#[derive(Debug, Clone, Deserialize)]
pub struct Pin {
    pub path: String,
    pub sha256: String,
}

impl Pins {
    /// Reads `openapi/pins.toml` under the workspace `root`.
    pub fn load(root: &Path) -> Result<Pins, String> {
        let path = root.join("openapi/pins.toml");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Pins::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses the text of a pins file.
    pub fn parse(text: &str) -> Result<Pins, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The pinned file of the current bapi version, relative to the spec directory.
    pub fn current_bapi_path(&self) -> Result<&str, String> {
        self.bapi
            .get(&self.current.bapi)
            .map(|p| p.path.as_str())
            .ok_or_else(|| format!("no pin for the current bapi {}", self.current.bapi))
    }

    /// The pinned file of the current webhooks version, relative to the spec directory.
    pub fn current_webhooks_path(&self) -> Result<&str, String> {
        self.webhooks
            .get(&self.current.webhooks)
            .map(|p| p.path.as_str())
            .ok_or_else(|| format!("no pin for the current webhooks {}", self.current.webhooks))
    }
}
