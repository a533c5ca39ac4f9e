//! Pass `group_features`: one cargo feature per group, so a user of a large
//! API builds only the groups they call and the types those reach. A type
//! reached by every group, or by something always built (the webhooks
//! module, a 3.1 webhook's payload, a component no operation uses), is
//! always built, and so is everything it reaches, as is a client setting's type.

use std::collections::{BTreeSet, HashMap};

use crate::ir::{ClientSetting, Group, IncomingWebhook, TypeDef, Webhooks};

/// Features of the generated crate that are not groups; a group's feature
/// takes `-api` after such a name.
pub(crate) const CRATE_FEATURES: &[&str] = &["default", "all-groups", "rustls-tls", "native-tls", "http2", "webhooks"];

/// crates.io takes up to 300 features per crate: beyond this many groups,
/// every group is built (no group features).
pub(crate) const MAX_GROUP_FEATURES: usize = 250;

pub(crate) fn group_features(
    types: &mut [TypeDef],
    groups: &mut [Group],
    webhooks: Option<&Webhooks>,
    incoming: &[IncomingWebhook],
    settings: &[ClientSetting],
) {
    if groups.len() > MAX_GROUP_FEATURES {
        return;
    }
    let mut taken: BTreeSet<String> = CRATE_FEATURES.iter().map(|f| (*f).to_owned()).collect();
    for group in groups.iter_mut() {
        let base = group.module.trim_start_matches("r#").replace('_', "-");
        let base = if taken.contains(&base) { format!("{base}-api") } else { base };
        let mut feature = base.clone();
        for n in 2.. {
            if !taken.contains(&feature) {
                break;
            }
            feature = format!("{base}-{n}");
        }
        taken.insert(feature.clone());
        group.feature = feature;
    }
    nest_features(groups);
    let mut reached_by: HashMap<String, BTreeSet<&str>> = HashMap::new();
    for group in groups.iter() {
        let roots = group.operations.iter().flat_map(|op| op.named_types()).collect();
        for name in crate::ir::reachable_types(types, roots) {
            reached_by.entry(name).or_default().insert(group.feature.as_str());
        }
    }
    let mut always_roots: Vec<String> = types
        .iter()
        .filter(|def| reached_by.get(&def.name).is_none_or(|groups_reaching| groups_reaching.len() == groups.len()))
        .map(|def| def.name.clone())
        .collect();
    if let Some(webhooks) = webhooks {
        always_roots.extend(webhooks.payload.iter().chain(&webhooks.event_type).cloned());
    }
    for hook in incoming {
        if let Some(payload) = &hook.payload {
            payload.push_named(&mut always_roots);
        }
    }
    // The client builder (always built) takes each setting's type.
    for setting in settings {
        setting.ty.push_named(&mut always_roots);
    }
    let always = crate::ir::reachable_types(types, always_roots);
    let features: Vec<Vec<String>> = types
        .iter()
        .map(|def| match reached_by.get(&def.name) {
            Some(reaching) if !always.contains(&def.name) => reaching.iter().map(|f| (*f).to_owned()).collect(),
            _ => Vec::new(),
        })
        .collect();
    for (def, features) in types.iter_mut().zip(features) {
        def.features = features;
    }
}

/// A group whose tag is another's `parent` (3.2) turns on the nested
/// groups' features too: `accounts` builds `account-updates`. A parent tag
/// without operations of its own has no feature; its nested groups keep
/// theirs. Loops were refused by the upgrade.
fn nest_features(groups: &mut [Group]) {
    let parents: HashMap<&str, &str> =
        groups.iter().filter_map(|g| g.parent.as_deref().map(|parent| (g.tag.as_str(), parent))).collect();
    let mut nested: HashMap<String, Vec<String>> = HashMap::new();
    for group in groups.iter() {
        let mut ancestor = group.parent.as_deref();
        // Bounded: each step moves up one distinct tag.
        for _ in 0..=parents.len() {
            let Some(tag) = ancestor else { break };
            nested.entry(tag.to_owned()).or_default().push(group.feature.clone());
            ancestor = parents.get(tag).copied();
        }
    }
    for group in groups.iter_mut() {
        group.nested_features = nested.remove(&group.tag).unwrap_or_default();
    }
}
