//! The public API of a generated crate as plain data, and what changed
//! between two of them, classified for a Rust user: breaking or not, and the
//! semver bump that follows.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ir::{Api, TypeKind, TypeRef};

/// What a user of the crate can name and call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    /// The crate version this surface was generated as.
    pub version: String,
    /// By operationId.
    pub operations: BTreeMap<String, OperationSurface>,
    /// By Rust type name.
    pub types: BTreeMap<String, TypeSurface>,
    /// By group accessor (`patients()`): the cargo feature that builds it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub features: BTreeMap<String, String>,
    /// What a user's build must meet: `rust-version`, and the version
    /// (semver-compatible part) of each dependency the API exposes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dependencies: BTreeMap<String, String>,
    /// By `ClientBuilder` setter: a parameter set once on the client, not
    /// given to each call.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, Slot>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationSurface {
    /// `GET /v1/patients`.
    pub http: String,
    /// `patients().list_patients()`.
    pub rust: String,
    pub params: BTreeMap<String, Slot>,
    pub body: Option<Slot>,
    /// The success type.
    pub returns: String,
    /// The item type of `.items()`, for a paged list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    /// `events()` or `json_lines()` and the item type, for a streamed answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<String>,
}

/// A parameter, body or field: its Rust type and whether it must be given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub ty: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeSurface {
    Struct {
        /// Reachable from a request: callers build it.
        request: bool,
        fields: BTreeMap<String, Slot>,
    },
    Enum {
        values: Vec<String>,
    },
    Union {
        variants: Vec<String>,
    },
    Alias {
        ty: String,
    },
}

/// A type as its user writes it.
pub(crate) fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Date => "NaiveDate".into(),
        TypeRef::DateTime => "Timestamp".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::File => "FilePart".into(),
        TypeRef::Redirect => "Redirect".into(),
        TypeRef::Any => "Json".into(),
        TypeRef::FreeFormObject => "JsonObject".into(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Vec(inner) => format!("Vec<{}>", describe(inner)),
        TypeRef::Map(inner) => format!("HashMap<String, {}>", describe(inner)),
        TypeRef::Option(inner) => format!("Option<{}>", describe(inner)),
        TypeRef::Box(inner) => format!("Box<{}>", describe(inner)),
        TypeRef::Nullable(inner) => format!("Nullable<{}>", describe(inner)),
    }
}

