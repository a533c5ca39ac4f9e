//! Pass "pagination": list operations that can be walked page by page.

use crate::ir::{Group, ParamLocation, TypeDef, TypeKind, TypeRef};

/// Page-number parameters and envelope fields this generator knows.
const PAGE_PARAMS: &[&str] = &["page_index", "page", "page_number", "pageIndex", "pageNumber"];
const ITEMS_FIELDS: &[&str] = &["data", "items", "results"];
const COUNT_FIELDS: &[&str] = &["count", "total", "total_count", "totalCount"];

/// Pass "pagination": an operation with a page-number query parameter whose
/// single success body is an object with a list of items (and maybe a total)
/// can be walked page by page.
pub(super) fn detect_pagination(types: &[TypeDef], groups: &mut [Group]) {
    for op in groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
        if op.success_type.is_some() {
            continue;
        }
        let Some(page) = op
            .params
            .iter()
            // A required page is an argument of the method, with no setter to step it.
            .find(|p| p.location == ParamLocation::Query && !p.required && PAGE_PARAMS.contains(&p.wire_name.as_str()))
        else {
            continue;
        };
        if !matches!(page.ty, TypeRef::String | TypeRef::I32 | TypeRef::I64) {
            continue;
        }
        let Some(TypeRef::Named(envelope)) =
            op.responses.iter().find(|r| r.success).and_then(|r| r.body.as_ref()).map(|b| b.ty.clone())
        else {
            continue;
        };
        let Some(TypeKind::Struct(envelope)) = types.iter().find(|t| t.name == envelope).map(|t| &t.kind) else {
            continue;
        };
        let list = envelope.fields.iter().find_map(|f| {
            let item = match &f.ty {
                TypeRef::Vec(item) => item,
                TypeRef::Option(inner) => match inner.as_ref() {
                    TypeRef::Vec(item) => item,
                    _ => return None,
                },
                _ => return None,
            };
            ITEMS_FIELDS.contains(&f.wire_name.as_str()).then(|| (f.rust_name.clone(), (**item).clone()))
        });
        let Some((items_field, item_ty)) = list else { continue };
        let count_field = envelope
            .fields
            .iter()
            .find(|f| {
                COUNT_FIELDS.contains(&f.wire_name.as_str())
                    && matches!(&f.ty, TypeRef::I32 | TypeRef::I64 | TypeRef::F64)
                    || matches!(&f.ty, TypeRef::Option(inner) if COUNT_FIELDS.contains(&f.wire_name.as_str()) && matches!(**inner, TypeRef::I32 | TypeRef::I64 | TypeRef::F64))
            })
            .map(|f| f.rust_name.clone());
        op.pagination = Some(crate::ir::Pagination {
            page_param: page.rust_name.clone(),
            page_ty: page.ty.clone(),
            items_field,
            item_ty,
            count_field,
        });
    }
}
