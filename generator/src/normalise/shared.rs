//! Pass "share_repeated_types": an inline type repeated identically across
//! operations becomes one type named after its role.
//!
//! The rule, which keeps names stable across revisions: an inline parameter
//! type, or an error response body (and the types inside either), is named
//! `{operation}{role}` where it is written (`ListClientsApiVersion`). When
//! two operations or more hold the same shape in the same role, they share
//! one type named by the role alone: the parameter's name (`ApiVersion`), or
//! `ErrorBody` for an error body (`ErrorBodyDetail` inside it), else
//! `{Status}Body` (`NotFoundBody`) when several error shapes want `ErrorBody`.
//! A role name two shapes want, or that another type already has, goes to
//! none of them: they keep their operations' names. So an operation added
//! with the same shape joins the shared type without renaming it, and no name
//! depends on the order of the document.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ir::{Group, TypeDef, COMPONENTS_MODULE};

/// How the types of an operation are prefixed: its id in PascalCase.
pub(super) fn operation_type_prefix(id: &str) -> String {
    crate::names::pascal(id, "Call")
}

/// What an operation tells this pass: the prefix of its types and the
/// variant name of each error status (as the pointer spells the status).
struct OperationNaming {
    prefix: String,
    error_variants: HashMap<String, String>,
}

/// A copy's role names, best first, and the operation it sits in.
struct Candidate {
    index: usize,
    operation: String,
    roles: Vec<String>,
}

/// Runs the rule until nothing more is shared (shared children can make
/// their parents equal). Returns how many copies were merged away and how
/// many shared types replace them.
pub(super) fn share_repeated_types(types: &mut Vec<TypeDef>, groups: &mut [Group]) -> (usize, usize) {
    let namings = operation_namings(groups);
    let mut shared_names: BTreeSet<String> = BTreeSet::new();
    let mut merged = 0;
    loop {
        let copies: Vec<Candidate> = types
            .iter()
            .enumerate()
            .filter(|(_, def)| def.module != COMPONENTS_MODULE && !shared_names.contains(&def.name))
            .filter_map(|(index, def)| {
                let (operation, roles) = roles_of(def, &namings)?;
                Some(Candidate { index, operation, roles })
            })
            .collect();
        let chosen = choose_shared(types, &copies);
        if chosen.is_empty() {
            return (merged, shared_names.len());
        }
        let mut renames: HashMap<String, String> = HashMap::new();
        let mut removed: BTreeSet<usize> = BTreeSet::new();
        for (role, members, operations) in chosen {
            // The copy written first in the document's pointer order is kept,
            // whatever order the operations come in.
            let Some(&kept) = members.iter().min_by(|a, b| types[**a].pointer.cmp(&types[**b].pointer)) else {
                continue;
            };
            let one_module = members.iter().all(|&index| types[index].module == types[kept].module);
            for &index in &members {
                renames.insert(types[index].name.clone(), role.clone());
                if index != kept {
                    removed.insert(index);
                }
            }
            merged += members.len() - 1;
            let def = &mut types[kept];
            def.name = role.clone();
            if let Some(description) = &mut def.description {
                description.push_str(&format!(" The same type serves {operations} operations."));
            }
            if !one_module {
                def.module = COMPONENTS_MODULE.to_owned();
            }
            shared_names.insert(role);
        }
        let mut position = 0;
        types.retain(|_| {
            position += 1;
            !removed.contains(&(position - 1))
        });
        let resolve = |name: &str| renames.get(name).cloned().unwrap_or_else(|| name.to_owned());
        for def in types.iter_mut() {
            def.kind.refs_mut().into_iter().for_each(|ty| ty.rename(&resolve));
        }
        for op in groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
            op.refs_mut().into_iter().for_each(|ty| ty.rename(&resolve));
        }
    }
}

fn operation_namings(groups: &[Group]) -> HashMap<String, Vec<OperationNaming>> {
    let mut namings: HashMap<String, Vec<OperationNaming>> = HashMap::new();
    for op in groups.iter().flat_map(|g| &g.operations) {
        let error_variants = op
            .responses
            .iter()
            .filter(|response| !response.success)
            .map(|response| (response.status.pointer_token(), response.variant.clone()))
            .collect();
        let naming = OperationNaming { prefix: operation_type_prefix(&op.id), error_variants };
        // Parameters of the path item are converted for each of its operations.
        if let Some((item, _method)) = op.pointer.rsplit_once('/') {
            let shared = format!("{item}/parameters");
            let entry = namings.entry(shared).or_default();
            entry.push(OperationNaming { prefix: naming.prefix.clone(), error_variants: HashMap::new() });
        }
        namings.entry(op.pointer.clone()).or_default().push(naming);
    }
    namings
}

