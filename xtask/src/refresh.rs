//! What a spec refresh does to the generated code, proven on synthetic specs derived from
//! the pinned one: a tag added (a new resource), tags removed (one with hand-written
//! operations, one whose params struct another module shares), operations moved between
//! tags, a union variant added. The unit tests check what the generator writes and
//! reports for each; `cargo xtask refresh-check` regenerates a scratch copy of `clerk`
//! and `clerk-raw` from them (and from the previous pinned spec) and type-checks it, so a
//! refresh can never need a hand edit to build.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::Result;
use crate::spec::{self, Family, Pins, Spec};

/// The new tag of [`tag_added`].
pub const NEW_TAG: &str = "Widget Gadgets";

/// A new resource: tag `Widget Gadgets`, its schema and two operations.
pub fn tag_added(doc: &mut Value) {
    doc["tags"]
        .as_array_mut()
        .expect("tags")
        .push(json!({"name": NEW_TAG, "description": "Gadgets for widgets, added by a refresh."}));
    doc["components"]["schemas"]["WidgetGadget"] = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["object", "id", "kind"],
        "properties": {
            "object": {"type": "string", "enum": ["widget_gadget"]},
            "id": {"type": "string"},
            "kind": {"type": "string", "enum": ["lever", "dial"]}
        }
    });
    let gadget = json!({"$ref": "#/components/schemas/WidgetGadget"});
    doc["paths"]["/widget_gadgets"] = json!({
        "get": {
            "operationId": "ListWidgetGadgets",
            "summary": "List widget gadgets",
            "tags": [NEW_TAG],
            "parameters": [
                {"in": "query", "name": "limit", "schema": {"type": "integer", "minimum": 1}},
                {"in": "query", "name": "offset", "schema": {"type": "integer", "minimum": 0}},
                {"in": "query", "name": "kind", "schema": {"type": "string", "enum": ["lever", "dial"]}}
            ],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object",
                "required": ["data", "total_count"],
                "properties": {"data": {"type": "array", "items": gadget}, "total_count": {"type": "integer"}}
            }}}}}
        },
        "post": {
            "operationId": "CreateWidgetGadget",
            "summary": "Create a widget gadget",
            "tags": [NEW_TAG],
            "requestBody": {"content": {"application/json": {"schema": {
                "type": "object",
                "required": ["kind"],
                "properties": {
                    "kind": {"type": "string", "enum": ["lever", "dial"]},
                    "settings": {"type": "object", "properties": {"speed": {"type": "integer"}}}
                }
            }}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": gadget}}}}
        }
    });
}

/// Every operation of `tag` removed (and the tag).
pub fn tag_removed(doc: &mut Value, tag: &str) {
    let paths = doc["paths"].as_object_mut().expect("paths");
    for item in paths.values_mut() {
        if let Some(item) = item.as_object_mut() {
            item.retain(|method, op| {
                let tagged = op["tags"]
                    .as_array()
                    .is_some_and(|t| t.first().and_then(Value::as_str) == Some(tag));
                !(crate::rules::METHODS.contains(&method.as_str()) && tagged)
            });
        }
    }
    paths.retain(|_, item| {
        item.as_object().is_some_and(|i| {
            i.keys()
                .any(|k| crate::rules::METHODS.contains(&k.as_str()))
        })
    });
    if let Some(tags) = doc["tags"].as_array_mut() {
        tags.retain(|t| t["name"] != tag);
    }
}

/// Operation `id` tagged `tag` instead.
pub fn operation_moved(doc: &mut Value, id: &str, tag: &str) {
    let (path, method) = crate::rules::locate(doc, id).expect("operation");
    doc["paths"][&path][&method]["tags"] = json!([tag]);
}

/// A new kind of email address verification: a variant of the `verification` union.
pub fn union_variant_added(doc: &mut Value) {
    doc["components"]["schemas"]["verification_magic_link"] = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["status", "strategy", "attempts", "expire_at"],
        "properties": {
            "object": {"type": "string", "enum": ["verification_magic_link"]},
            "status": {"type": "string", "enum": ["unverified", "verified"]},
            "strategy": {"type": "string", "enum": ["magic_link"]},
            "attempts": {"type": "integer", "nullable": true},
            "expire_at": {"type": "integer", "nullable": true}
        }
    });
    let verification =
        &mut doc["components"]["schemas"]["EmailAddress"]["properties"]["verification"];
    verification["oneOf"]
        .as_array_mut()
        .expect("a union")
        .push(json!({"$ref": "#/components/schemas/verification_magic_link"}));
    if let Some(mapping) = verification
        .pointer_mut("/discriminator/mapping")
        .and_then(Value::as_object_mut)
    {
        mapping.insert(
            "verification_magic_link".into(),
            json!("#/components/schemas/verification_magic_link"),
        );
    }
}

