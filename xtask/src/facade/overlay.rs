//! `openapi/facade.toml`: the facade's hand-made decisions, as data.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::Result;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// Tag -> module, for operations the file does not list. A tag missing here gets a
    /// module named after it ([`super::names::module_for_tag`]).
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Module -> its documentation (Markdown); without one, the spec's tag description.
    #[serde(default)]
    pub docs: BTreeMap<String, String>,
    /// Module -> operationId -> entry.
    #[serde(default)]
    pub modules: BTreeMap<String, BTreeMap<String, Entry>>,
    /// `Operation.field` -> why it stays looser (`String`, JSON) than the spec's type.
    #[serde(default)]
    pub untyped: BTreeMap<String, String>,
}

/// An operation's entry: its name, or a table.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Entry {
    Name(String),
    Full(Settings),
}

/// What an entry can say about an operation.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub name: String,
    pub params: Option<String>,
    #[serde(default)]
    pub positional: Vec<String>,
    pub body_items: Option<BodyItems>,
    pub with_params: Option<String>,
    pub paginator: Option<Paginator>,
    #[serde(default)]
    pub custom: bool,
    /// `"text"`: the body is returned as text (the spec declares no content).
    pub response: Option<String>,
}

/// An array body taken as a slice of a params struct.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyItems {
    pub arg: String,
    pub params: String,
}

/// `paginator = "name"` or `paginator = false`.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Paginator {
    Named(String),
    Enabled(bool),
}

/// Where an operation goes and how it looks.
#[derive(Clone, Debug)]
pub struct Placement {
    pub module: String,
    pub settings: Settings,
    /// Not in the file: placed by its tag and named after its operationId.
    pub defaulted: bool,
}

impl Overlay {
    pub fn load(root: &Path) -> Result<Overlay> {
        let path = root.join("openapi/facade.toml");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let overlay: Overlay =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut seen = BTreeMap::new();
        for (module, entries) in &overlay.modules {
            for id in entries.keys() {
                if let Some(other) = seen.insert(id.clone(), module.clone()) {
                    return Err(format!(
                        "{id} is listed in both [modules.{other}] and [modules.{module}]"
                    )
                    .into());
                }
            }
        }
        Ok(overlay)
    }

    /// The module of `tag`: the one `[tags]` gives, else one named after the tag (with
    /// `_api` appended when the name is taken at the crate root, in `reserved`).
    pub fn module_of_tag(&self, tag: &str, reserved: &[String]) -> String {
        if let Some(module) = self.tags.get(tag) {
            return module.clone();
        }
        let mut module = super::names::module_for_tag(tag);
        let taken = |m: &str| {
            reserved.iter().any(|r| r == m)
                || self
                    .tags
                    .values()
                    .chain(self.modules.keys())
                    .any(|existing| existing == m)
        };
        while taken(&module) {
            module.push_str("_api");
        }
        module
    }

    /// The placement of operation `id` with tags `tags`; `reserved` are the names a new
    /// module may not take (the crate root's own items).
    pub fn place(&self, id: &str, tags: &[String], reserved: &[String]) -> Result<Placement> {
        for (module, entries) in &self.modules {
            if let Some(entry) = entries.get(id) {
                let settings = match entry {
                    Entry::Name(name) => Settings {
                        name: name.clone(),
                        ..Settings::default()
                    },
                    Entry::Full(settings) => settings.clone(),
                };
                return Ok(Placement {
                    module: module.clone(),
                    settings,
                    defaulted: false,
                });
            }
        }
        let tag = tags.first().map(String::as_str).unwrap_or("Miscellaneous");
        let module = self.module_of_tag(tag, reserved);
        Ok(Placement {
            module,
            settings: Settings {
                name: super::names::snake(id),
                ..Settings::default()
            },
            defaulted: true,
        })
    }

    /// Operations listed here that the spec no longer has.
    pub fn listed(&self) -> impl Iterator<Item = (&str, &str)> {
        self.modules
            .iter()
            .flat_map(|(m, entries)| entries.keys().map(move |id| (m.as_str(), id.as_str())))
    }
}