impl Surface {
    pub fn of(api: &Api, version: &str) -> Surface {
        let mut operations = BTreeMap::new();
        let mut pending = Vec::new();
        for group in &api.groups {
            for op in &group.operations {
                let params = op
                    .params
                    .iter()
                    .map(|p| (p.wire_name.clone(), Slot { ty: describe(&p.ty), required: p.required }))
                    .collect();
                let body = op.body.as_ref().map(|b| Slot { ty: describe(&b.ty), required: b.required });
                for param in &op.params {
                    param.ty.push_named(&mut pending);
                }
                if let Some(body) = &op.body {
                    body.ty.push_named(&mut pending);
                }
                let returns =
                    match (&op.success_type, op.responses.iter().find(|r| r.success).and_then(|r| r.body.as_ref())) {
                        (Some(name), _) => name.clone(),
                        (None, Some(body)) => describe(&body.ty),
                        (None, None) => "()".into(),
                    };
                operations.insert(
                    op.id.clone(),
                    OperationSurface {
                        http: format!("{} {}", op.http_method, op.path),
                        rust: format!("{}().{}()", group.module, op.method_name),
                        params,
                        body,
                        returns,
                        items: op.pagination.as_ref().map(|p| describe(&p.item_ty)),
                        stream: op.stream.as_ref().map(|stream| {
                            let item = stream.item_ty.as_ref().map_or_else(|| "String".to_owned(), describe);
                            match stream.kind {
                                crate::ir::StreamKind::Events => format!("events() of Event<{item}>"),
                                crate::ir::StreamKind::JsonLines => format!("json_lines() of {item}"),
                            }
                        }),
                    },
                );
            }
        }
        // Types a caller builds: everything reachable from parameters and bodies.
        let request = crate::ir::reachable_types(&api.types, pending);
        let types = api
            .types
            .iter()
            .map(|t| {
                let surface = match &t.kind {
                    TypeKind::Struct(s) | TypeKind::Form(s) => TypeSurface::Struct {
                        request: request.contains(&t.name),
                        fields: s
                            .fields
                            .iter()
                            .map(|f| (f.wire_name.clone(), Slot { ty: describe(&f.ty), required: f.required }))
                            .collect(),
                    },
                    TypeKind::Enum(e) => {
                        TypeSurface::Enum { values: e.variants.iter().map(|v| v.wire_value.clone()).collect() }
                    }
                    TypeKind::Union(u) => TypeSurface::Union {
                        variants: u.variants.iter().map(|v| format!("{}({})", v.rust_name, describe(&v.ty))).collect(),
                    },
                    TypeKind::Alias(ty) => TypeSurface::Alias { ty: describe(ty) },
                };
                (t.name.clone(), surface)
            })
            .collect();
        let features = api
            .groups
            .iter()
            .filter(|group| !group.feature.is_empty())
            .map(|group| (format!("{}()", group.module), group.feature.clone()))
            .collect();
        let dependencies = BTreeMap::from([
            ("rust-version".to_owned(), crate::emit::RUST_VERSION.to_owned()),
            ("reqwest".to_owned(), compatible_part(crate::emit::REQWEST_VERSION)),
        ]);
        let settings = api
            .settings
            .iter()
            .map(|setting| {
                (format!("ClientBuilder::{}()", setting.setter), Slot { ty: describe(&setting.ty), required: false })
            })
            .collect();
        Surface { version: version.to_owned(), operations, types, features, dependencies, settings }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Impact {
    /// Code that compiled against the old crate may not compile, or behave
    /// differently, against the new one.
    Breaking,
    /// New things; existing code keeps working.
    Addition,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub impact: Impact,
    pub text: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.impact {
            Impact::Breaking => "breaking",
            Impact::Addition => "addition",
        };
        write!(f, "[{label}] {}", self.text)
    }
}

fn push(changes: &mut Vec<Change>, impact: Impact, text: String) {
    changes.push(Change { impact, text });
}

fn diff_slots(
    changes: &mut Vec<Change>,
    what: &str,
    old: &BTreeMap<String, Slot>,
    new: &BTreeMap<String, Slot>,
    request: bool,
) {
    for (name, slot) in old {
        match new.get(name) {
            None => push(changes, Impact::Breaking, format!("{what}: `{name}` removed")),
            Some(now) if now.ty != slot.ty => push(
                changes,
                Impact::Breaking,
                format!("{what}: `{name}` changed type from `{}` to `{}`", slot.ty, now.ty),
            ),
            Some(now) if now.required != slot.required => {
                let became = if now.required { "required" } else { "optional" };
                push(changes, Impact::Breaking, format!("{what}: `{name}` became {became}"));
            }
            Some(_) => {}
        }
    }
    for (name, slot) in new.iter().filter(|(name, _)| !old.contains_key(*name)) {
        if slot.required && request {
            push(changes, Impact::Breaking, format!("{what}: new required `{name}` (`{}`)", slot.ty));
        } else {
            let kind = if slot.required { "" } else { "optional " };
            push(changes, Impact::Addition, format!("{what}: new {kind}`{name}` (`{}`)", slot.ty));
        }
    }
}

/// An operation whose id changed while its method and path stayed (a rename
/// upstream) is one breaking change, not a removal and an addition; so are the
/// types named after it (`ListElementsResponse` -> `ListPracticeGroupElementsResponse`).
/// Returns the old surface with the new names, and the rename changes.
fn follow_renames(old: &Surface, new: &Surface) -> (Surface, Vec<Change>) {
    use heck::ToUpperCamelCase;
    let mut changes = Vec::new();
    let mut operation_renames = Vec::new();
    for (old_id, op) in old.operations.iter().filter(|(id, _)| !new.operations.contains_key(*id)) {
        let successor =
            new.operations.iter().find(|(id, now)| now.http == op.http && !old.operations.contains_key(*id));
        if let Some((new_id, now)) = successor {
            operation_renames.push((old_id.clone(), new_id.clone()));
            let what = format!("operation `{old_id}` ({}) renamed `{new_id}`", op.http);
            if op.rust == now.rust {
                // The id is not Rust API: code calling the method still compiles.
                push(&mut changes, Impact::Addition, format!("{what}: its method `{}` is unchanged", op.rust));
            } else {
                push(&mut changes, Impact::Breaking, format!("{what}: `{}` is now `{}`", op.rust, now.rust));
            }
        }
    }
    let mut type_renames: BTreeMap<String, String> = BTreeMap::new();
    for (old_id, new_id) in &operation_renames {
        let (old_prefix, new_prefix) = (old_id.to_upper_camel_case(), new_id.to_upper_camel_case());
        for name in old.types.keys().filter(|name| !new.types.contains_key(*name)) {
            let Some(rest) = name.strip_prefix(&old_prefix) else { continue };
            let successor = format!("{new_prefix}{rest}");
            if new.types.contains_key(&successor) && !old.types.contains_key(&successor) {
                push(&mut changes, Impact::Breaking, format!("type `{name}` renamed `{successor}`"));
                type_renames.insert(name.clone(), successor);
            }
        }
    }
    let mut renamed = old.clone();
    for (old_id, new_id) in operation_renames {
        if let (Some(mut op), Some(now)) = (renamed.operations.remove(&old_id), new.operations.get(&new_id)) {
            // The rename line already says where the method went.
            op.rust.clone_from(&now.rust);
            renamed.operations.insert(new_id, op);
        }
    }
    if type_renames.is_empty() {
        return (renamed, changes);
    }
    let rename = |text: &str| rename_identifiers(text, &type_renames);
    renamed.types = renamed.types.into_iter().map(|(name, ty)| (rename(&name), ty)).collect();
    for op in renamed.operations.values_mut() {
        op.returns = rename(&op.returns);
        op.items = op.items.as_deref().map(rename);
        op.stream = op.stream.as_deref().map(rename);
        op.params.values_mut().chain(op.body.as_mut()).for_each(|slot| slot.ty = rename(&slot.ty));
    }
    for ty in renamed.types.values_mut() {
        match ty {
            TypeSurface::Struct { fields, .. } => fields.values_mut().for_each(|slot| slot.ty = rename(&slot.ty)),
            TypeSurface::Union { variants } => variants.iter_mut().for_each(|variant| *variant = rename(variant)),
            TypeSurface::Alias { ty } => *ty = rename(ty),
            TypeSurface::Enum { .. } => {}
        }
    }
    (renamed, changes)
}

/// `text` with every whole identifier found in `renames` replaced.
fn rename_identifiers(text: &str, renames: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(renames.get(word.as_str()).map_or(word.as_str(), String::as_str));
        word.clear();
    };
    for character in text.chars() {
        if character.is_alphanumeric() || character == '_' {
            word.push(character);
        } else {
            flush(&mut word, &mut out);
            out.push(character);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A group that moves behind a cargo feature breaks a user who turned the
/// default features off; one that leaves its feature breaks nobody.
/// `0.13.5` -> `0.13`, `1.4.2` -> `1`: what a semver requirement must match.
fn compatible_part(version: &str) -> String {
    let parts: Vec<&str> = version.split('.').collect();
    match parts.as_slice() {
        ["0", minor, ..] => format!("0.{minor}"),
        [major, ..] => (*major).to_owned(),
        [] => String::new(),
    }
}

/// A raised minimum Rust, or a dependency of the API at an incompatible
/// version, breaks a user's build; a surface without the record says nothing.
fn diff_dependencies(changes: &mut Vec<Change>, old: &Surface, new: &Surface) {
    for (name, before) in &old.dependencies {
        let Some(now) = new.dependencies.get(name).filter(|now| *now != before) else { continue };
        let line = match name.as_str() {
            "rust-version" => format!("minimum Rust (`rust-version`) is now {now} (was {before})"),
            _ => format!(
                "dependency `{name}` is now {now} (was {before}): its types are in the API (`ClientBuilder::configure_http`)"
            ),
        };
        push(changes, Impact::Breaking, line);
    }
}

fn diff_features(changes: &mut Vec<Change>, old: &Surface, new: &Surface) {
    let had_group = |accessor: &str| old.operations.values().any(|op| op.rust.starts_with(&format!("{accessor}.")));
    for (accessor, feature) in &new.features {
        match old.features.get(accessor) {
            None if had_group(accessor) => push(
                changes,
                Impact::Breaking,
                format!(
                    "group `{accessor}`: now built by the cargo feature `{feature}` (on by default, through \
                     `all-groups`; with `default-features = false`, enable it)"
                ),
            ),
            Some(before) if before != feature => push(
                changes,
                Impact::Breaking,
                format!("group `{accessor}`: its cargo feature is now `{feature}` (was `{before}`)"),
            ),
            _ => {}
        }
    }
    for (accessor, before) in old.features.iter().filter(|(accessor, _)| !new.features.contains_key(*accessor)) {
        if new.operations.values().any(|op| op.rust.starts_with(&format!("{accessor}."))) {
            push(changes, Impact::Addition, format!("group `{accessor}`: always built (was the feature `{before}`)"));
        }
    }
}

/// Every difference between two surfaces a Rust user would notice.
pub fn diff(old: &Surface, new: &Surface) -> Vec<Change> {
    let (renamed, mut changes) = follow_renames(old, new);
    let old = &renamed;
    for (id, op) in &old.operations {
        let Some(now) = new.operations.get(id) else {
            push(&mut changes, Impact::Breaking, format!("operation `{id}` ({}, `{}`) removed", op.http, op.rust));
            continue;
        };
        let what = format!("operation `{id}`");
        if now.rust != op.rust {
            push(&mut changes, Impact::Breaking, format!("{what}: method moved from `{}` to `{}`", op.rust, now.rust));
        }
        if now.http != op.http {
            push(&mut changes, Impact::Breaking, format!("{what}: now `{}` (was `{}`)", now.http, op.http));
        }
        diff_slots(&mut changes, &format!("{what} parameter"), &op.params, &now.params, true);
        let body =
            |slot: &Option<Slot>| slot.iter().map(|s| ("body".to_owned(), s.clone())).collect::<BTreeMap<_, _>>();
        diff_slots(&mut changes, &what, &body(&op.body), &body(&now.body), true);
        if now.returns != op.returns {
            push(&mut changes, Impact::Breaking, format!("{what}: returns `{}` (was `{}`)", now.returns, op.returns));
        }
        for (method, before, after) in [("items()", &op.items, &now.items), ("stream", &op.stream, &now.stream)] {
            match (before, after) {
                (None, Some(after)) => {
                    push(&mut changes, Impact::Addition, format!("{what}: `{method}` added (`{after}`)"))
                }
                (Some(before), None) => {
                    push(&mut changes, Impact::Breaking, format!("{what}: `{method}` removed (was `{before}`)"))
                }
                (Some(before), Some(after)) if before != after => {
                    push(&mut changes, Impact::Breaking, format!("{what}: `{method}` now `{after}` (was `{before}`)"))
                }
                _ => {}
            }
        }
    }
    diff_features(&mut changes, old, new);
    diff_dependencies(&mut changes, old, new);
    // A parameter that became a setting is a removed argument (above) and a new setter.
    diff_slots(&mut changes, "client setting", &old.settings, &new.settings, false);
    for (id, op) in new.operations.iter().filter(|(id, _)| !old.operations.contains_key(*id)) {
        push(&mut changes, Impact::Addition, format!("operation `{id}` ({}, `{}`) added", op.http, op.rust));
    }
    for (name, ty) in &old.types {
        let Some(now) = new.types.get(name) else {
            push(&mut changes, Impact::Breaking, format!("type `{name}` removed"));
            continue;
        };
        match (ty, now) {
            (TypeSurface::Struct { fields, .. }, TypeSurface::Struct { fields: now_fields, request }) => {
                let what = if *request {
                    format!("request type `{name}` field")
                } else {
                    format!("response type `{name}` field")
                };
                diff_slots(&mut changes, &what, fields, now_fields, *request);
            }
            (TypeSurface::Enum { values }, TypeSurface::Enum { values: now_values }) => {
                for value in values.iter().filter(|v| !now_values.contains(v)) {
                    push(&mut changes, Impact::Breaking, format!("enum `{name}`: value `{value}` removed"));
                }
                for value in now_values.iter().filter(|v| !values.contains(v)) {
                    // Enums are open (`UnknownValue`) and `#[non_exhaustive]`.
                    push(&mut changes, Impact::Addition, format!("enum `{name}`: new value `{value}`"));
                }
            }
            (TypeSurface::Union { variants }, TypeSurface::Union { variants: now_variants }) => {
                for variant in variants.iter().filter(|v| !now_variants.contains(v)) {
                    push(&mut changes, Impact::Breaking, format!("union `{name}`: variant `{variant}` removed"));
                }
                for variant in now_variants.iter().filter(|v| !variants.contains(v)) {
                    push(
                        &mut changes,
                        Impact::Breaking,
                        format!("union `{name}`: new variant `{variant}` (exhaustive matches must handle it)"),
                    );
                }
            }
            (TypeSurface::Alias { ty }, TypeSurface::Alias { ty: now_ty }) if ty != now_ty => {
                push(&mut changes, Impact::Breaking, format!("type `{name}` is now `{now_ty}` (was `{ty}`)"));
            }
            (TypeSurface::Alias { .. }, TypeSurface::Alias { .. }) => {}
            _ => push(&mut changes, Impact::Breaking, format!("type `{name}` changed kind")),
        }
    }
    for name in new.types.keys().filter(|name| !old.types.contains_key(*name)) {
        push(&mut changes, Impact::Addition, format!("type `{name}` added"));
    }
    changes.sort_by_key(|c| c.impact);
    changes
}

/// The semver bump a set of changes calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

fn parse_version(version: &str) -> Option<(u64, u64, u64)> {
    let core = version.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    Some((parts.next()??, parts.next()??, parts.next()??))
}

/// The bump `changes` need from a crate at `version` (Cargo's rules: below
/// 1.0 a breaking change bumps the minor number, an addition the patch).
pub fn required_bump(version: &str, changes: &[Change]) -> Bump {
    let below_one = parse_version(version).is_some_and(|(major, ..)| major == 0);
    let breaking = changes.iter().any(|c| c.impact == Impact::Breaking);
    match (breaking, changes.is_empty(), below_one) {
        (true, _, false) => Bump::Major,
        (true, _, true) => Bump::Minor,
        (false, false, false) => Bump::Minor,
        (false, false, true) => Bump::Patch,
        (false, true, _) => Bump::None,
    }
}

/// The version `bump` leads to from `version`.
pub fn bumped(version: &str, bump: Bump) -> String {
    let Some((major, minor, patch)) = parse_version(version) else { return version.to_owned() };
    match bump {
        Bump::None => format!("{major}.{minor}.{patch}"),
        Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
        Bump::Minor => format!("{major}.{}.0", minor + 1),
        Bump::Major => format!("{}.0.0", major + 1),
    }
}

/// Whether going from `old` to `new` is at least `bump`: `new` is no lower
/// than the smallest version that bump leads to.
pub fn version_allows(old: &str, new: &str, bump: Bump) -> bool {
    match (parse_version(&bumped(old, bump)), parse_version(new)) {
        (Some(least), Some(new)) => new >= least,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(impact: Impact) -> Vec<Change> {
        vec![Change { impact, text: String::new() }]
    }

    #[test]
    fn bumps_follow_cargo_semver() {
        assert_eq!(required_bump("0.1.0", &change(Impact::Breaking)), Bump::Minor);
        assert_eq!(required_bump("0.1.0", &change(Impact::Addition)), Bump::Patch);
        assert_eq!(required_bump("1.2.3", &change(Impact::Breaking)), Bump::Major);
        assert_eq!(required_bump("1.2.3", &change(Impact::Addition)), Bump::Minor);
        assert_eq!(required_bump("1.2.3", &[]), Bump::None);
        assert_eq!(bumped("0.1.4", Bump::Minor), "0.2.0");
        assert_eq!(bumped("1.2.3", Bump::Major), "2.0.0");
    }

    fn surface(operation: &str, method: &str, returns: &str, item: &str) -> Surface {
        let op = OperationSurface {
            http: "GET /v1/me/elements".to_owned(),
            rust: format!("practice_group().{method}()"),
            params: BTreeMap::new(),
            body: None,
            returns: returns.to_owned(),
            items: None,
            stream: None,
        };
        let list = TypeSurface::Struct {
            request: false,
            fields: BTreeMap::from([("data".to_owned(), Slot { ty: format!("Vec<{item}>"), required: true })]),
        };
        let element = TypeSurface::Struct { request: false, fields: BTreeMap::new() };
        Surface {
            version: "0.1.0".to_owned(),
            operations: BTreeMap::from([(operation.to_owned(), op)]),
            types: BTreeMap::from([(returns.to_owned(), list), (item.to_owned(), element)]),
            features: BTreeMap::new(),
            dependencies: BTreeMap::new(),
            settings: BTreeMap::new(),
        }
    }

    #[test]
    fn an_operation_renamed_at_the_same_path_is_one_breaking_rename() {
        let old = surface("listElements", "list_elements", "ListElementsResponse", "ListElementsResponseDataItem");
        let new = surface(
            "listPracticeGroupElements",
            "list_practice_group_elements",
            "ListPracticeGroupElementsResponse",
            "ListPracticeGroupElementsResponseDataItem",
        );
        let texts: Vec<String> = diff(&old, &new).iter().map(|change| format!("{change}")).collect();
        assert_eq!(
            texts,
            [
                "[breaking] operation `listElements` (GET /v1/me/elements) renamed `listPracticeGroupElements`: \
                 `practice_group().list_elements()` is now `practice_group().list_practice_group_elements()`",
                "[breaking] type `ListElementsResponse` renamed `ListPracticeGroupElementsResponse`",
                "[breaking] type `ListElementsResponseDataItem` renamed `ListPracticeGroupElementsResponseDataItem`",
            ],
            "no removal, no addition, no changed field type: {texts:#?}"
        );
    }

    #[test]
    fn a_raised_rust_version_or_a_new_reqwest_breaks_and_an_unrecorded_one_says_nothing() {
        let record = |rust: &str, reqwest: &str| {
            BTreeMap::from([("rust-version".to_owned(), rust.to_owned()), ("reqwest".to_owned(), reqwest.to_owned())])
        };
        let mut old = surface("listElements", "list", "ListResponse", "Item");
        let mut new = old.clone();
        new.dependencies = record("1.85", &compatible_part("0.13.5"));
        assert!(diff(&old, &new).is_empty(), "the old surface recorded nothing");
        old.dependencies = record("1.82", &compatible_part("0.12.28"));
        let texts: Vec<String> = diff(&old, &new).iter().map(|change| format!("{change}")).collect();
        assert_eq!(texts.len(), 2, "{texts:#?}");
        assert!(texts.iter().all(|text| text.starts_with("[breaking]")), "{texts:#?}");
        assert!(texts.iter().any(|text| text.contains("is now 0.13 (was 0.12)")), "{texts:#?}");
        assert!(texts.iter().any(|text| text.contains("is now 1.85 (was 1.82)")), "{texts:#?}");
        assert_eq!(compatible_part("1.4.2"), "1");
    }

    #[test]
    fn a_parameter_that_becomes_a_client_setting_is_a_removed_argument_and_a_new_setter() {
        let mut old = surface("listElements", "list", "ListResponse", "Item");
        let slot = Slot { ty: "ApiVersion".into(), required: true };
        if let Some(op) = old.operations.get_mut("listElements") {
            op.params.insert("api-version".into(), slot.clone());
        }
        let mut new = surface("listElements", "list", "ListResponse", "Item");
        new.settings.insert("ClientBuilder::api_version()".into(), Slot { required: false, ..slot });
        let changes = diff(&old, &new);
        let texts: Vec<String> = changes.iter().map(|change| format!("{change}")).collect();
        assert_eq!(texts.len(), 2, "{texts:#?}");
        assert!(texts.iter().any(|t| t.starts_with("[breaking]") && t.contains("`api-version` removed")), "{texts:#?}");
        assert!(
            texts.iter().any(|t| t.starts_with("[addition]") && t.contains("`ClientBuilder::api_version()`")),
            "{texts:#?}"
        );
        let texts: Vec<String> = diff(&new, &old).iter().map(|change| format!("{change}")).collect();
        assert!(texts.iter().any(|t| t.starts_with("[breaking]") && t.contains("client setting")), "{texts:#?}");
    }

    #[test]
    fn versions_allow_what_they_bump() {
        assert!(version_allows("0.1.0", "0.2.0", Bump::Minor));
        assert!(!version_allows("0.1.0", "0.1.1", Bump::Minor));
        assert!(version_allows("0.1.0", "0.1.1", Bump::Patch));
        assert!(!version_allows("0.1.0", "0.1.0", Bump::Patch));
        assert!(version_allows("0.1.0", "0.1.0", Bump::None));
        assert!(version_allows("1.4.0", "2.0.0", Bump::Major));
        assert!(!version_allows("1.4.0", "1.5.0", Bump::Major));
        assert!(version_allows("1.4.0", "1.5.0", Bump::Minor));
    }

    #[test]
    fn a_group_behind_a_feature_breaks_users_without_the_defaults() {
        let old = surface("listThings", "list_things", "ListThingsResponse", "Thing");
        let mut new = old.clone();
        new.features.insert("practice_group()".to_owned(), "practice-group".to_owned());
        let texts: Vec<String> = diff(&old, &new).iter().map(|change| format!("{change}")).collect();
        assert_eq!(texts.len(), 1, "{texts:#?}");
        assert!(
            texts[0].starts_with("[breaking] group `practice_group()`: now built by the cargo feature"),
            "{texts:?}"
        );
        assert!(diff(&new, &new).is_empty());
        let texts: Vec<String> = diff(&new, &old).iter().map(|change| format!("{change}")).collect();
        assert_eq!(texts, ["[addition] group `practice_group()`: always built (was the feature `practice-group`)"]);
    }
}
