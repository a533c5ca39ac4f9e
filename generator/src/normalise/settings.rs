//! Pass "client_settings": a common path or required query parameter with a
//! default (an API version) is set once on the client, not passed to every
//! call.
//!
//! The rule: a parameter name that two operations or more take in the path,
//! or as a required query parameter, every one of them in the same place,
//! with the same type and the same default (`default`, or the one value its
//! `enum` allows) and the plain style, is a setting of the client builder
//! named after it (`api_version`), starting at that default. Its operations
//! read it from the client ([`PathPart::Setting`],
//! `Operation::setting_queries`). A name a builder method already has, or
//! that an operation pages by, keeps the parameter an argument.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{ClientSetting, Group, PageStyle, Param, ParamLocation, PathPart, QueryStyle, SecurityScheme};
use crate::names::{snake, Scope};

/// Whether a parameter could be a setting, whatever the others say.
fn settable(param: &Param) -> bool {
    match param.location {
        ParamLocation::Path => {
            !param.spans_segments
                && matches!(param.style, QueryStyle::Simple { explode: false } | QueryStyle::Form { .. })
        }
        ParamLocation::Query => param.required && matches!(param.style, QueryStyle::Form { .. }),
        ParamLocation::Header | ParamLocation::Cookie => false,
    }
}

/// The query parameters an operation's pages set.
fn paging_parameters(groups: &[Group]) -> BTreeSet<&str> {
    let style = groups.iter().flat_map(|g| &g.operations).filter_map(|op| op.pagination.as_ref()).map(|p| &p.style);
    style
        .filter_map(|style| match style {
            PageStyle::Number { param, .. }
            | PageStyle::Offset { param, .. }
            | PageStyle::Cursor { param, .. }
            | PageStyle::LastItem { param, .. } => Some(param.as_str()),
            PageStyle::LinkHeader | PageStyle::NextUrl { .. } => None,
        })
        .collect()
}

pub(super) fn client_settings(groups: &mut [Group], security: &[SecurityScheme]) -> Vec<ClientSetting> {
    let paging = paging_parameters(groups);
    let mut seen: BTreeMap<&str, Vec<&Param>> = BTreeMap::new();
    for op in groups.iter().flat_map(|g| &g.operations) {
        for param in op.params.iter().filter(|p| matches!(p.location, ParamLocation::Path | ParamLocation::Query)) {
            seen.entry(param.wire_name.as_str()).or_default().push(param);
        }
    }
    let mut taken: Vec<&str> = super::security::BUILDER_METHODS.to_vec();
    taken.extend(security.iter().map(|scheme| scheme.setter.as_str()));
    taken.extend(["bearer_token", "basic_auth"]);
    let mut setters = Scope::with_reserved(&taken);
    let mut settings = Vec::new();
    for (wire_name, params) in seen {
        let first = params[0];
        let Some(default) = first.default.as_ref().filter(|default| !default.is_null()) else { continue };
        let alike = params.iter().all(|p| {
            settable(p) && p.location == first.location && p.ty == first.ty && p.default.as_ref() == Some(default)
        });
        if params.len() < 2 || !alike || paging.contains(wire_name) {
            continue;
        }
        let setter = snake(wire_name, "param");
        if setters.claim(&setter, "_") != setter {
            continue;
        }
        settings.push(ClientSetting {
            wire_name: wire_name.to_owned(),
            location: first.location,
            setter,
            ty: first.ty.clone(),
            default: default.clone(),
            description: params.iter().find_map(|p| p.description.clone()),
            operations: params.len(),
        });
    }
    for op in groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
        for setting in &settings {
            let Some(index) =
                op.params.iter().position(|p| p.location == setting.location && p.wire_name == setting.wire_name)
            else {
                continue;
            };
            op.params.remove(index);
            if setting.location == ParamLocation::Query {
                op.setting_queries.push(setting.wire_name.clone());
            }
            for part in &mut op.path_parts {
                match part {
                    PathPart::Param(i) if *i == index => *part = PathPart::Setting(setting.wire_name.clone()),
                    PathPart::Param(i) if *i > index => *i -= 1,
                    _ => {}
                }
            }
        }
    }
    settings
}
