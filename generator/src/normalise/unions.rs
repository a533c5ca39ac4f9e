//! `oneOf`/`anyOf` -> union types (named variants, a discriminator's tags,
//! alternatives ordered by specificity), and the pass "union_variant_fields".

use std::collections::HashMap;

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::schema::{component_name, shape, unescape, Shape, Site};
use super::Normaliser;
use crate::diagnostics::join;
use crate::extensions::DEFAULT_MAPPING;
use crate::ir::{TypeDef, TypeKind, TypeRef, UnionDef, UnionVariant};
use crate::names::{pascal, Scope};

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

impl<'d> Normaliser<'d> {
    pub(super) fn one_of(
        &mut self,
        schema: &'d Schema,
        alternatives: &'d [ReferenceOr<Schema>],
        site: Site<'_>,
    ) -> TypeRef {
        let Site { hint, pointer, fixed_name } = site;
        let keyword = if matches!(schema.schema_kind, SchemaKind::AnyOf { .. }) { "anyOf" } else { "oneOf" };
        if alternatives.len() == 1 {
            return self.schema_type(&alternatives[0], hint, &format!("{pointer}/{keyword}/0"));
        }
        let name = self.type_name(hint, fixed_name);
        let mut scope = Scope::default();
        let mut variants: Vec<(u8, usize, UnionVariant)> = Vec::new();
        for (index, alternative) in alternatives.iter().enumerate() {
            let base = self.variant_base_name(alternative);
            let rust_name = scope.claim(&base, "");
            let ty =
                self.schema_type(alternative, &format!("{name}{rust_name}"), &format!("{pointer}/{keyword}/{index}"));
            let rank = self.specificity(&ty, alternative);
            variants.push((rank, index, UnionVariant { rust_name, ty, tags: Vec::new(), fields: Vec::new() }));
        }
        let discriminator = self.discriminator(schema, alternatives, &mut variants, pointer);
        let default_variant =
            discriminator.as_ref().and_then(|_| self.default_variant(schema, alternatives, &variants, pointer));
        if discriminator.is_none() {
            // serde tries untagged variants in order: the most specific first,
            // so a catch-all (any string, any object) cannot shadow another.
            variants.sort_by_key(|(rank, index, _)| (*rank, *index));
        }
        let variants = variants.into_iter().map(|(_, _, v)| v).collect();
        self.push_type(
            name.clone(),
            schema,
            pointer,
            TypeKind::Union(UnionDef { variants, discriminator, default_variant }),
        );
        TypeRef::Named(name)
    }

    /// Pass "unions": a discriminator picks the variant by a property's value
    /// (the mapping's keys, else the component's name). Every alternative
    /// must be a component reference for that to be possible.
    fn discriminator(
        &mut self,
        schema: &Schema,
        alternatives: &[ReferenceOr<Schema>],
        variants: &mut [(u8, usize, UnionVariant)],
        pointer: &str,
    ) -> Option<String> {
        let discriminator = schema.schema_data.discriminator.as_ref()?;
        for (_, index, variant) in variants.iter_mut() {
            let ReferenceOr::Reference { reference } = &alternatives[*index] else {
                // An inline alternative can still name itself: a single
                // value (`const`, or an enum of one) of the tag property.
                match self.constant_tag(&alternatives[*index], &discriminator.property_name) {
                    Some(tag) => variant.tags = vec![tag],
                    None => {
                        self.diagnostics.warn(
                            &join(pointer, "discriminator"),
                            "discriminator with an inline alternative that fixes no tag value: \
                             variants are told apart by shape instead",
                        );
                        return None;
                    }
                }
                continue;
            };
            let mut tags: Vec<String> = discriminator
                .mapping
                .iter()
                .filter(|(_, target)| *target == reference)
                .map(|(key, _)| key.clone())
                .collect();
            if tags.is_empty() {
                tags.extend(component_name(reference).map(unescape));
            }
            variant.tags = tags;
        }
        Some(discriminator.property_name.clone())
    }

