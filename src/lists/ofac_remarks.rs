//! PLACEHOLDER: to be replaced by the OFAC remarks parser.
use crate::model::Entity;

pub fn apply_remarks(remarks: &str, entity: &mut Entity) {
    let _ = (remarks, entity);
    todo!()
}
