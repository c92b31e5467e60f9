//! PLACEHOLDER: to be replaced by the curated Korean list parser.
use super::{ListError, ParseReport};
use crate::model::Entity;
use std::path::Path;

pub fn parse(path: &Path, file_label: &str, report: &mut ParseReport) -> Result<Vec<Entity>, ListError> {
    let _ = (path, file_label, report);
    todo!()
}
