//! PLACEHOLDER: to be replaced by the OFAC sdnList XML parser.
use super::{ListError, ParseReport};
use crate::model::Entity;
use std::path::Path;

pub fn parse(path: &Path, list: &str, file_label: &str, report: &mut ParseReport) -> Result<Vec<Entity>, ListError> {
    let _ = (path, list, file_label, report);
    todo!()
}