/// The pinned spec with every change above: a tag added, `OAuth Applications` (with
/// hand-written operations) and `Billing` (whose params struct `user` shares) removed,
/// operations moved, a union variant added.
pub fn synthetic(doc: &Value) -> Value {
    let mut doc = doc.clone();
    tag_added(&mut doc);
    tag_removed(&mut doc, "OAuth Applications");
    tag_removed(&mut doc, "Billing");
    operation_moved(&mut doc, "ListWidgetGadgets", "Sessions");
    operation_moved(&mut doc, "RevokeSession", "Users");
    union_variant_added(&mut doc);
    doc
}

/// Generated files as (path, text).
type Files = Vec<(PathBuf, String)>;

/// The generated files of `doc` for a workspace at `root`, and the facade's notes.
pub fn files(root: &Path, doc: Value, version: &str) -> Result<(Files, Vec<String>)> {
    let spec = Spec {
        version: version.to_string(),
        sha256: "synthetic".into(),
        doc,
    };
    let output = crate::generate::generate(root, &spec, "clerk_raw", false)?;
    let dir = root.join("clerk-raw/src/generated");
    let mut files = vec![
        (dir.join("mod.rs"), output.index.clone()),
        (dir.join("types.rs"), output.types.clone()),
        (dir.join("client.rs"), output.client.clone()),
    ];
    let facade = crate::facade::generate(
        root,
        &output.api,
        &crate::model::Api::read(&spec.doc)?,
        &output.file,
        &spec.version,
    )?;
    files.extend(facade.files);
    Ok((files, facade.notes))
}

/// `cargo xtask refresh-check`: regenerates a scratch copy of the workspace from the
/// synthetic spec and from each other pinned version, and type-checks `clerk` there.
pub fn run(root: &Path) -> Result<()> {
    let pins = Pins::load(root)?;
    let current = spec::load(root, &pins, Family::Bapi, None, None)?;
    let mut scenarios = vec![("synthetic".to_string(), synthetic(&current.doc))];
    for version in pins.bapi.keys().filter(|v| **v != current.version) {
        let other = spec::load(root, &pins, Family::Bapi, None, Some(version))?;
        scenarios.push((format!("bapi-{version}"), other.doc));
    }
    for (name, doc) in scenarios {
        let scratch = root.join("target/xtask/refresh").join(&name);
        copy_workspace(root, &scratch)?;
        let (files, notes) = files(&scratch, doc, &current.version)?;
        for dir in crate::facade::target_dirs(&scratch) {
            for entry in std::fs::read_dir(&dir)?.flatten() {
                if !files.iter().any(|(p, _)| *p == entry.path()) {
                    std::fs::remove_file(entry.path())?;
                }
            }
        }
        for (path, text) in &files {
            std::fs::create_dir_all(path.parent().expect("a directory"))?;
            std::fs::write(path, text)?;
        }
        println!("{name}: regenerated into {}", scratch.display());
        for note in &notes {
            println!("  facade: {note}");
        }
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["check", "--quiet", "--offline", "--features", "blocking"])
            // The facade, whatever its package is called.
            .args(["--manifest-path", "clerk/Cargo.toml"])
            .current_dir(&scratch)
            .env(
                "CARGO_TARGET_DIR",
                std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| root.join("target").into()),
            )
            .status()?;
        if !status.success() {
            return Err(format!("{name}: the regenerated clerk does not build").into());
        }
        println!("{name}: clerk builds");
    }
    Ok(())
}

