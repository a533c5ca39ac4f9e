//! Method names a Rust programmer would choose: never the group's words again
//! at the start (`repos().get()`, not `repos().repos_get()`), resource-style
//! names for operationIds spelled from method and path (Stripe's
//! `GetCustomersCustomer` -> `customers().get()`), and an overlay's
//! `x-openapi-rs-method-name` above both.
//!
//! The rule keeps names stable across revisions: an operation's name depends
//! only on its own id, method and path, the document's paths and the other
//! candidates of its group. Each operation has candidates, best first; two
//! operations that offer the same one both pass it by for their next, so no
//! name depends on document order (`assign_names`); out of candidates, an
//! operation keeps its whole operationId. A revision that adds such a twin
//! renames the first, which `cargo xtask diff` and the changelog classify as
//! a breaking rename.

use std::collections::{HashMap, HashSet};

use super::Normaliser;
use crate::extensions::METHOD_NAME;
use crate::ir::{Group, Operation, TypeDef, TypeKind, TypeRef};
use crate::names::{is_version_segment, pascal, singular, snake, starts_with_words, Scope};

/// Leading words after which the group's noun is dropped: `create_webhook`
/// in `webhooks` is `create`, `list_patient_attachments` in `patients` is
/// `list_attachments`.
const VERBS: &[&str] = &[
    "get", "list", "create", "update", "delete", "patch", "put", "post", "add", "remove", "set", "find", "search",
    "replace", "read", "retrieve", "fetch", "upsert", "cancel", "send", "check", "count", "validate", "register",
    "merge", "preview", "edit", "link", "connect", "modify", "query", "describe", "upload", "download", "start",
    "stop", "enable", "disable", "import", "export", "login", "logout", "head", "options",
];

/// Names no method may take: the group struct's own member.
const GROUP_MEMBERS: &[&str] = &["client"];

impl Normaliser<'_> {
    /// The pass `name_methods`: every operation's method, builder and
    /// per-status enum names, decided per group.
    pub(super) fn name_methods(&mut self, groups: &mut [Group]) {
        let paths: Vec<PathShape> = self
            .doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| PathShape::new(path, item.as_item().is_some_and(|item| item.get.is_some())))
            .collect();
        let list_fields = list_fields(&self.types);
        for group in groups.iter_mut() {
            let declared: Vec<Option<String>> =
                group.operations.iter().map(|op| self.declared_method_name(op)).collect();
            let candidates: Vec<Vec<Option<String>>> = group
                .operations
                .iter()
                .map(|op| {
                    let lists = answers_a_list(op, &list_fields);
                    candidate_names(&op.id, &op.http_method, &op.path, &group.module, &paths, lists)
                })
                .collect();
            let full_names: Vec<String> = group.operations.iter().map(|op| snake(&op.id, "call")).collect();
            let chosen = assign_names(&candidates, &declared, &full_names);
            let mut methods = Scope::with_reserved(GROUP_MEMBERS);
            let mut types = Scope::for_types();
            types.claim(&group.type_name, "");
            for ((op, name), declared) in group.operations.iter_mut().zip(chosen).zip(&declared) {
                op.method_name = methods.claim(&name, "_");
                if declared.is_some() && op.method_name != name {
                    self.diagnostics.warn(
                        &op.pointer,
                        format!("{METHOD_NAME} {name:?} is taken in this group: the method is named {:?}; choose another name", op.method_name),
                    );
                }
                op.builder_name = types.claim(&builder_name(&op.method_name), "");
                if op.error_type.is_some() {
                    op.error_type = Some(types.claim(&format!("{}Error", op.builder_name), ""));
                }
                if op.success_type.is_some() {
                    op.success_type = Some(types.claim(&format!("{}Success", op.builder_name), ""));
                }
            }
        }
    }

    /// The overlay's (or document's) `x-openapi-rs-method-name`, a snake_case
    /// identifier; anything else is a warning and ignored.
    fn declared_method_name(&mut self, op: &Operation) -> Option<String> {
        let item = self.doc.paths.paths.get(&op.path)?.as_item()?;
        let additional = self.extensions.additional_operations.get(&op.path);
        let item_pointer = crate::diagnostics::join("/paths", &op.path);
        let (_, _, operation) = super::operations::path_operations(item, &item_pointer, additional)
            .into_iter()
            .find(|(_, pointer, _)| *pointer == op.pointer)?;
        let value = operation.extensions.get(METHOD_NAME)?;
        let name = value.as_str().map(|text| snake(text, "")).filter(|name| !name.is_empty());
        if name.is_none() {
            self.diagnostics.warn(
                &format!("{}/{METHOD_NAME}", op.pointer),
                "not a name: ignored, the method keeps its derived name; give a string such as `list_for_repo`",
            );
        }
        name
    }
}

