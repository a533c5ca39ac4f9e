//! Pass "union_variant_fields".

use std::collections::HashMap;

use crate::ir::{TypeDef, TypeKind, TypeRef};

/// Pass "unions": each object alternative of a union knows its fields' wire
/// names, so decoding can tell when a failed alternative held more of the
/// value than the one that decoded.
pub(super) fn union_variant_fields(types: &mut [TypeDef]) {
    let fields_of: HashMap<String, Vec<String>> = types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(s) => {
                Some((def.name.clone(), s.fields.iter().filter(|f| !f.flatten).map(|f| f.wire_name.clone()).collect()))
            }
            _ => None,
        })
        .collect();
    for def in types.iter_mut() {
        let TypeKind::Union(union) = &mut def.kind else { continue };
        // A tag names the variant: its fields are never weighed.
        if union.discriminator.is_some() {
            continue;
        }
        for variant in &mut union.variants {
            let mut ty = &variant.ty;
            while let TypeRef::Box(inner) | TypeRef::Option(inner) = ty {
                ty = inner;
            }
            if let TypeRef::Named(name) = ty {
                variant.fields = fields_of.get(name).cloned().unwrap_or_default();
            }
        }
    }
}