/// `clerk`, `clerk-raw` and `openapi` copied into `to`, as a workspace of their own.
fn copy_workspace(root: &Path, to: &Path) -> Result<()> {
    if to.exists() {
        std::fs::remove_dir_all(to)?;
    }
    for dir in ["clerk", "clerk-raw", "openapi"] {
        copy_dir(&root.join(dir), &to.join(dir))?;
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))?;
    let mut table: toml::Table = toml::from_str(&manifest)?;
    let workspace = table
        .get_mut("workspace")
        .and_then(|w| w.as_table_mut())
        .ok_or("Cargo.toml has no [workspace]")?;
    workspace.insert(
        "members".into(),
        toml::Value::Array(vec!["clerk-raw".into(), "clerk".into()]),
    );
    workspace.remove("exclude");
    std::fs::write(to.join("Cargo.toml"), toml::to_string(&table)?)?;
    std::fs::copy(root.join("Cargo.lock"), to.join("Cargo.lock"))?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)?.flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The module [`NEW_TAG`] gets.
    const NEW_MODULE: &str = "widget_gadget";

    /// The pinned spec, or `None` (skipping) without the specs outside CI.
    fn pinned() -> Option<Spec> {
        let root = crate::root();
        let pins = Pins::load(&root).unwrap();
        match spec::load(&root, &pins, Family::Bapi, None, None) {
            Ok(spec) => Some(spec),
            Err(e) if std::env::var_os("CI").is_none() => {
                eprintln!("skipping: {e}");
                None
            }
            Err(e) => panic!("{e}"),
        }
    }

    fn generated(doc: Value, version: &str) -> (Files, Vec<String>) {
        files(&crate::root(), doc, version).unwrap()
    }

    fn file<'a>(files: &'a [(PathBuf, String)], tail: &str) -> Option<&'a str> {
        files
            .iter()
            .find(|(p, _)| p.ends_with(tail))
            .map(|(_, t)| t.as_str())
    }

    #[test]
    fn a_new_tag_gets_a_module_re_exported_and_blocking() {
        let Some(spec) = pinned() else { return };
        let mut doc = spec.doc.clone();
        tag_added(&mut doc);
        let (files, notes) = generated(doc, &spec.version);
        let module = file(&files, &format!("api/generated/{NEW_MODULE}.rs")).expect("a module");
        assert!(
            module.contains("pub async fn create_widget_gadget("),
            "{module}"
        );
        assert!(module.contains("pub fn list_all_widget_gadgets("));
        assert!(module.contains("//! Gadgets for widgets, added by a refresh."));
        assert!(module.contains("pub kind: Option<types::CreateWidgetGadgetBodyKind>"));
        assert!(module.contains("pub settings: Option<types::CreateWidgetGadgetBodySettings>"));
        assert!(module.contains("pub use crate::types::WidgetGadget;"));
        let exports = file(&files, "api/generated/exports.rs").unwrap();
        assert!(exports.contains(NEW_MODULE), "{exports}");
        let blocking = file(&files, &format!("blocking/generated/{NEW_MODULE}.rs")).unwrap();
        assert!(blocking.contains("pub fn create_widget_gadget("));
        assert!(
            notes
                .iter()
                .any(|n| n.contains(NEW_TAG) && n.contains(NEW_MODULE)),
            "{notes:?}"
        );
    }

    #[test]
    fn a_removed_tag_takes_its_module_and_leaves_its_hand_written_part_out() {
        let Some(spec) = pinned() else { return };
        let mut doc = spec.doc.clone();
        tag_removed(&mut doc, "OAuth Applications");
        tag_removed(&mut doc, "Billing");
        let (files, notes) = generated(doc, &spec.version);
        assert!(file(&files, "api/generated/oauth_application.rs").is_none());
        assert!(file(&files, "api/generated/billing.rs").is_none());
        let exports = file(&files, "api/generated/exports.rs").unwrap();
        assert!(!exports.contains("oauth_application") && !exports.contains("billing"));
        assert!(
            notes
                .iter()
                .any(|n| n.contains("custom/oauth_application.rs is left out of the build")),
            "{notes:?}"
        );
        // `user` shared billing's params struct: it moves to `user`.
        let user = file(&files, "api/generated/user.rs").unwrap();
        assert!(user.contains("pub struct CreditAdjustmentParams"), "moved");
        assert!(!user.contains("crate::billing::"));
        assert!(
            notes.iter().any(|n| n.contains("CreditAdjustmentParams")),
            "{notes:?}"
        );
    }

    #[test]
    fn moved_operations_follow_the_overlay_else_their_tag() {
        let Some(spec) = pinned() else { return };
        let mut doc = spec.doc.clone();
        tag_added(&mut doc);
        operation_moved(&mut doc, "ListWidgetGadgets", "Sessions");
        operation_moved(&mut doc, "RevokeSession", "Users");
        let (files, _) = generated(doc, &spec.version);
        let session = file(&files, "api/generated/session.rs").unwrap();
        assert!(
            session.contains("pub async fn list_widget_gadgets("),
            "by its tag"
        );
        assert!(
            session.contains("pub async fn revoke("),
            "facade.toml keeps RevokeSession in session"
        );
        let gadgets = file(&files, &format!("api/generated/{NEW_MODULE}.rs")).unwrap();
        assert!(!gadgets.contains("list_widget_gadgets"));
    }

    #[test]
    fn a_new_union_variant_is_decoded_and_others_still_fall_back() {
        let Some(spec) = pinned() else { return };
        let mut doc = spec.doc.clone();
        union_variant_added(&mut doc);
        let (files, _) = generated(doc, &spec.version);
        let types = file(&files, "clerk-raw/src/generated/types.rs").unwrap();
        let start = types.find("pub enum EmailAddressVerification {").unwrap();
        let union = &types[start..start + types[start..].find("\n}").unwrap()];
        assert!(union.contains("(VerificationMagicLink)"), "{union}");
        assert!(union.contains("Unknown(::serde_json::Value)"), "{union}");
        assert!(types.contains("\"verification_magic_link\""));
    }
}