/// The builder's type name: the method's, unless generated code needs that
/// name unqualified (`send` builds `SendRequest`, not a type that hides the
/// `Send` trait).
fn builder_name(method_name: &str) -> String {
    let name = pascal(method_name, "Call");
    if Scope::is_reserved_type(&name) {
        format!("{name}Request")
    } else {
        name
    }
}

/// One segment of a path: a literal's words or a parameter's name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param(String),
}

fn segments(path: &str) -> Vec<Segment> {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => Segment::Param(snake(name, "")),
            None => Segment::Literal(snake(segment, "")),
        })
        .collect()
}

/// A path's segments with its parameters' names left out, so
/// `/fees/{id}/refunds` and `/fees/{fee}/refunds/{id}` are one resource.
fn unnamed(segments: Vec<Segment>) -> Vec<Segment> {
    segments
        .into_iter()
        .map(|segment| match segment {
            Segment::Param(_) => Segment::Param(String::new()),
            literal => literal,
        })
        .collect()
}

/// Struct name -> the wire names of its fields that are lists, computed
/// once per pass (a lookup per operation, not a walk of every type).
fn list_fields(types: &[TypeDef]) -> HashMap<String, HashSet<String>> {
    types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(fields) => {
                let lists = fields.fields.iter().filter(|field| matches!(field.ty.peeled(), TypeRef::Vec(_)));
                Some((def.name.clone(), lists.map(|field| field.wire_name.clone()).collect()))
            }
            _ => None,
        })
        .collect()
}

/// Whether a GET on a plural noun (`/users/{id}/meetings`) answers a list:
/// its first success body is one, or a struct whose field named like that
/// noun is one. A GET of one thing (`/barcode-lookup` answering an array)
/// is not a listing.
fn answers_a_list(op: &Operation, list_fields: &HashMap<String, HashSet<String>>) -> bool {
    if op.http_method != "GET" {
        return false;
    }
    let Some(body) = op.responses.iter().find(|r| r.success).and_then(|r| r.body.as_ref()) else { return false };
    let Some(noun) = op.path.rsplit('/').find(|segment| !segment.is_empty() && !segment.starts_with('{')) else {
        return false;
    };
    if singular(noun) == noun {
        return false;
    }
    match body.ty.peeled() {
        TypeRef::Vec(_) => true,
        TypeRef::Named(name) => list_fields.get(name).is_some_and(|fields| fields.contains(noun)),
        _ => false,
    }
}

