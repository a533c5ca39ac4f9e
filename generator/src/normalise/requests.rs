//! Passes on the types a request can contain: "nullable_requests" and the
//! option "keep_unknown_fields".

use crate::ir::{Group, TypeDef, TypeKind, TypeRef};

/// Pass "optional vs nullable": in every type a request body can contain,
/// an optional and nullable field becomes `Nullable<T>` (absent, null or a
/// value), so an update can clear a field as well as leave it alone.
pub(super) fn nullable_request_fields(types: &mut [TypeDef], groups: &[Group]) {
    let mut roots: Vec<String> = Vec::new();
    for op in groups.iter().flat_map(|g| &g.operations) {
        if let Some(body) = &op.body {
            body.ty.push_named(&mut roots);
        }
    }
    let reachable = crate::ir::reachable_types(types, roots);
    for def in types.iter_mut().filter(|t| reachable.contains(&t.name)) {
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in s.fields.iter_mut().filter(|f| !f.required && f.nullable) {
                if let TypeRef::Option(inner) = &field.ty {
                    field.ty = TypeRef::Nullable(inner.clone());
                }
            }
        }
    }
}

/// Option "keep unknown fields": every struct without `additionalProperties`
/// and without flattened parts (whose keys a map beside them would take
/// twice) keeps the keys it does not declare as any JSON.
pub(super) fn keep_unknown_fields(types: &mut [TypeDef]) {
    for def in types {
        if let TypeKind::Struct(fields) = &mut def.kind {
            if fields.additional.is_none() && !fields.fields.iter().any(|field| field.flatten) {
                fields.additional = Some(TypeRef::Any);
            }
        }
    }
}
