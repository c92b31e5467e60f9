//! PLACEHOLDER: to be replaced by the OFAC legacy CSV parser.
use super::{ListError, ParseReport};
use crate::model::Entity;
use std::path::Path;

/// The files of one OFAC legacy CSV set (SDN: sdn.csv, alt.csv, add.csv,
/// sdn_comments.csv; non-SDN: cons_prim.csv, cons_alt.csv, cons_add.csv,
/// cons_comments.csv). Only `primary` is required.
pub struct CsvSet<'a> {
    pub primary: &'a Path,
    pub alt: Option<&'a Path>,
    pub add: Option<&'a Path>,
    pub comments: Option<&'a Path>,
}

pub fn parse_set(set: &CsvSet<'_>, list: &str, file_label: &str, report: &mut ParseReport) -> Result<Vec<Entity>, ListError> {
    let _ = (set, list, file_label, report);
    todo!()
}