/// The names an operation may take, best first (its whole operationId
/// comes after them all): resource-style for an id spelled from method and
/// path; the id with the group's words dropped from its start, as spelled,
/// then in either number; the same after a leading verb; last, the id with
/// only the group's last word kept where the id spells it in the other
/// number (`me.calendars.x` in `me.calendar`), or the HTTP method before an
/// id that is only the group's words, or the path's other words after the
/// name (`get_for_recipe`). None starts with the group's words.
fn candidate_names(
    id: &str,
    http_method: &str,
    path: &str,
    module: &str,
    paths: &[PathShape],
    lists: bool,
) -> Vec<Option<String>> {
    let full = snake(id, "call");
    let method = http_method.to_ascii_lowercase();
    let path = segments(path);
    let words: Vec<&str> = full.split('_').filter(|w| !w.is_empty()).collect();
    let group: Vec<&str> = module.split('_').filter(|w| !w.is_empty()).collect();
    let resource = |lists: bool| resource_style(&method, &path, module, paths, lists);
    // What is left once the group's words are gone, made a name.
    let finish = |rest: Vec<&str>, lists: bool| -> Option<String> {
        let rest = rest.join("_");
        // `holidays` in `holidays`, `Customers_Get`: the path says what it
        // does. A `Put` or `Patch` stays itself: `update` may be its twin's.
        if rest.is_empty() || (rest == method && (method == "get" || method == "post")) {
            Some(resource(lists).unwrap_or_else(|| method.clone()))
        } else if is_plain_name(&rest) {
            Some(rest)
        } else {
            // `repos/2fa`, `repos/type`: the HTTP method makes it a name.
            Some(format!("{method}_{rest}"))
        }
    };
    let after_verb = |exact: bool| -> Option<String> {
        let (verb, rest) = words.split_first()?;
        let rest = without_group(rest, &group, exact)?;
        VERBS.contains(verb).then(|| {
            if rest.is_empty() {
                (*verb).to_owned()
            } else {
                format!("{verb}_{}", rest.join("_"))
            }
        })
    };
    let kept_last_word = || -> Option<String> {
        if without_group(&words, &group, true).is_some() {
            return None;
        }
        without_group(&words, &group, false)?;
        Some(words[group.len() - 1..].join("_"))
    };
    // A listing's name (`list`) first; where a twin takes it, the name it
    // would have without being one (`get_accounts`).
    let spelled = spelled_from_path(&full, &method, &path);
    let listing = spelled.then(|| resource(lists)).flatten();
    let tiers = [
        listing.clone(),
        (lists && listing.is_some()).then(|| resource(false)).flatten(),
        without_group(&words, &group, true).and_then(|rest| finish(rest, lists)),
        without_group(&words, &group, true).filter(|_| lists).and_then(|rest| finish(rest, false)),
        without_group(&words, &group, false).and_then(|rest| finish(rest, lists)),
        without_group(&words, &group, false).filter(|_| lists).and_then(|rest| finish(rest, false)),
        after_verb(true),
        after_verb(false),
        kept_last_word(),
        // An id that is only the group's words, when its tiers were taken: `get_meeting`.
        without_group(&words, &group, false).filter(Vec::is_empty).map(|_| format!("{method}_{full}")),
        // Last, the path's other words: `Review_Get` on `/recipe/{id}/review/{id}` is `get_for_recipe`.
        without_group(&words, &group, false)
            .and_then(|rest| finish(rest, false))
            .zip(other_path_words(&path, &group))
            .map(|(rest, other)| format!("{rest}_for_{other}")),
    ];
    // Each tier keeps its place, so twins meet only at the same tier.
    let mut names: Vec<Option<String>> = Vec::new();
    for name in tiers {
        let usable = name.filter(|name| {
            let name_words: Vec<&str> = name.split('_').collect();
            is_plain_name(name)
                && starts_with_words(&name_words, &group).is_none()
                && !names.iter().flatten().any(|earlier| earlier == name)
        });
        names.push(usable);
    }
    names
}

/// The path's literal words that are not the group's nor a version, joined.
fn other_path_words(path: &[Segment], group: &[&str]) -> Option<String> {
    let words: Vec<&str> = path
        .iter()
        .filter_map(|segment| match segment {
            Segment::Literal(word) if !is_version_segment(word) && word != "api" => Some(word.as_str()),
            _ => None,
        })
        .filter(|word| {
            let words: Vec<&str> = word.split('_').collect();
            starts_with_words(&words, group) != Some(words.len())
        })
        .collect();
    (!words.is_empty()).then(|| words.join("_"))
}

