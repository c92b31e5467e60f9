//! Adding values to an [`Entity`] while it is being read: the one place the
//! parsers add list values and facts without repeating them.

use crate::model::{Entity, Fact};

/// Adds `item` unless `items` already holds it.
pub fn push_unique<T: PartialEq>(items: &mut Vec<T>, item: T) {
    if !items.contains(&item) {
        items.push(item);
    }
}

/// Adds `value` as it is unless `items` already holds it (allocating only
/// when it is new).
pub fn push_str(items: &mut Vec<String>, value: &str) {
    if !items.iter().any(|x| x == value) {
        items.push(value.to_string());
    }
}

/// Adds `value`, trimmed, unless it is empty or already there.
pub fn push_trimmed(items: &mut Vec<String>, value: &str) {
    let value = value.trim();
    if !value.is_empty() {
        push_str(items, value);
    }
}

/// Adds the fact `key`: `value` unless the entity has it already.
pub fn push_fact(entity: &mut Entity, key: &str, value: &str) {
    push_unique(
        &mut entity.facts,
        Fact {
            key: key.to_string(),
            value: value.to_string(),
        },
    );
}

/// [`push_fact`] with `value` trimmed; an empty value adds nothing.
pub fn push_trimmed_fact(entity: &mut Entity, key: &str, value: &str) {
    let value = value.trim();
    if !value.is_empty() {
        push_fact(entity, key, value);
    }
}
