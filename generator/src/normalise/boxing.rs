//! Passes "box_recursive_fields" and "box_large_responses": every type has a
//! finite size, and no enum is as large as its largest variant for nothing.

use std::collections::{BTreeMap, HashSet};

use crate::ir::{Group, TypeDef, TypeKind, TypeRef};

/// Boxes each struct field or union variant whose type leads back to the
/// type that holds it without passing through a `Vec` or map, so every
/// type has a finite size.
pub(super) fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|t| {
            let targets = t.kind.refs_in_place().into_iter().filter_map(TypeRef::held_in_place).map(str::to_owned);
            (t.name.clone(), targets.collect())
        })
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = HashSet::new();
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node.clone()) {
                stack.extend(edges.get(&node).into_iter().flatten().cloned());
            }
        }
        false
    };
    // Struct alternatives big enough to bloat every value of their union.
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let structs: HashSet<String> = types
        .iter()
        .filter(|t| {
            matches!(t.kind, TypeKind::Struct(_))
                && estimated_size(&TypeRef::Named(t.name.clone()), &by_name, 0) >= LARGE_VARIANT_BYTES
        })
        .map(|t| t.name.clone())
        .collect();
    for t in types.iter_mut() {
        let name = t.name.clone();
        let fix = |ty: &mut TypeRef| {
            if ty.held_in_place().is_some_and(|target| reaches(target, &name)) {
                *ty = boxed(std::mem::replace(ty, TypeRef::Any));
            }
        };
        match &mut t.kind {
            TypeKind::Struct(s) | TypeKind::Form(s) => s.fields.iter_mut().for_each(|f| fix(&mut f.ty)),
            TypeKind::Union(u) => {
                // An alternative that is the union itself adds no shape and
                // would make decoding recurse for ever.
                u.variants.retain(|v| v.ty.held_in_place() != Some(name.as_str()));
                // A struct beside a small alternative would make every value
                // as large as the struct: box struct alternatives.
                for variant in &mut u.variants {
                    if matches!(&variant.ty, TypeRef::Named(target) if structs.contains(target)) {
                        variant.ty = boxed(std::mem::replace(&mut variant.ty, TypeRef::Any));
                    } else {
                        fix(&mut variant.ty);
                    }
                }
            }
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// Union alternatives at least this large (estimated) are boxed.
const LARGE_VARIANT_BYTES: usize = 128;
/// Response bodies at least this large are boxed in the per-status enums
/// (clippy's `large_enum_variant` threshold), so a `Result` stays small.
const LARGE_RESPONSE_BYTES: usize = 200;

/// Pass "response boxing": a large body in an operation's success or error
/// enum is boxed. A single success type is returned as it is.
pub(super) fn box_large_response_variants(types: &[TypeDef], groups: &mut [Group]) {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    for op in groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
        let (success_enum, error_enum) = (op.success_type.is_some(), op.error_type.is_some());
        for response in op.responses.iter_mut().filter(|r| if r.success { success_enum } else { error_enum }) {
            if let Some(body) = response.body.as_mut() {
                if matches!(body.ty, TypeRef::Named(_)) && estimated_size(&body.ty, &by_name, 0) >= LARGE_RESPONSE_BYTES
                {
                    body.ty = boxed(std::mem::replace(&mut body.ty, TypeRef::Any));
                }
            }
        }
    }
}

/// A rough size on 64-bit targets: enough to tell a small struct from a big one.
fn estimated_size(ty: &TypeRef, types: &BTreeMap<&str, &TypeDef>, depth: usize) -> usize {
    if depth > 8 {
        return 8;
    }
    match ty {
        TypeRef::Bool => 1,
        TypeRef::I32 | TypeRef::Date => 4,
        TypeRef::I64 | TypeRef::F64 | TypeRef::Box(_) => 8,
        TypeRef::DateTime => 16,
        TypeRef::String | TypeRef::Vec(_) => 24,
        TypeRef::Bytes | TypeRef::Any => 32,
        TypeRef::File => 64,
        TypeRef::Redirect => 96,
        TypeRef::Map(_) => 48,
        TypeRef::FreeFormObject => 72,
        TypeRef::Option(inner) | TypeRef::Nullable(inner) => estimated_size(inner, types, depth + 1) + 8,
        TypeRef::Named(name) => match types.get(name.as_str()).map(|t| &t.kind) {
            Some(TypeKind::Struct(s) | TypeKind::Form(s)) => {
                s.fields.iter().map(|f| estimated_size(&f.ty, types, depth + 1)).sum::<usize>()
                    + s.additional.as_ref().map_or(0, |_| 48)
            }
            Some(TypeKind::Union(u)) => {
                u.variants.iter().map(|v| estimated_size(&v.ty, types, depth + 1)).max().unwrap_or(0) + 8
            }
            Some(TypeKind::Alias(inner)) => estimated_size(inner, types, depth + 1),
            Some(TypeKind::Enum(_)) | None => 24,
        },
    }
}

fn boxed(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(inner) => TypeRef::Option(Box::new(boxed(*inner))),
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(boxed(*inner))),
        other => TypeRef::Box(Box::new(other)),
    }
}