/// `words` without the group's words at their start, as often as they
/// repeat (`codespaces/codespace-machines`); `exact`: as the group spells
/// them, else its last word in either number. `None` when they are not there.
fn without_group<'w>(words: &[&'w str], group: &[&str], exact: bool) -> Option<Vec<&'w str>> {
    let at_start = |rest: &[&str]| -> Option<usize> {
        if exact {
            (rest.len() >= group.len() && rest[..group.len()] == *group).then_some(group.len())
        } else {
            starts_with_words(rest, group)
        }
    };
    let mut rest = words;
    while let Some(taken) = at_start(rest) {
        rest = &rest[taken..];
    }
    (rest.len() < words.len()).then(|| rest.to_vec())
}

/// Each operation's name, decided for the whole group at once, so no name
/// depends on document order: round by round, each operation still without
/// a name offers its next candidate, and takes it when no other operation
/// offers it in that round, no earlier round offered it, and it is not
/// another operation's whole id. Declared names come first; an operation out of
/// candidates keeps its whole id.
fn assign_names(candidates: &[Vec<Option<String>>], declared: &[Option<String>], full_names: &[String]) -> Vec<String> {
    let mut chosen: Vec<Option<String>> = declared.to_vec();
    let mut taken: HashSet<String> = declared.iter().flatten().cloned().collect();
    let rounds = candidates.iter().map(Vec::len).max().unwrap_or(0);
    for round in 0..rounds {
        let offers: Vec<(usize, &String)> = candidates
            .iter()
            .enumerate()
            .filter(|(index, _)| chosen[*index].is_none())
            .filter_map(|(index, names)| names.get(round)?.as_ref().map(|name| (index, name)))
            .collect();
        let mut uses: HashMap<&str, usize> = HashMap::new();
        for (_, name) in &offers {
            *uses.entry(name.as_str()).or_default() += 1;
        }
        let accepted: Vec<(usize, &String)> = offers
            .iter()
            .filter(|(index, name)| {
                uses[name.as_str()] == 1
                    && !taken.contains(*name)
                    && !full_names.iter().enumerate().any(|(other, full)| other != *index && full == *name)
            })
            .copied()
            .collect();
        for (index, name) in accepted {
            chosen[index] = Some(name.clone());
        }
        // A name two operations offered goes to neither, nor to anyone later.
        taken.extend(offers.into_iter().map(|(_, name)| name.clone()));
    }
    chosen.into_iter().zip(full_names).map(|(name, full)| name.unwrap_or_else(|| full.clone())).collect()
}

/// A snake_case name as it stands: no keyword to mend, no leading digit.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && snake(name, "") == name && !GROUP_MEMBERS.contains(&name)
}

/// `get_customers_customer` for `GET /v1/customers/{customer}`: the id is the
/// method and the path's words (versions optional, `by` ignored).
fn spelled_from_path(full: &str, method: &str, path: &[Segment]) -> bool {
    let id: Vec<&str> = full.split('_').filter(|w| !w.is_empty() && *w != "by").collect();
    let words = |skip_versions: bool| -> Vec<String> {
        std::iter::once(method.to_owned())
            .chain(
                path.iter()
                    .filter(|segment| {
                        !skip_versions
                            || !matches!(segment, Segment::Literal(word) if is_version_segment(word) || word == "api")
                    })
                    .flat_map(|segment| match segment {
                        Segment::Literal(word) | Segment::Param(word) => {
                            word.split('_').map(str::to_owned).collect::<Vec<_>>()
                        }
                    })
                    .filter(|w| !w.is_empty()),
            )
            .collect()
    };
    [false, true].into_iter().any(|skip| words(skip) == id)
}

