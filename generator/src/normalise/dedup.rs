//! Pass "deduplication": identical inline types become one.

use std::collections::HashMap;

use crate::ir::{Group, TypeDef, TypeRef, COMPONENTS_MODULE};

/// `/paths/~1x/get` of a pointer inside an operation; `None` elsewhere.
fn operation_of(pointer: &str) -> Option<&str> {
    split_at_operation(pointer).map(|(owner, _)| owner)
}

/// A pointer under `/paths` split after its owner (an operation, or a path
/// item's member such as its `parameters`) and the rest, without a leading `#`.
pub(super) fn split_at_operation(pointer: &str) -> Option<(&str, &str)> {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    let rest = pointer.strip_prefix("/paths/")?;
    let path_end = rest.find('/')?;
    let after_path = &rest[path_end + 1..];
    let member_end = after_path.find('/').unwrap_or(after_path.len());
    let owner_len = pointer.len() - rest.len() + path_end + 1 + member_end;
    Some((&pointer[..owner_len], &pointer[owner_len..]))
}

/// Pass "deduplication": inline types with the same shape (fields, types,
/// values) become one, named by the shortest of their names (a component's
/// name wins); inline types merge only within one operation. Repeats until
/// nothing merges, since merging children can make parents equal. Returns how
/// many types were merged away.
pub(super) fn merge_identical_types(types: &mut Vec<TypeDef>, groups: &mut [Group]) -> usize {
    let mut merged = 0;
    loop {
        let mut renames: HashMap<String, String> = HashMap::new();
        // Components keep their names; an inline type of a component's shape becomes it.
        let mut component_by_shape: HashMap<String, usize> = HashMap::new();
        for (index, def) in types.iter().enumerate() {
            if def.module == COMPONENTS_MODULE {
                if let Some(shape) = def.kind.shape_key() {
                    component_by_shape.entry(shape).or_insert(index);
                }
            }
        }
        // Inline types of different operations stay apart, though the same
        // today: merged, a new operation or a typed field in the next revision
        // would rename or split a type other operations return.
        let mut canonical: HashMap<(String, Option<&str>), usize> = HashMap::new();
        for (index, def) in types.iter().enumerate() {
            if def.module == COMPONENTS_MODULE {
                continue;
            }
            let Some(shape) = def.kind.shape_key() else { continue };
            if let Some(&component) = component_by_shape.get(&shape) {
                renames.insert(def.name.clone(), types[component].name.clone());
                continue;
            }
            match canonical.entry((shape, operation_of(&def.pointer))) {
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(index);
                }
                std::collections::hash_map::Entry::Occupied(mut slot) => {
                    let kept = &types[*slot.get()];
                    if def.name.len() < kept.name.len() {
                        renames.insert(kept.name.clone(), def.name.clone());
                        slot.insert(index);
                    } else {
                        renames.insert(def.name.clone(), kept.name.clone());
                    }
                }
            }
        }
        if renames.is_empty() {
            return merged;
        }
        // Follow chains (A -> B -> C) to their end.
        let resolve = |name: &str| -> String {
            let mut current = name.to_owned();
            for _ in 0..renames.len() + 1 {
                match renames.get(&current) {
                    Some(next) => current = next.clone(),
                    None => break,
                }
            }
            current
        };
        merged += renames.len();
        types.retain(|t| !renames.contains_key(&t.name));
        for def in types.iter_mut() {
            def.kind.refs_mut().into_iter().for_each(|ty| ty.rename(&resolve));
        }
        for op in groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
            op.refs_mut().into_iter().for_each(|ty: &mut TypeRef| ty.rename(&resolve));
        }
    }
}