    /// 3.2's `defaultMapping` (carried as [`DEFAULT_MAPPING`]): the variant a
    /// value takes when its tag is absent or maps to nothing. One that names
    /// no alternative is warned about and unused.
    fn default_variant(
        &mut self,
        schema: &Schema,
        alternatives: &[ReferenceOr<Schema>],
        variants: &[(u8, usize, UnionVariant)],
        pointer: &str,
    ) -> Option<String> {
        let discriminator = schema.schema_data.discriminator.as_ref()?;
        let named = discriminator.extensions.get(DEFAULT_MAPPING)?.as_str()?;
        let target = if named.starts_with('#') { named.to_owned() } else { format!("#/components/schemas/{named}") };
        let found = variants.iter().find(|(_, index, _)| {
            matches!(&alternatives[*index], ReferenceOr::Reference { reference } if *reference == target)
        });
        if found.is_none() {
            self.diagnostics.warn(
                &join(&join(pointer, "discriminator"), "defaultMapping"),
                format!(
                    "`defaultMapping` {named:?} is none of the alternatives: a value without a known tag is refused"
                ),
            );
        }
        found.map(|(_, _, variant)| variant.rust_name.clone())
    }

    /// The one value an alternative allows for `property`, if it allows one.
    fn constant_tag(&self, alternative: &'d ReferenceOr<Schema>, property: &str) -> Option<String> {
        let Shape::Object { properties, .. } = shape(self.resolve(alternative)?) else { return None };
        match shape(self.resolve_boxed(properties.get(property)?)?) {
            Shape::String { values, .. } => match values.as_slice() {
                [Some(value)] => Some(value.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    fn variant_base_name(&self, alternative: &'d ReferenceOr<Schema>) -> String {
        if let ReferenceOr::Reference { reference } = alternative {
            if let Some(name) = component_name(reference).map(unescape).and_then(|n| self.component_types.get(&n)) {
                return name.clone();
            }
        }
        let Some(schema) = self.resolve(alternative) else { return "Other".to_owned() };
        if let Some(title) = &schema.schema_data.title {
            return pascal(title, "Other");
        }
        match shape(schema) {
            Shape::String { values, .. } if !values.is_empty() => "Enum".to_owned(),
            Shape::String { .. } => "String".to_owned(),
            Shape::Integer { .. } => "Integer".to_owned(),
            Shape::Number => "Number".to_owned(),
            Shape::Boolean => "Boolean".to_owned(),
            Shape::Array { .. } => "List".to_owned(),
            Shape::Object { properties, required, .. } => match required.first().or_else(|| properties.keys().next()) {
                Some(key) if !properties.is_empty() => format!("With{}", pascal(key, "Field")),
                _ => "Single".to_owned(),
            },
            Shape::AllOf { .. } | Shape::OneOf(_) | Shape::Any => "Other".to_owned(),
        }
    }

    fn specificity(&self, ty: &TypeRef, alternative: &'d ReferenceOr<Schema>) -> u8 {
        let inner = match ty {
            TypeRef::Option(inner) => inner,
            other => other,
        };
        match inner {
            TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::Date | TypeRef::DateTime => 0,
            TypeRef::F64 => 1,
            TypeRef::Named(_) => {
                let required = self.resolve(alternative).map_or(0, |s| match shape(s) {
                    Shape::Object { required, .. } => required.len(),
                    Shape::String { .. } => 0,
                    _ => 1,
                });
                // More required properties: more specific.
                if required > 0 {
                    2
                } else {
                    3
                }
            }
            TypeRef::Vec(_) => 4,
            TypeRef::String | TypeRef::Bytes | TypeRef::File | TypeRef::Redirect => 5,
            TypeRef::Map(_) | TypeRef::FreeFormObject => 6,
            TypeRef::Any | TypeRef::Option(_) | TypeRef::Box(_) | TypeRef::Nullable(_) => 7,
        }
    }
}