/// list, create, get, update, delete on a collection and its item (and one
/// level of sub-resource), where the path says so without doubt.
/// `lists`: the success answer is a list, or carries one under the
/// collection's name (`{"meetings": [...], "page_count": 3}`), so a GET on a
/// collection without an item path still lists.
fn resource_style(method: &str, path: &[Segment], module: &str, paths: &[PathShape], lists: bool) -> Option<String> {
    let group: Vec<&str> = module.split('_').collect();
    let at = path.iter().position(|segment| match segment {
        Segment::Literal(word) => {
            let words: Vec<&str> = word.split('_').collect();
            starts_with_words(&words, &group) == Some(words.len())
        }
        Segment::Param(_) => false,
    })?;
    let shape = unnamed(path.to_vec());
    let has_items = paths.iter().any(|other| {
        other.segments.len() == shape.len() + 1
            && other.segments.starts_with(&shape)
            && matches!(other.segments.last(), Some(Segment::Param(_)))
    });
    let has_get = paths.iter().any(|other| other.segments == shape && other.has_get);
    let qualified = at
        .checked_sub(1)
        .and_then(|before| path.get(before))
        .is_some_and(|segment| matches!(segment, Segment::Literal(word) if !is_version_segment(word) && word != "api"));
    let item_verb = |method: &str| match method {
        "get" => Some("get"),
        "delete" => Some("delete"),
        "put" | "patch" | "post" => Some("update"),
        _ => None,
    };
    let name = match &path[at + 1..] {
        // A listing of a qualified noun (`/live/plays` beside `/plays`) is
        // neither `list` nor `get`: its words name it (`get_live_plays`).
        [] if lists && qualified && !has_items => return None,
        [] if has_items || lists => match method {
            "get" => "list".to_owned(),
            "post" => "create".to_owned(),
            _ => return None,
        },
        // One thing (`/v1/account`, `/v1/balance`), or a collection only posted to.
        [] => match method {
            "get" => "get".to_owned(),
            "post" if has_get => "update".to_owned(),
            "post" => "create".to_owned(),
            "delete" => "delete".to_owned(),
            _ => return None,
        },
        [Segment::Param(_)] => item_verb(method)?.to_owned(),
        [Segment::Param(_), Segment::Literal(sub)] | [Segment::Literal(sub)] if has_items || lists => match method {
            "get" => format!("list_{sub}"),
            "post" => format!("create_{}", singular(sub)),
            _ => return None,
        },
        // A sub-resource without items: an action (`pay`, `search`) or one thing (`discount`).
        [Segment::Param(_), Segment::Literal(sub)] | [Segment::Literal(sub)] => match method {
            "get" if VERBS.contains(&sub.as_str()) => sub.clone(),
            "get" => format!("get_{sub}"),
            "post" if !has_get => sub.clone(),
            "delete" => format!("delete_{sub}"),
            _ => return None,
        },
        [Segment::Param(_), Segment::Literal(sub), Segment::Param(_)] | [Segment::Literal(sub), Segment::Param(_)] => {
            format!("{}_{}", item_verb(method)?, singular(sub))
        }
        _ => return None,
    };
    is_plain_name(&name).then_some(name)
}

/// A path of the document as the resource rules read it.
#[derive(Debug)]
pub(super) struct PathShape {
    segments: Vec<Segment>,
    has_get: bool,
}

impl PathShape {
    fn new(path: &str, has_get: bool) -> Self {
        Self { segments: unnamed(segments(path)), has_get }
    }
}

#[cfg(test)]
mod tests {
    use super::{assign_names, builder_name, candidate_names, PathShape};
    use crate::names::snake;

    /// The name an operation takes alone in its group: its best candidate.
    fn short_name(id: &str, method: &str, path: &str, module: &str, shapes: &[PathShape]) -> String {
        candidate_names(id, method, path, module, shapes, false)
            .into_iter()
            .flatten()
            .next()
            .unwrap_or_else(|| snake(id, "call"))
    }

    /// Each case: operationId, method, path, group module -> method name,
    /// over one document's paths.
    fn names(paths: &[(&str, bool)], cases: &[(&str, &str, &str, &str, &str)]) {
        let shapes: Vec<PathShape> = paths.iter().map(|(path, has_get)| PathShape::new(path, *has_get)).collect();
        for (id, method, path, module, expected) in cases {
            assert_eq!(short_name(id, method, path, module, &shapes), *expected, "{id} ({method} {path}) in {module}");
        }
    }