/// The operation a type sits in and its role names, best first; `None` for
/// a type outside a parameter or an error body.
fn roles_of(def: &TypeDef, namings: &HashMap<String, Vec<OperationNaming>>) -> Option<(String, Vec<String>)> {
    let (owner, rest) = super::dedup::split_at_operation(&def.pointer)?;
    let candidates = namings.get(owner)?;
    // The longest prefix, so that `ListClients` wins over `List`.
    let naming = candidates
        .iter()
        .filter(|n| def.name.len() > n.prefix.len() && def.name.starts_with(&n.prefix))
        .max_by_key(|n| n.prefix.len())?;
    let role = &def.name[naming.prefix.len()..];
    if !role.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    if owner.ends_with("/parameters") || rest.starts_with("/parameters/") {
        return Some((format!("{owner}|{}", naming.prefix), vec![role.to_owned()]));
    }
    let status = rest.strip_prefix("/responses/")?.split('/').next()?;
    let variant = naming.error_variants.get(status)?;
    let status_role = format!("{variant}Body");
    let inside = role.strip_prefix(&status_role)?;
    Some((owner.to_owned(), vec![format!("ErrorBody{inside}"), role.to_owned()]))
}

/// The role names given this round, the copies that share each and how many
/// operations hold them: for each tier of role names, a shape wanting a name
/// alone (and held in two operations or more) gets it; a contested name, a
/// taken one or one generated code reserves goes to nobody, and its shapes
/// try their next name.
fn choose_shared(types: &[TypeDef], copies: &[Candidate]) -> Vec<(String, Vec<usize>, usize)> {
    let taken: BTreeSet<&str> = types.iter().map(|def| def.name.as_str()).collect();
    let mut open: Vec<&Candidate> = copies.iter().collect();
    let mut chosen = Vec::new();
    let tiers = copies.iter().map(|copy| copy.roles.len()).max().unwrap_or(0);
    // A shape key serialises the type: once per copy, not once per tier.
    let shapes: HashMap<usize, Option<String>> =
        copies.iter().map(|copy| (copy.index, types[copy.index].kind.shape_key())).collect();
    for tier in 0..tiers {
        // (role, shape) -> the copies; BTreeMap so that the outcome follows the names, not the order.
        let mut wanting: BTreeMap<(String, String), Vec<&Candidate>> = BTreeMap::new();
        for copy in &open {
            let (Some(role), Some(Some(shape))) = (copy.roles.get(tier), shapes.get(&copy.index)) else {
                continue;
            };
            wanting.entry((role.clone(), shape.clone())).or_default().push(copy);
        }
        wanting.retain(|_, members| {
            let operations: BTreeSet<&str> = members.iter().map(|copy| copy.operation.as_str()).collect();
            operations.len() > 1
        });
        let mut shapes_per_role: BTreeMap<&str, usize> = BTreeMap::new();
        for (role, _) in wanting.keys() {
            *shapes_per_role.entry(role.as_str()).or_default() += 1;
        }
        let mut placed: BTreeSet<usize> = BTreeSet::new();
        for ((role, _), members) in &wanting {
            let members_names: BTreeSet<&str> = members.iter().map(|c| types[c.index].name.as_str()).collect();
            let clashes = (taken.contains(role.as_str()) && !members_names.contains(role.as_str()))
                || crate::names::Scope::is_reserved_type(role)
                || role == "Self";
            if shapes_per_role[role.as_str()] > 1 || clashes {
                continue;
            }
            placed.extend(members.iter().map(|copy| copy.index));
            let operations: BTreeSet<&str> = members.iter().map(|copy| copy.operation.as_str()).collect();
            chosen.push((role.clone(), members.iter().map(|copy| copy.index).collect(), operations.len()));
        }
        open.retain(|copy| !placed.contains(&copy.index));
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::super::dedup::split_at_operation;

    #[test]
    fn a_pointer_splits_at_its_operation_or_path_item_parameters() {
        assert_eq!(
            split_at_operation("/paths/~1a~1{id}/get/parameters/0/schema"),
            Some(("/paths/~1a~1{id}/get", "/parameters/0/schema"))
        );
        assert_eq!(split_at_operation("/paths/~1a/parameters/1/schema"), Some(("/paths/~1a/parameters", "/1/schema")));
        assert_eq!(split_at_operation("/components/schemas/A"), None);
    }
}
