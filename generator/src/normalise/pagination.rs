//! Pass "pagination": list operations that can be walked page by page, as
//! declared (`x-openapi-rs-pagination`, `x-ms-pageable`) or inferred from the
//! names real APIs use for their parameters and their pages' fields.

use crate::diagnostics::Diagnostics;
use crate::extensions::PaginationDeclaration;
use crate::ir::{Field, Group, Operation, PageStyle, Pagination, Param, ParamLocation, TypeDef, TypeKind, TypeRef};

const PAGE_PARAMS: &[&str] =
    &["page", "page_index", "page_number", "pageIndex", "pageNumber", "pageNo", "page_no", "pagenumber"];
const OFFSET_PARAMS: &[&str] = &["offset", "skip", "$skip", "start", "startIndex", "start_index", "from"];
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "NextToken",
    "continuation",
    "continuationToken",
    "continuation_token",
    "ContinuationToken",
    "marker",
    "Marker",
    "after",
    "starting_after",
    "startingAfter",
    "page_cursor",
    "pageCursor",
    "next_cursor",
    "start_cursor",
    "$skiptoken",
    "next",
];
/// Params whose cursor is the last item's id when the page gives none.
const AFTER_ID_PARAMS: &[&str] = &["starting_after", "startingAfter", "after"];
const NEXT_CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "NextToken",
    "continuation",
    "continuationToken",
    "continuation_token",
    "next_marker",
    "nextMarker",
    "NextMarker",
    "end_cursor",
    "endCursor",
    "cursor",
    "after",
    "next",
];
const NEXT_URL_FIELDS: &[&str] = &[
    "next",
    "nextLink",
    "next_link",
    "@odata.nextLink",
    "odata.nextLink",
    "next_url",
    "nextUrl",
    "next_page_url",
    "nextPageUrl",
    "next_page",
    "href",
];
const ITEMS_FIELDS: &[&str] =
    &["data", "items", "results", "value", "records", "entries", "elements", "list", "content", "hits", "nodes"];
const TOTAL_FIELDS: &[&str] = &[
    "total",
    "count",
    "total_count",
    "totalCount",
    "total_results",
    "totalResults",
    "total_items",
    "totalItems",
    "totalElements",
    "total_entries",
    "totalSize",
    "total_size",
];
const PAGES_FIELDS: &[&str] = &["pages", "total_pages", "totalPages", "page_count", "pageCount", "num_pages"];
const HAS_MORE_FIELDS: &[&str] =
    &["has_more", "hasMore", "has_next", "hasNext", "has_next_page", "hasNextPage", "more", "has_more_items"];
/// Objects a page nests its navigation in.
const NESTS: &[&str] = &[
    "meta",
    "pagination",
    "paging",
    "page_info",
    "pageInfo",
    "response_metadata",
    "links",
    "_links",
    "cursors",
    "page",
];

pub(super) fn detect_pagination(types: &[TypeDef], groups: &mut [Group], diagnostics: &mut Diagnostics) {
    for op in groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
        // Pages of several shapes (per-status bodies) cannot be one stream;
        // a redirect or an empty answer beside the page is no page.
        let pages = op.responses.iter().filter(|r| r.success && r.has_content());
        if pages.count() != 1 && op.success_type.is_some() {
            continue;
        }
        op.pagination = match op.page_hints.declared.take() {
            Some((declaration, place)) => match declared(types, op, &declaration) {
                Ok(pagination) => Some(pagination),
                Err(problem) => {
                    diagnostics.warn(&place, format!("{problem}; the operation gets no `.items()`"));
                    None
                }
            },
            None if op.http_method == "GET" => inferred(types, op),
            None => None,
        };
    }
}

/// The single success body's type (a redirect beside it is not a page).
fn body_type(op: &Operation) -> Option<&TypeRef> {
    op.responses.iter().find(|r| r.success && r.has_content()).and_then(|r| r.body.as_ref()).map(|b| &b.ty)
}

fn struct_fields<'t>(types: &'t [TypeDef], ty: &TypeRef) -> Option<&'t [Field]> {
    let TypeRef::Named(name) = ty.peeled() else { return None };
    match &types.iter().find(|t| &t.name == name)?.kind {
        TypeKind::Struct(def) => Some(&def.fields),
        _ => None,
    }
}