    #[test]
    fn the_groups_words_leave_the_start() {
        names(
            &[],
            &[
                ("repos/get", "GET", "/repos/{owner}/{repo}", "repos", "get"),
                ("issues/list-for-repo", "GET", "/repos/{owner}/{repo}/issues", "issues", "list_for_repo"),
                ("search/issues-and-pull-requests", "GET", "/search/issues", "search", "issues_and_pull_requests"),
                ("createWebhook", "POST", "/v1/webhooks", "webhooks", "create"),
                ("listPatientAttachments", "GET", "/v1/patients/{id}/attachments", "patients", "list_attachments"),
                ("getPracticeGroupById", "GET", "/v1/me", "practice_group", "get_by_id"),
                ("findPetsByStatus", "GET", "/pet/findByStatus", "pet", "find_by_status"),
                ("health", "GET", "/health", "health", "get"),
                ("codespaces/codespace-machines-for-user", "GET", "/m", "codespaces", "machines_for_user"),
                // What is left is no name alone: the HTTP method makes it one.
                ("repos/2fa", "GET", "/repos/2fa", "repos", "get_2fa"),
                ("repos/type", "POST", "/repos/type", "repos", "post_type"),
                ("repos/client", "GET", "/repos/client", "repos", "get_client"),
                // Only the group is left: the HTTP method.
                ("repos/", "GET", "/repos", "repos", "get"),
                // The group's words elsewhere are kept.
                ("createBatchMessage", "POST", "/v1/batch_message", "messages", "create_batch_message"),
                ("myPetStore", "GET", "/store", "pet", "my_pet_store"),
            ],
        );
    }

    #[test]
    fn ids_spelled_from_the_path_get_resource_names() {
        let paths = [
            ("/v1/customers", true),
            ("/v1/customers/search", true),
            ("/v1/customers/{customer}", true),
            ("/v1/customers/{customer}/sources", true),
            ("/v1/customers/{customer}/sources/{id}", true),
            ("/v1/customers/{customer}/discount", true),
            ("/v1/invoices/{invoice}/pay", false),
            ("/v1/account", true),
            ("/v1/tokens", false),
            ("/v1/fees/{id}/refunds", true),
            ("/v1/fees/{fee}/refunds/{id}", true),
        ];
        names(
            &paths,
            &[
                ("GetCustomers", "GET", "/v1/customers", "customers", "list"),
                ("PostCustomers", "POST", "/v1/customers", "customers", "create"),
                ("GetCustomersSearch", "GET", "/v1/customers/search", "customers", "search"),
                ("GetCustomersCustomer", "GET", "/v1/customers/{customer}", "customers", "get"),
                ("PostCustomersCustomer", "POST", "/v1/customers/{customer}", "customers", "update"),
                ("DeleteCustomersCustomer", "DELETE", "/v1/customers/{customer}", "customers", "delete"),
                ("GetCustomersCustomerSources", "GET", "/v1/customers/{customer}/sources", "customers", "list_sources"),
                (
                    "PostCustomersCustomerSources",
                    "POST",
                    "/v1/customers/{customer}/sources",
                    "customers",
                    "create_source",
                ),
                (
                    "GetCustomersCustomerSourcesId",
                    "GET",
                    "/v1/customers/{customer}/sources/{id}",
                    "customers",
                    "get_source",
                ),
                (
                    "DeleteCustomersCustomerDiscount",
                    "DELETE",
                    "/v1/customers/{customer}/discount",
                    "customers",
                    "delete_discount",
                ),
                ("PostInvoicesInvoicePay", "POST", "/v1/invoices/{invoice}/pay", "invoices", "pay"),
                ("GetAccount", "GET", "/v1/account", "account", "get"),
                ("PostAccount", "POST", "/v1/account", "account", "update"),
                ("PostTokens", "POST", "/v1/tokens", "tokens", "create"),
                ("GetFeesIdRefunds", "GET", "/v1/fees/{id}/refunds", "fees", "list_refunds"),
                ("get_v1_customers_by_customer", "GET", "/v1/customers/{customer}", "customers", "get"),
                // Not spelled from the path: the group's words are dropped as usual.
                ("customers_fetch_one", "GET", "/v1/customers/{customer}", "customers", "fetch_one"),
            ],
        );
    }

