//! Pass "deduplication": identical inline types become one.

use std::collections::HashMap;

use super::COMPONENTS_MODULE;
use crate::ir::{Group, TypeDef, TypeKind, TypeRef};

/// `/paths/~1x/get` of a pointer inside an operation; `None` elsewhere.
fn operation_of(pointer: &str) -> Option<&str> {
    let rest = pointer.strip_prefix("#/paths/").or_else(|| pointer.strip_prefix("/paths/"))?;
    let path_end = rest.find('/')?;
    let method_end = rest[path_end + 1..].find('/').map_or(rest.len(), |end| path_end + 1 + end);
    Some(&pointer[..pointer.len() - rest.len() + method_end])
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
                if let Some(shape) = shape_key(&def.kind) {
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
            let Some(shape) = shape_key(&def.kind) else { continue };
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
        let rename = |ty: &mut TypeRef| rename_type(ty, &resolve);
        for def in types.iter_mut() {
            match &mut def.kind {
                TypeKind::Struct(s) | TypeKind::Form(s) => {
                    s.fields.iter_mut().for_each(|f| rename(&mut f.ty));
                    if let Some(extra) = &mut s.additional {
                        rename(extra);
                    }
                }
                TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| rename(&mut v.ty)),
                TypeKind::Alias(ty) => rename(ty),
                TypeKind::Enum(_) => {}
            }
        }
        for op in groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
            op.params.iter_mut().for_each(|p| rename(&mut p.ty));
            if let Some(body) = &mut op.body {
                rename(&mut body.ty);
            }
            for response in &mut op.responses {
                if let Some(body) = &mut response.body {
                    rename(&mut body.ty);
                }
            }
        }
    }
}

/// The shape of a type, docs left out: equal keys mean interchangeable types.
pub(crate) fn shape_key(kind: &TypeKind) -> Option<String> {
    let mut kind = kind.clone();
    if let TypeKind::Struct(s) = &mut kind {
        for field in &mut s.fields {
            field.description = None;
            field.example = None;
            field.format = None;
            // Docs only: two fields that differ in their default are still one shape.
            field.facts.clear();
        }
    }
    serde_json::to_string(&kind).ok()
}

fn rename_type(ty: &mut TypeRef, resolve: &impl Fn(&str) -> String) {
    match ty {
        TypeRef::Named(name) => *name = resolve(name),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Box(inner)
        | TypeRef::Nullable(inner) => rename_type(inner, resolve),
        _ => {}
    }
}