/// The type at `path` (wire names) inside `ty`.
fn walk<'t>(types: &'t [TypeDef], ty: &'t TypeRef, path: &[String]) -> Option<&'t TypeRef> {
    let mut current = ty;
    for name in path {
        current = &struct_fields(types, current)?.iter().find(|f| !f.flatten && &f.wire_name == name)?.ty;
    }
    Some(current)
}

fn list_item(ty: &TypeRef) -> Option<&TypeRef> {
    match ty.peeled() {
        TypeRef::Vec(item) => Some(item),
        _ => None,
    }
}

/// A JSON pointer as wire names (`/meta/next` -> `meta`, `next`).
fn pointer_path(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(|part| part.replace("~1", "/").replace("~0", "~")).collect()
}

fn query_param<'o>(op: &'o Operation, wire: &str) -> Option<&'o Param> {
    op.params.iter().find(|p| p.location == ParamLocation::Query && p.wire_name == wire)
}

fn first_value(op: &Operation, wire: &str) -> Option<u64> {
    op.page_hints.first_values.iter().find(|(name, _)| name == wire).map(|(_, value)| *value)
}

fn declared(types: &[TypeDef], op: &Operation, declaration: &PaginationDeclaration) -> Result<Pagination, String> {
    let items = pointer_path(&declaration.items);
    let body = body_type(op);
    let item_ty = match body.and_then(|body| walk(types, body, &items)).and_then(list_item) {
        Some(item) => item.clone(),
        None => op.page_hints.declared_item.clone().unwrap_or(TypeRef::Any),
    };
    let param = |what: &str| -> Result<&Param, String> {
        let wire = declaration.parameter.as_deref().ok_or(format!("style `{what}` needs `parameter`"))?;
        query_param(op, wire).ok_or(format!("`parameter`: the operation has no query parameter {wire:?}"))
    };
    let next = || -> Result<Vec<String>, String> {
        declaration
            .next
            .as_deref()
            .map(pointer_path)
            .ok_or_else(|| format!("style `{}` needs `next`", declaration.style))
    };
    let style = match declaration.style.as_str() {
        "page" => {
            let param = param("page")?;
            numeric(param)?;
            let first = declaration.first.or_else(|| first_value(op, &param.wire_name));
            PageStyle::Number { param: param.rust_name.clone(), ty: param.ty.clone(), first }
        }
        "offset" => {
            let param = param("offset")?;
            numeric(param)?;
            PageStyle::Offset { param: param.rust_name.clone(), ty: param.ty.clone() }
        }
        "cursor" => {
            let param = param("cursor")?;
            if param.ty != TypeRef::String {
                return Err(format!("`parameter`: {:?} is not a string, so it cannot carry a cursor", param.wire_name));
            }
            match &declaration.next_from_last_item {
                Some(field) => PageStyle::LastItem { param: param.rust_name.clone(), field: field.clone() },
                None => PageStyle::Cursor { param: param.rust_name.clone(), next: next()? },
            }
        }
        "link" => PageStyle::LinkHeader,
        "next-url" => PageStyle::NextUrl { next: next()? },
        other => return Err(format!("`style`: {other:?} is none of page, offset, cursor, link, next-url")),
    };
    if let PageStyle::LastItem { field, .. } = &style {
        if struct_fields(types, &item_ty).is_none_or(|fields| !fields.iter().any(|f| &f.wire_name == field)) {
            return Err(format!("`nextFromLastItem`: the items have no field {field:?}"));
        }
    }
    Ok(Pagination {
        style,
        items,
        item_ty,
        total: declaration.total.as_deref().map(pointer_path),
        pages: declaration.pages.as_deref().map(pointer_path),
        has_more: declaration.has_more.as_deref().map(pointer_path),
        declared: true,
    })
}

fn numeric(param: &Param) -> Result<(), String> {
    match param.ty {
        TypeRef::String | TypeRef::I32 | TypeRef::I64 => Ok(()),
        _ => Err(format!("`parameter`: {:?} is neither an integer nor a string", param.wire_name)),
    }
}

