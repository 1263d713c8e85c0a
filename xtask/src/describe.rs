//! `cargo xtask describe [OperationId|Tag ...]`: how the facade offers each operation
//! (module, function, arguments, params struct fields, response, paginator), as
//! `cargo xtask generate` would write it. A guide for editing `openapi/facade.toml`.

use std::path::Path;

use crate::Result;
use crate::rules::{self, RulesFile};
use crate::spec::Spec;

pub fn describe(root: &Path, spec: &Spec, filters: &[&str]) -> Result<String> {
    let mut doc = spec.doc.clone();
    rules::apply(&RulesFile::load(root)?, &mut doc)?;
    let file = crate::generate::read_generated(root)?;
    let api = crate::model::Api::read(&doc)?;
    let original = crate::model::Api::read(&spec.doc)?;
    let planned = crate::facade::plans(root, &api, &original, &file)?;
    Ok(crate::facade::describe(&planned, filters))
}