    #[test]
    fn builders_never_hide_a_name_generated_code_uses() {
        assert_eq!(builder_name("send"), "SendRequest");
        assert_eq!(builder_name("into"), "IntoRequest");
        assert_eq!(builder_name("default"), "DefaultRequest");
        assert_eq!(builder_name("list_for_repo"), "ListForRepo");
    }

    #[test]
    fn twins_pass_a_shared_name_by() {
        let paths = [("/v1/customers", true), ("/v1/customers/{id}", true)];
        let shapes: Vec<PathShape> = paths.iter().map(|(path, has_get)| PathShape::new(path, *has_get)).collect();
        // bigredcloud: `Customers_Get` lists, the path-spelled id gets one,
        // and a `Put` keeps its own word.
        let group = [
            ("Customers_Get", "GET", "/v1/customers"),
            ("get_v1_customers_by_id", "GET", "/v1/customers/{id}"),
            ("Customers_Put", "PUT", "/v1/customers/{id}"),
        ];
        let candidates: Vec<Vec<Option<String>>> = group
            .iter()
            .map(|(id, method, path)| candidate_names(id, method, path, "customers", &shapes, false))
            .collect();
        let full: Vec<String> = group.iter().map(|(id, _, _)| snake(id, "call")).collect();
        assert_eq!(assign_names(&candidates, &[None, None, None], &full), ["list", "get", "put"]);
        // bigoven: the path-spelled id takes `get`; `Review_Get`, under a
        // recipe, says so.
        let reviews = [
            ("get_recipe_review_by_reviewId", "GET", "/recipe/review/{reviewId}"),
            ("Review_Get", "GET", "/recipe/{recipeId}/review/{reviewId}"),
        ];
        let shapes: Vec<PathShape> = reviews.iter().map(|(_, _, path)| PathShape::new(path, true)).collect();
        let candidates: Vec<Vec<Option<String>>> = reviews
            .iter()
            .map(|(id, method, path)| candidate_names(id, method, path, "review", &shapes, false))
            .collect();
        let full: Vec<String> = reviews.iter().map(|(id, _, _)| snake(id, "call")).collect();
        assert_eq!(assign_names(&candidates, &[None, None], &full), ["get", "get_for_recipe"]);
        // Graph: `me.calendar.x` and `me.calendars.x` in one group.
        let twins = [("me.calendar.ListEvents", "GET", "/a"), ("me.calendars.ListEvents", "GET", "/b")];
        let candidates: Vec<Vec<Option<String>>> = twins
            .iter()
            .map(|(id, method, path)| candidate_names(id, method, path, "me_calendar", &[], false))
            .collect();
        let full: Vec<String> = twins.iter().map(|(id, _, _)| snake(id, "call")).collect();
        assert_eq!(assign_names(&candidates, &[None, None], &full), ["list_events", "calendars_list_events"]);
        // Twins with nothing else to offer keep their ids, whichever comes first.
        let same = vec![vec![Some("get".to_owned())], vec![Some("get".to_owned())]];
        let ids = ["pets_get".to_owned(), "pets_fetch".to_owned()];
        assert_eq!(assign_names(&same, &[None, None], &ids), ids);
        let reversed: Vec<String> = ids.iter().rev().cloned().collect();
        assert_eq!(assign_names(&same, &[None, None], &reversed), reversed);
        // A declared name wins, and the name is nobody else's.
        assert_eq!(assign_names(&same, &[Some("get".to_owned()), None], &ids), ["get", "pets_fetch"]);
    }
}