fn inferred(types: &[TypeDef], op: &Operation) -> Option<Pagination> {
    let body = body_type(op)?;
    // Where the items are: the body itself, or the envelope's list.
    let (items, item_ty) = match list_item(body) {
        Some(item) => (Vec::new(), item.clone()),
        None => {
            let fields = struct_fields(types, body)?;
            let lists: Vec<&Field> = fields.iter().filter(|f| !f.flatten && list_item(&f.ty).is_some()).collect();
            let list = lists
                .iter()
                .find(|f| ITEMS_FIELDS.contains(&f.wire_name.as_str()))
                .or_else(|| lists.first().filter(|_| lists.len() == 1))?;
            (vec![list.wire_name.clone()], list_item(&list.ty)?.clone())
        }
    };
    let find = |names: &[&str], wanted: fn(&TypeRef) -> bool| find_field(types, body, names, wanted);
    let is_count = |ty: &TypeRef| matches!(ty.peeled(), TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::String);
    let is_flag = |ty: &TypeRef| matches!(ty.peeled(), TypeRef::Bool);
    let is_text = |ty: &TypeRef| matches!(ty.peeled(), TypeRef::String);
    let mut pagination = Pagination {
        style: PageStyle::LinkHeader,
        items,
        item_ty,
        total: find(TOTAL_FIELDS, is_count),
        pages: find(PAGES_FIELDS, is_count),
        has_more: find(HAS_MORE_FIELDS, is_flag),
        declared: false,
    };
    let cursor_param = CURSOR_PARAMS.iter().find_map(|name| query_param(op, name)).filter(|p| p.ty == TypeRef::String);
    pagination.style = if let Some((next, items)) = &op.page_hints.ms_pageable {
        let next = next.as_ref()?;
        let item_ty = walk(types, body, std::slice::from_ref(items)).and_then(list_item)?.clone();
        pagination.items = vec![items.clone()];
        pagination.item_ty = item_ty;
        pagination.declared = true;
        PageStyle::NextUrl { next: vec![next.clone()] }
    } else if op.page_hints.link_header {
        PageStyle::LinkHeader
    } else if let Some(next) = cursor_param.and_then(|_| find(NEXT_CURSOR_FIELDS, is_text)) {
        PageStyle::Cursor { param: cursor_param?.rust_name.clone(), next }
    } else if let Some(param) = cursor_param.filter(|p| {
        AFTER_ID_PARAMS.contains(&p.wire_name.as_str())
            && pagination.has_more.is_some()
            && struct_fields(types, &pagination.item_ty)
                .is_some_and(|fields| fields.iter().any(|f| f.wire_name == "id"))
    }) {
        PageStyle::LastItem { param: param.rust_name.clone(), field: "id".to_owned() }
    } else if let Some(next) = find(NEXT_URL_FIELDS, is_text).filter(|path| cursor_param.is_none() && is_next_url(path))
    {
        PageStyle::NextUrl { next }
    } else if let Some(param) =
        OFFSET_PARAMS.iter().find_map(|name| query_param(op, name)).filter(|p| numeric(p).is_ok())
    {
        PageStyle::Offset { param: param.rust_name.clone(), ty: param.ty.clone() }
    } else if let Some(param) = PAGE_PARAMS.iter().find_map(|name| query_param(op, name)).filter(|p| numeric(p).is_ok())
    {
        let first = first_value(op, &param.wire_name);
        PageStyle::Number { param: param.rust_name.clone(), ty: param.ty.clone(), first }
    } else {
        return None;
    };
    Some(pagination)
}

/// `href` is a next URL only as HAL writes it: `next.href`.
fn is_next_url(path: &[String]) -> bool {
    match path {
        [.., parent, last] if last == "href" => parent == "next",
        [.., last] => last != "href",
        [] => false,
    }
}

/// A field named one of `names` (in that order of preference) on the page,
/// or in an object it nests its navigation in, up to two levels down.
fn find_field(types: &[TypeDef], body: &TypeRef, names: &[&str], wanted: fn(&TypeRef) -> bool) -> Option<Vec<String>> {
    let mut level: Vec<(Vec<String>, &TypeRef)> = vec![(Vec::new(), body)];
    for _ in 0..3 {
        for name in names {
            for (path, ty) in &level {
                let Some(fields) = struct_fields(types, ty) else { continue };
                if let Some(field) = fields.iter().find(|f| !f.flatten && f.wire_name == *name && wanted(&f.ty)) {
                    return Some(path.iter().cloned().chain([field.wire_name.clone()]).collect());
                }
            }
        }
        level = level
            .iter()
            .flat_map(|(path, ty)| {
                struct_fields(types, ty)
                    .unwrap_or_default()
                    .iter()
                    .filter(|f| !f.flatten && (NESTS.contains(&f.wire_name.as_str()) || f.wire_name == "next"))
                    .map(|f| (path.iter().cloned().chain([f.wire_name.clone()]).collect(), &f.ty))
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    None
}
