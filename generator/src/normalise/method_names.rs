//! Method names a Rust programmer would choose: never the group's words again
//! at the start (`repos().get()`, not `repos().repos_get()`), resource-style
//! names for operationIds spelled from method and path (Stripe's
//! `GetCustomersCustomer` -> `customers().get()`), and an overlay's
//! `x-openapi-rs-method-name` above both.
//!
//! The rule keeps names stable across revisions: an operation's name depends
//! only on its own id, method and path, the document's paths and the other
//! candidates of its group. Two operations of a group that would share a short
//! name both keep their whole operationId, so no name depends on document
//! order; a revision that adds such a twin renames the first, which
//! `cargo xtask diff` and the changelog classify as a breaking rename.

use std::collections::{HashMap, HashSet};

use super::Normaliser;
use crate::extensions::METHOD_NAME;
use crate::ir::{Group, Operation};
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

/// Type names an operation module leaves free (builders, per-status enums).
pub(super) const MODULE_TYPE_NAMES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Self",
    "Default",
    "IntoFuture",
    "Future",
    "Pin",
];

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
        for group in groups.iter_mut() {
            let declared: Vec<Option<String>> =
                group.operations.iter().map(|op| self.declared_method_name(op)).collect();
            let candidates: Vec<String> = group
                .operations
                .iter()
                .zip(&declared)
                .map(|(op, declared)| match declared {
                    Some(name) => name.clone(),
                    None => short_name(&op.id, &op.http_method, &op.path, &group.module, &paths),
                })
                .collect();
            let full_names: Vec<String> = group.operations.iter().map(|op| snake(&op.id, "call")).collect();
            let mut uses: HashMap<&str, usize> = HashMap::new();
            for name in &candidates {
                *uses.entry(name.as_str()).or_default() += 1;
            }
            let declared_names: HashSet<&str> = declared.iter().flatten().map(String::as_str).collect();
            let mut methods = Scope::with_reserved(GROUP_MEMBERS);
            let mut types = Scope::with_reserved(MODULE_TYPE_NAMES);
            types.claim(&group.type_name, "");
            let chosen: Vec<String> = candidates
                .iter()
                .zip(&full_names)
                .zip(&declared)
                .map(|((candidate, full), declared)| {
                    let shared = uses[candidate.as_str()] > 1
                        || (candidate != full && full_names.iter().any(|other| other == candidate))
                        || (declared.is_none() && declared_names.contains(candidate.as_str()));
                    if shared && declared.is_none() {
                        full.clone()
                    } else {
                        candidate.clone()
                    }
                })
                .collect();
            for ((op, name), declared) in group.operations.iter_mut().zip(chosen).zip(&declared) {
                op.method_name = methods.claim(&name, "_");
                if declared.is_some() && op.method_name != name {
                    self.diagnostics.warn(
                        &op.pointer,
                        format!("{METHOD_NAME} {name:?} is taken in this group: the method is named {:?}; choose another name", op.method_name),
                    );
                }
                op.builder_name = types.claim(&pascal(&op.method_name, "Call"), "");
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
        let operation = item.iter().find(|(method, _)| method.eq_ignore_ascii_case(&op.http_method))?.1;
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

/// The name without the group's words: resource-style for an id spelled
/// from method and path, else the id with the group's words dropped from its
/// start (or after its leading verb); the whole id where nothing usable is
/// left.
fn short_name(id: &str, http_method: &str, path: &str, module: &str, paths: &[PathShape]) -> String {
    let full = snake(id, "call");
    let method = http_method.to_ascii_lowercase();
    let path = segments(path);
    if spelled_from_path(&full, &method, &path) {
        if let Some(name) = resource_style(&method, &path, module, paths) {
            return name;
        }
    }
    let words: Vec<&str> = full.split('_').filter(|w| !w.is_empty()).collect();
    let group: Vec<&str> = module.split('_').filter(|w| !w.is_empty()).collect();
    // The group's words, as often as they repeat (`codespaces/codespace-machines`).
    let without_group = |mut rest: &[&str]| {
        let before = rest.len();
        while let Some(taken) = starts_with_words(rest, &group) {
            rest = &rest[taken..];
        }
        (rest.len() < before).then(|| rest.join("_"))
    };
    let remainder = if let Some(rest) = without_group(&words) {
        if rest.is_empty() {
            method
        } else {
            rest
        }
    } else if words.len() > 1 && VERBS.contains(&words[0]) {
        match without_group(&words[1..]) {
            Some(rest) if rest.is_empty() => words[0].to_owned(),
            Some(rest) => format!("{}_{rest}", words[0]),
            None => return full,
        }
    } else {
        return full;
    };
    if is_plain_name(&remainder) {
        remainder
    } else {
        full
    }
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
fn resource_style(method: &str, path: &[Segment], module: &str, paths: &[PathShape]) -> Option<String> {
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
    let item_verb = |method: &str| match method {
        "get" => Some("get"),
        "delete" => Some("delete"),
        "put" | "patch" | "post" => Some("update"),
        _ => None,
    };
    let name = match &path[at + 1..] {
        [] if has_items => match method {
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
        [Segment::Param(_), Segment::Literal(sub)] | [Segment::Literal(sub)] if has_items => match method {
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
    use super::{short_name, PathShape};

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
                // Nothing usable is left: the whole id.
                ("repos/2fa", "GET", "/repos/2fa", "repos", "repos_2fa"),
                ("repos/type", "GET", "/repos/type", "repos", "repos_type"),
                ("repos/client", "GET", "/repos/client", "repos", "repos_client"),
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
}
