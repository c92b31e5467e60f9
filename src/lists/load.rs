//! PLACEHOLDER
pub struct LoadedLists;
pub fn load_lists() {}
